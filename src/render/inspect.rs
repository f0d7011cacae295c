//! `wareport inspect`: what was read, how, what was not understood, and where the JSON and
//! the HTML disagree.

use serde::Serialize;

use super::{Style, size};
use crate::inspect::Inspection;
use crate::term::escape;

pub fn text(i: &Inspection, style: &Style) -> String {
    let mut out = String::new();
    out.push_str(&style.heading(&format!("Generation {}", i.generation)));
    out.push_str(&format!("\n  detected from {}\n\n", escape(&i.detected_by)));

    out.push_str(&style.heading(&format!("Entries ({})", i.entries.len())));
    out.push('\n');
    let mut table = style.table();
    table.set_header(["Entry", "Size", "Use"]);
    for (name, bytes, role) in &i.entries {
        table.add_row([escape(name), size(*bytes), role.to_string()]);
    }
    out.push_str(&table.to_string());
    out.push_str("\n\n");

    if i.problems.is_empty() {
        out.push_str(&style.heading("Not understood: nothing"));
        out.push('\n');
    } else {
        out.push_str(&style.alert(&format!("Not understood ({})", i.problems.len())));
        out.push('\n');
        for w in &i.problems {
            out.push_str(&format!("  - {}\n", escape(&w.to_string())));
        }
    }
    if !i.notes.is_empty() {
        out.push_str(&style.heading(&format!(
            "\nGaps and how they were filled ({})",
            i.notes.len()
        )));
        out.push('\n');
        for w in &i.notes {
            out.push_str(&format!("  - {}\n", escape(&w.to_string())));
        }
    }
    out.push('\n');
    match i.compared {
        None => out.push_str(
            &style.heading("JSON against HTML: not compared (the report lacks one of the two)"),
        ),
        Some(n) => out.push_str(&style.heading(&format!(
            "JSON against HTML: {n} fields carried by both, {} disagree",
            i.disagreements.len()
        ))),
    }
    out.push('\n');
    if !i.disagreements.is_empty() {
        let mut table = style.table();
        table.set_header(["Field", "JSON", "HTML"]);
        for d in &i.disagreements {
            table.add_row([escape(&d.field), escape(&d.json), escape(&d.html)]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&if i.understood() {
        style.heading("The report was fully understood.")
    } else {
        style.alert("The report was not fully understood: see above.")
    });
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    size: u64,
    #[serde(rename = "use")]
    role: String,
}

#[derive(Serialize)]
struct Disagreement<'a> {
    field: &'a str,
    json: &'a str,
    html: &'a str,
}

#[derive(Serialize)]
struct CrossCheck<'a> {
    compared: Option<usize>,
    disagreements: Vec<Disagreement<'a>>,
}

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    generation: &'static str,
    detected_by: &'a str,
    understood: bool,
    entries: Vec<Entry<'a>>,
    unknown: Vec<String>,
    notes: Vec<String>,
    cross_check: CrossCheck<'a>,
}

pub fn json(i: &Inspection) -> String {
    let doc = Doc {
        schema_version: super::json::SCHEMA_VERSION,
        generation: i.generation,
        detected_by: &i.detected_by,
        understood: i.understood(),
        entries: i
            .entries
            .iter()
            .map(|(name, size, role)| Entry {
                name,
                size: *size,
                role: role.to_string(),
            })
            .collect(),
        unknown: i.problems.iter().map(ToString::to_string).collect(),
        notes: i.notes.iter().map(ToString::to_string).collect(),
        cross_check: CrossCheck {
            compared: i.compared,
            disagreements: i
                .disagreements
                .iter()
                .map(|d| Disagreement {
                    field: &d.field,
                    json: &d.json,
                    html: &d.html,
                })
                .collect(),
        },
    };
    super::json::to_string(&doc)
}
