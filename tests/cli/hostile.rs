//! Hostile input, built in test code. Every case either exits 2 with one line naming the
//! entry, or exits 0 with warnings where what is left is still a report; none panics, and
//! each runs under a 256 MiB address-space limit. (Cases about the archive's shape that need
//! no special bytes, such as unsafe names, symlinks, encryption and duplicates, are in
//! `archive.rs`; wrong JSON types and invalid UTF-8 in `parsing.rs`.)

use std::fmt::Write;

use serde_json::json;

use crate::support::{Test, files_of, fixture, temp_file, with_file, without_file, zip_files};

/// One entry of a hand-made ZIP: the bytes as stored, and what the headers claim.
pub(crate) struct Raw {
    pub name: String,
    pub method: u16,
    pub data: Vec<u8>,
    pub declared_size: u32,
}

/// Writes a ZIP by hand, so that headers can say what ZipWriter never would.
fn raw_zip(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, n: u16| v.extend_from_slice(&n.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, n: u32| v.extend_from_slice(&n.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        out.extend_from_slice(b"PK\x03\x04");
        le16(&mut out, 20); // version needed
        le16(&mut out, 0x0800); // UTF-8 names
        le16(&mut out, e.method);
        le32(&mut out, 0); // time and date
        le32(&mut out, 0); // crc: never reached, the caps stop reading first
        le32(&mut out, e.data.len() as u32);
        le32(&mut out, e.declared_size);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);

        central.extend_from_slice(b"PK\x01\x02");
        le16(&mut central, 0x031e); // made by: unix
        le16(&mut central, 20);
        le16(&mut central, 0x0800);
        le16(&mut central, e.method);
        le32(&mut central, 0);
        le32(&mut central, 0);
        le32(&mut central, e.data.len() as u32);
        le32(&mut central, e.declared_size);
        le16(&mut central, name.len() as u16);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le32(&mut central, 0o100644 << 16);
        le32(&mut central, offset);
        central.extend_from_slice(name);
    }
    let start = out.len() as u32;
    let count = entries.len().min(0xfffe) as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, count);
    le16(&mut out, count);
    le32(&mut out, central.len() as u32);
    le32(&mut out, start);
    le16(&mut out, 0);
    out
}

/// The rest of a small gen B report, stored, so that detection succeeds.
pub(crate) fn report_around(mut entries: Vec<Raw>) -> Vec<u8> {
    for name in [
        "whatsapp_settings/terms_of_service.json",
        "whatsapp_connections/groups.json",
    ] {
        let data = std::fs::read(fixture("gen-b-android").join(name)).unwrap();
        entries.push(Raw {
            name: name.into(),
            method: 0,
            declared_size: data.len() as u32,
            data,
        });
    }
    raw_zip(&entries)
}

/// A raw deflate stream that inflates to `gib` GiB of zeros: one fully flushed MiB of zeros
/// (byte-aligned and independent of what came before), repeated, then a final empty block.
pub(crate) fn deflate_bomb(gib: usize) -> Vec<u8> {
    let mut chunk = Vec::with_capacity(4096);
    let mut z = flate2::Compress::new(flate2::Compression::best(), false);
    z.compress_vec(&vec![0u8; 1 << 20], &mut chunk, flate2::FlushCompress::Full)
        .unwrap();
    assert!(chunk.len() < 4096, "{}", chunk.len());
    let mut stream = Vec::with_capacity(chunk.len() * 1024 * gib + 2);
    for _ in 0..1024 * gib {
        stream.extend_from_slice(&chunk);
    }
    stream.extend_from_slice(&[0x03, 0x00]);
    stream
}

/// The gen B fixture with its user information in HTML only, as `page`.
fn user_page_only(page: &str) -> Vec<(String, Vec<u8>)> {
    let files = without_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_account_information/user_information.json",
    );
    with_file(
        files,
        "whatsapp_account_information/user_information.html",
        page,
    )
}

/// Runs `command PATH sections...` on the bytes, under the memory limit.
fn run(bytes: &[u8], command: &[&str]) -> crate::support::Outcome {
    run_sections(bytes, command, &[])
}

fn run_sections(bytes: &[u8], command: &[&str], sections: &[&str]) -> crate::support::Outcome {
    let (_dir, path) = temp_file("hostile.zip", bytes);
    Test::new()
        .limited()
        .args(command)
        .arg(&path)
        .args(sections)
        .run()
}

#[test]
fn deflate_bomb_declaring_its_size_is_refused_before_inflating() {
    let bomb = deflate_bomb(2);
    let bytes = report_around(vec![Raw {
        name: "whatsapp_connections/contacts.json".into(),
        method: 8,
        data: bomb,
        declared_size: u32::MAX,
    }]);
    let out = run(&bytes, &["summary", "--json"]);
    let msg = out.error();
    assert!(
        msg.contains(
            "entry `whatsapp_connections/contacts.json` is larger than the 67108864-byte limit"
        ),
        "{msg}"
    );
}

#[test]
fn deflate_bomb_understating_its_size_is_cut_off_at_the_cap() {
    let bytes = report_around(vec![Raw {
        name: "whatsapp_connections/contacts.json".into(),
        method: 8,
        data: deflate_bomb(2),
        declared_size: 1000,
    }]);
    let out = run(&bytes, &["summary", "--json"]);
    let msg = out.error();
    // The zip reader notices the lie first; either way the entry is named and never inflated
    // past what was declared.
    assert!(
        msg.contains("entry `whatsapp_connections/contacts.json`"),
        "{msg}"
    );
    assert!(msg.contains("larger than"), "{msg}");
}

#[test]
fn two_hundred_thousand_tiny_entries_are_refused() {
    let entries: Vec<Raw> = (0..200_000)
        .map(|i| Raw {
            name: format!("whatsapp_connections/x{i}"),
            method: 0,
            data: Vec::new(),
            declared_size: 0,
        })
        .collect();
    let out = run(&raw_zip(&entries), &["summary"]);
    let msg = out.error();
    assert!(msg.contains("has more than 10000 entries"), "{msg}");
}

#[test]
fn deeply_nested_json_is_an_error_naming_the_entry() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let name = "whatsapp_account_information/user_information.json";
    let files = with_file(files_of(&fixture("gen-b-android")), name, &deep);
    let out = run(&zip_files(&files, "", 0), &["show", "--json"]);
    let msg = out.error();
    assert!(
        msg.contains(&format!(
            "entry `{name}`: invalid JSON: recursion limit exceeded"
        )),
        "{msg}"
    );
}

#[test]
fn deeply_nested_json_inside_a_list_is_one_skipped_element() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!("{{\"wa_contacts\": [\"+15555550101\", {deep}]}}");
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/contacts.json",
        &text,
    );
    let out = run(&zip_files(&files, "", 0), &["show", "--json"]);
    out.success();
    let v = out.json();
    assert_eq!(v["contacts"], json!(["+15555550101"]));
    assert_eq!(
        v["warnings"],
        json!([
            "whatsapp_connections/contacts.json: `wa_contacts[1]`: expected text, found a list; skipped"
        ])
    );
}

#[test]
fn deeply_nested_html_is_refused_before_building_a_tree() {
    // A document tree is quadratic in nesting depth: 100,000 divs would take hours.
    let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let page =
        format!("<html><body><table><tr><td>About</td><td>{deep}</td></tr></table></body></html>");
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_account_information/user_information.html",
        &page,
    );
    let out = run_sections(&zip_files(&files, "", 0), &["show", "--json"], &["account"]);
    out.success();
    let v = out.json();
    assert_eq!(
        v["account"]["phone_number"], "+15555550123",
        "the JSON is still read"
    );
    assert_eq!(
        v["warnings"],
        json!([
            "whatsapp_account_information/user_information.html: elements nested 100005 deep (more than 512); not read"
        ])
    );
}

#[test]
fn html_nested_up_to_the_limit_is_read() {
    // Under the 512-level guard a tree is built; `lines` walks it iteratively (unit-tested
    // with 200,000 levels).
    let page = format!(
        "<html><body><div role=\"main\"><table><tr><td>About</td><td>{}x{}</td></tr></table></div></body></html>",
        "<span>".repeat(500),
        "</span>".repeat(500)
    );
    let files = user_page_only(&page);
    let out = run_sections(&zip_files(&files, "", 0), &["show", "--json"], &["account"]);
    out.success();
    assert_eq!(out.json()["account"]["about"], "x");
}

#[test]
fn a_30_mb_one_line_list_page_is_read() {
    let n = 1_400_000;
    let mut page = String::with_capacity(32 << 20);
    page.push_str("<html><head><title>Contacts</title></head><body><div role=\"main\"><div><div>");
    for i in 0..n {
        write!(page, "<div>+1555{i:07}</div>").unwrap();
    }
    page.push_str("</div></div></div></body></html>");
    assert!(page.len() > 30_000_000 && !page.contains('\n'));
    let files = without_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/contacts.json",
    );
    let files = with_file(files, "whatsapp_connections/contacts.html", &page);
    let out = run(&zip_files(&files, "", 0), &["summary", "--json"]);
    out.success();
    let v = out.json();
    assert_eq!(v["counts"]["contacts"], n);
    assert_eq!(
        v["warnings"],
        json!([
            "whatsapp_connections/contacts.json: missing from the report; read from its HTML twin `whatsapp_connections/contacts.html` instead"
        ])
    );
}

#[test]
fn a_30_mb_one_line_key_value_page_is_read() {
    // A profile picture of 30 MB in a data URI, on one line.
    let picture = "A".repeat(30 << 20);
    let text = std::fs::read_to_string(
        fixture("gen-b-android").join("whatsapp_account_information/user_information.html"),
    )
    .unwrap();
    let start = text.find("base64,").unwrap() + "base64,".len();
    let end = start + text[start..].find('"').unwrap();
    let page = format!("{}{picture}{}", &text[..start], &text[end..]);
    let files = user_page_only(&page);
    let out = run_sections(&zip_files(&files, "", 0), &["show", "--json"], &["account"]);
    out.success();
    let v = out.json();
    assert_eq!(
        v["account"]["profile_picture"]["size_bytes"],
        (30u64 << 20) / 4 * 3
    );
    assert_eq!(v["account"]["phone_number"], "+15555550123");
}

/// Group names with a NUL, terminal escapes (a title, a colour), a bidi override, a tab, and
/// an emoji sequence with joiners.
pub(crate) const HOSTILE_NAMES: [&str; 6] = [
    "nul\u{0}byte",
    "\u{1b}]0;title\u{7}bell",
    "\u{1b}[1;31mred",
    "rtl\u{202e}txt.exe",
    "tab\there",
    "👨\u{200d}👩\u{200d}👧 ok",
];

#[test]
fn control_ansi_bidi_and_nul_characters_are_escaped_for_the_terminal_only() {
    let names = HOSTILE_NAMES;
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/groups.json",
        &json!({"wa_groups": names}).to_string(),
    );
    let bytes = zip_files(&files, "", 0);
    let table = run_sections(&bytes, &["show"], &["groups"]);
    table.success();
    for c in ['\u{0}', '\u{1b}', '\u{7}', '\u{202e}', '\t'] {
        assert!(!table.stdout.contains(c), "{c:?} reached the terminal");
    }
    for escaped in [
        "nul\\u{0}byte",
        "\\u{1b}]0;title\\u{7}bell",
        "rtl\\u{202e}txt.exe",
        "tab\\u{9}here",
        "👨\u{200d}👩\u{200d}👧 ok",
    ] {
        assert!(
            table.stdout.contains(escaped),
            "{escaped} missing in {}",
            table.stdout
        );
    }
    let json = run_sections(&bytes, &["show", "--json"], &["groups"]);
    assert_eq!(
        json.json()["groups"],
        json!(names),
        "JSON keeps the exact text"
    );
}

#[test]
fn a_zip_inside_a_zip_is_just_an_unknown_file() {
    let inner = zip_files(&files_of(&fixture("gen-b2-iphone")), "", 0);
    let mut files = files_of(&fixture("gen-b-android"));
    files.push(("whatsapp_connections/nested.zip".into(), inner));
    let out = run(&zip_files(&files, "", 0), &["summary", "--json"]);
    out.success();
    assert_eq!(
        out.json()["warnings"],
        json!(["whatsapp_connections/nested.zip: unknown file; not read"])
    );
}
