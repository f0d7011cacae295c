//! Which generation a report is (FORMAT.md section 0), from its entry names alone.
//!
//! Never from the ZIP's file name, which users rename and phones localise. The report may
//! sit one or more folders down (unzip tools often add one); the root is found from where
//! the marker files are. Generations B′ and C share their entry names: the parser tells them
//! apart by the shape of `user_information.json` and calls [`Layout::refine_to_c`].

use crate::model::Generation;

/// The folders of generations B, B′ and C.
pub const SECTION_FOLDERS: [&str; 3] = [
    "whatsapp_account_information",
    "whatsapp_connections",
    "whatsapp_settings",
];

/// Where the report is inside the archive, and which layout it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub generation: Generation,
    /// Prefix of every report entry: `""`, or a folder path ending in `/`.
    pub root: String,
    /// Why this generation was chosen, in words.
    pub reason: String,
}

impl Layout {
    /// Generation C: B′ names with `label_values` user information.
    pub fn refine_to_c(&mut self) {
        self.generation = Generation::C;
        self.reason
            .push_str("; user_information.json uses Meta's `label_values` form (generation C)");
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error(
        "{input}: not a WhatsApp account report: expected `access.html` and `portability.json` (generation A) or the folders {folders} (generations B, B2, C); found {found}"
    )]
    NotAReport {
        input: String,
        folders: String,
        found: String,
    },
    #[error(
        "{input}: holds more than one report, under `{first}` and `{second}`; point wareport at one of them"
    )]
    SeveralReports {
        input: String,
        first: String,
        second: String,
    },
    #[error(
        "{input}: mixes generation A files (`{a_file}`) with generation B folders (`{b_file}`); point wareport at one report"
    )]
    Mixed {
        input: String,
        a_file: String,
        b_file: String,
    },
}

/// Detects the layout from the archive's (non-ignored) entry names.
pub fn detect<S: AsRef<str>>(input: &str, names: &[S]) -> Result<Layout, DetectError> {
    let mut roots: Vec<String> = Vec::new();
    let mut a_marker = None;
    let mut b_marker = None;
    for name in names.iter().map(AsRef::as_ref) {
        let parts: Vec<&str> = name.split('/').collect();
        let (prefix_len, is_a) = if let Some(pos) = parts
            .iter()
            .position(|p| SECTION_FOLDERS.contains(p))
            .filter(|&pos| pos + 1 < parts.len())
        {
            (pos, false)
        } else if matches!(parts.last(), Some(&"access.html" | &"portability.json")) {
            (parts.len() - 1, true)
        } else {
            continue;
        };
        let root: String = parts[..prefix_len]
            .iter()
            .map(|p| format!("{p}/"))
            .collect();
        if is_a {
            a_marker.get_or_insert_with(|| name.to_string());
        } else {
            b_marker.get_or_insert_with(|| name.to_string());
        }
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    let root = match roots.as_slice() {
        [] => {
            let shown: Vec<&str> = names.iter().map(AsRef::as_ref).take(8).collect();
            let found = if shown.is_empty() {
                "no files".to_string()
            } else if names.len() > shown.len() {
                format!(
                    "{} and {} more",
                    shown.join(", "),
                    names.len() - shown.len()
                )
            } else {
                shown.join(", ")
            };
            return Err(DetectError::NotAReport {
                input: input.into(),
                folders: SECTION_FOLDERS.map(|f| format!("`{f}/`")).join(", "),
                found,
            });
        }
        [root] => root.clone(),
        [first, second, ..] => {
            return Err(DetectError::SeveralReports {
                input: input.into(),
                first: display_root(first),
                second: display_root(second),
            });
        }
    };
    let under_root = |rel: &str| {
        names
            .iter()
            .any(|n| n.as_ref().strip_prefix(root.as_str()) == Some(rel))
    };
    let located = if root.is_empty() {
        "at the top level".to_string()
    } else {
        format!("under `{root}`")
    };
    if let (Some(a_file), Some(b_file)) = (&a_marker, &b_marker) {
        return Err(DetectError::Mixed {
            input: input.into(),
            a_file: a_file.clone(),
            b_file: b_file.clone(),
        });
    }
    if a_marker.is_some() {
        let found: Vec<&str> = ["access.html", "portability.json"]
            .into_iter()
            .filter(|f| under_root(f))
            .collect();
        return Ok(Layout {
            generation: Generation::A,
            root,
            reason: format!("{} {located} (generation A)", found.join(" and ")),
        });
    }
    let info = "whatsapp_account_information/";
    let renamed = [
        "registration_information.json",
        "registration_information.html",
    ]
    .into_iter()
    .chain(["avatars_information.json", "avatars_information.html"])
    .map(|f| format!("{info}{f}"))
    .filter(|f| under_root(f))
    .collect::<Vec<_>>();
    let old = ["registration_info.json", "registration_info.html"]
        .into_iter()
        .map(|f| format!("{info}{f}"))
        .filter(|f| under_root(f))
        .collect::<Vec<_>>();
    let (generation, reason) = match (renamed.is_empty(), old.is_empty()) {
        (false, _) => (
            Generation::B2,
            format!(
                "the `whatsapp_*` folders {located} with {} (generation B′)",
                renamed.join(", ")
            ),
        ),
        (true, false) => (
            Generation::B,
            format!(
                "the `whatsapp_*` folders {located} with {} (generation B)",
                old.join(", ")
            ),
        ),
        (true, true) => (
            Generation::B,
            format!(
                "the `whatsapp_*` folders {located}, without any registration file; assuming generation B"
            ),
        ),
    };
    Ok(Layout {
        generation,
        root,
        reason,
    })
}

fn display_root(root: &str) -> String {
    if root.is_empty() {
        ".".into()
    } else {
        root.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &[&str] = &[
        "files/WhatsApp-Logo.png",
        "index.html",
        "whatsapp_account_information/registration_info.json",
        "whatsapp_account_information/user_information.json",
        "whatsapp_connections/contacts.json",
        "whatsapp_settings/account_settings.json",
    ];

    #[test]
    fn generation_b_at_the_root() {
        let layout = detect("r.zip", B).unwrap();
        assert_eq!(layout.generation, Generation::B);
        assert_eq!(layout.root, "");
    }

    #[test]
    fn generation_b_prime_one_folder_down() {
        let names: Vec<String> = B
            .iter()
            .map(|n| n.replace("registration_info", "registration_information"))
            .map(|n| format!("My Account Info/{n}"))
            .collect();
        let layout = detect("r", &names).unwrap();
        assert_eq!(layout.generation, Generation::B2);
        assert_eq!(layout.root, "My Account Info/");
        assert!(layout.reason.contains("registration_information.json"));
    }

    #[test]
    fn generation_a() {
        let layout = detect("r.zip", &["portability.json", "access.html"]).unwrap();
        assert_eq!(layout.generation, Generation::A);
        assert_eq!(
            layout.reason,
            "access.html and portability.json at the top level (generation A)"
        );
    }

    #[test]
    fn unrelated_files_list_what_was_found() {
        let err = detect("r.zip", &["holiday.jpg", "notes.txt"]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("found holiday.jpg, notes.txt"), "{msg}");
        assert!(msg.contains("`whatsapp_connections/`"), "{msg}");
    }

    #[test]
    fn two_reports_side_by_side_are_refused() {
        let err = detect(
            "d",
            &[
                "x/whatsapp_connections/contacts.json",
                "y/whatsapp_connections/contacts.json",
            ],
        )
        .unwrap_err();
        assert!(matches!(err, DetectError::SeveralReports { .. }));
    }

    #[test]
    fn a_folder_without_files_is_not_a_marker() {
        // A file merely named like a section folder does not count.
        assert!(detect("r", &["whatsapp_connections"]).is_err());
    }
}
