//! Small domain values that carry their own invariant: an index into the
//! units, a scenario id that is safe as a file name, a language code, a
//! colour, a calendar date, a share in 0..=1. Each is checked once, where it
//! is made (by the loader), so later stages never re-check or re-parse.
//!
//! Nothing here reads files or knows a file's line numbers: constructors
//! return a short reason, and the loader turns it into a located problem.

use std::fmt;

/// Position of a unit in the dataset's unit list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitIdx(pub(crate) usize);

impl UnitIdx {
    /// The position as a plain index.
    pub fn get(self) -> usize {
        self.0
    }
}

/// One value per unit of a dataset, in the dataset's unit order: the
/// alignment with the units is held by the type, not by a comment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PerUnit<T>(pub(crate) Vec<T>);

impl<T> PerUnit<T> {
    /// Values built from a list already in unit order.
    pub fn from_vec(values: Vec<T>) -> Self {
        PerUnit(values)
    }

    /// The values in unit order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// The values with their unit index.
    pub fn enumerate(&self) -> impl Iterator<Item = (UnitIdx, &T)> {
        self.0.iter().enumerate().map(|(i, v)| (UnitIdx(i), v))
    }

    /// The values as a slice, in unit order.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The number of units.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the dataset has no units.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A value per unit computed from each of these.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> PerUnit<U> {
        PerUnit(self.0.iter().map(f).collect())
    }
}

impl<T> std::ops::Index<UnitIdx> for PerUnit<T> {
    type Output = T;
    fn index(&self, i: UnitIdx) -> &T {
        &self.0[i.0]
    }
}

impl<T> std::ops::IndexMut<UnitIdx> for PerUnit<T> {
    fn index_mut(&mut self, i: UnitIdx) -> &mut T {
        &mut self.0[i.0]
    }
}

/// Longest scenario id: it names output files, with suffixes such as
/// `-compare.png`, and must fit every file system.
pub const MAX_SCENARIO_ID: usize = 64;

/// A scenario id: ASCII letters, digits, `-` and `_`, starting with a letter
/// or digit, at most [`MAX_SCENARIO_ID`] long, not a Windows device name.
/// Safe as a file name on every system by construction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScenarioId(String);

impl ScenarioId {
    /// Checks `id`; `None` when it is not file-name safe.
    pub fn new(id: &str) -> Option<Self> {
        let mut chars = id.chars();
        let safe = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && id.len() <= MAX_SCENARIO_ID
            && !crate::output::windows_reserved(id);
        safe.then(|| ScenarioId(id.to_string()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language code such as `en` or `uk` (lower-case ASCII letters, with an
/// optional `-` region such as `pt-br`); `en` means the dataset's main names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(String);

impl Lang {
    /// Checks `code`; `None` when it is not a language code.
    pub fn new(code: &str) -> Option<Self> {
        let mut parts = code.split('-');
        let main = parts.next().unwrap_or_default();
        let ok = (2..=3).contains(&main.len())
            && main.chars().all(|c| c.is_ascii_lowercase())
            && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        ok.then(|| Lang(code.to_string()))
    }

    /// The dataset's main language.
    pub fn main() -> Self {
        Lang("en".into())
    }

    /// True for the main language (names come from the main columns).
    pub fn is_main(&self) -> bool {
        self.0 == "en"
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::main()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An sRGB colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Parses `#rgb` or `#rrggbb`; `None` otherwise.
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Colour([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            6 => {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Colour([byte(0)?, byte(2)?, byte(4)?]))
            }
            _ => None,
        }
    }

    /// This colour in Oklab (Björn Ottosson's published matrices, 2020). The power
    /// and cube root come from `libm` (pure Rust, the same bits on every
    /// platform) rather than the system's maths library, so the palette, and
    /// the PNG's bytes, do not depend on the platform.
    pub fn oklab(self) -> [f32; 3] {
        let c = self.0;
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                libm::powf((v + 0.055) / 1.055, 2.4)
            }
        };
        let (r, g, b) = (lin(c[0]), lin(c[1]), lin(c[2]));
        let l = libm::cbrtf(0.412_221_47 * r + 0.536_332_55 * g + 0.051_445_99 * b);
        let m = libm::cbrtf(0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b);
        let s = libm::cbrtf(0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b);
        [
            0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
            1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
            0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
        ]
    }

    /// The distance between two colours in Oklab (0 for the same colour,
    /// about 0.02 for the least difference a reader sees side by side, 1
    /// for black against white).
    pub fn distance(self, other: Colour) -> f32 {
        let (a, b) = (self.oklab(), other.oklab());
        let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
        (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate {
    year: i32,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl IsoDate {
    /// Parses `YYYY-MM-DD`, checking the day exists in its month.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = &s[r];
            t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(IsoDate {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The date `days` days after 1970-01-01 (negative: before it).
    ///
    /// Written by hand: the civil-from-days conversion is a few lines of
    /// integer arithmetic, and the only clock reading in the crate (the
    /// warning about a snapshot dated after today) needs no time-zone or
    /// calendar crate for it.
    pub fn from_unix_days(days: i64) -> Self {
        // Days since 0000-03-01, counted in 400-year eras of 146,097 days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        IsoDate { year, month, day }
    }

    /// Today's date in UTC by the system clock, or `None` if the clock
    /// reads before 1970.
    pub fn today() -> Option<Self> {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Some(Self::from_unix_days((secs / 86_400) as i64))
    }

    /// The date in words, for captions: `15 August 2025`.
    pub fn long(&self) -> String {
        format!("{} {} {}", self.day, MONTHS[usize::from(self.month) - 1], self.year)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A share of a unit's area, in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Share(f64);

impl Share {
    /// Checks `v`; `None` unless it is a finite number in 0..=1.
    pub fn new(v: f64) -> Option<Self> {
        (v.is_finite() && (0.0..=1.0).contains(&v)).then_some(Share(v))
    }

    /// The share as a fraction.
    pub fn get(self) -> f64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_give_the_calendar_date() {
        let d = |s: &str| IsoDate::parse(s).unwrap();
        assert_eq!(IsoDate::from_unix_days(0), d("1970-01-01"));
        assert_eq!(IsoDate::from_unix_days(-1), d("1969-12-31"));
        assert_eq!(IsoDate::from_unix_days(11_016), d("2000-02-29"));
        assert_eq!(IsoDate::from_unix_days(20_315), d("2025-08-15"));
        assert_eq!(IsoDate::from_unix_days(19_046), d("2022-02-23"));
        assert_eq!(IsoDate::from_unix_days(146_097), d("2370-01-01"));
        // Every day of four centuries follows its predecessor.
        let mut prev = IsoDate::from_unix_days(-1);
        for n in 0..146_097 {
            let next = IsoDate::from_unix_days(n);
            assert!(next > prev, "{next} after {prev}");
            assert_eq!(IsoDate::parse(&next.to_string()), Some(next));
            prev = next;
        }
    }

    #[test]
    fn values_check_themselves() {
        assert!(ScenarioId::new("alaska-terms").is_some());
        assert!(ScenarioId::new("../x").is_none() && ScenarioId::new("").is_none());
        assert_eq!(Colour::parse("#b8312f").unwrap().to_string(), "#b8312f");
        assert_eq!(Colour::parse("#fa0").unwrap().to_string(), "#ffaa00");
        assert!(Colour::parse("red").is_none() && Colour::parse("#ggg").is_none());
        assert_eq!(IsoDate::parse("2025-08-15").unwrap().long(), "15 August 2025");
        assert!(IsoDate::parse("2025-02-29").is_none() && IsoDate::parse("2024-02-29").is_some());
        assert!(Lang::new("uk").is_some() && Lang::new("UK").is_none() && Lang::new("pt-br").is_some());
        assert!(Share::new(1.5).is_none() && Share::new(f64::NAN).is_none());
    }
}
