//! Shared helpers: a configured command for the binary and the standard test answers.

use std::path::Path;

use assert_cmd::Command;
use packer_scaffold::kind::Kind;
use packer_scaffold::model::{Answers, Plugin};
use packer_scaffold::plan::Plan;

/// 2026-07-01T00:00:00Z: fixes the copyright year in rendered output.
pub const EPOCH: &str = "1782864000";

/// The binary, isolated from the user's git configuration and terminal.
pub fn scaffold(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("packer-scaffold").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CI", "true");
    cmd
}

/// The answers the snapshot shapes use.
pub fn answers(kinds: &[Kind]) -> Answers {
    Answers {
        name: "custom-cloud".into(),
        kinds: kinds.to_vec(),
        org: "acme".into(),
        module: "github.com/acme/packer-plugin-custom-cloud".into(),
        author: "Acme Corp".into(),
        description: "A Packer plugin for Custom Cloud.".into(),
        year: 2026,
    }
}

pub fn render(kinds: &[Kind]) -> Plan {
    packer_scaffold::render::render(&Plugin::new(&answers(kinds))).expect("templates render")
}

/// The five shapes CI proves: each kind alone, and all four.
pub fn shapes() -> Vec<(&'static str, Vec<Kind>)> {
    let mut shapes: Vec<_> = Kind::ALL.iter().map(|k| (k.as_str(), vec![*k])).collect();
    shapes.push(("all-kinds", Kind::ALL.to_vec()));
    shapes
}
