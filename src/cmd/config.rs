//! The `config` command: where the user config file is (`config path`), and a commented
//! example written there (`config init`), never over a file that exists.

use std::path::{Path, PathBuf};

use crate::cli::ConfigCommand;
use crate::error::Error;
use crate::resolve::config_file;
use crate::ui::{output, status};

pub fn run(command: ConfigCommand, file: Option<&Path>) -> Result<(), Error> {
    let path = match file {
        Some(path) => path.to_owned(),
        None => config_file::default_path(&env_var).ok_or_else(|| Error::InvalidInput {
            what: "config directory".into(),
            value: String::new(),
            problem: "neither XDG_CONFIG_HOME nor HOME is set".into(),
            help: "pass --config FILE".into(),
        })?,
    };
    match command {
        ConfigCommand::Path => output::print(&format!("{}\n", path.display())),
        ConfigCommand::Init => init(&path),
    }
}

fn env_var(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// Writes the example at `path`, creating its directory.
fn init(path: &PathBuf) -> Result<(), Error> {
    // symlink_metadata: a dangling link in the file's place is a file we would replace.
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::ConfigExists { path: path.clone() });
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    }
    write_new(path, config_file::EXAMPLE)?;
    status::verb("Created", path.display());
    Ok(())
}

/// Writes `text` to a file that must not exist yet, even if one appears after the check above.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut file = match std::fs::File::create_new(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::ConfigExists { path: path.into() });
        }
        other => other.map_err(|e| Error::io("create", path, e))?,
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("write", path, e))
}
