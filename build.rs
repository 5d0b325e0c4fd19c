//! Rebuilds the binary when a template changes (`include_dir!` embeds `templates/`, but cargo
//! only watches what it is told to), and computes the current set's template version once,
//! here, instead of hashing every template on each run: `PACKER_SCAFFOLD_TEMPLATE_VERSION`,
//! the first 16 hex digits of a SHA-256 over each file's name, a 0 byte, its length (8 bytes,
//! little-endian) and its bytes, in name order; the catalog and the history left out.
//! `render::templates::version_of` computes the same from the embedded files (a test compares).

use std::path::Path;

use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=templates");
    let root = Path::new("templates");
    let mut files = Vec::new();
    collect(root, root, &mut files);
    files.retain(|(name, _)| name != "catalog.toml" && !name.starts_with("history/"));
    files.sort();
    let mut hasher = Sha256::new();
    for (name, bytes) in &files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!(
        "cargo:rustc-env=PACKER_SCAFFOLD_TEMPLATE_VERSION={}",
        &hex[..16]
    );
}

/// Every file under `dir`, named by its `/`-separated path from `root`, with its bytes.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable templates folder").path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let name = path
                .strip_prefix(root)
                .expect("under templates/")
                .components()
                .map(|c| c.as_os_str().to_str().expect("UTF-8 template paths"))
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((name, bytes));
        }
    }
}
