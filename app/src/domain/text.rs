//! Free-text values: trimmed, bounded in characters, free of control characters.

use super::field::Problem;

/// Trims `raw` and checks it against `max` characters; empty becomes `Problem::Missing`.
pub fn required(raw: &str, max: usize) -> Result<String, Problem> {
    match optional(raw, max)? {
        Some(text) => Ok(text),
        None => Err(Problem::Missing),
    }
}

/// Like [`required`], but an empty value is `None`.
pub fn optional(raw: &str, max: usize) -> Result<Option<String>, Problem> {
    let text = normalize_line_breaks(raw.trim());
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Problem::ControlCharacters);
    }
    if text.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    Ok(Some(text))
}

/// Browsers post textarea line breaks as CRLF; store them as LF so lengths match what the
/// browser counted.
fn normalize_line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A single-line value: like [`required`], and line breaks are rejected.
pub fn required_line(raw: &str, max: usize) -> Result<String, Problem> {
    let text = required(raw, max)?;
    reject_line_breaks(text)
}

/// A single-line value that may be empty.
pub fn optional_line(raw: &str, max: usize) -> Result<Option<String>, Problem> {
    optional(raw, max)?.map(reject_line_breaks).transpose()
}

fn reject_line_breaks(text: String) -> Result<String, Problem> {
    if text.contains('\n') || text.contains('\t') {
        Err(Problem::ControlCharacters)
    } else {
        Ok(text)
    }
}

/// An e-mail address: one `@`, a non-empty local part, a domain with a dot and no spaces.
/// Deliverability is proved later by a confirmation message, not by syntax.
pub fn email(raw: &str) -> Result<String, Problem> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Problem::Missing);
    }
    if value.chars().count() > 254 {
        return Err(Problem::TooLong { max: 254 });
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err(Problem::InvalidEmail);
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(|c| c.is_whitespace() || c.is_control() || c == '@');
    if domain_ok && local_ok {
        Ok(value.to_lowercase())
    } else {
        Err(Problem::InvalidEmail)
    }
}

/// A phone number stored as `+` and digits. Accepts spaces, brackets, dashes and dots,
/// and the Russian trunk prefix `8` for a 11-digit number (`8 900 ...` is `+7 900 ...`).
pub fn phone(raw: &str) -> Result<String, Problem> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Problem::Missing);
    }
    let mut digits = String::new();
    for (i, c) in value.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '(' | ')' | '-' | '.' => {}
            _ => return Err(Problem::InvalidPhone),
        }
    }
    if digits.len() < 10 || digits.len() > 15 {
        return Err(Problem::InvalidPhone);
    }
    let international = if !value.starts_with('+') && digits.len() == 11 && digits.starts_with('8') {
        let mut fixed = String::from("7");
        fixed.push_str(&digits[1..]);
        fixed
    } else if !value.starts_with('+') && digits.len() == 10 {
        // Ten digits without a country code are a Russian number written without +7.
        let mut fixed = String::from("7");
        fixed.push_str(&digits);
        fixed
    } else {
        digits
    };
    let mut stored = String::from("+");
    stored.push_str(&international);
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_rejects_empty() {
        assert_eq!(required("  Иванов ", 10), Ok("Иванов".to_string()));
        assert_eq!(required("   ", 10), Err(Problem::Missing));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let cyrillic = "ж".repeat(10);
        assert_eq!(required(&cyrillic, 10), Ok(cyrillic.clone()));
        assert_eq!(required(&"ж".repeat(11), 10), Err(Problem::TooLong { max: 10 }));
    }

    #[test]
    fn crlf_counts_as_one_character() {
        assert_eq!(required("а\r\nб", 3), Ok("а\nб".to_string()));
    }

    #[test]
    fn control_characters_rejected() {
        assert_eq!(required("а\u{0}б", 10), Err(Problem::ControlCharacters));
        assert_eq!(required_line("а\nб", 10), Err(Problem::ControlCharacters));
    }

    #[test]
    fn email_cases() {
        let cases = [
            ("ivanov@example.ru", Ok("ivanov@example.ru")),
            (" Ivanov@Example.RU ", Ok("ivanov@example.ru")),
            ("иванов@почта.рф", Ok("иванов@почта.рф")),
            ("ivanov", Err(Problem::InvalidEmail)),
            ("ivanov@example", Err(Problem::InvalidEmail)),
            ("iva nov@example.ru", Err(Problem::InvalidEmail)),
            ("@example.ru", Err(Problem::InvalidEmail)),
            ("a@b@example.ru", Err(Problem::InvalidEmail)),
            ("a@example..ru", Err(Problem::InvalidEmail)),
            ("", Err(Problem::Missing)),
        ];
        for (input, expected) in cases {
            assert_eq!(email(input), expected.map(str::to_string), "input {input:?}");
        }
    }

    #[test]
    fn phone_cases() {
        let cases = [
            ("+7 (900) 123-45-67", Ok("+79001234567")),
            ("8 900 123 45 67", Ok("+79001234567")),
            ("9001234567", Ok("+79001234567")),
            ("+44 20 7946 0958", Ok("+442079460958")),
            ("12345", Err(Problem::InvalidPhone)),
            ("+7 900 123 45 67 ext 1", Err(Problem::InvalidPhone)),
            ("7+9001234567", Err(Problem::InvalidPhone)),
            ("", Err(Problem::Missing)),
        ];
        for (input, expected) in cases {
            assert_eq!(phone(input), expected.map(str::to_string), "input {input:?}");
        }
    }
}
