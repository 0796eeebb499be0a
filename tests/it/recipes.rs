//! Natural Earth selection in import recipes, on the pinned Natural Earth
//! files (`make geodata` fetches them into `target/naturalearth`; without
//! them these tests say so and pass): `import --list`, a did-you-mean that
//! ignores diacritics, a choice between two features of one name, and
//! several features merged into one unit.

use std::path::{Path, PathBuf};
use std::process::Command;

fn source() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/naturalearth");
    if dir.join(claimsmap::import::NE_ADMIN1).exists() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: no Natural Earth files in {} (run make geodata)",
            dir.display()
        );
        None
    }
}

const HEAD: &str = "decimals = 4\n\n[source]\nadmin1 = \"usr/share/gnudatalanguage/resource/maps/high/ne_10m_admin_1_states_provinces.shp\"\nplaces = \"usr/share/magics/10m/ne_10m_populated_places_simple.shp\"\nrivers = \"usr/share/magics/10m/ne_10m_rivers_lake_centerlines.shp\"\nlakes = \"usr/share/gnudatalanguage/resource/maps/high/ne_10m_lakes.shp\"\n\n[context]\nbbox = [26.5, 45.4, 30.2, 48.5]\nmargin = 0.5\n";

/// Runs `import` with a recipe of the given `[[unit]]` tables; exit code,
/// standard error, and the written folder.
fn import(units: &str) -> Option<(i32, String, tempfile::TempDir)> {
    let src = source()?;
    let dir = tempfile::tempdir().unwrap();
    let recipe = dir.path().join("recipe.toml");
    std::fs::write(&recipe, format!("{HEAD}\n{units}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .arg("import")
        .arg("--recipe")
        .arg(&recipe)
        .arg("--source")
        .arg(&src)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    ))
}

#[test]
fn list_prints_a_countrys_features_with_their_selectors() {
    let Some(src) = source() else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(["import", "--list", "md", "--source"])
        .arg(&src)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ne_name"), "{text}");
    let rezina: Vec<&str> = text.lines().filter(|l| l.starts_with("Rezina ")).collect();
    assert_eq!(rezina.len(), 2, "{text}");
    assert!(
        rezina[0].contains(" 949 ") && rezina[1].contains(" 3261 "),
        "{rezina:?}"
    );
    assert!(text.contains("Chişinău"), "{text}");
    assert!(text.contains("40 features with iso_a2 = \"MD\""), "{text}");
}

#[test]
fn a_name_without_its_diacritics_gets_a_did_you_mean() {
    let Some((code, err, _dir)) =
        import("[[unit]]\nid = \"MD-CU\"\nne_name = \"Chisinau\"\nne_iso_a2 = \"MD\"\nname = \"Chisinau\"\n")
    else {
        return;
    };
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unit MD-CU: no Natural Earth feature named \"Chisinau\" in MD; did you mean \"Chişinău\"?"),
        "{err}"
    );
}

#[test]
fn two_features_of_one_name_are_told_apart_by_index_or_point() {
    let Some((code, err, _dir)) =
        import("[[unit]]\nid = \"MD-RE\"\nne_name = \"Rezina\"\nne_iso_a2 = \"MD\"\nname = \"Rezina\"\n")
    else {
        return;
    };
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("2 Natural Earth features are named \"Rezina\" in MD (ne_index 949 around ["),
        "{err}"
    );
    assert!(
        err.contains("pick one with ne_index = N, or ne_point = [lon, lat] inside it"),
        "{err}"
    );
    let (code, err, dir) = import(
        "[[unit]]\nid = \"MD-RE\"\nne_name = \"Rezina\"\nne_index = 3261\nne_iso_a2 = \"MD\"\nname = \"Rezina\"\n",
    )
    .unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("out/units.geojson").exists());
    let (code, err, _) = import(
        "[[unit]]\nid = \"MD-RE\"\nne_name = \"Rezina\"\nne_index = 3256\nne_iso_a2 = \"MD\"\nname = \"Rezina\"\n",
    )
    .unwrap();
    assert_eq!(code, 2);
    assert!(
        err.contains("ne_index 3256 is \"Transnistria\", not \"Rezina\""),
        "{err}"
    );
}

#[test]
fn several_features_merge_into_one_unit() {
    let area = |units: &str| {
        let (code, err, dir) = import(units)?;
        assert_eq!(code, 0, "{err}");
        let (ds, _) = claimsmap::load::boundaries::load(&dir.path().join("out/units.geojson"), "id", "name").unwrap();
        Some(ds.iter().map(|u| (u.id.clone(), u.area_km2)).collect::<Vec<_>>())
    };
    let Some(parts) = area(
        "[[unit]]\nid = \"A\"\nne_name = \"Transnistria\"\nne_iso_a2 = \"MD\"\nname = \"A\"\n\n[[unit]]\nid = \"B\"\nne_name = \"Stîngă Nistrului\"\nne_iso_a2 = \"MD\"\nname = \"B\"\n",
    ) else {
        return;
    };
    let merged = area(
        "[[unit]]\nid = \"AB\"\nne_name = [\"Transnistria\", \"Stîngă Nistrului\"]\nne_iso_a2 = \"MD\"\nname = \"AB\"\n",
    )
    .unwrap();
    assert_eq!(merged.len(), 1);
    let sum: f64 = parts.iter().map(|p| p.1).sum();
    assert!((merged[0].1 / sum - 1.0).abs() < 0.002, "{merged:?} against {parts:?}");
}

#[test]
fn a_place_natural_earth_lacks_or_puts_outside_the_units_says_so() {
    let unit = "[[unit]]\nid = \"MD-SO\"\nne_name = \"Soroca\"\nne_iso_a2 = \"MD\"\nname = \"Soroca\"\n\n[[unit]]\nid = \"MD-BD\"\nne_name = \"Bender\"\nne_iso_a2 = \"MD\"\nname = \"Bender\"\n";
    let Some((code, err, _dir)) = import(&format!(
        "{unit}\n[[place]]\nid = \"soroca\"\nname = \"Soroca\"\nne = \"Soroca\"\nrank = 3\n\n[[place]]\nid = \"iasi\"\nname = \"Iași\"\nne = \"Iasi\"\nrank = 2\n"
    )) else {
        return;
    };
    assert_eq!(code, 2, "{err}");
    // Natural Earth has no populated place "Soroca"; nothing within the frame is spelt close to it.
    assert!(
        err.contains("recipe.toml: place soroca: no Natural Earth populated place is named \"Soroca\"; `ne` takes Natural Earth's ASCII name (nameascii); or give `lon`, `lat` and `source` instead of `ne` (a gazetteer's coordinates, longitude first)"),
        "{err}"
    );
    // Iași is a place of Natural Earth's, in Romania: outside the recipe's units.
    assert!(
        err.contains("recipe.toml: place iasi: Natural Earth's \"Iasi\" at [27.5"),
        "{err}"
    );
    assert!(
        err.contains("lies in none of the units (outlines are coarse along rivers and borders); give `lon`, `lat` and `source` instead of `ne`"),
        "{err}"
    );
}
