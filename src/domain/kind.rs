//! The four kinds of Packer plugin component and every per-kind fact the templates need.

use std::fmt;

/// A kind of component a Packer plugin can register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Kind {
    Builder,
    Provisioner,
    #[value(name = "post-processor", alias = "postprocessor")]
    PostProcessor,
    #[value(name = "datasource", alias = "data-source")]
    Datasource,
}

impl Kind {
    /// Every kind, in the order Packer's docs list them.
    pub const ALL: [Kind; 4] = [
        Kind::Builder,
        Kind::Provisioner,
        Kind::PostProcessor,
        Kind::Datasource,
    ];

    /// The spelling used on the command line, in directory names and in templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Builder => "builder",
            Kind::Provisioner => "provisioner",
            Kind::PostProcessor => "post-processor",
            Kind::Datasource => "datasource",
        }
    }

    /// The Go type each component package defines.
    pub fn go_type(self) -> &'static str {
        match self {
            Kind::Builder => "Builder",
            Kind::Provisioner => "Provisioner",
            Kind::PostProcessor => "PostProcessor",
            Kind::Datasource => "Datasource",
        }
    }

    /// The method of the SDK's `plugin.Set` that registers this kind.
    pub fn register_fn(self) -> &'static str {
        match self {
            Kind::Builder => "RegisterBuilder",
            Kind::Provisioner => "RegisterProvisioner",
            Kind::PostProcessor => "RegisterPostProcessor",
            Kind::Datasource => "RegisterDatasource",
        }
    }

    /// The kind a `Register…` method of the plugin set registers.
    pub fn from_register_fn(register_fn: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.register_fn() == register_fn)
    }

    /// The folder under `docs/` that holds this kind's pages.
    pub fn docs_folder(self) -> &'static str {
        match self {
            Kind::Builder => "builders",
            Kind::Provisioner => "provisioners",
            Kind::PostProcessor => "post-processors",
            Kind::Datasource => "datasources",
        }
    }

    /// The component type used by the integration portal (`.web-docs`, `metadata.hcl`).
    pub fn web_type(self) -> &'static str {
        match self {
            Kind::Datasource => "data-source",
            other => other.as_str(),
        }
    }

    /// How people write the kind in prose.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Builder => "Builder",
            Kind::Provisioner => "Provisioner",
            Kind::PostProcessor => "Post-Processor",
            Kind::Datasource => "Data Source",
        }
    }

    /// The suffix of the import alias `main.go` gives a component of this kind.
    pub fn alias_suffix(self) -> &'static str {
        match self {
            Kind::Builder => "builder",
            Kind::Provisioner => "provisioner",
            Kind::PostProcessor => "postprocessor",
            Kind::Datasource => "datasource",
        }
    }

    /// The components of this kind built into Packer core (1.16.0). Packer runs its own for
    /// these HCL types, never a plugin's of the same name.
    pub fn built_into_packer(self) -> &'static [&'static str] {
        match self {
            Kind::Builder => &["file", "null"],
            Kind::Provisioner => &[
                "breakpoint",
                "file",
                "hcp-sbom",
                "powershell",
                "shell",
                "shell-local",
                "sleep",
                "windows-restart",
                "windows-shell",
            ],
            Kind::PostProcessor => &[
                "artifice",
                "checksum",
                "compress",
                "manifest",
                "provenance",
                "shell-local",
            ],
            Kind::Datasource => &[
                "http",
                "null",
                "hcp-packer-artifact",
                "hcp-packer-image",
                "hcp-packer-iteration",
                "hcp-packer-version",
            ],
        }
    }

    /// The HCL block that uses a component of this kind, for the summary.
    /// The HCL keyword a template uses the kind with: `source`, `provisioner`,
    /// `post-processor`, `data`.
    pub fn hcl_keyword(self) -> &'static str {
        match self {
            Kind::Builder => "source",
            Kind::Provisioner => "provisioner",
            Kind::PostProcessor => "post-processor",
            Kind::Datasource => "data",
        }
    }

    /// Whether an HCL text uses a component of this kind with `hcl_type` (`source "x"`, …).
    pub fn used_in(self, text: &str, hcl_type: &str) -> bool {
        text.contains(&format!("{} \"{hcl_type}\"", self.hcl_keyword()))
    }

    pub fn hcl_usage(self, hcl_type: &str) -> String {
        match self {
            Kind::Builder => format!("source \"{hcl_type}\" \"example\" {{}}"),
            Kind::Provisioner => format!("provisioner \"{hcl_type}\" {{}}"),
            Kind::PostProcessor => format!("post-processor \"{hcl_type}\" {{}}"),
            Kind::Datasource => format!("data \"{hcl_type}\" \"example\" {{}}"),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn data_source_is_accepted_as_an_alias() {
        assert_eq!(Kind::from_str("data-source", false), Ok(Kind::Datasource));
        assert_eq!(Kind::from_str("datasource", false), Ok(Kind::Datasource));
        assert_eq!(
            Kind::from_str("post-processor", false),
            Ok(Kind::PostProcessor)
        );
    }

    #[test]
    fn web_type_differs_from_the_cli_name_only_for_data_sources() {
        for kind in Kind::ALL {
            if kind == Kind::Datasource {
                assert_eq!(kind.web_type(), "data-source");
            } else {
                assert_eq!(kind.web_type(), kind.as_str());
            }
        }
    }
}
