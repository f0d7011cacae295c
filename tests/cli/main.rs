//! The one integration-test binary: everything through the real `wareport` executable.

mod archive;
mod audit;
mod contract;
mod diff;
mod hostile;
mod html;
mod human;
mod languages;
mod parsing;
mod properties;
mod redact;
mod support;
