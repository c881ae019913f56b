//! Validation of the `data-*` attributes of one embed script tag.
//!
//! Values stay JS strings and are checked with the browser's regular expressions, which keeps
//! string handling code out of the wasm.

use js_sys::JsString;

use crate::js::{self, Text};

/// Position of each optional setting in `Config::options` and `OPTIONS`.
#[derive(Clone, Copy)]
pub enum Setting {
    Lang,
    Height,
}

/// Rules for one optional `data-*` attribute.
pub struct OptionRule {
    pub attribute: &'static str,
    /// Name of the query parameter of the widget URL, or `None` for settings that the loader
    /// applies itself or, like `lang`, always sends with the default filled in.
    pub query_name: Option<&'static str>,
    /// JS regular expression for the trimmed, lowercased value.
    pattern: &'static str,
    accepted: &'static str,
    default: &'static str,
}

const CODE_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";
const CODE_ACCEPTED: &str = "1 to 64 characters a-z, 0-9 or -, starting with a letter or digit";

/// Rules in the order of `Setting`, followed by the settings only the widget reads.
pub const OPTIONS: [OptionRule; 6] = [
    OptionRule { attribute: "data-lang", query_name: None, pattern: "^(ru|en)$", accepted: "ru or en", default: "ru" },
    OptionRule {
        attribute: "data-height",
        query_name: None,
        // Whole numbers from 200 to 5000 without leading zeros.
        pattern: "^([2-9][0-9]{2}|[1-4][0-9]{3}|5000)$",
        accepted: "a whole number of pixels from 200 to 5000",
        default: "the height follows the form",
    },
    OptionRule {
        attribute: "data-theme",
        query_name: Some("theme"),
        pattern: "^(light|dark|auto)$",
        accepted: "light, dark or auto",
        default: "auto",
    },
    OptionRule {
        attribute: "data-accent",
        query_name: Some("accent"),
        pattern: "^#([0-9a-f]{3}|[0-9a-f]{6})$",
        accepted: "a hex colour #rgb or #rrggbb",
        default: "the standard colour",
    },
    OptionRule {
        attribute: "data-org",
        query_name: Some("org"),
        pattern: CODE_PATTERN,
        accepted: CODE_ACCEPTED,
        default: "none",
    },
    OptionRule {
        attribute: "data-service",
        query_name: Some("service"),
        pattern: CODE_PATTERN,
        accepted: CODE_ACCEPTED,
        default: "none",
    },
];

const KEY_PATTERN: &str = "^pk_[A-Za-z0-9_-]{16,64}$";
const MESSAGE_PREFIX: &str = "Appello embed: ";

/// Validated settings of one widget.
pub struct Config {
    pub key: JsString,
    /// Trimmed, lowercase values indexed like `OPTIONS`. `None` means absent, empty or invalid.
    pub options: [Option<JsString>; 6],
}

impl Config {
    pub fn option(&self, setting: Setting) -> Option<&JsString> {
        self.options[setting as usize].as_ref()
    }

    pub fn is_english(&self) -> bool {
        self.option(Setting::Lang).is_some_and(|lang| js::equals(lang, "en"))
    }

    /// Height in CSS pixels from `data-height`, which resize messages do not change.
    pub fn fixed_height(&self) -> Option<&JsString> {
        self.option(Setting::Height)
    }
}

/// Result of reading a tag whose `data-key` is valid.
pub struct Parsed {
    pub config: Config,
    /// One message listing every invalid optional attribute, or `None` when all were valid.
    pub warning: Option<JsString>,
}

/// Reads the attributes through `read_attribute` (called with names such as `"data-lang"`).
///
/// Returns `Err` with a console error message when `data-key` is missing, empty or invalid, because no
/// widget can load without it. Invalid optional values fall back to their defaults and are listed
/// in `Parsed::warning`. Values are compared after trimming whitespace and, except for the key,
/// lowercasing. An empty optional value counts as absent.
pub fn parse(read_attribute: impl Fn(&str) -> Option<JsString>) -> Result<Parsed, JsString> {
    let key = read_attribute("data-key").map(|key| key.trim()).unwrap_or_default();
    if !js::matches(&key, KEY_PATTERN) {
        return Err(key_error(&key));
    }

    let mut warning: Option<Text> = None;
    let options = OPTIONS.map(|rule| {
        let value = read_attribute(rule.attribute)?.trim();
        if js::is_empty(&value) {
            return None;
        }
        let normalized = value.to_lower_case();
        if js::matches(&normalized, rule.pattern) {
            return Some(normalized);
        }
        let message = warning
            .take()
            .unwrap_or_else(|| Text::new(MESSAGE_PREFIX).str("ignored invalid attributes and used their defaults."));
        warning = Some(
            message
                .str(" ")
                .str(rule.attribute)
                .str("=\"")
                .js(&value)
                .str("\" is invalid: expected ")
                .str(rule.accepted)
                .str("; default: ")
                .str(rule.default)
                .str("."),
        );
        None
    });

    Ok(Parsed { config: Config { key, options }, warning: warning.map(Text::finish) })
}

fn key_error(key: &JsString) -> JsString {
    let message = Text::new(MESSAGE_PREFIX);
    let message = if js::is_empty(key) {
        message.str("data-key is empty")
    } else {
        message.str("data-key=\"").js(key).str("\" is invalid")
    };
    message
        .str(
            ", so no widget was added. Set data-key to the public key of your Appello account: \
             pk_ followed by 16 to 64 characters A-Z, a-z, 0-9, _ or -.",
        )
        .finish()
}
