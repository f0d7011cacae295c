//! The one integration-test binary: everything through the real `wareport` executable.

mod archive;
mod contract;
mod html;
mod human;
mod parsing;
mod support;
