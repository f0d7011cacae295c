//! Placing values whose labels are in no table, by what does not depend on language. Values
//! are never localised and the JSON is language-independent (FORMAT.md 3.5), so a row of a
//! report in any language can be placed by:
//! - **position**: the documented order of its table or block ([`Table::order`],
//!   [`Block::order`]), with the rows whose labels are known as anchors;
//! - **the value's shape**: a date or a `timestamp_value`, an E.164 number, an email address,
//!   `Yes`/`No`, a visibility word, device blocks (or a `vec` of `dict`s), a device number,
//!   an IP address, a picture;
//! - **agreement with the JSON twin**, where the JSON says the same thing.
//!
//! Every way of matching the rows, in order, to the documented rows (rows may be extra,
//! documented rows may be missing) is scored: an anchor counts most, then every other row
//! matched to a documented row its value fits, then, as tie-breakers only, each value of
//! the documented row's own shape (not empty, not free text) and each agreement with the
//! twin (a disagreement counts against). A row whose label is unknown is placed only
//! when every best matching puts it at the same documented row, and never on a documented
//! row whose label the table also has. Anything else stays under its label: nothing is
//! guessed.
//!
//! [`Table::order`]: crate::parse::labels::Table::order
//! [`Block::order`]: crate::parse::labels::Block::order

use crate::model::Warning;
use crate::model::{Device, LeafKind, ProfilePicture, WebDesktop};
use crate::msg;
use crate::parse::Placed;
use crate::parse::labels::{self, Nested, Row};
use crate::parse::normalize::{parse_status_privacy, parse_visibility, split_ip_port};
use crate::text::normalize_phone;
use crate::text::{EntryName, Ip, Message, UnknownLabel};

/// What a field's value looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Time,
    Phone,
    Email,
    YesNo,
    Visibility,
    /// Status privacy entries (`My Contacts Except : [...]`).
    StatusList,
    /// Contacts or blocked numbers.
    PhoneList,
    /// Group names: any lines.
    Lines,
    Picture,
    /// Per-device blocks.
    Blocks,
    /// A block's `Device` number.
    DeviceId,
    /// A device status (`OFFLINE`): one word with a letter.
    Word,
    /// An address without a port.
    Ip,
    /// An address, with or without a port.
    IpPort,
    /// Free text.
    Text,
}

pub(crate) fn row_kind(row: Row) -> Kind {
    let Row::Field(d) = row else {
        return Kind::Blocks;
    };
    match d.kind {
        LeafKind::Time => Kind::Time,
        LeafKind::Phone => Kind::Phone,
        LeafKind::Email => Kind::Email,
        LeafKind::Flag if d.path == ProfilePicture::present.path => Kind::Picture,
        LeafKind::Flag => Kind::YesNo,
        LeafKind::Vis => Kind::Visibility,
        LeafKind::Status => Kind::StatusList,
        LeafKind::Phones | LeafKind::Contacts => Kind::PhoneList,
        LeafKind::Groups => Kind::Lines,
        LeafKind::Sessions => Kind::Blocks,
        // A state is one word, as a device's status is.
        LeafKind::Text if d.path == WebDesktop::state.path => Kind::Word,
        _ => Kind::Text,
    }
}

pub(crate) fn nested_kind(field: Nested) -> Kind {
    match field {
        _ if super::apply::is_time_nested(field) => Kind::Time,
        Nested::Device => Kind::DeviceId,
        Nested::Field(d) if d.path == Device::status.path => Kind::Word,
        Nested::Field(d) if d.path == Device::current_ip.path => Kind::IpPort,
        Nested::Field(d) if d.kind == LeafKind::Ip => Kind::Ip,
        _ => Kind::Text,
    }
}

/// What a value looks like, whatever the report's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// No value: the report's missing marker or an empty cell. Fits any field.
    Nothing,
    /// A gen C `timestamp_value` (0, "none", included).
    Timestamp,
    /// A date as the HTML writes them, in a known format (its month name may be unknown).
    Date,
    Picture,
    /// Per-device blocks, each starting with a number; gen C's `vec` of `dict`s.
    Blocks,
    /// Text, in lines (one for a scalar).
    Text(Vec<String>),
}

impl Shape {
    fn scalar(&self) -> Option<String> {
        match self {
            Shape::Text(lines) if lines.len() == 1 => Some(lines[0].trim().to_string()),
            _ => None,
        }
    }
}

/// The evidence of a value that is missing or empty: it fits any field.
const EMPTY: &str = "empty";

/// Whether a value of this shape can be the value of a field of this kind, and if so what
/// about it is evidence (`its value …`), if anything.
pub(crate) fn fit(kind: Kind, shape: &Shape) -> Option<Option<&'static str>> {
    let lines = match shape {
        Shape::Nothing => return Some(Some(EMPTY)),
        Shape::Timestamp => return (kind == Kind::Time).then_some(Some("a timestamp")),
        Shape::Date => return (kind == Kind::Time).then_some(Some("a date")),
        Shape::Picture => return (kind == Kind::Picture).then_some(Some("a picture")),
        Shape::Blocks => return (kind == Kind::Blocks).then_some(Some("per-device blocks")),
        Shape::Text(lines) => lines,
    };
    let scalar = shape.scalar();
    let s = scalar.as_deref();
    let is = |ok: bool, what: &'static str| ok.then_some(Some(what));
    match kind {
        Kind::Time | Kind::Picture | Kind::Blocks => None,
        Kind::Phone => is(s.is_some_and(is_phone), "an E.164 number"),
        Kind::Email => is(
            s.is_some_and(|s| s.contains('@') && !s.contains(char::is_whitespace)),
            "an email address",
        ),
        Kind::YesNo => is(
            s.and_then(crate::parse::labels::yes_no).is_some(),
            "a Yes or No word",
        ),
        Kind::Visibility => is(
            s.is_some_and(|s| parse_visibility(s).is_ok()),
            "a visibility word",
        ),
        Kind::StatusList => {
            let entries: Vec<String> = lines.iter().map(|l| l.trim().to_string()).collect();
            is(
                parse_status_privacy(&entries).1.is_empty(),
                "status privacy entries",
            )
        }
        Kind::PhoneList => is(
            lines
                .iter()
                .flat_map(|l| l.split(','))
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .all(is_phone),
            "phone numbers",
        ),
        Kind::Lines => Some(None),
        Kind::DeviceId => is(s.is_some_and(is_number), "a device number"),
        Kind::Word => is(
            s.is_some_and(|s| {
                !s.contains(char::is_whitespace)
                    && s.chars().any(char::is_alphabetic)
                    && Ip::parse(s).is_err()
                    && !s.contains('@')
            }),
            "a status word",
        ),
        Kind::Ip => is(s.is_some_and(|s| Ip::parse(s).is_ok()), "an IP address"),
        Kind::IpPort => is(s.is_some_and(|s| split_ip_port(s).is_ok()), "an IP address"),
        Kind::Text => Some(None),
    }
}

/// An E.164-like number: digits only (gen B's own number) or a `+` and digits.
fn is_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    body.starts_with(|c: char| c.is_ascii_digit()) && normalize_phone(s).is_ok()
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Where a row with an unknown label was placed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Placement {
    /// Its index in the documented order.
    pub slot: usize,
    /// What about its value fits the documented row, if anything.
    pub shape: Option<&'static str>,
    /// Whether the JSON twin says the same.
    pub twin: bool,
}

/// A possible match's score, what about its value fits, and whether the twin agrees.
type Weight = (i64, Option<&'static str>, bool);

/// An anchor (a known label at its documented row) outweighs any number of other rows.
const ANCHOR: i64 = 1_000_000_000;
/// A row placed where its value fits outweighs any number of shaped values.
const MATCH: i64 = 1_000_000;
/// A value of its documented row's own shape outweighs any number of twin agreements.
const SHAPED: i64 = 1_000;

/// Places the rows whose label is unknown (`known[i]` is `None`) in `order`, by position,
/// shape (`shapes[i]`) and agreement with the twin (`twin(i, slot)`: 1 agrees, −1
/// disagrees, 0 the twin does not say). Gives, for each row, where it was placed, or
/// `None` (known, or not placed for certain).
///
/// The scores are ordered (anchors, then matches, then shaped values, then agreements), so
/// the twin only decides between matchings that are otherwise equal: when every row is
/// placed without it, it would place them the same, and [`align_with_twin`] asks it only
/// for the evidence.
pub(crate) fn align<T: Copy + PartialEq>(
    known: &[Option<T>],
    shapes: &[Shape],
    order: &[T],
    kind: impl Fn(T) -> Kind,
    mut twin: impl FnMut(usize, T) -> i32,
) -> Vec<Option<Placement>> {
    let (n, m) = (known.len(), order.len());
    let mut out = vec![None; n];
    if known.iter().all(Option::is_some) || m == 0 {
        return out;
    }
    // A documented row some row's label names is that row's alone.
    let claimed: Vec<bool> = order
        .iter()
        .map(|slot| known.contains(&Some(*slot)))
        .collect();
    // weight[i][j]: the score of matching row i to documented row j, if it can be.
    let mut weight: Vec<Vec<Option<Weight>>> = vec![vec![None; m]; n];
    for i in 0..n {
        for j in 0..m {
            weight[i][j] = match known[i] {
                Some(k) => (k == order[j]).then_some((ANCHOR, None, false)),
                None if claimed[j] => None,
                None => fit(kind(order[j]), &shapes[i]).map(|shape| {
                    let agrees = twin(i, order[j]).signum();
                    // A value of the documented row's own shape is better evidence than an
                    // empty one or free text.
                    let shaped = if shape.is_some_and(|s| s != EMPTY) {
                        SHAPED
                    } else {
                        0
                    };
                    (MATCH + shaped + i64::from(agrees), shape, agrees > 0)
                }),
            };
        }
    }
    // forward[i][j]: the best score of rows ..i matched into documented rows ..j;
    // backward(i, j): of rows i.. into documented rows j.., the same matching of the rows
    // and documented rows read backwards.
    let score = |i: usize, j: usize| weight[i][j].map(|(w, _, _)| w);
    let forward = best_scores(n, m, score);
    let reversed = best_scores(n, m, |i, j| score(n - 1 - i, m - 1 - j));
    let backward = |i: usize, j: usize| reversed[n - i][m - j];
    let best = forward[n][m];
    for i in (0..n).filter(|&i| known[i].is_none()) {
        // The best matching that leaves row i out.
        let skipped = (0..=m)
            .map(|j| forward[i][j] + backward(i + 1, j))
            .max()
            .unwrap_or(0);
        if skipped >= best {
            continue;
        }
        let mut at = (0..m).filter(|&j| {
            weight[i][j].is_some_and(|(w, _, _)| forward[i][j] + w + backward(i + 1, j + 1) == best)
        });
        if let (Some(j), None) = (at.next(), at.next())
            && let Some((_, shape, twin)) = weight[i][j]
        {
            out[i] = Some(Placement {
                slot: j,
                shape,
                twin,
            });
        }
    }
    out
}

/// `best[i][j]`: the best score of the first `i` rows matched, in order, into the first `j`
/// documented rows, `score(i, j)` scoring row `i` at documented row `j` when it can be.
fn best_scores(n: usize, m: usize, score: impl Fn(usize, usize) -> Option<i64>) -> Vec<Vec<i64>> {
    let mut best = vec![vec![0i64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut b = best[i - 1][j].max(best[i][j - 1]);
            if let Some(w) = score(i - 1, j - 1) {
                b = b.max(best[i - 1][j - 1] + w);
            }
            best[i][j] = b;
        }
    }
    best
}

/// [`align`], asking the twin only when the rows cannot all be placed without it; otherwise
/// only to say, as evidence, where it agrees.
pub(crate) fn align_with_twin<T: Copy + PartialEq>(
    known: &[Option<T>],
    shapes: &[Shape],
    order: &[T],
    kind: impl Fn(T) -> Kind + Copy,
    mut twin: impl FnMut(usize, T) -> i32,
) -> Vec<Option<Placement>> {
    let mut placed = align(known, shapes, order, kind, |_, _| 0);
    if placed
        .iter()
        .zip(known)
        .all(|(p, k)| p.is_some() || k.is_some())
    {
        for (i, p) in placed.iter_mut().enumerate() {
            if let Some(p) = p {
                p.twin = twin(i, order[p.slot]) > 0;
            }
        }
        placed
    } else {
        align(known, shapes, order, kind, twin)
    }
}

/// One line of a per-device block, for [`align_blocks`].
pub(crate) struct Line<'a, T> {
    /// The label as the report writes it.
    pub label: &'a str,
    /// The field its label names in a table, if any.
    pub known: Option<T>,
    pub shape: Shape,
}

/// Places the lines of all the blocks of one row (every device's `Device Activity` block,
/// say). Each block is aligned with `order` as [`align`] does; then a label placed for
/// certain in one block names the same field in the others (a report says one thing with
/// one label), so it anchors them, and they are aligned again. A label placed as two
/// different fields is placed nowhere. Gives, per block and line, where it was placed (with
/// the evidence from the block that placed it first), or `None`.
pub(crate) fn align_blocks<T: Copy + PartialEq>(
    blocks: &[Vec<Line<'_, T>>],
    order: &[T],
    kind: impl Fn(T) -> Kind + Copy,
) -> Vec<Vec<Option<Placement>>> {
    let first: Vec<Vec<Option<Placement>>> = blocks
        .iter()
        .map(|lines| {
            let known: Vec<Option<T>> = lines.iter().map(|l| l.known).collect();
            let shapes: Vec<Shape> = lines.iter().map(|l| l.shape.clone()).collect();
            align(&known, &shapes, order, kind, |_, _| 0)
        })
        .collect();
    // What each label was placed as, and whether every block agrees.
    let mut taught: Vec<(&str, Option<Placement>)> = Vec::new();
    for (lines, placements) in blocks.iter().zip(&first) {
        for (line, placement) in lines.iter().zip(placements) {
            let Some(placement) = placement else {
                continue;
            };
            match taught.iter_mut().find(|(label, _)| *label == line.label) {
                Some((_, seen)) => {
                    if seen.as_ref().is_some_and(|p| p.slot != placement.slot) {
                        *seen = None;
                    }
                }
                None => taught.push((line.label, Some(placement.clone()))),
            }
        }
    }
    let lesson = |label: &str| {
        taught
            .iter()
            .find(|(l, _)| *l == label)
            .and_then(|(_, p)| p.clone())
    };
    let contested = |label: &str| taught.iter().any(|(l, p)| *l == label && p.is_none());
    blocks
        .iter()
        .map(|lines| {
            let known: Vec<Option<T>> = lines
                .iter()
                .map(|l| l.known.or_else(|| lesson(l.label).map(|p| order[p.slot])))
                .collect();
            let shapes: Vec<Shape> = lines.iter().map(|l| l.shape.clone()).collect();
            let again = align(&known, &shapes, order, kind, |_, _| 0);
            lines
                .iter()
                .zip(again)
                .map(|(line, placement)| {
                    if line.known.is_some() || contested(line.label) {
                        None
                    } else {
                        lesson(line.label).or(placement)
                    }
                })
                .collect()
        })
        .collect()
}

/// Where placements are recorded: the file they are in, the [`Placed`] values and the
/// warnings that name them.
pub(crate) struct Record<'r> {
    pub file: &'static str,
    pub placed: &'r mut Vec<Placed>,
    pub warnings: &'r mut Vec<Warning>,
}

impl Record<'_> {
    /// Records a value placed as `field` (`parent`: the row of a block line); a block line
    /// is recorded once per row, label and field, not once per block.
    fn record(
        &mut self,
        parent: Option<&'static str>,
        label: &str,
        field: &'static str,
        evidence: Message,
    ) {
        let placed = Placed {
            file: EntryName::new(self.file),
            parent,
            label: UnknownLabel::new(label),
            field,
            evidence,
        };
        let seen = |p: &Placed| {
            (&p.file, p.parent, &p.label, p.field)
                == (&placed.file, placed.parent, &placed.label, placed.field)
        };
        if parent.is_none() || !self.placed.iter().any(seen) {
            self.warnings.push(placed.warning());
            self.placed.push(placed);
        }
    }
}

/// The row each of a table's labels names: the one its label names in a table, or, for a
/// label in no table, the row of the documented `order` (if any) it is placed at by
/// structure ([`align_with_twin`], with `shape(i)` the `i`th value's shape and `twin(i,
/// row, shape)` what the JSON says of it). Each placement is recorded (`unit` says what a
/// row is: `row`, `entry`).
pub(crate) fn resolve_rows(
    labels: &[&str],
    order: Option<&[Row]>,
    shape: impl Fn(usize) -> Shape,
    mut twin: impl FnMut(usize, Row, &Shape) -> i32,
    unit: &'static str,
    mut record: Record<'_>,
) -> Vec<Option<(Row, &'static str)>> {
    let mut resolved: Vec<Option<(Row, &'static str)>> =
        labels.iter().map(|l| labels::row_label(l)).collect();
    let Some(order) = order.filter(|_| resolved.iter().any(Option::is_none)) else {
        return resolved;
    };
    let known: Vec<Option<Row>> = resolved.iter().map(|r| r.map(|(r, _)| r)).collect();
    let shapes: Vec<Shape> = (0..labels.len()).map(shape).collect();
    let placements = align_with_twin(&known, &shapes, order, row_kind, |i, row| {
        twin(i, row, &shapes[i])
    });
    for (i, placement) in placements.into_iter().enumerate() {
        let Some(placement) = placement else {
            continue;
        };
        let row = order[placement.slot];
        let field = labels::english(row);
        resolved[i] = Some((row, field));
        let evidence = evidence(unit, &placement, order.len());
        record.record(None, labels[i], field, evidence);
    }
    resolved
}

/// The field each line of one row's blocks names: the one its label names in a table, or,
/// for a label in no table, the documented line of `order` it is placed at by structure
/// ([`align_blocks`]). A line is its label and its value's shape. Each placement is
/// recorded under the row `parent` (`unit` says what a line is: `line`, `entry`).
pub(crate) fn resolve_blocks<'a>(
    blocks: Vec<Vec<(&'a str, Shape)>>,
    order: &[Nested],
    parent: &'static str,
    unit: &'static str,
    mut record: Record<'_>,
) -> Vec<Vec<Option<(Nested, &'static str)>>> {
    let known: Vec<Vec<Option<(Nested, &'static str)>>> = blocks
        .iter()
        .map(|b| {
            b.iter()
                .map(|(label, _)| labels::nested_label(label))
                .collect()
        })
        .collect();
    let lines: Vec<Vec<Line<'a, Nested>>> = blocks
        .into_iter()
        .zip(&known)
        .map(|(block, known)| {
            block
                .into_iter()
                .zip(known)
                .map(|((label, shape), known)| Line {
                    label,
                    known: known.map(|(n, _)| n),
                    shape,
                })
                .collect()
        })
        .collect();
    let placements = if lines.iter().flatten().any(|l| l.known.is_none()) && !order.is_empty() {
        align_blocks(&lines, order, nested_kind)
    } else {
        Vec::new()
    };
    known
        .into_iter()
        .enumerate()
        .map(|(b, known)| {
            known
                .into_iter()
                .enumerate()
                .map(|(i, known)| {
                    let placement = placements.get(b).and_then(|p| p.get(i)).cloned().flatten();
                    match (known, placement) {
                        (Some(known), _) => Some(known),
                        (None, Some(placement)) => {
                            let field = order[placement.slot];
                            let name = labels::english_nested(field);
                            let evidence = evidence(unit, &placement, order.len());
                            record.record(Some(parent), lines[b][i].label, name, evidence);
                            Some((field, name))
                        }
                        (None, None) => None,
                    }
                })
                .collect()
        })
        .collect()
}

/// The evidence for a placed value: `row 3 of 15 in the documented order; its value an
/// E.164 number, the same as the JSON's`. `unit` names what is counted (`row`, `entry`,
/// `line`).
pub(crate) fn evidence(unit: &'static str, placement: &Placement, of: usize) -> Message {
    let mut m = msg![
        unit,
        " ",
        placement.slot + 1,
        " of ",
        of,
        " in the documented order"
    ];
    match (placement.shape, placement.twin) {
        (Some(shape), true) => {
            m.extend(msg!["; its value ", shape, ", the same as the JSON's"]);
        }
        (Some(shape), false) => m.extend(msg!["; its value ", shape]),
        (None, true) => m.push("; its value the same as the JSON's"),
        (None, false) => {}
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Block, Registration, Report};
    use crate::parse::labels::Table;
    use crate::parse::labels::block_order;

    fn text(s: &str) -> Shape {
        Shape::Text(vec![s.to_string()])
    }

    fn placed(
        known: &[Option<Row>],
        shapes: &[Shape],
        table: Table,
        twin: impl FnMut(usize, Row) -> i32,
    ) -> Vec<Option<Row>> {
        let order = table.order();
        align(known, shapes, order, row_kind, twin)
            .into_iter()
            .map(|p| p.map(|p| order[p.slot]))
            .collect()
    }

    #[test]
    fn shapes_fit_their_kinds() {
        assert!(fit(Kind::Phone, &text("15555550123")).is_some());
        assert!(fit(Kind::Phone, &text("+15555550123")).is_some());
        assert!(
            fit(Kind::Phone, &text("204008")).is_none(),
            "a network code"
        );
        assert!(fit(Kind::Phone, &text("Alex")).is_none());
        assert!(fit(Kind::Email, &text("a@example.com")).is_some());
        assert!(fit(Kind::YesNo, &text("Yes")).is_some());
        assert!(fit(Kind::YesNo, &text("Everyone")).is_none());
        assert!(fit(Kind::Visibility, &text("My Contacts")).is_some());
        assert!(fit(Kind::DeviceId, &text("34")).is_some());
        assert!(fit(Kind::Word, &text("34")).is_none());
        assert!(fit(Kind::Word, &text("OFFLINE")).is_some());
        assert!(fit(Kind::Ip, &text("2001:db8:12::")).is_some());
        assert!(fit(Kind::Ip, &text("172.16.5.7:40123")).is_none());
        assert!(fit(Kind::IpPort, &text("172.16.5.7:40123")).is_some());
        assert!(fit(Kind::Text, &Shape::Date).is_none());
        assert!(fit(Kind::Time, &Shape::Nothing).is_some());
        assert!(fit(Kind::Text, &Shape::Timestamp).is_none());
        let status = Shape::Text(vec![
            "My Contacts (active)".into(),
            "Only Share With : [+15555550106]".into(),
        ]);
        assert!(fit(Kind::StatusList, &status).is_some());
        assert!(fit(Kind::PhoneList, &status).is_none());
    }

    #[test]
    fn exact_rows_are_placed_by_position() {
        let shapes = [
            text("android-2.22.15.74"),
            text("204008"),
            text("Example"),
            text("motorola"),
            Shape::Date,
        ];
        let got = placed(&[None; 5], &shapes, Table::Registration, |_, _| 0);
        assert_eq!(
            got,
            Table::Registration
                .order()
                .iter()
                .map(|r| Some(*r))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_extra_row_between_anchors_is_kept() {
        // Platform, ??? (extra), Network, Network Name, Device, Registration Time.
        let known = [
            Some(Row::Field(Registration::platform)),
            None,
            Some(Row::Field(Registration::network_code)),
            Some(Row::Field(Registration::network_name)),
            Some(Row::Field(Registration::device)),
            Some(Row::Field(Registration::registered_at)),
        ];
        let shapes = vec![Shape::Nothing; 6];
        assert_eq!(
            placed(&known, &shapes, Table::Registration, |_, _| 0),
            [None; 6]
        );
    }

    #[test]
    fn a_missing_row_is_tolerated_where_shapes_decide() {
        // The user table without its Email row, every label unknown: the text row after the
        // number cannot be the email, so it is the name.
        let shapes = vec![
            Shape::Date,
            Shape::Date,
            text("15555550123"),
            text("Alex"),
            Shape::Blocks,
        ];
        let order = &Table::UserB.order()[..6];
        let got: Vec<Option<Row>> = align(&[None; 5], &shapes, order, row_kind, |_, _| 0)
            .into_iter()
            .map(|p| p.map(|p| order[p.slot]))
            .collect();
        assert_eq!(
            got,
            [
                Some(Row::Field(Report::generated_at)),
                Some(Row::Field(Report::requested_at)),
                Some(Row::Field(Account::phone_number)),
                Some(Row::Field(Account::name)),
                Some(Row::Blocks(Block::Activity))
            ]
        );
    }

    #[test]
    fn ambiguity_is_not_resolved_by_guessing_but_the_twin_can_settle_it() {
        // Registration with one row missing and only text: nothing is certain but the date.
        let shapes = vec![text("a"), text("b"), text("c"), Shape::Date];
        let got = placed(&[None; 4], &shapes, Table::Registration, |_, _| 0);
        assert_eq!(
            got,
            [
                None,
                None,
                None,
                Some(Row::Field(Registration::registered_at))
            ]
        );
        // The twin says `b` is the network name, `c` the device: then `a` is the platform
        // or the network, still unknown.
        let twin = |i: usize, r: Row| match (i, r) {
            (1, Row::Field(Registration::network_name)) | (2, Row::Field(Registration::device)) => {
                1
            }
            _ => 0,
        };
        let got = placed(&[None; 4], &shapes, Table::Registration, twin);
        assert_eq!(
            got,
            [
                None,
                Some(Row::Field(Registration::network_name)),
                Some(Row::Field(Registration::device)),
                Some(Row::Field(Registration::registered_at))
            ]
        );
    }

    #[test]
    fn an_empty_extra_row_does_not_take_the_place_of_a_shaped_one() {
        // An unknown row with no value before Device Activity: the blocks are Device
        // Activity, the empty row is extra.
        let order = &Table::UserB.order()[4..6];
        let shapes = [text("Alex"), Shape::Nothing, Shape::Blocks];
        let got = align(&[None; 3], &shapes, order, row_kind, |i, _| {
            i32::from(i == 0)
        });
        let got: Vec<Option<Row>> = got.into_iter().map(|p| p.map(|p| order[p.slot])).collect();
        assert_eq!(
            got,
            [
                Some(Row::Field(Account::name)),
                None,
                Some(Row::Blocks(Block::Activity))
            ]
        );
    }

    #[test]
    fn a_label_placed_in_one_block_anchors_the_others() {
        use crate::parse::labels::{Block, Nested};
        let line = |label, shape| Line {
            label,
            known: None,
            shape,
        };
        // Device 34 has both addresses, device 0 only the previous one: alone, device 0's
        // address could be either; the label says which.
        let blocks = vec![
            vec![line("n", text("0")), line("prev", text("2001:db8:34::"))],
            vec![
                line("n", text("34")),
                line("prev", text("172.16.0.0")),
                line("cur", text("172.16.9.20:51234")),
            ],
        ];
        let order = block_order(Block::Activity);
        let got = align_blocks(&blocks, order, nested_kind);
        let fields: Vec<Vec<Option<Nested>>> = got
            .iter()
            .map(|b| {
                b.iter()
                    .map(|p| p.as_ref().map(|p| order[p.slot]))
                    .collect()
            })
            .collect();
        assert_eq!(
            fields,
            [
                vec![
                    Some(Nested::Device),
                    Some(Nested::Field(Device::previous_ip))
                ],
                vec![
                    Some(Nested::Device),
                    Some(Nested::Field(Device::previous_ip)),
                    Some(Nested::Field(Device::current_ip))
                ]
            ]
        );
    }

    #[test]
    fn notes_name_the_evidence() {
        let p = Placement {
            slot: 2,
            shape: Some("an E.164 number"),
            twin: true,
        };
        assert_eq!(
            evidence("row", &p, 15).exact(),
            "row 3 of 15 in the documented order; its value an E.164 number, the same as the JSON's"
        );
    }
}
