//! One view document per command, built from the model: what `show`, `summary`, `diff`,
//! `timeline`, `audit` and `inspect` say. The output form is a separate axis: the JSON
//! renderer serialises a view (the contract, CONTRACT.md), the text renderers lay the same
//! view out for people, `export` turns reports into rows.
//!
//! Views borrow the model's typed values: serialising writes their exact text, displaying
//! escapes it. Times serialise as RFC 3339 UTC with whole seconds.

use jiff::Timestamp;
use serde::Serialize;

use crate::audit::{Evidence, Finding};
use crate::diff::{Change, Diff};
use crate::inspect::{Disagreement, Inspection, Shown};
use crate::model::{
    Account, Device, Field, Payments, Privacy, Registration, Report, Section, SyncInfo, Terms,
    Unrecognised, Visibility, Warning, WebDesktop, time,
};
use crate::text::{EntryName, GroupName, Ip, Message, Phone};
use crate::timeline::Step;

pub const SCHEMA_VERSION: u32 = 1;

/// The parts of `show` that can be asked for: a section of the records, or the warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ShowSection {
    Records(Section),
    Warnings,
}

impl ShowSection {
    /// Every section, then the warnings.
    pub fn all() -> &'static [ShowSection] {
        static ALL: std::sync::LazyLock<Vec<ShowSection>> = std::sync::LazyLock::new(|| {
            Section::ALL
                .iter()
                .map(|&s| ShowSection::Records(s))
                .chain([ShowSection::Warnings])
                .collect()
        });
        &ALL
    }

    /// Its name in arguments: a section's, or `warnings`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShowSection::Records(s) => s.as_str(),
            ShowSection::Warnings => "warnings",
        }
    }
}

#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct SourceView<'a> {
    pub generation: &'static str,
    pub files: &'a [EntryName],
    pub detected_by: &'a Message,
}

#[derive(Serialize, Debug, Clone, Copy, schemars::JsonSchema)]
pub struct ReportTimes {
    #[serde(serialize_with = "time::option")]
    pub requested_at: Option<Timestamp>,
    #[serde(serialize_with = "time::option")]
    pub generated_at: Option<Timestamp>,
}

/// `wareport show`: every record. Sections not asked for are `None` and left out of the
/// JSON; `Some(None)` is the contract's `null`.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct Show<'a> {
    pub schema_version: u32,
    pub source: SourceView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportTimes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<&'a Account>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<&'a Registration>,
    /// Sorted by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices: Option<&'a [Device]>,
    /// In report order, duplicates kept; `null` when the report has no contacts file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Option<&'a [Phone]>>,
    /// In report order, duplicates kept; `null` when the report has no groups file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Option<&'a [GroupName]>>,
    /// `null` when the report says nothing about blocking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Option<&'a [Phone]>>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "time_in_section"
    )]
    #[schemars(with = "Option<Timestamp>")]
    pub blocked_updated_at: Option<Option<Timestamp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacy: Option<&'a Privacy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<&'a Terms>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_desktop: Option<&'a WebDesktop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync: Option<&'a SyncInfo>,
    /// `absent`, `no_data` or `present`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payments: Option<&'static str>,
    /// Values under labels no table knows, kept rather than lost.
    pub unrecognised: &'a [Unrecognised],
    pub warnings: &'a [Warning],
    /// The payments files, for people.
    #[serde(skip)]
    pub payment_files: &'a [EntryName],
    /// Whether the warnings section was asked for (it is always in the JSON).
    #[serde(skip)]
    pub show_warnings: bool,
}

fn time_in_section<S: serde::Serializer>(
    t: &Option<Option<Timestamp>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    time::option(&t.flatten(), s)
}

impl<'a> Show<'a> {
    /// The document for the chosen sections (all when empty).
    pub fn new(report: &'a Report, sections: &[ShowSection]) -> Show<'a> {
        let want = |s: Section| sections.is_empty() || sections.contains(&ShowSection::Records(s));
        let Report {
            source,
            requested_at,
            generated_at,
            account,
            registration,
            devices,
            web_desktop,
            contacts,
            groups,
            blocked,
            blocked_updated_at,
            privacy,
            sync,
            terms,
            payments,
            unrecognised,
            warnings,
        } = report;
        Show {
            schema_version: SCHEMA_VERSION,
            source: SourceView {
                generation: source.generation.as_str(),
                files: &source.files,
                detected_by: &source.detected_by,
            },
            report: want(Section::Report).then_some(ReportTimes {
                requested_at: *requested_at,
                generated_at: *generated_at,
            }),
            account: want(Section::Account).then_some(account),
            registration: want(Section::Registration).then_some(registration),
            devices: want(Section::Devices).then_some(devices.as_slice()),
            contacts: want(Section::Contacts)
                .then(|| contacts.as_ref().map(crate::model::Contacts::numbers)),
            groups: want(Section::Groups).then_some(groups.as_deref()),
            blocked: want(Section::Blocked).then_some(blocked.as_deref()),
            blocked_updated_at: want(Section::Blocked).then_some(*blocked_updated_at),
            privacy: want(Section::Privacy).then_some(privacy),
            terms: want(Section::Terms).then_some(terms),
            web_desktop: want(Section::Other).then_some(web_desktop),
            sync: want(Section::Other).then_some(sync),
            payments: want(Section::Other)
                .then(|| payments.as_ref().map_or("absent", Payments::word)),
            unrecognised,
            warnings,
            payment_files: match payments {
                Some(Payments::Present(files)) => files,
                _ => &[],
            },
            show_warnings: sections.is_empty() || sections.contains(&ShowSection::Warnings),
        }
    }
}

/// How much of other people's data a report holds; `null` for a list the report lacks.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
pub struct Counts {
    pub contacts: Option<usize>,
    pub groups: Option<usize>,
    pub groups_distinct: Option<usize>,
    pub blocked: Option<usize>,
    pub devices: usize,
}

impl Counts {
    pub fn of(r: &Report) -> Counts {
        Counts {
            contacts: r.contact_count(),
            groups: r.groups.as_ref().map(Vec::len),
            groups_distinct: r.distinct_groups(),
            blocked: r.blocked.as_ref().map(Vec::len),
            devices: r.devices.len(),
        }
    }
}

/// One IP address of a device.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct IpEntry<'a> {
    pub device_id: i64,
    /// `previous` or `current`.
    pub kind: &'static str,
    pub ip: &'a Ip,
}

/// `wareport summary`: who the account is, what is held about it and how it is set.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct Summary<'a> {
    pub schema_version: u32,
    pub generation: &'static str,
    pub phone_number: Option<&'a Phone>,
    #[serde(serialize_with = "time::option")]
    pub generated_at: Option<Timestamp>,
    #[serde(serialize_with = "time::option")]
    pub requested_at: Option<Timestamp>,
    pub counts: Counts,
    #[serde(serialize_with = "time::option")]
    pub blocked_updated_at: Option<Timestamp>,
    pub privacy: &'a Privacy,
    pub terms: &'a Terms,
    pub ips: Vec<IpEntry<'a>>,
    pub account: &'a Account,
    pub registration: &'a Registration,
    pub devices: &'a [Device],
    pub warnings: &'a [Warning],
}

impl<'a> Summary<'a> {
    pub fn new(r: &'a Report) -> Summary<'a> {
        let mut ips = Vec::new();
        for d in &r.devices {
            for (kind, ip) in [("previous", &d.previous_ip), ("current", &d.current_ip)] {
                if let Some(ip) = ip {
                    ips.push(IpEntry {
                        device_id: d.id,
                        kind,
                        ip,
                    });
                }
            }
        }
        Summary {
            schema_version: SCHEMA_VERSION,
            generation: r.generation().as_str(),
            phone_number: r.account.phone_number.as_ref(),
            generated_at: r.generated_at,
            requested_at: r.requested_at,
            counts: Counts::of(r),
            blocked_updated_at: r.blocked_updated_at,
            privacy: &r.privacy,
            terms: &r.terms,
            ips,
            account: &r.account,
            registration: &r.registration,
            devices: &r.devices,
            warnings: &r.warnings,
        }
    }
}

/// One side of a diff: which report, and when it was made.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct Side<'a> {
    /// The file, or `report N` when redacted.
    pub report: &'a EntryName,
    pub generation: &'static str,
    #[serde(serialize_with = "time::option")]
    pub generated_at: Option<Timestamp>,
    #[serde(serialize_with = "time::option")]
    pub requested_at: Option<Timestamp>,
}

impl<'a> Side<'a> {
    pub fn new(name: &'a EntryName, r: &Report) -> Side<'a> {
        Side {
            report: name,
            generation: r.generation().as_str(),
            generated_at: r.generated_at,
            requested_at: r.requested_at,
        }
    }
}

fn field_keys<S: serde::Serializer>(fields: &[Field], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(fields.iter().map(Field::key))
}

/// `wareport diff`.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct DiffView<'a> {
    pub schema_version: u32,
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub changes: &'a [Change],
    /// Field paths one report carries and the other's format may not.
    #[serde(serialize_with = "field_keys")]
    #[schemars(with = "Vec<String>")]
    pub not_comparable: &'a [Field],
}

impl<'a> DiffView<'a> {
    pub fn new(diff: &'a Diff, old: Side<'a>, new: Side<'a>) -> DiffView<'a> {
        DiffView {
            schema_version: SCHEMA_VERSION,
            old,
            new,
            changes: &diff.changes,
            not_comparable: &diff.not_comparable,
        }
    }
}

/// One report of a timeline.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct StepView<'a> {
    pub report: &'a EntryName,
    pub generation: &'static str,
    pub phone_number: Option<&'a Phone>,
    #[serde(serialize_with = "time::option")]
    pub generated_at: Option<Timestamp>,
    pub counts: Counts,
    pub privacy: &'a Privacy,
    pub terms: &'a Terms,
    /// `null` for the first report.
    pub changes_since_previous: Option<&'a [Change]>,
    #[serde(skip)]
    pub diff: Option<&'a Diff>,
}

/// `wareport timeline`.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct TimelineView<'a> {
    pub schema_version: u32,
    pub reports: Vec<StepView<'a>>,
}

impl<'a> TimelineView<'a> {
    pub fn new(steps: &'a [Step]) -> TimelineView<'a> {
        TimelineView {
            schema_version: SCHEMA_VERSION,
            reports: steps
                .iter()
                .map(|s| StepView {
                    report: &s.name,
                    generation: s.report.generation().as_str(),
                    phone_number: s.report.account.phone_number.as_ref(),
                    generated_at: s.report.generated_at,
                    counts: Counts::of(&s.report),
                    privacy: &s.report.privacy,
                    terms: &s.report.terms,
                    changes_since_previous: s.since_previous.as_ref().map(|d| d.changes.as_slice()),
                    diff: s.since_previous.as_ref(),
                })
                .collect(),
        }
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Evidence::Value(v) => v.serialize(s),
            Evidence::Count(n) => s.serialize_u64(*n as u64),
            Evidence::Note(w) => w.serialize(s),
        }
    }
}

/// A finding's evidence as the JSON object `audit --json` writes: field path → value, in
/// the finding's order; for the export, keyed so a query names a key without quoting
/// (`privacy_last_seen`, [`crate::audit::evidence_key`]).
pub(crate) struct EvidenceMap<'a>(pub &'a [(String, Evidence)], pub bool);

impl Serialize for EvidenceMap<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            if self.1 {
                m.serialize_entry(&crate::audit::evidence_key(k), v)?;
            } else {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ExportFindings(&[], false).serialize_one(self, s)
    }
}

/// Findings as the export writes them: as `audit --json` does, the evidence keyed so a
/// query names a key without quoting ([`EvidenceMap`]).
#[derive(Debug)]
pub struct ExportFindings<'a>(pub &'a [Finding], pub bool);

impl ExportFindings<'_> {
    fn serialize_one<S: serde::Serializer>(&self, f: &Finding, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct Act<'a> {
            r#where: &'a str,
            changes: &'a str,
        }
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("id", f.id)?;
        st.serialize_field("severity", f.severity.as_str())?;
        st.serialize_field("title", &f.title)?;
        st.serialize_field("detail", f.detail)?;
        st.serialize_field("change_in", &f.change_in)?;
        let act = Act {
            r#where: f.action.place,
            changes: f.action.changes,
        };
        st.serialize_field("action", &act)?;
        st.serialize_field("evidence", &EvidenceMap(&f.evidence, self.1))?;
        st.end()
    }
}

impl Serialize for ExportFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct One<'a>(&'a ExportFindings<'a>, &'a Finding);
        impl Serialize for One<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize_one(self.1, s)
            }
        }
        s.collect_seq(self.0.iter().map(|f| One(self, f)))
    }
}

/// `wareport audit`.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct AuditView<'a> {
    pub schema_version: u32,
    pub findings: &'a [Finding],
}

impl<'a> AuditView<'a> {
    pub fn new(findings: &'a [Finding]) -> AuditView<'a> {
        AuditView {
            schema_version: SCHEMA_VERSION,
            findings,
        }
    }
}

/// One entry, for `inspect`.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct EntryView<'a> {
    pub name: &'a EntryName,
    pub size: u64,
    /// `read`, `twin_not_needed`, `picture`, `known`, `payments`, `junk`, `outside`,
    /// `unknown`.
    #[serde(rename = "use")]
    pub role: &'static str,
    /// In words: which reader, or why it was not read.
    pub detail: String,
}

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Nothing => s.serialize_none(),
            Shown::Device => s.serialize_str("listed"),
            Shown::Value(v) => v.serialize(s),
            Shown::List(n) => s.serialize_str(&format!("a list of {n}")),
        }
    }
}

impl Serialize for Disagreement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Disagreement", 3)?;
        st.serialize_field("field", &self.field.key())?;
        st.serialize_field("json", &self.json)?;
        st.serialize_field("html", &self.html)?;
        st.end()
    }
}

#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct CrossCheck<'a> {
    /// Fields both sides carry; `null` when the report lacks the JSON or the HTML.
    pub compared: Option<usize>,
    pub disagreements: &'a [Disagreement],
}

/// `wareport inspect`.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct InspectView<'a> {
    pub schema_version: u32,
    pub generation: &'static str,
    pub detected_by: &'a Message,
    pub understood: bool,
    pub entries: Vec<EntryView<'a>>,
    pub unknown: &'a [Warning],
    pub notes: &'a [Warning],
    /// Values whose labels are in no table, read by the report's structure: each with the
    /// field it was read as and the evidence.
    pub placed: Vec<PlacedView<'a>>,
    pub cross_check: CrossCheck<'a>,
}

/// One value placed by structure.
#[derive(Serialize, Debug, schemars::JsonSchema)]
pub struct PlacedView<'a> {
    pub file: &'a EntryName,
    /// The label as the report writes it, after its row's documented label for a line of a
    /// per-device block (`Device Activity › …`).
    pub label: Message,
    /// The documented (English) label of the field it was read as.
    pub field: &'static str,
    pub evidence: &'a Message,
}

impl<'a> InspectView<'a> {
    pub fn new(i: &'a Inspection) -> InspectView<'a> {
        InspectView {
            schema_version: SCHEMA_VERSION,
            generation: i.generation,
            detected_by: &i.detected_by,
            understood: i.understood(),
            entries: i
                .entries
                .iter()
                .map(|e| EntryView {
                    name: &e.name,
                    size: e.size,
                    role: e.role.word(),
                    detail: e.role.to_string(),
                })
                .collect(),
            unknown: &i.problems,
            notes: &i.notes,
            placed: i
                .placed
                .iter()
                .map(|p| PlacedView {
                    file: &p.file,
                    label: match p.parent {
                        Some(parent) => crate::msg![parent, " › ", p.label.clone()],
                        None => crate::msg![p.label.clone()],
                    },
                    field: p.field,
                    evidence: &p.evidence,
                })
                .collect(),
            cross_check: CrossCheck {
                compared: i.compared,
                disagreements: &i.disagreements,
            },
        }
    }
}

/// `export --format ndjson`: one line per report, `show`'s whole document with the report's
/// key (its content hash) and path in front, and its findings after.
#[derive(Serialize, Debug)]
pub struct ExportLine<'a> {
    pub key: &'a str,
    pub path: &'a str,
    #[serde(flatten)]
    pub show: Show<'a>,
    /// The audit's findings (default thresholds), evidence keyed as in the database.
    pub findings: ExportFindings<'a>,
}

/// `export --counts-only --format ndjson`: one line per report with its counts, settings,
/// terms and findings, and nothing that names anyone: no list, no phone number, no path.
#[derive(Serialize, Debug)]
pub struct CountsLine<'a> {
    pub key: &'a str,
    pub schema_version: u32,
    pub generation: &'static str,
    #[serde(serialize_with = "time::option")]
    pub requested_at: Option<Timestamp>,
    #[serde(serialize_with = "time::option")]
    pub generated_at: Option<Timestamp>,
    pub counts: Counts,
    pub warning_count: usize,
    pub privacy: PrivacyCounts<'a>,
    pub terms: &'a Terms,
    pub findings: Vec<FindingBrief<'a>>,
}

/// The privacy settings with the status lists as their lengths.
#[derive(Serialize, Debug)]
pub struct PrivacyCounts<'a> {
    pub last_seen: Option<&'a Visibility>,
    pub profile_photo: Option<&'a Visibility>,
    pub about: Option<&'a Visibility>,
    pub status: Option<StatusCounts<'a>>,
    pub read_receipts: Option<bool>,
}

#[derive(Serialize, Debug)]
pub struct StatusCounts<'a> {
    pub mode: Option<&'a Visibility>,
    pub except_count: usize,
    pub only_share_with_count: usize,
}

/// A finding without its evidence.
#[derive(Serialize, Debug)]
pub struct FindingBrief<'a> {
    pub id: &'static str,
    pub severity: &'static str,
    pub title: &'a str,
}

impl<'a> CountsLine<'a> {
    pub fn new(key: &'a str, r: &'a Report, findings: &'a [Finding]) -> Self {
        let p = &r.privacy;
        CountsLine {
            key,
            schema_version: SCHEMA_VERSION,
            generation: r.generation().as_str(),
            requested_at: r.requested_at,
            generated_at: r.generated_at,
            counts: Counts::of(r),
            warning_count: r.warnings.len(),
            privacy: PrivacyCounts {
                last_seen: p.last_seen.as_ref(),
                profile_photo: p.profile_photo.as_ref(),
                about: p.about.as_ref(),
                status: p.status.as_ref().map(|s| StatusCounts {
                    mode: s.mode.as_ref(),
                    except_count: s.except.len(),
                    only_share_with_count: s.only_share_with.len(),
                }),
                read_receipts: p.read_receipts,
            },
            terms: &r.terms,
            findings: findings
                .iter()
                .map(|f| FindingBrief {
                    id: f.id,
                    severity: f.severity.as_str(),
                    title: &f.title,
                })
                .collect(),
        }
    }
}

/// A value the JSON writes as any JSON value (a diff's old and new values, evidence).
macro_rules! any_schema {
    ($($t:ty: $desc:literal),*) => {$(
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "description": $desc })
            }
        }
    )*};
}

any_schema!(
    crate::diff::Val: "A value as `show --json` writes it: text, a time, a number, true/false, a list, or a whole device",
    Evidence: "A field's value as `show --json` writes it, a count, or a warning's text",
    Shown: "The side's value, `listed` for a device, `a list of N`, or null when the side lacks it"
);

/// The shapes of hand-serialised documents, for schemas.
mod shapes {
    #![allow(dead_code)]
    use std::collections::BTreeMap;

    #[derive(schemars::JsonSchema)]
    pub struct Change {
        /// account, registration, devices, contacts, groups, blocked, privacy, terms or other.
        pub section: String,
        /// added, removed or changed.
        pub op: String,
        /// The phone number, group name, device id, or field path (`privacy.last_seen`).
        pub key: String,
        pub old: Option<crate::diff::Val>,
        pub new: Option<crate::diff::Val>,
        /// privacy, other, low_interest or lists.
        pub group: String,
    }

    #[derive(schemars::JsonSchema)]
    pub struct Finding {
        pub id: String,
        /// info, low, medium or high.
        pub severity: String,
        pub title: String,
        pub detail: String,
        /// Where the setting is changed in WhatsApp (`Settings → Privacy → Status`), or null
        /// when nothing in WhatsApp changes it.
        pub change_in: Option<String>,
        /// Where to act on it (a WhatsApp menu path, a page to write to, or the report file)
        /// and what acting changes; every finding has one.
        pub action: Action,
        pub evidence: BTreeMap<String, crate::audit::Evidence>,
    }

    #[derive(schemars::JsonSchema)]
    pub struct Action {
        pub r#where: String,
        pub changes: String,
    }

    #[derive(schemars::JsonSchema)]
    pub struct Disagreement {
        pub field: String,
        pub json: crate::inspect::Shown,
        pub html: crate::inspect::Shown,
    }
}

macro_rules! shaped {
    ($($t:ty => $shape:ty),*) => {$(
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <$shape>::json_schema(generator)
            }
        }
    )*};
}

shaped!(
    Change => shapes::Change,
    Finding => shapes::Finding,
    Disagreement => shapes::Disagreement
);

/// Renders a view as the contract's JSON: pretty, ending with a newline.
pub fn to_json(view: &impl Serialize) -> String {
    // Serialising these documents cannot fail: no maps with non-string keys, no fallible
    // Serialize impls.
    let mut out = serde_json::to_string_pretty(view)
        .unwrap_or_else(|e| format!("{{\"schema_version\":{SCHEMA_VERSION},\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}

/// Warnings grouped by kind, each group with a heading that says what it means.
pub fn warning_groups(
    warnings: &[crate::model::Warning],
) -> Vec<(String, Vec<&crate::model::Warning>)> {
    use crate::model::WarningKind;
    let groups = [
        (
            "not understood",
            vec![WarningKind::Unknown, WarningKind::Invalid],
        ),
        ("missing", vec![WarningKind::Missing]),
        ("gaps filled another way", vec![WarningKind::Fallback]),
    ];
    groups
        .into_iter()
        .filter_map(|(title, kinds)| {
            let items: Vec<_> = warnings
                .iter()
                .filter(|w| kinds.contains(&w.kind))
                .collect();
            (!items.is_empty()).then(|| (format!("{} {title}", items.len()), items))
        })
        .collect()
}
