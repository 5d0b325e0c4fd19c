//! The disk: the one writer (all or nothing), and finding and reading a plugin repository.

pub mod repo;
pub mod writer;
