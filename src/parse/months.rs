//! Month names no table has, learned from the report itself (FORMAT.md 6.2: HTML dates are
//! localised, JSON times are not). An HTML date in a known format whose month name is in no
//! table waits until the whole HTML view is read. Then, wherever the JSON gives the same
//! field a time, the date's day, year, hour and minute must agree with it in the HTML's time
//! zone, and the name is that time's month. A name learned as one month reads every date
//! that uses it; a name the JSON makes two different months, or that no JSON time teaches,
//! reads none: the date's text is kept and named. A wrong date is never produced.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use super::Ctx;
use super::apply::{Scalar, set_device, set_row};
use super::dates::{self, DateProblem};
use super::twin::{self, Twin};
use crate::model::{Report, Unrecognised, Warning, WarningKind};
use crate::msg;
use crate::parse::labels::{Nested, Row};
use crate::spec::HtmlZone;
use crate::text::{EntryName, Message, UnknownLabel, UnknownValue};

/// Where a date's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateSlot {
    Row(Row),
    Device(i64, Nested),
    /// The registration time of the sync session at this position.
    Session(usize),
}

/// An HTML date whose month name is in no table.
#[derive(Clone, Debug)]
pub(crate) struct PendingDate {
    pub file: &'static str,
    /// Where, for messages: the documented label (and its block's row).
    pub at: Message,
    /// The documented row of a block line.
    pub parent: Option<&'static str>,
    /// The label as the report writes it.
    pub label: String,
    pub text: String,
    /// The month name.
    pub word: String,
    pub slot: DateSlot,
}

/// The JSON's time for a date's field.
fn twin_time(twin: &Twin, slot: DateSlot) -> Option<Timestamp> {
    match slot {
        DateSlot::Row(row) => twin.time(&twin::row_time_field(row)?),
        DateSlot::Device(id, field) => twin.time(&twin::device_time_field(id, field)?),
        DateSlot::Session(index) => twin.session_time(index),
    }
}

/// What the JSON says one month name is.
struct Lesson {
    months: BTreeSet<i8>,
    /// The first date that taught it: its file and field.
    from: (&'static str, Message),
}

/// Learns month names from the dates waiting in `ctx`, then reads them into the HTML view,
/// or names them.
pub(super) fn resolve(ctx: &mut Ctx<'_>) {
    let pending = std::mem::take(&mut ctx.pending);
    if pending.is_empty() {
        return;
    }
    let zone = ctx.spec().html_zone;
    let lessons = lessons(&ctx.twin, &pending, zone);
    let learned = learned(&pending, &lessons, &mut ctx.report.warnings);
    ctx.months.clone_from(&learned);
    for date in pending {
        let read = learned
            .get(&date.word.to_lowercase())
            .map(|&month| dates::parse_with_month(&date.text, &date.word, month, zone));
        read_date(&mut ctx.report, date, read);
    }
}

/// What the JSON's times say each month name is.
fn lessons(twin: &Twin, pending: &[PendingDate], zone: HtmlZone) -> BTreeMap<String, Lesson> {
    let mut lessons: BTreeMap<String, Lesson> = BTreeMap::new();
    for date in pending {
        let Some(at) = twin_time(twin, date.slot) else {
            continue;
        };
        if let Some(month) = dates::month_from_twin(&date.text, &date.word, at, zone) {
            lessons
                .entry(date.word.to_lowercase())
                .or_insert_with(|| Lesson {
                    months: BTreeSet::new(),
                    from: (date.file, date.at.clone()),
                })
                .months
                .insert(month);
        }
    }
    lessons
}

/// The month names learned, each as one month; each lesson is named in a warning, once.
fn learned(
    pending: &[PendingDate],
    lessons: &BTreeMap<String, Lesson>,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<String, i8> {
    let english: &[String] = crate::parse::labels::languages()
        .first()
        .map_or(&[], |en| &en.months[..]);
    let mut learned: BTreeMap<String, i8> = BTreeMap::new();
    let mut noted = BTreeSet::new();
    for date in pending {
        let key = date.word.to_lowercase();
        let Some(lesson) = lessons.get(&key) else {
            continue;
        };
        if !noted.insert(key.clone()) {
            continue;
        }
        let word = UnknownValue::new(date.word.as_str());
        let (file, at) = &lesson.from;
        match lesson.months.iter().copied().collect::<Vec<i8>>()[..] {
            [month] => {
                learned.insert(key, month);
                let name = usize::try_from(month - 1)
                    .ok()
                    .and_then(|i| english.get(i))
                    .map_or("?", String::as_str);
                let mut message = msg![
                    "a month name in no label table; read as `",
                    name,
                    "`, learned from `"
                ];
                message.extend(at.clone());
                message.push("`, whose JSON value is the same day, year, hour and minute");
                warnings.push(Warning::new(WarningKind::Fallback, file, msg![word], message));
            }
            _ => warnings.push(Warning::new(
                WarningKind::Invalid,
                file,
                msg![word],
                msg![
                    "a month name in no label table that the JSON's times make more than one month; the dates using it are not read"
                ],
            )),
        }
    }
    learned
}

/// One waiting date, read with its learned month (`read`), or named and kept as text.
fn read_date(report: &mut Report, date: PendingDate, read: Option<Result<Timestamp, DateProblem>>) {
    let at = date.at.clone();
    let problem = match read {
        Some(Ok(t)) => {
            let value = Scalar::Time(Some(t));
            match date.slot {
                DateSlot::Row(row) => set_row(report, row, value).err(),
                DateSlot::Device(id, field) => {
                    set_device(report.device_mut(id), field, value).err()
                }
                DateSlot::Session(index) => {
                    let sessions = report.sync.sessions.as_mut();
                    if let Some(session) = sessions.and_then(|s| s.get_mut(index)) {
                        session.account_registered_at = Some(t);
                    }
                    None
                }
            }
        }
        Some(Err(problem @ DateProblem::Impossible)) => Some(problem.problem(&date.text)),
        Some(Err(DateProblem::Unrecognised)) | None => {
            report.unrecognised.push(Unrecognised {
                file: EntryName::new(date.file),
                parent: date.parent,
                label: UnknownLabel::new(date.label.as_str()),
                value: UnknownValue::new(date.text.as_str()),
            });
            Some((
                WarningKind::Unknown,
                msg![
                    "unrecognised date `",
                    UnknownValue::new(date.text.as_str()),
                    "`: its month name `",
                    UnknownLabel::new(date.word.as_str()),
                    "` is in no label table, and no JSON time of the same field teaches it; kept as text"
                ],
            ))
        }
    };
    if let Some((kind, message)) = problem {
        report
            .warnings
            .push(Warning::new(kind, date.file, at, message));
    }
}
