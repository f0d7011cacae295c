//! From drop to rendered page in headless Chromium: `wareport.html` (built by `cargo xtask
//! web`) is given a report through its file input, as a person picking it would, and the
//! page's own clock says how long it took from the input's change to the first frame
//! painted with the report on it (`data-wr-render-ms`). Run by `benches/browser.sh`:
//!
//!   cargo bench --bench browser -- PAGE REPORT... [--runs N]
//!
//! For each report it prints the median, minimum and maximum of N runs (default 7), after
//! one run to warm the module up, and the report's size.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions, Tab};

#[path = "../tests/cli/devtools.rs"]
mod devtools;

fn fail(msg: String) -> ! {
    eprintln!("browser bench: {msg}");
    std::process::exit(1)
}

fn eval(tab: &Tab, expression: &str) -> serde_json::Value {
    devtools::eval(tab, expression).unwrap_or_else(|e| fail(e))
}

fn state(tab: &Tab) -> String {
    eval(tab, "document.documentElement.dataset.wrState")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Gives the page one file and gives the page's own time for it, in milliseconds.
fn once(tab: &Tab, report: &str) -> f64 {
    eval(tab, "document.documentElement.dataset.wrState = 'given'");
    tab.find_element("#wr-files")
        .and_then(|e| e.set_input_files(&[report]).map(|_| ()))
        .unwrap_or_else(|e| fail(format!("{report}: {e}")));
    let started = Instant::now();
    loop {
        match state(tab).as_str() {
            "ready" => break,
            "error" => fail(format!(
                "{report}: {}",
                eval(tab, "document.getElementById('wr-status').textContent")
            )),
            _ if started.elapsed() > Duration::from_secs(120) => {
                fail(format!("{report}: no page after two minutes"))
            }
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    eval(tab, "Number(document.documentElement.dataset.wrRenderMs)")
        .as_f64()
        .unwrap_or_else(|| fail(format!("{report}: the page gave no time")))
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut runs = 7usize;
    let mut paths: Vec<String> = Vec::new();
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| fail("--runs needs a whole number".into()));
        } else {
            paths.push(a);
        }
    }
    let [page, reports @ ..] = paths.as_slice() else {
        fail("usage: cargo bench --bench browser -- PAGE REPORT... [--runs N]".into())
    };
    if reports.is_empty() {
        fail("name at least one report".into());
    }
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let args = [
        "--disable-quic",
        "--disable-component-update",
        "--disable-background-networking",
    ];
    let options = LaunchOptions::default_builder()
        .path(Some(chromium))
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(600))
        .args(args.iter().map(std::ffi::OsStr::new).collect())
        .build()
        .unwrap_or_else(|e| fail(e.to_string()));
    let browser = Browser::new(options).unwrap_or_else(|e| fail(format!("Chromium: {e}")));
    let tab = browser.new_tab().unwrap_or_else(|e| fail(e.to_string()));
    tab.set_default_timeout(Duration::from_secs(120));
    let page = std::fs::canonicalize(page).unwrap_or_else(|e| fail(format!("{page}: {e}")));
    tab.navigate_to(&format!("file://{}", page.display()))
        .and_then(|t| t.wait_until_navigated())
        .unwrap_or_else(|e| fail(e.to_string()));
    while state(&tab) != "idle" {
        std::thread::sleep(Duration::from_millis(20));
    }
    for report in reports {
        let size = std::fs::metadata(report)
            .map(|m| m.len())
            .unwrap_or_else(|e| fail(format!("{report}: {e}")));
        once(&tab, report);
        let mut times: Vec<f64> = (0..runs).map(|_| once(&tab, report)).collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{report} ({:.1} KB zipped): drop to painted page {:.1} ms median (min {:.1}, max {:.1}, {runs} runs)",
            size as f64 / 1e3,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
        );
    }
}
