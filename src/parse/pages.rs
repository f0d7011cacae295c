//! The key/value HTML pages (gen A's `access.html`; gen B's user information, registration,
//! account settings and terms pages) and the list pages, read into the HTML view.
//!
//! Per-device blocks (FORMAT.md 3.3a): `Device Activity` and `Settings last fetch time`
//! number their blocks by device id; `Device Sync Status` and `Device Information` by
//! position, in the order of the JSON's `device_info`; `Sync Sessions` blocks start with a
//! positional `Device` line that names no device. A block number never creates a device:
//! devices exist when the JSON names them or, in a report without that JSON, when `Device
//! Activity` does; positional blocks are matched to those, and a count mismatch is a warning.

use super::Ctx;
use super::apply::{Scalar, is_structured, is_time_nested, is_time_row, set_device, set_row};
use super::blocks::{self, BlockLine};
use super::dates::{self, Date};
use super::html::{self, CellValue, KeyValue, Region};
use super::months::{DateSlot, PendingDate};
use super::place::{self, Record, Shape};
use super::tokens;
use super::twin::{self, Twin};
use crate::model::{
    Privacy, ProfilePicture, Report, SyncInfo, SyncSession, Unrecognised, Warning, WarningKind,
};
use crate::msg;
use crate::parse::labels::{Block, Nested, Row, SessionPart, Table, block_order, blocks_of};
use crate::parse::normalize::parse_status_privacy;
use crate::spec::{HtmlZone, List, Page, Reader};
use crate::text::{EntryName, GroupName, Message, SessionId, Text, UnknownLabel, UnknownValue};

/// Gen A's `access.html`: four sections of rows. `lists`: read the Contacts and Groups rows
/// too (when `portability.json` lacked them, or to cross-check).
pub(super) fn access(ctx: &mut Ctx<'_>, rel: &'static str, lists: bool) -> anyhow::Result<()> {
    /// The documented sections, in order.
    const SECTIONS: [Table; 4] = [
        Table::UserA,
        Table::Terms,
        Table::Registration,
        Table::SettingsA,
    ];
    let Some(doc) = ctx.read_html(rel, Reader::AccessHtml)? else {
        return Ok(());
    };
    let found = html::rows(&doc, Region::Body);
    if found.sections.len() != SECTIONS.len() {
        ctx.warn(
            WarningKind::Fallback,
            rel,
            msg![
                "has ",
                found.sections.len(),
                " sections of rows where 4 are documented; rows are read by their labels only"
            ],
        );
    }
    read_rows(ctx, rel, &found, &SECTIONS, lists);
    Ok(())
}

/// One key/value page of gens B, B′ and C.
pub(super) fn page(ctx: &mut Ctx<'_>, rel: &'static str, page: Page) -> anyhow::Result<()> {
    let Some(doc) = ctx.read_html(rel, Reader::Page(page))? else {
        return Ok(());
    };
    let table = match page {
        Page::User => Table::UserB,
        Page::Registration => Table::Registration,
        Page::Settings => Table::SettingsB,
        Page::Terms => Table::Terms,
    };
    let found = html::rows(&doc, Region::Main);
    if !found.found_region {
        ctx.warn(
            WarningKind::Unknown,
            rel,
            msg!["no `role=main` region found; the page's layout is not recognised"],
        );
        return Ok(());
    }
    if found.sections.is_empty() {
        ctx.warn(
            WarningKind::Unknown,
            rel,
            msg!["no key/value table found; the page's layout is not recognised"],
        );
    }
    read_rows(ctx, rel, &found, &[table], false);
    Ok(())
}

/// Reads a page's rows into the HTML view: its sections are the documented `tables` when
/// there are as many, and are read by their labels only otherwise.
fn read_rows(
    ctx: &mut Ctx<'_>,
    rel: &'static str,
    found: &html::Rows<'_>,
    tables: &[Table],
    lists: bool,
) {
    let documented = found.sections.len() == tables.len();
    let mut reader = PageReader {
        zone: ctx.spec().html_zone,
        ctx,
        file: rel,
        lists,
    };
    reader.stray(&found.stray);
    for (i, rows) in found.sections.iter().enumerate() {
        reader.table(tables.get(i).copied().filter(|_| documented), rows);
    }
}

/// A list page: one item per line of the `role=main` region.
pub(super) fn list(ctx: &mut Ctx<'_>, rel: &'static str, list: List) -> anyhow::Result<()> {
    let Some(text) = ctx.read_text(rel, Reader::List(list))? else {
        return Ok(());
    };
    let Some(items) = tokens::list_items(&text) else {
        ctx.warn(
            WarningKind::Unknown,
            rel,
            msg!["no `role=main` region found; the page's layout is not recognised"],
        );
        return Ok(());
    };
    match list {
        List::Contacts => {
            let count = items.len();
            let items = items.into_iter().map(|i| i.trim().to_string()).collect();
            ctx.set_contacts(rel, "contacts", items, count);
        }
        List::Groups => {
            ctx.report.groups = Some(items.into_iter().map(GroupName::new).collect());
        }
    }
    Ok(())
}

/// What a row's value looks like, whatever the language.
fn shape(zone: HtmlZone, cell: scraper::ElementRef<'_>) -> Shape {
    if cell
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .any(|e| e.value().name() == "img")
    {
        return Shape::Picture;
    }
    match html::cell_value(cell) {
        CellValue::Missing | CellValue::Empty => Shape::Nothing,
        // Blocks: each of two lines or more, starting with a number (the device's).
        CellValue::Lines(lines) if lines.len() >= 2 => {
            let blocks = blocks::blocks(cell);
            let is_number = |v: &CellValue| v.scalar().is_some_and(|s| s.parse::<u64>().is_ok());
            if !blocks.is_empty()
                && blocks
                    .iter()
                    .all(|b| b.len() >= 2 && is_number(&b[0].value))
            {
                Shape::Blocks
            } else {
                text_shape(zone, lines)
            }
        }
        CellValue::Lines(lines) => text_shape(zone, lines),
    }
}

fn text_shape(zone: HtmlZone, lines: Vec<String>) -> Shape {
    match lines.as_slice() {
        [one] if dates::parse_date(one, zone).is_ok() => Shape::Date,
        _ => Shape::Text(lines),
    }
}

fn line_shape(zone: HtmlZone, value: &CellValue) -> Shape {
    match value {
        CellValue::Missing | CellValue::Empty => Shape::Nothing,
        CellValue::Lines(lines) => text_shape(zone, lines.clone()),
    }
}

/// Whether a row's value, read as `row`, says what the JSON says (1), something else
/// (−1), or the JSON does not say (0).
fn twin_says(
    twin: &Twin,
    zone: HtmlZone,
    row: Row,
    shape: &Shape,
    cell: scraper::ElementRef<'_>,
) -> i32 {
    let Some(text) = html::cell_value(cell).scalar() else {
        return 0;
    };
    match shape {
        Shape::Date if is_time_row(row) => match dates::parse_date(&text, zone) {
            Ok(Date::Known(t)) => twin::with_row(row, Scalar::Time(Some(t)))
                .map_or(0, |scratch| twin.compare(&scratch)),
            Ok(Date::UnknownMonth(word)) => twin::row_time_field(row)
                .and_then(|field| twin.time(&field))
                .map_or(0, |at| {
                    if dates::month_from_twin(&text, &word, at, zone).is_some() {
                        1
                    } else {
                        -1
                    }
                }),
            Err(_) => 0,
        },
        Shape::Text(_) if !is_structured(row) && !is_time_row(row) => {
            twin::with_row(row, Scalar::Text(text)).map_or(0, |scratch| twin.compare(&scratch))
        }
        _ => 0,
    }
}

/// Applies a page's rows to the HTML view, collecting warnings for its file.
struct PageReader<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    file: &'static str,
    zone: HtmlZone,
    /// Whether to read the Contacts and Groups rows (gen A repeats its JSON's lists there).
    lists: bool,
}

/// A block line with the field it was read as: by its label or by structure.
type Resolved = (BlockLine, Option<(Nested, &'static str)>);

impl PageReader<'_, '_> {
    fn warn(&mut self, kind: WarningKind, at: Message, message: Message) {
        self.ctx
            .report
            .warnings
            .push(Warning::new(kind, self.file, at, message));
    }

    /// A value under a label in no table (in the block row `parent`): named, and kept as
    /// given.
    fn unknown(&mut self, parent: Option<&'static str>, label: &str, value: String) {
        let mut at = parent.map_or_else(Message::default, |parent| msg![parent, " › "]);
        at.push(UnknownLabel::new(label));
        self.warn(
            WarningKind::Unknown,
            at,
            msg!["unknown label; kept as given"],
        );
        self.ctx.report.unrecognised.push(Unrecognised {
            file: EntryName::new(self.file),
            parent,
            label: UnknownLabel::new(label),
            value: UnknownValue::new(value),
        });
    }

    fn stray(&mut self, rows: &[html::StrayRow]) {
        for row in rows {
            self.warn(
                WarningKind::Unknown,
                Message::default(),
                msg![
                    row.shape,
                    ", neither a label and its value nor a section title: `",
                    UnknownValue::new(row.text.as_str()),
                    "`; not read"
                ],
            );
        }
    }

    /// Applies one table's rows. A label in no table is placed by structure when `table`
    /// documents the rows; a row that cannot be placed for certain is kept under its label.
    /// Either way it is named.
    fn table(&mut self, table: Option<Table>, rows: &[KeyValue<'_>]) {
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        let zone = self.zone;
        let twin = &self.ctx.twin;
        let record = Record {
            file: self.file,
            placed: &mut self.ctx.placed,
            warnings: &mut self.ctx.report.warnings,
        };
        let resolved = place::resolve_rows(
            &labels,
            table.map(Table::order),
            |i| shape(zone, rows[i].cell),
            |i, row, shape| twin_says(twin, zone, row, shape, rows[i].cell),
            "row",
            record,
        );
        for (kv, row) in rows.iter().zip(resolved) {
            match row {
                Some((row, known)) => self.row(row, known, kv),
                None => {
                    let value = html::texts(kv.cell).join("\n");
                    self.unknown(None, &kv.label, value);
                }
            }
        }
    }

    /// A value, text or (`time`) a time; `None` when missing or empty. A date that does not
    /// parse is named in a warning; one whose month name is in no table waits for `months`
    /// (`None` for now).
    fn value(
        &mut self,
        at: Message,
        (parent, label): (Option<&'static str>, &str),
        time: bool,
        value: &CellValue,
        slot: DateSlot,
    ) -> Option<Scalar> {
        let text = value.scalar()?;
        if !time {
            return Some(Scalar::Text(text));
        }
        let text = text.as_str();
        match dates::parse_date(text, self.zone) {
            Ok(Date::Known(t)) => Some(Scalar::Time(Some(t))),
            Ok(Date::UnknownMonth(word)) => {
                self.ctx.pending.push(PendingDate {
                    file: self.file,
                    at,
                    parent,
                    label: label.to_string(),
                    text: text.to_string(),
                    word,
                    slot,
                });
                None
            }
            Err(problem) => {
                let (kind, message) = problem.problem(text);
                self.warn(kind, at, message);
                None
            }
        }
    }

    fn row(&mut self, row: Row, known: &'static str, kv: &KeyValue<'_>) {
        let value = html::cell_value(kv.cell);
        if !is_structured(row) {
            let (at, slot) = (msg![known], DateSlot::Row(row));
            if let Some(scalar) = self.value(at, (None, &kv.label), is_time_row(row), &value, slot)
                && let Err((kind, problem)) = set_row(&mut self.ctx.report, row, scalar)
            {
                self.warn(kind, msg![known], problem);
            }
            return;
        }
        match row {
            Row::Field(ProfilePicture::present) => self.picture(known, kv.cell, &value),
            Row::Field(SyncInfo::sessions) if value != CellValue::Missing => {
                let blocks = self.resolve_blocks(row, known, blocks::blocks(kv.cell));
                let sessions = blocks
                    .into_iter()
                    .enumerate()
                    .map(|(index, block)| self.session(known, index, block))
                    .collect();
                self.ctx.report.sync.sessions = Some(sessions);
            }
            Row::Blocks(Block::Activity) | Row::Blocks(Block::SettingsFetch) => {
                for block in self.resolve_blocks(row, known, blocks::blocks(kv.cell)) {
                    self.device_by_id(known, block, row == Row::Blocks(Block::Activity));
                }
            }
            Row::Blocks(Block::SyncStatus) | Row::Blocks(Block::Information) => {
                let blocks = self.resolve_blocks(row, known, blocks::blocks(kv.cell));
                self.devices_by_position(known, blocks);
            }
            _ => self.list_row(row, known, value),
        }
    }

    /// A row whose value is a list, one item a line (or, for numbers, also comma-separated):
    /// contacts, groups, blocked numbers, the status privacy.
    fn list_row(&mut self, row: Row, known: &'static str, value: CellValue) {
        let lines = match value {
            CellValue::Missing => None,
            CellValue::Empty => Some(Vec::new()),
            CellValue::Lines(lines) => Some(lines),
        };
        let items = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .flat_map(|l| l.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        match row {
            Row::Field(Report::contacts) | Row::Field(Report::groups) if !self.lists => {}
            Row::Field(Report::contacts) => {
                if let Some(lines) = lines {
                    let numbers = items(&lines);
                    let count = numbers.len();
                    self.ctx.set_contacts(self.file, known, numbers, count);
                }
            }
            Row::Field(Report::groups) => {
                self.ctx.report.groups = lines.map(|l| l.into_iter().map(GroupName::new).collect());
            }
            Row::Field(Report::blocked) => {
                if let Some(lines) = lines {
                    let blocked = self.ctx.phones(self.file, known, items(&lines));
                    self.ctx.report.blocked = Some(blocked);
                }
            }
            Row::Field(Privacy::status) => {
                if let Some(lines) = lines {
                    let entries: Vec<String> = lines.iter().map(|s| s.trim().to_string()).collect();
                    let (status, problems) = parse_status_privacy(&entries);
                    for problem in problems {
                        self.warn(WarningKind::Unknown, msg![known], problem);
                    }
                    self.ctx.report.privacy.status = Some(status);
                }
            }
            _ => {}
        }
    }

    /// The profile picture's row: an image (its size taken), or nothing.
    fn picture(&mut self, known: &'static str, cell: scraper::ElementRef<'_>, value: &CellValue) {
        let img = cell
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "img");
        let picture = &mut self.ctx.report.account.profile_picture;
        match img.and_then(|i| i.attr("src")) {
            Some(src) => {
                let data = src.split_once("base64,").map_or("", |(_, d)| d);
                picture.present = Some(true);
                picture.size_bytes = (!data.is_empty()).then(|| super::base64_decoded_len(data));
            }
            None if *value == CellValue::Missing || *value == CellValue::Empty => {
                picture.present = Some(false);
            }
            None => self.warn(
                WarningKind::Unknown,
                msg![known],
                msg!["holds no picture but text; not read"],
            ),
        }
    }

    /// The field each line of a row's blocks names: by its label, or, for a label in no
    /// table, placed by structure in the documented lines of the row's blocks.
    fn resolve_blocks(
        &mut self,
        row: Row,
        parent: &'static str,
        blocks: Vec<Vec<BlockLine>>,
    ) -> Vec<Vec<Resolved>> {
        let order = blocks_of(row).map_or(&[][..], block_order);
        let lines: Vec<Vec<(&str, Shape)>> = blocks
            .iter()
            .map(|b| {
                b.iter()
                    .map(|l| (l.label.as_str(), line_shape(self.zone, &l.value)))
                    .collect()
            })
            .collect();
        let record = Record {
            file: self.file,
            placed: &mut self.ctx.placed,
            warnings: &mut self.ctx.report.warnings,
        };
        let fields = place::resolve_blocks(lines, order, parent, "line", record);
        blocks
            .into_iter()
            .zip(fields)
            .map(|(block, fields)| block.into_iter().zip(fields).collect())
            .collect()
    }

    /// The device number of a block's `Device` line, and its other lines.
    fn split_block(
        &mut self,
        parent: &'static str,
        block: Vec<Resolved>,
    ) -> (Option<i64>, Vec<Resolved>) {
        let mut number = None;
        let mut rest = Vec::new();
        for (line, field) in block {
            if matches!(field, Some((Nested::Device, _))) && number.is_none() {
                let text = line.value.scalar().unwrap_or_default();
                match text.trim().parse::<i64>() {
                    Ok(n) => number = Some(n),
                    Err(_) => self.warn(
                        WarningKind::Invalid,
                        msg![parent],
                        msg!["device `", UnknownValue::new(text), "` is not a number"],
                    ),
                }
            } else {
                rest.push((line, field));
            }
        }
        (number, rest)
    }

    /// Applies a block's lines to a device.
    fn apply_block(&mut self, parent: &'static str, id: i64, lines: Vec<Resolved>) {
        for (line, field) in lines {
            match field {
                Some((Nested::Device, _)) => {}
                Some((field, known)) => {
                    let at = msg![parent, " › ", known];
                    if let Some(value) = self.value(
                        at.clone(),
                        (Some(parent), &line.label),
                        is_time_nested(field),
                        &line.value,
                        DateSlot::Device(id, field),
                    ) && let Err((kind, problem)) =
                        set_device(self.ctx.report.device_mut(id), field, value)
                    {
                        self.warn(kind, at, problem);
                    }
                }
                None => {
                    let value = line.value.scalar().unwrap_or_default();
                    self.unknown(Some(parent), &line.label, value);
                }
            }
        }
    }

    /// Whether a device exists: the JSON names it, or `Device Activity` did.
    fn known(&self, id: i64) -> bool {
        self.ctx.json_devices.contains(&id) || self.ctx.activity_order.contains(&id)
    }

    /// A block numbered by device id. `Device Activity` names devices; any other section's
    /// block must name one that exists.
    fn device_by_id(&mut self, parent: &'static str, block: Vec<Resolved>, names: bool) {
        let (number, lines) = self.split_block(parent, block);
        let Some(id) = number else {
            if !lines.is_empty() {
                self.warn(
                    WarningKind::Invalid,
                    msg![parent],
                    msg!["a block without a `Device` line; not read"],
                );
            }
            return;
        };
        if names {
            if !self.ctx.activity_order.contains(&id) {
                self.ctx.activity_order.push(id);
            }
        } else if !self.known(id) {
            self.warn(
                WarningKind::Invalid,
                msg![parent],
                msg![
                    "a block for device ",
                    id,
                    ", which the report names nowhere else; not read"
                ],
            );
            return;
        }
        self.apply_block(parent, id, lines);
    }

    /// Blocks numbered by position (`Device: 0`, `Device: 1`, …): matched to the JSON's
    /// devices in `device_info` order, or (without that JSON) to `Device Activity`'s in its
    /// order. Numbers that are not positions but all name known devices are taken as ids.
    fn devices_by_position(&mut self, parent: &'static str, blocks: Vec<Vec<Resolved>>) {
        let blocks: Vec<(Option<i64>, Vec<Resolved>)> = blocks
            .into_iter()
            .map(|b| self.split_block(parent, b))
            .collect();
        let numbers: Vec<Option<i64>> = blocks.iter().map(|(n, _)| *n).collect();
        let positional = numbers
            .iter()
            .enumerate()
            .all(|(i, n)| *n == i64::try_from(i).ok());
        let from_json = !self.ctx.device_order.is_empty();
        let order = if from_json {
            self.ctx.device_order.clone()
        } else {
            self.ctx.activity_order.clone()
        };
        if !positional {
            if numbers.iter().all(|n| n.is_some_and(|id| self.known(id))) {
                self.warn(
                    WarningKind::Fallback,
                    msg![parent],
                    msg![
                        "blocks are numbered by device id, not by position as documented; read by id"
                    ],
                );
                for (number, lines) in blocks {
                    if let Some(id) = number {
                        self.apply_block(parent, id, lines);
                    }
                }
            } else {
                self.warn(
                    WarningKind::Invalid,
                    msg![parent],
                    msg![
                        "blocks are numbered neither by position nor by the ids of the report's devices; not read"
                    ],
                );
            }
            return;
        }
        if blocks.len() != order.len() {
            self.warn(
                WarningKind::Invalid,
                msg![parent],
                msg![
                    "",
                    blocks.len(),
                    " device blocks for the ",
                    order.len(),
                    " devices the report names; only the first blocks are matched, by position"
                ],
            );
        }
        let renumbered = order
            .iter()
            .take(blocks.len())
            .enumerate()
            .any(|(i, id)| i64::try_from(i).ok() != Some(*id));
        if !from_json && renumbered {
            self.warn(
                WarningKind::Fallback,
                msg![parent],
                msg![
                    "blocks are numbered by position; without the JSON's device order they are matched to the devices of `Device Activity`, in its order"
                ],
            );
        }
        for ((_, lines), id) in blocks.into_iter().zip(order) {
            self.apply_block(parent, id, lines);
        }
    }

    /// One Sync Sessions block: a positional `Device` line (no device), then the session,
    /// the `index`th.
    fn session(&mut self, parent: &'static str, index: usize, block: Vec<Resolved>) -> SyncSession {
        let mut session = SyncSession::default();
        for (line, field) in block {
            match field {
                Some((Nested::Device, _)) => {}
                Some((Nested::Session(SessionPart::Id), _)) => {
                    session.id = line.value.scalar().map(SessionId::new);
                }
                Some((Nested::Session(SessionPart::AccountRegisteredAt), known)) => {
                    if let Some(Scalar::Time(t)) = self.value(
                        msg![parent, " › ", known],
                        (Some(parent), &line.label),
                        true,
                        &line.value,
                        DateSlot::Session(index),
                    ) {
                        session.account_registered_at = t;
                    }
                }
                Some((Nested::Session(SessionPart::StateCollections), _)) => {
                    session.state_collections = line
                        .value
                        .scalar()
                        .unwrap_or_default()
                        .split(',')
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .map(Text::new)
                        .collect();
                }
                _ => {
                    let value = line.value.scalar().unwrap_or_default();
                    self.unknown(Some(parent), &line.label, value);
                }
            }
        }
        session
    }
}
