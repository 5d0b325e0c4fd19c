//! Versions the generated repository pins, proven by CI.

/// The packer-plugin-sdk release the templates are written against.
pub const SDK: &str = "v0.6.10";
/// The `go` directive the SDK requires; CI builds and tests generated plugins with this
/// exact toolchain too (`.ci/plugin-checks`, check `go-min`).
pub const GO: &str = "1.25.11";
/// The Packer release CI proves generated plugins with (`.ci/plugin-checks`): install,
/// acceptance tests and the example build. Keep in step with `.ci/tools` and the
/// `hashicorp/setup-packer` step of the generated `test.yml`.
pub const PACKER: &str = "1.16.0";
/// The oldest Packer the generated README names and `doctor` accepts: 1.11.0 loads plugins
/// only from the plugin directory, by the binary names `packer plugins install --path`
/// (behind `make dev`, and the only way to install a source outside github.com) and
/// `packer init` give them. CI proves it (`.ci/plugin-checks`, check `packer-min`).
pub const PACKER_MIN: &str = "1.11.0";
/// The GoReleaser release the generated workflows run (goreleaser-action's `version`, in
/// `release.yml` and the `release-snapshot` job of `test.yml`) and CI checks the generated
/// `.goreleaser.yml` (`version: 2`) with. Keep in step with `.ci/tools`.
pub const GORELEASER: &str = "2.16.0";

/// One GitHub Action the generated workflows use, pinned by commit: every `uses:` line of a
/// template names it as `<repo>@<sha> # <version>`, and a test (`tests/it/templates.rs`)
/// fails when a template's SHA or comment differs from this table or names an action missing
/// from it. Dependabot (the generated `.github/dependabot.yml`) proposes newer pins later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionPin {
    /// `owner/name` as written after `uses:`.
    pub repo: &'static str,
    /// The full commit SHA the release tag points to.
    pub sha: &'static str,
    /// The release tag the SHA is (for an action without tags, the branch it was taken from),
    /// written as the comment after the SHA.
    pub version: &'static str,
}

/// Every action the generated workflows use, at the newest release of each found on 2026-12-02
/// (read from the tags of each repository's stored snapshot), except where noted.
pub const ACTIONS: &[ActionPin] = &[
    ActionPin {
        repo: "actions/checkout",
        sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
        version: "v7.0.1",
    },
    ActionPin {
        repo: "actions/setup-go",
        sha: "b7ad1dad31e06c5925ef5d2fc7ad053ef454303e",
        version: "v7.0.0",
    },
    ActionPin {
        repo: "crazy-max/ghaction-import-gpg",
        sha: "2dc316deee8e90f13e1a351ab510b4d5bc0c82cd",
        version: "v7.0.0",
    },
    ActionPin {
        repo: "golangci/golangci-lint-action",
        sha: "ba0d7d2ec06a0ea1cb5fa41b2e4a3ab91d21278a",
        version: "v9.3.0",
    },
    ActionPin {
        repo: "goreleaser/goreleaser-action",
        sha: "f06c13b6b1a9625abc9e6e439d9c05a8f2190e94",
        version: "v7.2.3",
    },
    // HashiCorp's action has no release tags: this is the newest commit of its main branch
    // (2026-06-16), which HashiCorp's own plugins run unpinned.
    ActionPin {
        repo: "hashicorp/integration-release-action",
        sha: "5c982331bf102b6d9ffae6f820eb9ffda93cd7ea",
        version: "main",
    },
    // The stored snapshot of hashicorp/setup-packer ends at v3.1.0. v3.4.0's commit is the one
    // hetznercloud/packer-plugin-hcloud pins in its test workflow (2026-07), and a public
    // tracker of release tags (michael-k/quarantined-actions) names the same.
    ActionPin {
        repo: "hashicorp/setup-packer",
        sha: "ce93c3c08a6c2ff2275bf4b54ff0d9a75f6c9789",
        version: "v3.4.0",
    },
];
