//! What the benchmarks share: where the project's folder and its release
//! binary are. Measures nothing itself and must not depend on criterion.

use std::path::{Path, PathBuf};

/// The claimsmap project folder (this package's parent).
pub fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The release binary the whole-run benchmark times: `$CLAIMSMAP_BIN`, or
/// `target/release/claimsmap` (`make bench` builds it first).
pub fn binary() -> PathBuf {
    let path = std::env::var_os("CLAIMSMAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/release/claimsmap"));
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build --release` first, or set CLAIMSMAP_BIN",
        path.display()
    );
    path
}
