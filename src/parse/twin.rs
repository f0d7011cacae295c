//! The JSON view as the twin of the HTML: what a value read from the HTML would set,
//! compared with what the JSON says, through the model's one list of fields
//! ([`Report::walk`]). Used to place values whose labels are unknown (`place`) and to learn
//! month names (`months`).

use foldhash::HashMap;

use jiff::Timestamp;

use super::apply::{Scalar, set_device, set_row};
use crate::model::{Field, Generation, Leaf, Owned, Report};
use crate::parse::labels::{Nested, Row};

/// The JSON's values, by field. The long lists (contacts, groups) are left out: no label
/// is placed by them.
#[derive(Debug, Default)]
pub(crate) struct Twin {
    leaves: HashMap<Field, Owned>,
    /// The JSON's sync sessions' registration times, in order.
    sessions: Vec<Option<Timestamp>>,
    /// Whether HTML times are to the minute (a JSON time agrees within its minute).
    minutes: bool,
}

impl Twin {
    pub fn new(json: &Report, minutes: bool) -> Twin {
        let mut leaves = HashMap::default();
        json.walk(&mut |field, leaf| {
            if !leaf.is_none() && !matches!(leaf, Leaf::Contacts(_) | Leaf::Groups(_)) {
                leaves.insert(field, leaf.to_owned_leaf());
            }
        });
        let sessions = json
            .sync
            .sessions
            .iter()
            .flatten()
            .map(|s| s.account_registered_at)
            .collect();
        Twin {
            leaves,
            sessions,
            minutes,
        }
    }

    /// Whether the fields a value sets (in `scratch`, an otherwise empty report) agree with
    /// the JSON: 1 when all that the JSON has agree, −1 when one differs, 0 when the JSON
    /// has none of them.
    pub fn compare(&self, scratch: &Report) -> i32 {
        let mut verdict = 0;
        scratch.walk(&mut |field, leaf| {
            if leaf.is_none() || verdict < 0 {
                return;
            }
            if let Some(json) = self.leaves.get(&field) {
                verdict = if agree(json, &leaf.to_owned_leaf(), self.minutes) {
                    1
                } else {
                    -1
                };
            }
        });
        verdict
    }

    /// The JSON's time for a field.
    pub fn time(&self, field: &Field) -> Option<Timestamp> {
        match self.leaves.get(field) {
            Some(Owned::Time(t)) => *t,
            _ => None,
        }
    }

    /// The JSON's registration time of the sync session at this position.
    pub fn session_time(&self, index: usize) -> Option<Timestamp> {
        self.sessions.get(index).copied().flatten()
    }
}

/// A time given to the minute agrees with a time in that minute.
fn agree(json: &Owned, html: &Owned, minutes: bool) -> bool {
    match (json, html) {
        (Owned::Time(Some(j)), Owned::Time(Some(h))) if minutes => {
            j.as_second() - j.as_second().rem_euclid(60) == h.as_second()
        }
        (a, b) => a == b,
    }
}

/// An empty report with one row's value set, for [`Twin::compare`]; `None` when the value
/// does not fit the row.
pub(crate) fn with_row(row: Row, value: Scalar) -> Option<Report> {
    let mut scratch = Report::empty(Generation::B);
    set_row(&mut scratch, row, value).ok()?;
    Some(scratch)
}

/// An empty report with one device field set, for [`Twin::compare`].
pub(crate) fn with_device(id: i64, field: Nested, value: Scalar) -> Option<Report> {
    let mut scratch = Report::empty(Generation::B);
    set_device(scratch.device_mut(id), field, value).ok()?;
    Some(scratch)
}

/// The model field a time row sets.
pub(crate) fn time_field(scratch: Option<Report>) -> Option<Field> {
    let scratch = scratch?;
    let mut found = None;
    scratch.walk(&mut |field, leaf| {
        if found.is_none() && matches!(leaf, Leaf::Time(Some(_))) {
            found = Some(field);
        }
    });
    found
}

/// The model field of a time row.
pub(crate) fn row_time_field(row: Row) -> Option<Field> {
    time_field(with_row(row, Scalar::Time(Some(Timestamp::UNIX_EPOCH))))
}

/// The model field of a device's time.
pub(crate) fn device_time_field(id: i64, field: Nested) -> Option<Field> {
    time_field(with_device(
        id,
        field,
        Scalar::Time(Some(Timestamp::UNIX_EPOCH)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Device};
    use crate::text::Text;

    #[test]
    fn values_agree_disagree_or_the_json_does_not_say() {
        let mut json = Report::empty(Generation::B);
        json.generated_at = Some("2022-08-11T03:11:20Z".parse().unwrap());
        json.device_mut(2).status = Some(Text::new("INACTIVE"));
        let twin = Twin::new(&json, true);
        let at = |s: &str| Scalar::Time(Some(s.parse().unwrap()));
        let row = |r, v| twin.compare(&with_row(r, v).unwrap());
        assert_eq!(
            row(Row::Field(Report::generated_at), at("2022-08-11T03:11:00Z")),
            1
        );
        assert_eq!(
            row(Row::Field(Report::generated_at), at("2022-08-11T03:12:00Z")),
            -1
        );
        assert_eq!(
            row(Row::Field(Report::requested_at), at("2022-08-11T03:11:00Z")),
            0
        );
        let device = |v: &str| {
            twin.compare(
                &with_device(2, Nested::Field(Device::status), Scalar::Text(v.into())).unwrap(),
            )
        };
        assert_eq!(device("INACTIVE"), 1);
        assert_eq!(device("OFFLINE"), -1);
        assert_eq!(
            row_time_field(Row::Field(Account::about_set_at)).map(|f| f.path()),
            Some("account.about_set_at")
        );
        assert_eq!(
            twin.time(&row_time_field(Row::Field(Report::generated_at)).unwrap()),
            json.generated_at
        );
        assert_eq!(
            device_time_field(3, Nested::Field(Device::last_clean_at)).map(|f| f.key()),
            Some("devices.3.last_clean_at".to_string())
        );
        assert_eq!(row_time_field(Row::Field(Account::phone_number)), None);
    }
}
