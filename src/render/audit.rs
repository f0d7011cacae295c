//! `wareport audit` for people: findings, most severe first, each with where to act and
//! its evidence in words, times in the chosen time zone like every other time.

use super::{Style, opt_val};
use crate::audit::{Evidence, Severity};
use crate::view::AuditView;

pub fn text(v: &AuditView<'_>, style: &Style) -> String {
    let findings = v.findings;
    if findings.is_empty() {
        return "No findings: nothing in this report calls for action.\n".into();
    }
    let mut out = String::new();
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&style.heading(&style.wrap(
        &format!(
            "{} finding{}: {} high, {} medium, {} low, {} info",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" },
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low),
            count(Severity::Info)
        ),
        "",
        "",
    )));
    out.push('\n');
    for f in findings {
        let tag = format!("{:<6}", f.severity.as_str().to_uppercase());
        let tag = if f.severity >= Severity::Medium {
            style.alert(&tag)
        } else {
            tag
        };
        let title = style.wrap(
            &format!("{}  [{}]", f.title, f.id),
            &format!("{tag} "),
            "       ",
        );
        out.push_str(&format!("\n{title}\n"));
        out.push_str(&style.wrap(f.detail, "       ", "       "));
        out.push('\n');
        let act = format!("{} — {}", f.action.place, f.action.changes);
        out.push_str(&style.wrap(&act, "       → ", "         "));
        out.push('\n');
        for (field, value) in &f.evidence {
            let value = match value {
                Evidence::Value(v) => opt_val(v.as_ref(), style),
                Evidence::Count(n) => n.to_string(),
                Evidence::Note(w) => w.to_string(),
            };
            let line = format!(
                "{}: {}",
                crate::audit::evidence_label(field),
                style.cell(value)
            );
            out.push_str(&style.wrap(&line, "       · ", "         "));
            out.push('\n');
        }
    }
    style.push_cut_note(&mut out);
    out
}
