//! Names Packer or HashiCorp already use: HCL types Packer has built in (refused), and the
//! names of HashiCorp's own plugins (accepted with a warning).

use crate::domain::kind::Kind;
use crate::error::Error;

/// Names of plugins HashiCorp publishes itself. `packer init` resolves official plugins
/// through releases.hashicorp.com by name alone, so a community plugin with one of these names
/// may be resolved to HashiCorp's release instead.
const OFFICIAL_PLUGINS: &[&str] = &[
    "alicloud",
    "amazon",
    "ansible",
    "azure",
    "chef",
    "converge",
    "docker",
    "googlecompute",
    "hashicups",
    "hyperv",
    "inspec",
    "kubevirt",
    "lxc",
    "lxd",
    "openstack",
    "oracle",
    "parallels",
    "proxmox",
    "puppet",
    "qemu",
    "salt",
    "tencentcloud",
    "vagrant",
    "virtualbox",
    "vmware",
    "vsphere",
    "yandex",
];

/// A warning for a plugin name that is also the name of an official HashiCorp plugin.
pub fn official_name_warning(name: &str) -> Option<String> {
    OFFICIAL_PLUGINS.contains(&name).then(|| {
        format!(
            "`{name}` is also the name of an official HashiCorp plugin: `packer init` may resolve \
             `required_plugins` to HashiCorp's release instead of yours; a distinct name such as \
             `{name}-ext` avoids this"
        )
    })
}

/// Refuses a component whose HCL type is one Packer has built in for its kind: Packer would
/// run its own component, and the generated example and acceptance tests would fail. `what`
/// and `value` name the input that chose the type (the plugin or the component name).
pub fn check_not_built_in(
    what: &str,
    value: &str,
    kind: Kind,
    hcl_type: &str,
) -> Result<(), Error> {
    if !kind.built_into_packer().contains(&hcl_type) {
        return Ok(());
    }
    let usage = kind.hcl_usage(hcl_type);
    Err(Error::InvalidInput {
        what: what.to_owned(),
        value: value.to_owned(),
        problem: format!(
            "the {kind}'s HCL type would be `{hcl_type}`, and Packer has a {kind} `{hcl_type}` \
             of its own: for `{usage}` it runs its own, never yours"
        ),
        help: format!("choose another name, e.g. `{value}-cloud`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::check_plugin_name;

    #[test]
    fn hcl_types_packer_has_built_in_are_refused_for_their_kind_only() {
        let err = check_not_built_in("plugin name", "null", Kind::Builder, "null").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid plugin name `null`: the builder's HCL type would be `null`, and Packer has \
             a builder `null` of its own: for `source \"null\" \"example\" {}` it runs its own, \
             never yours"
        );
        assert_eq!(
            err.help().unwrap(),
            "choose another name, e.g. `null-cloud`"
        );
        assert!(check_not_built_in("plugin name", "shell", Kind::Provisioner, "shell").is_err());
        assert!(check_not_built_in("c", "local", Kind::PostProcessor, "shell-local").is_err());
        assert!(check_not_built_in("plugin name", "null", Kind::Provisioner, "null").is_ok());
        assert!(check_not_built_in("plugin name", "shell", Kind::Builder, "shell").is_ok());
    }

    #[test]
    fn official_plugin_names_are_accepted_with_a_warning() {
        assert!(check_plugin_name("amazon").is_ok());
        let warning = official_name_warning("amazon").unwrap();
        assert!(warning.contains("official HashiCorp plugin"), "{warning}");
        assert!(official_name_warning("custom-cloud").is_none());
    }
}
