//! Reading Natural Earth shapefiles (`.shp` + `.dbf`) into `geo` values.

use std::path::Path;

use geo::{MultiLineString, MultiPolygon};
use shapefile::dbase::{self, FieldValue, Record};

use crate::error::{Error, Location, Problem, Result};
use crate::geometry;

/// Text encoding of a `.dbf` file.
#[derive(Debug, Clone, Copy)]
pub enum Encoding {
    /// UTF-8 (or plain ASCII).
    Utf8,
    /// ISO 8859-1 / Windows-1252, as Natural Earth's populated places use.
    Latin1,
}

fn problem(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::problem(
        Problem::new(path, Location::File, format!("cannot read shapefile: {e}"))
            .with_hint("run `make geodata`, which fetches the Natural Earth files"),
    )
}

fn open(
    path: &Path,
    encoding: Encoding,
) -> Result<shapefile::Reader<std::io::BufReader<std::fs::File>, std::io::BufReader<std::fs::File>>> {
    // Only regular files within the input cap are opened: the reader then
    // reads at most what the file holds.
    // (A missing file keeps the reader's message, which says how to fetch it.)
    let dbf = path.with_extension("dbf");
    let shx = path.with_extension("shx");
    for p in [path, dbf.as_path(), shx.as_path()] {
        if p.exists() {
            crate::input::check(p, crate::input::Accept::File)?;
        }
    }
    let shapes = shapefile::ShapeReader::from_path(path).map_err(|e| problem(path, e))?;
    let builder = match encoding {
        Encoding::Utf8 => dbase::ReaderBuilder::new(),
        Encoding::Latin1 => dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::EncodingRs::from(dbase::encoding_rs::WINDOWS_1252)),
    };
    let records = builder.open(&dbf).map_err(|e| problem(&dbf, e))?;
    Ok(shapefile::Reader::new(shapes, records))
}

/// Reads a polygon layer; rings are oriented per RFC 7946 (shapefiles wind
/// outer rings clockwise).
pub fn polygons(path: &Path, encoding: Encoding) -> Result<Vec<(MultiPolygon<f64>, Record)>> {
    let mut reader = open(path, encoding)?;
    let mut out = Vec::new();
    for item in reader.iter_shapes_and_records_as::<shapefile::Polygon, Record>() {
        let (shape, record) = item.map_err(|e| problem(path, e))?;
        let mp = MultiPolygon::<f64>::try_from(shape).map_err(|e| problem(path, e))?;
        out.push((geometry::orient(&mp), record));
    }
    Ok(out)
}

/// Reads a line layer.
pub fn lines(path: &Path, encoding: Encoding) -> Result<Vec<(MultiLineString<f64>, Record)>> {
    let mut reader = open(path, encoding)?;
    let mut out = Vec::new();
    for item in reader.iter_shapes_and_records_as::<shapefile::Polyline, Record>() {
        let (shape, record) = item.map_err(|e| problem(path, e))?;
        out.push((MultiLineString::<f64>::from(shape), record));
    }
    Ok(out)
}

/// Reads a point layer.
pub fn points(path: &Path, encoding: Encoding) -> Result<Vec<(geo::Point<f64>, Record)>> {
    let mut reader = open(path, encoding)?;
    let mut out = Vec::new();
    for item in reader.iter_shapes_and_records_as::<shapefile::Point, Record>() {
        let (shape, record) = item.map_err(|e| problem(path, e))?;
        out.push((geo::Point::new(shape.x, shape.y), record));
    }
    Ok(out)
}

/// A text field's value, trimmed; `None` when absent or empty.
pub fn text(record: &Record, field: &str) -> Option<String> {
    match record.get(field) {
        Some(FieldValue::Character(Some(s))) | Some(FieldValue::Memo(s)) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        _ => None,
    }
}
