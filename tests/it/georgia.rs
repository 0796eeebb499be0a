//! The second example dataset (Georgia: Abkhazia and South Ossetia): the
//! same binary on another dispute, with its own table, scenarios and anchors.

use std::path::{Path, PathBuf};

use claimsmap::present;
use claimsmap::scenario::{Engine, check_anchors};
use claimsmap::scene::{self, Base, Options};
use claimsmap::write::svg;

fn georgia() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/georgia")
}

#[test]
fn georgia_loads_fits_and_keeps_its_anchors() {
    let ds = claimsmap::load::dataset(&georgia()).expect("the Georgia dataset loads");
    assert_eq!(ds.units.len(), 12);
    assert_eq!(ds.country.name, "Georgia");
    let engine = Engine::new(&ds);
    let current = engine.current().unwrap();
    let wrong: Vec<String> = check_anchors(&ds, &current).iter().map(ToString::to_string).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    let session = claimsmap::session::Session::with_dataset(ds.clone(), None).unwrap();
    let r = session.stats(&session.resolve("current").unwrap());
    // Abkhazia (about 8,700 km²) and South Ossetia (about 3,900 km²): about 18 % of 69,700 km².
    assert!(
        (0.16..=0.20).contains(&r.totals.held_share_of_country),
        "{}",
        r.totals.held_share_of_country
    );
    let w = session.stats(&session.resolve("withdrawal").unwrap());
    assert_eq!(w.totals.after_km2, 0.0);
    assert!((w.totals.returned_km2 - r.totals.held_km2).abs() < 1.0);
}

#[test]
fn georgia_renders_with_its_own_names_and_colours() {
    let ds = claimsmap::load::dataset(&georgia()).unwrap();
    let session = claimsmap::session::Session::with_dataset(ds, None).unwrap();
    let o = session.resolve("status-quo").unwrap();
    let r = session.stats(&o);
    let s = scene::single(&Base::new(session.dataset()).unwrap(), &o, &r, &Options::default()).unwrap();
    let names: Vec<&str> = s.texts().map(|t| t.text.as_str()).collect();
    for key in ["Tbilisi", "Sukhumi", "Tskhinvali", "Gori"] {
        assert!(names.contains(&key), "{key} missing: {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("Line of control,")));
    let text = svg::write(&s);
    assert!(text.contains("class=\"cm-frozen\""));
    let halos = s.texts().filter(|t| t.halo.is_some()).count();
    assert_eq!(
        present::text_count(&present::parse(&text).unwrap()),
        names.len() + halos
    );
}
