//! `wareport twin` on the command line: the report from a path (a ZIP, a folder, `-`), the
//! twin to `-o FILE` (checked as every output is, `crate::output`) or to standard output
//! when that is not a terminal, and a random seed when none is given.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::archive::{Archive, Limits};
use crate::output::Destination;

/// One `wareport twin` run.
#[derive(Debug)]
pub struct Run {
    pub path: PathBuf,
    /// `-o` is the only file a twin is written to: [`Destination::Beside`] (no `-o` on a
    /// terminal) is refused, as is standard output when it is a terminal.
    pub target: Destination,
    /// `None`: drawn at random.
    pub seed: Option<u64>,
    pub keep_country: bool,
}

/// Whether a file is a twin wareport wrote (its ZIP comment says so).
fn is_twin(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = super::MARK.len() as i64;
    let mut tail = Vec::new();
    f.seek(SeekFrom::End(-n)).is_ok()
        && f.read_to_end(&mut tail).is_ok()
        && tail == super::MARK.as_bytes()
}

/// Makes the twin and writes it; the notes for stderr.
pub fn run(run: &Run, limits: Limits) -> anyhow::Result<Vec<String>> {
    // Where the twin goes is settled before the report is read.
    if let Destination::File { path, force } = &run.target {
        let inputs = crate::output::Inputs::new([run.path.as_path()]);
        crate::output::file(path, &inputs, *force, "a twin", is_twin)?;
    } else {
        anyhow::ensure!(
            !std::io::stdout().is_terminal(),
            "a twin is a ZIP archive, not text for a terminal: name the file with -o (wareport twin -o twin.zip PATH), or redirect standard output"
        );
    }
    let seed = match run.seed {
        Some(seed) => seed,
        None => {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes)
                .map_err(|e| anyhow::anyhow!("no random seed for the twin: {e}; pass --seed"))?;
            u64::from_le_bytes(bytes)
        }
    };
    let (mut parsed, mut source) = Archive::open_twice(&run.path, limits)?;
    let options = super::Options {
        seed,
        keep_country: run.keep_country,
    };
    let zip = super::twin(&mut parsed, &mut source, &options)?;
    let mut notes = Vec::new();
    match &run.target {
        Destination::File { path, .. } => notes.push(crate::output::write(path, &zip)?),
        Destination::Stdout | Destination::Beside => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&zip)
                .and_then(|()| stdout.flush())
                .map_err(|e| anyhow::Error::new(e).context("writing to stdout"))?;
        }
    }
    Ok(notes)
}
