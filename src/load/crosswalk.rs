//! Crosswalks from someone else's boundaries to the dataset's units: an id
//! map (`--id-map FILE.csv`, columns `their_id,id`) and matching by name
//! (`--match-names`).
//!
//! Names are compared in four ever looser readings, each tried only for
//! what the stricter ones left unmatched, and a match is taken only when it
//! is unique both ways (one unit for the feature, one feature for the unit):
//!
//! 1. folded: case, diacritics, apostrophes (`'` `’` `ʼ`), hyphens and
//!    spaces ignored (`Ivano-Frankivs'k` = `ivanofrankivsk`);
//! 2. the same without the words oblast, region, raion, city, province…;
//! 3. a transliteration skeleton of 1.: `kh`, `zh`, `ch`, `sh` kept as one
//!    sound, `h` read as `g` (Ukrainian h, Russian g), `c` as `k`, vowels
//!    and `j` dropped, doubled sounds single (Kharkov = Kharkiv,
//!    Zaporozhye = Zaporizhzhia, Lugansk = Luhansk, Odessa = Odesa);
//! 4. the skeleton of 2.
//!
//! Names no rule relates (Nikolaev/Mykolaiv, Transcarpathia/Zakarpattia)
//! are in [`IRREGULAR`]. A unit already matched drops out, so "Kiev City"
//! taking Kyiv City leaves "Kiev" to Kyiv Oblast.

use std::collections::BTreeMap;
use std::path::Path;

use super::{CommentedCsv, read_text};
use crate::error::{Location, Problem, Problems, Result};

/// Words that say what kind of unit a name is, not which one.
const GENERIC: [&str; 14] = [
    "oblast",
    "oblasti",
    "region",
    "raion",
    "rayon",
    "city",
    "province",
    "autonomous",
    "republic",
    "of",
    "the",
    "область",
    "район",
    "місто",
];

/// Names that no transliteration rule relates, folded: variant → the name
/// the rules then recognise.
pub const IRREGULAR: [(&str, &str); 6] = [
    ("nikolaev", "mykolaiv"),
    ("nikolayev", "mykolaiv"),
    ("transcarpathia", "zakarpattia"),
    ("kropyvnytskyi", "kirovohrad"),
    ("sebastopol", "sevastopol"),
    ("kiew", "kyiv"),
];

/// The letter without its diacritics, for the Latin letters of European
/// place names; other characters unchanged.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        'ґ' => 'г',
        'ё' => 'е',
        'й' => 'и',
        other => other,
    }
}

/// True for the apostrophes and primes names are written with.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´' | 'ʹ' | 'ʻ')
}

/// The words of a name: lower case, without diacritics or apostrophes,
/// split at anything that is not a letter or a digit, irregular variants
/// replaced.
fn words(name: &str) -> Vec<String> {
    let folded: String = name
        .chars()
        .filter(|c| !is_apostrophe(*c))
        .flat_map(char::to_lowercase)
        .map(base_letter)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            IRREGULAR
                .iter()
                .find(|(from, _)| *from == w)
                .map_or_else(|| w.to_string(), |(_, to)| (*to).to_string())
        })
        .collect()
}

/// The transliteration skeleton of a folded word (see the module doc).
fn skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let (sound, len) = match (chars[i], next) {
            ('s', Some('h')) if chars.get(i + 2) == Some(&'c') && chars.get(i + 3) == Some(&'h') => ('S', 4),
            ('k', Some('h')) => ('x', 2),
            ('z', Some('h')) => ('Z', 2),
            ('c', Some('h')) => ('C', 2),
            ('s', Some('h')) => ('S', 2),
            ('h' | 'g', _) => ('g', 1),
            ('c' | 'q', _) => ('k', 1),
            ('w', _) => ('v', 1),
            ('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'j', _) => (' ', 1),
            (c, _) => (c, 1),
        };
        if sound != ' ' && out.last() != Some(&sound) {
            out.push(sound);
        }
        i += len;
    }
    out.into_iter().collect()
}

/// The four readings of a name, strictest first.
pub fn readings(name: &str) -> [String; 4] {
    let all = words(name);
    let core: Vec<&String> = all.iter().filter(|w| !GENERIC.contains(&w.as_str())).collect();
    let core: Vec<&String> = if core.is_empty() { all.iter().collect() } else { core };
    let plain = all.concat();
    let plain_core: String = core.iter().map(|w| w.as_str()).collect();
    let skel: String = all.iter().map(|w| skeleton(w)).collect();
    let skel_core: String = core.iter().map(|w| skeleton(w)).collect();
    [plain, plain_core, skel, skel_core]
}

/// One name, folded (reading 1), for comparing and suggesting.
pub fn fold(name: &str) -> String {
    readings(name)[1].clone()
}

/// Matches `features` (each one name) to `units` (each a list of names):
/// the unit index of every feature, `None` when no unique match exists.
pub fn match_names(features: &[Option<&str>], units: &[Vec<&str>]) -> Vec<Option<usize>> {
    let feature_keys: Vec<Option<[String; 4]>> = features.iter().map(|n| n.map(readings)).collect();
    let unit_keys: Vec<Vec<[String; 4]>> = units
        .iter()
        .map(|names| names.iter().map(|n| readings(n)).collect())
        .collect();
    let mut matched: Vec<Option<usize>> = vec![None; features.len()];
    let mut taken = vec![false; units.len()];
    loop {
        let mut progress = false;
        for tier in 0..4 {
            loop {
                // Candidates at this tier among what is still free.
                let candidates: Vec<Vec<usize>> = feature_keys
                    .iter()
                    .enumerate()
                    .map(|(f, keys)| match (keys, matched[f]) {
                        (Some(keys), None) => (0..units.len())
                            .filter(|&u| !taken[u] && unit_keys[u].iter().any(|k| k[tier] == keys[tier]))
                            .collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                let mut assigned = false;
                for (f, cands) in candidates.iter().enumerate() {
                    if let [u] = cands.as_slice()
                        && candidates.iter().filter(|c| c.contains(u)).count() == 1
                        && !taken[*u]
                    {
                        matched[f] = Some(*u);
                        taken[*u] = true;
                        assigned = true;
                    }
                }
                if !assigned {
                    break;
                }
                progress = true;
            }
        }
        if !progress {
            return matched;
        }
    }
}

/// The unit whose names come closest to `name`, for a did-you-mean, among
/// `units` (index, names); `None` when none is close.
pub fn closest(name: &str, units: &[(usize, Vec<&str>)]) -> Option<usize> {
    let wanted = readings(name);
    let mut best: Option<(usize, usize)> = None;
    for (u, names) in units {
        for n in names {
            let keys = readings(n);
            let d = strsim::osa_distance(&wanted[1], &keys[1]).min(strsim::osa_distance(&wanted[3], &keys[3]) * 2);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, *u));
            }
        }
    }
    let (d, u) = best?;
    (d <= (wanted[1].chars().count() / 2).max(3)).then_some(u)
}

/// An id map as read: their id → (the dataset's id, line in the file).
pub type IdMap = BTreeMap<String, (String, usize)>;

/// Columns of an id map.
pub const ID_MAP_COLUMNS: [&str; 2] = ["their_id", "id"];

/// Loads an id map (`their_id,id`); `known` are the dataset's unit ids
/// (id and name), to check the right-hand column against when known.
pub fn load_id_map(path: &Path, known: Option<&[(String, String)]>) -> Result<IdMap> {
    let text = read_text(path)?;
    let table = CommentedCsv::new(&text);
    let mut reader = table.reader();
    let (_, idx) = table.header(path, &mut reader, &ID_MAP_COLUMNS)?;
    let mut problems = Problems::new();
    let mut map = IdMap::new();
    for record in reader.records() {
        let Some((record, line)) = table.located(path, record, &mut problems) else {
            continue;
        };
        let at = Location::Line(line);
        let their = record.get(idx[0]).unwrap_or("").to_string();
        let ours = record.get(idx[1]).unwrap_or("").to_string();
        if their.is_empty() || ours.is_empty() {
            problems.push(
                Problem::new(path, at, "the row needs both their_id and id")
                    .with_hint("write the boundaries' id, a comma, and the dataset's unit id"),
            );
            continue;
        }
        if let Some(known) = known
            && !known.iter().any(|(id, _)| *id == ours)
        {
            let mut p = Problem::new(path, at, format!("\"{ours}\" is not a unit of the dataset"));
            if let Some(h) = crate::error::suggest(&ours, known.iter().map(|(i, n)| (i.as_str(), n.as_str()))) {
                p = p.with_hint(h);
            }
            problems.push(p);
            continue;
        }
        if let Some((_, first)) = map.get(&their) {
            problems.push(
                Problem::new(
                    path,
                    at,
                    format!("their_id \"{their}\" is mapped twice (first at line {first})"),
                )
                .with_hint("keep one row per id"),
            );
            continue;
        }
        map.insert(their, (ours, line));
    }
    problems.into_result(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_fold_alike() {
        for (a, b) in [
            ("Kiev", "Kyiv"),
            ("Kharkov", "Kharkiv"),
            ("Zaporozhye", "Zaporizhzhia"),
            ("Zaporizhzhya", "Zaporizhzhia"),
            ("Nikolaev", "Mykolaiv"),
            ("Mykolayiv", "Mykolaiv"),
            ("Lugansk", "Luhansk"),
            ("Luhans'k", "Luhansk"),
            ("Dnepropetrovsk", "Dnipropetrovsk"),
            ("Dnipropetrovs’k", "Dnipropetrovsk"),
            ("Odessa", "Odesa"),
            ("Donets'k", "Donetsk"),
            ("Khmel'nyts'kyy", "Khmelnytskyi"),
            ("Vinnytsya", "Vinnytsia"),
            ("L'viv", "Lviv"),
            ("Chernigov", "Chernihiv"),
            ("Transcarpathia", "Zakarpattia"),
            ("Krym", "Crimea"),
            ("Ivano-Frankovsk", "Ivano-Frankivsk"),
            ("Chişinău", "Chisinau"),
        ] {
            assert_eq!(readings(a)[3], readings(b)[3], "{a} / {b}");
        }
        assert_eq!(readings("Kyiv Oblast")[1], "kyiv");
        assert_eq!(readings("Oblast'  Poltavs'ka")[0], "oblastpoltavska");
    }

    #[test]
    fn matching_is_unique_both_ways_and_eliminates() {
        let units = vec![
            vec!["Kyiv City", "Київ"],
            vec!["Kyiv Oblast", "Київська область"],
            vec!["Kharkiv"],
        ];
        let got = match_names(
            &[Some("Kiev"), Some("Kiev City"), Some("Kharkov"), Some("Atlantis")],
            &units,
        );
        assert_eq!(got, vec![Some(1), Some(0), Some(2), None]);
        // The stricter reading wins; two features alike get neither.
        let got = match_names(&[Some("Kharkov"), Some("Kharkiv Oblast")], &[vec!["Kharkiv"]]);
        assert_eq!(got, vec![None, Some(0)]);
        let got = match_names(&[Some("Kharkiv"), Some("kharkiv")], &[vec!["Kharkiv"]]);
        assert_eq!(got, vec![None, None]);
    }
}
