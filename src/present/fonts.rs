//! The embedded fonts, and SVG text parsed with them (never system fonts,
//! so text renders the same on every machine).

use std::sync::{Arc, OnceLock};

use resvg::usvg::{self, fontdb};

use crate::error::{Error, Result};

/// The embedded font database: DejaVu Sans regular, bold, oblique and bold
/// oblique, loaded from memory once, and every generic family mapped to it.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for data in [
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
        ] {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans");
        db.set_cursive_family("DejaVu Sans");
        db.set_fantasy_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parses SVG text with the embedded fonts.
pub fn parse(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| Error::Render {
        stage: "parsing the SVG",
        message: e.to_string(),
    })
}

/// Counts the text elements usvg kept (it drops text it cannot shape).
pub fn text_count(tree: &usvg::Tree) -> usize {
    fn walk(g: &usvg::Group) -> usize {
        g.children()
            .iter()
            .map(|n| match n {
                usvg::Node::Text(_) => 1,
                usvg::Node::Group(g) => walk(g),
                _ => 0,
            })
            .sum()
    }
    walk(tree.root())
}
