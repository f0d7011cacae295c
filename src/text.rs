//! Text that came from a report or the file system, as types, from the moment it is parsed.
//!
//! Two things follow from the type of a piece of text, so that neither can be forgotten:
//! - **Escaping.** `Display` of every type here escapes for a terminal (through
//!   [`crate::term::write_escaped`]); `Serialize` writes the exact text for JSON. A human
//!   renderer that formats a value gets it escaped; the exact text is reachable only through
//!   [`exact`](Text::exact), which human renderers never call (a test greps for it).
//! - **Redaction.** Each identifier has its own type ([`Phone`], [`Ip`], [`Email`],
//!   [`PersonName`], [`About`], [`GroupName`], [`SessionId`], [`UnknownValue`],
//!   [`UnknownLabel`], [`EntryName`]), and `redact` maps by type. Free text that identifies
//!   no one (an app version, a device status) is [`Text`].
//!
//! Messages (warnings, how a generation was detected) are [`Message`]s: our own words as
//! `&'static str` literals, and every quoted value as a typed [`Quote`]. They become text
//! only when rendered, so redaction and escaping reach what a warning quotes too.

use std::fmt;
use std::net::IpAddr;

use serde::{Serialize, Serializer};

use crate::term::write_escaped;

/// A JSON string, for schemas.
macro_rules! string_schema {
    ($($t:ty),*) => {$(
        impl schemars::JsonSchema for $t {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string"})
            }
        }
    )*};
}

/// A value a message may quote: the [`Quote`] of the same name.
macro_rules! quotable {
    ($($name:ident),*) => {$(
        impl From<$name> for Quote {
            fn from(value: $name) -> Quote {
                Quote::$name(value)
            }
        }

        impl From<$name> for Part {
            fn from(value: $name) -> Part {
                Part::Quote(Quote::$name(value))
            }
        }

        impl From<&$name> for Part {
            fn from(value: &$name) -> Part {
                Part::Quote(Quote::$name(value.clone()))
            }
        }
    )*};
}

macro_rules! untrusted {
    ($($(#[$meta:meta])* $name:ident;)*) => {$(
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Box<str>);

        impl $name {
            pub fn new(text: impl Into<Box<str>>) -> $name {
                $name(text.into())
            }

            /// The exact text, for JSON, comparison and redaction; never for a terminal.
            pub fn exact(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl Untrusted for $name {
            fn new(text: String) -> $name {
                $name(text.into())
            }

            fn exact(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            /// Escaped for a terminal.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_escaped(f, &self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        string_schema!($name);
        quotable!($name);
    )*};
}

/// What the types below have in common, for code that maps every one alike (redaction).
pub trait Untrusted {
    fn new(text: String) -> Self;
    /// The exact text, as the inherent `exact`.
    fn exact(&self) -> &str;
}

untrusted! {
    /// Free text from the report that identifies no one: a status, an app or OS version, a
    /// device model, a network name.
    Text;
    /// A phone number: E.164 (`+15555550123`) where it could be normalised, else as given
    /// (and named in a warning).
    Phone;
    Email;
    /// A person's name (the account's own).
    PersonName;
    /// The account's About text.
    About;
    /// A group's name (subject), trailing spaces kept.
    GroupName;
    /// A sync session id.
    SessionId;
    /// A value the tool could not place: under an unknown label, or an unknown value of a
    /// known field. Treated as identifying.
    UnknownValue;
    /// A label or key the tool does not know. Treated as identifying (a device line such as
    /// "Alex Muller iPad" reads as a label).
    UnknownLabel;
    /// An entry (file) name inside a report, or a folder or file on disk.
    EntryName;
}

/// `1 file`, `2 files`, `12,345 contacts`.
/// The texts it has of a few optional ones (a device's app, manufacturer, model),
/// space-separated.
pub fn spaced<const N: usize>(texts: [&Option<Text>; N]) -> String {
    texts
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Text {
    /// Text, with `""` taken as absent.
    pub fn non_empty(text: impl Into<Box<str>>) -> Option<Text> {
        let text = Text::new(text);
        (!text.is_empty()).then_some(text)
    }
}

/// Normalises a phone number to E.164: a `+` followed by 7 to 15 digits. Accepts the own
/// number's digits-only form (`15555550123`) and tolerates spaces, dashes, dots and
/// parentheses. Rejects anything else, saying why.
pub fn normalize_phone(raw: &str) -> Result<String, &'static str> {
    let trimmed = raw.trim();
    let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let digits: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("is not a phone number (it holds other characters than digits)");
    }
    if !(7..=15).contains(&digits.len()) {
        return Err("is not an E.164 phone number (it needs 7 to 15 digits)");
    }
    Ok(format!("+{digits}"))
}

/// Whether a number is already exactly what [`normalize_phone`] would make of it.
pub fn is_plain_e164(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.first() == Some(&b'+')
        && (8..=16).contains(&bytes.len())
        && bytes[1..].iter().all(u8::is_ascii_digit)
}

impl Phone {
    /// Normalises a number to E.164; a value that is not one is kept as given, with the
    /// problem (for a warning).
    pub fn parse(raw: &str) -> Result<Phone, (Phone, &'static str)> {
        match normalize_phone(raw) {
            Ok(e164) => Ok(Phone::new(e164)),
            Err(problem) => Err((Phone::new(raw), problem)),
        }
    }

    /// [`Phone::parse`] for an owned string: a number already in E.164 form (the common
    /// case, hundreds of thousands of times in a large report) is taken as is.
    pub fn parse_owned(raw: String) -> Result<Phone, (Phone, &'static str)> {
        if is_plain_e164(&raw) {
            Ok(Phone::new(raw))
        } else {
            Phone::parse(&raw)
        }
    }

    /// The digits of the number.
    pub fn digits(&self) -> String {
        self.0.chars().filter(char::is_ascii_digit).collect()
    }

    /// The country calling code (`"44"`): of an E.164 number, or of a pseudonym made with
    /// `--keep-country` (`tel:+44:…`); `None` for a pseudonym without it and for a number
    /// kept in another form.
    pub fn calling_code(&self) -> Option<&str> {
        let text = self.exact();
        if let Some(rest) = text.strip_prefix("tel:+") {
            rest.split(':').next().filter(|cc| !cc.is_empty())
        } else if is_plain_e164(text) {
            country_code(&text[1..])
        } else {
            None
        }
    }
}

/// An IP address: std's [`IpAddr`] where the text is one (stored canonically), else the text
/// as given (named in a warning), or a pseudonym after redaction.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Ip {
    Addr(IpAddr),
    /// Not an address: kept as given.
    Other(UnknownValue),
    /// After `--redact`: `ip:…`, or a kept network with a token.
    Pseudonym(Box<str>),
}

impl Ip {
    pub fn parse(raw: &str) -> Result<Ip, Ip> {
        raw.trim()
            .parse::<IpAddr>()
            .map(Ip::Addr)
            .map_err(|_| Ip::Other(UnknownValue::new(raw)))
    }

    /// The text JSON writes.
    pub fn exact(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Ip::Addr(addr) => addr.to_string().into(),
            Ip::Other(raw) => raw.exact().into(),
            Ip::Pseudonym(p) => (&**p).into(),
        }
    }
}

impl fmt::Display for Ip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ip::Addr(addr) => write!(f, "{addr}"),
            Ip::Other(raw) => write!(f, "{raw}"),
            Ip::Pseudonym(p) => write_escaped(f, p),
        }
    }
}

impl Serialize for Ip {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.exact())
    }
}

string_schema!(Ip, Message);
quotable!(Ip);

/// A value a message quotes, typed as the same value anywhere else in the model.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Quote {
    Text(Text),
    Phone(Phone),
    Email(Email),
    PersonName(PersonName),
    About(About),
    GroupName(GroupName),
    SessionId(SessionId),
    UnknownValue(UnknownValue),
    UnknownLabel(UnknownLabel),
    EntryName(EntryName),
    Ip(Ip),
}

impl Quote {
    /// The exact text.
    pub fn exact(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Quote::Text(t) => t.exact().into(),
            Quote::Phone(t) => t.exact().into(),
            Quote::Email(t) => t.exact().into(),
            Quote::PersonName(t) => t.exact().into(),
            Quote::About(t) => t.exact().into(),
            Quote::GroupName(t) => t.exact().into(),
            Quote::SessionId(t) => t.exact().into(),
            Quote::UnknownValue(t) => t.exact().into(),
            Quote::UnknownLabel(t) => t.exact().into(),
            Quote::EntryName(t) => t.exact().into(),
            Quote::Ip(ip) => ip.exact(),
        }
    }
}

impl fmt::Display for Quote {
    /// Escaped for a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quote::Ip(ip) => write!(f, "{ip}"),
            other => write_escaped(f, &other.exact()),
        }
    }
}

/// One part of a [`Message`].
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Part {
    /// Our own words, or a documented key or label from the tool's tables. Only
    /// `&'static str` converts to this, so report text cannot end up here.
    Lit(&'static str),
    /// A number the tool counted or read (an index, a count, an epoch time): not an
    /// identifier.
    Num(i64),
    Quote(Quote),
}

impl From<&'static str> for Part {
    fn from(text: &'static str) -> Part {
        Part::Lit(text)
    }
}

impl From<i64> for Part {
    fn from(n: i64) -> Part {
        Part::Num(n)
    }
}

impl From<usize> for Part {
    fn from(n: usize) -> Part {
        Part::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Quote> for Part {
    fn from(q: Quote) -> Part {
        Part::Quote(q)
    }
}

/// Words and quoted values, joined when rendered.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Message(pub Vec<Part>);

/// Builds a [`Message`] from literals, numbers and typed values:
/// `msg!["unknown label `", label, "`; kept as given"]`.
#[macro_export]
macro_rules! msg {
    ($($part:expr),* $(,)?) => {
        $crate::text::Message(vec![$($crate::text::Part::from($part)),*])
    };
}

impl Message {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends parts.
    pub fn push(&mut self, part: impl Into<Part>) {
        self.0.push(part.into());
    }

    /// Appends another message.
    pub fn extend(&mut self, other: Message) {
        self.0.extend(other.0);
    }

    /// The exact text, for JSON.
    pub fn exact(&self) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Lit(text) => out.push_str(text),
                Part::Num(n) => out.push_str(&n.to_string()),
                Part::Quote(q) => out.push_str(&q.exact()),
            }
        }
        out
    }

    /// Every quoted value, for redaction.
    pub fn quotes_mut(&mut self) -> impl Iterator<Item = &mut Quote> {
        self.0.iter_mut().filter_map(|p| match p {
            Part::Quote(q) => Some(q),
            _ => None,
        })
    }

    pub fn quotes(&self) -> impl Iterator<Item = &Quote> {
        self.0.iter().filter_map(|p| match p {
            Part::Quote(q) => Some(q),
            _ => None,
        })
    }
}

impl fmt::Display for Message {
    /// Escaped for a terminal: our words as they are, every quoted value escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.0 {
            match part {
                Part::Lit(text) => f.write_str(text)?,
                Part::Num(n) => write!(f, "{n}")?,
                Part::Quote(q) => write!(f, "{q}")?,
            }
        }
        Ok(())
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.exact())
    }
}

/// The ITU-T E.164 country calling code at the start of an international number's digits:
/// 1 (North America) and 7 (Russia, Kazakhstan) are one digit, the codes below two, all
/// others three.
pub fn country_code(digits: &str) -> Option<&str> {
    const TWO: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.len() < 7 {
        return None;
    }
    let len = match &digits[..1] {
        "1" | "7" => 1,
        _ if TWO.contains(&&digits[..2]) => 2,
        _ => 3,
    };
    Some(&digits[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_escapes_and_serialize_keeps_the_exact_text() {
        let g = GroupName::new("a\u{1b}[31m\u{202e}b");
        assert_eq!(g.to_string(), "a\\u{1b}[31m\\u{202e}b");
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            "\"a\\u001b[31m\u{202e}b\""
        );
        assert_eq!(g.exact(), "a\u{1b}[31m\u{202e}b");
    }

    #[test]
    fn messages_escape_only_what_they_quote() {
        let m = msg![
            "unknown label `",
            UnknownLabel::new("x\ny"),
            "` at ",
            3usize
        ];
        assert_eq!(m.to_string(), "unknown label `x\\u{a}y` at 3");
        assert_eq!(m.exact(), "unknown label `x\ny` at 3");
    }

    #[test]
    fn calling_codes_of_numbers_and_kept_pseudonyms() {
        let cc = |s: &str| Phone::new(s).calling_code().map(str::to_string);
        assert_eq!(cc("+15555550101"), Some("1".into()));
        assert_eq!(cc("+445555550103"), Some("44".into()));
        assert_eq!(cc("+6285555550107"), Some("62".into()));
        assert_eq!(cc("+3725555550"), Some("372".into()));
        assert_eq!(cc("tel:+44:abcdefghij"), Some("44".into()));
        assert_eq!(cc("tel:abcdefghij"), None);
        assert_eq!(cc("0555 0101"), None);
    }

    #[test]
    fn ips_are_canonical_or_kept() {
        let ip = Ip::parse("2001:DB8:0:0:0:0:7:7").unwrap();
        assert_eq!(ip.exact(), "2001:db8::7:7");
        assert!(matches!(Ip::parse("somewhere"), Err(Ip::Other(_))));
    }
}
