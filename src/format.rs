//! Numbers as every output prints them: km² with thousands separators,
//! shares as percentages with one decimal. One formatter per kind, so a map,
//! its table and its gallery never print the same figure two ways.

/// Formats km² with thousands separators and no decimals (`26,517`).
pub fn km2(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Formats a count of people with thousands separators (`4,059,372`).
pub fn count(n: u64) -> String {
    km2(n as f64)
}

/// Formats a share as a percentage with one decimal (`74.5 %`).
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0 + 0.0)
}

/// Formats a count of people rounded to three significant figures, with
/// thousands separators (`695,831` → `696,000`): the precision an estimate
/// with a range of several per cent can carry, for legends and summaries.
pub fn rounded_count(n: u64) -> String {
    let mut step = 1u64;
    while n / step >= 1_000 {
        step *= 10;
    }
    let r = (n + step / 2) / step * step;
    count(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_to_three_significant_figures() {
        assert_eq!(rounded_count(0), "0");
        assert_eq!(rounded_count(87), "87");
        assert_eq!(rounded_count(4_059), "4,060");
        assert_eq!(rounded_count(695_831), "696,000");
        assert_eq!(rounded_count(21_450), "21,500");
        assert_eq!(rounded_count(9_996_000), "10,000,000");
        assert_eq!(rounded_count(41_167_335), "41,200,000");
    }
}
