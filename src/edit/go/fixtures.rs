//! main.go sources the reader and editor tests share: the generated one, a user-edited one,
//! HashiCorp's template style and two unusual layouts; 4-space indentation becomes tabs.

use super::editor::{NewRegistration, add_registration};
use crate::domain::registration::RegisteredName;
use crate::edit::edit_point::MissingEditPoint;

pub(super) const SECOND: &str = "github.com/acme/packer-plugin-custom-cloud/builder/second";

/// Go source written with 4-space indentation in the tests, turned into gofmt's tabs.
pub(super) fn go(src: &str) -> String {
    src.lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let tabs = (line.len() - body.len()) / 4;
            format!("{}{body}\n", "\t".repeat(tabs))
        })
        .collect()
}

/// `src` without the lines equal to any of `lines`.
pub(super) fn without(src: &str, lines: &[&str]) -> String {
    src.split_inclusive('\n')
        .filter(|l| !lines.contains(&l.trim_end_matches(['\r', '\n'])))
        .collect()
}

pub(super) fn component<'a>(
    alias: &'a str,
    path: &'a str,
    kind: &'a str,
    name: &'a RegisteredName,
) -> NewRegistration<'a> {
    let go_type = kind.strip_prefix("Register").unwrap_or(kind);
    NewRegistration {
        import_alias: alias,
        import_path: path,
        register_fn: kind,
        name,
        go_type,
    }
}

pub(super) fn add_second_builder(src: &str) -> Result<String, MissingEditPoint> {
    let name = RegisteredName::Named("second".into());
    add_registration(
        src,
        &component("secondbuilder", SECOND, "RegisterBuilder", &name),
    )
}

pub(super) fn generated() -> String {
    go(r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"

    customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
    customclouddatasource "github.com/acme/packer-plugin-custom-cloud/datasource/custom-cloud"
    "github.com/acme/packer-plugin-custom-cloud/version"
)

func main() {
    pps := plugin.NewSet()
    pps.RegisterBuilder(plugin.DEFAULT_NAME, new(customcloudbuilder.Builder))
    pps.RegisterDatasource(plugin.DEFAULT_NAME, new(customclouddatasource.Datasource))
    pps.SetVersion(version.PluginVersion)

    if err := pps.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
}

pub(super) fn user_edited() -> String {
    go(r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

package main

import (
    "flag"
    "fmt"
    "log"
    "os"

    sdkplugin "github.com/hashicorp/packer-plugin-sdk/plugin"

    customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
    // The version package is shared with the docs generator.
    "github.com/acme/packer-plugin-custom-cloud/version" // keep
)

/* Old layout, kept for reference:
import (
    "github.com/hashicorp/packer-plugin-sdk/plugin"
)
set.RegisterBuilder(plugin.DEFAULT_NAME, new(old.Builder))
pps.RegisterBuilder(plugin.DEFAULT_NAME, new(old.Builder))
*/

const usage = "set.RegisterBuilder(sdkplugin.DEFAULT_NAME, new(x.Builder)) { import ("

var legacy = `set.RegisterProvisioner(
"legacy", new(x.Provisioner))`

func main() {
    debug := flag.Bool("debug", false, usage)
    flag.Parse()
    if *debug {
        log.Println(legacy)
    }

    set := sdkplugin.NewSet()
    // set.RegisterBuilder("disabled", new(disabled.Builder))
    set.RegisterBuilder(
        sdkplugin.DEFAULT_NAME,
        new(customcloudbuilder.Builder),
    )
    set.RegisterPostProcessor("import", &customcloudbuilder.PostProcessor{}) // same package
    set.SetVersion(version.PluginVersion)

    if err := set.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
}

pub(super) fn hashicorp_style() -> String {
    go(r#"package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"

    scaffoldingBuilder "github.com/hashicorp/packer-plugin-scaffolding/builder/scaffolding"
    scaffoldingProv "github.com/hashicorp/packer-plugin-scaffolding/provisioner/scaffolding"
    scaffoldingVersion "github.com/hashicorp/packer-plugin-scaffolding/version"
)

func main() {
    pps := plugin.NewSet()
    pps.RegisterBuilder("my-builder", new(scaffoldingBuilder.Builder))
    pps.RegisterProvisioner(plugin.DEFAULT_NAME, &scaffoldingProv.Provisioner{})
    pps.RegisterPostProcessor("local", new(LocalPostProcessor))
    pps.SetVersion(scaffoldingVersion.PluginVersion)
    err := pps.Run()
    if err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
}

pub(super) fn no_calls_no_module_group() -> String {
    go(r#"package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"
)

func main() {
    pps := plugin.NewSet()
    if err := pps.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
}

pub(super) fn single_imports() -> String {
    go(r#"package main

import "fmt"
import "github.com/hashicorp/packer-plugin-sdk/plugin" // the SDK

func main() {
    var s = plugin.NewSet()
    fmt.Println(s.Run())
}"#)
}
