//! Which generation a report is (FORMAT.md section 0), and where it sits: decided here
//! alone, from the archive's entry names and, to tell B′ from C, the shape of
//! `user_information.json`.
//!
//! Never from the ZIP's file name, which users rename and phones localise. The report may
//! sit one or more folders down (unzip tools often add one); the root is found from where
//! the marker files are.

use crate::model::{Generation, Warning, WarningKind};
use crate::msg;
use crate::spec::{self, A_FILES, B_MARKERS, B2_MARKERS, SECTION_FOLDERS, Spec, USER_INFO_JSON};
use crate::text::{EntryName, Message};

/// Where the report is inside the archive, and which generation it is.
#[derive(Debug)]
pub struct Layout {
    pub spec: &'static Spec,
    /// Prefix of every report entry: `""`, or a folder path ending in `/`.
    pub root: String,
    /// Why this generation was chosen.
    pub reason: Message,
    /// What detection could not decide, said as warnings.
    pub notes: Vec<Warning>,
}

impl Layout {
    pub fn generation(&self) -> Generation {
        self.spec.generation
    }
}

/// The top-level keys of `user_information.json`, which tell gen C (`label_values`) from
/// B and B′ (`wa_profile_info`). `None` when the entry is absent or not a JSON object.
pub type Probe<'a> = &'a mut dyn FnMut(&str) -> Option<Vec<String>>;

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
    #[error("{}", crate::archive::tree::chat_export(input, entry))]
    ChatExport { input: String, entry: String },
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

/// Detects the layout from the archive's entry names (junk excluded). `probe` gives the
/// top-level keys of an entry's JSON object, for the one decision names cannot make.
pub fn detect<S: AsRef<str>>(
    input: &str,
    names: &[S],
    probe: Probe<'_>,
) -> Result<Layout, DetectError> {
    let markers = Markers::of(names);
    let root = match markers.roots.as_slice() {
        [] => {
            // A chat export (`_chat.txt`, its media) is what people most often send instead.
            if let Some(chat) = names.iter().map(AsRef::as_ref).find(|n: &&str| {
                crate::archive::tree::is_chat_export(n.rsplit('/').next().unwrap_or(n))
            }) {
                return Err(DetectError::ChatExport {
                    input: input.into(),
                    entry: chat.to_string(),
                });
            }
            return Err(DetectError::NotAReport {
                input: input.into(),
                folders: SECTION_FOLDERS.map(|f| format!("`{f}/`")).join(", "),
                found: found(names),
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
    if let (Some(a_file), Some(b_file)) = (&markers.a, &markers.b) {
        return Err(DetectError::Mixed {
            input: input.into(),
            a_file: a_file.clone(),
            b_file: b_file.clone(),
        });
    }
    let under_root = |m: &&str| {
        names
            .iter()
            .any(|n| n.as_ref().strip_prefix(root.as_str()) == Some(*m))
    };
    let found = |markers: &[&'static str]| -> Vec<&'static str> {
        markers.iter().copied().filter(under_root).collect()
    };
    let mut reason = Message::default();
    let mut notes = Vec::new();
    let generation = if markers.a.is_some() {
        push_list(&mut reason, &found(&A_FILES));
        Generation::A
    } else {
        let keys = probe(&format!("{root}{USER_INFO_JSON}"));
        generation_b(
            keys,
            &found(&B2_MARKERS),
            &found(&B_MARKERS),
            &mut reason,
            &mut notes,
        )
    };
    reason.push(if root.is_empty() {
        " at the top level"
    } else {
        " under "
    });
    if !root.is_empty() {
        reason.push(EntryName::new(root.trim_end_matches('/')));
    }
    let spec = spec::spec(generation);
    reason.push(" (generation ");
    reason.push(spec.name);
    reason.push(")");
    Ok(Layout {
        spec,
        root,
        reason,
        notes,
    })
}

/// Where the marker entries are: the report roots they imply, and the first marker of
/// gen A and of gens B–C.
struct Markers {
    roots: Vec<String>,
    a: Option<String>,
    b: Option<String>,
}

impl Markers {
    fn of<S: AsRef<str>>(names: &[S]) -> Markers {
        let mut m = Markers {
            roots: Vec::new(),
            a: None,
            b: None,
        };
        for name in names.iter().map(AsRef::as_ref) {
            let parts: Vec<&str> = name.split('/').collect();
            let (prefix_len, is_a) = if let Some(pos) = parts
                .iter()
                .position(|p| SECTION_FOLDERS.contains(p))
                .filter(|&pos| pos + 1 < parts.len())
            {
                (pos, false)
            } else if parts.last().is_some_and(|p| A_FILES.contains(p)) {
                (parts.len() - 1, true)
            } else {
                continue;
            };
            let root: String = parts[..prefix_len]
                .iter()
                .map(|p| format!("{p}/"))
                .collect();
            let first = if is_a { &mut m.a } else { &mut m.b };
            first.get_or_insert_with(|| name.to_string());
            if !m.roots.contains(&root) {
                m.roots.push(root);
            }
        }
        m
    }
}

/// What an input that is no report holds, for the error: its first few names.
fn found<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<&str> = names.iter().map(AsRef::as_ref).take(8).collect();
    if shown.is_empty() {
        "no files".to_string()
    } else if names.len() > shown.len() {
        format!(
            "{} and {} more",
            shown.join(", "),
            names.len() - shown.len()
        )
    } else {
        shown.join(", ")
    }
}

/// Which of gens B, B′ and C a report of `whatsapp_*` folders is: by the shape of
/// `user_information.json` (`keys`), then by its registration entries' names.
fn generation_b(
    keys: Option<Vec<String>>,
    new_names: &[&'static str],
    old_names: &[&'static str],
    reason: &mut Message,
    notes: &mut Vec<Warning>,
) -> Generation {
    let label_values = keys
        .as_ref()
        .is_some_and(|k| k.iter().any(|k| k == "label_values"));
    reason.push("the `whatsapp_*` folders");
    if label_values {
        reason.push(" with `");
        reason.push(USER_INFO_JSON);
        reason.push("` in Meta's `label_values` form");
        Generation::C
    } else if !new_names.is_empty() {
        reason.push(" with ");
        push_list(reason, new_names);
        if keys.is_none() {
            notes.push(Warning::new(
                WarningKind::Fallback,
                USER_INFO_JSON,
                Message::default(),
                msg![
                    "missing, so generations B′ and C cannot be told apart (only its shape differs); read as B′"
                ],
            ));
        }
        Generation::B2
    } else if !old_names.is_empty() {
        reason.push(" with ");
        push_list(reason, old_names);
        Generation::B
    } else {
        reason.push(", without any registration file; assuming generation B");
        Generation::B
    }
}

/// Appends `a, b and c` of documented names.
fn push_list(message: &mut Message, items: &[&'static str]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            message.push(if i + 1 == items.len() { " and " } else { ", " });
        }
        message.push(*item);
    }
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

    fn no_probe() -> impl FnMut(&str) -> Option<Vec<String>> {
        |_| Some(vec!["wa_profile_info".to_string()])
    }

    #[test]
    fn generation_b_at_the_root() {
        let layout = detect("r.zip", B, &mut no_probe()).unwrap();
        assert_eq!(layout.generation(), Generation::B);
        assert_eq!(layout.root, "");
        assert_eq!(
            layout.reason.exact(),
            "the `whatsapp_*` folders with whatsapp_account_information/registration_info.json at the top level (generation B)"
        );
    }

    #[test]
    fn generation_b_prime_one_folder_down() {
        let names: Vec<String> = B
            .iter()
            .map(|n| n.replace("registration_info", "registration_information"))
            .map(|n| format!("My Account Info/{n}"))
            .collect();
        let layout = detect("r", &names, &mut no_probe()).unwrap();
        assert_eq!(layout.generation(), Generation::B2);
        assert_eq!(layout.root, "My Account Info/");
        assert!(
            layout
                .reason
                .exact()
                .contains("registration_information.json under My Account Info"),
            "{}",
            layout.reason.exact()
        );
        assert!(layout.notes.is_empty());
    }

    #[test]
    fn generation_c_by_the_shape_of_user_information_whatever_the_names() {
        let mut probe = |name: &str| {
            assert_eq!(name, USER_INFO_JSON);
            Some(vec!["label_values".to_string()])
        };
        let layout = detect("r.zip", B, &mut probe).unwrap();
        assert_eq!(layout.generation(), Generation::C);
    }

    #[test]
    fn without_user_information_b_prime_and_c_are_undecided_and_say_so() {
        let names: Vec<String> = B
            .iter()
            .filter(|n| !n.ends_with("user_information.json"))
            .map(|n| n.replace("registration_info", "registration_information"))
            .collect();
        let layout = detect("r", &names, &mut |_| None).unwrap();
        assert_eq!(layout.generation(), Generation::B2);
        assert_eq!(layout.notes.len(), 1);
        assert!(
            layout.notes[0]
                .exact()
                .contains("generations B′ and C cannot be told apart")
        );
    }

    #[test]
    fn generation_a() {
        let layout = detect(
            "r.zip",
            &["portability.json", "access.html"],
            &mut no_probe(),
        )
        .unwrap();
        assert_eq!(layout.generation(), Generation::A);
        assert_eq!(
            layout.reason.exact(),
            "access.html and portability.json at the top level (generation A)"
        );
    }

    #[test]
    fn unrelated_files_list_what_was_found() {
        let err = detect("r.zip", &["holiday.jpg", "notes.txt"], &mut no_probe()).unwrap_err();
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
            &mut no_probe(),
        )
        .unwrap_err();
        assert!(matches!(err, DetectError::SeveralReports { .. }));
    }

    #[test]
    fn a_folder_without_files_is_not_a_marker() {
        // A file merely named like a section folder does not count.
        assert!(detect("r", &["whatsapp_connections"], &mut no_probe()).is_err());
    }
}
