//! The one integration-test binary: everything through the real `wareport` executable.

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
