//! The report page in a real browser: every page renders in headless Chromium, at desktop
//! and phone widths, without a blocked request, a console error or a blank screen. Its own
//! module so that it starts first: it is the suite's longest test, and the other tests run
//! beside it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
