//! Rebuilds the binary when a template changes: `include_dir!` embeds `templates/`, but cargo
//! only watches what it is told to.

fn main() {
    println!("cargo:rerun-if-changed=templates");
}
