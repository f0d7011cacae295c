//! The `wareport` binary: parse the arguments, run, map the result to an exit status.

use std::process::ExitCode;

/// mimalloc (without transparent huge pages): a batch export spends about a fifth less
/// CPU than under the system's malloc (README, Speed).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = match wareport::cli::parse() {
        wareport::cli::Parsed::Run(config) => config,
        wareport::cli::Parsed::Help(text) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        wareport::cli::Parsed::Usage(line) => {
            eprintln!("{line}");
            return ExitCode::from(2);
        }
    };
    match wareport::app::run(config) {
        Ok(code) => code,
        // A reader that went away (`| head`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", wareport::app::error_line(&err));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
