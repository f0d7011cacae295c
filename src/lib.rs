//! `wareport` reads the report WhatsApp hands out under Settings → Account → Request account
//! info, in every known generation, and turns it into typed records for summaries, JSON,
//! diffs and audits.
//!
//! This library exists so the binary and the tests share one implementation; its API makes
//! no stability promise. The stable interface is the command line and its JSON contract.
//!
//! Data flows one way: bytes → [`archive`] → [`detect`] (with [`spec`], one description per
//! generation) → [`parse`] → [`model`] (typed [`text`]) → [`diff`], [`audit`], [`redact`],
//! [`inspect`], [`timeline`] as pure steps → [`view`] (one document per command) →
//! [`render`] (text) or JSON, in the [`format`] asked for. [`app`] is the glue and [`cli`] the only code that knows clap;
//! [`term`] is the one escaping boundary for the terminal. [`twin`] writes a report's
//! synthetic copy (`wareport twin`), bytes in and bytes out.

pub mod api;
#[cfg(feature = "cli")]
pub mod app;
pub mod archive;
pub mod audit;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(test)]
mod consumers;
pub mod detect;
pub mod diff;
pub mod errors;
#[cfg(feature = "cli")]
pub mod export;
pub mod format;
pub mod inspect;
#[cfg(feature = "cli")]
pub mod manual;
pub mod model;
#[cfg(feature = "cli")]
pub mod output;
pub mod page;
pub mod parse;
pub mod redact;
pub mod render;
pub mod schema;
pub mod spec;
pub mod tables;
pub mod term;
#[cfg(feature = "cli")]
pub mod terminal;
pub mod text;
pub mod timeline;
pub mod twin;
pub mod view;
