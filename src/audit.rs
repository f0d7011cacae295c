//! `audit`: privacy findings a person can act on. Pure: a [`Report`] and [`Thresholds`] in,
//! [`Finding`]s out, most severe first.
//!
//! Every finding has a stable id, a severity, a one-line title, an explanation of what it
//! means and what to do in WhatsApp (with the setting's path), and the evidence: the fields
//! and values it rests on. Time-based findings are judged against the report's own
//! generation time, not the clock, so an old report audits the same way every time.

use jiff::{SignedDuration, Timestamp};

use crate::diff::Val;
use crate::model::{Privacy, Report, Terms, Visibility, Warning};
use crate::text::count;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    /// Our words and numbers only.
    pub title: String,
    /// What it means and what to do, with the setting's path in WhatsApp.
    pub detail: &'static str,
    /// Where the setting is changed in WhatsApp (`Settings → Privacy → Status`), as the
    /// detail names it; `None` when nothing in WhatsApp changes it.
    pub change_in: Option<&'static str>,
    /// Where to act on it, in WhatsApp or outside, and what acting changes ([`ACTIONS`]).
    pub action: Action,
    /// Field paths (as in `show --json`) and their values, typed.
    pub evidence: Vec<(String, Evidence)>,
}

/// Where a person acts on a finding, and what that changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action {
    /// A WhatsApp menu path, a page to write to, or the place outside WhatsApp.
    pub place: &'static str,
    pub changes: &'static str,
}

/// Every finding's place to act and what acting changes, by id: each finding has one (a
/// test makes every finding fire and looks each up).
pub const ACTIONS: [(&str, Action); 15] = {
    const fn a(place: &'static str, changes: &'static str) -> Action {
        Action { place, changes }
    }
    [
        (
            "stale_linked_device",
            a(
                "Settings → Linked devices",
                "logging the device out stops it receiving your messages",
            ),
        ),
        (
            "last_seen_public",
            a(
                "Settings → Privacy → Last seen and online",
                "My contacts or Nobody hides when you are online from strangers",
            ),
        ),
        (
            "profile_photo_public",
            a(
                "Settings → Privacy → Profile photo",
                "My contacts or Nobody stops strangers downloading your photo",
            ),
        ),
        (
            "status_public",
            a(
                "Settings → Privacy → Status",
                "My contacts (or a list) limits who sees your status updates",
            ),
        ),
        (
            "facebook_data_sharing_not_opted_out",
            a(
                "WhatsApp's Privacy Policy, \"How You Exercise Your Rights\" (EU and UK), or Settings → Help → Contact us",
                "an objection asks WhatsApp to stop using your account information for Meta's purposes; the 2016 opt-out itself is closed",
            ),
        ),
        (
            "linked_devices",
            a(
                "Settings → Linked devices",
                "logging out a device you do not use stops it receiving your messages",
            ),
        ),
        (
            "about_public",
            a(
                "Settings → Privacy → About",
                "My contacts or Nobody hides your About text from strangers",
            ),
        ),
        (
            "read_receipts_on",
            a(
                "Settings → Privacy → Read receipts",
                "turning them off hides when you read messages (not in groups)",
            ),
        ),
        (
            "current_ip_present",
            a(
                "The report file itself",
                "keep the ZIP private; share only what wareport prints with --redact, which holds no address",
            ),
        ),
        (
            "email_on_file",
            a(
                "Settings → Account → Email address",
                "removing it takes the address out of your account and of future reports",
            ),
        ),
        (
            "profile_picture_present",
            a(
                "Settings → Profile → your photo → Remove",
                "without a photo, none is held or in future reports; until then, keep the ZIP private",
            ),
        ),
        (
            "status_exception_lists",
            a(
                "Settings → Privacy → Status",
                "emptying the lists removes them from future reports; share only wareport's --redact output, never the ZIP",
            ),
        ),
        (
            "many_contacts",
            a(
                "Your phone's settings: WhatsApp's Contacts permission",
                "turning it off stops further uploads of your address book; numbers already uploaded stay",
            ),
        ),
        (
            "many_groups",
            a(
                "Each group: Group info → Exit group",
                "a group you leave is no longer held for your account; share only wareport's --redact output, never the ZIP",
            ),
        ),
        (
            "unknown_fields",
            a(
                "wareport inspect, and a bug report with a twin of the report",
                "lets a later wareport read what this one could not",
            ),
        ),
    ]
};

/// What a finding rests on.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    /// A field's value; `None` when the report does not carry it.
    Value(Option<Val>),
    /// A count.
    Count(usize),
    /// Something the report held that the tool could not read.
    Note(Warning),
}

/// Where a finding starts to apply. The defaults are documented in the README and `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// `many_contacts` from this many contacts on.
    pub contacts: usize,
    /// `many_groups` from this many group memberships on.
    pub groups: usize,
    /// `stale_linked_device` for a linked device idle this many days before the report.
    pub stale_days: i64,
}

impl Thresholds {
    /// The command line's defaults are these.
    pub const DEFAULT: Thresholds = Thresholds {
        contacts: 500,
        groups: 50,
        stale_days: 90,
    };
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds::DEFAULT
    }
}

fn add(
    out: &mut Vec<Finding>,
    id: &'static str,
    severity: Severity,
    title: impl Into<String>,
    detail: &'static str,
    change_in: Option<&'static str>,
    evidence: Vec<(String, Evidence)>,
) {
    let action = ACTIONS.iter().find(|(i, _)| *i == id).map(|(_, a)| *a);
    out.push(Finding {
        id,
        severity,
        title: title.into(),
        detail,
        change_in,
        action: action.unwrap_or(Action {
            place: "",
            changes: "",
        }),
        evidence,
    });
}

fn time(t: Option<Timestamp>) -> Evidence {
    Evidence::Value(t.map(Val::Time))
}

fn flag(b: bool) -> Evidence {
    Evidence::Value(Some(Val::Bool(b)))
}

fn vis(v: &Option<Visibility>) -> Evidence {
    Evidence::Value(v.clone().map(Val::Vis))
}

fn ip(v: &Option<crate::text::Ip>) -> Evidence {
    Evidence::Value(v.clone().map(Val::Ip))
}

/// An evidence key a query names without quoting: `devices.2.current_ip` becomes
/// `devices_2_current_ip`, `warnings[0]` `warnings_0` (the export's `evidence` objects).
pub fn evidence_key(path: &str) -> String {
    path.replace(['.', '['], "_").replace(']', "")
}

/// Evidence in words: `device 2's current IP`, `Last seen`, `unreadable part 1`. Fields
/// are named as `show` names them ([`crate::model::fields`]); the few keys that are not a
/// field, here.
pub fn evidence_label(path: &str) -> String {
    const OWN: [(&str, &str); 6] = [
        ("counts.contacts", "Contacts' numbers held"),
        ("counts.groups", "Groups held"),
        ("report.generated_at", "Report made"),
        ("privacy.status.mode", "Who sees your status"),
        (
            "privacy.status.except",
            "Numbers your status is hidden from",
        ),
        (
            "privacy.status.only_share_with",
            "Numbers your status is shared only with",
        ),
    ];
    if let Some((_, label)) = OWN.iter().find(|(p, _)| *p == path) {
        return (*label).to_string();
    }
    if let Some(n) = path
        .strip_prefix("warnings[")
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|n| n.parse::<usize>().ok())
    {
        return format!("Unreadable part {}", n + 1);
    }
    let (device, field) = match path
        .strip_prefix("devices.")
        .and_then(|r| r.split_once('.'))
    {
        Some((id, rest)) => (Some(id), format!("devices[].{rest}")),
        None => (None, path.to_string()),
    };
    let Some(def) = crate::model::fields().iter().find(|d| d.path == field) else {
        return path.to_string();
    };
    match device {
        Some(id) => {
            let mut label = def.meta.show.to_string();
            if let Some(first) = label.get(..1) {
                label.replace_range(..1, &first.to_lowercase());
            }
            format!("Device {id}'s {label}")
        }
        None => def.meta.show.to_string(),
    }
}

/// The findings of a report, most severe first (stable within a severity).
pub fn audit(report: &Report, limits: Thresholds) -> Vec<Finding> {
    let mut out = Vec::new();
    settings(&report.privacy, &mut out);
    terms(&report.terms, &mut out);
    devices(report, limits, &mut out);
    held(report, limits, &mut out);
    let unknown: Vec<_> = report.warnings.iter().filter(|w| w.is_problem()).collect();
    if !unknown.is_empty() {
        add(
            &mut out,
            "unknown_fields",
            Severity::Info,
            format!(
                "{} of the report could not be read",
                count(unknown.len(), "part", "parts")
            ),
            "The report holds fields this version of wareport does not know, so this audit may miss something. `wareport inspect` lists them.",
            None,
            unknown
                .iter()
                .enumerate()
                .map(|(i, w)| (format!("warnings[{i}]"), Evidence::Note((*w).clone())))
                .collect(),
        );
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// The privacy settings: what everyone sees, the status lists, read receipts.
fn settings(p: &Privacy, out: &mut Vec<Finding>) {
    let status_mode = p.status.as_ref().map_or(&None, |s| &s.mode);
    let public = [
        (
            "privacy.last_seen",
            &p.last_seen,
            "last_seen_public",
            Severity::Medium,
            "Anyone with your number can see when you were last online",
            "Last seen is set to Everyone, so people you never gave your number to, scrapers included, can follow when you use WhatsApp. Change it in Settings → Privacy → Last seen and online, to My contacts or Nobody.",
            "Settings → Privacy → Last seen and online",
        ),
        (
            "privacy.profile_photo",
            &p.profile_photo,
            "profile_photo_public",
            Severity::Medium,
            "Anyone with your number can see your profile photo",
            "The profile photo is set to Everyone: anyone who has or guesses your number can download it. Change it in Settings → Privacy → Profile photo.",
            "Settings → Privacy → Profile photo",
        ),
        (
            "privacy.about",
            &p.about,
            "about_public",
            Severity::Low,
            "Anyone with your number can read your About text",
            "The About text is set to Everyone. Change it in Settings → Privacy → About.",
            "Settings → Privacy → About",
        ),
        (
            "privacy.status.mode",
            status_mode,
            "status_public",
            Severity::Medium,
            "Anyone with your number can see your status updates",
            "Status updates are shared with everyone. Change it in Settings → Privacy → Status.",
            "Settings → Privacy → Status",
        ),
    ];
    for (path, setting, id, severity, title, detail, change_in) in public {
        if setting.as_ref() == Some(&Visibility::Everyone) {
            let evidence = vec![(path.into(), vis(setting))];
            add(out, id, severity, title, detail, Some(change_in), evidence);
        }
    }
    if let Some(status) = &p.status
        && (!status.except.is_empty() || !status.only_share_with.is_empty())
    {
        add(
            out,
            "status_exception_lists",
            Severity::Info,
            format!(
                "The report lists who you exclude from or share your status with ({} excluded, {} on the only-share-with list)",
                count(status.except.len(), "number", "numbers"),
                count(status.only_share_with.len(), "number", "numbers")
            ),
            "Who you hide your status from is itself sensitive: anyone who gets the report file learns it. The lists are in Settings → Privacy → Status.",
            Some("Settings → Privacy → Status"),
            vec![
                (
                    "privacy.status.except".into(),
                    Evidence::Count(status.except.len()),
                ),
                (
                    "privacy.status.only_share_with".into(),
                    Evidence::Count(status.only_share_with.len()),
                ),
            ],
        );
    }
    if p.read_receipts == Some(true) {
        add(
            out,
            "read_receipts_on",
            Severity::Low,
            "Read receipts are on",
            "Senders see when you have read their messages (blue ticks). Turn them off in Settings → Privacy → Read receipts; group chats keep showing them.",
            Some("Settings → Privacy → Read receipts"),
            vec![("privacy.read_receipts".into(), flag(true))],
        );
    }
}

/// The 2016 terms accepted without the Facebook data-sharing opt-out.
fn terms(t: &Terms, out: &mut Vec<Finding>) {
    if t.tos_2016().value != Some(true) || t.data_sharing_opt_out().value != Some(false) {
        return;
    }
    // The opt-out was offered for 30 days after the 25 August 2016 update.
    let window_closed: Timestamp = "2016-09-26T00:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let after_window = t.tos_2016().at.is_some_and(|at| at >= window_closed);
    let detail = if after_window {
        "This account accepted the 2016 terms after the 30-day opt-out window (25 August to 25 September 2016) had closed, so it was never offered the choice not to share account information with Facebook. The choice cannot be made in the app now. In the EU and UK you can object to that processing: WhatsApp's Privacy Policy says how under \"How You Exercise Your Rights\", or write from Settings → Help → Contact us."
    } else {
        "When this account accepted the 2016 terms, the choice not to share account information with Facebook for ads and product experiences was not made. That choice was offered only for 30 days in 2016 and cannot be made in the app now. In the EU and UK you can object to that processing: WhatsApp's Privacy Policy says how under \"How You Exercise Your Rights\", or write from Settings → Help → Contact us."
    };
    add(
        out,
        "facebook_data_sharing_not_opted_out",
        Severity::Medium,
        "The 2016 terms were accepted without the Facebook data-sharing opt-out",
        detail,
        None,
        vec![
            ("terms.tos_2016.accepted".into(), flag(true)),
            ("terms.tos_2016.accepted_at".into(), time(t.tos_2016().at)),
            ("terms.data_sharing_opt_out.opted_out".into(), flag(false)),
        ],
    );
}

/// The linked devices, and those idle long before the report was made.
fn devices(report: &Report, limits: Thresholds, out: &mut Vec<Finding>) {
    let companions: Vec<_> = report.devices.iter().filter(|d| d.is_companion()).collect();
    if !companions.is_empty() {
        let mut evidence = Vec::new();
        for d in &companions {
            let k = |f: &str| format!("devices.{}.{f}", d.id);
            evidence.extend([
                (
                    k("app_version"),
                    Evidence::Value(d.app_version.clone().map(Val::Text)),
                ),
                (k("last_active_at"), time(d.last_active_at)),
                (k("previous_ip"), ip(&d.previous_ip)),
            ]);
            if d.current_ip.is_some() {
                evidence.push((k("current_ip"), ip(&d.current_ip)));
            }
        }
        add(
            out,
            "linked_devices",
            Severity::Medium,
            format!(
                "{} can read your messages",
                count(companions.len(), "linked device", "linked devices")
            ),
            "Each linked device (WhatsApp Web, Desktop, another phone) receives your messages. Check the list in Settings → Linked devices and log out any you do not recognise or no longer use.",
            Some("Settings → Linked devices"),
            evidence,
        );
    }
    let Some(generated) = report.generated_at else {
        return;
    };
    let limit = SignedDuration::from_hours(limits.stale_days.saturating_mul(24));
    for d in &companions {
        if let Some(last) = d.last_active_at
            && generated.duration_since(last) > limit
        {
            let days = generated.duration_since(last).as_hours() / 24;
            add(
                out,
                "stale_linked_device",
                Severity::High,
                format!(
                    "Linked device {} has been idle for {days} days but is still linked",
                    d.id
                ),
                "A linked device you no longer use still receives your messages, and whoever has it can read them. Log it out in Settings → Linked devices.",
                Some("Settings → Linked devices"),
                vec![
                    (
                        format!("devices.{}.last_active_at", d.id),
                        time(d.last_active_at),
                    ),
                    ("report.generated_at".into(), time(Some(generated))),
                ],
            );
        }
    }
}

/// What the report holds that makes the file itself sensitive: a full IP address, an email
/// address, the picture, many contacts or groups.
fn held(report: &Report, limits: Thresholds, out: &mut Vec<Finding>) {
    let current: Vec<_> = report
        .devices
        .iter()
        .filter(|d| d.current_ip.is_some())
        .collect();
    if !current.is_empty() {
        add(
            out,
            "current_ip_present",
            Severity::Low,
            "The report holds a full current IP address",
            "Unlike the masked previous addresses, a current connection IP is complete and can locate you roughly; anyone who gets the report file gets it.",
            None,
            current
                .iter()
                .map(|d| (format!("devices.{}.current_ip", d.id), ip(&d.current_ip)))
                .collect(),
        );
    }
    if let Some(email) = &report.account.email {
        add(
            out,
            "email_on_file",
            Severity::Low,
            "An email address is on file",
            "WhatsApp holds an email address for this account. Review or remove it in Settings → Account → Email address.",
            Some("Settings → Account → Email address"),
            vec![(
                "account.email".into(),
                Evidence::Value(Some(Val::Email(email.clone()))),
            )],
        );
    }
    let picture = &report.account.profile_picture;
    if picture.present == Some(true) {
        add(
            out,
            "profile_picture_present",
            Severity::Info,
            "The report includes your profile picture",
            "The profile photo is part of the report (and of what WhatsApp holds), so whoever gets the report file gets the photo. It is removed in Settings → Profile.",
            Some("Settings → Profile"),
            vec![
                ("account.profile_picture.present".into(), flag(true)),
                (
                    "account.profile_picture.uploaded_at".into(),
                    time(picture.uploaded_at),
                ),
            ],
        );
    }
    let contacts = report.contact_count().unwrap_or(0);
    if report.contacts.is_some() && contacts >= limits.contacts {
        add(
            out,
            "many_contacts",
            Severity::Info,
            format!(
                "The report holds {}",
                count(
                    contacts,
                    "contact's phone number",
                    "contacts' phone numbers"
                )
            ),
            "Your address book is uploaded to WhatsApp, so the report holds other people's numbers. WhatsApp reads contacts through the phone's permission (on iPhone, Settings → Privacy & Security → Contacts; on Android, the app's permissions).",
            None,
            vec![("counts.contacts".into(), Evidence::Count(contacts))],
        );
    }
    let groups = report.group_names().len();
    if report.groups.is_some() && groups >= limits.groups {
        add(
            out,
            "many_groups",
            Severity::Info,
            format!(
                "The report holds the names of {}",
                count(groups, "group", "groups")
            ),
            "Group names can reveal health, politics, religion or work, and the report holds every one. Leave groups you no longer need (Group info → Exit group).",
            None,
            vec![("counts.groups".into(), Evidence::Count(groups))],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Generation;

    /// A report on which every finding fires.
    fn everything() -> Report {
        let mut r = Report::empty(Generation::B);
        r.generated_at = Some("2022-08-11T00:00:00Z".parse().unwrap());
        let p = &mut r.privacy;
        p.last_seen = Some(Visibility::Everyone);
        p.profile_photo = Some(Visibility::Everyone);
        p.about = Some(Visibility::Everyone);
        p.read_receipts = Some(true);
        r
    }

    #[test]
    fn where_to_change_a_setting_is_named_in_its_detail_and_is_a_whatsapp_menu() {
        let findings = audit(&everything(), Thresholds::default());
        assert!(findings.len() >= 4, "{findings:?}");
        for f in &findings {
            if let Some(path) = f.change_in {
                assert!(path.starts_with("Settings → "), "{}: {path}", f.id);
                assert!(
                    f.detail.contains(path),
                    "{}: the detail does not name {path}",
                    f.id
                );
            }
        }
        let of = |id: &str| findings.iter().find(|f| f.id == id).unwrap().change_in;
        assert_eq!(
            of("profile_photo_public"),
            Some("Settings → Privacy → Profile photo")
        );
        assert_eq!(of("about_public"), Some("Settings → Privacy → About"));
    }

    /// A report on which every finding fires, each once.
    fn every_finding() -> Report {
        use crate::model::{Contacts, StatusPrivacy, WarningKind};
        use crate::text::Message;
        use crate::text::{Email, GroupName, Ip, Phone};
        let mut r = everything();
        let phone = |n: u32| Phone::new(format!("+1555555{n:04}"));
        r.privacy.status = Some(StatusPrivacy {
            mode: Some(Visibility::Everyone),
            except: vec![phone(1)],
            only_share_with: vec![],
        });
        r.terms.tos_2016_accepted = Some(true);
        r.terms.opted_out = Some(false);
        r.account.email = Some(Email::new("a@example.com"));
        r.account.profile_picture.present = Some(true);
        let d = r.device_mut(2);
        d.last_active_at = Some("2022-01-01T00:00:00Z".parse().unwrap());
        d.current_ip = Ip::parse("192.0.2.1").ok();
        r.contacts = Some(Contacts::Kept((0..500).map(phone).collect()));
        r.groups = Some((0..50).map(|i| GroupName::new(format!("g{i}"))).collect());
        r.warnings.push(Warning::new(
            WarningKind::Unknown,
            "x.json",
            Message::default(),
            Message::default(),
        ));
        r
    }

    #[test]
    fn every_finding_names_a_place_to_act_and_its_evidence_in_words() {
        let findings = audit(&every_finding(), Thresholds::default());
        let ids: Vec<&str> = findings.iter().map(|f| f.id).collect();
        let all: Vec<&str> = ACTIONS.iter().map(|(id, _)| *id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        let mut expected = all.clone();
        expected.sort();
        assert_eq!(
            sorted, expected,
            "every finding fires once, and has an action"
        );
        for f in &findings {
            assert!(
                !f.action.place.is_empty() && !f.action.changes.is_empty(),
                "{}",
                f.id
            );
            // Nothing suggests the ZIP itself can be redacted.
            assert!(
                !f.detail.contains("redact it") && !f.detail.contains("redacted (--"),
                "{}",
                f.id
            );
            for (path, _) in &f.evidence {
                let words = evidence_label(path);
                assert!(
                    !words.contains('.') && !words.contains('_'),
                    "{path}: {words}"
                );
                let key = evidence_key(path);
                assert!(
                    key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{key}"
                );
            }
        }
        // Counts of one are singular.
        let title = |id: &str| &findings.iter().find(|f| f.id == id).unwrap().title;
        assert_eq!(
            title("linked_devices"),
            "1 linked device can read your messages"
        );
        assert_eq!(
            title("unknown_fields"),
            "1 part of the report could not be read"
        );
        assert!(
            title("status_exception_lists")
                .ends_with("(1 number excluded, 0 numbers on the only-share-with list)")
        );
        assert_eq!(
            title("many_contacts"),
            "The report holds 500 contacts' phone numbers"
        );
        assert_eq!(
            evidence_label("devices.2.current_ip"),
            "Device 2's current IP"
        );
        assert_eq!(evidence_label("privacy.last_seen"), "Last seen");
        assert_eq!(evidence_label("warnings[0]"), "Unreadable part 1");
        assert_eq!(evidence_key("devices.2.current_ip"), "devices_2_current_ip");
        assert_eq!(evidence_key("warnings[3]"), "warnings_3");
    }

    #[test]
    fn stale_is_measured_from_the_report_not_the_clock() {
        let mut r = Report::empty(Generation::B);
        r.generated_at = Some("2022-08-11T00:00:00Z".parse().unwrap());
        r.device_mut(2).last_active_at = Some("2022-05-01T00:00:00Z".parse().unwrap());
        r.device_mut(3).last_active_at = Some("2022-08-01T00:00:00Z".parse().unwrap());
        let ids = |limits| audit(&r, limits).iter().map(|f| f.id).collect::<Vec<_>>();
        assert_eq!(
            ids(Thresholds::default()),
            ["stale_linked_device", "linked_devices"]
        );
        let lenient = Thresholds {
            stale_days: 120,
            ..Thresholds::default()
        };
        assert_eq!(ids(lenient), ["linked_devices"]);
    }

    #[test]
    fn an_empty_report_has_no_findings() {
        assert!(audit(&Report::empty(Generation::B), Thresholds::default()).is_empty());
    }
}
