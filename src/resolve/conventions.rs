//! What a repository already does that `add` follows rather than the templates' own way: how
//! its `//go:generate` lines run packer-sdc (pinned by go.mod's `tool` directive, or an
//! installed binary, as HashiCorp's template does with `make install-packer-sdc`); the
//! copyright line its Go files start with (holder and style); the description its
//! metadata.hcl gives; whether its own `compile-to-webdocs.sh` makes `.web-docs/` otherwise
//! than the templates' would.

use std::fs;
use std::path::Path;

use crate::domain::model::PACKER_SDC;
use crate::domain::names::check_free_text;
use crate::error::Error;
use crate::fs::{bounded, repo};
use crate::render::templates;

/// The module whose `packer-sdc` command `go tool` runs.
const PACKER_SDC_MODULE: &str = "github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc";
const SDK_MODULE: &str = "github.com/hashicorp/packer-plugin-sdk";

/// How this repository runs packer-sdc, and a note when it is not the templates' way: what its
/// `//go:generate` lines run (`packer-sdc`, `go tool packer-sdc` in a repository packer-scaffold
/// made before its `make generate` put the pinned binary on PATH, `go run …/packer-sdc`), else
/// `packer-sdc`. Where go.mod pins no packer-sdc with a `tool` directive, a note says the lines
/// expect an installed one, as HashiCorp's template does.
pub fn packer_sdc(root: &Path) -> Result<(String, Option<String>), Error> {
    let go_mod = repo::read_text(root, "go.mod")?.unwrap_or_default();
    let found = generate_command(root);
    if has_tool_directive(&go_mod) {
        return Ok((found.unwrap_or_else(|| PACKER_SDC.to_owned()), None));
    }
    let command = found.unwrap_or_else(|| PACKER_SDC.to_owned());
    let note = format!(
        "go.mod pins no packer-sdc with a `tool` directive: the new //go:generate lines run \
         `{command}`, as this repository does"
    );
    Ok((command, Some(note)))
}

/// The packer-plugin-sdk version go.mod requires (`v0.6.1`), on a `require` line of its own
/// or in a block; `None` when it requires none.
pub fn sdk_version(root: &Path) -> Result<Option<String>, Error> {
    let go_mod = repo::read_text(root, "go.mod")?.unwrap_or_default();
    Ok(go_mod.lines().find_map(|line| {
        let line = line.trim();
        let line = line.strip_prefix("require").unwrap_or(line).trim_start();
        let mut words = line.split_whitespace();
        (words.next() == Some(SDK_MODULE))
            .then(|| words.next().map(str::to_owned))
            .flatten()
    }))
}

/// Whether go.mod requires another packer-plugin-sdk than the templates (whose docs partials
/// fresh web-docs pages quote as that SDK words them).
pub fn sdk_differs(root: &Path) -> Result<bool, Error> {
    Ok(sdk_version(root)?.is_some_and(|v| v != crate::domain::versions::SDK))
}

/// The script `make generate` compiles `.web-docs/` with, in the repository and in the
/// templates.
pub const WEB_DOCS_SCRIPT: &str = ".web-docs/scripts/compile-to-webdocs.sh";

/// Whether the repository has a `compile-to-webdocs.sh` that is not byte for byte the
/// templates' (HashiCorp's template and the plugins made from it carry their own, which
/// rewrites links otherwise): then the web-docs page `add` renders as the templates' script
/// would make it may differ from what `make generate` makes, and only running it tells.
pub fn web_docs_script_differs(root: &Path) -> Result<bool, Error> {
    let ours = format!("repo/{WEB_DOCS_SCRIPT}");
    let Some(theirs) = repo::read_bytes(root, WEB_DOCS_SCRIPT)? else {
        return Ok(false);
    };
    Ok(!templates::files()
        .iter()
        .any(|f| f.name == ours && f.contents == theirs.as_slice()))
}

/// Whether go.mod has `tool …/cmd/packer-sdc`, on its own line or in a `tool ( … )` block.
fn has_tool_directive(go_mod: &str) -> bool {
    let mut in_block = false;
    for line in go_mod
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default().trim())
    {
        if in_block {
            in_block = line != ")";
            if line == PACKER_SDC_MODULE {
                return true;
            }
        } else if let Some(rest) = line.strip_prefix("tool") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
            } else if rest == PACKER_SDC_MODULE {
                return true;
            }
        }
    }
    false
}

/// The command the first `//go:generate … packer-sdc <subcommand>` line of the repository's Go
/// files runs, up to and including `packer-sdc`.
fn generate_command(root: &Path) -> Option<String> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let mut entries: Vec<_> = fs::read_dir(&dir).ok()?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && !name.starts_with('.') && name != "vendor" {
                pending.push(path);
            } else if kind.is_file() && name.ends_with(".go") {
                let bytes = bounded::read_bytes(&path, bounded::MAX_REPO_BYTES)
                    .ok()
                    .flatten();
                let text = String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default();
                if let Some(command) = text.lines().find_map(command_of) {
                    return Some(command);
                }
            }
        }
    }
    None
}

/// `packer-sdc` or `go run …/packer-sdc` from a `//go:generate` line that runs it.
fn command_of(line: &str) -> Option<String> {
    let rest = line.strip_prefix("//go:generate ")?;
    let end = rest.find("packer-sdc")? + "packer-sdc".len();
    rest[end..]
        .starts_with(' ')
        .then(|| rest[..end].trim().to_owned())
}

/// The copyright line new files follow, without the comment marker: `Copyright (c)
/// HashiCorp, Inc.`, `Copyright 2024 Happy Cloud`; and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copyright {
    pub line: String,
    /// The holder: the line without `Copyright`, `(c)` or `©` and years.
    pub holder: String,
    /// Where it was found, for the note that names the holder's source.
    pub place: &'static str,
}

/// The files besides the Go files whose copyright line counts, in order.
const NOTICES: [&str; 5] = [
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "NOTICE",
    "NOTICE.md",
];

/// The repository's copyright line: main.go's header (among its leading `//` comments); else
/// the first other Go file's, by path; else the first `Copyright …` line of LICENSE or
/// NOTICE. `None` when none has one (git's user.name is then the caller's business).
pub fn copyright(root: &Path) -> Result<Option<Copyright>, Error> {
    let main_go = repo::read_text(root, "main.go")?.unwrap_or_default();
    if let Some(found) = header(&main_go, "main.go's copyright header") {
        return Ok(Some(found));
    }
    let place = "the copyright header of the repository's Go files (main.go has none)";
    let in_go = go_files(root)
        .into_iter()
        .filter_map(|path| bounded::read_bytes(&path, bounded::MAX_REPO_BYTES).ok()?)
        .filter_map(|bytes| String::from_utf8(bytes).ok())
        .find_map(|text| header(&text, place));
    if in_go.is_some() {
        return Ok(in_go);
    }
    for (name, place) in NOTICES.into_iter().zip([
        "LICENSE's copyright line",
        "LICENSE.md's copyright line",
        "LICENSE.txt's copyright line",
        "NOTICE's copyright line",
        "NOTICE.md's copyright line",
    ]) {
        let text = repo::read_text(root, name)
            .ok()
            .flatten()
            .unwrap_or_default();
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("Copyright "));
        if let Some(found) = line.and_then(|l| copyright_of(l, place)) {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The copyright line among the leading `//` comments of a Go file's `text`.
fn header(text: &str, place: &'static str) -> Option<Copyright> {
    text.lines()
        .map_while(|l| l.trim().strip_prefix("//"))
        .map(str::trim)
        .find(|l| l.starts_with("Copyright "))
        .and_then(|line| copyright_of(line, place))
}

/// `line` as a copyright line to follow: free text (no control characters, as wherever a value
/// comes from), naming a holder that is not a placeholder (`[name of copyright owner]`).
fn copyright_of(line: &str, place: &'static str) -> Option<Copyright> {
    check_free_text("copyright line", line).ok()?;
    let holder = holder_of(line);
    let placeholder = holder.contains(['[', ']', '<', '>', '{', '}']);
    (!holder.is_empty() && !placeholder).then(|| Copyright {
        line: line.to_owned(),
        holder,
        place,
    })
}

/// The repository's Go files other than main.go at its top, sorted by path; hidden folders,
/// `vendor` and `testdata` are not the repository's own code.
fn go_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let own = !name.starts_with('.') && name != "vendor" && name != "testdata";
            if kind.is_dir() && own {
                pending.push(entry.path());
            } else if kind.is_file()
                && name.ends_with(".go")
                && entry.path() != root.join("main.go")
            {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// The holder named by a copyright line.
fn holder_of(line: &str) -> String {
    let rest = line.trim_start_matches("Copyright").trim();
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches(',');
            !(matches!(w, "(c)" | "(C)" | "©")
                || (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '-')))
        })
        .collect();
    words.join(" ")
}

impl Copyright {
    /// The line for new files, holder `holder` and year `year`: the repository's line with its
    /// holder replaced and its one year, if it names one alone, made `year`; a line naming
    /// several years (`2021, 2025`) keeps them.
    pub fn for_new_files(&self, holder: &str, year: u32) -> String {
        let line = self.line.replacen(&self.holder, holder, 1);
        let years: Vec<&str> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .collect();
        match years.as_slice() {
            [one] => line.replacen(one, &year.to_string(), 1),
            _ => line,
        }
    }
}

/// The `description` of metadata.hcl's `integration` block, unless it is HashiCorp's
/// template's placeholder or empty.
pub fn description(root: &Path) -> Result<Option<String>, Error> {
    let metadata = repo::read_text(root, ".web-docs/metadata.hcl")?.unwrap_or_default();
    Ok(metadata
        .lines()
        .filter_map(|l| l.trim().strip_prefix("description"))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .filter_map(|v| v.trim().strip_prefix('"')?.split_once('"'))
        .map(|(v, _)| v.trim().to_owned())
        .find(|v| !v.is_empty() && v != "This is an integration template"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copyright_line_gives_the_holder_and_the_style_for_new_files() {
        let tmp = assert_fs::TempDir::new().unwrap();
        for (header, holder, new) in [
            (
                "Copyright (c) HashiCorp, Inc.",
                "HashiCorp, Inc.",
                "Copyright (c) Acme",
            ),
            (
                "Copyright 2023 Happy Cloud",
                "Happy Cloud",
                "Copyright 2026 Acme",
            ),
            (
                "Copyright IBM Corp. 2013, 2025",
                "IBM Corp.",
                "Copyright Acme 2013, 2025",
            ),
            (
                "Copyright © 2021-2024, 2025 Happy",
                "Happy",
                "Copyright © 2021-2024, 2025 Acme",
            ),
        ] {
            let main_go =
                format!("// {header}\n// SPDX-License-Identifier: MPL-2.0\n\npackage main\n");
            fs::write(tmp.path().join("main.go"), main_go).unwrap();
            let found = copyright(tmp.path()).unwrap().unwrap();
            assert_eq!(found.holder, holder, "{header}");
            assert_eq!(found.for_new_files("Acme", 2026), new, "{header}");
        }
        fs::write(tmp.path().join("main.go"), "package main\n// Copyright x\n").unwrap();
        assert_eq!(copyright(tmp.path()).unwrap(), None);
        // A line with a control character is no style to copy.
        fs::write(
            tmp.path().join("main.go"),
            "// Copyright (c) A\u{1b}[31mB\n",
        )
        .unwrap();
        assert_eq!(copyright(tmp.path()).unwrap(), None);
    }

    #[test]
    fn without_main_go_s_header_another_go_file_s_then_license_s_line_is_followed() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::write(root.join("main.go"), "package main\n").unwrap();
        let license = "Copyright (c) 2020 HashiCorp, Inc.\n\nMozilla Public License Version 2.0\n";
        fs::write(root.join("LICENSE"), license).unwrap();
        let found = copyright(root).unwrap().unwrap();
        assert_eq!(
            (found.holder.as_str(), found.place),
            ("HashiCorp, Inc.", "LICENSE's copyright line")
        );
        assert_eq!(found.for_new_files("Acme", 2026), "Copyright (c) 2026 Acme");
        for (path, text) in [
            (
                "builder/b/builder.go",
                "// Copyright IBM Corp. 2020, 2025\n\npackage b\n",
            ),
            (
                "version/version.go",
                "// Copyright (c) Someone Else\n\npackage version\n",
            ),
            ("vendor/x/x.go", "// Copyright (c) Vendored\n\npackage x\n"),
        ] {
            fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            fs::write(root.join(path), text).unwrap();
        }
        let found = copyright(root).unwrap().unwrap();
        assert_eq!(found.line, "Copyright IBM Corp. 2020, 2025");
        assert!(
            found.place.contains("Go files (main.go has none)"),
            "{found:?}"
        );
        fs::write(
            root.join("main.go"),
            "// Copyright (c) Acme\n\npackage main\n",
        )
        .unwrap();
        assert_eq!(copyright(root).unwrap().unwrap().holder, "Acme");
        // A licence's placeholder names nobody.
        let tmp = assert_fs::TempDir::new().unwrap();
        let apache = "   Copyright [yyyy] [name of copyright owner]\n";
        fs::write(tmp.path().join("LICENSE"), apache).unwrap();
        assert_eq!(copyright(tmp.path()).unwrap(), None);
    }

    #[test]
    fn the_description_is_metadata_s_unless_it_is_the_template_s_placeholder() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::create_dir(tmp.path().join(".web-docs")).unwrap();
        let meta =
            |d: &str| format!("integration {{\n  name = \"X\"\n  description = \"{d}\"\n}}\n");
        fs::write(
            tmp.path().join(".web-docs/metadata.hcl"),
            meta("Builds X images."),
        )
        .unwrap();
        assert_eq!(
            description(tmp.path()).unwrap().as_deref(),
            Some("Builds X images.")
        );
        let placeholder = meta("This is an integration template");
        fs::write(tmp.path().join(".web-docs/metadata.hcl"), placeholder).unwrap();
        assert_eq!(description(tmp.path()).unwrap(), None);
    }

    #[test]
    fn the_sdk_version_is_read_from_a_require_line_or_block() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let cases = [
            (
                "module x\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.5.2\n",
                Some("v0.5.2"),
            ),
            (
                "module x\n\nrequire (\n\tgithub.com/hashicorp/packer-plugin-sdk v0.6.1 // x\n)\n",
                Some("v0.6.1"),
            ),
            (
                "module x\n\ntool github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc\n",
                None,
            ),
        ];
        for (go_mod, want) in cases {
            fs::write(tmp.path().join("go.mod"), go_mod).unwrap();
            assert_eq!(
                sdk_version(tmp.path()).unwrap().as_deref(),
                want,
                "{go_mod}"
            );
        }
    }

    #[test]
    fn a_tool_directive_is_found_on_its_line_or_in_a_block() {
        let line = format!("module x\n\ntool {PACKER_SDC_MODULE}\n");
        let block = format!("module x\n\ntool (\n\t{PACKER_SDC_MODULE} // docs\n)\n");
        assert!(has_tool_directive(&line) && has_tool_directive(&block));
        assert!(!has_tool_directive(
            "module x\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.5.2\n"
        ));
    }

    #[test]
    fn the_repository_s_own_generate_lines_are_followed() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(tmp.path().join("go.mod"), "module x\n").unwrap();
        fs::create_dir_all(tmp.path().join("builder/x")).unwrap();
        fs::write(
            tmp.path().join("builder/x/config.go"),
            "package x\n\n//go:generate packer-sdc mapstructure-to-hcl2 -type Config\n",
        )
        .unwrap();
        let (command, note) = packer_sdc(tmp.path()).unwrap();
        assert_eq!(command, "packer-sdc");
        assert!(note.unwrap().contains("as this repository does"));
        assert_eq!(
            command_of("//go:generate go run github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc struct-markdown").as_deref(),
            Some("go run github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc")
        );
        fs::write(
            tmp.path().join("go.mod"),
            format!("module x\n\ntool {PACKER_SDC_MODULE}\n"),
        )
        .unwrap();
        assert_eq!(
            packer_sdc(tmp.path()).unwrap(),
            ("packer-sdc".to_owned(), None)
        );
        // A repository an earlier packer-scaffold made keeps its `go tool` lines.
        fs::write(
            tmp.path().join("builder/x/config.go"),
            "package x\n\n//go:generate go tool packer-sdc struct-markdown\n",
        )
        .unwrap();
        assert_eq!(
            packer_sdc(tmp.path()).unwrap(),
            ("go tool packer-sdc".to_owned(), None)
        );
        fs::remove_file(tmp.path().join("builder/x/config.go")).unwrap();
        assert_eq!(
            packer_sdc(tmp.path()).unwrap(),
            (PACKER_SDC.to_owned(), None)
        );
    }
}
