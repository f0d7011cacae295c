//! `cargo xtask web [--out DIR]`: builds the browser's `wareport.html` (one file: the page,
//! its script and the WebAssembly module inside) and `wareport.js` (the script alone, with
//! the module inside, for data-donation flows and other pages) with `port_worker.js` (a
//! worker for the Port platform that calls it), in `target/browser/` unless `--out` says
//! otherwise.
//!
//! 1. installs the `wasm32-unknown-unknown` target with rustup when it is missing;
//! 2. builds this package's library for it (`--profile web`: small, one code unit);
//! 3. keeps only the module's own exports and drops everything nothing reaches, then
//!    refuses a module that imports anything: with no import it can do no input or output
//!    at all, so nothing it reads can leave the browser through it;
//! 4. embeds the module (base64) in `src/web/wareport.js`, puts that and `src/web/app.js` in
//!    the page `src/web/app.html` with the report page's sheet, and writes the page's
//!    Content-Security-Policy with the script's SHA-256: no fetch, connection, frame or
//!    outside resource, only this one script and WebAssembly.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use base64::Engine as _;
use sha2::Digest as _;

/// The module's exports the script calls; everything else is dropped.
const EXPORTS: [&str; 5] = ["memory", "wr_stage", "wr_run", "wr_output", "wr_output_len"];

const TARGET: &str = "wasm32-unknown-unknown";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("web") => web(&args[1..]),
        _ => Err("usage: cargo xtask web [--out DIR]".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The workspace: this package's parent folder.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{shown} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn web(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let out = match args {
        [] => target_dir().join("browser"),
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask web [--out DIR]".into()),
    };
    let installed = run(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|l| l.trim() == TARGET) {
        eprintln!("xtask: installing the {TARGET} target with rustup");
        run(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(workspace())
        .args([
            "rustc",
            "--locked",
            "--package",
            "xtask",
            "--lib",
            "--profile",
            "web",
            "--target",
            TARGET,
            "--crate-type",
            "cdylib",
        ])
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if !status.success() {
        return Err("building the module failed".into());
    }
    let built = target_dir()
        .join(TARGET)
        .join("web")
        .join("wareport_web.wasm");
    let module = trim(&std::fs::read(&built).map_err(|e| format!("{}: {e}", built.display()))?)?;

    let src = workspace().join("src");
    let encoded = base64::engine::general_purpose::STANDARD.encode(&module);
    let api = read(&src.join("web/wareport.js"))?;
    if !api.contains("'@MODULE_BASE64@'") {
        return Err("src/web/wareport.js has no '@MODULE_BASE64@' for the module".into());
    }
    let api = api.replace("@MODULE_BASE64@", &encoded);
    let script = format!("{api}\n{}", read(&src.join("web/app.js"))?);
    if script.contains("</script") {
        return Err("the page's script would end its own <script> element".into());
    }
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&script));
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{hash}' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    );
    let page = read(&src.join("web/app.html"))?
        .replace("@CSP@", &csp)
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@PAGE_CSS@", read(&src.join("page/page.css"))?.trim_end())
        .replace("@APP_CSS@", read(&src.join("web/app.css"))?.trim_end());
    // The script last, so that nothing in it is taken for a placeholder.
    let page = page.replacen("@SCRIPT@", &script, 1);

    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: &str, bytes: &[u8]| -> Result<PathBuf, String> {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    let html = write("wareport.html", page.as_bytes())?;
    write("wareport.js", api.as_bytes())?;
    write("wareport.wasm", &module)?;
    write(
        "port_worker.js",
        read(&src.join("web/port_worker.js"))?.as_bytes(),
    )?;
    eprintln!(
        "xtask: wrote {} ({}, {} gzipped; the module {}, {} gzipped) in {:.0} s",
        html.display(),
        size(page.len()),
        size(gzipped(page.as_bytes())),
        size(module.len()),
        size(gzipped(&module)),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The module with only [`EXPORTS`], everything unreachable from them dropped, and no
/// import left.
fn trim(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut module = walrus::Module::from_buffer(bytes).map_err(|e| e.to_string())?;
    let dropped: Vec<walrus::ExportId> = module
        .exports
        .iter()
        .filter(|e| !EXPORTS.contains(&e.name.as_str()))
        .map(|e| e.id())
        .collect();
    for id in dropped {
        module.exports.delete(id);
    }
    walrus::passes::gc::run(&mut module);
    stub_bindgen_imports(&mut module)?;
    let imports: Vec<String> = module
        .imports
        .iter()
        .map(|i| format!("{}.{}", i.module, i.name))
        .collect();
    if !imports.is_empty() {
        return Err(format!(
            "the module imports {}: it must import nothing, so that it can reach nothing outside it",
            imports.join(", ")
        ));
    }
    for name in EXPORTS {
        if !module.exports.iter().any(|e| e.name == name) {
            return Err(format!("the module does not export {name}"));
        }
    }
    Ok(module.emit_wasm())
}

/// Makes each function the module imports from wasm-bindgen's placeholders a trap. The zip
/// crate links getrandom's JavaScript backend on wasm32 for ZipCrypto encryption, which the
/// twin's ZIP writer never asks for (and getrandom cannot be given another backend while
/// that one is on); an import would be a way out of the module, a trap is none. Any other
/// import is left for [`trim`] to refuse.
fn stub_bindgen_imports(module: &mut walrus::Module) -> Result<(), String> {
    let placeholders: Vec<walrus::FunctionId> = module
        .imports
        .iter()
        .filter(|i| i.module.starts_with("__wbindgen_"))
        .filter_map(|i| match i.kind {
            walrus::ImportKind::Function(f) => Some(f),
            _ => None,
        })
        .collect();
    for f in placeholders {
        module
            .replace_imported_func(f, |(body, _)| {
                body.unreachable();
            })
            .map_err(|e| e.to_string())?;
    }
    walrus::passes::gc::run(module);
    Ok(())
}

fn gzipped(bytes: &[u8]) -> usize {
    use std::io::Write as _;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = z.write_all(bytes);
    z.finish().map(|v| v.len()).unwrap_or(0)
}

fn size(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}
