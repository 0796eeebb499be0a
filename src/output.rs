//! The only module that writes files. Every file is written to a temporary
//! file in the same folder and renamed into place, so an interrupted run
//! never leaves a half-written output, and no name can leave the folder.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// A folder that outputs are written into.
#[derive(Debug, Clone)]
pub struct OutDir {
    root: PathBuf,
}

impl OutDir {
    /// Uses `root` as the output folder, creating it when missing.
    pub fn create(root: &Path) -> Result<Self> {
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
    /// it (absolute paths, `..`, empty names).
    pub fn resolve(&self, name: &str) -> Result<PathBuf> {
        let rel = Path::new(name);
        let safe = !name.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Error::Usage(format!(
                "output name \"{name}\" would leave the output folder {}; use a plain file name",
                self.root.display()
            )));
        }
        Ok(self.root.join(rel))
    }

    /// Writes `bytes` to `name` inside the folder, atomically: a temporary
    /// file in the same folder is written, flushed and renamed over the target.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let target = self.resolve(name)?;
        let parent = target.parent().unwrap_or(&self.root).to_path_buf();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = parent.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut f = fs::File::create(&tmp).map_err(io(&tmp))?;
            f.write_all(bytes).map_err(io(&tmp))?;
            f.sync_all().map_err(io(&tmp))?;
            fs::rename(&tmp, &target).map_err(io(&target))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map(|()| target)
    }
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
}
