//! `main.go`, read and edited by its Go structure rather than by text patterns: which
//! components the plugin set registers (`reader`), and adding one (`editor`). Both work on a
//! lexed file (`lexer`, `file`), so comments and strings are never taken for code.

mod editor;
mod file;
#[cfg(test)]
mod fixtures;
pub mod lexer;
mod literal;
mod reader;

pub use editor::{NewRegistration, add_registration};
pub use reader::registrations;
