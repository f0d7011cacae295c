//! Gen C `user_information.json` in Meta's `label_values` form (FORMAT.md section 4).
//!
//! Each entry is `{"label": ..., <one of value | timestamp_value | vec | media>}`; a
//! `timestamp_value` of 0 means "none". Labels go through the tables in `labels.rs` and the
//! values through `apply`, as the HTML's do.

use jiff::Timestamp;
use serde_json::Value;

use super::apply::{Scalar, is_structured, set_device, set_row};
use super::{Ctx, base64_decoded_len};
use crate::labels::{self, Nested, Row};
use crate::model::{Report, Unrecognised, Warning, WarningKind};

/// One `label_values` entry, decoded.
enum Entry<'v> {
    Scalar(Scalar),
    Vec(&'v [Value]),
    Media(Vec<String>),
}

impl Entry<'_> {
    /// The value as text, for keeping it under an unknown label.
    fn display(&self) -> String {
        match self {
            Entry::Scalar(Scalar::Text(s)) => s.clone(),
            Entry::Scalar(Scalar::Time(t)) => t.map(|t| t.to_string()).unwrap_or_default(),
            Entry::Vec(items) => format!("({} entries)", items.len()),
            Entry::Media(uris) => uris.join(", "),
        }
    }
}

struct Reader<'w> {
    file: &'w str,
    report: &'w mut Report,
    media: Vec<String>,
}

impl Reader<'_> {
    fn warn(&mut self, kind: WarningKind, message: String) {
        self.report
            .warnings
            .push(Warning::new(kind, self.file, message));
    }

    fn unknown(&mut self, at: &str, label: &str, entry: &Entry<'_>) {
        self.warn(
            WarningKind::Unknown,
            format!("{at}unknown label `{label}`; kept as given"),
        );
        self.report.unrecognised.push(Unrecognised {
            file: self.file.to_string(),
            label: format!("{at}{label}"),
            value: entry.display(),
        });
    }

    /// Splits an entry into its label and value, naming anything unexpected.
    fn entry<'v>(&mut self, at: &str, item: &'v Value) -> Option<(String, Entry<'v>)> {
        let Some(obj) = item.as_object() else {
            self.warn(
                WarningKind::Invalid,
                format!("`{at}`: expected an object; skipped"),
            );
            return None;
        };
        let Some(label) = obj.get("label").and_then(Value::as_str) else {
            self.warn(
                WarningKind::Invalid,
                format!("`{at}`: has no `label`; skipped"),
            );
            return None;
        };
        let mut entry = None;
        for (key, value) in obj {
            let decoded = match (key.as_str(), value) {
                ("label", _) => continue,
                ("value", Value::String(s)) => Entry::Scalar(Scalar::Text(s.clone())),
                ("value", Value::Number(n)) => Entry::Scalar(Scalar::Text(n.to_string())),
                ("timestamp_value", Value::Number(n)) => {
                    let at = match n.as_i64() {
                        Some(0) => None,
                        Some(secs) => Timestamp::from_second(secs).ok(),
                        None => None,
                    };
                    if at.is_none() && n.as_i64() != Some(0) {
                        self.warn(
                            WarningKind::Invalid,
                            format!("`{label}`: {n} is not a usable time; ignored"),
                        );
                    }
                    Entry::Scalar(Scalar::Time(at))
                }
                ("vec", Value::Array(items)) => Entry::Vec(items),
                ("media", Value::Array(items)) => Entry::Media(
                    items
                        .iter()
                        .filter_map(|m| m.get("uri").and_then(Value::as_str).map(str::to_string))
                        .collect(),
                ),
                (other, _) => {
                    self.warn(
                        WarningKind::Unknown,
                        format!("`{label}`: unknown key `{other}` or value type; not read"),
                    );
                    continue;
                }
            };
            if entry.is_some() {
                self.warn(
                    WarningKind::Invalid,
                    format!("`{label}`: more than one value; keeping the first"),
                );
            } else {
                entry = Some(decoded);
            }
        }
        match entry {
            Some(entry) => Some((label.to_string(), entry)),
            None => {
                self.warn(
                    WarningKind::Invalid,
                    format!("`{label}`: has no value; skipped"),
                );
                None
            }
        }
    }

    fn top_level(&mut self, label: &str, entry: Entry<'_>) {
        let Some(row) = labels::row(label) else {
            self.unknown("", label, &entry);
            return;
        };
        match (row, entry) {
            (Row::DeviceActivity, Entry::Vec(devices)) => {
                for (d, block) in devices.iter().enumerate() {
                    self.device(&format!("{label}[{d}]"), block);
                }
            }
            (Row::ProfilePicture, Entry::Media(uris)) => {
                self.report.account.profile_picture.present |= !uris.is_empty();
                self.media.extend(uris);
            }
            (Row::ProfilePicture, Entry::Scalar(Scalar::Text(data))) => {
                let picture = &mut self.report.account.profile_picture;
                picture.present |= !data.trim().is_empty();
                picture.size_bytes = Some(base64_decoded_len(&data));
            }
            (row, Entry::Scalar(value)) if !is_structured(row) => {
                if let Err((kind, problem)) = set_row(self.report, row, value) {
                    self.warn(kind, format!("`{label}`: {problem}"));
                }
            }
            _ => self.warn(
                WarningKind::Invalid,
                format!("`{label}`: value of an unexpected type; not read"),
            ),
        }
    }

    /// One `{"dict": [...]}` block of "Device Activity".
    fn device(&mut self, at: &str, block: &Value) {
        let Some(entries) = block.get("dict").and_then(Value::as_array) else {
            self.warn(
                WarningKind::Invalid,
                format!("`{at}`: expected a `dict` list; skipped"),
            );
            return;
        };
        let mut id = None;
        let mut fields = Vec::new();
        for (i, item) in entries.iter().enumerate() {
            let Some((label, entry)) = self.entry(&format!("{at}.dict[{i}]"), item) else {
                continue;
            };
            match (labels::nested(&label), entry) {
                (None, entry) => self.unknown(&format!("`{at}`: "), &label, &entry),
                (Some(Nested::Device), Entry::Scalar(Scalar::Text(s))) => {
                    match s.trim().parse::<i64>() {
                        Ok(n) => id = Some(n),
                        Err(_) => self.warn(
                            WarningKind::Invalid,
                            format!("`{at}`: device `{s}` is not a number"),
                        ),
                    }
                }
                (Some(field), Entry::Scalar(value)) => fields.push((label, field, value)),
                (Some(_), _) => self.warn(
                    WarningKind::Invalid,
                    format!("`{at}`: `{label}` has a value of an unexpected type; not read"),
                ),
            }
        }
        let Some(id) = id else {
            self.warn(
                WarningKind::Invalid,
                format!("`{at}`: has no `Device` id; skipped"),
            );
            return;
        };
        for (label, field, value) in fields {
            if let Err((kind, problem)) = set_device(self.report.device_mut(id), field, value) {
                self.warn(kind, format!("`{at}`: `{label}`: {problem}"));
            }
        }
    }
}

pub(super) fn user_information(ctx: &mut Ctx<'_>, rel: &str, value: &Value) -> anyhow::Result<()> {
    if let Some(obj) = value.as_object() {
        for key in obj.keys().filter(|k| *k != "label_values") {
            ctx.warn(
                WarningKind::Unknown,
                rel,
                format!("unknown top-level key `{key}`; not read"),
            );
        }
    }
    let Some(items) = value.get("label_values").and_then(Value::as_array) else {
        ctx.warn(
            WarningKind::Invalid,
            rel,
            "`label_values` is not a list; user information not read",
        );
        return Ok(());
    };
    let mut reader = Reader {
        file: rel,
        report: &mut ctx.report,
        media: Vec::new(),
    };
    for (i, item) in items.iter().enumerate() {
        if let Some((label, entry)) = reader.entry(&format!("label_values[{i}]"), item) {
            reader.top_level(&label, entry);
        }
    }
    let media = reader.media;
    let picture = &mut ctx.report.account.profile_picture;
    picture.present |= picture.uploaded_at.is_some();
    for uri in media {
        match ctx.entry_size(&uri) {
            Some(size) => {
                ctx.report.account.profile_picture.size_bytes = Some(size);
                ctx.mark_referenced(&uri);
            }
            None => ctx.warn(
                WarningKind::Missing,
                rel,
                format!("profile picture `{uri}` is not in the report"),
            ),
        }
    }
    Ok(())
}
