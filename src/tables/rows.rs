//! A read report as rows of the export's tables ([`super::schema`]), borrowed from the model:
//! what the SQLite, CSV and split-NDJSON writers write.

use std::borrow::Cow;

use jiff::Timestamp;

use super::schema::Table;
use super::{Failure, Loaded};
use crate::model::{Contacts, ExportTable, FieldDef, Leaf, ProfilePicture, Report, Visibility};

/// One value of a row.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Cell<'a> {
    #[default]
    Null,
    Int(i64),
    Bool(bool),
    Text(Cow<'a, str>),
    /// A JSON document, as text.
    Json(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    fn opt_text(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Null, Cell::text)
    }

    fn time(t: Option<Timestamp>) -> Cell<'static> {
        t.map_or(Cell::Null, |t| Cell::Text(Cow::Owned(t.to_string())))
    }

    fn int(n: Option<usize>) -> Cell<'static> {
        n.map_or(Cell::Null, |n| Cell::Int(n as i64))
    }

    fn flag(b: Option<bool>) -> Cell<'static> {
        b.map_or(Cell::Null, Cell::Bool)
    }

    fn vis(v: Option<&'a Visibility>) -> Cell<'a> {
        Cell::opt_text(v.map(Visibility::exact))
    }

    /// The text a writer of text (CSV) gives the cell: empty for NULL.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Null => Cow::Borrowed(""),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Json(j) => Cow::Borrowed(j),
        }
    }
}

/// Receives the rows, table by table; a receiver may take the cells (leaving NULLs) to
/// keep them while the report is borrowed.
pub type Out<'o, 'l> = dyn FnMut(Table, &mut [Cell<'l>]) -> anyhow::Result<()> + 'o;

type Row<'a> = Vec<Cell<'a>>;

/// The first cell of every row: the report's number (`reports.id`, `report_id`), which
/// only the writer knows. `export`'s `Prepared::cells` fills it in.
const UNNUMBERED: Cell<'static> = Cell::Int(0);

/// Every row of one report, its number left to the writer ([`UNNUMBERED`]). With
/// `counts_only`, the list tables get no rows, nothing names the donor (every field marked
/// personal, and the report's path, is left out; lists keep their counts), and findings
/// carry no evidence.
///
/// The `reports`, `privacy`, `terms` and `devices` rows are the model's fields in walk
/// order, each as its declaration's export columns ([`cells_of`]), between the table's own
/// columns, so they agree with the schema by construction.
pub fn rows<'l>(l: &'l Loaded, counts_only: bool, out: &mut Out<'_, 'l>) -> anyhow::Result<()> {
    let r = &l.report;
    let mut report = vec![
        UNNUMBERED,
        Cell::text(&l.key),
        Cell::opt_text(keep(!counts_only, Some(l.path.as_str()))),
        Cell::text(r.generation().as_str()),
    ];
    let mut privacy = vec![UNNUMBERED];
    let mut terms = vec![UNNUMBERED];
    let mut devices: Vec<Row<'_>> = Vec::new();
    r.walk(&mut |field, leaf| {
        let Some((table, _)) = field.def.meta.export else {
            return;
        };
        let row = match table {
            ExportTable::Reports => &mut report,
            ExportTable::Privacy => &mut privacy,
            ExportTable::Terms => &mut terms,
            ExportTable::Devices => {
                let id = field.device.unwrap_or_default();
                if devices.last().is_none_or(|d| d[1] != Cell::Int(id)) {
                    devices.push(vec![UNNUMBERED, Cell::Int(id)]);
                }
                devices.last_mut().expect("a device's row")
            }
        };
        cells_of(field.def, leaf, counts_only, row);
    });
    report.extend([
        Cell::Int(r.devices.len() as i64),
        Cell::Int(r.warnings.len() as i64),
    ]);
    out(Table::Reports, &mut report)?;
    out(Table::Privacy, &mut privacy)?;
    out(Table::Terms, &mut terms)?;
    for (i, f) in l.findings.iter().enumerate() {
        let evidence = if counts_only {
            Cell::Null
        } else {
            Cell::Json(Cow::Owned(
                serde_json::to_string(&crate::view::EvidenceMap(&f.evidence, true))
                    .unwrap_or_default(),
            ))
        };
        out(
            Table::Findings,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::text(f.id),
                Cell::text(f.severity.as_str()),
                Cell::text(&f.title),
                Cell::text(f.detail),
                Cell::opt_text(f.change_in),
                Cell::text(f.action.place),
                Cell::text(f.action.changes),
                evidence,
            ],
        )?;
    }
    if counts_only {
        return Ok(());
    }
    for mut device in devices {
        out(Table::Devices, &mut device)?;
    }
    list_rows(r, out)
}

/// The rows of the report's lists, numbered from 1 in report order, and of its warnings.
fn list_rows<'l>(r: &'l Report, out: &mut Out<'_, 'l>) -> anyhow::Result<()> {
    for (i, phone) in r.contact_numbers().iter().enumerate() {
        out(
            Table::Contacts,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::text(phone.exact()),
                Cell::opt_text(phone.calling_code()),
            ],
        )?;
    }
    let mut numbered = |table, items: &mut dyn Iterator<Item = &'l str>| {
        for (i, item) in items.enumerate() {
            out(
                table,
                &mut [UNNUMBERED, Cell::Int(i as i64 + 1), Cell::text(item)],
            )?;
        }
        anyhow::Ok(())
    };
    numbered(
        Table::Groups,
        &mut r.group_names().iter().map(|g| g.exact()),
    )?;
    numbered(
        Table::Blocked,
        &mut r.blocked.iter().flatten().map(|p| p.exact()),
    )?;
    if let Some(s) = &r.privacy.status {
        for (list, phones) in [
            ("except", &s.except),
            ("only_share_with", &s.only_share_with),
        ] {
            for (i, phone) in phones.iter().enumerate() {
                out(
                    Table::StatusExceptions,
                    &mut [
                        UNNUMBERED,
                        Cell::text(list),
                        Cell::Int(i as i64 + 1),
                        Cell::text(phone.exact()),
                    ],
                )?;
            }
        }
    }
    for (i, s) in r.sync.sessions.iter().flatten().enumerate() {
        let collections: Vec<&str> = s.state_collections.iter().map(|t| t.exact()).collect();
        out(
            Table::SyncSessions,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::opt_text(s.id.as_ref().map(|t| t.exact())),
                Cell::time(s.account_registered_at),
                Cell::Json(Cow::Owned(
                    serde_json::to_string(&collections).unwrap_or_default(),
                )),
            ],
        )?;
    }
    for (i, w) in r.warnings.iter().enumerate() {
        out(
            Table::Warnings,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::text(w.kind.as_str()),
                Cell::text(w.file.exact()),
                Cell::Text(Cow::Owned(w.at.exact())),
                Cell::Text(Cow::Owned(w.message.exact())),
                Cell::Text(Cow::Owned(w.exact())),
            ],
        )?;
    }
    Ok(())
}

/// A field's export cells, appended to its row: its value (NULL with `counts_only` when
/// it names someone), or for a list (and the status privacy) what is counted.
pub fn cells_of<'l>(def: &FieldDef, leaf: Leaf<'l>, counts_only: bool, row: &mut Vec<Cell<'l>>) {
    let hidden = counts_only && def.meta.personal;
    let text = |t: Option<&'l str>| Cell::opt_text(keep(!hidden, t));
    match leaf {
        Leaf::Time(t) => row.push(Cell::time(*t)),
        // A picture the report does not mention is written as not present, as in the JSON.
        Leaf::Flag(b) if std::ptr::eq(def, ProfilePicture::present) => {
            row.push(Cell::Bool(b.unwrap_or(false)))
        }
        Leaf::Flag(b) => row.push(Cell::flag(*b)),
        Leaf::Port(p) => row.push(p.map_or(Cell::Null, |p| Cell::Int(p.into()))),
        Leaf::Size(n) => row.push(n.map_or(Cell::Null, |n| Cell::Int(n as i64))),
        Leaf::Text(t) => row.push(text(t.as_ref().map(|t| t.exact()))),
        Leaf::Phone(p) => row.push(text(p.as_ref().map(|p| p.exact()))),
        Leaf::Email(e) => row.push(text(e.as_ref().map(|e| e.exact()))),
        Leaf::Name(n) => row.push(text(n.as_ref().map(|n| n.exact()))),
        Leaf::About(a) => row.push(text(a.as_ref().map(|a| a.exact()))),
        Leaf::Session(s) => row.push(text(s.as_ref().map(|s| s.exact()))),
        Leaf::Ip(ip) => row.push(match ip {
            Some(ip) if !hidden => Cell::Text(ip.exact()),
            _ => Cell::Null,
        }),
        Leaf::Vis(v) => row.push(Cell::vis(v.as_ref())),
        Leaf::Contacts(c) => row.push(Cell::int(c.as_ref().map(Contacts::len))),
        Leaf::Groups(g) => row.extend([
            Cell::int(g.as_ref().map(Vec::len)),
            Cell::int(g.as_deref().map(crate::model::distinct)),
        ]),
        Leaf::Phones(p) => row.push(Cell::int(p.as_ref().map(Vec::len))),
        Leaf::Status(s) => {
            let s = s.as_ref();
            row.extend([
                Cell::vis(s.and_then(|s| s.mode.as_ref())),
                Cell::int(s.map(|s| s.except.len())),
                Cell::int(s.map(|s| s.only_share_with.len())),
            ])
        }
        Leaf::Payments(p) => row.push(Cell::text(p.as_ref().map_or("absent", |p| p.word()))),
        // The sessions are a table of their own.
        Leaf::Sessions(_) => {}
    }
}

fn keep<T>(yes: bool, value: Option<T>) -> Option<T> {
    value.filter(|_| yes)
}

/// A failed input's row.
pub fn failure_row(f: &Failure) -> [Cell<'_>; 3] {
    [
        Cell::text(&f.path),
        Cell::opt_text(f.key.as_deref()),
        Cell::text(&f.error),
    ]
}
