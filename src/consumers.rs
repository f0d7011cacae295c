//! A test that every consumer of the model's table meets every field: a field added to the
//! table and missed by `show`, the report page, the export or the label tables fails here.
//! (Diff, redaction, inspect and the JSON/HTML merge go through the walk, so they meet
//! every field by construction; `model`'s own tests hold the table and the JSON together.)

use std::collections::BTreeSet;

use crate::model::{FieldDef, LeafKind, fields, tests_support::full};
use crate::parse::labels::{Nested, Row, languages};

/// Fields no row of a report names: each is read with another field's value.
const UNLABELLED: [(&str, &str); 4] = [
    (
        "registration.app_version",
        "the version in the platform's text",
    ),
    (
        "account.profile_picture.size_bytes",
        "the picture's own size",
    ),
    (
        "devices[].current_port",
        "the port in the current address's text",
    ),
    ("payments", "the payments folder, not a row"),
];

#[test]
fn show_names_every_field() {
    let report = full();
    let style = crate::render::Style::plain();
    let text = crate::render::table::show(&crate::view::Show::new(&report, &[]), &style);
    for d in fields() {
        // The lists are sections of their own, titled by what they hold.
        let title = match d.kind {
            LeafKind::Contacts => "Contacts (",
            LeafKind::Groups => "Groups (",
            LeafKind::Phones => "Blocked numbers (",
            _ => d.meta.show,
        };
        assert!(text.contains(title), "show does not name {}", d.path);
    }
}

#[test]
fn the_page_marks_every_field() {
    let report = full();
    let steps = crate::timeline::timeline(
        vec![(crate::text::EntryName::new("r.zip"), report)],
        false,
        &[],
    )
    .unwrap();
    let html = crate::page::page(&steps, &crate::format::Clock::utc(), false);
    for d in fields() {
        // The lists have their own sections: figures and folded lists.
        if matches!(
            d.kind,
            LeafKind::Contacts | LeafKind::Groups | LeafKind::Phones
        ) {
            continue;
        }
        assert!(
            html.contains(&format!("data-field=\"{}\"", d.path)),
            "the page does not show {}",
            d.path
        );
    }
}

#[test]
fn the_export_has_a_column_for_every_field() {
    let columns: BTreeSet<&str> = crate::tables::schema::Table::ALL
        .iter()
        .flat_map(|t| t.def().columns.iter().map(|c| c.name))
        .collect();
    for d in fields() {
        // The sync sessions are a table of their own.
        if d.kind == LeafKind::Sessions {
            continue;
        }
        let Some((_, names)) = d.meta.export else {
            panic!("{} has no export column", d.path);
        };
        for name in names {
            assert!(columns.contains(name), "{}: no column {name}", d.path);
        }
    }
}

#[test]
fn every_field_a_report_labels_has_an_english_label() {
    let english = &languages()[0];
    let labelled = |d: &'static FieldDef| {
        if d.is_device() {
            english.nested_labels(Nested::Field(d)).is_some()
        } else {
            english.row_labels(Row::Field(d)).is_some()
        }
    };
    for d in fields() {
        let unlabelled = UNLABELLED.iter().any(|(p, _)| *p == d.path);
        assert_eq!(
            labelled(d),
            !unlabelled,
            "{}: {}",
            d.path,
            if unlabelled {
                "listed as unlabelled, yet labelled"
            } else {
                "no English label (src/parse/labels/en.json)"
            }
        );
    }
}
