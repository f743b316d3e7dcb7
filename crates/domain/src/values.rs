//! Validated values: a string that reaches the store has been trimmed, bounded and checked here.

use std::fmt;

use crate::reason::{Problem, Reason};

/// Why a value was refused; the caller names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub Problem);

impl InvalidValue {
    fn new(reason: Reason, message: impl Into<String>) -> Self {
        Self(Problem::new(reason, message))
    }

    fn too_long(max: usize) -> Self {
        Self(Problem::too_long(max))
    }

    fn control_characters() -> Self {
        Self::new(
            Reason::ControlCharacters,
            "must not contain control characters",
        )
    }
}

/// A trimmed, non-empty name of at most `Name::MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(InvalidValue(Problem::required()));
        }
        if trimmed.chars().count() > Self::MAX {
            return Err(InvalidValue::too_long(Self::MAX));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(InvalidValue::control_characters());
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Optional free text: blank becomes `None`, otherwise bounded to `max` characters.
pub struct OptionalText;

impl OptionalText {
    pub fn parse(raw: Option<&str>, max: usize) -> Result<Option<String>, InvalidValue> {
        let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if text.chars().count() > max {
            return Err(InvalidValue::too_long(max));
        }
        // Line breaks and tabs belong in free text; other control characters (a NUL, which PostgreSQL cannot even
        // store, terminal escapes) never do.
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(InvalidValue::control_characters());
        }
        Ok(Some(text.to_owned()))
    }
}

/// An email address, trimmed and lower-cased so that uniqueness ignores case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let address = raw.trim().to_lowercase();
        let invalid = || {
            InvalidValue::new(
                Reason::NotAnEmail,
                format!("'{}' is not a valid email address", raw.trim()),
            )
        };
        if address.len() > Self::MAX {
            return Err(InvalidValue::too_long(Self::MAX));
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(invalid());
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            Name::parse("  Tavolo  ").map(Name::into_inner),
            Ok("Tavolo".into())
        );
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse(&"a".repeat(201)).is_err());
        assert!(Name::parse(&"à".repeat(200)).is_ok());
        assert!(Name::parse("a\u{0}b").is_err());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            Email::parse(" Mario.Rossi@Comune.Grosseto.IT ").map(Email::into_inner),
            Ok("mario.rossi@comune.grosseto.it".into())
        );
        for bad in [
            "",
            "mario",
            "mario@",
            "@comune.it",
            "mario@comune",
            "ma rio@comune.it",
            "a..b@c.it",
            "a@-c.it",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn optional_text_turns_blank_into_none() {
        assert_eq!(OptionalText::parse(Some("  "), 10), Ok(None));
        assert_eq!(OptionalText::parse(None, 10), Ok(None));
        assert!(OptionalText::parse(Some("12345678901"), 10).is_err());
    }
}

/// An IANA time zone name known to the tz database, such as `Europe/Rome`; stored as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct TimeZoneName(chrono_tz::Tz);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        raw.trim().parse::<chrono_tz::Tz>().map(Self).map_err(|_| {
            InvalidValue::new(
                Reason::NotATimeZone,
                format!("'{}' is not an IANA time zone", raw.trim()),
            )
        })
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for TimeZoneName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for TimeZoneName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for TimeZoneName {
    type Err = InvalidValue;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl Default for TimeZoneName {
    fn default() -> Self {
        Self(chrono_tz::Europe::Rome)
    }
}

/// A new password: long enough to resist guessing, short enough to hash cheaply.
pub struct Password;

impl Password {
    pub const MIN: usize = 10;
    pub const MAX: usize = 200;

    pub fn check(raw: &str) -> Result<(), InvalidValue> {
        let length = raw.chars().count();
        if length < Self::MIN {
            return Err(InvalidValue(
                Problem::new(
                    Reason::TooShort,
                    format!("must be at least {} characters", Self::MIN),
                )
                .with_bounds(crate::reason::Bounds::min(Self::MIN)),
            ));
        }
        if length > Self::MAX {
            return Err(InvalidValue::too_long(Self::MAX));
        }
        Ok(())
    }
}
