//! `wareport.html` in a real browser (issue 22): headless Chromium opens the one file from
//! `file://`, is given a report of every generation through its file input, and shows what
//! the command line says of it; hostile text stays text; a redacted download names no one;
//! a garbage file shows the command line's error and the page stays usable; the JavaScript
//! API's `extract` gives the tables of `export --counts-only`; a twin made in the page is
//! the command line's; and over the whole session Chromium saw no network request and no
//! console error.
//!
//! The page is built by `cargo xtask web` (`.ci/run` does it first); `$WAREPORT_HTML` names
//! another build. Under `CI` a missing page or browser fails the test.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use headless_chrome::protocol::cdp::{Browser as Cdp, Network};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{Value, json};

use crate::support::{
    Test, assert_clean, chromium, identifiers, json_strings, required, temp_file, zip_fixture,
};

/// The fixtures the page is checked against: every generation, HTML-only, Indonesian.
const GENERATIONS: [&str; 6] = [
    "gen-a-iphone",
    "gen-b-android",
    "gen-b-id-android",
    "gen-b-id-android-html-only",
    "gen-b2-iphone",
    "gen-c-android",
];

/// The built page: `$WAREPORT_HTML`, or `target/browser/wareport.html`.
fn built_page() -> Option<PathBuf> {
    let path = std::env::var_os("WAREPORT_HTML")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
            target.join("browser/wareport.html")
        });
    path.is_file().then_some(path)
}

/// One browser with one tab on the page, recording every request and every complaint.
struct Session {
    _browser: Browser,
    tab: Arc<Tab>,
    page: String,
    requests: Arc<Mutex<Vec<String>>>,
    complaints: Arc<Mutex<Vec<String>>>,
    downloads: tempfile::TempDir,
}

impl Session {
    fn open() -> Option<Session> {
        let browser = required(
            chromium(),
            "Chromium",
            ".ci/run installs it (apt-get install -y chromium), or set CHROMIUM",
        )?;
        let page = required(
            built_page(),
            "target/browser/wareport.html",
            ".ci/run builds it with `cargo xtask web`",
        )?;
        let args = [
            "--disable-quic",
            "--disable-component-update",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-sync",
        ];
        let options = LaunchOptions::default_builder()
            .path(Some(browser))
            .sandbox(false)
            .headless(true)
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(600))
            .args(args.iter().map(std::ffi::OsStr::new).collect())
            .build()
            .unwrap();
        let browser = Browser::new(options).expect("Chromium starts");
        let tab = browser.new_tab().unwrap();
        tab.set_default_timeout(Duration::from_secs(60));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let complaints = Arc::new(Mutex::new(Vec::new()));
        {
            let (requests, complaints) = (requests.clone(), complaints.clone());
            tab.add_event_listener(Arc::new(
                move |event: &headless_chrome::protocol::cdp::types::Event| {
                    use headless_chrome::protocol::cdp::types::Event as E;
                    match event {
                        E::NetworkRequestWillBeSent(e) => {
                            requests.lock().unwrap().push(e.params.request.url.clone())
                        }
                        E::RuntimeExceptionThrown(e) => complaints
                            .lock()
                            .unwrap()
                            .push(format!("exception: {}", e.params.exception_details.text)),
                        E::RuntimeConsoleAPICalled(e) => complaints.lock().unwrap().push(format!(
                            "console.{:?}: {:?}",
                            e.params.Type,
                            e.params
                                .args
                                .iter()
                                .map(|a| a.value.clone())
                                .collect::<Vec<_>>()
                        )),
                        E::LogEntryAdded(e) => complaints.lock().unwrap().push(format!(
                            "log {:?}: {}",
                            e.params.entry.level, e.params.entry.text
                        )),
                        _ => {}
                    }
                },
            ))
            .unwrap();
        }
        tab.enable_log().unwrap();
        tab.enable_runtime().unwrap();
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            enable_durable_messages: None,
            report_direct_socket_traffic: None,
        })
        .unwrap();
        let downloads = tempfile::tempdir().unwrap();
        tab.call_method(Cdp::SetDownloadBehavior {
            behavior: Cdp::SetDownloadBehaviorBehaviorOption::Allow,
            browser_context_id: None,
            download_path: Some(downloads.path().display().to_string()),
            events_enabled: Some(true),
        })
        .unwrap();
        let url = format!("file://{}", page.display());
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let session = Session {
            _browser: browser,
            tab,
            page: url,
            requests,
            complaints,
            downloads,
        };
        session.wait_for("['idle', 'ready'].includes(document.documentElement.dataset.wrState)");
        Some(session)
    }

    /// Evaluates an expression (awaiting a promise) and gives its value as JSON.
    fn eval(&self, expression: &str) -> Value {
        crate::devtools::eval(&self.tab, expression).unwrap_or_else(|e| panic!("{e}"))
    }

    fn wait_for(&self, condition: &str) {
        let started = Instant::now();
        while self.eval(condition) != Value::Bool(true) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "waited a minute for {condition}; status: {}",
                self.eval("document.getElementById('wr-status').textContent")
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Gives the page files through its file input, as a person picking them would, and
    /// waits until it has shown them or said why not.
    fn give(&self, files: &[&Path]) -> String {
        self.eval("document.documentElement.dataset.wrState = 'given'");
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        self.tab
            .find_element("#wr-files")
            .unwrap()
            .set_input_files(&paths)
            .unwrap();
        self.wait_for("['ready', 'error'].includes(document.documentElement.dataset.wrState)");
        self.eval("document.documentElement.dataset.wrState")
            .as_str()
            .unwrap()
            .to_string()
    }

    fn status(&self) -> String {
        self.eval("document.getElementById('wr-status').textContent")
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Clicks a button and gives the text file it made the browser download.
    fn download(&self, button: &str) -> (String, String) {
        let (name, bytes) = self.download_bytes(button);
        (name, String::from_utf8(bytes).unwrap())
    }

    /// Clicks a button and gives the file it made the browser download.
    fn download_bytes(&self, button: &str) -> (String, Vec<u8>) {
        let before: Vec<PathBuf> = files_in(self.downloads.path());
        self.eval(&format!("document.getElementById('{button}').click()"));
        let started = Instant::now();
        loop {
            let now = files_in(self.downloads.path());
            let new: Vec<&PathBuf> = now
                .iter()
                .filter(|p| !before.contains(p))
                .filter(|p| !p.to_string_lossy().ends_with(".crdownload"))
                .collect();
            if let [file] = new.as_slice()
                && let Ok(bytes) = std::fs::read(file)
                && !bytes.is_empty()
            {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                return (name, bytes);
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{button} downloaded nothing; status: {}",
                self.status()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every request that was not for the page itself or inside it (`data:`, `blob:`).
    fn network(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|u| **u != self.page && !u.starts_with("data:") && !u.starts_with("blob:"))
            .cloned()
            .collect()
    }

    /// Console messages, exceptions and error log entries (a refused request, a CSP
    /// violation) so far.
    fn complaints(&self) -> Vec<String> {
        self.complaints.lock().unwrap().clone()
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn cli_json(args: &[&str], path: &Path) -> Value {
    let out = Test::new().args(args).arg(path).run();
    assert!(out.code <= 1, "{args:?}: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// What the page shows of a report: the number, the counts, the devices, the findings.
fn shown(session: &Session) -> Value {
    session.eval(
        r#"(() => {
            const text = (e) => e ? e.textContent.trim() : null;
            const counts = {};
            for (const f of document.querySelectorAll('#wr-report [data-count]')) {
                const n = f.querySelector('.n');
                counts[f.dataset.count] = n.classList.contains('none') ? null : Number(n.textContent.replace(/,/g, ''));
            }
            return {
                phone_number: text(document.querySelector('#wr-report [data-field="account.phone_number"] bdi')),
                counts,
                devices: Array.from(document.querySelectorAll('#wr-report [data-device]'), (r) => Number(r.dataset.device)),
                findings: Array.from(document.querySelectorAll('#wr-report [data-finding]'), (f) => f.dataset.finding),
            };
        })()"#,
    )
}

/// What the command line says of the same report, in the same shape.
fn said(path: &Path) -> Value {
    let summary = cli_json(&["summary", "--json"], path);
    let show = cli_json(&["show", "--json"], path);
    let audit = cli_json(&["audit", "--json"], path);
    let c = &summary["counts"];
    json!({
        "phone_number": summary["phone_number"],
        "counts": {"contacts": c["contacts"], "groups": c["groups"], "blocked": c["blocked"]},
        "devices": show["devices"].as_array().unwrap().iter().map(|d| d["id"].clone()).collect::<Vec<_>>(),
        "findings": audit["findings"].as_array().unwrap().iter().map(|f| f["id"].clone()).collect::<Vec<_>>(),
    })
}

#[test]
fn the_page_shows_every_generation_as_the_command_line_reads_it_and_fetches_nothing() {
    let Some(session) = Session::open() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in GENERATIONS.iter().enumerate() {
        let zip = dir.path().join(format!("{name}.zip"));
        std::fs::write(&zip, zip_fixture(name, i)).unwrap();
        assert_eq!(
            session.give(&[&zip]),
            "ready",
            "{name}: {}",
            session.status()
        );
        let on_page = shown(&session);
        assert_eq!(on_page, said(&zip), "{name}");
        assert!(on_page["findings"].as_array().unwrap().len() > 1, "{name}");
        let title = session.eval("document.title");
        assert!(
            title.as_str().unwrap().starts_with("WhatsApp report of"),
            "{title}"
        );
    }

    // Two reports of one account: the page over time.
    let older = dir.path().join("prev.zip");
    std::fs::write(&older, zip_fixture("gen-b-android-prev", 9)).unwrap();
    let newer = dir.path().join("gen-b-android.zip");
    assert_eq!(
        session.give(&[&newer, &older]),
        "ready",
        "{}",
        session.status()
    );
    assert_eq!(
        session.eval("document.querySelector('#wr-report #over-time') !== null"),
        true
    );

    // Hostile text is text: no element, no handler, no reordering.
    let (_keep, hostile) = crate::report::hostile_report();
    assert_eq!(session.give(&[&hostile]), "ready", "{}", session.status());
    let planted = session.eval(
        r#"(() => {
            const main = document.getElementById('wr-report');
            const groups = main.textContent;
            return {
                scripts: main.querySelectorAll('script').length,
                images: main.querySelectorAll('img').length,
                handlers: Array.from(main.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
                svg_onload: main.querySelectorAll('svg[onload]').length,
                bold: main.querySelectorAll('b').length,
                has_script_text: groups.includes('<script>alert(1)</script>'),
                has_img_text: groups.includes('"><img src=x onerror=alert(1)>'),
                raw_bidi: /[\u202a-\u202e\u2066-\u2069]/.test(groups),
                escaped_bidi: groups.includes('\\u{202e}'),
            };
        })()"#,
    );
    assert_eq!(
        planted,
        json!({"scripts": 0, "images": 0, "handlers": 0, "svg_onload": 0, "bold": 0,
               "has_script_text": true, "has_img_text": true, "raw_bidi": false, "escaped_bidi": true}),
    );

    // Garbage: the command line's own error line, and the page goes on.
    let (_g, garbage) = temp_file("notes.zip", b"these are my notes, not a report");
    assert_eq!(session.give(&[&garbage]), "error");
    let cli = Test::new().arg("summary").arg(&garbage).run();
    let line = cli.error().to_string();
    let garbage_name = garbage.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        session.status(),
        line.replace(&garbage.display().to_string(), &garbage_name)
    );
    let truncated = dir.path().join("truncated.zip");
    let whole = std::fs::read(&newer).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    assert_eq!(session.give(&[&truncated]), "error");
    assert!(
        session
            .status()
            .contains("truncated.zip: not a ZIP archive"),
        "{}",
        session.status()
    );
    // Deflate bombs: refused by the archive's caps before they are inflated, in the command
    // line's words.
    for declared in [u32::MAX, 1000] {
        use crate::hostile::{Raw, deflate_bomb, report_around};
        let bomb = dir.path().join(format!("bomb-{declared}.zip"));
        std::fs::write(
            &bomb,
            report_around(vec![Raw {
                name: "whatsapp_connections/contacts.json".into(),
                method: 8,
                data: deflate_bomb(1),
                declared_size: declared,
            }]),
        )
        .unwrap();
        assert_eq!(session.give(&[&bomb]), "error");
        let line = Test::new()
            .arg("summary")
            .arg(&bomb)
            .run()
            .error()
            .to_string();
        let name = bomb.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            session.status(),
            line.replace(&bomb.display().to_string(), &name)
        );
    }
    // A folder of unrelated files, picked as a folder.
    let unrelated = dir.path().join("Holiday");
    std::fs::create_dir_all(unrelated.join("photos")).unwrap();
    std::fs::write(unrelated.join("notes.txt"), "my notes").unwrap();
    std::fs::write(unrelated.join("photos/beach.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    session.eval("document.documentElement.dataset.wrState = 'given'");
    session
        .tab
        .find_element("#wr-folder")
        .unwrap()
        .set_input_files(&[unrelated.to_str().unwrap()])
        .unwrap();
    session.wait_for("['ready', 'error'].includes(document.documentElement.dataset.wrState)");
    let line = Test::new()
        .arg("summary")
        .arg(&unrelated)
        .run()
        .error()
        .to_string();
    assert_eq!(
        session.status(),
        line.replace(&unrelated.display().to_string(), "Holiday")
    );

    let zip = dir.path().join("gen-b2-iphone.zip");
    assert_eq!(
        session.give(&[&zip]),
        "ready",
        "usable after errors: {}",
        session.status()
    );

    let network = session.network();
    assert!(network.is_empty(), "requests: {network:?}");
    let complaints = session.complaints();
    assert!(complaints.is_empty(), "console: {complaints:#?}");

    // The checks have teeth: a request the page tried is refused and heard of.
    session.eval("fetch('http://127.0.0.1:9/x').then(() => 'sent', () => 'refused')");
    let started = Instant::now();
    while session.complaints().is_empty() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let heard = session.complaints().join("\n");
    assert!(heard.contains("Content Security Policy"), "{heard}");
}

/// On a phone and on a desktop, the report the page shows fits the window and leads with
/// what to change, as `wareport report`'s page does (`browser`'s checks, on the page
/// around it too: the bar of buttons above the report).
#[test]
fn the_shown_report_fits_a_phone_and_a_desktop_and_leads_with_what_to_change() {
    let Some(session) = Session::open() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("My Account Info.zip");
    std::fs::write(&zip, zip_fixture("gen-b-android", 5)).unwrap();
    let older = dir.path().join("My Account Info (July).zip");
    std::fs::write(&older, zip_fixture("gen-b-android-prev", 6)).unwrap();
    let mut failed = Vec::new();
    for (width, height) in [(390, 844), (1280, 800)] {
        crate::browser::set_window(&session.tab, width, height);
        for (name, files) in [
            ("one report", vec![&zip]),
            ("two reports", vec![&zip, &older]),
        ] {
            let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
            assert_eq!(session.give(&paths), "ready", "{}", session.status());
            session.eval("window.scrollTo(0, 0)");
            let problems = crate::browser::layout_problems(
                &session.tab,
                "#wr-report",
                width,
                &format!("web-{}-{width}", name.replace(' ', "-")),
            );
            if !problems.is_empty() {
                failed.push(format!("{name} at {width}px:\n  {}", problems.join("\n  ")));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    let complaints = session.complaints();
    assert!(complaints.is_empty(), "console: {complaints:#?}");
}

#[test]
fn redacted_downloads_name_no_one_and_extract_is_export_counts_only() {
    let Some(session) = Session::open() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("My Account Info.zip");
    std::fs::write(&zip, zip_fixture("gen-b-android", 4)).unwrap();
    assert_eq!(session.give(&[&zip]), "ready", "{}", session.status());
    let show = cli_json(&["show", "--json"], &zip);
    let mut ids = identifiers(&show);
    // Ports are kept by redaction, as documented: a 4-digit run of a number that is also
    // part of a port (`0123` of +15555550123 in port 40123) is no leak.
    let ports: Vec<String> = show["devices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["current_port"].as_u64().map(|p| p.to_string()))
        .collect();
    ids.retain(|id| !ports.iter().any(|p| p.contains(id.as_str())));
    assert!(ids.len() > 20, "{ids:?}");

    let (name, page) = session.download("wr-save");
    assert_eq!(name, "My Account Info.html");
    assert!(
        page.contains("+15555550123"),
        "the plain page names the account"
    );
    let (name, redacted) = session.download("wr-save-redacted");
    assert_eq!(name, "My Account Info (redacted).html");
    assert!(redacted.starts_with("<!DOCTYPE html>"));
    assert_clean(std::slice::from_ref(&redacted), &ids, "redacted page");
    assert!(
        session.status().starts_with("Redacted with a fresh key, "),
        "{}",
        session.status()
    );
    let (_, json_plain) = session.download("wr-save-json");
    let plain: Value = serde_json::from_str(&json_plain).unwrap();
    assert_eq!(plain, cli_json(&["show", "--json"], &zip));
    // A typed key: the same pseudonyms as the command line's with that key.
    session.eval("document.getElementById('wr-key').value = 'study key 1'");
    let (name, json_redacted) = session.download("wr-save-redacted-json");
    assert_eq!(name, "My Account Info (redacted).json");
    let redacted_doc: Value = serde_json::from_str(&json_redacted).unwrap();
    let mut texts = Vec::new();
    json_strings(&redacted_doc, &mut texts);
    assert_clean(&texts, &ids, "redacted JSON");
    let cli = Test::new()
        .args(["show", "--json", "--redact", "--redact-key", "study key 1"])
        .arg(&zip)
        .run();
    assert_eq!(
        redacted_doc,
        serde_json::from_str::<Value>(&cli.stdout).unwrap()
    );

    // The JavaScript API the page is built on: extract gives export --counts-only's tables.
    let bytes = std::fs::read(&zip).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let extracted = session.eval(&format!(
        "(async () => {{ const b = Uint8Array.from(atob('{b64}'), (c) => c.charCodeAt(0)); \
         return await wareport.extract({{name: 'My Account Info.zip', data: b}}, {{countsOnly: true, redact: {{key: 'study key 1'}}}}); }})()"
    ));
    assert_eq!(extracted["errors"], json!({}));
    let split = dir.path().join("split");
    Test::new()
        .args([
            "export",
            "--format",
            "ndjson",
            "--split",
            "--counts-only",
            "--redact",
            "--redact-key",
            "study key 1",
            "-o",
        ])
        .arg(&split)
        .arg(&zip)
        .run()
        .success();
    let tables = extracted["tables"].as_array().unwrap();
    let ids: Vec<&str> = tables.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "wareport_reports",
            "wareport_privacy",
            "wareport_terms",
            "wareport_findings"
        ]
    );
    for table in tables {
        let name = table["id"]
            .as_str()
            .unwrap()
            .trim_start_matches("wareport_");
        let frame: Value = serde_json::from_str(table["data_frame"].as_str().unwrap()).unwrap();
        let rows: Vec<Value> = std::fs::read_to_string(split.join(format!("{name}.ndjson")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(!rows.is_empty(), "{name}");
        for (i, row) in rows.iter().enumerate() {
            for (column, value) in row.as_object().unwrap() {
                assert_eq!(
                    &frame[column][i.to_string()],
                    value,
                    "{name}.{column} row {i}"
                );
            }
        }
    }
    // A failure is counted by kind, and names nothing.
    let failed = session.eval(
        "wareport.extract({name: 'Alex private notes.zip', data: new Uint8Array([1, 2, 3])}, {countsOnly: true})",
    );
    assert_eq!(failed, json!({"tables": [], "errors": {"not_zip": 1}}));

    let network = session.network();
    assert!(network.is_empty(), "requests: {network:?}");
    let complaints = session.complaints();
    assert!(complaints.is_empty(), "console: {complaints:#?}");
}

/// The Port worker `cargo xtask web` ships beside `wareport.js`, driven through one donation
/// as Port drives it: initialise, ask for a file, show the consent form with `extract`'s
/// tables and the failures by kind, donate under the session's key. It runs in a worker made
/// from the two built scripts (a worker cannot be started from `file://`), `importScripts`
/// standing for the `wareport.js` put before it.
#[test]
fn the_port_worker_shows_extracts_tables_and_donates_under_the_session() {
    let Some(session) = Session::open() else {
        return;
    };
    let dir = built_page().unwrap().parent().unwrap().to_path_buf();
    let api = std::fs::read_to_string(dir.join("wareport.js")).unwrap();
    let worker = std::fs::read_to_string(dir.join("port_worker.js")).unwrap();
    assert!(worker.contains("importScripts('wareport.js')"));
    let source = format!("self.importScripts = () => {{}};\n{api}\n{worker}");
    let b64 = base64::engine::general_purpose::STANDARD.encode(zip_fixture("gen-b-android", 0));
    let bytes = format!("Uint8Array.from(atob('{b64}'), (c) => c.charCodeAt(0))");
    let direct = session.eval(&format!(
        "wareport.extract({{name: 'My Account Info.zip', data: {bytes}}}, {{countsOnly: true}})"
    ));
    // The page's own policy allows no worker: the worker runs where Port runs it, on a page
    // of its own.
    session
        .tab
        .navigate_to("about:blank")
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let steps = session.eval(&format!(
        "(async () => {{
           const w = new Worker(URL.createObjectURL(new Blob([{source}], {{type: 'text/javascript'}})));
           const send = (message) => new Promise((answer, fail) => {{
             w.onmessage = (e) => answer(e.data);
             w.onerror = (e) => fail(new Error(e.message));
             w.postMessage(message);
           }});
           const bytes = {bytes};
           const file = new File([bytes], 'My Account Info.zip', {{type: 'application/zip'}});
           const garbage = new File([new Uint8Array([1, 2, 3])], 'notes.zip');
           const next = (payload) => send({{eventType: 'nextRunCycle', response: {{payload}}}});
           return [
             await send({{eventType: 'initialise'}}),
             await send({{eventType: 'firstRunCycle', sessionId: 'session-7'}}),
             await next({{__type__: 'PayloadFile', value: file}}),
             await next({{__type__: 'PayloadFile', value: garbage}}),
             await next({{__type__: 'PayloadJSON', value: '{{\"donated\": true}}'}}),
             await next({{__type__: 'PayloadFalse'}}),
           ];
         }})()",
        source = serde_json::to_string(&source).unwrap()
    ));
    let [ready, ask, consent, failed, donate, end] = steps.as_array().unwrap().as_slice() else {
        panic!("six answers: {steps}")
    };
    assert_eq!(ready, &json!({"eventType": "initialiseDone"}));
    assert_eq!(ask["eventType"], "runCycleDone");
    let body = &ask["scriptEvent"]["page"]["body"];
    assert_eq!(body["__type__"], "PropsUIPromptFileInput");
    assert_eq!(body["extensions"], "application/zip");

    let form = &consent["scriptEvent"]["page"]["body"];
    assert_eq!(form["__type__"], "PropsUIPromptConsentForm");
    let tables = form["tables"].as_array().unwrap();
    let ids: Vec<&str> = tables.iter().map(|t| t["id"].as_str().unwrap()).collect();
    let want: Vec<&str> = direct["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, want);
    assert_eq!(ids[0], "wareport_reports");
    for (shown, t) in tables.iter().zip(direct["tables"].as_array().unwrap()) {
        assert_eq!(shown["__type__"], "PropsUIPromptConsentFormTable");
        assert_eq!(shown["title"]["translations"]["en"], t["title"]);
        // The key is a fresh pseudonym each call: every other value is the same.
        let frame = |v: &Value| -> Value {
            let mut f: Value = serde_json::from_str(v["data_frame"].as_str().unwrap()).unwrap();
            f.as_object_mut().unwrap().remove("key");
            f
        };
        assert_eq!(frame(shown), frame(t), "{}", t["id"]);
    }
    let reports: Value = serde_json::from_str(tables[0]["data_frame"].as_str().unwrap()).unwrap();
    assert_eq!(reports["contact_count"]["0"], 6);
    assert_eq!(reports["generation"]["0"], "B");
    let errors = |event: &Value| -> Value {
        serde_json::from_str(
            event["scriptEvent"]["page"]["body"]["metaTables"][0]["data_frame"]
                .as_str()
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(errors(consent), json!({"kind": {}, "count": {}}));
    assert_eq!(
        errors(failed),
        json!({"kind": {"0": "not_zip"}, "count": {"0": 1}})
    );
    assert_eq!(
        donate["scriptEvent"],
        json!({"__type__": "CommandSystemDonate", "key": "session-7-whatsapp",
               "json_string": "{\"donated\": true}"})
    );
    assert_eq!(end["scriptEvent"]["page"]["__type__"], "PropsUIPageEnd");
    let network = session.network();
    assert!(network.is_empty(), "requests: {network:?}");
    let complaints = session.complaints();
    assert!(complaints.is_empty(), "console: {complaints:#?}");
}

#[test]
fn a_twin_made_in_the_page_is_the_command_lines_and_is_offered_when_a_part_is_not_understood() {
    let Some(session) = Session::open() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A complete report: read, with a twin on offer but no word of anything not understood.
    let plain = dir.path().join("plain.zip");
    std::fs::write(&plain, zip_fixture("gen-b-android", 3)).unwrap();
    assert_eq!(session.give(&[&plain]), "ready", "{}", session.status());
    assert!(
        !session.status().contains("not understood"),
        "{}",
        session.status()
    );
    assert_eq!(
        session.eval("document.getElementById('wr-twin').hidden"),
        json!(false)
    );

    // Parts not understood: the status says how to send the report's shape.
    let zip = dir.path().join("My Account Info.zip");
    std::fs::write(&zip, zip_fixture("gen-b-unknown-parts", 3)).unwrap();
    assert_eq!(session.give(&[&zip]), "ready", "{}", session.status());
    assert!(
        session.status().contains("not understood")
            && session.status().contains("Make a twin for a bug report"),
        "{}",
        session.status()
    );
    let (name, twin) = session.download_bytes("wr-twin");
    assert_eq!(name, "My Account Info (twin).zip");
    assert!(
        session.status().starts_with("Saved a twin"),
        "{}",
        session.status()
    );
    let twin_path = dir.path().join("twin.zip");
    std::fs::write(&twin_path, &twin).unwrap();
    // It reads as the report does, and names no one in it.
    let (original, copy) = (
        cli_json(&["inspect", "--json"], &zip),
        cli_json(&["inspect", "--json"], &twin_path),
    );
    for key in ["generation", "detected_by", "understood", "unknown"] {
        assert_eq!(original[key], copy[key], "{key}");
    }
    // Every number, name, text and address of the report is replaced (the twin keeps
    // calling codes and lengths, so shorter runs of digits may recur).
    let show = cli_json(&["show", "--json"], &zip);
    let mut ids = Vec::new();
    for list in [&show["contacts"], &show["blocked"], &show["groups"]] {
        ids.extend(crate::support::string_list(list));
    }
    for key in ["phone_number", "name", "email", "about"] {
        ids.extend(show["account"][key].as_str().map(String::from));
    }
    for d in show["devices"].as_array().unwrap() {
        ids.extend(
            ["previous_ip", "current_ip"]
                .map(|k| d[k].as_str().map(String::from))
                .into_iter()
                .flatten(),
        );
    }
    // (A name of marks or spaces alone, `\u{200e}`, has no letter to replace.)
    ids.retain(|id| id.chars().filter(|c| c.is_alphanumeric()).count() >= 3);
    assert!(ids.len() > 15, "{ids:?}");
    let mut texts = Vec::new();
    json_strings(&cli_json(&["show", "--json"], &twin_path), &mut texts);
    assert_clean(&texts, &ids, "twin made in the page");

    // The API, with a seed: the command line's twin for that seed, byte for byte.
    let b64 = base64::engine::general_purpose::STANDARD.encode(std::fs::read(&zip).unwrap());
    let made = session.eval(&format!(
        "(async () => {{ const b = Uint8Array.from(atob('{b64}'), (c) => c.charCodeAt(0)); \
         const blob = await wareport.twin({{name: 'My Account Info.zip', data: b}}, {{seed: 7}}); \
         const u = new Uint8Array(await blob.arrayBuffer()); let s = ''; \
         for (const x of u) s += String.fromCharCode(x); return [blob.type, btoa(s)]; }})()"
    ));
    assert_eq!(made[0], "application/zip");
    let cli_twin = dir.path().join("cli-twin.zip");
    Test::new()
        .args(["twin", "--seed", "7", "-o"])
        .arg(&cli_twin)
        .arg(&zip)
        .run()
        .success();
    let from_page = base64::engine::general_purpose::STANDARD
        .decode(made[1].as_str().unwrap())
        .unwrap();
    assert_eq!(from_page, std::fs::read(&cli_twin).unwrap());

    // Several reports: a twin is of one report, so it is not offered.
    assert_eq!(
        session.give(&[&plain, &zip]),
        "ready",
        "{}",
        session.status()
    );
    assert_eq!(
        session.eval("document.getElementById('wr-twin').hidden"),
        json!(true)
    );
    assert_eq!(session.network(), Vec::<String>::new());
    assert_eq!(session.complaints(), Vec::<String>::new());
}
