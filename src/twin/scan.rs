//! The edits a twin makes to one decoded text, by where the text stands:
//! - a value, by what its key or label names ([`Kind`]): an identifier of the plan (the
//!   whole value), a number of the report in any spelling (`+1 555-555-0123`, its national
//!   form, digits only), an address of the report in any spelling (upper case, uncompressed,
//!   with a port), a longer identifier inside other text, a time moved; under a key or label
//!   the parser does not know, all that and then every other letter and digit by shape;
//! - a label, a key, or text around the data: only numbers and addresses of the report, and
//!   (around the data, or in a label the parser did not know) the longer identifiers.
//!
//! Every edit keeps what it does not replace: a number's spaces and dashes, an address's
//! port and brackets.

use std::net::{IpAddr, Ipv4Addr};

use super::plan::{Kind, Plan};
use super::shape::shape;
use super::written::Edit;

/// Where a text stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A label or a key: the format.
    Label,
    /// Text around the data (headings, the index, attributes, comments), or a label or key
    /// the parser did not know: kept, but for an identifier inside it (a device line named
    /// after its owner).
    Other,
    Value(Kind),
}

/// What moving a date gave.
enum Moved {
    To(String),
    /// Not a date.
    NoDate,
    /// A date that cannot be written moved by this offset.
    Stuck,
}

/// Moves a date written as the report's HTML writes them by the plan's offset.
fn move_date(plan: &Plan, text: &str) -> Moved {
    let by = |s: i64| jiff::SignedDuration::from_secs(s);
    let generation = plan.generation;
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Moved::NoDate;
    }
    match crate::parse::move_html_date(text, generation, &plan.months, by(plan.offset)) {
        Some(moved) => Moved::To(moved),
        // A date it is when it can be written where it stands.
        None if crate::parse::move_html_date(text, generation, &plan.months, by(0)).is_some() => {
            Moved::Stuck
        }
        None => Moved::NoDate,
    }
}

/// The edits for `text` in `slot`, sorted and apart.
pub(crate) fn edits(plan: &Plan, text: &str, slot: Slot) -> Vec<Edit> {
    if let Slot::Value(kind) = slot {
        if let Some(e) = whole(plan, text, kind) {
            return vec![e];
        }
        if matches!(kind, Kind::Time | Kind::Unknown) {
            match move_date(plan, text) {
                Moved::To(with) => return vec![whole_edit(text, with)],
                Moved::Stuck if kind == Kind::Time => {
                    plan.stuck.borrow_mut().push(text.to_string());
                    return Vec::new();
                }
                _ => {}
            }
        }
        if kind == Kind::Unknown
            && let Some(e) = epoch(plan, text, true)
        {
            return vec![e];
        }
    }
    let mut out = Vec::new();
    phones(plan, text, &mut out);
    addresses(plan, text, &mut out);
    if matches!(
        slot,
        Slot::Other | Slot::Value(Kind::Text | Kind::Unknown | Kind::Phone)
    ) {
        inside(plan, text, &mut out);
    }
    tidy(&mut out);
    if slot == Slot::Value(Kind::Unknown) {
        return sweep(plan, text, out);
    }
    out
}

fn whole_edit(text: &str, with: String) -> Edit {
    Edit {
        range: 0..text.len(),
        with,
    }
}

/// The whole value is an identifier, or a value the parser did not understand: exactly, or
/// within its edge space.
fn whole(plan: &Plan, text: &str, kind: Kind) -> Option<Edit> {
    let lookup = |key: &str| -> Option<&String> {
        match kind {
            Kind::Text | Kind::Phone | Kind::Unknown | Kind::Photo => {
                plan.texts.get(key).or_else(|| plan.unknown.get(key))
            }
            Kind::Keep | Kind::Ip => plan.unknown.get(key),
            // A date that is no date (30 February) stays as written: it is no time, and
            // by shape it would be another kind of not-a-date.
            Kind::Time => None,
        }
    };
    if let Some(twin) = lookup(text) {
        return Some(whole_edit(text, twin.clone()));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.len() == text.len() {
        return None;
    }
    let start = text.len() - text.trim_start().len();
    lookup(trimmed).map(|twin| Edit {
        range: start..start + trimmed.len(),
        with: twin.clone(),
    })
}

/// A time written as a number alone (edge space kept), moved: with `any` (under an unknown
/// key), a bare number that looks like one of the report's times; else one of them.
pub(crate) fn epoch(plan: &Plan, text: &str, any: bool) -> Option<Edit> {
    let trimmed = text.trim();
    let n: i64 = trimmed.parse().ok()?;
    let time = if any {
        trimmed.len() <= 12 && trimmed.bytes().all(|b| b.is_ascii_digit()) && plan.is_time(n)
    } else {
        n != 0 && plan.times.contains(&n)
    };
    let start = text.len() - text.trim_start().len();
    time.then(|| Edit {
        range: start..start + trimmed.len(),
        with: plan.moved(n).to_string(),
    })
}

/// Keeps edits sorted and apart: of two that overlap, the first (the longer at one start).
fn tidy(edits: &mut Vec<Edit>) {
    edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.range.start >= end;
        if keep {
            end = e.range.end;
        }
        keep
    });
}

/// Everything of `text` no edit covers, replaced by shape (the same text the same way).
fn sweep(plan: &Plan, text: &str, edits: Vec<Edit>) -> Vec<Edit> {
    let mut d = plan.seed.draw("sweep", text.as_bytes());
    let mut out = Vec::with_capacity(edits.len() * 2 + 1);
    let mut at = 0;
    let gap = |from: usize, to: usize, d: &mut super::draw::Draw, out: &mut Vec<Edit>| {
        if from < to {
            let with = shape(&text[from..to], d);
            if with != text[from..to] {
                out.push(Edit {
                    range: from..to,
                    with,
                });
            }
        }
    };
    for e in edits {
        gap(at, e.range.start, &mut d, &mut out);
        at = e.range.end;
        out.push(e);
    }
    gap(at, text.len(), &mut d, &mut out);
    out
}

/// The longer identifiers inside the text.
fn inside(plan: &Plan, text: &str, out: &mut Vec<Edit>) {
    if let Some((ac, twins)) = &plan.finder {
        out.extend(ac.find_iter(text).map(|m| Edit {
            range: m.range(),
            with: twins[m.pattern().as_usize()].clone(),
        }));
    }
}

/// Characters that may sit between the digits of a written number.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}'
    ) || ('\u{2010}'..='\u{2015}').contains(&c)
}

/// The twin of a number's digits as written: E.164 digits, with `00` in front, a national
/// number with or without its trunk `0`.
fn number_twin(plan: &Plan, digits: &str) -> Option<String> {
    if let Some(t) = plan.phones.full.get(digits) {
        return Some(t.clone());
    }
    if let Some(rest) = digits.strip_prefix("00")
        && let Some(t) = plan.phones.full.get(rest)
    {
        return Some(format!("00{t}"));
    }
    if let Some(rest) = digits.strip_prefix('0')
        && let Some(t) = plan.phones.national.get(rest)
    {
        return Some(format!("0{t}"));
    }
    plan.phones.national.get(digits).cloned()
}

/// Numbers of the report, in any spelling: each digit replaced in place.
fn phones(plan: &Plan, text: &str, out: &mut Vec<Edit>) {
    if plan.phones.full.is_empty() || !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].1.is_ascii_digit() && (i == 0 || !chars[i - 1].1.is_ascii_digit());
        if !starts {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut places = Vec::new();
        let mut best: Option<(usize, String, Vec<usize>)> = None;
        let mut gap = 0;
        let mut j = i;
        while j < chars.len() && digits.len() <= 17 {
            let c = chars[j].1;
            if c.is_ascii_digit() {
                digits.push(c);
                places.push(j);
                gap = 0;
                let more = chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
                if !more && let Some(twin) = number_twin(plan, &digits) {
                    best = Some((j + 1, twin, places.clone()));
                }
            } else if is_separator(c) && gap < 2 {
                gap += 1;
            } else {
                break;
            }
            j += 1;
        }
        match best {
            Some((end, twin, places)) if twin.len() == places.len() => {
                // Every digit, the unchanged ones too: under a key the parser does not know,
                // the sweep shapes what no edit covers, and the number's twin is the plan's.
                for (k, place) in places.into_iter().enumerate() {
                    let (at, _) = chars[place];
                    out.push(Edit {
                        range: at..at + 1,
                        with: twin[k..k + 1].to_string(),
                    });
                }
                i = end;
            }
            // (A twin of another length cannot be placed digit by digit; none is made so.)
            _ => {
                while i < chars.len() && chars[i].1.is_ascii_digit() {
                    i += 1;
                }
            }
        }
    }
}

/// Addresses of the report, in any spelling, a port or brackets around them kept.
fn addresses(plan: &Plan, text: &str, out: &mut Vec<Edit>) {
    if plan.ips.is_empty() {
        return;
    }
    let bytes = text.as_bytes();
    let is_part = |b: u8| b.is_ascii_hexdigit() || b == b':' || b == b'.';
    let mut at = 0;
    while at < bytes.len() {
        if !is_part(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && is_part(bytes[at]) {
            at += 1;
        }
        // The run itself, or what follows a colon in it (`IP:172.16.5.7`).
        let run = &text[start..at];
        let found = std::iter::once(0)
            .chain(run.match_indices(':').map(|(i, _)| i + 1))
            .find_map(|from| {
                address_in(&run[from..]).map(|(r, a)| (from + r.start..from + r.end, a))
            });
        if let Some((range, addr)) = found {
            let range = start + range.start..start + range.end;
            if let Some(twin) = plan.ips.get(&addr) {
                out.push(Edit {
                    with: super::ip::write_like(&text[range.clone()], *twin),
                    range,
                });
            }
        }
    }
}

/// The address a run of address characters holds: all of it, all but a `:port`, or all but
/// trailing dots and colons (the end of a sentence).
fn address_in(run: &str) -> Option<(std::ops::Range<usize>, IpAddr)> {
    if !run.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Ok(addr) = run.parse::<IpAddr>() {
        return Some((0..run.len(), addr));
    }
    if let Some((host, port)) = run.rsplit_once(':')
        && !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && let Ok(v4) = host.parse::<Ipv4Addr>()
    {
        return Some((0..host.len(), IpAddr::V4(v4)));
    }
    let trimmed = run.trim_end_matches(['.', ':']);
    if trimmed.len() < run.len() && !trimmed.is_empty() {
        return address_in(trimmed);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_in_their_runs() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            address_in("172.16.5.7:40123"),
            Some((0..10, ip("172.16.5.7")))
        );
        assert_eq!(
            address_in("2001:db8:12::"),
            Some((0..13, ip("2001:db8:12::")))
        );
        assert_eq!(address_in("10.0.0.1."), Some((0..8, ip("10.0.0.1"))));
        assert_eq!(address_in("2.21.22"), None);
        assert_eq!(address_in("cafe"), None);
    }
}
