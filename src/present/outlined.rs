//! SVG with every text turned into outlines, written back from the parsed
//! tree (for exact reproduction where the reader's fonts must not matter).

use resvg::usvg;

/// The tree written as SVG text, coordinates to two decimals.
pub(super) fn svg(tree: &usvg::Tree) -> String {
    let options = usvg::WriteOptions {
        coordinates_precision: 2,
        ..usvg::WriteOptions::default()
    };
    tree.to_string(&options)
}
