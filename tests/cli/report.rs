//! `wareport report`: the HTML page. Structure (CSP, no external reference, every fixture's
//! values, hostile text inert, nothing identifying when redacted), several reports over
//! time, `-o`, a snapshot of the page's text, and a real browser: headless Chromium renders
//! every fixture's page without a blocked request or a script error.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::PathBuf;

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::{Value, json};

use crate::support::{
    FIXTURES, Test, files_of, fixture, fixture_text, temp_file, with_file, zip_files,
};

/// Every fixture folder, the ones built for diffs and for unknown parts included.
pub(crate) fn all_fixtures() -> Vec<&'static str> {
    let mut all = FIXTURES.to_vec();
    all.extend([
        "gen-b-android-prev",
        "gen-b-iphone-jul22",
        "gen-b-unknown-parts",
    ]);
    all
}

pub(crate) fn page_of(args: &[&str], paths: &[PathBuf]) -> String {
    let out = Test::new().args(args).arg("--utc").args(paths).run();
    out.success();
    assert!(out.stdout.starts_with("<!DOCTYPE html>"), "{}", out.stdout);
    out.stdout
}

pub(crate) fn page(name: &str) -> String {
    page_of(&["report"], &[fixture(name)])
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

const BLOCK: [&str; 27] = [
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "dt",
    "dd",
    "section",
    "header",
    "footer",
    "summary",
    "caption",
    "figcaption",
    "title",
    "desc",
    "text",
    "ul",
    "ol",
    "table",
    "details",
    "figure",
    "nav",
    "main",
    "article",
];

fn walk(e: ElementRef<'_>, out: &mut String) {
    let name = e.value().name();
    if name == "style" {
        return;
    }
    let block = BLOCK.contains(&name);
    if block || name == "br" {
        out.push('\n');
    }
    if name == "td" || name == "th" {
        out.push_str(" | ");
    }
    for child in e.children() {
        if let Some(el) = ElementRef::wrap(child) {
            walk(el, out);
        } else if let Node::Text(t) = child.value() {
            out.push_str(t);
        }
    }
    if block {
        out.push('\n');
    }
}

/// The page's text as a person (or a screen reader) gets it: one line per block, spaces
/// collapsed, the style sheet left out.
fn text_of(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut raw = String::new();
    walk(doc.root_element(), &mut raw);
    raw.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && l != "|")
        .collect::<Vec<_>>()
        .join("\n")
}

const URL_ATTRIBUTES: [&str; 14] = [
    "src",
    "href",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "ping",
    "cite",
    "manifest",
    "codebase",
    "longdesc",
];

/// Checks that nothing in a page can fetch: the CSP meta comes first, no element or style
/// references a URL other than `data:` or one of the page's own `#sections`, no script,
/// no event handler.
fn assert_self_contained(html: &str, what: &str) {
    let doc = Html::parse_document(html);
    let csp: Vec<ElementRef<'_>> = doc
        .select(&sel(r#"head > meta[http-equiv="Content-Security-Policy"]"#))
        .collect();
    assert_eq!(csp.len(), 1, "{what}: one CSP meta");
    let policy = csp[0].value().attr("content").unwrap();
    for directive in [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(policy.contains(directive), "{what}: {policy}");
    }
    assert!(!policy.contains("script-src"), "{what}: {policy}");
    // The policy precedes everything it governs.
    let head: Vec<&str> = doc
        .select(&sel("head > *"))
        .map(|e| e.value().name())
        .collect();
    assert_eq!(&head[..2], ["meta", "meta"], "{what}: {head:?}");
    for forbidden in [
        "script",
        "iframe",
        "frame",
        "object",
        "embed",
        "img",
        "image",
        "use",
        "base",
        "form",
        "audio",
        "video",
        "source",
        "track",
        "portal",
        "applet",
        "foreignObject",
    ] {
        assert_eq!(
            doc.select(&sel(forbidden)).count(),
            0,
            "{what}: a <{forbidden}> element"
        );
    }
    let ids: BTreeSet<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    for e in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let el = e.value();
        for (name, value) in el.attrs() {
            let lower = name.to_ascii_lowercase();
            assert!(
                !lower.starts_with("on"),
                "{what}: event handler {name}={value:?}"
            );
            if lower.ends_with("style") || value.contains("url(") {
                assert!(
                    !value.contains("url(") || value.contains("url(data:"),
                    "{what}: {name}={value:?}"
                );
            }
            if URL_ATTRIBUTES.contains(&lower.as_str()) {
                let ok = value.starts_with("data:")
                    || (el.name() == "a"
                        && value.strip_prefix('#').is_some_and(|id| ids.contains(id)));
                assert!(ok, "{what}: <{} {name}={value:?}>", el.name());
            }
        }
        if el.name() == "link" {
            assert_eq!(el.attr("rel"), Some("icon"), "{what}: a <link>");
            assert_eq!(el.attr("href"), Some("data:,"), "{what}");
        }
    }
    for style in doc.select(&sel("style")) {
        let css: String = style.text().collect();
        assert!(!css.contains("@import"), "{what}: @import");
        let mut rest = css.as_str();
        while let Some(at) = rest.find("url(") {
            rest = &rest[at + 4..];
            let target = rest.trim_start_matches(['"', '\'', ' ']);
            assert!(target.starts_with("data:"), "{what}: url({target:.40}");
        }
    }
}

#[test]
fn every_page_is_self_contained_behind_a_csp_that_forbids_every_fetch() {
    for name in all_fixtures() {
        assert_self_contained(&page(name), name);
        let redacted = page_of(&["report", "--redact"], &[fixture(name)]);
        assert_self_contained(&redacted, &format!("{name} redacted"));
    }
    let several = page_of(
        &["report"],
        &[fixture("gen-b-android"), fixture("gen-b-android-prev")],
    );
    assert_self_contained(&several, "two reports");
}

/// `show --json`, `summary --json` and `audit --json` of a fixture.
fn documents(name: &str) -> (Value, Value, Value) {
    let run = |cmd: &str| {
        Test::new()
            .args([cmd, "--json"])
            .arg(fixture(name))
            .run()
            .json()
    };
    (run("show"), run("summary"), run("audit"))
}

fn visibility_words(v: &Value) -> &'static str {
    match v.as_str() {
        Some("everyone") => "everyone",
        Some("my_contacts") => "my contacts",
        Some("my_contacts_except") => "my contacts except…",
        Some("only_share_with") => "only share with…",
        Some("nobody") => "nobody",
        _ => "not in the report",
    }
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn every_fixture_page_shows_its_values() {
    for name in all_fixtures() {
        let html = page(name);
        let text = text_of(&html);
        let (show, summary, audit) = documents(name);
        let has = |needle: &str| {
            assert!(
                text.contains(needle),
                "{name}: `{needle}` not on the page:\n{text}"
            );
        };
        if let Some(p) = show["account"]["phone_number"].as_str() {
            has(&format!("What WhatsApp’s report says about {p}"));
        }
        has(&format!(
            "Generation {} report",
            summary["generation"].as_str().unwrap()
        ));
        let counts = &summary["counts"];
        for (key, words) in [
            ("contacts", "contacts"),
            ("groups", "groups"),
            ("blocked", "blocked numbers"),
        ] {
            match counts[key].as_u64() {
                Some(n) => has(&format!("{}\n{words}", group(n))),
                None => has(&format!("not in the report\n{words}")),
            }
        }
        if let Some(d) = counts["groups_distinct"].as_u64() {
            has(&format!("{d} distinct name"));
        }
        for c in show["contacts"].as_array().unwrap() {
            has(c.as_str().unwrap());
        }
        for b in show["blocked"].as_array().into_iter().flatten() {
            has(b.as_str().unwrap());
        }
        for d in show["devices"].as_array().unwrap() {
            let id = d["id"].as_i64().unwrap();
            has(&format!(
                "Device {id} · {}",
                if id == 0 { "phone" } else { "linked" }
            ));
            for key in ["previous_ip", "current_ip"] {
                if let Some(ip) = d[key].as_str() {
                    has(ip);
                }
            }
            if let Some(port) = d["current_port"].as_u64() {
                has(&format!("Current port\n{port}"));
            }
        }
        let p = &show["privacy"];
        for (label, v) in [
            ("Last seen", &p["last_seen"]),
            ("Profile photo", &p["profile_photo"]),
            ("About", &p["about"]),
            ("Status", &p["status"]["mode"]),
        ] {
            has(&format!("| {label} |\n{label}: {}", visibility_words(v)));
        }
        if let Some(except) = p["status"]["except"].as_array()
            && !except.is_empty()
        {
            has(&format!(
                "{} contact{} excluded",
                except.len(),
                if except.len() == 1 { "" } else { "s" }
            ));
        }
        for f in audit["findings"].as_array().unwrap() {
            has(&format!("id: {}", f["id"].as_str().unwrap()));
            has(f["title"].as_str().unwrap());
        }
        match show["terms"]["data_sharing_opt_out"]["opted_out"].as_bool() {
            Some(false) => has("Facebook data-sharing opt-out\nno"),
            Some(true) => has("Facebook data-sharing opt-out\nyes"),
            None => has("Facebook data-sharing opt-out\nnot in the report"),
        }
        // Every warning is listed, so the page hides nothing.
        let warnings = show["warnings"].as_array().unwrap();
        let doc = Html::parse_document(&html);
        let listed = doc
            .select(&sel("section[aria-labelledby=not-read] li"))
            .count();
        assert_eq!(listed, warnings.len(), "{name}");
        if warnings.is_empty() {
            has("Everything in the report was read; nothing was left out.");
        }
        for u in show["unrecognised"].as_array().unwrap() {
            has(u["label"].as_str().unwrap());
        }
        // Headings, captioned tables, described charts.
        assert_eq!(doc.select(&sel("h1")).count(), 1);
        for table in doc.select(&sel("table")) {
            assert_eq!(table.select(&sel("caption")).count(), 1, "{name}");
            assert!(table.select(&sel("th[scope]")).count() > 0, "{name}");
        }
        // Every chart is an image described in words; the only other pictures are a
        // legend's keys, hidden from screen readers and wordless, and the shapes a chart
        // places inside itself.
        let charts: Vec<_> = doc
            .select(&sel("svg"))
            .filter(|s| {
                !s.ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
            })
            .collect();
        assert!(charts.len() >= 5, "{name}: {} charts", charts.len());
        for svg in charts {
            if svg.value().attr("aria-hidden") == Some("true") {
                assert!(
                    svg.value()
                        .has_class("key", scraper::CaseSensitivity::CaseSensitive)
                );
                assert_eq!(svg.text().collect::<String>().trim(), "", "{name}");
                continue;
            }
            assert_eq!(svg.value().attr("role"), Some("img"));
            assert!(svg.value().attr("aria-label").is_some_and(|l| l.len() > 10));
            assert!(svg.select(&sel("title")).next().is_some(), "{name}");
            assert!(svg.select(&sel("desc")).next().is_some(), "{name}");
            // Drawn at the size the style sheet gives its text: never scaled down.
            assert_eq!(svg.value().attr("viewBox"), None, "{name}");
        }
    }
}

#[test]
fn the_page_of_a_typical_report_is_small_and_the_terms_show_the_opt_out_window() {
    let html = page("gen-b-android");
    assert!(html.len() < 300 * 1024, "{} bytes", html.len());
    let text = text_of(&html);
    assert!(text.contains("opt-out window"), "{text}");
    assert!(text.contains("25 August to 25 September 2016"));
    for lane in [
        "2016 terms",
        "Facebook data sharing",
        "2018 terms",
        "2021 terms",
    ] {
        assert!(text.contains(lane), "{lane}");
    }
    // Devices: the timeline chart names each device's marks.
    assert!(text.contains("Device 2 · linked 172.16.0.0 → 172.16.5.7 — online since"));
    assert!(text.contains("registered: 2014-05-13 16:53:20 UTC"));
    for style in [
        "prefers-color-scheme: dark",
        "@media print",
        "max-width: 36rem",
    ] {
        assert!(html.contains(style), "{style}");
    }
}

/// Planted into a fixture: markup, an event handler, terminal escapes, a NUL, bidi
/// overrides and isolates.
const HOSTILE: [&str; 7] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "evil\u{202e}gnp.exe",
    "\u{1b}[31mred",
    "nul\u{0}byte",
    "\u{2066}isolated\u{2069}",
    "</style><style>body{background:url(http://127.0.0.1:9/x)}</style>",
];

pub(crate) fn hostile_report() -> (tempfile::TempDir, PathBuf) {
    let files = files_of(&fixture("gen-b-android"));
    let files = with_file(
        files,
        "whatsapp_connections/groups.json",
        &json!({ "wa_groups": HOSTILE }).to_string(),
    );
    let mut user: Value = serde_json::from_str(&fixture_text(
        "gen-b-android",
        "whatsapp_account_information/user_information.json",
    ))
    .unwrap();
    user["wa_profile_info"]["about"] = json!("\"><svg onload=alert(2)>\u{202e}");
    user["wa_profile_info"]["name"] = json!("<b>bold</b>\u{200f}");
    let files = with_file(
        files,
        "whatsapp_account_information/user_information.json",
        &user.to_string(),
    );
    // An unknown label and its value in the HTML twin, written as HTML text.
    let row = |label: &str, value: &str| {
        format!(
            r#"<tr><td class="_2pin _a6_q"><div class="_a6-q">{label}</div></td><td class="_2pin _2piu _a6_r"><div class="_a6-q">{value}</div></td></tr>"#
        )
    };
    let html = fixture_text(
        "gen-b-android",
        "whatsapp_account_information/user_information.html",
    );
    let name_row = html
        .find("<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">Name</div>")
        .unwrap();
    let html = format!(
        "{}{}{}",
        &html[..name_row],
        row(
            "&lt;img src=x onerror=alert(3)&gt;\u{202e}",
            "&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;\u{1b}[2J"
        ),
        &html[name_row..]
    );
    let files = with_file(
        files,
        "whatsapp_account_information/user_information.html",
        &html,
    );
    temp_file("hostile.zip", &zip_files(&files, "", 3))
}

#[test]
fn hostile_text_in_groups_about_names_and_labels_is_escaped_and_inert() {
    let (_dir, path) = hostile_report();
    let html = page_of(&["report"], &[path]);
    assert_self_contained(&html, "hostile");
    let doc = Html::parse_document(&html);
    for element in ["b", "script", "img"] {
        assert_eq!(doc.select(&sel(element)).count(), 0, "<{element}>");
    }
    // Our own style sheet, and no other.
    assert_eq!(doc.select(&sel("style")).count(), 1);
    for c in [
        '\u{202e}', '\u{1b}', '\u{0}', '\u{2066}', '\u{2069}', '\u{200f}',
    ] {
        assert!(!html.contains(c), "{c:?} reached the page raw");
    }
    assert!(!html.to_ascii_lowercase().contains("<script"));
    let text = text_of(&html);
    for shown in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "evil\\u{202e}gnp.exe",
        "\\u{1b}[31mred",
        "nul\\u{0}byte",
        "\\u{2066}isolated\\u{2069}",
        "</style><style>body{background:url(http://127.0.0.1:9/x)}</style>",
        "\"><svg onload=alert(2)>\\u{202e}",
        "<b>bold</b>\\u{200f}",
        "<img src=x onerror=alert(3)>\\u{202e}",
        "</td><script>alert(4)</script>\\u{1b}[2J",
    ] {
        assert!(text.contains(shown), "`{shown}` not shown as text:\n{text}");
    }
}

/// What identifies the account and other people in a fixture: 4-digit runs of every phone
/// number, every IP address and its network, every 4-letter word of names, groups and
/// labels.
fn identifiers(name: &str) -> (Vec<String>, Vec<String>) {
    let (show, ..) = documents(name);
    let mut runs = Vec::new();
    let mut words = Vec::new();
    let mut phone = |s: &str| {
        let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
        for w in digits.windows(4) {
            runs.push(String::from_utf8(w.to_vec()).unwrap());
        }
    };
    let strings = crate::support::string_list;
    if let Some(p) = show["account"]["phone_number"].as_str() {
        phone(p);
    }
    for p in strings(&show["contacts"])
        .into_iter()
        .chain(strings(&show["blocked"]))
        .chain(strings(&show["privacy"]["status"]["except"]))
        .chain(strings(&show["privacy"]["status"]["only_share_with"]))
    {
        phone(&p);
    }
    let mut texts = strings(&show["groups"]);
    for key in ["name", "email"] {
        if let Some(s) = show["account"][key].as_str() {
            texts.push(s.to_string());
        }
    }
    for u in show["unrecognised"].as_array().unwrap() {
        texts.push(u["label"].as_str().unwrap().to_string());
        texts.push(u["value"].as_str().unwrap().to_string());
    }
    for t in texts {
        for w in t.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 4 {
                words.push(w.to_string());
            }
        }
    }
    for d in show["devices"].as_array().unwrap() {
        for key in ["previous_ip", "current_ip"] {
            let Some(ip) = d[key].as_str() else { continue };
            runs.push(ip.to_string());
            match ip.parse::<IpAddr>() {
                Ok(IpAddr::V4(a)) => runs.push(format!("{}.{}.", a.octets()[0], a.octets()[1])),
                Ok(IpAddr::V6(a)) => {
                    runs.push(format!("{:x}:{:x}:", a.segments()[0], a.segments()[1]))
                }
                Err(_) => {}
            }
        }
    }
    if let Some(id) = show["sync"]["current_session_id"].as_str() {
        runs.push(id.to_string());
    }
    runs.sort();
    runs.dedup();
    words.sort();
    words.dedup();
    (runs, words)
}

/// Words of the page's own text that also occur in a fixture's labels (`Linked Accounts`).
const OWN_WORDS: [&str; 2] = ["Linked", "WhatsApp"];

/// The page without the devices' ports (`:40123`), which `--redact` keeps as every output
/// does: a port identifies no one, but its digits may repeat four of a phone number's.
fn without_ports(html: &str, fixtures: &[&str]) -> String {
    let mut html = html.to_string();
    for name in fixtures {
        let (show, ..) = documents(name);
        for d in show["devices"].as_array().unwrap() {
            if let Some(port) = d["current_port"].as_u64() {
                html = html.replace(&format!(":{port}<"), ":<");
                html = html.replace(&format!(">{port}<"), "><");
            }
        }
    }
    html
}

fn assert_no_identifier(html: &str, name: &str, runs: &[String], words: &[String]) {
    for run in runs {
        assert!(
            !html.contains(run.as_str()),
            "{name}: `{run}` survives redaction"
        );
    }
    let page_words: BTreeSet<&str> = html.split(|c: char| !c.is_alphabetic()).collect();
    for w in words {
        if OWN_WORDS.contains(&w.as_str()) {
            continue;
        }
        assert!(
            !page_words.contains(w.as_str()),
            "{name}: the word `{w}` survives redaction"
        );
    }
}

#[test]
fn a_redacted_page_holds_no_identifier() {
    for name in all_fixtures() {
        let (runs, words) = identifiers(name);
        assert!(runs.len() > 10, "{name}: {runs:?}");
        let html = page_of(&["report", "--redact"], &[fixture(name)]);
        assert_no_identifier(&without_ports(&html, &[name]), name, &runs, &words);
        // The plain page does hold them: the check has teeth.
        let plain = page(name);
        assert!(runs.iter().any(|r| plain.contains(r.as_str())), "{name}");
    }
    // The port is kept beside the address's pseudonym, as in every redacted output.
    let html = page_of(&["report", "--redact"], &[fixture("gen-b-android")]);
    let text = text_of(&html);
    assert!(
        text.contains("Current IP\nip:") && text.contains("Current port\n40123"),
        "{text}"
    );
    // Several reports, with the file names replaced by positions.
    let (mut runs, mut words) = identifiers("gen-b-android");
    let (r2, w2) = identifiers("gen-b-android-prev");
    runs.extend(r2);
    words.extend(w2);
    let html = page_of(
        &["report", "--redact"],
        &[fixture("gen-b-android-prev"), fixture("gen-b-android")],
    );
    assert_no_identifier(
        &without_ports(&html, &["gen-b-android-prev", "gen-b-android"]),
        "two reports",
        &runs,
        &words,
    );
    assert!(!html.contains("gen-b-android"));
    assert!(text_of(&html).contains("report 2"));
    // Planted names that no page word can match.
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/groups.json",
        &json!({ "wa_groups": ["Quokkafest Zyxwarbler", "Snorkelmoot"] }).to_string(),
    );
    let (_dir, path) = temp_file("r.zip", &zip_files(&files, "", 1));
    let html = page_of(&["report", "--redact"], std::slice::from_ref(&path));
    for w in ["Quokkafest", "Zyxwarbler", "Snorkelmoot"] {
        assert!(!html.contains(w), "{w}");
    }
    assert!(page_of(&["report"], &[path]).contains("Snorkelmoot"));
}

#[test]
fn several_reports_show_counts_settings_and_changes_privacy_first() {
    // Given newest first: the page orders them by generation time.
    let html = page_of(
        &["report"],
        &[fixture("gen-b-android"), fixture("gen-b-android-prev")],
    );
    let doc = Html::parse_document(&html);
    let text = text_of(&html);
    assert!(text.contains("Over time: 2 reports"), "{text}");
    let rows: Vec<String> = doc
        .select(&sel("section[aria-labelledby=over-time] table tbody tr"))
        .map(|r| r.text().collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].contains("2022-07-11") && rows[0].contains("gen-b-android-prev"));
    assert!(rows[1].contains("2022-08-11"));
    // Counts and settings as charts.
    for title in [
        "Contacts over reports",
        "Groups over reports",
        "Last seen over reports",
    ] {
        assert!(text.contains(title), "{title}");
    }
    assert!(text.contains("2022-07-11: 10"), "groups then");
    assert!(text.contains("2022-07-11: my contacts; 2022-08-11: everyone"));
    // The changes: the same as `diff`, privacy-relevant first.
    let diff = Test::new()
        .args(["diff", "--json"])
        .arg(fixture("gen-b-android-prev"))
        .arg(fixture("gen-b-android"))
        .run()
        .json();
    let n = diff["changes"].as_array().unwrap().len();
    let items = doc.select(&sel("ul.changes > li")).count();
    assert_eq!(items, n);
    let summaries: Vec<String> = doc
        .select(&sel("section.pair details > summary"))
        .map(|s| s.text().collect())
        .collect();
    assert!(
        summaries[0].starts_with("Privacy-relevant changes"),
        "{summaries:?}"
    );
    assert!(
        text.contains("privacy.last_seen: my contacts → everyone widened: visible to more people")
    );
    assert!(text.contains("contact: +6285555550107"));
    // The sections below describe the latest report.
    assert!(text.contains("2 reports of this account; the sections below describe the latest"));

    // Two accounts are refused unless --mixed.
    let mixed = Test::new()
        .arg("report")
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-c-android"))
        .run();
    assert!(mixed.error().contains("--mixed"));
    let allowed = page_of(
        &["report", "--mixed"],
        &[fixture("gen-b-android"), fixture("gen-c-android")],
    );
    assert!(allowed.contains("Over time: 2 reports"));
}

#[test]
fn o_writes_the_page_to_that_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.html");
    let out = Test::new()
        .args(["report", "--utc", "-o"])
        .arg(&file)
        .arg(fixture("gen-b-android"))
        .run();
    out.success();
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        page("gen-b-android")
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // The ZIP as WhatsApp sends it, from stdin, gives the same page as the folder.
    let zip = Test::new()
        .args(["report", "--utc", "fixtures/gen-b-android.zip"])
        .in_repo()
        .run();
    zip.success();
    let stdin = Test::new()
        .args(["report", "--utc", "-"])
        .stdin(std::fs::read(fixture("gen-b-android.zip")).unwrap())
        .run();
    assert_eq!(
        text_of(&zip.stdout).replace("fixtures/gen-b-android.zip", "-"),
        text_of(&stdin.stdout)
    );
    // Warnings are announced on stderr, as by every command.
    let unknown = Test::new()
        .arg("report")
        .arg(fixture("gen-b-unknown-parts"))
        .run();
    unknown.success();
    assert!(unknown.stderr.contains("3 warnings"), "{}", unknown.stderr);
    // An unwritable output is an error.
    Test::new()
        .args(["report", "-o"])
        .arg(dir.path().join("no/such/dir/page.html"))
        .arg(fixture("gen-b-android"))
        .run()
        .error();
}

#[test]
fn page_text_snapshot() {
    let out = Test::new()
        .args(["report", "--utc", "fixtures/gen-b-android"])
        .in_repo()
        .run();
    out.success();
    let text = text_of(&out.stdout);
    insta::assert_snapshot!("report-text-gen-b-android", text);
}

/// The column headers of a table, by position, as a person reads them (an abbreviation by
/// its title).
fn headers(table: ElementRef<'_>) -> Vec<String> {
    table
        .select(&sel("thead th"))
        .map(|th| match th.select(&sel("abbr[title]")).next() {
            Some(abbr) => abbr.value().attr("title").unwrap().to_string(),
            None => th.text().collect::<String>().trim().to_string(),
        })
        .collect()
}

#[test]
fn the_page_leads_with_the_findings_most_severe_first_each_with_where_to_change_it() {
    let rank = |s: &str| {
        ["high", "medium", "low", "info"]
            .iter()
            .position(|r| *r == s)
            .unwrap()
    };
    let several = page_of(
        &["report"],
        &[fixture("gen-b-android-prev"), fixture("gen-b-android")],
    );
    let mut pages: Vec<(String, String)> = all_fixtures()
        .into_iter()
        .map(|n| (n.to_string(), page(n)))
        .collect();
    pages.push(("two reports".into(), several));
    for (name, html) in &pages {
        let doc = Html::parse_document(html);
        // The first section of the page, and the first entry of its contents.
        let first = doc.select(&sel("main > section")).next().unwrap();
        assert_eq!(
            first.value().attr("aria-labelledby"),
            Some("findings"),
            "{name}"
        );
        let toc = doc.select(&sel("nav.toc a")).next().unwrap();
        assert_eq!(toc.value().attr("href"), Some("#findings"), "{name}");
        let (_, _, audit) = documents_of(name);
        let ids: Vec<&str> = audit["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        let articles: Vec<ElementRef<'_>> = first.select(&sel("article.finding")).collect();
        let shown: Vec<&str> = articles
            .iter()
            .map(|a| a.value().attr("data-finding").unwrap())
            .collect();
        assert_eq!(shown, ids, "{name}");
        let severities: Vec<usize> = articles
            .iter()
            .map(|a| rank(a.value().attr("data-severity").unwrap()))
            .collect();
        assert!(severities.is_sorted(), "{name}: {severities:?}");
        for (a, f) in articles.iter().zip(audit["findings"].as_array().unwrap()) {
            // Where to act, set off, and what acting there changes: "Where to change it"
            // when the place is in WhatsApp's settings.
            let place: String = a.select(&sel("p.where")).next().unwrap().text().collect();
            let lead = if f["change_in"].is_string() {
                "Where to change it: "
            } else {
                "Where to act: "
            };
            assert!(place.starts_with(lead), "{name}: {place}");
            let set_off: String = a
                .select(&sel("p.where .menu"))
                .next()
                .unwrap()
                .text()
                .collect();
            assert_eq!(set_off, f["action"]["where"].as_str().unwrap(), "{name}");
            let changes = f["action"]["changes"].as_str().unwrap();
            assert!(place.contains(changes), "{name}: {place} lacks {changes}");
            // The evidence named in words, its field path in the tooltip.
            for th in a.select(&sel("table.evidence tbody th")) {
                let words: String = th.text().collect();
                assert!(!words.contains('.'), "{name}: {words}");
                assert!(th.value().attr("title").is_some(), "{name}: {words}");
            }
            // The evidence folded.
            for details in a.select(&sel("details")) {
                assert_eq!(details.value().attr("open"), None, "{name}");
            }
        }
    }
}

/// `documents` for a fixture's page, or the latest of several.
fn documents_of(name: &str) -> (Value, Value, Value) {
    documents(if name == "two reports" {
        "gen-b-android"
    } else {
        name
    })
}

#[test]
fn every_table_cell_carries_its_columns_name_for_the_phones_cards() {
    let (_dir, hostile) = hostile_report();
    let pages = [
        page("gen-b-android"),
        page("gen-b-unknown-parts"),
        page_of(&["report"], &[hostile]),
        page_of(
            &["report"],
            &[fixture("gen-b-android-prev"), fixture("gen-b-android")],
        ),
    ];
    let mut cells = 0;
    for html in &pages {
        let doc = Html::parse_document(html);
        for table in doc.select(&sel("table")) {
            let names = headers(table);
            for row in table.select(&sel("tbody tr")) {
                let row_cells: Vec<ElementRef<'_>> =
                    row.children().filter_map(ElementRef::wrap).collect();
                assert_eq!(row_cells.len(), names.len());
                for (cell, name) in row_cells.iter().zip(&names) {
                    match cell.value().name() {
                        // The row's header is the card's title.
                        "th" => assert_eq!(cell.value().attr("scope"), Some("row")),
                        _ => {
                            assert_eq!(cell.value().attr("data-label"), Some(name.as_str()));
                            cells += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(cells > 40, "{cells}");
}

#[test]
fn our_words_show_code_without_backticks_and_flags_that_do_not_break() {
    for name in all_fixtures() {
        let html = page(name);
        let doc = Html::parse_document(&html);
        let text = text_of(&html);
        // Backticks are markup in our messages, never shown (the fixtures have none).
        assert!(
            !text.contains('`'),
            "{name}: {}",
            text.lines().find(|l| l.contains('`')).unwrap()
        );
        let recognised = doc
            .select(&sel("dt"))
            .find(|dt| dt.text().collect::<String>() == "Recognised by")
            .unwrap();
        let dd = ElementRef::wrap(
            recognised
                .next_siblings()
                .find(|n| n.value().is_element())
                .unwrap(),
        )
        .unwrap();
        // `whatsapp_*` is written in backticks in the detector's words: code on the page.
        if dd.text().collect::<String>().contains("whatsapp_*") {
            let code: Vec<String> = dd
                .select(&sel("code"))
                .map(|c| c.text().collect())
                .collect();
            assert!(code.contains(&"whatsapp_*".to_string()), "{name}: {code:?}");
        }
        // Every `--flag` in the text is in an unbreakable element of its own.
        let flags: Vec<String> = doc
            .select(&sel(".flag"))
            .map(|c| c.text().collect())
            .collect();
        let written = text.matches("--").count();
        assert_eq!(flags.len(), written, "{name}: {flags:?}");
        assert!(flags.iter().all(|f| f.starts_with("--")), "{flags:?}");
    }
    let css = page("gen-b-android");
    assert!(css.contains(".flag { white-space: nowrap; }"));
}

#[test]
fn contacts_by_calling_code_name_the_country() {
    let text = text_of(&page("gen-b-android"));
    for row in [
        "+1 United States, Canada and the Caribbean: 4",
        "+44 United Kingdom and Crown Dependencies: 1",
        "+62 Indonesia: 1",
    ] {
        assert!(text.contains(row), "{row}\n{text}");
    }
    // Only the notes for what the chart has.
    assert!(!text.contains("“hidden”"));
    assert!(!text.contains("“other form”"));
    let redacted = text_of(&page_of(
        &["report", "--redact"],
        &[fixture("gen-b-android")],
    ));
    assert!(redacted.contains("hidden: 6"), "{redacted}");
    assert!(redacted.contains("“hidden”: calling codes taken out by --redact"));
    let kept = text_of(&page_of(
        &["report", "--redact", "--keep-country"],
        &[fixture("gen-b-android")],
    ));
    assert!(
        kept.contains("+44 United Kingdom and Crown Dependencies: 1"),
        "{kept}"
    );
}

#[test]
fn the_reports_table_names_files_not_paths_with_dates_on_one_line() {
    let html = page_of(
        &["report"],
        &[fixture("gen-b-android-prev"), fixture("gen-b-android")],
    );
    let doc = Html::parse_document(&html);
    let table = doc.select(&sel("table.reports")).next().unwrap();
    let files: Vec<String> = table
        .select(&sel("td[data-label=Report]"))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(files, ["gen-b-android-prev", "gen-b-android"]);
    assert!(!table.html().contains("fixtures/"));
    for th in table.select(&sel("tbody th")) {
        assert!(
            th.value()
                .has_class("when", scraper::CaseSensitivity::CaseSensitive)
        );
    }
    assert!(html.contains("th.when, th.when time { white-space: nowrap; }"));
}

#[test]
fn the_charts_axes_span_their_data_and_their_notes_say_only_what_is_drawn() {
    let html = page("gen-b-android");
    let doc = Html::parse_document(&html);
    let section = |id: &str| {
        doc.select(&sel(&format!("section[aria-labelledby={id}]")))
            .next()
            .unwrap()
    };
    let texts = |s: ElementRef<'_>| -> Vec<String> {
        s.select(&sel("svg.timeline text"))
            .map(|t| t.text().collect())
            .collect()
    };
    // Devices: from the registration, on the axis before its break, to the last activity.
    let devices = texts(section("devices"));
    assert!(
        devices.contains(&"registered 2014-05-13".to_string()),
        "{devices:?}"
    );
    assert!(
        devices.contains(&"report generated".to_string()),
        "{devices:?}"
    );
    assert!(devices.contains(&"Aug 2022".to_string()), "{devices:?}");
    assert!(
        !devices.iter().any(|t| t.contains('◂') || t.contains('▸')),
        "{devices:?}"
    );
    // Terms: 2016 to the last terms date (2021-01-07); the rest named beside the axis.
    let terms = texts(section("terms"));
    let years: Vec<&String> = terms
        .iter()
        .filter(|t| t.len() == 4 && t.starts_with("20"))
        .collect();
    assert_eq!(years.first().map(|y| y.as_str()), Some("2016"), "{terms:?}");
    assert_eq!(years.last().map(|y| y.as_str()), Some("2021"), "{terms:?}");
    assert!(terms.contains(&"report generated 2022-08-11 03:11:20 UTC ▸".to_string()));
    // The legend names the shapes drawn, and the note no other.
    let legend: Vec<String> = section("devices")
        .select(&sel("ul.legend li"))
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(
        legend,
        [
            "online since",
            "last active",
            "settings fetched",
            "notification dropped"
        ]
    );
    let note: String = section("devices")
        .select(&sel("figure p.note"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(!note.contains("cleaned"), "{note}");
    // Online since and last active are one instant for both devices: no bar joins them.
    assert!(!note.contains("a bar joins"), "{note}");
    assert_eq!(section("devices").select(&sel("line.span")).count(), 2);
    assert!(note.contains("a cross when a notification"), "{note}");
}
