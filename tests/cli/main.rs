//! The one integration-test binary: everything through the real `wareport` executable.

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
mod web;
mod width;
