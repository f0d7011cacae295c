//! The tables of an export, as data: every form (SQLite, CSV, NDJSON with `--split`) has
//! these tables with these columns, in this order. The columns of the model's fields come
//! from the model's table ([`crate::model::fields`]: each field names its export table and
//! columns); the rest (keys, positions, findings, warnings) are declared here. The SQLite
//! schema is generated from here, and so are the manual page's description of it and the
//! JSON Schema `wareport schema export` prints.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::model::{ExportTable, FieldDef, LeafKind, fields};

/// How a column's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Int,
    /// SQLite 0/1, CSV `true`/`false`, JSON `true`/`false`.
    Bool,
    Text,
    /// ISO 8601 in UTC, whole seconds: `2022-08-11T03:11:20Z`.
    Time,
    /// A JSON document as text (a JSON value in NDJSON).
    Json,
}

impl Ty {
    /// The SQLite declaration. SQLite has no boolean or time type; the declared names say
    /// what the column holds to the tools that read them (DuckDB's `sqlite_scan` reads a
    /// `TIMESTAMP` column as timestamps, Datasette and pandas read the names). Both have
    /// NUMERIC affinity, which keeps 0/1 as integers and ISO text as text.
    fn sql(self) -> &'static str {
        match self {
            Ty::Int => "INTEGER",
            Ty::Bool => "BOOLEAN",
            Ty::Time => "TIMESTAMP",
            Ty::Text | Ty::Json => "TEXT",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Ty::Int => "integer",
            Ty::Bool => "boolean",
            Ty::Text => "text",
            Ty::Time => "time",
            Ty::Json => "JSON",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: Ty,
    /// The SQLite declaration when it is more than the type.
    pub sql: Option<&'static str>,
    pub doc: Cow<'static, str>,
}

const fn col(name: &'static str, ty: Ty, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        sql: None,
        doc: Cow::Borrowed(doc),
    }
}

/// A column whose SQLite declaration is more than its type.
const fn keyed(name: &'static str, ty: Ty, sql: &'static str, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        sql: Some(sql),
        doc: Cow::Borrowed(doc),
    }
}

/// A table's own columns around those the model's fields give it (their declarations'
/// export columns, in walk order).
fn with_fields(head: Vec<Column>, table: ExportTable, tail: Vec<Column>) -> Vec<Column> {
    let fields = fields().iter().filter_map(|d| match d.meta.export {
        Some((t, columns)) if t == table => Some((d, columns)),
        _ => None,
    });
    let mut out = head;
    for (d, columns) in fields {
        for (i, &name) in columns.iter().enumerate() {
            let (ty, doc) = column_of(d, i);
            let doc = if d.meta.personal && columns.len() == 1 {
                Cow::Owned(format!("{doc}; empty with `--counts-only`"))
            } else {
                Cow::Borrowed(doc)
            };
            out.push(Column {
                name,
                ty,
                sql: None,
                doc,
            });
        }
    }
    out.extend(tail);
    out
}

/// The type and meaning of a field's `i`th export column: its value, or for a list (and
/// the status privacy) what is counted.
pub fn column_of(d: &FieldDef, i: usize) -> (Ty, &'static str) {
    let counted = |what| (Ty::Int, what);
    match (d.kind, i) {
        (LeafKind::Contacts, _) => {
            counted("how many contacts; NULL when the report has no contacts file")
        }
        (LeafKind::Groups, 0) => counted(
            "how many groups, a name listed twice counted twice; NULL when the report has no groups file",
        ),
        (LeafKind::Groups, _) => counted("how many distinct group names"),
        (LeafKind::Phones, _) => counted(
            "how many numbers are blocked; NULL when the report says nothing about blocking",
        ),
        (LeafKind::Status, 0) => (
            Ty::Text,
            "who sees your status: the mode marked active; NULL when the report says nothing",
        ),
        (LeafKind::Status, 1) => counted("how many numbers the except list holds"),
        (LeafKind::Status, _) => counted("how many numbers the only-share-with list holds"),
        (LeafKind::Time, _) => (Ty::Time, d.doc),
        (LeafKind::Flag, _) => (Ty::Bool, d.doc),
        (LeafKind::Port | LeafKind::Size, _) => (Ty::Int, d.doc),
        _ => (Ty::Text, d.doc),
    }
}

const REPORT_ID: Column = keyed(
    "report_id",
    Ty::Int,
    "INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE",
    "the report (`reports.id`)",
);

const POSITION: Column = col("position", Ty::Int, "1, 2, … in report order");

const PHONE_NUMBER: Column = col("phone_number", Ty::Text, "E.164");

/// The tables, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    Reports,
    Devices,
    Contacts,
    Groups,
    Blocked,
    Privacy,
    StatusExceptions,
    Terms,
    SyncSessions,
    Findings,
    Warnings,
    Failures,
}

pub struct Def {
    pub name: &'static str,
    /// What a person sees above the table (a consent form's heading).
    pub title: &'static str,
    pub doc: &'static str,
    pub columns: Vec<Column>,
    /// The SQLite primary key, when not a column's own. A table with one is clustered by
    /// it (`WITHOUT ROWID`): every such key starts with `report_id`, so the writer,
    /// numbering reports in order, only ever appends to the table.
    pub primary_key: Option<&'static str>,
    /// Indexes beyond the keys: column lists. A large run drops them and builds them again
    /// at its end ([`sqlite_indexes`]), which costs less than keeping them in order row by
    /// row.
    pub indexes: &'static [&'static str],
    /// A list of the report's items: left empty by `--counts-only`.
    pub list: bool,
}

impl Table {
    pub const ALL: [Table; 12] = [
        Table::Reports,
        Table::Devices,
        Table::Contacts,
        Table::Groups,
        Table::Blocked,
        Table::Privacy,
        Table::StatusExceptions,
        Table::Terms,
        Table::SyncSessions,
        Table::Findings,
        Table::Warnings,
        Table::Failures,
    ];

    pub fn def(self) -> &'static Def {
        &DEFS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }
}

static DEFS: LazyLock<Vec<Def>> = LazyLock::new(|| Table::ALL.map(def_of).into());

fn def_of(table: Table) -> Def {
    match table {
        Table::Reports => Def {
            name: "reports",
            title: "The report",
            doc: "One row per report.",
            columns: with_fields(
                vec![
                    keyed(
                        "id",
                        Ty::Int,
                        "INTEGER PRIMARY KEY",
                        "the report's number in this output, what `report_id` refers to",
                    ),
                    keyed(
                        "key",
                        Ty::Text,
                        "TEXT NOT NULL UNIQUE",
                        "SHA-256 of the report's entries, in hex (each entry's name below the report's folder and the SHA-256 of its bytes, in name order), so a ZIP and the folder it was extracted to are one report; `report:` and 26 letters with `--redact`",
                    ),
                    col(
                        "path",
                        Ty::Text,
                        "where the report was found; `file:` and ten letters with `--redact`; empty with `--counts-only`",
                    ),
                    col("generation", Ty::Text, "`A`, `B`, `B2` or `C`"),
                ],
                ExportTable::Reports,
                vec![
                    col("device_count", Ty::Int, "devices"),
                    col(
                        "warning_count",
                        Ty::Int,
                        "warnings: things not understood, or gaps filled",
                    ),
                ],
            ),
            primary_key: None,
            indexes: &["phone_number"],
            list: false,
        },
        Table::Devices => Def {
            name: "devices",
            title: "Devices",
            doc: "The phone (device 0) and linked devices of each report.",
            columns: with_fields(
                vec![REPORT_ID, col("device_id", Ty::Int, "0 is the phone")],
                ExportTable::Devices,
                vec![],
            ),
            primary_key: Some("report_id, device_id"),
            indexes: &[],
            list: true,
        },
        Table::Contacts => Def {
            name: "contacts",
            title: "Contacts",
            doc: "Contacts' numbers, in report order, duplicates kept.",
            columns: vec![
                REPORT_ID,
                POSITION,
                PHONE_NUMBER,
                col(
                    "calling_code",
                    Ty::Text,
                    "the number's country calling code, digits only (`44`); NULL when it is not in E.164 form, or redacted without `--keep-country`",
                ),
            ],
            primary_key: Some("report_id, position"),
            indexes: &["phone_number"],
            list: true,
        },
        Table::Groups => Def {
            name: "groups",
            title: "Groups",
            doc: "Group names, in report order, duplicates and spaces kept.",
            columns: vec![
                REPORT_ID,
                POSITION,
                col("name", Ty::Text, "the group's name"),
            ],
            primary_key: Some("report_id, position"),
            indexes: &[],
            list: true,
        },
        Table::Blocked => Def {
            name: "blocked",
            title: "Blocked numbers",
            doc: "Blocked numbers, in report order.",
            columns: vec![REPORT_ID, POSITION, PHONE_NUMBER],
            primary_key: Some("report_id, position"),
            indexes: &["phone_number"],
            list: true,
        },
        Table::Privacy => Def {
            name: "privacy",
            title: "Privacy settings",
            doc: "One row per report: who sees what. Visibilities are `everyone`, `my_contacts`, `my_contacts_except`, `only_share_with`, `nobody`, or a value the report gave verbatim.",
            columns: with_fields(vec![REPORT_ID], ExportTable::Privacy, vec![]),
            primary_key: Some("report_id"),
            indexes: &[],
            list: false,
        },
        Table::StatusExceptions => Def {
            name: "status_exceptions",
            title: "Status exceptions",
            doc: "The numbers on the two status lists.",
            columns: vec![
                REPORT_ID,
                col("list", Ty::Text, "`except` or `only_share_with`"),
                POSITION,
                PHONE_NUMBER,
            ],
            primary_key: Some("report_id, list, position"),
            indexes: &["phone_number"],
            list: true,
        },
        Table::Terms => Def {
            name: "terms",
            title: "Terms accepted",
            doc: "One row per report: the terms accepted, and the 2016 Facebook data-sharing opt-out.",
            columns: with_fields(vec![REPORT_ID], ExportTable::Terms, vec![]),
            primary_key: Some("report_id"),
            indexes: &[],
            list: false,
        },
        Table::SyncSessions => Def {
            name: "sync_sessions",
            title: "Sync sessions",
            doc: "Device sync sessions.",
            columns: vec![
                REPORT_ID,
                POSITION,
                col("session_id", Ty::Text, "the session's id"),
                col(
                    "account_registered_at",
                    Ty::Time,
                    "the account registration time it gives",
                ),
                col(
                    "state_collections",
                    Ty::Json,
                    "its state collections, a JSON array of strings",
                ),
            ],
            primary_key: Some("report_id, position"),
            indexes: &[],
            list: true,
        },
        Table::Findings => Def {
            name: "findings",
            title: "Findings",
            doc: "The audit of each report (`wareport audit`, default thresholds), most severe first.",
            columns: vec![
                REPORT_ID,
                POSITION,
                col(
                    "finding_id",
                    Ty::Text,
                    "the finding's stable id (`last_seen_public`, …: the manual page's AUDIT FINDINGS)",
                ),
                col("severity", Ty::Text, "`high`, `medium`, `low` or `info`"),
                col("title", Ty::Text, "one line"),
                col("detail", Ty::Text, "what it means and what to do"),
                col(
                    "change_in",
                    Ty::Text,
                    "where the setting is changed in WhatsApp (`Settings → Privacy → Status`); NULL when nothing in WhatsApp changes it",
                ),
                col(
                    "action_where",
                    Ty::Text,
                    "where to act on it: a WhatsApp menu path, a page to write to, or the report file",
                ),
                col("action_changes", Ty::Text, "what acting there changes"),
                col(
                    "evidence",
                    Ty::Json,
                    "the fields and values it rests on, a JSON object keyed so a query names a key without quoting (`privacy_last_seen`, `devices_2_current_ip`: the field's path, `_` for `.`); NULL with `--counts-only`",
                ),
            ],
            primary_key: Some("report_id, position"),
            indexes: &["finding_id"],
            list: false,
        },
        Table::Warnings => Def {
            name: "warnings",
            title: "What could not be read",
            doc: "What was not understood in each report, and the gaps filled another way.",
            columns: vec![
                REPORT_ID,
                POSITION,
                col(
                    "kind",
                    Ty::Text,
                    "`unknown`, `invalid`, `missing` or `fallback`",
                ),
                col("file", Ty::Text, "the entry concerned"),
                col(
                    "at",
                    Ty::Text,
                    "the key path or label; empty for the whole file",
                ),
                col("message", Ty::Text, "what happened"),
                col(
                    "text",
                    Ty::Text,
                    "the whole warning, as `show --json` writes it",
                ),
            ],
            primary_key: Some("report_id, position"),
            indexes: &[],
            list: true,
        },
        Table::Failures => Def {
            name: "failures",
            title: "Inputs that could not be read",
            doc: "Inputs that could not be read. A later run that reads the path removes its row.",
            columns: vec![
                keyed(
                    "path",
                    Ty::Text,
                    "TEXT PRIMARY KEY",
                    "the input; `file:…` with `--redact`",
                ),
                col(
                    "key",
                    Ty::Text,
                    "its content hash, when it could be read at all",
                ),
                col(
                    "error",
                    Ty::Text,
                    "why; with `--redact` only the kind of error and documented entry names",
                ),
            ],
            primary_key: None,
            indexes: &[],
            list: false,
        },
    }
}

/// The SQLite statements that create the tables and the `summary` view (each `IF NOT
/// EXISTS`); the secondary indexes are [`sqlite_indexes`], which the writer builds.
pub fn sqlite_ddl() -> String {
    let mut out = String::new();
    for t in Table::ALL {
        let d = t.def();
        let cols: Vec<String> = d
            .columns
            .iter()
            .map(|c| format!("  {} {}", c.name, c.sql.unwrap_or(c.ty.sql())))
            .collect();
        let mut body = cols.join(",\n");
        if let Some(pk) = d.primary_key {
            body.push_str(&format!(",\n  PRIMARY KEY ({pk})"));
        }
        let without = if d.primary_key.is_some() {
            " WITHOUT ROWID"
        } else {
            ""
        };
        out.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {} (\n{body}\n){without};\n",
            d.name
        ));
    }
    out.push_str(SUMMARY_VIEW);
    out
}

/// A secondary index of the SQLite database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    /// `CREATE INDEX IF NOT EXISTS …;`
    pub create: String,
}

/// Every table's [`Def::indexes`], named `{table}_{columns}`.
pub fn sqlite_indexes() -> Vec<Index> {
    let mut out = Vec::new();
    for t in Table::ALL {
        let d = t.def();
        for cols in d.indexes {
            let name = format!("{}_{}", d.name, cols.replace(", ", "_"));
            let create = format!("CREATE INDEX IF NOT EXISTS {name} ON {} ({cols});", d.name);
            out.push(Index { name, create });
        }
    }
    out
}

/// One row per report: who, when, how much, and the settings that matter most.
pub const SUMMARY_VIEW: &str = "CREATE VIEW IF NOT EXISTS summary AS
SELECT r.id AS report_id, r.key, r.path, r.generation, r.phone_number, r.generated_at,
  r.contact_count, r.group_count, r.blocked_count, r.device_count,
  p.last_seen, p.profile_photo, p.about, p.status_mode, p.read_receipts,
  t.tos_2016_accepted, t.data_sharing_opted_out, t.tos_2021_accepted,
  (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS finding_count,
  (SELECT count(*) FROM findings f WHERE f.report_id = r.id
     AND f.severity IN ('high', 'medium')) AS serious_finding_count,
  r.warning_count
FROM reports r
LEFT JOIN privacy p ON p.report_id = r.id
LEFT JOIN terms t ON t.report_id = r.id;
";

/// The tables as a JSON Schema (`wareport schema export`): the export as one object of
/// tables, each a list of rows typed as NDJSON with `--split` writes them (CSV and SQLite
/// hold the same columns; see [`Ty`]). Each table's row is also under `$defs`.
pub fn json_schema() -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let mut defs = Map::new();
    let mut props = Map::new();
    for t in Table::ALL {
        let d = t.def();
        let columns: Map<String, Value> = d
            .columns
            .iter()
            .map(|c| {
                let (ty, format) = match c.ty {
                    Ty::Int => (json!(["integer", "null"]), None),
                    Ty::Bool => (json!(["boolean", "null"]), None),
                    Ty::Text => (json!(["string", "null"]), None),
                    Ty::Time => (json!(["string", "null"]), Some("date-time")),
                    Ty::Json => (Value::Null, None),
                };
                let mut col = json!({ "description": c.doc });
                if !ty.is_null() {
                    col["type"] = ty;
                }
                if let Some(f) = format {
                    col["format"] = json!(f);
                }
                (c.name.to_string(), col)
            })
            .collect();
        let names: Vec<&str> = d.columns.iter().map(|c| c.name).collect();
        defs.insert(
            d.name.into(),
            json!({ "title": d.title, "description": d.doc, "type": "object",
                    "properties": columns, "required": names, "additionalProperties": false }),
        );
        props.insert(
            d.name.into(),
            json!({ "type": "array", "items": { "$ref": format!("#/$defs/{}", d.name) } }),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "wareport export",
        "description": "The tables of `wareport export`, one list of rows each, as NDJSON with `--split` writes them; CSV and SQLite hold the same columns (SQLite: times as ISO 8601 text, booleans 0 and 1).",
        "type": "object",
        "properties": props,
        "$defs": defs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_listed_in_order_of_their_enum() {
        for (i, t) in Table::ALL.into_iter().enumerate() {
            assert_eq!(t as usize, i);
            assert_eq!(t.def().name, def_of(t).name);
        }
    }

    #[test]
    fn column_names_are_snake_case_and_unique_per_table() {
        for t in Table::ALL {
            let d = t.def();
            let mut names: Vec<&str> = d.columns.iter().map(|c| c.name).collect();
            for n in &names {
                assert!(
                    n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}.{n}",
                    d.name
                );
            }
            names.sort();
            names.dedup();
            assert_eq!(names.len(), d.columns.len(), "{}", d.name);
        }
    }
}
