//! Gen C `user_information.json` in Meta's `label_values` form (FORMAT.md section 4).
//!
//! Each entry is `{"label": ..., <one of value | timestamp_value | vec | media>}`; a
//! `timestamp_value` of 0 means "none". Labels go through the tables in `labels.rs` and the
//! values through `apply`, as the HTML's do. Labels are in the export's language (FORMAT.md
//! 4): one in no table is placed by structure (`place`), by its position among the
//! documented entries and its value's shape (a `timestamp_value`, an E.164 number, a `vec`
//! of `dict`s, `media`, a device number, an IP address).

use jiff::Timestamp;
use serde_json::Value;

use super::apply::{Scalar, is_structured, set_device, set_row};
use super::place::{self, Record, Shape};
use super::{Ctx, base64_decoded_len};
use crate::model::{ProfilePicture, Unrecognised, Warning, WarningKind};
use crate::msg;
use crate::parse::labels::{Block, Nested, Row, Table, block_order};
use crate::spec::Reader;
use crate::text::{Message, UnknownLabel, UnknownValue};

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
            Entry::Vec(items) => {
                format!("({})", crate::text::count(items.len(), "entry", "entries"))
            }
            Entry::Media(uris) => uris.join(", "),
        }
    }

    /// What the value looks like, whatever the language.
    fn shape(&self) -> Shape {
        match self {
            Entry::Scalar(Scalar::Time(_)) => Shape::Timestamp,
            Entry::Scalar(Scalar::Text(s)) if is_picture_data(s) => Shape::Picture,
            Entry::Scalar(Scalar::Text(s)) if s.trim().is_empty() => Shape::Nothing,
            Entry::Scalar(Scalar::Text(s)) => Shape::Text(vec![s.clone()]),
            Entry::Vec(_) => Shape::Blocks,
            Entry::Media(_) => Shape::Picture,
        }
    }
}

/// Base64 picture data: long, without spaces, in base64's alphabet.
fn is_picture_data(s: &str) -> bool {
    s.len() >= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// An entry of a device's `dict`, with the field it was read as (by its label or by
/// structure).
type Resolved<'v> = (String, Entry<'v>, Option<(Nested, &'static str)>);

struct LabelReader<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    file: &'static str,
    media: Vec<String>,
    order: Vec<i64>,
}

impl LabelReader<'_, '_> {
    fn warn(&mut self, kind: WarningKind, at: Message, message: Message) {
        self.ctx
            .report
            .warnings
            .push(Warning::new(kind, self.file, at, message));
    }

    fn unknown(
        &mut self,
        parent: Option<&'static str>,
        at: Message,
        label: &str,
        entry: &Entry<'_>,
    ) {
        self.warn(
            WarningKind::Unknown,
            at,
            msg!["unknown label; kept as given"],
        );
        self.ctx.report.unrecognised.push(Unrecognised {
            file: crate::text::EntryName::new(self.file),
            parent,
            label: UnknownLabel::new(label),
            value: UnknownValue::new(entry.display()),
        });
    }

    /// Splits an entry into its label and value, naming anything unexpected.
    fn entry<'v>(&mut self, at: Message, item: &'v Value) -> Option<(String, Entry<'v>)> {
        let Some(obj) = item.as_object() else {
            self.warn(
                WarningKind::Invalid,
                at,
                msg!["expected an object; skipped"],
            );
            return None;
        };
        let Some(label) = obj.get("label").and_then(Value::as_str) else {
            self.warn(WarningKind::Invalid, at, msg!["has no `label`; skipped"]);
            return None;
        };
        let label_at = msg![UnknownLabel::new(label)];
        let mut entry = None;
        for (key, value) in obj {
            let decoded = match (key.as_str(), value) {
                ("label", _) => continue,
                ("value", Value::String(s)) => Entry::Scalar(Scalar::Text(s.clone())),
                ("value", Value::Number(n)) => Entry::Scalar(Scalar::Text(n.to_string())),
                ("timestamp_value", Value::Number(n)) => {
                    let secs = n.as_i64();
                    let at = secs
                        .filter(|&s| s != 0)
                        .and_then(|s| Timestamp::from_second(s).ok());
                    if at.is_none() && secs != Some(0) {
                        self.warn(
                            WarningKind::Invalid,
                            label_at.clone(),
                            msg!["`timestamp_value` is not a usable time; ignored"],
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
                        label_at.clone(),
                        msg![
                            "unknown key `",
                            UnknownLabel::new(other),
                            "` or value type; not read"
                        ],
                    );
                    continue;
                }
            };
            if entry.is_some() {
                self.warn(
                    WarningKind::Invalid,
                    label_at.clone(),
                    msg!["more than one value; keeping the first"],
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
                    label_at,
                    msg!["has no value; skipped"],
                );
                None
            }
        }
    }

    fn top_level(
        &mut self,
        at: Message,
        label: &str,
        known: Option<(Row, &'static str)>,
        entry: Entry<'_>,
    ) {
        let Some((row, known)) = known else {
            self.unknown(None, msg![UnknownLabel::new(label)], label, &entry);
            return;
        };
        match (row, entry) {
            (Row::Blocks(Block::Activity), Entry::Vec(devices)) => self.devices(known, devices),
            (Row::Field(ProfilePicture::present), Entry::Media(uris)) => {
                if !uris.is_empty() {
                    self.ctx.report.account.profile_picture.present = Some(true);
                }
                self.media.extend(uris);
            }
            (Row::Field(ProfilePicture::present), Entry::Scalar(Scalar::Text(data))) => {
                let picture = &mut self.ctx.report.account.profile_picture;
                picture.present = Some(!data.trim().is_empty());
                picture.size_bytes = (!data.trim().is_empty()).then(|| base64_decoded_len(&data));
            }
            (row, Entry::Scalar(value)) if !is_structured(row) => {
                if let Err((kind, problem)) = set_row(&mut self.ctx.report, row, value) {
                    self.warn(kind, msg![known], problem);
                }
            }
            _ => self.warn(
                WarningKind::Invalid,
                at,
                msg!["`", known, "`: value of an unexpected type; not read"],
            ),
        }
    }

    /// The `{"dict": [...]}` blocks of "Device Activity", one per device. Labels in no table
    /// are placed by structure across all the blocks (`place::align_blocks`).
    fn devices(&mut self, parent: &'static str, blocks: &[Value]) {
        let mut decoded: Vec<(Message, Vec<(String, Entry<'_>)>)> = Vec::new();
        for (d, block) in blocks.iter().enumerate() {
            let at = msg![parent, "[", d, "]"];
            let Some(entries) = block.get("dict").and_then(Value::as_array) else {
                self.warn(
                    WarningKind::Invalid,
                    at,
                    msg!["expected a `dict` list; skipped"],
                );
                continue;
            };
            let mut items = Vec::new();
            for (i, item) in entries.iter().enumerate() {
                let mut item_at = at.clone();
                item_at.extend(msg![".dict[", i, "]"]);
                if let Some(entry) = self.entry(item_at, item) {
                    items.push(entry);
                }
            }
            decoded.push((at, items));
        }
        let lines: Vec<Vec<(&str, Shape)>> = decoded
            .iter()
            .map(|(_, items)| {
                items
                    .iter()
                    .map(|(label, entry)| (label.as_str(), entry.shape()))
                    .collect()
            })
            .collect();
        let record = Record {
            file: self.file,
            placed: &mut self.ctx.placed,
            warnings: &mut self.ctx.report.warnings,
        };
        let order = block_order(Block::Activity);
        let fields = place::resolve_blocks(lines, order, parent, "entry", record);
        for ((at, items), fields) in decoded.into_iter().zip(fields) {
            let resolved = items
                .into_iter()
                .zip(fields)
                .map(|((label, entry), field)| (label, entry, field))
                .collect();
            self.device(at, parent, resolved);
        }
    }

    /// One device's `dict`, its entries resolved.
    fn device(&mut self, at: Message, parent: &'static str, entries: Vec<Resolved<'_>>) {
        let mut id = None;
        let mut fields = Vec::new();
        for (label, entry, field) in entries {
            match (field, entry) {
                (None, entry) => {
                    let mut label_at = at.clone();
                    label_at.extend(msg![" › ", UnknownLabel::new(label.as_str())]);
                    self.unknown(Some(parent), label_at, &label, &entry);
                }
                (Some((Nested::Device, _)), Entry::Scalar(Scalar::Text(s))) => {
                    match s.trim().parse::<i64>() {
                        Ok(n) => id = Some(n),
                        Err(_) => self.warn(
                            WarningKind::Invalid,
                            at.clone(),
                            msg!["device `", UnknownValue::new(s), "` is not a number"],
                        ),
                    }
                }
                (Some((field, known)), Entry::Scalar(value)) => fields.push((known, field, value)),
                (Some((_, known)), _) => self.warn(
                    WarningKind::Invalid,
                    at.clone(),
                    msg!["`", known, "` has a value of an unexpected type; not read"],
                ),
            }
        }
        let Some(id) = id else {
            self.warn(
                WarningKind::Invalid,
                at,
                msg!["has no `Device` id; skipped"],
            );
            return;
        };
        self.order.push(id);
        for (known, field, value) in fields {
            if let Err((kind, problem)) = set_device(self.ctx.report.device_mut(id), field, value) {
                let mut field_at = at.clone();
                field_at.extend(msg![" › ", known]);
                self.warn(kind, field_at, problem);
            }
        }
    }
}

pub(super) fn user_information(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(rel, Reader::UserInfoLabels)? else {
        return Ok(());
    };
    if let Some(obj) = value.as_object() {
        let others = obj.keys().filter(|k| *k != "label_values");
        ctx.name_keys(rel, others, "unknown top-level key; not read");
    }
    let Some(items) = value.get("label_values").and_then(Value::as_array) else {
        ctx.warn(
            WarningKind::Invalid,
            rel,
            msg!["`label_values` is not a list; user information not read"],
        );
        return Ok(());
    };
    let mut reader = LabelReader {
        ctx,
        file: rel,
        media: Vec::new(),
        order: Vec::new(),
    };
    let mut entries = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(entry) = reader.entry(msg!["label_values[", i, "]"], item) {
            entries.push((i, entry));
        }
    }
    let (indices, entries): (Vec<usize>, Vec<(String, Entry<'_>)>) = entries.into_iter().unzip();
    let labels: Vec<&str> = entries.iter().map(|(label, _)| label.as_str()).collect();
    let record = Record {
        file: rel,
        placed: &mut reader.ctx.placed,
        warnings: &mut reader.ctx.report.warnings,
    };
    // By position and shape: gen C has no JSON twin to agree with.
    let resolved = place::resolve_rows(
        &labels,
        Some(Table::UserC.order()),
        |i| entries[i].1.shape(),
        |_, _, _| 0,
        "entry",
        record,
    );
    for ((i, (label, entry)), known) in indices.into_iter().zip(entries).zip(resolved) {
        reader.top_level(msg!["label_values[", i, "]"], &label, known, entry);
    }
    let LabelReader {
        ctx, media, order, ..
    } = reader;
    ctx.json_names_devices = true;
    if ctx.device_order.is_empty() {
        ctx.device_order = order;
    }
    for uri in media {
        match ctx.entry_size(&uri) {
            Some(size) => {
                ctx.report.account.profile_picture.size_bytes = Some(size);
                ctx.referenced.push(uri);
            }
            None => ctx.warn(
                WarningKind::Missing,
                rel,
                msg![
                    "the profile picture `",
                    crate::text::EntryName::new(uri),
                    "` is not in the report"
                ],
            ),
        }
    }
    Ok(())
}
