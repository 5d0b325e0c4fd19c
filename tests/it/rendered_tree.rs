//! insta snapshots of the whole rendered tree, one per shape. Review changes with
//! `cargo insta review`; CI fails on any difference.

use packer_scaffold::{Kind, Plan, Plugin, Skeleton};

use crate::support::{answers, render, shapes};

/// Every rendered file in full, except `go.sum` (Go's own hashes, proven exact by the
/// `go mod tidy` check in CI), which is shown by its line count; files copied byte for byte are
/// named with their size.
fn snapshot_text(plan: &Plan) -> String {
    let mut out = String::new();
    for file in &plan.files {
        out.push_str(&format!("=== {} ({:o})\n", file.path, file.mode));
        if file.path == "go.sum" {
            let lines = file.contents.iter().filter(|b| **b == b'\n').count();
            out.push_str(&format!(
                "[go.sum: {lines} lines, checked by `go mod tidy` in CI]\n"
            ));
        } else if file.template.ends_with(".tera") {
            out.push_str(&String::from_utf8_lossy(&file.contents));
            if !file.contents.ends_with(b"\n") {
                out.push_str("\n[no newline at end of file]\n");
            }
        } else {
            out.push_str(&format!(
                "[copied byte for byte from templates/{}, {} bytes]\n",
                file.template,
                file.contents.len()
            ));
        }
    }
    out
}

#[test]
fn each_shape_renders_the_snapshotted_tree() {
    for (name, kinds) in shapes() {
        insta::assert_snapshot!(name, snapshot_text(render(&kinds)));
    }
}

/// All four kinds with `--skeleton minimal`: the small components of 0.1.0.
#[test]
fn the_minimal_skeleton_renders_the_snapshotted_tree() {
    let mut answers = answers(&Kind::ALL);
    answers.skeleton = Skeleton::Minimal;
    let plan = packer_scaffold::render(&Plugin::new(&answers)).expect("templates render");
    insta::assert_snapshot!("all-kinds-minimal", snapshot_text(&plan));
}
