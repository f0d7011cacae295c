//! Properties of the pure core, over generated reports. `PROPTEST_CASES` raises the number
//! of cases for long local runs; CI uses proptest's default.

use proptest::prelude::*;
use wareport::diff::{Change, Op, diff};
use wareport::model::{Blocked, Generation, Report, StatusPrivacy, Visibility};
use wareport::redact::Redactor;
use wareport::render::{self, Style};

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
    let phone = (0u8..6).prop_map(|i| format!("+1555555010{i}"));
    let group = prop::sample::select(vec!["Book club", "Football ", "Family🙂", "\u{200e}", "x"])
        .prop_map(String::from);
    let device = (
        0i64..4,
        prop::option::of(prop::sample::select(vec!["2001:db8:1::", "10.0.0.0"])),
        prop::option::of(prop::sample::select(vec!["OFFLINE", "INACTIVE"])),
    );
    (
        prop::sample::select(vec![Generation::A, Generation::B, Generation::C]),
        prop::collection::vec(phone.clone(), 0..8),
        prop::collection::vec(group, 0..8),
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
                r.contacts = contacts;
                r.groups = groups;
                r.blocked = blocked.map(|numbers| Blocked {
                    numbers,
                    updated_at: None,
                });
                r.privacy.last_seen = last_seen;
                r.privacy.about = about;
                r.privacy.read_receipts = receipts;
                r.terms.tos_2018.value = receipts;
                r.account.email = email.map(String::from);
                for (id, ip, status) in devices {
                    let d = r.device_mut(id);
                    d.previous_ip = ip.map(String::from);
                    d.status = status.map(String::from);
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
        for (section, old, new) in [
            (wareport::diff::Section::Contacts, &a.contacts, &b.contacts),
            (wareport::diff::Section::Groups, &a.groups, &b.groups),
        ] {
            let mut keys: Vec<&String> = old.iter().chain(new.iter()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let count = |list: &Vec<String>| list.iter().filter(|x| *x == key).count() as i64;
                let of = |op| d.changes.iter().filter(|c| c.section == section && c.op == op && &c.key == key).count() as i64;
                prop_assert_eq!(of(Op::Added) - of(Op::Removed), count(new) - count(old));
                prop_assert!(of(Op::Added) == 0 || of(Op::Removed) == 0);
            }
        }
    }
}

/// A report full of identifiers that cannot turn up in output by chance: numbers of random
/// digits, and names in capitals (pseudonyms are lower case).
fn identifying_report() -> impl Strategy<Value = (Report, Vec<String>)> {
    let phone = "[1-9][0-9]{9,12}".prop_map(|d| format!("+{d}"));
    let word = "[A-Z]{8}";
    (
        phone.clone(),
        prop::collection::vec(phone.clone(), 1..6),
        prop::collection::vec(phone, 1..3),
        prop::collection::vec(word, 1..5),
        "[A-Z]{8}",
        "[A-Z]{8}",
        (1u8..255, 1u8..255, 1u8..255),
        "[0-9a-f]{1,4}",
    )
        .prop_map(
            |(own, contacts, excluded, groups, name, about, (a, b, c), segment)| {
                let mut r = Report::empty(Generation::B);
                r.generated_at = Some("2022-08-11T03:11:20Z".parse().unwrap());
                r.account.phone_number = Some(own.clone());
                r.account.name = Some(format!("N{name}"));
                r.account.email = Some(format!("E{name}@example.org"));
                r.account.about = Some(format!("A{about}"));
                r.contacts = contacts.clone();
                r.groups = groups.iter().map(|g| format!("G{g}")).collect();
                r.blocked = Some(Blocked {
                    numbers: excluded.clone(),
                    updated_at: None,
                });
                r.privacy.status = Some(StatusPrivacy {
                    mode: Some(Visibility::MyContactsExcept),
                    except: excluded.clone(),
                    only_share_with: vec![],
                });
                let current = format!("10.{a}.{b}.{c}");
                let previous = format!("2001:db8:{segment}:{a:x}::");
                let d = r.device_mut(2);
                d.current_ip = Some(current.clone());
                d.current_port = Some(443);
                d.previous_ip = Some(previous.clone());
                r.warnings.push(wareport::model::Warning::new(
                    wareport::model::WarningKind::Invalid,
                    "whatsapp_connections/contacts.json",
                    format!("`{}` is not a phone number; kept as given", own),
                ));
                let mut ids: Vec<String> = Vec::new();
                for number in std::iter::once(&own).chain(&contacts).chain(&excluded) {
                    let digits = &number[1..];
                    ids.extend(
                        digits
                            .as_bytes()
                            .windows(6)
                            .map(|w| String::from_utf8(w.to_vec()).unwrap()),
                    );
                }
                ids.extend([
                    format!("N{name}"),
                    format!("E{name}@example.org"),
                    format!("A{about}"),
                    current,
                    previous,
                ]);
                ids.extend(r.groups.iter().cloned());
                (r, ids)
            },
        )
}

proptest! {
    #[test]
    fn no_identifier_survives_redaction((report, ids) in identifying_report(), (other, other_ids) in identifying_report()) {
        let redactor = Redactor::new(Some("property key"), false).unwrap();
        let (a, b) = (redactor.report(&report), redactor.report(&other));
        let style = Style::plain();
        let d = wareport::diff::diff(&a, &b);
        let findings = wareport::audit::audit(&a, wareport::audit::Thresholds::default());
        let outputs = [
            render::json::show(&a, &[]),
            render::json::summary(&a),
            render::table::show(&a, &[], &style),
            render::summary::summary(&a, &style),
            render::audit::json(&findings),
            render::audit::text(&findings, &style),
            render::diff::json(&d, &a, &b),
            render::diff::text(&d, &a, &b, &style),
        ];
        for output in &outputs {
            for id in ids.iter().chain(&other_ids) {
                prop_assert!(!output.contains(id.as_str()), "`{}` survives in {}", id, output);
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
    let _ = render::json::show(r, &[]);
    let _ = render::table::show(r, &[], &style);
    let _ = render::summary::summary(r, &style);
    let _ = render::audit::text(&wareport::audit::audit(r, Default::default()), &style);
    let _ = render::inspect::text(&wareport::inspect::inspect(&parsed), &style);
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
