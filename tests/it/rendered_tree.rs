//! insta snapshots of the whole rendered tree, one per shape. Review changes with
//! `cargo insta review`; CI fails on any difference.

use crate::support::{render, shapes};

/// Every file in full, except files copied byte for byte from the templates (go.sum), which
/// are named with their size: their contents are checked by `go mod tidy` in CI.
fn snapshot_text(kinds: &[packer_scaffold::kind::Kind]) -> String {
    let plan = render(kinds);
    let mut out = String::new();
    for file in &plan.files {
        out.push_str(&format!("=== {} ({:o})\n", file.path, file.mode));
        if file.template.ends_with(".tera") {
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
        insta::assert_snapshot!(name, snapshot_text(&kinds));
    }
}
