//! The one integration-test binary: everything through the real `wareport` executable.

mod archive;
mod audit;
mod contract;
mod diff;
mod export;
mod hostile;
mod html;
mod human;
mod parsing;
mod properties;
mod redact;
mod support;
