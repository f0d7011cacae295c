//! `--redact`: reports that can be shared. Pure: a [`Report`] in, a [`Report`] with every
//! identifier replaced out, so every renderer and `diff` and `audit` work unchanged on it.
//!
//! - Phone numbers (own, contacts, blocked, status lists) become `tel:` plus ten letters: a
//!   keyed hash (HMAC-SHA256) of the number, so the same number gets the same pseudonym in
//!   every report redacted with the same key. With `keep_country` the calling code stays:
//!   `tel:+44:…`. Pseudonyms hold no digits, so no digit run of a number can survive.
//! - Email, name, about text, group names, sync-session ids and values kept under unknown
//!   labels become `email:…`, `name:…`, `about:…`, `group:…`, `session:…`, `value:…`.
//! - IP addresses are cut to their network prefix, IPv4 /16 and IPv6 /32, followed by a keyed
//!   token of the whole address (`172.16.0.0/16~kqzmvbnwta`), so that two different addresses
//!   in one network stay different (a redacted diff shows the same changes) without revealing
//!   more than the prefix. Ports are dropped.
//! - The profile picture's size is dropped; whether there is one and when it was uploaded stay.
//! - Device ids and every time are kept, so redacted reports still diff and audit alike.
//! - Warnings that quote a value get the value replaced, and any run of six or more digits
//!   masked.

use std::net::IpAddr;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::model::Report;

pub struct Redactor {
    key: Vec<u8>,
    keep_country: bool,
}

impl Redactor {
    /// With a key, pseudonyms are stable across runs; without, a random key is drawn for this
    /// run only.
    pub fn new(key: Option<&str>, keep_country: bool) -> anyhow::Result<Redactor> {
        let key = match key {
            Some(k) if !k.is_empty() => k.as_bytes().to_vec(),
            _ => {
                let mut k = vec![0u8; 32];
                getrandom::fill(&mut k).map_err(|e| {
                    anyhow::anyhow!("no random key for --redact: {e}; pass --redact-key")
                })?;
                k
            }
        };
        Ok(Redactor { key, keep_country })
    }

    /// Ten letters from a keyed hash of `value` in its domain.
    fn token(&self, domain: &str, value: &str) -> String {
        // HMAC takes keys of any length, so this cannot fail.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key) else {
            return "redacted".into();
        };
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        let bytes = mac.finalize().into_bytes();
        bytes
            .iter()
            .take(10)
            .map(|b| char::from(b'a' + b % 26))
            .collect()
    }

    pub fn phone(&self, number: &str) -> String {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let token = self.token("phone", if digits.is_empty() { number } else { &digits });
        match (self.keep_country, country_code(&digits)) {
            (true, Some(cc)) => format!("tel:+{cc}:{token}"),
            _ => format!("tel:{token}"),
        }
    }

    pub fn text(&self, domain: &str, value: &str) -> String {
        format!("{domain}:{}", self.token(domain, value))
    }

    /// An address cut to its network (IPv4 /16, IPv6 /32) plus a keyed token of the whole
    /// address. Anything that is not an address is pseudonymised.
    pub fn ip(&self, ip: &str) -> String {
        let token = self.token("ip", ip);
        match ip.parse::<IpAddr>() {
            Ok(IpAddr::V4(v4)) => {
                let [a, b, ..] = v4.octets();
                format!("{a}.{b}.0.0/16~{token}")
            }
            Ok(IpAddr::V6(v6)) => {
                let s = v6.segments();
                format!("{:x}:{:x}::/32~{token}", s[0], s[1])
            }
            Err(_) => format!("ip:{token}"),
        }
    }

    /// The report with every identifier replaced.
    pub fn report(&self, report: &Report) -> Report {
        let mut r = report.clone();
        let mut replaced: Vec<(String, String)> = Vec::new();
        let mut swap = |original: &str, pseudonym: String| {
            if !original.is_empty() {
                replaced.push((original.to_string(), pseudonym.clone()));
            }
            pseudonym
        };
        let phones = |list: &mut Vec<String>, swap: &mut dyn FnMut(&str, String) -> String| {
            for n in list.iter_mut() {
                *n = swap(n, self.phone(n));
            }
        };
        let a = &mut r.account;
        if let Some(n) = &mut a.phone_number {
            *n = swap(n, self.phone(n));
        }
        for (domain, slot) in [
            ("name", &mut a.name),
            ("email", &mut a.email),
            ("about", &mut a.about),
        ] {
            if let Some(v) = slot {
                *v = swap(v, self.text(domain, v));
            }
        }
        a.profile_picture.size_bytes = None;
        phones(&mut r.contacts, &mut swap);
        for g in r.groups.iter_mut() {
            *g = swap(g, self.text("group", g));
        }
        if let Some(b) = &mut r.blocked {
            phones(&mut b.numbers, &mut swap);
        }
        if let Some(s) = &mut r.privacy.status {
            phones(&mut s.except, &mut swap);
            phones(&mut s.only_share_with, &mut swap);
        }
        for d in r.devices.iter_mut() {
            for ip in [&mut d.previous_ip, &mut d.current_ip]
                .into_iter()
                .flatten()
            {
                *ip = swap(ip, self.ip(ip));
            }
            d.current_port = None;
        }
        if let Some(id) = &mut r.sync.current_session_id {
            *id = swap(id, self.text("session", id));
        }
        for s in r.sync.sessions.iter_mut() {
            if let Some(id) = &mut s.id {
                *id = swap(id, self.text("session", id));
            }
        }
        for u in r.unrecognised.iter_mut() {
            u.value = swap(&u.value, self.text("value", &u.value));
        }
        if !r.root.is_empty() {
            let folder = "<report folder>/".to_string();
            r.detected_by = r.detected_by.replace(&r.root, &folder);
            r.root = folder;
        }
        // Longest first, so a number is not half-replaced by a shorter one inside it.
        replaced.sort_by_key(|(original, _)| std::cmp::Reverse(original.len()));
        for w in r.warnings.iter_mut() {
            let mut message = w.message.clone();
            for (original, pseudonym) in &replaced {
                if message.contains(original.as_str()) {
                    message = message.replace(original.as_str(), pseudonym);
                }
            }
            w.message = mask_digit_runs(&message);
        }
        r
    }
}

/// Replaces every run of six or more digits with `#`s.
fn mask_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 6 {
            out.extend(std::iter::repeat_n('#', run.len()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The ITU-T E.164 country calling code at the start of an international number's digits:
/// 1 (North America) and 7 (Russia, Kazakhstan) are one digit, the codes below two, all
/// others three.
fn country_code(digits: &str) -> Option<&str> {
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

    fn keyed(keep_country: bool) -> Redactor {
        Redactor::new(Some("test key"), keep_country).unwrap()
    }

    #[test]
    fn pseudonyms_are_stable_per_key_and_hold_no_digits() {
        let r = keyed(false);
        let p = r.phone("+15555550123");
        assert_eq!(
            p,
            r.phone("+1 555 555 0123"),
            "the same number, written differently"
        );
        assert!(p.starts_with("tel:") && p.len() == 14, "{p}");
        assert!(!p.chars().any(|c| c.is_ascii_digit()), "{p}");
        assert_ne!(p, r.phone("+15555550124"));
        assert_ne!(
            p,
            Redactor::new(Some("other key"), false)
                .unwrap()
                .phone("+15555550123")
        );
    }

    #[test]
    fn random_keys_differ_between_runs() {
        let a = Redactor::new(None, false).unwrap();
        let b = Redactor::new(None, false).unwrap();
        assert_ne!(a.phone("+15555550123"), b.phone("+15555550123"));
    }

    #[test]
    fn country_codes_are_kept_only_when_asked() {
        let r = keyed(true);
        assert!(r.phone("+15555550123").starts_with("tel:+1:"));
        assert!(r.phone("+445555550103").starts_with("tel:+44:"));
        assert!(r.phone("+6285555550107").starts_with("tel:+62:"));
        assert!(r.phone("+3725555501").starts_with("tel:+372:"));
        assert!(!keyed(false).phone("+445555550103").contains("44"));
    }

    #[test]
    fn ips_are_cut_to_their_prefix_and_stay_distinct() {
        let r = keyed(false);
        assert!(r.ip("172.16.5.7").starts_with("172.16.0.0/16~"));
        assert!(r.ip("2001:db8:12::").starts_with("2001:db8::/32~"));
        assert_ne!(r.ip("2001:db8:12::"), r.ip("2001:db8:11::"));
        assert_eq!(r.ip("2001:db8:12::"), r.ip("2001:db8:12::"));
        let token = r.ip("10.20.0.142");
        assert!(
            !token["10.20.0.0/16~".len()..]
                .chars()
                .any(|c| c.is_ascii_digit()),
            "{token}"
        );
        assert!(r.ip("somewhere").starts_with("ip:"));
    }

    #[test]
    fn digit_runs_are_masked() {
        assert_eq!(
            mask_digit_runs("`+15555550123` at 12:30, 2022"),
            "`+###########` at 12:30, 2022"
        );
    }
}
