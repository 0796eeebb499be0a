//! The only module that reads input files: one capped reader for every
//! dataset file, boundary file, line file and recipe.
//!
//! A path is looked at (following links) before it is opened: anything that
//! is not a regular file — a device, a FIFO, a socket, a folder, or a link
//! to one of them — is refused with a located message, so `/dev/zero` is
//! never read and a FIFO without a writer never blocks. Where a pipe is
//! welcome (`--lines` from `cat … |` or `<(…)`), it is read too. Every read
//! stops at [`MAX_INPUT_BYTES`] + 1 bytes, whatever the file's size claims.
//! Text may start with a UTF-8 byte-order mark; text that is not UTF-8 gets
//! a message naming the likely encoding. GeoJSON is held to a budget of
//! positions ([`MAX_POSITIONS`]) before it is parsed, so a file under the
//! byte cap cannot take gigabytes once parsed.
//!
//! Reads made inside [`recording`] are digested (each file's name and
//! content, in the order read): the fingerprint of what a dataset was made
//! from, which keys the fit cache.

use std::cell::RefCell;
use std::fs;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Location, Problem, Result};

/// Largest input file read (bytes). Files are parsed whole; a country's
/// boundaries at map scale are a few MB, and this keeps memory bounded.
pub const MAX_INPUT_BYTES: u64 = 100_000_000;

/// Most coordinate positions one GeoJSON file may hold. Parsed and
/// repaired, a position takes about 600 bytes at its peak: a million keep a
/// run under 1 GB. A country's units at map scale hold a few tens of
/// thousands; a front line traced vertex by vertex, a few hundred thousand.
pub const MAX_POSITIONS: usize = 1_000_000;

/// Counts the positions of GeoJSON `text` (an opening bracket followed by a
/// number) without parsing it, and refuses more than [`MAX_POSITIONS`].
pub fn check_positions(path: &Path, text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut count = 0usize;
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'[') {
        i += at + 1;
        let next = bytes[i..].iter().find(|b| !b.is_ascii_whitespace());
        if next.is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.')) {
            count += 1;
        }
    }
    if count > MAX_POSITIONS {
        return Err(problem(
            path,
            format!("the file holds {count} positions; claimsmap reads GeoJSON of up to {MAX_POSITIONS} positions"),
            TOO_BIG_HINT,
        ));
    }
    Ok(())
}

/// What may stand at an input path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// A regular file only: every file of a dataset, boundaries, recipes.
    File,
    /// A regular file or a pipe: `--lines` may come from a pipe or a
    /// process substitution (`/dev/fd/N`).
    FileOrPipe,
}

const HINT: &str = "check the path, or the dataset folder given with --data";
const TOO_BIG_HINT: &str = "simplify the geometry first (for example mapshaper -simplify or ogr2ogr -simplify)";

fn is_pipe(ft: &fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        ft.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = ft;
        false
    }
}

fn problem(path: &Path, message: impl Into<String>, hint: &str) -> Error {
    Error::problem(Problem::new(path, Location::File, message).with_hint(hint))
}

fn read_problem(path: &Path, e: &std::io::Error) -> Error {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        _ => format!("cannot read file: {e}"),
    };
    problem(path, message, HINT)
}

/// Checks what stands at `path` without opening it: a missing path, or
/// one that `accept` does not allow, is a located problem. Returns the
/// metadata of what the path leads to.
pub fn check(path: &Path, accept: Accept) -> Result<fs::Metadata> {
    let meta = fs::metadata(path).map_err(|e| read_problem(path, &e))?;
    let ft = meta.file_type();
    let allowed = ft.is_file() || (accept == Accept::FileOrPipe && is_pipe(&ft));
    if !allowed {
        let kind = crate::output::file_kind(&ft);
        return Err(match accept {
            Accept::File => problem(
                path,
                format!("this is {kind}, not a regular file"),
                "claimsmap reads input only from regular files; copy the data into a file",
            ),
            Accept::FileOrPipe => problem(
                path,
                format!("this is {kind}, not a regular file or a pipe"),
                "give a file, a pipe or a process substitution such as <(command)",
            ),
        });
    }
    if ft.is_file() && meta.len() > MAX_INPUT_BYTES {
        return Err(problem(
            path,
            format!(
                "the file is {} MB; claimsmap reads input files up to {} MB",
                meta.len() / 1_000_000,
                MAX_INPUT_BYTES / 1_000_000
            ),
            TOO_BIG_HINT,
        ));
    }
    Ok(meta)
}

/// True when `path` leads to something: a file of the built-in dataset, or
/// anything on disk (what it is gets checked when it is read).
pub fn exists(path: &Path) -> bool {
    crate::embedded::file(path).is_some() || path.exists()
}

thread_local! {
    /// The digest of the reads made inside [`recording`] on this thread.
    static RECORD: RefCell<Option<Sha256>> = const { RefCell::new(None) };
}

/// Runs `f`, returning what it returns and the SHA-256 of every file read
/// through this module meanwhile on this thread: each file's name (its last
/// component) and content, length-prefixed, in the order read. The same
/// files read in the same order give the same digest; a file added,
/// removed, renamed or changed gives another. Not reentrant: a `recording`
/// inside another takes the inner reads from the outer one.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, [u8; 32]) {
    let outer = RECORD.with(|r| r.replace(Some(Sha256::new())));
    let value = f();
    let digest = RECORD.with(|r| r.replace(outer)).unwrap_or_default().finalize();
    (value, digest.into())
}

/// Adds a read to the digest of the [`recording`] in progress, if any.
fn record(path: &Path, bytes: &[u8]) {
    RECORD.with(|r| {
        if let Some(h) = r.borrow_mut().as_mut() {
            let name = path
                .file_name()
                .map_or_else(Vec::new, |n| n.as_encoded_bytes().to_vec());
            h.update((name.len() as u64).to_le_bytes());
            h.update(&name);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
    });
}

/// Reads a whole input, at most [`MAX_INPUT_BYTES`]; see the module doc.
/// Files of the built-in dataset (`embedded.rs`) are served from memory.
pub fn read_bytes(path: &Path, accept: Accept) -> Result<Vec<u8>> {
    let bytes = read_unrecorded(path, accept)?;
    record(path, &bytes);
    Ok(bytes)
}

fn read_unrecorded(path: &Path, accept: Accept) -> Result<Vec<u8>> {
    if let Some(bytes) = crate::embedded::file(path) {
        return Ok(bytes.to_vec());
    }
    let meta = check(path, accept)?;
    let file = fs::File::open(path).map_err(|e| read_problem(path, &e))?;
    // What was opened is what was checked (not swapped for a device since).
    let opened = file.metadata().map_err(|e| read_problem(path, &e))?;
    if !(opened.is_file() || (accept == Accept::FileOrPipe && is_pipe(&opened.file_type()))) {
        return Err(problem(
            path,
            format!(
                "this is {}, not a regular file",
                crate::output::file_kind(&opened.file_type())
            ),
            "claimsmap reads input only from regular files; copy the data into a file",
        ));
    }
    // A regular file's size is known (and within the cap): one allocation.
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0) + 1);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_problem(path, &e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(problem(
            path,
            format!(
                "the input is larger than {} MB; claimsmap reads input files up to {} MB",
                MAX_INPUT_BYTES / 1_000_000,
                MAX_INPUT_BYTES / 1_000_000
            ),
            TOO_BIG_HINT,
        ));
    }
    Ok(bytes)
}

/// Reads a whole text input (see [`read_bytes`]): a UTF-8 byte-order mark at
/// the start is dropped, and text that is not UTF-8 is refused with the line
/// of the first bad byte and the likely encoding.
pub fn read_text(path: &Path, accept: Accept) -> Result<String> {
    decode(path, read_bytes(path, accept)?)
}

/// Text from bytes read from `path`; see [`read_text`].
pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let (message, hint) = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            ("the file is UTF-16, not UTF-8", "save it as UTF-8")
        } else if bytes.contains(&0) {
            ("the file is not text (it holds binary data)", HINT)
        } else {
            (
                "the file is not UTF-8 (it looks like Latin-1 / Windows-1252)",
                "save it as UTF-8",
            )
        };
        Error::problem(Problem::new(path, Location::Line(line), message).with_hint(hint))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> std::result::Result<String, String> {
        decode(Path::new("f.csv"), bytes.to_vec()).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_with_and_without_a_byte_order_mark() {
        assert_eq!(text(b"\xEF\xBB\xBF# c\nx").unwrap(), "# c\nx");
        assert_eq!(text(b"a\xEF\xBB\xBF").unwrap(), "a\u{FEFF}");
    }

    #[test]
    fn names_the_likely_encoding_and_line() {
        assert_eq!(
            text(b"id,name\nT-1,Bras\xEDlia\n").unwrap_err(),
            "f.csv:2: the file is not UTF-8 (it looks like Latin-1 / Windows-1252); save it as UTF-8"
        );
        assert_eq!(
            text(b"\xFF\xFEi\0d\0").unwrap_err(),
            "f.csv:1: the file is UTF-16, not UTF-8; save it as UTF-8"
        );
        assert!(text(b"\0\x9f\x92").unwrap_err().contains("binary data"));
    }

    #[test]
    fn counts_positions_without_parsing() {
        let path = Path::new("l.geojson");
        assert!(check_positions(path, "[[[1,2],[ -3, 4],[.5,6]]] [\"a\"] [[").is_ok());
        let many = "[0,0],".repeat(MAX_POSITIONS + 1);
        let e = check_positions(path, &many).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "l.geojson: the file holds {} positions; claimsmap reads GeoJSON of up to {MAX_POSITIONS} positions; {TOO_BIG_HINT}",
                MAX_POSITIONS + 1
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_before_reading_and_caps_pipes() {
        let e = read_bytes(Path::new("/dev/zero"), Accept::File)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "/dev/zero: this is a character device, not a regular file; claimsmap reads input only from regular files; copy the data into a file"
        );
        let e = read_bytes(Path::new("/dev/zero"), Accept::FileOrPipe)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a regular file or a pipe"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("units.geojson");
        std::os::unix::fs::symlink("/dev/urandom", &link).unwrap();
        let e = read_bytes(&link, Accept::File).unwrap_err().to_string();
        assert!(e.contains("units.geojson: this is a character device"), "{e}");
        let e = read_bytes(dir.path(), Accept::File).unwrap_err().to_string();
        assert!(e.contains("this is a folder, not a regular file"), "{e}");
    }
}
