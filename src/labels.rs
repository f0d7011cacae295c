//! Label text → model field, per language. Localisation is data: adding a language is adding
//! rows. Only labels seen in real reports or in code that reads them (FORMAT.md) belong here;
//! never invented translations. Matching ignores case and surrounding space, since the same
//! label appears in Title Case (gen A, gen C) and in mixed case (gen B HTML).

/// A top-level row of the user information.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserField {
    RequestedAt,
    GeneratedAt,
    Phone,
    Email,
    Name,
    About,
    AboutSetAt,
    AboutExpiresAt,
    ProfilePicture,
    ProfilePictureUploadedAt,
    DeviceActivity,
    WebDesktopPlatform,
    WebDesktopState,
}

/// A row inside one device's block of "Device Activity".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceField {
    Id,
    Status,
    LastActiveAt,
    OnlineSince,
    PreviousIp,
    CurrentIp,
}

pub struct Language {
    /// BCP 47 tag.
    pub code: &'static str,
    pub user: &'static [(&'static str, UserField)],
    pub device: &'static [(&'static str, DeviceField)],
}

/// English: gen C labels (FORMAT.md 4) and the gen A/B spellings of the same rows (3.3, 5.2).
pub const ENGLISH: Language = Language {
    code: "en",
    user: &[
        ("Report Request Time", UserField::RequestedAt),
        ("Report Generation Time", UserField::GeneratedAt),
        ("Phone number", UserField::Phone),
        ("Email Address", UserField::Email),
        ("Name", UserField::Name),
        ("About", UserField::About),
        ("About Set Time", UserField::AboutSetAt),
        ("About Expiry Time", UserField::AboutExpiresAt),
        ("Profile Picture", UserField::ProfilePicture),
        (
            "Profile Picture Upload Time",
            UserField::ProfilePictureUploadedAt,
        ),
        ("Device Activity", UserField::DeviceActivity),
        ("Web/Desktop Platform", UserField::WebDesktopPlatform),
        ("Web/Desktop availability state", UserField::WebDesktopState),
    ],
    device: &[
        ("Device", DeviceField::Id),
        ("Status", DeviceField::Status),
        ("Last Active Time", DeviceField::LastActiveAt),
        ("Online Since", DeviceField::OnlineSince),
        ("Previous connection IP", DeviceField::PreviousIp),
        ("Current connection IP", DeviceField::CurrentIp),
    ],
};

pub const LANGUAGES: &[&Language] = &[&ENGLISH];

fn lookup<T: Copy>(label: &str, table: impl Fn(&Language) -> &[(&str, T)]) -> Option<T> {
    let label = label.trim();
    LANGUAGES.iter().find_map(|lang| {
        table(lang)
            .iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(label))
            .map(|&(_, field)| field)
    })
}

pub fn user_field(label: &str) -> Option<UserField> {
    lookup(label, |lang| lang.user)
}

pub fn device_field(label: &str) -> Option<DeviceField> {
    lookup(label, |lang| lang.device)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_in_any_capitalisation() {
        assert_eq!(user_field("Phone Number"), Some(UserField::Phone));
        assert_eq!(user_field(" phone number "), Some(UserField::Phone));
        assert_eq!(
            device_field("Previous Connection IP"),
            Some(DeviceField::PreviousIp)
        );
        assert_eq!(user_field("Telefoonnummer"), None);
    }

    #[test]
    fn no_label_is_listed_twice_in_a_language() {
        for lang in LANGUAGES {
            let mut seen = std::collections::HashSet::new();
            let labels = lang
                .user
                .iter()
                .map(|(l, _)| l)
                .chain(lang.device.iter().map(|(l, _)| l));
            for label in labels {
                assert!(seen.insert(label.to_lowercase()), "{} {label}", lang.code);
            }
        }
    }
}
