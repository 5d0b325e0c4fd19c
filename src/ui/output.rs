//! Data on standard output, written the same way by every command: a reader that stops early
//! (`| head`, `| true`) is not an error and nothing is said about it; any other failure (a full
//! disk, a closed descriptor) is an error, exit 1. Status lines go to stderr (see `status`).

use std::io::{self, Write};

use serde::Serialize;

use crate::error::{Error, shown};

/// Prints `text` on standard output, any control or invisible character in it escaped (it
/// may hold values from a tampered manifest).
pub fn print(text: &str) -> Result<(), Error> {
    print_bytes(shown::line(text).as_bytes())
}

/// Prints `bytes` (a completion script, a man page) on standard output.
pub fn print_bytes(bytes: &[u8]) -> Result<(), Error> {
    write(&mut io::stdout().lock(), bytes)
}

/// Prints `report` as one line of JSON on standard output.
pub fn print_json(report: &impl Serialize) -> Result<(), Error> {
    let mut line = serde_json::to_vec(report).expect("reports are plain data");
    line.push(b'\n');
    print_bytes(&line)
}

/// Writes and flushes `bytes`: the rule above, for any writer.
fn write(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Error> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_reader_that_went_away_is_not_an_error() {
        assert!(write(&mut Failing(io::ErrorKind::BrokenPipe), b"x").is_ok());
    }

    #[test]
    fn any_other_failure_is_an_error_that_exits_1() {
        let err = write(&mut Failing(io::ErrorKind::StorageFull), b"x").unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(
            err.to_string()
                .starts_with("could not write to standard output: "),
            "{err}"
        );
    }

    #[test]
    fn everything_is_written() {
        let mut out = Vec::new();
        write(&mut out, b"line\n").unwrap();
        assert_eq!(out, b"line\n");
    }
}
