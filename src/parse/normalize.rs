//! Repairs and normalises single values the report writes in its own odd ways.
//!
//! Each function is pure and returns an `Err` with a short description when the value does
//! not have the documented shape; callers keep the original and turn the description into a
//! warning naming the file and key.

use std::net::{IpAddr, SocketAddr};

use crate::model::{StatusPrivacy, Visibility};
use crate::msg;
use crate::text::{Ip, Message, Phone, UnknownValue};

/// Undoes the gen B/C JSON mojibake (FORMAT.md 6.1): each UTF-8 byte was written as its own
/// `\u00XX` character. When every character fits in a byte and the bytes are valid UTF-8,
/// that decoding is the real text; otherwise the string is returned unchanged (it was either
/// plain ASCII or genuinely Latin-1 text).
pub fn repair_mojibake(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return s.into();
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    match String::from_utf8(bytes) {
        Ok(fixed) => fixed.into(),
        Err(_) => s.into(),
    }
}

/// Applies [`repair_mojibake`] to a string in place.
pub fn repair_string(s: &mut String) {
    if let std::borrow::Cow::Owned(fixed) = repair_mojibake(s) {
        *s = fixed;
    }
}

/// Applies [`repair_mojibake`] to every string (and key) of a JSON tree.
pub fn repair_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => repair_string(s),
        Value::Array(items) => items.iter_mut().for_each(repair_json),
        Value::Object(map) => map.values_mut().for_each(repair_json),
        _ => {}
    }
}

/// Parses a privacy value ("Everyone", "My Contacts", "Nobody", ...), case-insensitively.
/// Values are never localised (FORMAT.md 3.5). An unknown value is returned as
/// `Err(Visibility::Other(verbatim))`.
pub fn parse_visibility(raw: &str) -> Result<Visibility, Visibility> {
    match crate::parse::labels::fold(raw).as_str() {
        "everyone" => Ok(Visibility::Everyone),
        "my contacts" | "contacts" => Ok(Visibility::MyContacts),
        "my contacts except" | "my contacts except..." | "my contacts except…" => {
            Ok(Visibility::MyContactsExcept)
        }
        "only share with" | "only share with..." | "only share with…" => {
            Ok(Visibility::OnlyShareWith)
        }
        "nobody" => Ok(Visibility::Nobody),
        _ => Err(Visibility::Other(UnknownValue::new(raw))),
    }
}

/// Parses gen B's `status_privacy` strings (FORMAT.md 2.5), e.g.
/// `["My Contacts (active)", "My Contacts Except : [+1555..., +1555...]", "Only Share With : []"]`.
/// The mode is the entry marked `(active)`; the lists are taken from their entries whether
/// or not active. An empty list of entries is an empty status privacy (no mode, empty lists),
/// the same from every source. Problems are returned beside the best-effort result.
pub fn parse_status_privacy(entries: &[String]) -> (StatusPrivacy, Vec<Message>) {
    let mut status = StatusPrivacy::default();
    let mut problems = Vec::new();
    for entry in entries {
        let active = entry.contains("(active)");
        let cleaned = entry.replace("(active)", "");
        let (label, list) = match cleaned.find('[') {
            Some(open) => {
                let close = cleaned.rfind(']').filter(|&c| c > open);
                if close.is_none() {
                    problems.push(msg![
                        "status privacy entry `",
                        UnknownValue::new(entry.as_str()),
                        "` has no closing `]`"
                    ]);
                }
                let inner = &cleaned[open + 1..close.unwrap_or(cleaned.len())];
                (&cleaned[..open], Some(inner))
            }
            None => (cleaned.as_str(), None),
        };
        let label = label.trim().trim_end_matches(':').trim();
        let mode = match parse_visibility(label) {
            Ok(mode) => mode,
            Err(other) => {
                problems.push(msg![
                    "unknown status privacy mode `",
                    UnknownValue::new(label),
                    "`"
                ]);
                other
            }
        };
        let mut numbers = Vec::new();
        for item in list.into_iter().flat_map(|l| l.split(',')) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            numbers.push(Phone::parse(item).unwrap_or_else(|(kept, problem)| {
                problems.push(msg!["status privacy list: `", kept.clone(), "` ", problem]);
                kept
            }));
        }
        match (&mode, list.is_some()) {
            (Visibility::MyContactsExcept, _) => status.except.extend(numbers),
            (Visibility::OnlyShareWith, _) => status.only_share_with.extend(numbers),
            (_, true) if !numbers.is_empty() => problems.push(msg![
                "status privacy entry `",
                UnknownValue::new(entry.as_str()),
                "` lists numbers for a mode that takes none"
            ]),
            _ => {}
        }
        if active {
            if status.mode.is_some() {
                problems.push(msg![
                    "status privacy marks more than one mode active; keeping the first, not `",
                    UnknownValue::new(label),
                    "`"
                ]);
            } else {
                status.mode = Some(mode);
            }
        }
    }
    if status.mode.is_none() && !entries.is_empty() {
        problems.push(msg![
            "status privacy marks no mode `(active)`; the mode is unknown"
        ]);
    }
    (status, problems)
}

/// Splits `current_connection_ip` into address and port. Handles `a.b.c.d:port` and
/// `[v6]:port`, in any case and spelling. A bare address gives no port; callers say so,
/// since the IPv6 form is undocumented (FORMAT.md 8.4) and `v6:port` cannot be told apart
/// from an address. Anything else is an `Err` holding the text as given.
pub fn split_ip_port(raw: &str) -> Result<(Ip, Option<u16>), Ip> {
    let raw = raw.trim();
    if let Ok(sock) = raw.parse::<SocketAddr>() {
        return Ok((Ip::Addr(sock.ip()), Some(sock.port())));
    }
    if let Ok(ip) = raw.parse::<IpAddr>() {
        return Ok((Ip::Addr(ip), None));
    }
    Err(Ip::Other(UnknownValue::new(raw)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_phone;

    #[test]
    fn mojibake_emoji_is_repaired() {
        assert_eq!(
            repair_mojibake("Family\u{f0}\u{9f}\u{99}\u{82}"),
            "Family🙂"
        );
        assert_eq!(repair_mojibake("\u{e2}\u{80}\u{8e}"), "\u{200e}");
        assert_eq!(repair_mojibake("M\u{c3}\u{bc}ller"), "Müller");
    }

    #[test]
    fn mojibake_leaves_real_text_alone() {
        assert_eq!(repair_mojibake("Football "), "Football ");
        // Genuine Latin-1 text is not valid UTF-8 when read as bytes: kept.
        assert_eq!(repair_mojibake("Café"), "Café");
        // Already correct text with characters above U+00FF: kept.
        assert_eq!(repair_mojibake("Family🙂"), "Family🙂");
        assert_eq!(repair_mojibake("گروه"), "گروه");
    }

    #[test]
    fn mojibake_repair_reaches_nested_strings() {
        let mut v = serde_json::json!({"a": ["\u{c3}\u{bc}", {"b": "\u{c3}\u{a9}"}], "n": 1});
        repair_json(&mut v);
        assert_eq!(v, serde_json::json!({"a": ["ü", {"b": "é"}], "n": 1}));
    }

    #[test]
    fn phone_numbers_normalise_to_e164() {
        assert_eq!(normalize_phone("15555550123").unwrap(), "+15555550123");
        assert_eq!(normalize_phone("+15555550123").unwrap(), "+15555550123");
        assert_eq!(
            normalize_phone(" +1 (555) 555-0123 ").unwrap(),
            "+15555550123"
        );
        assert_eq!(normalize_phone("6281234567890").unwrap(), "+6281234567890");
    }

    #[test]
    fn owned_normalisation_agrees_with_the_borrowed_one() {
        for raw in [
            "+15555550123",
            "15555550123",
            "+1 555 555 0123",
            "+12",
            "Alex",
            "+1234567890123456",
        ] {
            let owned = Phone::parse_owned(raw.to_string())
                .map(|p| p.exact().to_string())
                .map_err(|(_, p)| p);
            assert_eq!(owned, normalize_phone(raw), "{raw}");
        }
    }

    #[test]
    fn non_numbers_are_rejected() {
        assert!(normalize_phone("Alex").is_err());
        assert!(normalize_phone("+12").is_err());
        assert!(normalize_phone("+1234567890123456").is_err());
        assert!(normalize_phone("").is_err());
    }

    #[test]
    fn visibility_values() {
        assert_eq!(parse_visibility("Everyone"), Ok(Visibility::Everyone));
        assert_eq!(parse_visibility("My Contacts"), Ok(Visibility::MyContacts));
        assert_eq!(parse_visibility("my  contacts"), Ok(Visibility::MyContacts));
        assert_eq!(parse_visibility("Nobody"), Ok(Visibility::Nobody));
        assert_eq!(
            parse_visibility("Friends"),
            Err(Visibility::Other(UnknownValue::new("Friends")))
        );
    }

    fn phones(items: &[&str]) -> Vec<Phone> {
        items.iter().map(|p| Phone::new(*p)).collect()
    }

    #[test]
    fn status_privacy_with_both_lists() {
        let entries = [
            "My Contacts (active)".to_string(),
            "My Contacts Except : [+15555550104, +445555550105]".to_string(),
            "Only Share With : [+15555550106]".to_string(),
        ];
        let (status, problems) = parse_status_privacy(&entries);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(status.mode, Some(Visibility::MyContacts));
        assert_eq!(status.except, phones(&["+15555550104", "+445555550105"]));
        assert_eq!(status.only_share_with, phones(&["+15555550106"]));
    }

    #[test]
    fn status_privacy_active_except_list() {
        let entries = ["My Contacts Except (active) : [+15555550104]".to_string()];
        let (status, problems) = parse_status_privacy(&entries);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(status.mode, Some(Visibility::MyContactsExcept));
        assert_eq!(status.except, phones(&["+15555550104"]));
    }

    #[test]
    fn status_privacy_empty_and_odd_entries() {
        let (status, problems) = parse_status_privacy(&[]);
        assert_eq!(status, StatusPrivacy::default());
        assert!(problems.is_empty());

        let entries = ["Close Friends : [+15555550104".to_string()];
        let (status, problems) = parse_status_privacy(&entries);
        assert_eq!(status.mode, None);
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn ip_and_port_are_split() {
        let ip = |s: &str| Ip::Addr(s.parse().unwrap());
        assert_eq!(
            split_ip_port("172.16.5.7:40123").unwrap(),
            (ip("172.16.5.7"), Some(40123))
        );
        assert_eq!(
            split_ip_port("[2001:DB8:0::7]:443").unwrap(),
            (ip("2001:db8::7"), Some(443))
        );
        assert_eq!(
            split_ip_port("2001:db8::7").unwrap(),
            (ip("2001:db8::7"), None)
        );
        assert!(split_ip_port("somewhere").is_err());
    }
}
