//! `--redact`: reports that can be shared. Pure: a [`Report`] in, a [`Report`] with every
//! identifier replaced out, so every view, `diff` and `audit` work unchanged on it.
//!
//! Redaction maps by type, never by searching rendered text: the model's one list of fields
//! ([`Report::walk_mut`]) hands over every value with its type, and every warning quotes its
//! values as typed parts ([`crate::text::Quote`]), which are mapped exactly like the same
//! value anywhere else. So the same number is the same pseudonym in a warning, in the
//! records and, with the same key, in every report.
//!
//! - Phone numbers become `tel:` plus ten letters: a keyed hash (HMAC-SHA256) of their
//!   digits, so `+1 555 555 0104` and `+15555550104` are one pseudonym. With
//!   `keep_country` the calling code stays: `tel:+44:…`.
//! - IP addresses become `ip:` plus a keyed token of the address (canonical, so any spelling
//!   of one address is one pseudonym), with nothing of the address kept. With
//!   `keep_network` the IPv4 /16 or IPv6 /32 network stays in front of the token
//!   (`172.16.0.0/16~kqzmvbnwta`).
//! - Email, name, about text, group names, sync-session ids, values under unknown labels,
//!   unknown labels and keys, and unrecognised values become `email:…`, `name:…`, `about:…`,
//!   `group:…`, `session:…`, `value:…`, `label:…`.
//! - Entry and folder names the generations document stay (they identify no one); any other
//!   becomes `file:…`.
//! - Device ids, app versions, ports, the picture's size and every time are kept, so a
//!   redacted diff shows exactly the changes of the plain one, and audits alike.

use std::net::IpAddr;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::model::{Contacts, LeafMut, Payments, Report, Visibility};
use crate::text::{EntryName, Ip, Message, Phone, Quote, Untrusted, country_code};

/// What `--redact` keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// Keep the country calling code of phone numbers.
    pub keep_country: bool,
    /// Keep the IPv4 /16 or IPv6 /32 network of addresses.
    pub keep_network: bool,
}

pub struct Redactor {
    key: Vec<u8>,
    policy: Policy,
}

impl Redactor {
    /// Pseudonyms keyed by `key`: the same key gives the same pseudonyms in every run and
    /// every report. The command line draws a random key when none is given, and the
    /// browser's page its own; an empty key is refused.
    pub fn new(key: &[u8], policy: Policy) -> anyhow::Result<Redactor> {
        anyhow::ensure!(
            !key.is_empty(),
            "the key for --redact is empty; give one with --redact-key or WAREPORT_REDACT_KEY, or none for a random key"
        );
        Ok(Redactor {
            key: key.to_vec(),
            policy,
        })
    }

    /// Ten letters from a keyed hash of `value` in its domain.
    fn token(&self, domain: &str, value: &str) -> String {
        self.letters(domain, value, 10)
    }

    /// `n` letters (at most 32) from a keyed hash of `value` in its domain.
    fn letters(&self, domain: &str, value: &str, n: usize) -> String {
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
            .take(n)
            .map(|b| char::from(b'a' + b % 26))
            .collect()
    }

    /// A report's content digest as a pseudonym, `report:` and 26 letters, for `export`:
    /// the same report gets the same key with the same redaction key, and nobody holding a
    /// report can tell from the export whether it is in it.
    /// `digest` is in hex, as `reports.key` holds it unredacted.
    pub fn report_key(&self, digest: &str) -> String {
        format!("report:{}", self.letters("report", digest, 26))
    }

    /// Twelve letters that are the same for two runs exactly when they share the key and the
    /// policy (so their pseudonyms join), and reveal neither.
    pub fn fingerprint(&self) -> String {
        let policy = format!(
            "keep_country={} keep_network={}",
            self.policy.keep_country, self.policy.keep_network
        );
        self.letters("fingerprint", &policy, 12)
    }

    fn text(&self, domain: &str, value: &str) -> String {
        format!("{domain}:{}", self.token(domain, value))
    }

    pub fn phone(&self, number: &Phone) -> Phone {
        let digits = number.digits();
        let basis = if digits.is_empty() {
            number.exact()
        } else {
            &digits
        };
        let token = self.token("phone", basis);
        Phone::new(match (self.policy.keep_country, country_code(&digits)) {
            (true, Some(cc)) => format!("tel:+{cc}:{token}"),
            _ => format!("tel:{token}"),
        })
    }

    /// An address as a keyed pseudonym; with `keep_network`, its network in front.
    pub fn ip(&self, ip: &Ip) -> Ip {
        let text = ip.exact();
        let token = self.token("ip", &text);
        Ip::Pseudonym(
            match (self.policy.keep_network, ip) {
                (true, Ip::Addr(IpAddr::V4(v4))) => {
                    let [a, b, ..] = v4.octets();
                    format!("{a}.{b}.0.0/16~{token}")
                }
                (true, Ip::Addr(IpAddr::V6(v6))) => {
                    let s = v6.segments();
                    format!("{:x}:{:x}::/32~{token}", s[0], s[1])
                }
                _ => format!("ip:{token}"),
            }
            .into(),
        )
    }

    /// A documented entry name stays; any other is a pseudonym.
    pub fn entry(&self, name: &EntryName) -> EntryName {
        if crate::spec::is_documented(name.exact()) || name.exact() == "whatsapp_payments/" {
            name.clone()
        } else {
            EntryName::new(self.text("file", name.exact()))
        }
    }

    /// `domain:` and ten letters, in the value's own type.
    fn pseudonym<T: Untrusted>(&self, domain: &str, value: &T) -> T {
        T::new(self.text(domain, value.exact()))
    }

    /// One quoted value of a message, mapped like the same value in the records.
    pub fn quote(&self, quote: &mut Quote) {
        *quote = match &*quote {
            Quote::Text(t) => Quote::Text(t.clone()),
            Quote::Phone(p) => Quote::Phone(self.phone(p)),
            Quote::Email(e) => Quote::Email(self.pseudonym("email", e)),
            Quote::PersonName(n) => Quote::PersonName(self.pseudonym("name", n)),
            Quote::About(a) => Quote::About(self.pseudonym("about", a)),
            Quote::GroupName(g) => Quote::GroupName(self.pseudonym("group", g)),
            Quote::SessionId(s) => Quote::SessionId(self.pseudonym("session", s)),
            Quote::UnknownValue(v) => Quote::UnknownValue(self.pseudonym("value", v)),
            Quote::UnknownLabel(l) => Quote::UnknownLabel(self.pseudonym("label", l)),
            Quote::EntryName(e) => Quote::EntryName(self.entry(e)),
            Quote::Ip(ip) => Quote::Ip(self.ip(ip)),
        };
    }

    pub fn message(&self, message: &mut Message) {
        for q in message.quotes_mut() {
            self.quote(q);
        }
    }

    fn visibility(&self, v: &mut Visibility) {
        if let Visibility::Other(raw) = v {
            *raw = self.pseudonym("value", raw);
        }
    }

    /// The report with every identifier replaced: its records, then what describes the
    /// reading.
    pub fn report(&self, report: &Report) -> Report {
        let mut r = report.clone();
        r.walk_mut(&mut |_, leaf| self.leaf(leaf));
        for u in r.unrecognised.iter_mut() {
            u.file = self.entry(&u.file);
            u.label = self.pseudonym("label", &u.label);
            u.value = self.pseudonym("value", &u.value);
        }
        for w in r.warnings.iter_mut() {
            w.file = self.entry(&w.file);
            self.message(&mut w.at);
            self.message(&mut w.message);
        }
        let source = &mut r.source;
        self.message(&mut source.detected_by);
        for name in source.root.iter_mut().chain(&mut source.files) {
            *name = self.entry(name);
        }
        r
    }

    /// One field's value, by its kind.
    fn leaf(&self, leaf: LeafMut<'_>) {
        fn each<'a, T: 'a>(items: impl IntoIterator<Item = &'a mut T>, f: impl Fn(&T) -> T) {
            items.into_iter().for_each(|item| *item = f(item));
        }
        let phone = |p: &Phone| self.phone(p);
        match leaf {
            // Times, flags, ports, the picture's size and free text identify no one, and a
            // redacted diff must show every change the plain one does.
            LeafMut::Time(_)
            | LeafMut::Flag(_)
            | LeafMut::Text(_)
            | LeafMut::Port(_)
            | LeafMut::Size(_) => {}
            LeafMut::Phone(p) => each(p, phone),
            LeafMut::Email(e) => each(e, |e| self.pseudonym("email", e)),
            LeafMut::Name(n) => each(n, |n| self.pseudonym("name", n)),
            LeafMut::About(a) => each(a, |a| self.pseudonym("about", a)),
            LeafMut::Session(s) => each(s, |s| self.pseudonym("session", s)),
            LeafMut::Ip(ip) => each(ip, |ip| self.ip(ip)),
            LeafMut::Vis(v) => v.iter_mut().for_each(|v| self.visibility(v)),
            LeafMut::Phones(list) => each(list.iter_mut().flatten(), phone),
            LeafMut::Contacts(c) => {
                if let Some(Contacts::Kept(list)) = c {
                    each(list, phone);
                }
            }
            LeafMut::Groups(g) => each(g.iter_mut().flatten(), |g| self.pseudonym("group", g)),
            LeafMut::Status(s) => {
                for s in s.iter_mut() {
                    s.mode.iter_mut().for_each(|mode| self.visibility(mode));
                    each(&mut s.except, phone);
                    each(&mut s.only_share_with, phone);
                }
            }
            LeafMut::Sessions(s) => {
                each(s.iter_mut().flatten().filter_map(|s| s.id.as_mut()), |id| {
                    self.pseudonym("session", id)
                })
            }
            LeafMut::Payments(p) => {
                if let Some(Payments::Present(names)) = p {
                    each(names, |n| self.entry(n));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed(policy: Policy) -> Redactor {
        Redactor::new(b"test key", policy).unwrap()
    }

    #[test]
    fn pseudonyms_are_stable_per_key_and_hold_no_digits() {
        let r = keyed(Policy::default());
        let p = r.phone(&Phone::new("+15555550123"));
        assert_eq!(
            p,
            r.phone(&Phone::new("+1 555 555 0123")),
            "the same number, written differently"
        );
        assert!(
            p.exact().starts_with("tel:") && p.exact().len() == 14,
            "{p}"
        );
        assert!(!p.exact().chars().any(|c| c.is_ascii_digit()), "{p}");
        assert_ne!(p, r.phone(&Phone::new("+15555550124")));
        assert_ne!(
            p,
            Redactor::new(b"other key", Policy::default())
                .unwrap()
                .phone(&Phone::new("+15555550123"))
        );
    }

    #[test]
    fn an_empty_key_is_refused() {
        let err = Redactor::new(b"", Policy::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("--redact-key") && err.contains("WAREPORT_REDACT_KEY"));
    }

    #[test]
    fn country_codes_are_kept_only_when_asked() {
        let r = keyed(Policy {
            keep_country: true,
            ..Policy::default()
        });
        let p = |s: &str| r.phone(&Phone::new(s)).exact().to_string();
        assert!(p("+15555550123").starts_with("tel:+1:"));
        assert!(p("+445555550103").starts_with("tel:+44:"));
        assert!(p("+6285555550107").starts_with("tel:+62:"));
        assert!(p("+3725555501").starts_with("tel:+372:"));
        let plain = keyed(Policy::default());
        assert!(
            !plain
                .phone(&Phone::new("+445555550103"))
                .exact()
                .contains("44")
        );
    }

    #[test]
    fn ips_keep_nothing_unless_the_network_is_asked_for() {
        let ip = |s: &str| Ip::parse(s).unwrap();
        let r = keyed(Policy::default());
        let redacted = r.ip(&ip("172.16.5.7")).exact().to_string();
        assert!(redacted.starts_with("ip:"), "{redacted}");
        assert!(!redacted.chars().any(|c| c.is_ascii_digit()), "{redacted}");
        assert_eq!(
            r.ip(&ip("2001:DB8:0:0:0:0:7:7")),
            r.ip(&ip("2001:db8::7:7"))
        );
        assert_ne!(r.ip(&ip("2001:db8:12::")), r.ip(&ip("2001:db8:11::")));
        let n = keyed(Policy {
            keep_network: true,
            ..Policy::default()
        });
        assert!(
            n.ip(&ip("172.16.5.7"))
                .exact()
                .starts_with("172.16.0.0/16~")
        );
        assert!(
            n.ip(&ip("2001:db8:12::"))
                .exact()
                .starts_with("2001:db8::/32~")
        );
        assert_ne!(n.ip(&ip("2001:db8:12::")), n.ip(&ip("2001:db8:11::")));
    }

    #[test]
    fn documented_entry_names_stay_and_others_do_not() {
        let r = keyed(Policy::default());
        let kept = EntryName::new("whatsapp_settings/account_settings.json");
        assert_eq!(r.entry(&kept), kept);
        let other = r.entry(&EntryName::new("Alex Muller/photo.jpg"));
        assert!(other.exact().starts_with("file:"), "{other}");
    }
}
