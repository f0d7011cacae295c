//! The one integration-test binary: everything through the real `wareport` executable (or,
//! where a property needs thousands of runs, its library in-process), one module per area,
//! each opening with what it checks:
//!
//! - what a report says: `contract` (every fixture's `--json` deserialised into strict structs
//!   and compared field by field with its known content), `schema` (every document validates
//!   against `wareport schema`), `real_reports` (one test per real structure and defect),
//!   `html`, `parsing` (reports never seen: unknown keys, labels, files, broken entries),
//!   `languages` (every fixture rewritten into random pseudo-languages reads the same);
//! - what people see: `human` (snapshots of text output, reviewed with `cargo insta review`;
//!   a loop of snapshots reports every mismatch through [`snapshots!`]), `width` (output under
//!   a real pseudo-terminal), `errors`, `audit`, `diff`, `report` and `browser` (the page, and
//!   headless Chromium rendering it), `web` (`wareport.html` and its JavaScript API, and the
//!   Port worker, in Chromium, against the command line);
//! - what must never happen: `hostile` and `archive` (bombs, lying headers, unsafe names,
//!   deep nesting, each under a 256 MiB address-space limit; their times are printed, not
//!   asserted), `leaks` and `redact` (no identifier in any redacted output, in any written
//!   form), `overwrite` (no command writes over an input or a file not its own);
//! - `export` (SQLite, NDJSON and CSV read back against `show --json`), and `readme` (every
//!   example in the README prints what it shows, and its SQL runs in sqlite3 and DuckDB).
//!
//! Property tests (proptest) run a few dozen to a few hundred cases each;
//! `PROPTEST_CASES=5000 cargo test --release --test cli` is the long run. A test that needs a
//! tool (Chromium, util-linux's `script`, the built `wareport.html`) says `SKIPPED` without
//! it, and fails instead when `CI` is set (`support::required`); `.ci/run` installs them.

/// Checks every snapshot of a loop and reports every one that does not match, not only the
/// first: each case is asserted on its own (in the caller's module, whose name the
/// snapshots carry), and the mismatches are named together at the end.
macro_rules! snapshots {
    ($cases:expr) => {{
        let mut failed = Vec::new();
        for (name, text) in $cases {
            let checked = std::panic::catch_unwind(|| insta::assert_snapshot!(name.clone(), text));
            if checked.is_err() {
                failed.push(name);
            }
        }
        assert!(failed.is_empty(), "snapshots that do not match: {failed:?}");
    }};
}

mod archive;
mod audit;
mod browser;
mod contract;
mod devtools;
mod diff;
mod errors;
mod export;
mod hostile;
mod html;
mod human;
mod languages;
mod leaks;
mod overwrite;
mod parsing;
mod properties;
mod readme;
mod real_reports;
mod redact;
mod report;
mod schema;
mod support;
mod twin;
mod web;
mod width;
