//! The one integration-test binary. Where tests go:
//! - `add`: `add` and `list` on real generated repositories, user-edited ones too.
//! - `adopted`: `add`, `list`, `doctor`, `remove`, `rename` and `upgrade` on a repository made
//!   otherwise (tests/fixtures/adopted); `add`→`remove` and `rename` there and back with the real
//!   `make generate` (Go and make needed; skipped without them unless tools are required).
//! - `architecture`: the layering of src/ (no cycles, no command using another), read from src/.
//! - `cli`: the real binary, run the way users run it (flags, exit codes, what lands on disk).
//! - `completions`: component names offered by bash, zsh and fish through the real binary.
//! - `doctor`: each check passing and failing on purpose-built repositories and toolchains.
//! - `faults`: interrupted and killed runs, full disks, unwritable parents, symlinks, `--force`.
//! - `hostile`: files at the names the tool reads that are no files, and other hostile input.
//! - `journal`: `add` killed at every step of its change, and two `add`s at once.
//! - `json`: `--format json` reports parse into their documented shape.
//! - `planted`: journals planted to write outside the repository or into `.git`, refused.
//! - `remove`: `remove` undoing `add` byte for byte, its refusals, kept files, dry run and JSON.
//! - `rename`: `rename` there and back byte for byte, moved changed files, refusals, JSON.
//! - `properties`: proptest over names and free text, checked by gofmt, packer fmt, YAML and TOML.
//! - `rendered_tree`: insta snapshots of every file the templates render, per shape.
//! - `skeleton`: `--skeleton full|minimal` recorded, followed by `add`, kept by `new --answers`
//!   (`cli` has `new --answers` itself: a replay, a house file under another name, answers only).
//! - `templates`: properties every rendered tree must have, whatever the shape.
//! - `template_style`: `add`, `list`, `doctor` and Go on a repository shaped like HashiCorp's
//!   template (tests/fixtures/template-style).
//! - `upgrade`: `upgrade` of a repository the 0.1.0 binary made (tests/fixtures/v0.1.0-grown).
//!
//! The real-tool checks of generated plugins (Go, Packer, GoReleaser) live in
//! `.ci/plugin-checks`.
//!
//! Tests start from `support`'s fixture: `Home::new()` (a temporary home to run the binary in)
//! or `Repo::new().kinds(&["builder", "datasource"]).build()` (a repository made by `new`), and
//! run the binary with `.cmd(args)` or `.run(args)`, always hermetically (`support::hermetic`).
//!
//! A plain `cargo test` is quick: 256 proptest cases per property (`PROPTEST_CASES`) and 12
//! killed runs of `new` (`PACKER_SCAFFOLD_FAULT_RUNS`), and a test whose tool is missing
//! (`script`, a tmpfs mount, `gofmt`, `packer`) prints `skipped: …` and passes. `.ci/run` sets
//! `PROPTEST_CASES=10000 PACKER_SCAFFOLD_FAULT_RUNS=102 PACKER_SCAFFOLD_REQUIRE_TOOLS=1`: the
//! full counts, and a missing tool fails its test (`support::require`).

mod add;
mod adopted;
mod architecture;
mod cli;
mod completions;
mod doctor;
mod faults;
mod hostile;
mod journal;
mod json;
mod planted;
mod properties;
mod remove;
mod rename;
mod rendered_tree;
mod skeleton;
mod support;
mod template_style;
mod templates;
mod upgrade;
