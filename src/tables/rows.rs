//! A read report as rows of the export's tables ([`super::schema`]), borrowed from the model:
//! what the SQLite, CSV and split-NDJSON writers write.

use std::borrow::Cow;

use jiff::Timestamp;

use super::schema::Table;
use super::{Failure, Loaded};
use crate::model::{Acceptance, Visibility};

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
        match v {
            None => Cell::Null,
            Some(Visibility::Other(raw)) => Cell::text(raw.exact()),
            Some(known) => Cell::text(known.word().unwrap_or_default()),
        }
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

/// The first cell of every row: the report's number (`reports.id`, `report_id`), which
/// only the writer knows. `export`'s `Prepared::cells` fills it in.
const UNNUMBERED: Cell<'static> = Cell::Int(0);

/// Every row of one report, its number left to the writer ([`UNNUMBERED`]). With
/// `counts_only`, the list tables get no rows, nothing names the donor (the account's phone
/// number, name, email, About and session id, and the report's path, are left out), and
/// findings carry no evidence.
pub fn rows<'l>(l: &'l Loaded, counts_only: bool, out: &mut Out<'_, 'l>) -> anyhow::Result<()> {
    let r = &l.report;
    let a = &r.account;
    let reg = &r.registration;
    let wd = &r.web_desktop;
    let personal = |s| keep(!counts_only, s);
    out(
        Table::Reports,
        &mut [
            UNNUMBERED,
            Cell::text(&l.key),
            Cell::opt_text(personal(Some(l.path.as_str()))),
            Cell::text(r.generation().as_str()),
            Cell::opt_text(personal(a.phone_number.as_ref().map(|p| p.exact()))),
            Cell::time(r.requested_at),
            Cell::time(r.generated_at),
            Cell::opt_text(personal(a.name.as_ref().map(|n| n.exact()))),
            Cell::opt_text(personal(a.email.as_ref().map(|e| e.exact()))),
            Cell::opt_text(personal(a.about.as_ref().map(|t| t.exact()))),
            Cell::time(a.about_set_at),
            Cell::time(a.about_expires_at),
            Cell::Bool(a.profile_picture.present.unwrap_or(false)),
            Cell::time(a.profile_picture.uploaded_at),
            a.profile_picture
                .size_bytes
                .map_or(Cell::Null, |n| Cell::Int(n as i64)),
            Cell::opt_text(reg.platform.as_ref().map(|t| t.exact())),
            Cell::opt_text(reg.app_version.as_ref().map(|t| t.exact())),
            Cell::opt_text(reg.network_code.as_ref().map(|t| t.exact())),
            Cell::opt_text(reg.network_name.as_ref().map(|t| t.exact())),
            Cell::opt_text(reg.device.as_ref().map(|t| t.exact())),
            Cell::time(reg.registered_at),
            Cell::time(r.blocked_updated_at),
            Cell::opt_text(wd.platform.as_ref().map(|t| t.exact())),
            Cell::opt_text(wd.state.as_ref().map(|t| t.exact())),
            Cell::opt_text(wd.version.as_ref().map(|t| t.exact())),
            Cell::time(wd.connected_since),
            Cell::time(wd.inactive_since),
            Cell::opt_text(personal(
                r.sync.current_session_id.as_ref().map(|s| s.exact()),
            )),
            Cell::time(r.sync.current_session_registered_at),
            Cell::text(r.payments.as_ref().map_or("absent", |p| p.word())),
            Cell::int(r.contact_count()),
            Cell::int(r.groups.as_ref().map(Vec::len)),
            Cell::int(r.distinct_groups()),
            Cell::int(r.blocked.as_ref().map(Vec::len)),
            Cell::Int(r.devices.len() as i64),
            Cell::Int(r.warnings.len() as i64),
        ],
    )?;
    let p = &r.privacy;
    let status = p.status.as_ref();
    out(
        Table::Privacy,
        &mut [
            UNNUMBERED,
            Cell::vis(p.last_seen.as_ref()),
            Cell::vis(p.profile_photo.as_ref()),
            Cell::vis(p.about.as_ref()),
            Cell::vis(status.and_then(|s| s.mode.as_ref())),
            Cell::int(status.map(|s| s.except.len())),
            Cell::int(status.map(|s| s.only_share_with.len())),
            Cell::flag(p.read_receipts),
        ],
    )?;
    let t = &r.terms;
    let acc = |a: &Acceptance| [Cell::flag(a.value), Cell::time(a.at)];
    let [a16, a16_at] = acc(&t.tos_2016());
    let [opt, opt_at] = acc(&t.data_sharing_opt_out());
    let [a18, a18_at] = acc(&t.tos_2018());
    let [a21, a21_at] = acc(&t.tos_2021());
    out(
        Table::Terms,
        &mut [
            UNNUMBERED, a16, a16_at, opt, opt_at, a18, a18_at, a21, a21_at,
        ],
    )?;
    for (i, f) in l.findings.iter().enumerate() {
        let evidence = if counts_only {
            Cell::Null
        } else {
            Cell::Json(Cow::Owned(
                serde_json::to_string(&crate::view::EvidenceMap(&f.evidence)).unwrap_or_default(),
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
                evidence,
            ],
        )?;
    }
    if counts_only {
        return Ok(());
    }
    for d in &r.devices {
        out(
            Table::Devices,
            &mut [
                UNNUMBERED,
                Cell::Int(d.id),
                Cell::opt_text(d.status.as_ref().map(|t| t.exact())),
                Cell::time(d.last_active_at),
                Cell::time(d.online_since),
                d.previous_ip
                    .as_ref()
                    .map_or(Cell::Null, |ip| Cell::Text(ip.exact())),
                d.current_ip
                    .as_ref()
                    .map_or(Cell::Null, |ip| Cell::Text(ip.exact())),
                d.current_port.map_or(Cell::Null, |p| Cell::Int(p.into())),
                Cell::opt_text(d.app_version.as_ref().map(|t| t.exact())),
                Cell::opt_text(d.os_version.as_ref().map(|t| t.exact())),
                Cell::opt_text(d.manufacturer.as_ref().map(|t| t.exact())),
                Cell::opt_text(d.model.as_ref().map(|t| t.exact())),
                Cell::time(d.settings_last_fetch_at),
                Cell::time(d.last_notification_dropped_at),
                Cell::time(d.last_clean_at),
                Cell::opt_text(d.mcc.as_ref().map(|t| t.exact())),
                Cell::opt_text(d.mnc.as_ref().map(|t| t.exact())),
                Cell::opt_text(d.os_build.as_ref().map(|t| t.exact())),
            ],
        )?;
    }
    for (i, phone) in r.contact_numbers().iter().enumerate() {
        out(
            Table::Contacts,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::text(phone.exact()),
            ],
        )?;
    }
    for (i, name) in r.group_names().iter().enumerate() {
        out(
            Table::Groups,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::text(name.exact()),
            ],
        )?;
    }
    for (i, phone) in r.blocked.iter().flatten().enumerate() {
        out(
            Table::Blocked,
            &mut [
                UNNUMBERED,
                Cell::Int(i as i64 + 1),
                Cell::text(phone.exact()),
            ],
        )?;
    }
    if let Some(s) = status {
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
