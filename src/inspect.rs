//! `inspect`: how well the tool understood a report. Pure: a [`Parsed`] report in, an
//! [`Inspection`] out.
//!
//! The cross-check compares the records read from the JSON alone with those read from the
//! HTML alone, field by field, wherever both carry a value. Both views go through the JSON
//! contract's document, so every field the contract has is compared without a list to keep
//! in step. Devices are matched by id; other lists of objects by position. A time the HTML
//! gives to the minute (its seconds are zero) agrees with a JSON time in the same minute.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde_json::Value;

use crate::model::{Report, Warning};
use crate::parse::{EntryUse, Parsed};
use crate::render::json::show;

/// A field whose JSON and HTML values differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// A path into the `show --json` document: `privacy.last_seen`, `devices[id=2].status`.
    pub field: String,
    pub json: String,
    pub html: String,
}

#[derive(Clone, Debug)]
pub struct Inspection {
    pub generation: &'static str,
    pub detected_by: String,
    /// Name, declared size, and how the entry was used.
    pub entries: Vec<(String, u64, EntryUse)>,
    /// Unknown keys, labels, files and values, and values of the wrong type.
    pub problems: Vec<Warning>,
    /// Gaps and how they were filled.
    pub notes: Vec<Warning>,
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
    let (problems, notes) = report
        .warnings
        .iter()
        .cloned()
        .partition(Warning::is_problem);
    let (compared, disagreements) = match &parsed.views {
        Some((json, html)) if has_both(parsed) => {
            let (n, d) = cross_check(json, html);
            (Some(n), d)
        }
        _ => (None, Vec::new()),
    };
    Inspection {
        generation: report.generation.as_str(),
        detected_by: report.detected_by.clone(),
        entries: parsed.entries.clone(),
        problems,
        notes,
        compared,
        disagreements,
    }
}

/// Whether the report has both JSON and HTML to compare.
fn has_both(parsed: &Parsed) -> bool {
    let read = |suffix: &str| {
        parsed
            .entries
            .iter()
            .any(|(name, _, role)| name.ends_with(suffix) && matches!(role, EntryUse::Read(_)))
    };
    read(".json") && read(".html")
}

/// Compares two views of a report: how many fields both carry, and which disagree.
pub fn cross_check(json: &Report, html: &Report) -> (usize, Vec<Disagreement>) {
    let flat = |r: &Report| {
        let doc: Value = serde_json::from_str(&show(r, &[])).unwrap_or(Value::Null);
        let mut out = BTreeMap::new();
        flatten("", &doc, &mut out);
        out
    };
    let (a, b) = (flat(json), flat(html));
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for (field, jv) in &a {
        let Some(hv) = b.get(field) else { continue };
        if jv.is_null() || hv.is_null() {
            continue;
        }
        compared += 1;
        if !agree(jv, hv) {
            disagreements.push(Disagreement {
                field: field.clone(),
                json: jv.to_string(),
                html: hv.to_string(),
            });
        }
    }
    (compared, disagreements)
}

/// Fields that describe the reading rather than the report.
const NOT_COMPARED: [&str; 5] = [
    "schema_version",
    "source",
    "warnings",
    "unrecognised",
    "payments",
];

fn flatten(path: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if path.is_empty() && NOT_COMPARED.contains(&key.as_str()) {
                    continue;
                }
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&p, v, out);
            }
        }
        Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let key = match item.get("id").and_then(Value::as_i64) {
                    Some(id) if path == "devices" => format!("{path}[id={id}]"),
                    _ => format!("{path}[{i}]"),
                };
                flatten(&key, item, out);
            }
        }
        leaf => {
            out.insert(path.to_string(), leaf.clone());
        }
    }
}

fn agree(json: &Value, html: &Value) -> bool {
    if json == html {
        return true;
    }
    let (Some(j), Some(h)) = (json.as_str(), html.as_str()) else {
        return false;
    };
    match (j.parse::<Timestamp>(), h.parse::<Timestamp>()) {
        (Ok(j), Ok(h)) => {
            h.as_second() % 60 == 0 && j.as_second() - j.as_second().rem_euclid(60) == h.as_second()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Generation, Visibility};

    #[test]
    fn minute_precision_agrees_but_a_changed_value_does_not() {
        let mut json = Report::empty(Generation::B);
        json.generated_at = Some("2022-08-11T03:11:20Z".parse().unwrap());
        json.privacy.last_seen = Some(Visibility::Everyone);
        json.device_mut(2).status = Some("INACTIVE".into());
        let mut html = json.clone();
        html.generated_at = Some("2022-08-11T03:11:00Z".parse().unwrap());
        let (n, d) = cross_check(&json, &html);
        assert!(d.is_empty(), "{d:?}");
        assert!(n >= 3, "{n}");

        html.privacy.last_seen = Some(Visibility::Nobody);
        html.device_mut(2).status = Some("OFFLINE".into());
        html.generated_at = Some("2022-08-11T03:12:00Z".parse().unwrap());
        let (_, d) = cross_check(&json, &html);
        let fields: Vec<&str> = d.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "devices[id=2].status",
                "privacy.last_seen",
                "report.generated_at"
            ]
        );
        assert_eq!(d[1].json, "\"everyone\"");
        assert_eq!(d[1].html, "\"nobody\"");
    }

    #[test]
    fn a_field_only_one_side_carries_is_not_compared() {
        let mut json = Report::empty(Generation::B);
        json.account.email = Some("a@example.com".into());
        let html = Report::empty(Generation::B);
        let (_, d) = cross_check(&json, &html);
        assert!(d.is_empty());
    }
}
