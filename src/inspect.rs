//! `inspect`: how well the tool understood a report. Pure: a [`Parsed`] report in, an
//! [`Inspection`] out.
//!
//! The cross-check compares the records read from the JSON alone with those read from the
//! HTML alone, field by field, through the model's one list of fields ([`Report::walk`]),
//! so every field is compared without a list to keep in step. A value only one side carries
//! is a disagreement, unless the generation's JSON never carries that field (its
//! description says which); so is a device only one side lists. Where the generation's HTML
//! gives times to the minute, a JSON time in the same minute agrees.

use std::collections::BTreeMap;

use crate::diff::Val;
use crate::model::{Contacts, Field, Leaf, LeafKind, Report, SyncSession, Warning};
use crate::parse::{EntryUse, Parsed, Placed, Use, same_time};
use crate::spec::Spec;
use crate::text::Message;

/// A field whose JSON and HTML values differ, or that only one of them carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    /// The field, or the device.
    pub field: Field,
    pub json: Shown,
    pub html: Shown,
}

/// One side of a disagreement.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// The side carries no value.
    Nothing,
    /// The device is listed (for a device only one side lists).
    Device,
    Value(Val),
    /// A list, by its length (lists are compared in full).
    List(usize),
}

#[derive(Clone, Debug)]
pub struct Inspection {
    pub generation: &'static str,
    pub detected_by: Message,
    /// Every entry of the archive, and how it was used.
    pub entries: Vec<EntryUse>,
    /// Unknown keys, labels, files and values, and values of the wrong type.
    pub problems: Vec<Warning>,
    /// Gaps and how they were filled (other than the placements).
    pub notes: Vec<Warning>,
    /// Values whose labels are in no table, and how each was placed.
    pub placed: Vec<Placed>,
    /// Fields both the JSON and the HTML carry; `None` when the report lacks one of them.
    pub compared: Option<usize>,
    pub disagreements: Vec<Disagreement>,
}

impl Inspection {
    /// Nothing unknown and nothing disagreeing.
    pub fn understood(&self) -> bool {
        self.problems.is_empty() && self.disagreements.is_empty()
    }
}

pub fn inspect(parsed: &Parsed) -> Inspection {
    let report = &parsed.report;
    // Placements have their own list, with their evidence.
    let placements: Vec<Warning> = parsed.placed.iter().map(Placed::warning).collect();
    let (problems, notes) = report
        .warnings
        .iter()
        .filter(|w| !placements.contains(w))
        .cloned()
        .partition(Warning::is_problem);
    let (compared, disagreements) = match &parsed.views {
        Some(views) if has_both(parsed) => {
            let (n, d) = cross_check(&views.json, &views.html, parsed.spec);
            (Some(n), d)
        }
        _ => (None, Vec::new()),
    };
    Inspection {
        generation: report.generation().as_str(),
        detected_by: report.source.detected_by.clone(),
        entries: parsed.entries.clone(),
        problems,
        notes,
        placed: parsed.placed.clone(),
        compared,
        disagreements,
    }
}

/// Whether the report has both JSON and HTML to compare.
fn has_both(parsed: &Parsed) -> bool {
    let read = |html: bool| {
        parsed
            .entries
            .iter()
            .any(|e| matches!(e.role, Use::Read(r) if r.is_html() == html && e.name.exact().ends_with(if html { ".html" } else { ".json" })))
    };
    read(false) && read(true)
}

/// Whether a value is absent or an empty list: what an omitted JSON key and an empty HTML
/// row both mean.
fn is_empty(leaf: &Leaf<'_>) -> bool {
    match leaf {
        Leaf::Phones(Some(v)) => v.is_empty(),
        Leaf::Groups(Some(v)) => v.is_empty(),
        Leaf::Contacts(Some(c)) => c.is_empty(),
        Leaf::Status(Some(s)) => {
            s.mode.is_none() && s.except.is_empty() && s.only_share_with.is_empty()
        }
        Leaf::Sessions(Some(s)) => s.is_empty(),
        other => other.is_none(),
    }
}

/// Compares two views of a report: how many fields both carry, and which disagree.
pub fn cross_check(json: &Report, html: &Report, spec: &Spec) -> (usize, Vec<Disagreement>) {
    let minutes = !spec.html_seconds;
    let html_leaves: BTreeMap<Field, Leaf<'_>> = html.leaves().into_iter().collect();
    let mut compared = 0;
    let mut out = Vec::new();
    // Devices only one side lists, the JSON's first.
    for d in json.devices.iter().chain(&html.devices) {
        let field = Field {
            device: Some(d.id),
            def: crate::model::Device::WHOLE,
        };
        let (j, h) = (json.device(d.id).is_some(), html.device(d.id).is_some());
        if j != h && !spec.json_lacks(&field) {
            let side = |listed| {
                if listed {
                    Shown::Device
                } else {
                    Shown::Nothing
                }
            };
            out.push(Disagreement {
                field,
                json: side(j),
                html: side(h),
            });
        }
    }
    for (field, j) in json.leaves() {
        // Payments are read once, from their own folder, not per view.
        if field.def.kind == LeafKind::Payments {
            continue;
        }
        let Some(h) = html_leaves.get(&field) else {
            continue;
        };
        let disagree = match (is_empty(&j), is_empty(h)) {
            (true, true) => false,
            (true, false) => !spec.json_lacks(&field),
            (false, true) => true,
            (false, false) => {
                compared += 1;
                !agree(&j, h, minutes)
            }
        };
        if disagree {
            out.push(Disagreement {
                field,
                json: shown(&j),
                html: shown(h),
            });
        }
    }
    (compared, out)
}

fn same_sessions(a: &[SyncSession], b: &[SyncSession], minutes: bool) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.id == y.id
                && x.state_collections == y.state_collections
                && match (x.account_registered_at, y.account_registered_at) {
                    (Some(p), Some(q)) => same_time(p, q, minutes),
                    (p, q) => p == q,
                }
        })
}

fn agree(json: &Leaf<'_>, html: &Leaf<'_>, minutes: bool) -> bool {
    match (json, html) {
        (Leaf::Time(Some(j)), Leaf::Time(Some(h))) => same_time(*j, *h, minutes),
        (Leaf::Sessions(Some(j)), Leaf::Sessions(Some(h))) => same_sessions(j, h, minutes),
        (Leaf::Contacts(Some(j)), Leaf::Contacts(Some(h))) => match (j, h) {
            (Contacts::Kept(a), Contacts::Kept(b)) => a == b,
            (a, b) => a.len() == b.len(),
        },
        (a, b) => a == b,
    }
}

/// One side, for people and JSON.
fn shown(leaf: &Leaf<'_>) -> Shown {
    if let Some(value) = Val::of(*leaf) {
        return value.map_or(Shown::Nothing, Shown::Value);
    }
    let list = |n: Option<usize>| n.map_or(Shown::Nothing, Shown::List);
    match leaf {
        Leaf::Phones(l) => list(l.as_ref().map(Vec::len)),
        Leaf::Groups(l) => list(l.as_ref().map(Vec::len)),
        Leaf::Contacts(l) => list(l.as_ref().map(Contacts::len)),
        Leaf::Sessions(l) => list(l.as_ref().map(Vec::len)),
        Leaf::Status(Some(s)) => match &s.mode {
            Some(mode) => Shown::Value(Val::Vis(mode.clone())),
            None => Shown::List(s.except.len() + s.only_share_with.len()),
        },
        _ => Shown::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Generation, Visibility};
    use crate::spec::spec;
    use crate::text::{Email, Text};

    #[test]
    fn minute_precision_agrees_but_a_changed_value_does_not() {
        let mut json = Report::empty(Generation::B);
        json.generated_at = Some("2022-08-11T03:11:20Z".parse().unwrap());
        json.privacy.last_seen = Some(Visibility::Everyone);
        json.device_mut(2).status = Some(Text::new("INACTIVE"));
        let mut html = json.clone();
        html.generated_at = Some("2022-08-11T03:11:00Z".parse().unwrap());
        let b = spec(Generation::B);
        let (n, d) = cross_check(&json, &html, b);
        assert!(d.is_empty(), "{d:?}");
        assert!(n >= 3, "{n}");

        html.privacy.last_seen = Some(Visibility::Nobody);
        html.device_mut(2).status = Some(Text::new("OFFLINE"));
        html.generated_at = Some("2022-08-11T03:12:00Z".parse().unwrap());
        let (_, d) = cross_check(&json, &html, b);
        let fields: Vec<String> = d.iter().map(|x| x.field.key()).collect();
        assert_eq!(
            fields,
            [
                "report.generated_at",
                "devices.2.status",
                "privacy.last_seen",
            ]
        );
        assert_eq!(d[2].json, Shown::Value(Val::Vis(Visibility::Everyone)));
        assert_eq!(d[2].html, Shown::Value(Val::Vis(Visibility::Nobody)));
    }

    #[test]
    fn a_value_only_one_side_carries_disagrees_unless_the_json_never_carries_it() {
        let b = spec(Generation::B);
        let mut json = Report::empty(Generation::B);
        json.account.email = Some(Email::new("a@example.com"));
        json.device_mut(0);
        let mut html = Report::empty(Generation::B);
        html.device_mut(0).mcc = Some(Text::new("204"));
        html.device_mut(1);
        let (_, d) = cross_check(&json, &html, b);
        let fields: Vec<String> = d.iter().map(|x| x.field.key()).collect();
        assert_eq!(fields, ["devices.1", "account.email"]);
    }

    #[test]
    fn an_omitted_json_list_agrees_with_an_empty_html_row() {
        let b = spec(Generation::B);
        let json = Report::empty(Generation::B);
        let mut html = Report::empty(Generation::B);
        html.blocked = Some(Vec::new());
        html.privacy.status = Some(Default::default());
        let (_, d) = cross_check(&json, &html, b);
        assert!(d.is_empty(), "{d:?}");
    }
}
