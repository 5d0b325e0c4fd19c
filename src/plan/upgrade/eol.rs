//! Files checked out with CRLF line endings (git's `core.autocrlf` on Windows): compared and
//! merged as LF, the form packer-scaffold writes and hashes, and written back with CRLF, so
//! such a file is neither taken for one you changed nor rewritten line by line.

/// Whether every line of `bytes` ends in CRLF (and there is at least one).
pub fn uses_crlf(bytes: &[u8]) -> bool {
    let lf = bytes.iter().filter(|b| **b == b'\n').count();
    lf > 0 && bytes.windows(2).filter(|w| w == b"\r\n").count() == lf
}

/// `bytes` with each CRLF made LF.
pub fn to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// `bytes` with each LF not already after a CR made CRLF.
pub fn to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(*b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_files_round_trip_through_lf() {
        let crlf = b"a\r\nb\r\n";
        assert!(uses_crlf(crlf));
        assert!(!uses_crlf(b"a\nb\r\n") && !uses_crlf(b"a\nb\n") && !uses_crlf(b"no newline"));
        assert_eq!(to_lf(crlf), b"a\nb\n");
        assert_eq!(to_crlf(&to_lf(crlf)), crlf);
        assert_eq!(to_crlf(b"x\r\ny\n"), b"x\r\ny\r\n");
    }
}
