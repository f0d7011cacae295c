//! `wareport` reads the report WhatsApp hands out under Settings → Account → Request account
//! info, in every known generation, and turns it into typed records for summaries, JSON,
//! diffs and audits.
//!
//! This library exists so the binary and the tests share one implementation; its API makes
//! no stability promise. The stable interface is the command line and its JSON contract.
//!
//! Data flows one way: bytes → [`archive`] → [`detect`] → [`parse`] → [`model`] →
//! [`render`], with [`diff`], [`audit`], [`redact`] and [`inspect`] as pure steps between; [`app`] is the glue and [`cli`] the only code that knows clap.

pub mod app;
pub mod archive;
pub mod audit;
pub mod cli;
pub mod detect;
pub mod diff;
pub mod inspect;
pub mod labels;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod redact;
pub mod render;
pub mod term;
