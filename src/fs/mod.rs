//! The disk: writing a new repository (`writer`), changing one that exists all or nothing
//! (`journal`, one command at a time under `lock`, every write flushed by `durable`), and
//! finding and reading a plugin repository (`repo`; as a plan sees it, `view`), files it
//! controls read with bounds (`bounded`), and the Go workspace that applies to a folder
//! (`workspace`).

pub mod bounded;
pub mod durable;
pub mod journal;
pub mod lock;
pub mod repo;
pub mod view;
pub mod workspace;
pub mod writer;
