//! The edits `add` makes for one component, as data: per file, what it inserts (`redo`) and
//! which pieces of text mark the insertion (`needles`). `remove` undoes them and `rename`
//! replaces one component's with another's (`edit::undo`). The texts are rendered by the
//! caller; nothing here touches the disk.

use crate::domain::kind::Kind;
use crate::domain::model::Component;
use crate::domain::registration::RegisteredName;
use crate::edit::go::{self, NewRegistration};
use crate::edit::{hcl, markdown};
use crate::error::Error;

/// A file `add` edits for a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    MainGo,
    DocsReadme,
    Metadata,
    Readme,
    Changelog,
}

impl Piece {
    /// Every piece with its file, and whether the plugin cannot work without the edit.
    pub const ALL: [(Piece, &'static str, bool); 5] = [
        (Piece::MainGo, "main.go", true),
        (Piece::DocsReadme, "docs/README.md", true),
        (Piece::Metadata, ".web-docs/metadata.hcl", true),
        (Piece::Readme, "README.md", false),
        (Piece::Changelog, "CHANGELOG.md", false),
    ];
}

/// The texts `add` inserts for one component.
#[derive(Debug, Clone)]
pub struct ComponentTexts {
    pub kind: Kind,
    /// `builder/second`.
    pub dir: String,
    pub import_alias: String,
    pub import_path: String,
    pub register_fn: &'static str,
    pub registered: RegisteredName,
    pub go_type: &'static str,
    pub docs_item: String,
    pub metadata_block: String,
    pub readme_row: String,
    pub layout_row: String,
    pub changelog_item: String,
}

impl ComponentTexts {
    /// The texts for `c`, its snippets rendered by `snippet` (`docs-readme-item.md`, …).
    pub fn of(
        c: &Component,
        snippet: impl Fn(&str) -> Result<String, Error>,
    ) -> Result<Self, Error> {
        Ok(ComponentTexts {
            kind: c.kind,
            dir: c.dir.clone(),
            import_alias: c.import_alias.clone(),
            import_path: c.import_path.clone(),
            register_fn: c.register_fn,
            registered: if c.is_default {
                RegisteredName::Default
            } else {
                RegisteredName::Named(c.name.clone())
            },
            go_type: c.go_type,
            docs_item: snippet("docs-readme-item.md")?,
            metadata_block: snippet("metadata-component.hcl")?,
            readme_row: snippet("readme-row.md")?,
            layout_row: snippet("readme-layout-row.md")?,
            changelog_item: snippet("changelog-item.md")?,
        })
    }

    /// `src` with `add`'s edit of `piece` made.
    pub fn redo(&self, piece: Piece, src: &str) -> Option<String> {
        match piece {
            Piece::MainGo => go::add_registration(src, &self.registration()).ok(),
            Piece::DocsReadme => {
                markdown::add_to_component_list(src, self.kind, &self.docs_item).ok()
            }
            Piece::Metadata => hcl::add_component_block(src, &self.metadata_block).ok(),
            Piece::Readme => {
                let src = markdown::add_component_row(src, "HCL type", &self.readme_row, &self.dir)
                    .ok()?;
                markdown::add_component_row(&src, "Contents", &self.layout_row, &self.dir).ok()
            }
            Piece::Changelog => markdown::add_changelog_item(src, &self.changelog_item).ok(),
        }
    }

    /// Pieces of the inserted text of `piece`, as they appear in `current`.
    pub fn needles(&self, piece: Piece, current: &str) -> Vec<String> {
        match piece {
            Piece::MainGo => {
                let import = format!("\"{}\"", self.import_path);
                // The alias main.go imports it under (numbered when the name was taken).
                let alias = current
                    .lines()
                    .find(|l| l.contains(&import))
                    .and_then(|l| l.split_whitespace().next())
                    .filter(|first| !first.starts_with('"'))
                    .unwrap_or(&self.import_alias)
                    .to_owned();
                vec![import, format!("new({alias}.{})", self.go_type)]
            }
            Piece::DocsReadme => vec![self.docs_item.trim_end().to_owned()],
            Piece::Metadata => vec![self.metadata_block.trim().to_owned()],
            Piece::Readme => vec![
                self.readme_row.trim_end().to_owned(),
                self.layout_row.trim_end().to_owned(),
            ],
            Piece::Changelog => vec![self.changelog_item.trim_end().to_owned()],
        }
    }

    fn registration(&self) -> NewRegistration<'_> {
        NewRegistration {
            import_alias: &self.import_alias,
            import_path: &self.import_path,
            register_fn: self.register_fn,
            name: &self.registered,
            go_type: self.go_type,
        }
    }
}
