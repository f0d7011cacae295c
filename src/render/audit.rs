//! `wareport audit`: findings for people, and `{"schema_version":1,"findings":[...]}`.

use serde::Serialize;

use super::Style;
use crate::audit::{Finding, Severity};
use crate::term::escape;

pub fn text(findings: &[Finding], style: &Style) -> String {
    if findings.is_empty() {
        return "No findings: nothing in this report calls for action.\n".into();
    }
    let mut out = String::new();
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&style.heading(&format!(
        "{} finding{}: {} high, {} medium, {} low, {} info",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info)
    )));
    out.push('\n');
    for f in findings {
        let tag = format!("{:<6}", f.severity.as_str().to_uppercase());
        let tag = if f.severity >= Severity::Medium {
            style.alert(&tag)
        } else {
            tag
        };
        out.push_str(&format!("\n{tag} {}  [{}]\n", escape(&f.title), f.id));
        out.push_str(&format!("       {}\n", f.detail));
        for (field, value) in &f.evidence {
            out.push_str(&format!("       · {}: {}\n", escape(field), escape(value)));
        }
    }
    out
}

#[derive(Serialize)]
struct FindingJson<'a> {
    id: &'a str,
    severity: &'static str,
    title: &'a str,
    detail: &'a str,
    evidence: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    findings: Vec<FindingJson<'a>>,
}

pub fn json(findings: &[Finding]) -> String {
    super::json::to_string(&Doc {
        schema_version: super::json::SCHEMA_VERSION,
        findings: findings
            .iter()
            .map(|f| FindingJson {
                id: f.id,
                severity: f.severity.as_str(),
                title: &f.title,
                detail: &f.detail,
                evidence: f
                    .evidence
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect(),
            })
            .collect(),
    })
}
