//! `.web-docs/README.md`, which `make generate` compiles from `docs/README.md`: where it is
//! still a copy of docs/README.md as it was before a change, it gets the change's edit of
//! docs/README.md too; otherwise a note says `make generate` is due. Shared by the plans of
//! `add`, `remove` and `rename`.

use crate::domain::plan::FileEdit;
use crate::error::Error;
use crate::fs::view::View;

const DOCS: &str = "docs/README.md";
const WEB: &str = ".web-docs/README.md";

/// docs/README.md as it is in `view`, before the change: what the copy is compared with.
pub fn docs_before(view: &View) -> Result<Option<String>, Error> {
    view.read_text(DOCS)
}

/// Where `edits` edit docs/README.md (`before`: its text before), the same edit of
/// .web-docs/README.md pushed onto `edits`, or a note onto `notes` when it is not a copy.
pub fn follow(
    view: &View,
    before: Option<&str>,
    edits: &mut Vec<FileEdit>,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    let Some(docs) = edits.iter().find(|e| e.path == DOCS) else {
        return Ok(());
    };
    let after = docs.after.clone();
    match view.read_text(WEB)? {
        Some(web) if Some(web.as_str()) == before => edits.push(FileEdit {
            path: WEB.into(),
            before: web.into_bytes(),
            after,
        }),
        _ => notes.push(format!(
            "{WEB} is not a copy of {DOCS}; run `make generate` to rebuild it"
        )),
    }
    Ok(())
}
