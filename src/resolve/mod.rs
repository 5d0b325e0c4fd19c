//! From what the user gave to one resolved spec per command: flags, `PACKER_SCAFFOLD_*`
//! variables, the config file, git's configuration and terminal prompts, layered in one
//! precedence order (`source::first` picks; `settings` and `answers` list each value's
//! sources once, for every command).

pub mod add_spec;
pub mod answers;
pub mod answers_file;
pub mod clock;
pub mod config_file;
pub mod conventions;
pub mod defaults;
pub mod env;
pub mod managed;
pub mod new_spec;
pub mod prompt;
pub mod remove_spec;
pub mod rename_spec;
pub mod settings;
pub mod source;
pub mod upgrade_spec;
