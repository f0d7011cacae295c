//! The report page in a real browser: every page renders in headless Chromium, at desktop
//! and phone widths, without a blocked request, a console error or a blank screen. Its own
//! module so that it starts first: it is the suite's longest test, and the other tests run
//! beside it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;

use crate::report::{all_fixtures, hostile_report, page, page_of};
use crate::support::{chromium, fixture, required};

struct Rendered {
    png: Option<Vec<u8>>,
    log: String,
}

/// Renders a page file to a PNG with headless Chromium, offline: a fresh profile, no
/// background networking, stderr logging of the page's console.
fn render(browser: &Path, page: &Path, width: u32, height: u32) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut { stderr }, &mut s);
        s
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = reader.join().unwrap();
    Rendered {
        png: std::fs::read(&shot).ok(),
        log,
    }
}

/// Log lines that say the page tried something that was blocked or failed: any console
/// message (the page runs no script, so every one is a violation or an error), and any
/// line about the page's URL with a refusal, a block or a network error.
fn complaints(log: &str, page: &Path) -> Vec<String> {
    let url = format!("file://{}", page.display());
    log.lines()
        .filter(|l| {
            let about_page = l.contains(":CONSOLE") || l.contains(&url);
            let bad = [
                "Refused to",
                "blocked",
                "Blocked",
                "ERR_",
                "Uncaught",
                "violates",
            ]
            .iter()
            .any(|w| l.contains(w));
            (about_page && bad) || l.contains(":CONSOLE") || l.contains("Uncaught")
        })
        .map(String::from)
        .collect()
}

/// The screenshot's size and the variance of its grey levels.
fn picture(png_bytes: &[u8]) -> (u32, u32, f64) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let samples = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let greys: Vec<f64> = pixels
        .chunks(samples)
        .map(|p| match samples {
            1 | 2 => f64::from(p[0]),
            _ => 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]),
        })
        .collect();
    let mean = greys.iter().sum::<f64>() / greys.len() as f64;
    let variance = greys.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / greys.len() as f64;
    (info.width, info.height, variance)
}

#[test]
fn every_page_renders_in_headless_chromium_without_a_blocked_request_or_an_error() {
    let Some(browser) = required(
        chromium(),
        "Chromium",
        ".ci/run installs it (apt-get install -y chromium), or set CHROMIUM=/path/to/chromium",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut pages: Vec<(String, String)> = all_fixtures()
        .into_iter()
        .map(|name| (name.to_string(), page(name)))
        .collect();
    pages.push((
        "two-reports".into(),
        page_of(
            &["report"],
            &[fixture("gen-b-android-prev"), fixture("gen-b-android")],
        ),
    ));
    pages.push((
        "redacted".into(),
        page_of(&["report", "--redact"], &[fixture("gen-b-android")]),
    ));
    let (_hdir, hostile) = hostile_report();
    pages.push(("hostile".into(), page_of(&["report"], &[hostile])));

    // The check has teeth: a page that tries to fetch and to run a script is caught.
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        page("gen-b-android").replacen(
            "<main>",
            "<main><img src=\"http://127.0.0.1:9/x.png\"><script>document.title='ran'</script>",
            1,
        ),
    )
    .unwrap();
    let rendered = render(&browser, &bad, 800, 600);
    assert!(
        !complaints(&rendered.log, &bad).is_empty(),
        "a blocked image and script went unnoticed:\n{}",
        rendered.log
    );

    // Every page at a wide size, three also at phone width; two browsers at a time (a
    // launch is about a second of one core's time).
    let mut jobs = Vec::new();
    for (name, html) in &pages {
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, html).unwrap();
        let phone = ["gen-b-android", "two-reports", "hostile"].contains(&name.as_str());
        jobs.push((name, file.clone(), 1280, 1600));
        if phone {
            jobs.push((name, file, 390, 1400));
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut rendered: Vec<(usize, Rendered)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((_, file, width, height)) = jobs.get(i) else {
                            return done;
                        };
                        done.push((i, render(&browser, file, *width, *height)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    rendered.sort_by_key(|(i, _)| *i);
    assert_eq!(rendered.len(), jobs.len());
    for ((name, file, width, height), (_, rendered)) in jobs.iter().zip(rendered) {
        let (width, height) = (*width, *height);
        let bad = complaints(&rendered.log, file);
        assert!(bad.is_empty(), "{name} at {width}px:\n{}", bad.join("\n"));
        let png = rendered
            .png
            .unwrap_or_else(|| panic!("{name}: no screenshot\n{}", rendered.log));
        let (w, h, variance) = picture(&png);
        assert_eq!((w, h), (width, height), "{name}");
        assert!(
            variance > 100.0,
            "{name} at {width}px: blank ({variance:.1})"
        );
    }
}

/// What a page's layout does wrong in the window it is shown in, measured in the page by
/// Chromium itself: the document wider than the window and what sticks out, a strip that
/// scrolls sideways, text drawn smaller than 11 CSS px (SVG text at the size it is drawn,
/// its font size times the chart's scale), a chart label cut off at its chart's edge or
/// drawn over another, a time chart that does not fill its column's width, a table wider
/// than its column, a table row that is not a card below 600 px, a report's date that
/// wraps in the reports' table, and whether the findings come before the account, in the
/// document and on screen, with their heading in the first screen. `ROOT` is the report's
/// element, `WIDTH` the window's width: a phone browser widens its layout to a page that
/// does not fit (and zooms out), so `innerWidth` alone would let a too-wide page pass.
const LAYOUT: &str = r#"(() => {
    const W = WIDTH, H = window.innerHeight;
    const root = document.querySelector(ROOT);
    const problems = [];
    const problem = (p) => { if (problems.length < 60) problems.push(p); };
    if (window.innerWidth !== W) problem(`laid out ${window.innerWidth}px wide in a ${W}px window`);
    const where = (e) => {
        let s = e.tagName.toLowerCase();
        if (e.id) s += '#' + e.id;
        for (const c of e.classList) s += '.' + c;
        const section = e.closest('section[aria-labelledby]');
        if (section) s += ' in #' + section.getAttribute('aria-labelledby');
        return s;
    };
    const words = (t) => JSON.stringify(t.trim().replace(/\s+/g, ' ').slice(0, 50));
    const outer = (e) => {
        let svg = e.closest('svg');
        while (svg && svg.parentElement && svg.parentElement.closest('svg')) svg = svg.parentElement.closest('svg');
        return svg;
    };
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > W || scrollWidth > window.innerWidth) {
        problem(`the page is ${scrollWidth}px wide in a ${W}px window`);
        const clipped = (e) => {
            for (let a = e.parentElement; a; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= W + 0.5) return true;
            }
            return false;
        };
        let named = 0;
        for (const e of document.body.querySelectorAll('*')) {
            if (named === 8) break;
            if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
            if (clipped(e)) continue;
            const r = e.getBoundingClientRect();
            const inside = Array.from(e.children).some((c) => c.getBoundingClientRect().right > W + 0.5);
            if (r.right > W + 0.5 && !inside) {
                named += 1;
                problem(`sticks out to ${Math.round(r.right)}px: ${where(e)} ${words(e.textContent)}`);
            }
        }
    }
    for (const e of document.body.querySelectorAll('*')) {
        const x = getComputedStyle(e).overflowX;
        if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
            problem(`scrolls sideways (${e.scrollWidth}px in ${e.clientWidth}px): ${where(e)}`);
        }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let texts = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.data.trim()) continue;
        const e = n.parentElement;
        if (e.closest('script, style, title, desc, .sr')) continue;
        range.selectNodeContents(n);
        if (range.getClientRects().length === 0) continue;
        texts += 1;
        let px = parseFloat(getComputedStyle(e).fontSize);
        if (e instanceof SVGElement) {
            const m = e.getScreenCTM();
            px *= Math.hypot(m.a, m.b);
        }
        if (px < 10.995) problem(`${px.toFixed(1)}px text ${words(n.data)} in ${where(e)}`);
    }
    const labels = new Map();
    for (const t of root.querySelectorAll('svg text')) {
        if (t.getClientRects().length === 0) continue;
        const svg = outer(t);
        const r = t.getBoundingClientRect(), b = svg.getBoundingClientRect();
        if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) {
            problem(`cut off at its chart's edge: ${words(t.textContent)} in ${where(svg)} (${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(b.left)}..${Math.round(b.right)})`);
        }
        if (!labels.has(svg)) labels.set(svg, []);
        labels.get(svg).push([t, r]);
    }
    for (const [svg, list] of labels) {
        for (let i = 0; i < list.length; i++) {
            for (let j = i + 1; j < list.length; j++) {
                const [a, p] = list[i], [b, q] = list[j];
                const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                if (w > 1 && h > 3) problem(`labels drawn over each other: ${words(a.textContent)} and ${words(b.textContent)} in ${where(svg)}`);
            }
        }
    }
    if (W < 600) {
        for (const tr of root.querySelectorAll('table tbody tr')) {
            if (tr.getClientRects().length && getComputedStyle(tr).display === 'table-row') {
                problem(`a table row, not a card, below 600px: ${where(tr)} ${words(tr.textContent)}`);
            }
        }
    }
    for (const svg of root.querySelectorAll('svg.timeline, .smalls svg.chart')) {
        const box = svg.parentElement.getBoundingClientRect(), r = svg.getBoundingClientRect();
        if (r.width > 0 && r.width < box.width - 1) problem(`a chart narrower than its column, ${Math.round(r.width)}px of ${Math.round(box.width)}px: ${where(svg)}`);
    }
    for (const t of root.querySelectorAll('table')) {
        const box = t.parentElement.getBoundingClientRect(), r = t.getBoundingClientRect();
        if (r.width > 0 && r.right > box.right + 1) problem(`a table wider than its column, to ${Math.round(r.right)}px of ${Math.round(box.right)}px: ${where(t)}`);
    }
    for (const t of root.querySelectorAll('table.reports th.when time')) {
        range.selectNodeContents(t);
        const lines = new Set(Array.from(range.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.bottom)));
        if (lines.size > 1) problem(`a report's date wraps onto ${lines.size} lines: ${words(t.textContent)}`);
    }
    const findings = root.querySelector('section[aria-labelledby=findings]');
    const account = root.querySelector('section[aria-labelledby=account]');
    const order = findings && account ? {
        before_in_document: Boolean(findings.compareDocumentPosition(account) & Node.DOCUMENT_POSITION_FOLLOWING),
        above_on_screen: findings.getBoundingClientRect().bottom <= account.getBoundingClientRect().top,
        heading_in_first_screen: findings.querySelector('h2').getBoundingClientRect().top + window.scrollY < H,
    } : null;
    return { width: W, texts, problems, order };
})()"#;

/// Chromium through the DevTools protocol: one tab, the window set by `set_window`.
pub(crate) struct Chrome {
    _browser: headless_chrome::Browser,
    pub(crate) tab: std::sync::Arc<headless_chrome::Tab>,
}

impl Chrome {
    pub(crate) fn launch(browser: PathBuf) -> Chrome {
        let options = headless_chrome::LaunchOptions::default_builder()
            .path(Some(browser))
            .sandbox(false)
            .headless(true)
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(600))
            .args(
                [
                    "--disable-quic",
                    "--disable-component-update",
                    "--disable-background-networking",
                    "--no-first-run",
                    "--disable-sync",
                    "--hide-scrollbars",
                ]
                .iter()
                .map(std::ffi::OsStr::new)
                .collect(),
            )
            .build()
            .unwrap();
        let browser = headless_chrome::Browser::new(options).expect("Chromium starts");
        let tab = browser.new_tab().unwrap();
        tab.set_default_timeout(Duration::from_secs(60));
        Chrome {
            _browser: browser,
            tab,
        }
    }
}

/// Evaluates an expression in the page (the DevTools protocol's own evaluation, which the
/// page's policy does not govern) and gives its value as JSON.
pub(crate) fn eval(tab: &headless_chrome::Tab, expression: &str) -> Value {
    crate::devtools::eval(tab, expression).unwrap_or_else(|e| panic!("{e}"))
}

/// The window as a phone (below 600 px: a touch screen that honours the page's viewport
/// tag) or a desktop browser shows it.
pub(crate) fn set_window(tab: &headless_chrome::Tab, width: u32, height: u32) {
    use headless_chrome::protocol::cdp::Emulation;
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// A full-page PNG under `$WAREPORT_SHOTS`, when it is set, to look at.
fn keep_shot(tab: &headless_chrome::Tab, name: &str) {
    use headless_chrome::protocol::cdp::Page;
    let Some(dir) = std::env::var_os("WAREPORT_SHOTS") else {
        return;
    };
    let size = eval(
        tab,
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]",
    );
    let data = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport {
                x: 0.0,
                y: 0.0,
                width: size[0].as_f64().unwrap(),
                height: size[1].as_f64().unwrap(),
                scale: 1.0,
            }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
        })
        .unwrap()
        .data;
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
}

/// The layout's problems as the page is shown, then with every `<details>` opened (the
/// evidence, the lists): the same checks, for what a reader can unfold.
pub(crate) fn layout_problems(
    tab: &headless_chrome::Tab,
    root: &str,
    width: u32,
    name: &str,
) -> Vec<String> {
    let script = LAYOUT
        .replace("ROOT", &serde_json::to_string(root).unwrap())
        .replace("WIDTH", &width.to_string());
    let shown = eval(tab, &script);
    keep_shot(tab, name);
    let order = &shown["order"];
    let mut problems: Vec<String> = Vec::new();
    for (key, what) in [
        (
            "before_in_document",
            "the findings come after the account in the document",
        ),
        (
            "above_on_screen",
            "the findings are not above the account on screen",
        ),
        (
            "heading_in_first_screen",
            "the findings' heading is not in the first screen",
        ),
    ] {
        if order[key] != Value::Bool(true) {
            problems.push(format!("{what} ({order})"));
        }
    }
    assert!(
        shown["texts"].as_u64().unwrap() > 50,
        "{name}: no text seen: {shown}"
    );
    eval(
        tab,
        "document.querySelectorAll('details').forEach((d) => { d.open = true; })",
    );
    let unfolded = eval(tab, &script);
    keep_shot(tab, &format!("{name}-open"));
    for p in shown["problems"].as_array().unwrap() {
        problems.push(p.as_str().unwrap().to_string());
    }
    for p in unfolded["problems"].as_array().unwrap() {
        let p = format!("unfolded: {}", p.as_str().unwrap());
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    problems
}

/// Every fixture's page, several reports, a redacted page and the hostile one.
fn pages_to_check() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = all_fixtures()
        .into_iter()
        .map(|name| (name.to_string(), page(name)))
        .collect();
    pages.push((
        "three-reports".into(),
        page_of(
            &["report", "--mixed"],
            &[
                fixture("gen-b-iphone-jul22"),
                fixture("gen-b-android-prev"),
                fixture("gen-b-android"),
            ],
        ),
    ));
    pages.push((
        "redacted".into(),
        page_of(&["report", "--redact"], &[fixture("gen-b-android")]),
    ));
    let (_hdir, hostile) = hostile_report();
    pages.push(("hostile".into(), page_of(&["report"], &[hostile])));
    pages
}

#[test]
fn every_page_fits_a_phone_and_a_desktop_leads_with_the_findings_and_has_no_tiny_text() {
    let Some(browser) = required(
        chromium(),
        "Chromium",
        ".ci/run installs it (apt-get install -y chromium), or set CHROMIUM=/path/to/chromium",
    ) else {
        return;
    };
    let chrome = Chrome::launch(browser);
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str, html: &str| {
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, html).unwrap();
        chrome
            .tab
            .navigate_to(&format!("file://{}", file.display()))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
    };

    // The checks have teeth: a page whose style sheet keeps a wide table, shrinks the
    // charts' text, folds a long word into a scrolling strip and puts the findings last is
    // caught on every count.
    set_window(&chrome.tab, 390, 844);
    let broken = page("gen-b-android").replacen(
        "</style>",
        "table.privacy { min-width: 36rem } svg text { font-size: 9px } \
         footer p { overflow-x: auto; white-space: nowrap } \
         main { display: flex; flex-direction: column-reverse } \
         main tbody tr { display: table-row !important } \
         svg.timeline { width: 200px }</style>",
        1,
    );
    open("broken", &broken);
    let caught = layout_problems(&chrome.tab, "main", 390, "broken-390").join("\n");
    for symptom in [
        "the page is",
        "sticks out to",
        "9.0px text",
        "scrolls sideways",
        "the findings are not above the account on screen",
        "the findings' heading is not in the first screen",
        "a table row, not a card, below 600px",
        "a table wider than its column",
        "a chart narrower than its column",
    ] {
        assert!(
            caught.contains(symptom),
            "`{symptom}` not caught:\n{caught}"
        );
    }
    // A reports' table whose dates may wrap, on a desktop.
    set_window(&chrome.tab, 1280, 800);
    let wrapping = page_of(
        &["report"],
        &[fixture("gen-b-android-prev"), fixture("gen-b-android")],
    )
    .replacen(
        "</style>",
        "table.reports th.when, table.reports th.when time { white-space: normal !important; width: 1px }</style>",
        1,
    );
    open("wrapping", &wrapping);
    let caught = layout_problems(&chrome.tab, "main", 1280, "wrapping-1280").join("\n");
    assert!(
        caught.contains("a report's date wraps"),
        "not caught:\n{caught}"
    );

    let pages = pages_to_check();
    let mut failed = Vec::new();
    for (width, height) in [(390, 844), (1280, 800)] {
        set_window(&chrome.tab, width, height);
        for (name, html) in &pages {
            open(name, html);
            let problems = layout_problems(&chrome.tab, "main", width, &format!("{name}-{width}"));
            if !problems.is_empty() {
                failed.push(format!("{name} at {width}px:\n  {}", problems.join("\n  ")));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
