//! The module's exports, by name. `#[unsafe(no_mangle)]` is what makes a function an export
//! of a `wasm32-unknown-unknown` module; it is the only unsafe construct in the project,
//! and it is confined here (`unsafe_code` is denied everywhere else in this package and
//! forbidden in wareport itself). The functions only move plain numbers and addresses the
//! script reads through the module's memory; none dereferences a pointer.
#![allow(unsafe_code)]

/// Stages a buffer of `len` bytes; its address, or 0 past the input limit.
#[unsafe(no_mangle)]
pub extern "C" fn wr_stage(len: usize) -> *mut u8 {
    super::stage(len).unwrap_or(std::ptr::null_mut())
}

/// Runs the staged request: 0 on success, 1 on failure.
#[unsafe(no_mangle)]
pub extern "C" fn wr_run() -> u32 {
    u32::from(!super::run())
}

/// Where the answer starts.
#[unsafe(no_mangle)]
pub extern "C" fn wr_output() -> *const u8 {
    super::output().0
}

/// How long the answer is, in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn wr_output_len() -> usize {
    super::output().1
}
