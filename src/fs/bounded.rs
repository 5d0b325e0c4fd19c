//! Files a user or a repository controls and the tool reads whole (the manifest, the config
//! file, and every file of a repository a command reads or edits: main.go, go.mod, the docs):
//! read only when they are regular files (after following links) of a size no real one
//! reaches, so `/dev/zero`, a FIFO or a directory at that name is an error, never a hang or an
//! exhausted memory.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// No manifest or config file comes near this.
pub const MAX_BYTES: u64 = 1 << 20;
/// No file of a plugin repository the tool reads (go.sum, README.md, main.go…) comes near this.
pub const MAX_REPO_BYTES: u64 = 16 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// A directory, FIFO, device or socket.
    NotAFile,
    /// Larger than the cap, in bytes.
    TooLarge(u64),
    /// Not UTF-8 text.
    NotText,
    Io(io::Error),
}

impl Refused {
    /// Why, in words that follow "it ".
    pub fn problem(&self) -> String {
        match self {
            Refused::NotAFile => "is not a regular file (a directory, a FIFO or a device)".into(),
            Refused::TooLarge(cap) => format!("is larger than {} KiB", cap / 1024),
            Refused::NotText => "is not valid UTF-8 text".into(),
            Refused::Io(e) => format!("cannot be read: {e}"),
        }
    }
}

/// The text of `path`, up to [`MAX_BYTES`]; `None` when nothing is there.
pub fn read_text(path: &Path) -> Result<Option<String>, Refused> {
    let Some(bytes) = read_bytes(path, MAX_BYTES)? else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Refused::NotText)
}

/// The bytes of `path`, up to `cap`; `None` when nothing is there. The file's type is looked
/// at before it is opened, and again on the opened file, which is opened without waiting (a
/// FIFO put there in between would otherwise wait for a writer).
pub fn read_bytes(path: &Path, cap: u64) -> Result<Option<Vec<u8>>, Refused> {
    let meta = match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A link that leads nowhere is something there, not nothing.
            return match fs::symlink_metadata(path) {
                Ok(_) => Err(Refused::NotAFile),
                Err(_) => Ok(None),
            };
        }
        Err(e) => return Err(Refused::Io(e)),
        Ok(meta) => meta,
    };
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    if meta.len() > cap {
        return Err(Refused::TooLarge(cap));
    }
    read_opened(path, cap).map(Some)
}

/// The bytes of the regular file `path`, up to `cap`, its type checked on the open file.
fn read_opened(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let file = open_without_waiting(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    let mut bytes = Vec::new();
    (file.take(cap + 1).read_to_end(&mut bytes)).map_err(Refused::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge(cap));
    }
    Ok(bytes)
}

/// `path` opened for reading; on Unix with `O_NONBLOCK`, which a regular file ignores and a
/// FIFO obeys.
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_a_sane_size_are_read() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let file = tmp.path().join("m.toml");
        assert!(matches!(read_text(&file), Ok(None)));
        fs::write(&file, "a = 1\n").unwrap();
        assert_eq!(read_text(&file).unwrap().unwrap(), "a = 1\n");
        assert!(matches!(read_text(tmp.path()), Err(Refused::NotAFile)));
        fs::write(&file, vec![b'a'; MAX_BYTES as usize + 1]).unwrap();
        assert!(matches!(read_text(&file), Err(Refused::TooLarge(_))));
        #[cfg(unix)]
        {
            let zero = tmp.path().join("zero");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            assert!(matches!(read_text(&zero), Err(Refused::NotAFile)));
            let fifo = tmp.path().join("fifo");
            assert!(
                std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success()
            );
            assert!(matches!(read_text(&fifo), Err(Refused::NotAFile)));
            let dangling = tmp.path().join("dangling");
            std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
            assert!(matches!(read_text(&dangling), Err(Refused::NotAFile)));
        }
    }

    /// A FIFO that is there when the file is opened (put there after its type was looked at)
    /// is refused at once, not waited on.
    #[cfg(unix)]
    #[test]
    fn a_fifo_met_when_opening_is_refused_without_waiting() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let fifo = tmp.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(matches!(
                read_opened(&fifo, MAX_BYTES),
                Err(Refused::NotAFile)
            ));
        });
        let refused = finished.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(
            refused,
            Ok(true),
            "the open waited for a writer, or read the FIFO"
        );
    }
}
