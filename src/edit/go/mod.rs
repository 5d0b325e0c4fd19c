//! `main.go`, read and edited by its Go structure rather than by text patterns: which
//! components the plugin set registers (`reader`), adding one (`editor`), and taking one out or
//! pointing it at a renamed package in a file `add` did not write (`retarget`). Both work on a
//! lexed file (`lexer`, `file`), so comments and strings are never taken for code.

mod editor;
mod file;
#[cfg(test)]
mod fixtures;
pub mod lexer;
mod literal;
mod reader;
mod retarget;

pub use editor::{NewRegistration, add_registration};
pub use reader::registrations;
pub use retarget::{remove_registration, retarget_registration};
