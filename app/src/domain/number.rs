//! The complaint number that people read out and the access code that opens the status page.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::field::Problem;

/// A complaint number: the year of receipt and ten random digits, `2026-48213-90577`.
/// Random digits need no shared counter, so any number of servers can issue numbers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComplaintNumber(String);

impl ComplaintNumber {
    /// Builds a number from a year and a value below 10^10.
    pub fn from_parts(year: i32, random: u64) -> Self {
        let digits = random % 10_000_000_000;
        let mut text = year.to_string();
        text.push('-');
        push_padded(&mut text, digits / 100_000, 5);
        text.push('-');
        push_padded(&mut text, digits % 100_000, 5);
        Self(text)
    }

    /// Parses what a person typed: spaces and any dashes are tolerated, `№` is dropped.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
        let rest_ok = raw.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '№'));
        if raw.trim().is_empty() {
            return Err(Problem::Missing);
        }
        if digits.len() != 14 || !rest_ok {
            return Err(Problem::InvalidChoice);
        }
        let mut text = String::with_capacity(16);
        text.push_str(&digits[0..4]);
        text.push('-');
        text.push_str(&digits[4..9]);
        text.push('-');
        text.push_str(&digits[9..14]);
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn push_padded(text: &mut String, value: u64, width: usize) {
    let digits = value.to_string();
    for _ in digits.len()..width {
        text.push('0');
    }
    text.push_str(&digits);
}

impl fmt::Display for ComplaintNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The alphabet of access codes: Crockford's base32, without I, L, O and U, which are
/// easy to misread.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH: usize = 10;

/// A secret access code, `K7PQM-9XD2A`: 50 random bits, shown once, stored hashed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessCode(String);

impl AccessCode {
    /// Builds a code from 10 random 5-bit values (each value is taken modulo 32).
    pub fn from_random(values: [u8; CODE_LENGTH]) -> Self {
        let mut text = String::with_capacity(CODE_LENGTH + 1);
        for (i, value) in values.iter().enumerate() {
            if i == CODE_LENGTH / 2 {
                text.push('-');
            }
            text.push(CODE_ALPHABET[(value % 32) as usize] as char);
        }
        Self(text)
    }

    /// Parses what a person typed: case, spaces and dashes are ignored, and the letters
    /// O, I and L are read as 0, 1 and 1.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        if raw.trim().is_empty() {
            return Err(Problem::Missing);
        }
        let mut symbols = String::with_capacity(CODE_LENGTH);
        for c in raw.chars() {
            let upper = c.to_ascii_uppercase();
            let symbol = match upper {
                ' ' | '-' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !symbol.is_ascii() || !CODE_ALPHABET.contains(&(symbol as u8)) {
                return Err(Problem::InvalidChoice);
            }
            symbols.push(symbol);
        }
        if symbols.len() != CODE_LENGTH {
            return Err(Problem::InvalidChoice);
        }
        symbols.insert(CODE_LENGTH / 2, '-');
        Ok(Self(symbols))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Keeps the code out of logs and panic messages.
impl fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessCode(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_is_zero_padded() {
        assert_eq!(ComplaintNumber::from_parts(2026, 7).as_str(), "2026-00000-00007");
        assert_eq!(ComplaintNumber::from_parts(2026, 4_821_390_577).as_str(), "2026-48213-90577");
    }

    #[test]
    fn number_parse_tolerates_spacing() {
        let expected = "2026-48213-90577";
        for typed in ["2026-48213-90577", " 2026 48213 90577 ", "№ 20264821390577"] {
            assert_eq!(ComplaintNumber::parse(typed).map(|n| n.0), Ok(expected.to_string()), "{typed:?}");
        }
        assert_eq!(ComplaintNumber::parse(""), Err(Problem::Missing));
        assert_eq!(ComplaintNumber::parse("2026-4821"), Err(Problem::InvalidChoice));
        assert_eq!(ComplaintNumber::parse("2026-48213-9057x"), Err(Problem::InvalidChoice));
    }

    #[test]
    fn code_parse_normalizes_lookalikes() {
        let code = AccessCode::from_random([0, 1, 2, 3, 4, 5, 6, 7, 8, 31]);
        assert_eq!(code.as_str(), "01234-5678Z");
        assert_eq!(AccessCode::parse("o1234 5678z"), Ok(code.clone()));
        assert_eq!(AccessCode::parse("0l234-5678Z"), Ok(code));
        assert_eq!(AccessCode::parse("01234-5678"), Err(Problem::InvalidChoice));
        assert_eq!(AccessCode::parse("01234-5678U"), Err(Problem::InvalidChoice));
        assert_eq!(AccessCode::parse("  "), Err(Problem::Missing));
    }

    #[test]
    fn code_debug_hides_value() {
        let code = AccessCode::from_random([9; 10]);
        assert!(!format!("{code:?}").contains('9'));
    }
}
