//! The tables of an export, as data: every form (SQLite, CSV, NDJSON with `--split`) has
//! these tables with these columns, in this order. The SQLite schema is generated from
//! here, and so is the README's description of it (a test keeps the two equal).

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
    fn sql(self) -> &'static str {
        match self {
            Ty::Int | Ty::Bool => "INTEGER",
            Ty::Text | Ty::Time | Ty::Json => "TEXT",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Ty::Int => "integer",
            Ty::Bool => "boolean",
            Ty::Text => "text",
            Ty::Time => "time",
            Ty::Json => "JSON",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: Ty,
    /// The SQLite declaration when it is more than the type.
    pub sql: Option<&'static str>,
    pub doc: &'static str,
}

const fn col(name: &'static str, ty: Ty, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        sql: None,
        doc,
    }
}

const REPORT_ID: Column = Column {
    name: "report_id",
    ty: Ty::Int,
    sql: Some("INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE"),
    doc: "the report (`reports.id`)",
};

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
    pub table: Table,
    pub name: &'static str,
    /// What a person sees above the table (a consent form's heading).
    pub title: &'static str,
    pub doc: &'static str,
    pub columns: &'static [Column],
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

static DEFS: [Def; 12] = [
    Def {
        table: Table::Reports,
        name: "reports",
        title: "The report",
        doc: "One row per report.",
        columns: &[
            Column {
                name: "id",
                ty: Ty::Int,
                sql: Some("INTEGER PRIMARY KEY"),
                doc: "the report's number in this output, what `report_id` refers to",
            },
            Column {
                name: "key",
                ty: Ty::Text,
                sql: Some("TEXT NOT NULL UNIQUE"),
                doc: "SHA-256 of the report's entries, in hex (each entry's name below the report's folder and the SHA-256 of its bytes, in name order), so a ZIP and the folder it was extracted to are one report; `report:` and 26 letters with `--redact`",
            },
            col(
                "path",
                Ty::Text,
                "where the report was found; `file:` and ten letters with `--redact`; empty with `--counts-only`",
            ),
            col("generation", Ty::Text, "`A`, `B`, `B2` or `C`"),
            col(
                "phone_number",
                Ty::Text,
                "the account's number, E.164 (`+15555550123`); empty with `--counts-only`",
            ),
            col("requested_at", Ty::Time, "when the report was requested"),
            col("generated_at", Ty::Time, "when WhatsApp generated it"),
            col("name", Ty::Text, "the account's name"),
            col("email", Ty::Text, "the email address on file"),
            col("about", Ty::Text, "the About text"),
            col("about_set_at", Ty::Time, "when the About text was set"),
            col(
                "about_expires_at",
                Ty::Time,
                "when a timed About expires (gen C)",
            ),
            col(
                "profile_picture_present",
                Ty::Bool,
                "whether the report holds a profile picture or its upload time",
            ),
            col(
                "profile_picture_uploaded_at",
                Ty::Time,
                "when the picture was uploaded",
            ),
            col(
                "profile_picture_size_bytes",
                Ty::Int,
                "the picture's size, when the report carries it",
            ),
            col(
                "registration_platform",
                Ty::Text,
                "`android`, `iphone`, … at registration",
            ),
            col(
                "registration_app_version",
                Ty::Text,
                "the app version at registration",
            ),
            col(
                "registration_network_code",
                Ty::Text,
                "mobile country and network code (MCC+MNC)",
            ),
            col("registration_network_name", Ty::Text, "the carrier's name"),
            col("registration_device", Ty::Text, "the phone model"),
            col("registered_at", Ty::Time, "when the account was registered"),
            col(
                "blocked_updated_at",
                Ty::Time,
                "when the blocked list last changed",
            ),
            col(
                "web_desktop_platform",
                Ty::Text,
                "the legacy Web/Desktop session's platform",
            ),
            col("web_desktop_state", Ty::Text, "its state"),
            col("web_desktop_version", Ty::Text, "its version"),
            col("web_desktop_connected_since", Ty::Time, "connected since"),
            col("web_desktop_inactive_since", Ty::Time, "inactive since"),
            col(
                "sync_current_session_id",
                Ty::Text,
                "the current sync session's id",
            ),
            col(
                "sync_current_session_registered_at",
                Ty::Time,
                "when it was registered",
            ),
            col("payments", Ty::Text, "`absent`, `no_data` or `present`"),
            col(
                "contact_count",
                Ty::Int,
                "contacts' numbers held; NULL when the report has no contacts file",
            ),
            col(
                "group_count",
                Ty::Int,
                "groups; NULL when the report has no groups file",
            ),
            col("distinct_group_count", Ty::Int, "distinct group names"),
            col(
                "blocked_count",
                Ty::Int,
                "blocked numbers; NULL when the report says nothing about blocking",
            ),
            col("device_count", Ty::Int, "devices"),
            col(
                "warning_count",
                Ty::Int,
                "warnings: things not understood, or gaps filled",
            ),
        ],
        primary_key: None,
        indexes: &["phone_number"],
        list: false,
    },
    Def {
        table: Table::Devices,
        name: "devices",
        title: "Devices",
        doc: "The phone (device 0) and linked devices of each report.",
        columns: &[
            REPORT_ID,
            col("device_id", Ty::Int, "0 is the phone"),
            col("status", Ty::Text, "`OFFLINE`, `INACTIVE`, … as given"),
            col("last_active_at", Ty::Time, "last active"),
            col("online_since", Ty::Time, "online since"),
            col(
                "previous_ip",
                Ty::Text,
                "the previous IP address, as WhatsApp cut it (`2001:db8:12::`)",
            ),
            col("current_ip", Ty::Text, "the current IP address"),
            col("current_port", Ty::Int, "its port"),
            col(
                "app_version",
                Ty::Text,
                "`Android-2.22.16.75`, `Web-2.2228.12`",
            ),
            col("os_version", Ty::Text, "operating system version"),
            col("manufacturer", Ty::Text, "manufacturer"),
            col("model", Ty::Text, "model"),
            col(
                "settings_last_fetch_at",
                Ty::Time,
                "when it last fetched its settings",
            ),
            col(
                "last_notification_dropped_at",
                Ty::Time,
                "when it last dropped a notification",
            ),
            col("last_clean_at", Ty::Time, "last clean (HTML only)"),
            col("mcc", Ty::Text, "mobile country code (HTML only)"),
            col("mnc", Ty::Text, "mobile network code (HTML only)"),
            col("os_build", Ty::Text, "OS build (HTML only)"),
        ],
        primary_key: Some("report_id, device_id"),
        indexes: &[],
        list: true,
    },
    Def {
        table: Table::Contacts,
        name: "contacts",
        title: "Contacts",
        doc: "Contacts' numbers, in report order, duplicates kept.",
        columns: &[REPORT_ID, POSITION, PHONE_NUMBER],
        primary_key: Some("report_id, position"),
        indexes: &["phone_number"],
        list: true,
    },
    Def {
        table: Table::Groups,
        name: "groups",
        title: "Groups",
        doc: "Group names, in report order, duplicates and spaces kept.",
        columns: &[
            REPORT_ID,
            POSITION,
            col("name", Ty::Text, "the group's name"),
        ],
        primary_key: Some("report_id, position"),
        indexes: &[],
        list: true,
    },
    Def {
        table: Table::Blocked,
        name: "blocked",
        title: "Blocked numbers",
        doc: "Blocked numbers, in report order.",
        columns: &[REPORT_ID, POSITION, PHONE_NUMBER],
        primary_key: Some("report_id, position"),
        indexes: &["phone_number"],
        list: true,
    },
    Def {
        table: Table::Privacy,
        name: "privacy",
        title: "Privacy settings",
        doc: "One row per report: who sees what. Visibilities are `everyone`, `my_contacts`, `my_contacts_except`, `only_share_with`, `nobody`, or a value the report gave verbatim.",
        columns: &[
            REPORT_ID,
            col("last_seen", Ty::Text, "last seen and online"),
            col("profile_photo", Ty::Text, "profile photo"),
            col("about", Ty::Text, "About"),
            col(
                "status_mode",
                Ty::Text,
                "status; NULL when the report says nothing",
            ),
            col(
                "status_except_count",
                Ty::Int,
                "numbers on the status \"my contacts except\" list",
            ),
            col(
                "status_only_share_with_count",
                Ty::Int,
                "numbers on the status \"only share with\" list",
            ),
            col("read_receipts", Ty::Bool, "read receipts on"),
        ],
        primary_key: Some("report_id"),
        indexes: &[],
        list: false,
    },
    Def {
        table: Table::StatusExceptions,
        name: "status_exceptions",
        title: "Status exceptions",
        doc: "The numbers on the two status lists.",
        columns: &[
            REPORT_ID,
            col("list", Ty::Text, "`except` or `only_share_with`"),
            POSITION,
            PHONE_NUMBER,
        ],
        primary_key: Some("report_id, list, position"),
        indexes: &["phone_number"],
        list: true,
    },
    Def {
        table: Table::Terms,
        name: "terms",
        title: "Terms accepted",
        doc: "One row per report: the terms accepted, and the 2016 Facebook data-sharing opt-out.",
        columns: &[
            REPORT_ID,
            col("tos_2016_accepted", Ty::Bool, "2016 terms accepted"),
            col("tos_2016_accepted_at", Ty::Time, "when"),
            col(
                "data_sharing_opted_out",
                Ty::Bool,
                "opted out of sharing account data with Facebook (2016)",
            ),
            col("data_sharing_opt_out_at", Ty::Time, "when"),
            col("tos_2018_accepted", Ty::Bool, "2018 terms accepted"),
            col("tos_2018_accepted_at", Ty::Time, "when"),
            col("tos_2021_accepted", Ty::Bool, "2021 terms accepted"),
            col("tos_2021_accepted_at", Ty::Time, "when"),
        ],
        primary_key: Some("report_id"),
        indexes: &[],
        list: false,
    },
    Def {
        table: Table::SyncSessions,
        name: "sync_sessions",
        title: "Sync sessions",
        doc: "Device sync sessions.",
        columns: &[
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
    Def {
        table: Table::Findings,
        name: "findings",
        title: "Findings",
        doc: "The audit of each report (`wareport audit`, default thresholds), most severe first.",
        columns: &[
            REPORT_ID,
            POSITION,
            col(
                "finding_id",
                Ty::Text,
                "the finding's stable id (`last_seen_public`, …; README, audit)",
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
                "evidence",
                Ty::Json,
                "the fields and values it rests on, a JSON object; NULL with `--counts-only`",
            ),
        ],
        primary_key: Some("report_id, position"),
        indexes: &["finding_id"],
        list: false,
    },
    Def {
        table: Table::Warnings,
        name: "warnings",
        title: "What could not be read",
        doc: "What was not understood in each report, and the gaps filled another way.",
        columns: &[
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
    Def {
        table: Table::Failures,
        name: "failures",
        title: "Inputs that could not be read",
        doc: "Inputs that could not be read. A later run that reads the path removes its row.",
        columns: &[
            Column {
                name: "path",
                ty: Ty::Text,
                sql: Some("TEXT PRIMARY KEY"),
                doc: "the input; `file:…` with `--redact`",
            },
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
];

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

/// The schema in Markdown, as the README shows it.
pub fn markdown() -> String {
    let mut out = String::new();
    for t in Table::ALL {
        let d = t.def();
        let list = if d.list {
            " Empty with `--counts-only`."
        } else {
            ""
        };
        out.push_str(&format!(
            "**`{}`**: {}{list}\n\n| column | type | meaning |\n|---|---|---|\n",
            d.name, d.doc
        ));
        for c in d.columns {
            out.push_str(&format!("| `{}` | {} | {} |\n", c.name, c.ty.word(), c.doc));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_listed_in_order_of_their_enum() {
        for (i, t) in Table::ALL.into_iter().enumerate() {
            assert_eq!(t as usize, i);
            assert_eq!(DEFS[i].table, t);
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
