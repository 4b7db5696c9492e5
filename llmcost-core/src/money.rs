//! Exact money: [`Usd`], a fixed-point amount of US dollars.
//!
//! Prices such as $0.0000000375 per token, multiplied by token counts and summed over millions of
//! requests, must total to the exact decimal. Floating point cannot do that, so `Usd` stores an
//! integer number of *attodollars* (10⁻¹⁸ USD) in an `i128`. That resolves every per-token price any
//! provider publishes (per-million prices with up to 12 decimal places) and holds totals up to about
//! 1.7 × 10²⁰ dollars.
//!
//! `Usd` parses from and formats to decimal strings exactly, serializes with serde as a decimal
//! string (and reads strings or JSON numbers), and sums exactly. [`Usd::as_f64`] exists for display
//! and plotting only.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use crate::error::{Error, Result};

/// Number of decimal places `Usd` resolves (attodollars).
pub const USD_DECIMALS: u32 = 18;
const SCALE: i128 = 1_000_000_000_000_000_000;

/// An exact amount of US dollars, stored as an integer number of attodollars (10⁻¹⁸ USD).
///
/// ```
/// use llmcost_core::Usd;
/// let per_token: Usd = "0.0000000375".parse()?;
/// let total = per_token.checked_mul_tokens(1_000_000).unwrap();
/// assert_eq!(total.to_string(), "0.0375");
/// # Ok::<(), llmcost_core::Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Usd(i128);

impl Usd {
    /// Zero dollars.
    pub const ZERO: Usd = Usd(0);

    /// An amount from a count of attodollars (10⁻¹⁸ USD).
    pub const fn from_atto(atto: i128) -> Usd {
        Usd(atto)
    }

    /// The amount as a count of attodollars (10⁻¹⁸ USD).
    pub const fn atto(self) -> i128 {
        self.0
    }

    /// A whole number of dollars.
    pub const fn from_dollars(dollars: i64) -> Usd {
        Usd(dollars as i128 * SCALE)
    }

    /// An amount in millionths of a dollar (micro-USD), a common unit for metrics.
    pub const fn from_micros(micros: i64) -> Usd {
        Usd(micros as i128 * 1_000_000_000_000)
    }

    /// The per-token price for a price quoted per million tokens (`"2.50"` → $0.0000025).
    ///
    /// # Errors
    /// `InvalidInput` if the per-million price has more than 12 decimal places (it would not be exact
    /// per token).
    pub fn per_token_from_per_million(per_million: Usd) -> Result<Usd> {
        if per_million.0 % 1_000_000 != 0 {
            return Err(Error::invalid_input(format!(
                "price {per_million} per million tokens has more than 12 decimal places; \
                 it cannot be represented exactly per token"
            )));
        }
        Ok(Usd(per_million.0 / 1_000_000))
    }

    /// The price per million tokens for this per-token price (exact).
    pub fn per_million(self) -> Usd {
        Usd(self.0 * 1_000_000)
    }

    /// `self × tokens`, or `None` on overflow.
    pub fn checked_mul_tokens(self, tokens: u64) -> Option<Usd> {
        // Every real per-token price is below 2^63 attodollars (≈ $9.2 per token), and such a
        // price times a u64 is below 2^127, so it fits without an overflow check: one 64×64→128
        // multiply instead of the general 128-bit checked multiply.
        if let Ok(price) = u64::try_from(self.0)
            && price <= i64::MAX as u64
        {
            return Some(Usd((price as u128 * tokens as u128) as i128));
        }
        self.0.checked_mul(tokens as i128).map(Usd)
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Usd) -> Option<Usd> {
        self.0.checked_add(other.0).map(Usd)
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Usd) -> Option<Usd> {
        self.0.checked_sub(other.0).map(Usd)
    }

    /// Whether the amount is exactly zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the amount is below zero (a refund or a negative difference).
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The nearest `f64`, **for display and plotting only**; never sum these.
    pub fn as_f64(self) -> f64 {
        // Split so that large amounts keep their integer part exactly where f64 can.
        let whole = (self.0 / SCALE) as f64;
        let frac = (self.0 % SCALE) as f64 / SCALE as f64;
        whole + frac
    }

    /// The amount rounded half away from zero to `places` decimal places (at most 18), as a
    /// decimal string with exactly that many places: `Usd::from_micros(12_345).round_to_string(2)`
    /// is `"0.01"`.
    pub fn round_to_string(self, places: u32) -> String {
        let places = places.min(USD_DECIMALS);
        let unit = 10i128.pow(USD_DECIMALS - places);
        let half = unit / 2;
        let mag = self.0.unsigned_abs() as i128;
        let rounded = if unit == 1 { mag } else { (mag + half) / unit };
        let sign = if self.0 < 0 && rounded != 0 { "-" } else { "" };
        if places == 0 {
            return format!("{sign}{rounded}");
        }
        let p = 10i128.pow(places);
        format!(
            "{sign}{}.{:0width$}",
            rounded / p,
            rounded % p,
            width = places as usize
        )
    }
}

impl fmt::Display for Usd {
    /// The exact decimal value with no trailing zeros: `0.0000025`, `12`, `-0.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.0 < 0;
        let mag = self.0.unsigned_abs();
        let whole = mag / SCALE as u128;
        let frac = mag % SCALE as u128;
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        s.push_str(&whole.to_string());
        if frac != 0 {
            let digits = format!("{frac:018}");
            s.push('.');
            s.push_str(digits.trim_end_matches('0'));
        }
        f.pad(&s)
    }
}

impl fmt::Debug for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Usd({self})")
    }
}

impl FromStr for Usd {
    type Err = Error;

    /// Parses a decimal such as `"2.50"`, `"-0.0000000375"`, `"$1,000.5"` is **not** accepted;
    /// scientific notation (`"2.5e-06"`, as JSON writers emit) is.
    ///
    /// # Errors
    /// `InvalidInput` when the text is not a decimal number, or needs more than 18 decimal places.
    fn from_str(text: &str) -> Result<Usd> {
        parse_decimal(text.trim()).ok_or_else(|| {
            Error::invalid_input(format!(
                "'{text}' is not a USD amount; write a decimal such as \"2.50\" or \"0.0000000375\" \
                 (at most 18 decimal places, no currency sign or thousands separators)"
            ))
        })
    }
}

fn parse_decimal(s: &str) -> Option<Usd> {
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // digits × 10^(exp - frac_len) × 10^18
    let digits = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    let shift = exp as i64 - frac_part.len() as i64 + USD_DECIMALS as i64;
    let mut value: i128 = 0;
    if !digits.is_empty() {
        let (kept, dropped) = if shift < 0 {
            let cut = digits.len() as i64 + shift;
            if cut < 0 {
                ("", digits)
            } else {
                digits.split_at(cut as usize)
            }
        } else {
            (digits, "")
        };
        if dropped.bytes().any(|b| b != b'0') {
            return None; // finer than an attodollar
        }
        for b in kept.bytes() {
            value = value.checked_mul(10)?.checked_add((b - b'0') as i128)?;
        }
        if shift > 0 {
            value = value.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?;
        }
    }
    Some(Usd(if neg { -value } else { value }))
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, rhs: Usd) -> Usd {
        Usd(self.0 + rhs.0)
    }
}

impl AddAssign for Usd {
    fn add_assign(&mut self, rhs: Usd) {
        self.0 += rhs.0;
    }
}

impl Sub for Usd {
    type Output = Usd;
    fn sub(self, rhs: Usd) -> Usd {
        Usd(self.0 - rhs.0)
    }
}

impl SubAssign for Usd {
    fn sub_assign(&mut self, rhs: Usd) {
        self.0 -= rhs.0;
    }
}

impl Neg for Usd {
    type Output = Usd;
    fn neg(self) -> Usd {
        Usd(-self.0)
    }
}

impl Sum for Usd {
    fn sum<I: Iterator<Item = Usd>>(iter: I) -> Usd {
        iter.fold(Usd::ZERO, |a, b| a + b)
    }
}

impl<'a> Sum<&'a Usd> for Usd {
    fn sum<I: Iterator<Item = &'a Usd>>(iter: I) -> Usd {
        iter.fold(Usd::ZERO, |a, b| a + *b)
    }
}

impl serde::Serialize for Usd {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Usd {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Usd, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Usd;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a USD amount as a decimal string or number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Usd, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Usd, E> {
                Ok(Usd::from_dollars(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Usd, E> {
                Usd(0)
                    .checked_add(Usd(v as i128 * SCALE))
                    .ok_or_else(|| E::custom("USD amount too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Usd, E> {
                if !v.is_finite() {
                    return Err(E::custom("USD amount must be finite"));
                }
                // `{}` on f64 prints the shortest decimal that round-trips: the number as written.
                format!("{v}").parse().map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(s: &str) -> Usd {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_formats_exactly() {
        assert_eq!(usd("2.50").to_string(), "2.5");
        assert_eq!(usd("0.0000000375").atto(), 37_500_000_000);
        assert_eq!(usd("2.5e-06").to_string(), "0.0000025");
        assert_eq!(usd("3E2").to_string(), "300");
        assert_eq!(usd("-0.5").to_string(), "-0.5");
        assert_eq!(usd(".5").to_string(), "0.5");
        assert_eq!(usd("0").to_string(), "0");
        assert_eq!(usd("1.000000000000000001").atto(), SCALE + 1);
        assert_eq!(usd("1.10000000000000000000").to_string(), "1.1");
    }

    #[test]
    fn rejects_garbage_and_excess_precision() {
        for bad in [
            "",
            "-",
            ".",
            "1.2.3",
            "$1",
            "1,000",
            "abc",
            "1e",
            "0.0000000000000000001",
            "1e999",
        ] {
            let err = bad.parse::<Usd>().unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidInput, "{bad}");
            assert!(err.message().contains("decimal"), "{bad}: {err}");
        }
    }

    #[test]
    fn rounding_for_display() {
        assert_eq!(usd("0.0049").round_to_string(2), "0.00");
        assert_eq!(usd("0.005").round_to_string(2), "0.01");
        assert_eq!(usd("-0.005").round_to_string(2), "-0.01");
        assert_eq!(usd("-0.004").round_to_string(2), "0.00");
        assert_eq!(usd("12.3456").round_to_string(0), "12");
        assert_eq!(usd("1.5").round_to_string(4), "1.5000");
    }

    #[test]
    fn per_million_conversion() {
        let p = Usd::per_token_from_per_million(usd("0.0375")).unwrap();
        assert_eq!(p.to_string(), "0.0000000375");
        assert_eq!(p.per_million(), usd("0.0375"));
        assert!(Usd::per_token_from_per_million(usd("0.0000000000001")).is_err());
    }

    #[test]
    fn serde_reads_strings_and_numbers_writes_strings() {
        let v: Vec<Usd> = serde_json::from_str(r#"["2.5", 2.5e-6, 3, 1.1]"#).unwrap();
        assert_eq!(v, vec![usd("2.5"), usd("0.0000025"), usd("3"), usd("1.1")]);
        assert_eq!(serde_json::to_string(&v[1]).unwrap(), r#""0.0000025""#);
    }

    #[test]
    fn ten_million_small_costs_sum_exactly() {
        let c = usd("0.0000000375");
        let total: Usd = std::iter::repeat_n(c, 10_000_000).sum();
        assert_eq!(total.to_string(), "0.375");
        // the f64 sum of the same values is not exact
        let f: f64 = std::iter::repeat_n(0.0000000375f64, 10_000_000).sum();
        assert_ne!(f, 0.375);
    }

    proptest! {
        #[test]
        fn format_parse_round_trip(atto in any::<i128>().prop_map(|v| v / 1000)) {
            let u = Usd::from_atto(atto);
            prop_assert_eq!(u.to_string().parse::<Usd>().unwrap(), u);
            let j = serde_json::to_string(&u).unwrap();
            prop_assert_eq!(serde_json::from_str::<Usd>(&j).unwrap(), u);
        }

        #[test]
        fn sums_are_exact_and_order_independent(v in proptest::collection::vec(-1_000_000_000_000i64..1_000_000_000_000, 0..200)) {
            let amounts: Vec<Usd> = v.iter().map(|&m| Usd::from_atto(m as i128 * 37)).collect();
            let forward: Usd = amounts.iter().sum();
            let backward: Usd = amounts.iter().rev().sum();
            prop_assert_eq!(forward, backward);
            prop_assert_eq!(forward.atto(), v.iter().map(|&m| m as i128 * 37).sum::<i128>());
        }

        #[test]
        fn mul_tokens_matches_the_general_checked_multiply(atto in any::<i128>(), small in any::<i64>(), tokens in any::<u64>()) {
            for a in [atto, small as i128, small.unsigned_abs() as i128] {
                prop_assert_eq!(
                    Usd::from_atto(a).checked_mul_tokens(tokens),
                    a.checked_mul(tokens as i128).map(Usd::from_atto)
                );
            }
        }

        #[test]
        fn f64_decimal_text_parses_exactly(mantissa in 1u32..100_000, exp in 0u32..12) {
            let text = format!("{}e-{}", mantissa, exp);
            let u: Usd = text.parse().unwrap();
            prop_assert_eq!(u.atto(), mantissa as i128 * 10i128.pow(18 - exp));
        }
    }
}
