//! Reading Natural Earth shapefiles (`.shp` + `.dbf`) into `geo` values.
//! Every coordinate read must be a finite longitude/latitude in degrees:
//! a shape with NaN, infinite or out-of-range coordinates is refused with
//! its record number, never passed on to be written.

use std::path::Path;

use geo::{CoordsIter, MultiLineString, MultiPolygon};
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

/// Refuses a shape (record `index`, from 0) with a coordinate that is not
/// a finite longitude/latitude in degrees.
fn check_coords(path: &Path, index: usize, coords: impl Iterator<Item = geo::Coord<f64>>) -> Result<()> {
    for c in coords {
        if !(c.x.is_finite() && c.y.is_finite() && (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y)) {
            return Err(Error::problem(
                Problem::new(
                    path,
                    Location::Feature { index, id: None },
                    format!("coordinate [{}, {}] is not a longitude/latitude in degrees", c.x, c.y),
                )
                .with_hint("repair the shape, or reproject the shapefile to WGS 84 (EPSG:4326) first"),
            ));
        }
    }
    Ok(())
}

/// Reads a polygon layer; rings are oriented per RFC 7946 (shapefiles wind
/// outer rings clockwise).
pub fn polygons(path: &Path, encoding: Encoding) -> Result<Vec<(MultiPolygon<f64>, Record)>> {
    let mut reader = open(path, encoding)?;
    let mut out = Vec::new();
    for item in reader.iter_shapes_and_records_as::<shapefile::Polygon, Record>() {
        let (shape, record) = item.map_err(|e| problem(path, e))?;
        let mp = MultiPolygon::<f64>::try_from(shape).map_err(|e| problem(path, e))?;
        check_coords(path, out.len(), mp.coords_iter())?;
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
        let lines = MultiLineString::<f64>::from(shape);
        check_coords(path, out.len(), lines.coords_iter())?;
        out.push((lines, record));
    }
    Ok(out)
}

/// Reads a point layer.
pub fn points(path: &Path, encoding: Encoding) -> Result<Vec<(geo::Point<f64>, Record)>> {
    let mut reader = open(path, encoding)?;
    let mut out = Vec::new();
    for item in reader.iter_shapes_and_records_as::<shapefile::Point, Record>() {
        let (shape, record) = item.map_err(|e| problem(path, e))?;
        let point = geo::Point::new(shape.x, shape.y);
        check_coords(path, out.len(), std::iter::once(point.0))?;
        out.push((point, record));
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
