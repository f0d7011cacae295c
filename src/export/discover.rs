//! Which inputs an export reads: the paths given, and the reports found in the folders
//! given. A folder that is itself a report (by [`crate::spec::marks_report_root`]) is one
//! report and is not searched; any other folder is searched recursively, in name order,
//! without following symbolic links, for ZIP files (`*.zip`, any case) and report folders.
//! `--glob` patterns narrow what a search counts; paths given by name always count.

use std::fs;
use std::path::{Path, PathBuf};

use glob::{MatchOptions, Pattern};

/// One input of the batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// A ZIP, a report folder or `-`, and how it came to be an input.
    Open { path: PathBuf, origin: Origin },
    /// A folder the search could not read.
    Unreadable { path: PathBuf, error: String },
}

/// How an input came to be one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Named on the command line: whatever it holds, it was meant to be read.
    Named,
    /// A ZIP file found by a search: one that holds something else than a report is
    /// passed over.
    FoundZip,
    /// A folder found by a search because it holds what marks a report's root.
    FoundFolder,
}

impl Job {
    pub fn path(&self) -> &Path {
        match self {
            Job::Open { path, .. } | Job::Unreadable { path, .. } => path,
        }
    }
}

/// `--glob` patterns: a pattern with a `/` is matched against the path below the folder
/// given, one without against the file or folder name alone.
#[derive(Debug, Default)]
pub struct Globs(Vec<Pattern>);

impl Globs {
    pub fn new(patterns: &[String]) -> anyhow::Result<Globs> {
        patterns
            .iter()
            .map(|p| {
                Pattern::new(p).map_err(|e| anyhow::anyhow!("--glob `{p}` is not a pattern: {e}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Globs)
    }

    /// Whether a found file or folder, at `rel` below the folder searched, counts.
    fn matches(&self, rel: &str) -> bool {
        let options = MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        let name = rel.rsplit('/').next().unwrap_or(rel);
        self.0.is_empty()
            || self.0.iter().any(|p| {
                if p.as_str().contains('/') {
                    p.matches_with(rel, options)
                } else {
                    p.matches_with(name, options)
                }
            })
    }
}

/// The inputs, in the order given and, within a folder, in name order.
pub fn discover(paths: &[PathBuf], globs: &Globs) -> Vec<Job> {
    let mut jobs = Vec::new();
    for path in paths {
        let is_dir = path != Path::new("-") && fs::metadata(path).is_ok_and(|m| m.is_dir());
        if is_dir && !is_report_folder(path) {
            search(path, "", globs, &mut jobs);
        } else {
            // A file, `-`, a report folder, or a path that does not exist (which fails
            // when it is opened, and is listed with the failures).
            jobs.push(Job::Open {
                path: path.clone(),
                origin: Origin::Named,
            });
        }
    }
    jobs
}

/// Whether a folder directly holds what marks the root of a report.
pub fn is_report_folder(dir: &Path) -> bool {
    let Ok(items) = fs::read_dir(dir) else {
        return false;
    };
    items.flatten().any(|item| {
        let is_dir = item.file_type().is_ok_and(|t| t.is_dir());
        item.file_name()
            .to_str()
            .is_some_and(|name| crate::spec::marks_report_root(name, is_dir))
    })
}

fn search(dir: &Path, rel: &str, globs: &Globs, jobs: &mut Vec<Job>) {
    let unreadable = |e: std::io::Error| Job::Unreadable {
        path: dir.to_path_buf(),
        error: format!("{}: cannot read the folder: {e}", dir.display()),
    };
    let items = match fs::read_dir(dir) {
        Ok(items) => items,
        Err(e) => return jobs.push(unreadable(e)),
    };
    let mut children: Vec<(String, fs::FileType)> = Vec::new();
    for item in items {
        match item.and_then(|i| Ok((i.file_name(), i.file_type()?))) {
            Ok((name, kind)) => children.push((name.to_string_lossy().into_owned(), kind)),
            Err(e) => jobs.push(unreadable(e)),
        }
    }
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in children {
        if kind.is_symlink() || crate::spec::is_junk(&name) {
            continue;
        }
        let path = dir.join(&name);
        let child_rel = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if kind.is_dir() {
            if is_report_folder(&path) {
                if globs.matches(&child_rel) {
                    jobs.push(Job::Open {
                        path,
                        origin: Origin::FoundFolder,
                    });
                }
            } else {
                search(&path, &child_rel, globs, jobs);
            }
        } else if kind.is_file() && is_zip_name(&name) && globs.matches(&child_rel) {
            jobs.push(Job::Open {
                path,
                origin: Origin::FoundZip,
            });
        }
    }
}

fn is_zip_name(name: &str) -> bool {
    name.len() > 4
        && name
            .get(name.len() - 4..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".zip"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_names_or_paths() {
        let g = Globs::new(&["*.zip".into()]).unwrap();
        assert!(g.matches("a/b/report.zip"));
        assert!(!g.matches("a/b/report"));
        let g = Globs::new(&["2023/*".into()]).unwrap();
        assert!(g.matches("2023/x.zip"));
        assert!(!g.matches("2024/x.zip"));
        assert!(!g.matches("2023/deeper/x.zip"));
        let g = Globs::new(&["2023/**/*.zip".into()]).unwrap();
        assert!(g.matches("2023/deeper/x.zip"));
        assert!(Globs::default().matches("anything"));
        assert!(Globs::new(&["[".into()]).is_err());
    }

    #[test]
    fn zip_names() {
        assert!(is_zip_name("My Account Info.ZIP"));
        assert!(is_zip_name("a.zip"));
        assert!(!is_zip_name(".zip"));
        assert!(!is_zip_name("zip"));
        assert!(!is_zip_name("a.zipx"));
    }
}
