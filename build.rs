//! Gives the binary an identity of the code it was built from, for the fit
//! cache (`src/cli/cache.rs`): a digest of every source file, the manifest,
//! the lock file, the compiler's version and the build's profile and target.
//! Two builds from the same sources share the cache; any change to the code,
//! a dependency or the compiler makes a new identity, so a cache written by
//! other code is never read. This script reads files and sets one variable;
//! it must not write anything.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    for path in ["src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo::rerun-if-changed={path}");
    }
    // Two hashers with different prefixes: 128 bits. No adversary chooses
    // the sources, so a keyed hash from std is enough here; the dataset's
    // files, which strangers write, are digested with SHA-256 at run time.
    let mut hashers = [DefaultHasher::new(), DefaultHasher::new()];
    hashers[1].write(b"second");
    let mut feed = |bytes: &[u8]| {
        for h in &mut hashers {
            h.write_usize(bytes.len());
            h.write(bytes);
        }
    };
    // The built-in dataset compiled in (geodata/) is not digested here:
    // it is read through the same reader as any dataset, which digests it.
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.extend(["Cargo.toml", "Cargo.lock", "build.rs"].map(PathBuf::from));
    files.sort();
    for file in &files {
        feed(file.to_string_lossy().as_bytes());
        feed(&std::fs::read(file).unwrap_or_default());
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    feed(&version);
    for var in ["PROFILE", "TARGET", "OPT_LEVEL", "CARGO_PKG_VERSION"] {
        feed(std::env::var(var).unwrap_or_default().as_bytes());
    }
    let [a, b] = hashers.map(|h| h.finish());
    println!("cargo::rustc-env=CLAIMSMAP_BUILD_ID={a:016x}{b:016x}");
}

/// Every file below `dir`, recursively (unsorted).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&path, files),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
}
