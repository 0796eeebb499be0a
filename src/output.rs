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
//!
//! A folder taken for a whole run ([`OutDir::claim`]) is locked, so two runs
//! cannot interleave their files, and keeps a manifest ([`MANIFEST`]) of
//! the names claimsmap wrote there: an existing file not listed (the
//! user's own `index.html`) is never replaced unless the run was given
//! `--force`. This module must not write anywhere but below its folder.

use std::collections::BTreeSet;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Longest output file name (bytes): common file systems allow 255, and
/// archive tools and synced folders add their own suffixes.
pub const MAX_NAME_BYTES: usize = 200;

/// How many unpredictable temporary names are tried before giving up.
const TEMP_ATTEMPTS: usize = 16;

/// The file in a claimed output folder that lists, one a line, the names
/// claimsmap wrote there. Hidden, so folder listings and copies of the
/// maps leave it out; deleting it makes the next run treat every existing
/// file as the user's.
pub const MANIFEST: &str = ".claimsmap-manifest";

/// A folder that outputs are written into.
#[derive(Debug)]
pub struct OutDir {
    root: PathBuf,
    claim: Option<Claim>,
    /// Files are created readable and writable by the user alone (a cache).
    private: bool,
}

/// What a claimed folder holds for the run: the lock, the manifest open
/// for appending, and the names it lists.
#[derive(Debug)]
struct Claim {
    /// The folder itself, locked until the run ends (`None` where the
    /// platform or file system has no locks).
    _lock: Option<fs::File>,
    force: bool,
    /// The manifest, open for appending once it exists, and its names.
    manifest: Mutex<(Option<fs::File>, BTreeSet<String>)>,
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
            claim: None,
            private: false,
        })
    }

    /// Uses `root` as a folder of the user's own (a cache): created when
    /// missing readable, writable and searchable by the user alone, and
    /// every file written in it readable and writable by the user alone,
    /// whatever the umask. (Under the common umask 002 a cache's files
    /// came out group-writable, which the cache rightly refuses to read.)
    pub fn create_private(root: &Path) -> Result<Self> {
        if fs::symlink_metadata(root).is_err() {
            let mut builder = fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(root).map_err(io(root))?;
        }
        let mut out = Self::create(root)?;
        out.private = true;
        Ok(out)
    }

    /// Takes `root` for a whole run (`render`, `import`): creates it when
    /// missing, locks it against other runs, and reads its manifest. From
    /// then on a file is only replaced if the manifest lists it, or with
    /// `force`.
    pub fn claim(root: &Path, force: bool) -> Result<Self> {
        let mut out = Self::create(root)?;
        let lock = lock_folder(root)?;
        let manifest_path = root.join(MANIFEST);
        let (file, names) = open_manifest(&manifest_path)?;
        out.claim = Some(Claim {
            _lock: lock,
            force,
            manifest: Mutex::new((file, names)),
        });
        Ok(out)
    }

    /// Refuses, before anything is written, when one of `names` exists in
    /// the folder and claimsmap did not write it (see [`OutDir::claim`]).
    /// Only for a claimed folder; elsewhere it checks nothing.
    pub fn check_free<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
        for name in names {
            self.check_own(name)?;
        }
        Ok(())
    }

    /// Refuses to replace `name` if it exists and is not listed in the
    /// manifest of a claimed folder run without `force`.
    fn check_own(&self, name: &str) -> Result<bool> {
        let Some(claim) = &self.claim else { return Ok(true) };
        let target = self.resolve(name)?;
        let listed = claim.manifest.lock().is_ok_and(|m| m.1.contains(name));
        if listed || claim.force || fs::symlink_metadata(&target).is_err() {
            return Ok(listed);
        }
        Err(Error::Usage(format!(
            "{} exists and claimsmap did not write it (it is not listed in {}); move it away, or pass --force to replace it",
            target.display(),
            self.root.join(MANIFEST).display()
        )))
    }

    /// Lists `name` in the manifest of a claimed folder before it is
    /// written, so a run killed halfway still owns what it wrote.
    fn record(&self, name: &str) -> Result<()> {
        let Some(claim) = &self.claim else { return Ok(()) };
        if self.check_own(name)? {
            return Ok(());
        }
        let path = self.root.join(MANIFEST);
        let mut m = claim.manifest.lock().map_err(|_| Error::Io {
            path: path.clone(),
            source: std::io::Error::other("the manifest is unavailable after a failed write"),
        })?;
        if m.0.is_none() {
            // Created with the first file written, so a refused run leaves
            // the folder as it was.
            let mut file = fs::OpenOptions::new()
                .append(true)
                .create_new(true)
                .open(&path)
                .map_err(io(&path))?;
            file.write_all(MANIFEST_HEADER.as_bytes()).map_err(io(&path))?;
            m.0 = Some(file);
        }
        if let Some(file) = m.0.as_mut() {
            file.write_all(format!("{name}\n").as_bytes()).map_err(io(&path))?;
        }
        m.1.insert(name.to_string());
        Ok(())
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
    /// In a claimed folder, a file the manifest does not list is only
    /// replaced with `force`, and the name is listed before it is written.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let target = self.resolve(name)?;
        self.record(name)?;
        let parent = target.parent().unwrap_or(&self.root).to_path_buf();
        self.make_folders(&parent)?;
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (tmp, mut f) = create_temporary(&parent, &file_name, self.private)?;
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

    /// Deletes the regular files directly in the folder whose names start
    /// with `prefix` and end with `suffix`, all but the `keep` most recently
    /// modified (a cache's oldest entries), and the temporaries of such
    /// files left by killed runs more than an hour ago. Errors are ignored:
    /// what cannot be listed or removed stays.
    pub fn prune(&self, prefix: &str, suffix: &str, keep: usize) {
        let Ok(entries) = fs::read_dir(&self.root) else { return };
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
        for e in entries.flatten() {
            let Ok(name) = e.file_name().into_string() else {
                continue;
            };
            let Some(at) = e
                .metadata()
                .ok()
                .filter(fs::Metadata::is_file)
                .and_then(|m| m.modified().ok())
            else {
                continue;
            };
            let temporary = name.starts_with(&format!(".{prefix}")) && name.ends_with(".tmp");
            if temporary && at < hour_ago {
                let _ = fs::remove_file(self.root.join(&name));
            } else if name.starts_with(prefix) && name.ends_with(suffix) {
                found.push((at, name));
            }
        }
        found.sort_by(|a, b| b.cmp(a));
        for (_, name) in found.into_iter().skip(keep) {
            let _ = fs::remove_file(self.root.join(name));
        }
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

/// The first line of a new manifest.
const MANIFEST_HEADER: &str =
    "# Files claimsmap wrote into this folder, one a line; it replaces only these (others with --force).\n";

/// Locks the folder `root` against other claimsmap runs for as long as the
/// returned handle lives. A folder held by another run is refused; where
/// the platform or file system cannot lock, the run goes on unlocked.
fn lock_folder(root: &Path) -> Result<Option<fs::File>> {
    #[cfg(unix)]
    {
        let Ok(dir) = fs::File::open(root) else { return Ok(None) };
        match dir.try_lock() {
            Ok(()) => Ok(Some(dir)),
            Err(fs::TryLockError::WouldBlock) => Err(Error::Io {
                path: root.to_path_buf(),
                source: std::io::Error::other(
                    "another claimsmap run is writing into this folder; wait for it to finish, or use another --out",
                ),
            }),
            Err(fs::TryLockError::Error(_)) => Ok(None),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = root;
        Ok(None)
    }
}

/// Opens the manifest at `path` for appending, when there is one, and
/// reads the names it lists. A link or anything but a regular file
/// under its name is refused, and an existing manifest is opened only if it
/// is the very file looked at (never a link swapped in since).
fn open_manifest(path: &Path) -> Result<(Option<fs::File>, BTreeSet<String>)> {
    let refuse = |kind: &str| {
        Error::Usage(format!(
            "{} is {kind}, not claimsmap's manifest; remove it from the output folder",
            path.display()
        ))
    };
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {
            let bytes = crate::input::read_bytes(path, crate::input::Accept::File)?;
            let file = fs::OpenOptions::new().append(true).open(path).map_err(io(path))?;
            let opened = file.metadata().map_err(io(path))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
                    return Err(refuse("a file replaced while it was opened"));
                }
            }
            #[cfg(not(unix))]
            let _ = opened;
            let names = String::from_utf8_lossy(&bytes)
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect();
            Ok((Some(file), names))
        }
        Ok(meta) => Err(refuse(file_kind(&meta.file_type()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, BTreeSet::new())),
        Err(e) => Err(Error::Io {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

/// Creates a new, empty temporary file for `file_name` in `dir`, under a
/// name nobody can predict, readable and writable by the user alone when
/// `private`; an existing entry (a stale temporary, a planted link) is
/// never opened.
fn create_temporary(dir: &Path, file_name: &str, private: bool) -> Result<(PathBuf, fs::File)> {
    let mut last = None;
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = dir.join(format!(".{file_name}.{:016x}.tmp", random_u64()));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        match options.open(&tmp) {
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
        let a = create_temporary(dir.path(), "x.svg", false).unwrap().0;
        let b = create_temporary(dir.path(), "x.svg", true).unwrap().0;
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

    #[test]
    fn a_claimed_folder_replaces_only_what_its_manifest_lists() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), b"mine").unwrap();
        let out = OutDir::claim(dir.path(), false).unwrap();
        let e = out.write("index.html", b"new").unwrap_err().to_string();
        assert!(
            e.contains("index.html exists and claimsmap did not write it")
                && e.ends_with("; move it away, or pass --force to replace it"),
            "{e}"
        );
        assert!(!dir.path().join(MANIFEST).exists(), "nothing was written");
        out.write("map.svg", b"a").unwrap();
        drop(out);
        let again = OutDir::claim(dir.path(), false).unwrap();
        again.write("map.svg", b"b").unwrap();
        assert!(again.check_free(["index.html"]).is_err());
        drop(again);
        let forced = OutDir::claim(dir.path(), true).unwrap();
        forced.write("index.html", b"new").unwrap();
        assert_eq!(fs::read(dir.path().join("index.html")).unwrap(), b"new");
        let listed = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert_eq!(
            listed.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(),
            ["map.svg", "index.html"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_as_the_manifest_is_refused_and_two_claims_exclude() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let out_path = dir.path().join("out");
        fs::create_dir(&out_path).unwrap();
        std::os::unix::fs::symlink(&victim, out_path.join(MANIFEST)).unwrap();
        let e = OutDir::claim(&out_path, true).unwrap_err().to_string();
        assert!(
            e.ends_with("is a symbolic link, not claimsmap's manifest; remove it from the output folder"),
            "{e}"
        );
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        fs::remove_file(out_path.join(MANIFEST)).unwrap();
        let first = OutDir::claim(&out_path, false).unwrap();
        let e = OutDir::claim(&out_path, false).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "another claimsmap run is writing into this folder; wait for it to finish, or use another --out"
            ),
            "{e}"
        );
        drop(first);
        assert!(OutDir::claim(&out_path, false).is_ok());
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
