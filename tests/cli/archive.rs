//! Opening reports: every way WhatsApp, unzip tools and users package one, and hostile
//! archives, each test named after what it defends against.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::support::{Test, files_of, fixture, temp_file, zip_files, zip_fixture};

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn run_zip(bytes: &[u8]) -> crate::support::Outcome {
    let (_dir, path) = temp_file("report.zip", bytes);
    Test::new()
        .limited()
        .args(["summary", "--json"])
        .arg(&path)
        .run()
}

#[test]
fn zip_under_any_file_name_is_read() {
    for name in [
        "My Account Info.zip",
        "Mijn accountinformatie.zip",
        "Account_information_alex_6_aug_22.zip",
        "no-extension",
    ] {
        let (_dir, path) = temp_file(name, &zip_fixture("gen-b-android", 1));
        let out = Test::new().args(["summary", "--json"]).arg(&path).run();
        out.success();
        assert_eq!(out.json()["phone_number"], "+15555550123", "{name}");
    }
}

#[test]
fn report_one_folder_down_in_a_zip_is_read() {
    let bytes = zip_files(&files_of(&fixture("gen-b2-iphone")), "My Account Info/", 2);
    let out = run_zip(&bytes);
    out.success();
    assert_eq!(out.json()["generation"], "B2");
    assert_eq!(out.json()["counts"]["contacts"], 3);
}

#[test]
fn extracted_folder_one_level_down_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in files_of(&fixture("gen-c-android")) {
        let path = dir.path().join("Mijn accountinformatie").join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    std::fs::write(dir.path().join(".DS_Store"), b"junk").unwrap();
    let out = Test::new()
        .args(["summary", "--json"])
        .arg(dir.path())
        .run();
    out.success();
    assert_eq!(out.json()["generation"], "C");
    assert_eq!(out.json()["warnings"], serde_json::json!([]));
}

#[test]
fn macos_litter_is_ignored() {
    let mut files = files_of(&fixture("gen-b-android"));
    files.push((
        "__MACOSX/whatsapp_connections/._contacts.json".into(),
        b"\0\x05\x16\x07".to_vec(),
    ));
    files.push(("whatsapp_connections/.DS_Store".into(), b"junk".to_vec()));
    let out = run_zip(&zip_files(&files, "", 0));
    out.success();
    assert_eq!(out.json()["warnings"], serde_json::json!([]));
}

#[test]
fn entry_over_the_size_limit_is_refused() {
    let (_dir, path) = temp_file("r.zip", &zip_fixture("gen-b-android", 0));
    let out = Test::new()
        .args(["summary", "--max-entry-size", "2K"])
        .arg(&path)
        .run();
    let msg = out.error();
    assert!(msg.contains("r.zip: entry `whatsapp_account_information/user_information.json` is larger than the 2048-byte limit"), "{msg}");
    assert!(msg.contains("--max-entry-size"), "{msg}");
    // The cap can be raised.
    Test::new()
        .args(["summary", "--max-entry-size", "1M"])
        .arg(&path)
        .run()
        .success();
}

#[test]
fn entry_whose_header_understates_its_size_is_still_capped() {
    // A stored entry whose declared sizes are rewritten to 10 bytes: the reader must count
    // what it inflates, not trust the header.
    let big = vec![b'{'; 4096];
    let mut bytes = zip_with(&[("whatsapp_connections/contacts.json", &big)]);
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let at = bytes.windows(4).position(|w| w == sig).unwrap();
        let size_at = if sig[2] == 3 { at + 22 } else { at + 24 };
        bytes[size_at..size_at + 4].copy_from_slice(&10u32.to_le_bytes());
    }
    let (_dir, path) = temp_file("r.zip", &bytes);
    let out = Test::new()
        .args(["summary", "--max-entry-size", "1K"])
        .arg(&path)
        .run();
    let msg = out.error();
    assert!(msg.contains("contacts.json"), "{msg}");
}

#[test]
fn total_over_the_limit_is_refused() {
    let (_dir, path) = temp_file("r.zip", &zip_fixture("gen-b-android", 0));
    let out = Test::new()
        .args(["summary", "--max-total-size", "5K"])
        .arg(&path)
        .run();
    let msg = out.error();
    assert!(msg.contains("--max-total-size"), "{msg}");
}

#[test]
fn too_many_entries_are_refused() {
    let (_dir, path) = temp_file("r.zip", &zip_fixture("gen-b-android", 0));
    let msg = Test::new()
        .args(["summary", "--max-entries", "5"])
        .arg(&path)
        .run()
        .error()
        .to_string();
    assert!(msg.contains("more than 5 entries"), "{msg}");
}

#[test]
fn entry_with_parent_dir_is_rejected() {
    let out = run_zip(&zip_with(&[(
        "whatsapp_connections/../../evil.json",
        b"{}",
    )]));
    let msg = out.error();
    assert!(
        msg.contains("entry `whatsapp_connections/../../evil.json` has an unsafe name"),
        "{msg}"
    );
}

/// Rewrites every occurrence of `from` in the raw bytes (names in local and central headers)
/// to `to`, of the same length: how archives that ZipWriter refuses to write are made.
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut found = false;
    while let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
        bytes[at..at + to.len()].copy_from_slice(to);
        found = true;
    }
    assert!(found);
}

#[test]
fn absolute_entry_name_is_rejected() {
    let mut bytes = zip_with(&[("Xetc/whatsapp_connections/contacts.json", b"{}")]);
    patch(&mut bytes, b"Xetc/", b"/etc/");
    let msg = run_zip(&bytes).error().to_string();
    assert!(
        msg.contains("entry `/etc/whatsapp_connections/contacts.json` has an unsafe name"),
        "{msg}"
    );
}

#[test]
fn windows_drive_and_backslash_names_are_rejected() {
    for (fake, real) in [
        (
            &b"Xy/whatsapp_connections/a.json"[..],
            &b"C:/whatsapp_connections/a.json"[..],
        ),
        (
            b"whatsapp_connectionsXa.json",
            b"whatsapp_connections\\a.json",
        ),
    ] {
        let name = std::str::from_utf8(fake).unwrap();
        let mut bytes = zip_with(&[(name, b"{}")]);
        patch(&mut bytes, fake, real);
        let msg = run_zip(&bytes).error().to_string();
        assert!(msg.contains("unsafe name"), "{msg}");
    }
}

#[test]
fn encrypted_entry_is_rejected() {
    let mut bytes = zip_with(&[(
        "whatsapp_connections/contacts.json",
        b"{\"wa_contacts\":[]}",
    )]);
    // Set bit 0 (encrypted) of the general purpose flags in the local and central headers.
    for (sig, offset) in [(&b"PK\x03\x04"[..], 6), (&b"PK\x01\x02"[..], 8)] {
        let at = bytes.windows(4).position(|w| w == sig).unwrap();
        bytes[at + offset] |= 1;
    }
    let msg = run_zip(&bytes).error().to_string();
    assert!(
        msg.contains("entry `whatsapp_connections/contacts.json` is encrypted"),
        "{msg}"
    );
}

#[test]
fn symlink_entry_is_rejected() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.add_symlink(
        "whatsapp_connections/contacts.json",
        "/etc/passwd",
        SimpleFileOptions::default(),
    )
    .unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let msg = run_zip(&bytes).error().to_string();
    assert!(msg.contains("is a symbolic link"), "{msg}");
}

#[cfg(unix)]
#[test]
fn symlink_in_a_folder_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in files_of(&fixture("gen-b-android")) {
        let path = dir.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    std::os::unix::fs::symlink(
        "/etc/passwd",
        dir.path().join("whatsapp_connections/extra.json"),
    )
    .unwrap();
    let msg = Test::new()
        .arg("summary")
        .arg(dir.path())
        .run()
        .error()
        .to_string();
    assert!(
        msg.contains("`whatsapp_connections/extra.json` is a symbolic link"),
        "{msg}"
    );
}

#[test]
fn duplicate_entry_names_are_rejected() {
    // ZipWriter refuses duplicates, so rename the second entry in the bytes.
    let mut bytes = zip_with(&[
        ("whatsapp_connections/contacts.json", b"{}"),
        ("whatsapp_connections/contacts.jsoX", b"{}"),
    ]);
    patch(&mut bytes, b"contacts.jsoX", b"contacts.json");
    let msg = run_zip(&bytes).error().to_string();
    assert!(msg.contains("appears more than once"), "{msg}");
}

#[test]
fn not_a_zip_is_a_clear_error() {
    let msg = run_zip(b"this is not a zip file").error().to_string();
    assert!(msg.contains("report.zip: not a ZIP archive"), "{msg}");
}

#[test]
fn truncated_zip_is_a_clear_error() {
    let bytes = zip_fixture("gen-b-android", 0);
    let msg = run_zip(&bytes[..bytes.len() / 2]).error().to_string();
    assert!(msg.contains("report.zip: not a ZIP archive"), "{msg}");
}

#[test]
fn empty_zip_lists_what_was_expected() {
    let msg = run_zip(&zip_with(&[])).error().to_string();
    assert!(msg.contains("not a WhatsApp account report"), "{msg}");
    assert!(msg.contains("found no files"), "{msg}");
}

#[test]
fn zip_of_unrelated_files_lists_what_was_found() {
    let msg = run_zip(&zip_with(&[
        ("holiday.jpg", b"x"),
        ("notes/todo.txt", b"y"),
    ]))
    .error()
    .to_string();
    assert!(msg.contains("found holiday.jpg, notes/todo.txt"), "{msg}");
    assert!(
        msg.contains("`access.html` and `portability.json`"),
        "{msg}"
    );
}

#[test]
fn missing_path_is_a_clear_error() {
    let msg = Test::new()
        .args(["summary", "/nonexistent/report.zip"])
        .run()
        .error()
        .to_string();
    assert_eq!(
        msg,
        "wareport: error: /nonexistent/report.zip: no such file or folder; check the path"
    );
}

#[test]
fn garbage_on_stdin_is_a_clear_error() {
    let out = Test::new()
        .args(["summary", "-"])
        .stdin(b"\x00\x01garbage".to_vec())
        .run();
    assert!(out.error().contains("<stdin>: not a ZIP archive"));
}
