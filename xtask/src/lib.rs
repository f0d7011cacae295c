//! The WebAssembly module's face: four exports that let `wareport.js` hand the module its
//! buffers and a request, and read back the answer. Everything else is
//! [`wareport::api::answer`], the same code as the command line's. Built for
//! `wasm32-unknown-unknown` only (`cargo xtask web`); empty anywhere else.
//!
//! The protocol: for each input `wr_stage(len)` gives the address of a fresh buffer of
//! `len` bytes, which the script fills (0 when `len` is over the input limit: the input is
//! refused as too large, unread); the request's JSON is staged last; `wr_run()` runs it,
//! frees every staged buffer and keeps the answer, 0 for success (the operation's JSON or
//! HTML, or `twin`'s ZIP) and 1 for failure (`{"error": line, "kind": kind}`), read with `wr_output()` and
//! `wr_output_len()`.

#![cfg(target_arch = "wasm32")]

mod exports;

use std::cell::RefCell;

use wareport::api::{MAX_INPUT, Staged};

#[derive(Default)]
struct State {
    staged: Vec<Staged>,
    output: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// A fresh buffer of `len` bytes for the script to fill; `None` past the input limit.
fn stage(len: usize) -> Option<*mut u8> {
    STATE.with_borrow_mut(|state| {
        if len as u64 > MAX_INPUT {
            state.staged.push(Staged::TooLarge(len as u64));
            return None;
        }
        let mut buffer = vec![0u8; len];
        let at = buffer.as_mut_ptr();
        state.staged.push(Staged::Bytes(buffer));
        Some(at)
    })
}

/// Runs the staged request on the staged buffers; `true` when it succeeded.
fn run() -> bool {
    STATE.with_borrow_mut(|state| {
        let mut staged = std::mem::take(&mut state.staged);
        state.output = Vec::new();
        let request = match staged.pop() {
            Some(Staged::Bytes(request)) => request,
            _ => Vec::new(),
        };
        let (ok, output) = match wareport::api::answer(&request, staged) {
            Ok(bytes) => (true, bytes),
            Err(failed) => (
                false,
                serde_json::json!({ "error": failed.line, "kind": failed.kind })
                    .to_string()
                    .into_bytes(),
            ),
        };
        state.output = output;
        ok
    })
}

fn output() -> (*const u8, usize) {
    STATE.with_borrow(|state| (state.output.as_ptr(), state.output.len()))
}
