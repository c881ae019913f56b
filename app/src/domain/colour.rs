//! Colours that agencies pass to the widget.

/// A colour written `#rgb` or `#rrggbb`, any case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HexColour {
    red: u8,
    green: u8,
    blue: u8,
}

impl HexColour {
    pub fn parse(raw: &str) -> Option<HexColour> {
        let digits = raw.trim().strip_prefix('#')?;
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |text: &str| u8::from_str_radix(text, 16).ok();
        match digits.len() {
            3 => {
                let expand = |i: usize| channel(&digits[i..i + 1].repeat(2));
                Some(HexColour { red: expand(0)?, green: expand(1)?, blue: expand(2)? })
            }
            6 => Some(HexColour { red: channel(&digits[0..2])?, green: channel(&digits[2..4])?, blue: channel(&digits[4..6])? }),
            _ => None,
        }
    }

    /// `#rrggbb` in lowercase, safe to put into CSS.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.red, self.green, self.blue)
    }

    /// Whether black text reads better on this colour than white, by WCAG relative luminance:
    /// black wins above 0.179, where both contrasts are equal.
    pub fn is_light(self) -> bool {
        let linear = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = 0.2126 * linear(self.red) + 0.7152 * linear(self.green) + 0.0722 * linear(self.blue);
        luminance > 0.179
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_forms() {
        assert_eq!(HexColour::parse("#0B4DBB").map(HexColour::css).as_deref(), Some("#0b4dbb"));
        assert_eq!(HexColour::parse(" #abc ").map(HexColour::css).as_deref(), Some("#aabbcc"));
        for bad in ["0b4dbb", "#0b4db", "#ggg", "#0b4dbb;}", "red", ""] {
            assert_eq!(HexColour::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn picks_readable_text() {
        assert!(HexColour::parse("#ffd700").is_some_and(HexColour::is_light));
        assert!(!HexColour::parse("#0b4dbb").is_some_and(HexColour::is_light));
    }
}
