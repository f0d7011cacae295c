//! Properties of the pure core, over generated reports. `PROPTEST_CASES` raises the number
//! of cases for long local runs; CI uses proptest's default.

use proptest::prelude::*;
use wareport::diff::{Change, ItemList, Key, Op, diff};
use wareport::model::{Contacts, Generation, Report, Visibility};
use wareport::render::{self, Style};
use wareport::text::{Email, GroupName, Ip, Phone, Text};
use wareport::view;

fn visibility() -> impl Strategy<Value = Option<Visibility>> {
    prop::option::of(prop_oneof![
        Just(Visibility::Everyone),
        Just(Visibility::MyContacts),
        Just(Visibility::Nobody),
        Just(Visibility::MyContactsExcept),
    ])
}

/// Small pools, so that duplicates and overlaps between reports are common.
fn report() -> impl Strategy<Value = Report> {
    let phone = (0u8..6).prop_map(|i| Phone::new(format!("+1555555010{i}")));
    let group = prop::sample::select(vec![
        "Book club",
        "Football ",
        "Family🙂",
        "\u{200e}",
        "St. Mary's P.T.A.",
        "Trip: Lisbon",
    ])
    .prop_map(GroupName::new);
    let device = (
        0i64..4,
        prop::option::of(prop::sample::select(vec!["2001:db8:1::", "10.0.0.0"])),
        prop::option::of(prop::sample::select(vec!["OFFLINE", "INACTIVE"])),
        prop::option::of(0i64..3),
    );
    (
        prop::sample::select(vec![Generation::A, Generation::B, Generation::C]),
        prop::option::of(prop::collection::vec(phone.clone(), 0..8)),
        prop::option::of(prop::collection::vec(group, 0..8)),
        prop::option::of(prop::collection::vec(phone, 0..3)),
        visibility(),
        visibility(),
        prop::option::of(any::<bool>()),
        prop::collection::vec(device, 0..4),
        prop::option::of(prop::sample::select(vec!["a@example.com", "b@example.com"])),
    )
        .prop_map(
            |(
                generation,
                contacts,
                groups,
                blocked,
                last_seen,
                about,
                receipts,
                devices,
                email,
            )| {
                let mut r = Report::empty(generation);
                r.contacts = contacts.map(Contacts::Kept);
                r.groups = groups;
                r.blocked = blocked;
                r.privacy.last_seen = last_seen;
                r.privacy.about = about;
                r.privacy.read_receipts = receipts;
                r.terms.tos_2018_accepted = receipts;
                r.account.email = email.map(Email::new);
                for (id, ip, status, fetched) in devices {
                    let d = r.device_mut(id);
                    d.previous_ip = ip.map(|ip| Ip::parse(ip).unwrap());
                    d.status = status.map(Text::new);
                    d.settings_last_fetch_at =
                        fetched.map(|s| jiff::Timestamp::from_second(1_600_000_000 + s).unwrap());
                }
                r
            },
        )
}

fn sorted(changes: impl IntoIterator<Item = Change>) -> Vec<String> {
    let mut out: Vec<String> = changes.into_iter().map(|c| format!("{c:?}")).collect();
    out.sort();
    out
}

proptest! {
    #[test]
    fn a_report_against_itself_has_no_changes(a in report()) {
        let d = diff(&a, &a);
        prop_assert!(d.changes.is_empty(), "{:?}", d.changes);
        prop_assert!(d.not_comparable.is_empty());
    }

    #[test]
    fn diff_is_antisymmetric(a in report(), b in report()) {
        let forward = diff(&a, &b);
        let backward = diff(&b, &a);
        prop_assert_eq!(sorted(forward.changes.iter().map(Change::mirrored)), sorted(backward.changes));
        let mut f = forward.not_comparable.clone();
        let mut r = backward.not_comparable.clone();
        f.sort();
        r.sort();
        prop_assert_eq!(f, r);
    }

    #[test]
    fn lists_follow_the_multiset_law(a in report(), b in report()) {
        let d = diff(&a, &b);
        let texts = |list: &[Phone]| list.iter().map(|p| p.exact().to_string()).collect::<Vec<_>>();
        let names = |list: &[GroupName]| list.iter().map(|g| g.exact().to_string()).collect::<Vec<_>>();
        for (list, old, new, both) in [
            (ItemList::Contacts, texts(a.contact_numbers()), texts(b.contact_numbers()), a.contacts.is_some() && b.contacts.is_some()),
            (ItemList::Groups, names(a.group_names()), names(b.group_names()), a.groups.is_some() && b.groups.is_some()),
        ] {
            let mut keys: Vec<&String> = old.iter().chain(new.iter()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let count = |list: &Vec<String>| list.iter().filter(|x| *x == key).count() as i64;
                let of = |op| d.changes.iter().filter(|c| c.key == Key::Item(list) && c.op == op && &c.key_text() == key).count() as i64;
                if both {
                    prop_assert_eq!(of(Op::Added) - of(Op::Removed), count(&new) - count(&old));
                    prop_assert!(of(Op::Added) == 0 || of(Op::Removed) == 0);
                } else {
                    prop_assert_eq!(of(Op::Added) + of(Op::Removed), 0, "a list one report lacks is not compared");
                }
            }
        }
    }
}

// ---- The archive reader and every parser, on bytes nobody should send.

use wareport::archive::{Archive, Limits};

/// Opens, parses (every parser: cross-checking reads all HTML twins) and renders whatever
/// the bytes are. Errors are fine; a panic fails the property.
fn survive(bytes: Vec<u8>) {
    let limits = Limits {
        max_entries: 200,
        max_entry_bytes: 1 << 20,
        max_total_bytes: 8 << 20,
        max_input_bytes: 8 << 20,
    };
    let Ok(mut archive) = Archive::from_zip_bytes("p.zip", bytes, limits) else {
        return;
    };
    let options = wareport::parse::Options {
        cross_check: true,
        ..Default::default()
    };
    let Ok(parsed) = wareport::parse::parse(&mut archive, options) else {
        return;
    };
    let r = &parsed.report;
    let style = Style::plain();
    let _ = view::to_json(&view::Show::new(r, &[]));
    let _ = render::table::show(&view::Show::new(r, &[]), &style);
    let _ = render::summary::summary(&view::Summary::new(r), &style, "PATH");
    let findings = wareport::audit::audit(r, Default::default());
    let _ = render::audit::text(&view::AuditView::new(&findings), &style);
    let inspection = wareport::inspect::inspect(&parsed);
    let _ = render::inspect::text(&wareport::view::InspectView::new(&inspection), &style);
    let _ = view::to_json(&view::InspectView::new(&inspection));
    let _ = wareport::diff::diff(r, r);
}

fn stored_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in files {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The JSON and HTML files of the fixtures every parser reads.
fn parsed_files() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for name in ["gen-a-iphone", "gen-b-android", "gen-c-android"] {
        for (file, _) in crate::support::files_of(&crate::support::fixture(name)) {
            if file.ends_with(".json") || (file.ends_with(".html") && file != "index.html") {
                out.push((name, file));
            }
        }
    }
    out
}

/// Bytes that are sometimes noise and sometimes look like JSON or HTML.
fn content() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        "[\\[\\]{}\":,0-9a-zA-Z_ .+<>/=\\-]{0,300}".prop_map(String::into_bytes),
        "(<(div|tr|td|span|br|hr|table)>|</(div|tr|td|span|table)>|[A-Za-z: 0-9+\\-—]){0,200}"
            .prop_map(String::into_bytes),
    ]
}

proptest! {
    #[test]
    fn the_archive_reader_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        survive(bytes);
    }

    #[test]
    fn the_archive_reader_survives_mutated_reports(
        mutations in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16)
    ) {
        let mut bytes = std::fs::read(crate::support::fixture("gen-b-android.zip")).unwrap();
        for (at, byte) in mutations {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        survive(bytes);
    }

    #[test]
    fn every_parser_survives_arbitrary_content(which in any::<prop::sample::Index>(), bytes in content()) {
        let files = parsed_files();
        let (name, file) = &files[which.index(files.len())];
        let fixture = crate::support::files_of(&crate::support::fixture(name));
        let mut replaced: Vec<(String, Vec<u8>)> = fixture.into_iter().filter(|(n, _)| n != file).collect();
        replaced.push((file.clone(), bytes));
        survive(stored_zip(&replaced));
    }

    #[test]
    fn every_parser_survives_mutated_content(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24)
    ) {
        let files = parsed_files();
        let (name, file) = &files[which.index(files.len())];
        let mut fixture = crate::support::files_of(&crate::support::fixture(name));
        for (n, data) in fixture.iter_mut() {
            if n == file && !data.is_empty() {
                for (at, byte) in &mutations {
                    let i = at.index(data.len());
                    data[i] = *byte;
                }
            }
        }
        survive(stored_zip(&fixture));
    }
}
