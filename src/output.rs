//! The only module that writes files. Every file is written to a temporary
//! file in the same folder and renamed into place, so an interrupted run
//! never leaves a half-written output, and no name can leave the folder.
//!
//! Nothing planted in the folder can redirect a write: temporaries are
//! created exclusively (`create_new`, which never follows a link) under an
//! unpredictable name and removed on failure, folders below the output
//! folder must be real folders, and the final rename replaces whatever
//! entry holds the final name (a symbolic link is replaced, not written
//! through). Temporaries left by a killed run (`.<name>.<random>.tmp`) are
//! never reused and never read; they can be deleted at any time.

use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Longest output file name (bytes): common file systems allow 255, and
/// archive tools and synced folders add their own suffixes.
pub const MAX_NAME_BYTES: usize = 200;

/// How many unpredictable temporary names are tried before giving up.
const TEMP_ATTEMPTS: usize = 16;

/// A folder that outputs are written into.
#[derive(Debug, Clone)]
pub struct OutDir {
    root: PathBuf,
}

impl OutDir {
    /// Uses `root` as the output folder, creating it when missing. An
    /// existing file that is not a folder is refused.
    pub fn create(root: &Path) -> Result<Self> {
        if let Ok(meta) = fs::metadata(root)
            && !meta.is_dir()
        {
            return Err(Error::Usage(format!(
                "{} is {}; --out must be a folder (it is created when missing)",
                root.display(),
                file_kind(&meta.file_type())
            )));
        }
        fs::create_dir_all(root).map_err(|source| Error::Io {
            path: root.to_path_buf(),
            source,
        })?;
        Ok(OutDir {
            root: root.to_path_buf(),
        })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The path of `name` inside the folder, refusing names that would leave
    /// it (absolute paths, `..`, empty names), names Windows reserves for
    /// devices, and names too long for file systems.
    pub fn resolve(&self, name: &str) -> Result<PathBuf> {
        let rel = Path::new(name);
        let safe = !name.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Error::Usage(format!(
                "output name \"{name}\" would leave the output folder {}; use a plain file name",
                self.root.display()
            )));
        }
        for part in rel.components() {
            let part = part.as_os_str().to_string_lossy();
            if part.len() > MAX_NAME_BYTES {
                return Err(Error::Usage(format!(
                    "output name \"{}…\" is too long ({} bytes); file names may be at most {MAX_NAME_BYTES} bytes, use a shorter name",
                    part.chars().take(40).collect::<String>(),
                    part.len()
                )));
            }
            if windows_reserved(&part) {
                return Err(Error::Usage(format!(
                    "output name \"{name}\" is a device name on Windows ({WINDOWS_RESERVED}); choose another name"
                )));
            }
        }
        Ok(self.root.join(rel))
    }

    /// Writes `bytes` to `name` inside the folder, atomically: a temporary
    /// file in the same folder is written, flushed and renamed over the target.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let target = self.resolve(name)?;
        let parent = target.parent().unwrap_or(&self.root).to_path_buf();
        self.make_folders(&parent)?;
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (tmp, mut f) = create_temporary(&parent, &file_name)?;
        let result = (|| {
            f.write_all(bytes).map_err(io(&tmp))?;
            f.sync_all().map_err(io(&tmp))?;
            drop(f);
            fs::rename(&tmp, &target).map_err(io(&target))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map(|()| target)
    }

    /// Creates the folders between the output folder and `parent`, each a
    /// real folder: a link or file planted under a folder's name is refused.
    fn make_folders(&self, parent: &Path) -> Result<()> {
        let Ok(rel) = parent.strip_prefix(&self.root) else {
            return Ok(());
        };
        let mut at = self.root.clone();
        for part in rel.components() {
            at.push(part);
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.is_dir() => {}
                Ok(meta) => {
                    return Err(Error::Usage(format!(
                        "{} is {}, not a folder; remove it from the output folder",
                        at.display(),
                        file_kind(&meta.file_type())
                    )));
                }
                Err(_) => fs::create_dir(&at).map_err(io(&at))?,
            }
        }
        Ok(())
    }
}

/// Creates a new, empty temporary file for `file_name` in `dir`, under a
/// name nobody can predict; an existing entry (a stale temporary, a planted
/// link) is never opened.
fn create_temporary(dir: &Path, file_name: &str) -> Result<(PathBuf, fs::File)> {
    let mut last = None;
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = dir.join(format!(".{file_name}.{:016x}.tmp", random_u64()));
        match fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some((tmp, e)),
            Err(e) => return Err(Error::Io { path: tmp, source: e }),
        }
    }
    let (path, source) = last.unwrap_or_else(|| (dir.to_path_buf(), std::io::Error::other("no temporary name")));
    Err(Error::Io { path, source })
}

/// 64 unpredictable bits: std seeds each `RandomState` from the operating
/// system's randomness.
fn random_u64() -> u64 {
    let mut h = std::hash::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// What a file type is, in words, for messages ("a FIFO (named pipe)").
pub fn file_kind(ft: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else if ft.is_file() {
        "a file"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// The names Windows reserves for devices, as listed in messages.
pub const WINDOWS_RESERVED: &str = "CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9";

/// True for a name Windows reserves for a device (`CON`, `nul.svg`,
/// `com1.png`): such files cannot be created or copied on Windows.
/// Case does not matter, nor does an extension.
pub fn windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let b = upper.as_bytes();
            b.len() == 4 && (upper.starts_with("COM") || upper.starts_with("LPT")) && (b'1'..=b'9').contains(&b[3])
        }
    }
}

/// Writes a file named on the command line (`--out FILE`), atomically, into
/// its folder. A link to a regular file is written through: the file it
/// points to is replaced. Anything else that is not a regular file (a
/// device, a pipe, a folder, a dangling link) is refused rather than
/// replaced by a regular file; `-` (standard output) is the caller's to handle.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let refuse = |what: String| {
        Error::Usage(format!(
            "--out {} is {what}; name a regular file, or - for standard output",
            path.display()
        ))
    };
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = match fs::metadata(path) {
        Ok(meta) if meta.is_file() && is_link => fs::canonicalize(path).map_err(io(path))?,
        Ok(meta) if meta.is_file() => path.to_path_buf(),
        Ok(meta) => {
            let kind = file_kind(&meta.file_type());
            return Err(refuse(format!("{kind}, not a regular file")));
        }
        Err(_) if is_link => return Err(refuse("a symbolic link to nothing".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source: e,
            });
        }
    };
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("\"{}\" does not name a file", path.display())))?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    OutDir::create(dir)?.write(name, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_names_leaving_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::create(dir.path()).unwrap();
        for bad in ["../x.svg", "/etc/passwd", "", "a/../../b"] {
            assert!(out.write(bad, b"x").is_err(), "{bad}");
        }
        assert!(out.write("sub/ok.txt", b"x").is_ok());
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::create(dir.path()).unwrap();
        out.write("a.txt", b"first").unwrap();
        out.write("a.txt", b"second").unwrap();
        assert_eq!(fs::read(dir.path().join("a.txt")).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn temporary_names_are_unpredictable() {
        let dir = tempfile::tempdir().unwrap();
        let a = create_temporary(dir.path(), "x.svg").unwrap().0;
        let b = create_temporary(dir.path(), "x.svg").unwrap().0;
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".x.svg.") && name.ends_with(".tmp"), "{name}");
    }

    #[test]
    fn refuses_windows_device_names_and_long_names() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::create(dir.path()).unwrap();
        for bad in [
            "CON",
            "nul.svg",
            "com1.png",
            "Lpt9",
            "aux.tar.gz",
            "prn .txt",
            "sub/con.svg",
        ] {
            let e = out.write(bad, b"x").unwrap_err().to_string();
            assert!(e.contains("is a device name on Windows"), "{bad}: {e}");
        }
        for ok in [
            "console.svg",
            "com10.svg",
            "com0.svg",
            "lpt.svg",
            "nul-compare.svg",
            "icon.svg",
        ] {
            assert!(out.write(ok, b"x").is_ok(), "{ok}");
        }
        let long = format!("{}.svg", "a".repeat(300));
        let e = out.write(&long, b"x").unwrap_err().to_string();
        assert!(e.contains("is too long (304 bytes)"), "{e}");
        assert!(out.write(&format!("{}.svg", "a".repeat(196)), b"x").is_ok());
    }

    #[test]
    fn a_file_named_as_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.txt");
        fs::write(&file, b"mine").unwrap();
        let e = OutDir::create(&file).unwrap_err().to_string();
        assert!(
            e.ends_with("out.txt is a file; --out must be a folder (it is created when missing)"),
            "{e}"
        );
        assert_eq!(fs::read(&file).unwrap(), b"mine");
    }

    #[cfg(unix)]
    #[test]
    fn planted_links_are_replaced_never_written_through() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let victim = outside.join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let out_path = dir.path().join("out");
        let out = OutDir::create(&out_path).unwrap();
        // Under the final name, under the old predictable temporary name, and
        // under a folder name.
        symlink(&victim, out_path.join("map.svg")).unwrap();
        symlink(&victim, out_path.join(format!(".map.svg.tmp-{}", std::process::id()))).unwrap();
        symlink(&outside, out_path.join("sub")).unwrap();
        out.write("map.svg", b"new map").unwrap();
        assert!(out.write("sub/x.svg", b"x").is_err());
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
        let meta = fs::symlink_metadata(out_path.join("map.svg")).unwrap();
        assert!(meta.is_file(), "the link itself was replaced by the map");
        assert_eq!(fs::read(out_path.join("map.svg")).unwrap(), b"new map");
    }

    #[cfg(unix)]
    #[test]
    fn out_file_refuses_devices_and_writes_through_links_to_files() {
        use std::os::unix::fs::{FileTypeExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        // A FIFO stands for every non-regular file (a device would do, but
        // these tests may run as root, where a regression would replace it).
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let e = write_file(&fifo, b"x").unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "--out {} is a FIFO (named pipe), not a regular file; name a regular file, or - for standard output",
                fifo.display()
            )
        );
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        let e = write_file(dir.path(), b"x").unwrap_err().to_string();
        assert!(
            e.ends_with("is a folder, not a regular file; name a regular file, or - for standard output"),
            "{e}"
        );
        let mine = dir.path().join("mine.json");
        fs::write(&mine, b"old").unwrap();
        let link = dir.path().join("link.json");
        symlink(&mine, &link).unwrap();
        write_file(&link, b"new").unwrap();
        assert_eq!(fs::read(&mine).unwrap(), b"new");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        let dangling = dir.path().join("dangling.json");
        symlink(dir.path().join("nothing"), &dangling).unwrap();
        let e = write_file(&dangling, b"x").unwrap_err().to_string();
        assert!(e.contains("is a symbolic link to nothing"), "{e}");
    }
}
