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
