//! Someone else's boundaries: a second GeoJSON of Ukraine's oblasts built
//! from the dataset's own, the way other sources ship them (GADM-style
//! `NAME_1` names in other transliterations, no ids, rings wound
//! clockwise, positions rounded to 0.001°), drawn through `--match-names` and through `--id-map`: the
//! same km² within 0.5 %, the anchors holding, the credits saying whose
//! boundaries they are.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use super::geodata;

/// The dataset's names as other sources spell them.
const VARIANTS: [(&str, &str); 27] = [
    ("Vinnytsia", "Vinnytsya"),
    ("Volyn", "Volyn"),
    ("Luhansk", "Lugansk"),
    ("Dnipropetrovsk", "Dnepropetrovsk"),
    ("Donetsk", "Donets'k"),
    ("Zhytomyr", "Zhytomyr"),
    ("Zakarpattia", "Transcarpathia"),
    ("Zaporizhzhia", "Zaporozhye"),
    ("Ivano-Frankivsk", "Ivano-Frankivs'k"),
    ("Kyiv City", "Kiev City"),
    ("Kyiv Oblast", "Kiev"),
    ("Kirovohrad", "Kirovohrad"),
    ("Sevastopol", "Sevastopol'"),
    ("Crimea", "Crimea"),
    ("Lviv", "L'viv"),
    ("Mykolaiv", "Nikolaev"),
    ("Odesa", "Odessa"),
    ("Poltava", "Poltava"),
    ("Rivne", "Rivne"),
    ("Sumy", "Sumy"),
    ("Ternopil", "Ternopil'"),
    ("Kharkiv", "Kharkov"),
    ("Kherson", "Kherson"),
    ("Khmelnytskyi", "Khmel'nyts'kyy"),
    ("Cherkasy", "Cherkasy"),
    ("Chernihiv", "Chernihiv"),
    ("Chernivtsi", "Chernivtsi"),
];

fn claimsmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// Every ring reversed (exteriors clockwise, against RFC 7946) and every
/// position rounded to 0.001° (about 100 m), as another source's file
/// would differ.
fn wind_clockwise(geometry: &Value) -> Value {
    let round = |p: &Value| -> Value {
        let p = p.as_array().unwrap();
        json!([
            (p[0].as_f64().unwrap() * 1000.0).round() / 1000.0,
            (p[1].as_f64().unwrap() * 1000.0).round() / 1000.0
        ])
    };
    let flip = |polygon: &Value| -> Value {
        Value::Array(
            polygon
                .as_array()
                .unwrap()
                .iter()
                .map(|ring| {
                    let mut ring: Vec<Value> = ring.as_array().unwrap().iter().rev().map(round).collect();
                    ring.dedup();
                    Value::Array(ring)
                })
                .collect(),
        )
    };
    let coordinates = &geometry["coordinates"];
    let flipped = match geometry["type"].as_str().unwrap() {
        "Polygon" => flip(coordinates),
        _ => Value::Array(coordinates.as_array().unwrap().iter().map(flip).collect()),
    };
    json!({"type": geometry["type"], "coordinates": flipped})
}

/// Writes the other boundaries and an id map for them into `dir`.
fn other_boundaries(dir: &Path) -> (String, String) {
    let text = std::fs::read_to_string(geodata().join("units.geojson")).unwrap();
    let ours: Value = serde_json::from_str(&text).unwrap();
    let mut features = Vec::new();
    let mut map = String::from("their_id,id\n");
    for (i, f) in ours["features"].as_array().unwrap().iter().enumerate() {
        let name = f["properties"]["name"].as_str().unwrap();
        let variant = VARIANTS.iter().find(|(n, _)| *n == name).expect("a variant per unit").1;
        let gid = format!("UKR.{}_1", i + 1);
        map.push_str(&format!("{gid},{}\n", f["properties"]["id"].as_str().unwrap()));
        features.push(json!({
            "type": "Feature",
            "properties": {"GID_1": gid, "NAME_1": variant, "TYPE_1": "Oblast", "ENGTYPE_1": "Region"},
            "geometry": wind_clockwise(&f["geometry"]),
        }));
    }
    let fc = json!({"type": "FeatureCollection", "features": features});
    let boundaries = dir.join("ukraine-gadm-style.geojson");
    std::fs::write(&boundaries, serde_json::to_string(&fc).unwrap()).unwrap();
    let id_map = dir.join("gadm-ids.csv");
    std::fs::write(&id_map, map).unwrap();
    (
        boundaries.to_str().unwrap().to_string(),
        id_map.to_str().unwrap().to_string(),
    )
}

/// Per unit (id → area, held now, held after) from `stats --format json`.
fn km2(out: &Output) -> Vec<(String, [f64; 3])> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("stats JSON");
    v["scenarios"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let f = |k: &str| u[k].as_f64().unwrap();
            (
                u["id"].as_str().unwrap().to_string(),
                [f("area_km2"), f("held_km2"), f("after_km2")],
            )
        })
        .collect()
}

/// The largest relative difference, in %, of units holding at least 1 km².
fn worst_difference(ours: &[(String, [f64; 3])], theirs: &[(String, [f64; 3])]) -> f64 {
    assert_eq!(ours.len(), theirs.len(), "same units");
    let mut worst = 0.0f64;
    for ((id, a), (id2, b)) in ours.iter().zip(theirs) {
        assert_eq!(id, id2, "same unit order");
        for k in 0..3 {
            if a[k] >= 1.0 {
                let d = (b[k] - a[k]).abs() / a[k] * 100.0;
                assert!(
                    d <= 0.5,
                    "{id}: {} km² against the dataset's {} km² ({d:.3} %)",
                    b[k],
                    a[k]
                );
                worst = worst.max(d);
            } else {
                assert!(b[k] < 1.0, "{id}: {} km² where the dataset has {}", b[k], a[k]);
            }
        }
    }
    worst
}

#[test]
fn other_boundaries_give_the_same_map_through_names_or_an_id_map() {
    let dir = tempfile::tempdir().unwrap();
    let (boundaries, id_map) = other_boundaries(dir.path());
    let data = geodata();
    let data = data.to_str().unwrap();
    let stats = |extra: &[&str]| {
        let mut args = vec![
            "stats",
            "--data",
            data,
            "--scenario",
            "alaska-terms",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        claimsmap(&args)
    };
    let ours = stats(&[]);
    assert!(ours.status.success());
    let ours = km2(&ours);
    let by_name = [
        "--boundaries",
        &boundaries,
        "--name-property",
        "NAME_1",
        "--match-names",
    ];
    let by_map = [
        "--boundaries",
        &boundaries,
        "--id-property",
        "GID_1",
        "--id-map",
        &id_map,
    ];
    for (how, crosswalk, summary) in [
        ("--match-names", &by_name[..], "matched 27 of 27 features by name"),
        ("--id-map", &by_map[..], "matched 27 of 27 features through the id map"),
    ] {
        // Stats refuse lines that put an anchor on the wrong side: success
        // means every anchor holds.
        let theirs = stats(crosswalk);
        let err = String::from_utf8_lossy(&theirs.stderr).into_owned();
        assert!(theirs.status.success(), "{how}: {err}");
        assert!(err.contains(summary), "{how}: {err}");
        assert!(
            err.contains("27 features: rings were wound against RFC 7946 (exteriors clockwise); reoriented them"),
            "{how}: one warning for 27 repairs: {err}"
        );
        assert_eq!(err.matches("reoriented").count(), 1, "{err}");
        assert!(
            !err.contains("no official area"),
            "the dataset's official areas are kept: {err}"
        );
        let worst = worst_difference(&ours, &km2(&theirs));
        eprintln!("{how}: largest km² difference {worst:.4} %");
        let validate = claimsmap(&[&["validate", "--data", data][..], crosswalk].concat());
        assert!(
            validate.status.success(),
            "{how}: anchors hold: {}",
            String::from_utf8_lossy(&validate.stderr)
        );
    }
    // The map credits name the boundaries actually drawn.
    let out = dir.path().join("maps");
    let render = claimsmap(
        &[
            &[
                "render",
                "--data",
                data,
                "--scenario",
                "alaska-terms",
                "--format",
                "svg",
            ][..],
            &by_name[..],
            &[
                "--boundaries-credit",
                "GADM-style test file",
                "--out",
                out.to_str().unwrap(),
            ][..],
        ]
        .concat(),
    );
    assert!(render.status.success(), "{}", String::from_utf8_lossy(&render.stderr));
    let svg = std::fs::read_to_string(out.join("alaska-terms.svg")).unwrap();
    assert!(svg.contains("Boundaries: GADM-style test file."), "credit replaced");
    assert!(!svg.contains("Natural Earth."), "old credit gone");
}
