//! A JSON entry, rewritten in place: every byte kept (indentation, key order, the empty
//! arrays printed across lines, no final newline) but the values a twin replaces, each
//! written back as the file wrote it (escapes, mojibake). A value's kind comes from its key
//! (FORMAT.md sections 2, 4, 5.1: the keys that hold identifiers), gen C's `label_values`
//! from their labels; a number is a time when it is one of the report's times. Whatever is
//! at or below a key path the parser named as unknown or invalid is replaced by shape, and
//! so is every value of an unknown file. Keys are kept.

use std::collections::{HashMap, HashSet};

use super::plan::{Kind, Plan};
use super::scan::{Slot, edits, epoch};
use super::written::{Decoded, Edit, Syntax, splice};

/// The kind of value a documented key holds, when it is not format. Numbers are times when
/// they are the report's times, whatever the key.
fn kind_of_key(key: &str, parent: &str) -> Kind {
    match key {
        "phone_number" | "account_number" | "wa_contacts" | "contacts" | "blocked_numbers"
        | "status_privacy" => Kind::Phone,
        "email_address"
        | "email"
        | "name"
        | "about"
        | "wa_groups"
        | "groups"
        | "current_sync_session_id"
        | "sync_session_id" => Kind::Text,
        "previous_connection_ip" | "current_connection_ip" => Kind::Ip,
        "profile_picture" => Kind::Photo,
        "data" if parent == "profile_pic" => Kind::Photo,
        _ => Kind::Keep,
    }
}

/// One token of JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Open(u8),
    Close,
    /// A string; its content is `start + 1 .. end - 1`.
    Str,
    /// A number, `true`, `false` or `null`.
    Scalar,
}

/// The tokens of a JSON text, with their byte ranges; `None` when it is not JSON enough to
/// rewrite (the parser has read it, so this is an unknown file).
fn tokens(text: &str) -> Option<Vec<(Token, usize, usize)>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        match b[at] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' => at += 1,
            c @ (b'{' | b'[') => {
                out.push((Token::Open(c), at, at + 1));
                at += 1;
            }
            b'}' | b']' => {
                out.push((Token::Close, at, at + 1));
                at += 1;
            }
            b'"' => {
                let start = at;
                at += 1;
                loop {
                    match b.get(at)? {
                        b'\\' => at += 2,
                        b'"' => break,
                        _ => at += 1,
                    }
                }
                at += 1;
                out.push((Token::Str, start, at));
            }
            0xef if text[at..].starts_with('\u{feff}') => at += 3,
            _ => {
                let start = at;
                while at < b.len() && !b" \t\n\r,:]}".contains(&b[at]) {
                    at += 1;
                }
                out.push((Token::Scalar, start, at));
            }
        }
    }
    Some(out)
}

/// A container being walked.
struct Frame {
    object: bool,
    /// Its path, in the parser's notation (`wa_settings.device_info[1]`).
    path: String,
    unknown: bool,
    /// In an object: the last key.
    key: String,
    /// In an array: the next index.
    index: usize,
    /// The entry's place: inside a device's `dict` (its labels are block lines).
    in_block: bool,
    start: usize,
}

/// How a JSON entry is rewritten.
pub(crate) struct Entry<'a> {
    pub plan: &'a Plan,
    /// The entry's path in the report's folder (where the parser's warnings say).
    pub file: &'a str,
    /// Key paths the parser named as unknown or invalid.
    pub unknown_paths: &'a HashSet<String>,
    /// An unknown file: every value by shape.
    pub unknown_file: bool,
    pub mojibake: bool,
}

/// Where a value sits: its key (or its array's), path and parent, and what is known of it.
#[derive(Default)]
struct Place {
    path: String,
    unknown: bool,
    key: String,
    parent: String,
    /// Its `label_values` entry's label.
    label: Option<String>,
    in_block: bool,
}

impl Place {
    /// The place of the next value inside `frame` (the top level when `None`).
    fn next(
        frame: Option<&mut Frame>,
        unknown_paths: &HashSet<String>,
        labels: &HashMap<usize, String>,
    ) -> Place {
        let Some(f) = frame else {
            return Place::default();
        };
        let parent = f.path.rsplit(['.', '[']).next().unwrap_or("").to_string();
        let path = if f.object {
            join(&f.path, &f.key)
        } else {
            f.index += 1;
            format!("{}[{}]", f.path, f.index - 1)
        };
        Place {
            unknown: f.unknown || unknown_paths.contains(&path),
            path,
            key: f.key.clone(),
            parent,
            // (Only an object has a label.)
            label: labels.get(&f.start).cloned(),
            in_block: f.in_block,
        }
    }
}

impl Entry<'_> {
    /// The entry rewritten; `None` when it is not JSON.
    pub fn rewrite(&self, text: &str) -> Option<String> {
        let tokens = tokens(text)?;
        let labels = self.labels(text, &tokens);
        // The replacements of the original's byte ranges, in order.
        let mut out: Vec<Edit> = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        for &(token, start, end) in &tokens {
            match token {
                Token::Close => drop(stack.pop()),
                Token::Str if is_key(text, end) => {
                    self.at_key(stack.last_mut()?, text, start..end, &mut out)?;
                }
                Token::Open(c) => {
                    let place = Place::next(stack.last_mut(), self.unknown_paths, &labels);
                    stack.push(Frame {
                        object: c == b'{',
                        unknown: place.unknown || self.unknown_file,
                        in_block: place.in_block || place.key == "dict",
                        path: place.path,
                        key: place.key,
                        index: 0,
                        start,
                    });
                }
                Token::Str | Token::Scalar => {
                    let place = Place::next(stack.last_mut(), self.unknown_paths, &labels);
                    let kind = self.kind(&place);
                    let raw = &text[start..end];
                    let with = match token {
                        Token::Str => self
                            .string(&raw[1..raw.len() - 1], kind, place.key == "label")
                            .map(|s| format!("\"{s}\"")),
                        _ => self.scalar(raw, kind),
                    };
                    if let Some(with) = with {
                        out.push(Edit {
                            range: start..end,
                            with,
                        });
                    }
                }
            }
        }
        Some(splice(text, &out))
    }

    /// An object's key: it becomes the frame's, and is rewritten when it holds an
    /// identifier.
    fn at_key(
        &self,
        f: &mut Frame,
        text: &str,
        range: std::ops::Range<usize>,
        out: &mut Vec<Edit>,
    ) -> Option<()> {
        let inner = range.start + 1..range.end - 1;
        let key = Decoded::json(&text[inner.clone()], self.mojibake)?.text;
        let path = join(&f.path, &key);
        let known = !(f.unknown || self.unknown_file || self.unknown_paths.contains(&path));
        f.key = key;
        if let Some(with) = self.key(&text[inner.clone()], known) {
            out.push(Edit { range: inner, with });
        }
        Some(())
    }

    /// What the value at `place` is.
    fn kind(&self, place: &Place) -> Kind {
        if place.unknown || self.unknown_file {
            return Kind::Unknown;
        }
        match &place.label {
            Some(label) => match place.key.as_str() {
                "timestamp_value" => Kind::Time,
                "value" => self.plan.label_kind(self.file, label, place.in_block),
                _ => Kind::Keep,
            },
            _ => kind_of_key(&place.key, &place.parent),
        }
    }

    /// The label of every `label_values` entry, by the entry's start (the value after a key
    /// is the next token).
    fn labels(&self, text: &str, tokens: &[(Token, usize, usize)]) -> HashMap<usize, String> {
        let mut out = HashMap::new();
        let mut open = Vec::new();
        for (i, &(token, start, end)) in tokens.iter().enumerate() {
            match token {
                Token::Open(_) => open.push(start),
                Token::Close => drop(open.pop()),
                Token::Str if &text[start..end] == "\"label\"" && is_key(text, end) => {
                    if let (Some(&object), Some(&(Token::Str, from, to))) =
                        (open.last(), tokens.get(i + 1))
                        && let Some(d) = Decoded::json(&text[from + 1..to - 1], self.mojibake)
                    {
                        out.insert(object, d.text);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A key, rewritten when it is a number or an address of the report (or, a key the
    /// parser did not know, holds an identifier).
    fn key(&self, raw: &str, known: bool) -> Option<String> {
        let decoded = Decoded::json(raw, self.mojibake)?;
        let slot = if known { Slot::Label } else { Slot::Other };
        let e = edits(self.plan, &decoded.text, slot);
        (!e.is_empty()).then(|| decoded.rewrite(raw, &e, self.syntax()))
    }

    fn syntax(&self) -> Syntax {
        Syntax::Json {
            mojibake: self.mojibake,
        }
    }

    /// A string's content, rewritten when it changes.
    fn string(&self, raw: &str, kind: Kind, is_label: bool) -> Option<String> {
        let decoded = Decoded::json(raw, self.mojibake)?;
        let text = &decoded.text;
        if kind == Kind::Photo
            && let Some(with) = self.photo(text)
        {
            return Some(with);
        }
        let slot = match (is_label, kind) {
            (true, _) if self.plan.is_unknown_label(self.file, text) => Slot::Other,
            (true, _) => Slot::Label,
            (false, kind) => Slot::Value(kind),
        };
        let mut e = edits(self.plan, text, slot);
        // A time written as a string of digits.
        if e.is_empty()
            && kind != Kind::Unknown
            && let Some(moved) = epoch(self.plan, text, false)
        {
            e = vec![moved];
        }
        (!e.is_empty()).then(|| decoded.rewrite(raw, &e, self.syntax()))
    }

    /// A picture in base64: the twin's picture, in base64 of the same length.
    fn photo(&self, text: &str) -> Option<String> {
        let out = self.plan.photo_base64(text)?;
        Some(out.replace('/', if text.contains("\\/") { "\\/" } else { "/" }))
    }

    /// A number, `true`, `false` or `null`, rewritten when it changes.
    fn scalar(&self, raw: &str, kind: Kind) -> Option<String> {
        let n: Option<i64> = raw.parse().ok();
        match (kind, n) {
            (Kind::Unknown, Some(n)) if self.plan.is_time(n) => {
                Some(self.plan.moved(n).to_string())
            }
            (_, Some(n)) if n != 0 && self.plan.times.contains(&n) => {
                Some(self.plan.moved(n).to_string())
            }
            (Kind::Unknown, _) if raw.bytes().any(|b| b.is_ascii_digit()) => {
                // Digits by digits; a lone 0 and a leading digit's non-zero-ness kept.
                let mut d = self.plan.seed.draw("number", raw.as_bytes());
                let mut out = String::with_capacity(raw.len());
                let mut lead = true;
                for c in raw.chars() {
                    if c.is_ascii_digit() {
                        let keep_zero = c == '0' && lead;
                        out.push(if keep_zero { '0' } else { d.digit(lead) });
                        lead = false;
                    } else {
                        out.push(c);
                        lead = !c.is_ascii_digit() && c != '.';
                    }
                }
                (out != raw).then_some(out)
            }
            _ => None,
        }
    }
}

/// Whether the string that ends at `end` is a key: in JSON, a string a colon follows.
fn is_key(text: &str, end: usize) -> bool {
    text[end..]
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with(':')
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
