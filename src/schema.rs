//! `wareport schema`: the JSON Schema of each command's `--json` output, generated from the
//! view types that serialise it ([`crate::view`]), and of `export`'s tables
//! ([`crate::tables::schema`]).

use crate::view::{AuditView, DiffView, InspectView, SCHEMA_VERSION, Show, Summary, TimelineView};

/// The commands whose JSON output has a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    Show,
    Summary,
    Diff,
    Timeline,
    Audit,
    Inspect,
    /// `export`'s tables ([`crate::tables::schema::json_schema`]).
    Export,
}

impl Document {
    pub const ALL: [Document; 7] = [
        Document::Show,
        Document::Summary,
        Document::Diff,
        Document::Timeline,
        Document::Audit,
        Document::Inspect,
        Document::Export,
    ];

    /// The command's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Document::Show => "show",
            Document::Summary => "summary",
            Document::Diff => "diff",
            Document::Timeline => "timeline",
            Document::Audit => "audit",
            Document::Inspect => "inspect",
            Document::Export => "export",
        }
    }
}

/// The JSON Schema of a command's `--json` output, generated from the types that serialise
/// it; for `export`, of its tables.
pub fn schema(doc: Document) -> schemars::Schema {
    let mut schema = match doc {
        Document::Show => schemars::schema_for!(Show<'static>),
        Document::Summary => schemars::schema_for!(Summary<'static>),
        Document::Diff => schemars::schema_for!(DiffView<'static>),
        Document::Timeline => schemars::schema_for!(TimelineView<'static>),
        Document::Audit => schemars::schema_for!(AuditView<'static>),
        Document::Inspect => schemars::schema_for!(InspectView<'static>),
        // The export's tables are versioned with the export (`wareport_meta`), not here.
        Document::Export => {
            return schemars::Schema::try_from(crate::tables::schema::json_schema())
                .unwrap_or_default();
        }
    };
    schema.insert(
        "$id".into(),
        serde_json::Value::String(format!(
            "https://wareport.invalid/schema/{}/{SCHEMA_VERSION}",
            doc.as_str()
        )),
    );
    schema
}
