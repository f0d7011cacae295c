//! The JSON view as the twin of the HTML: what a value read from the HTML would set,
//! compared with what the JSON says, through the model's one list of fields
//! ([`Report::walk`]). Used to place values whose labels are unknown (`place`) and to learn
//! month names (`months`).

use foldhash::HashMap;

use jiff::Timestamp;

use super::apply::{Scalar, set_row};
use crate::model::{Field, Generation, Leaf, LeafKind, Owned, Report};
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

fn agree(json: &Owned, html: &Owned, minutes: bool) -> bool {
    match (json, html) {
        (Owned::Time(Some(j)), Owned::Time(Some(h))) => same_time(*j, *h, minutes),
        (a, b) => a == b,
    }
}

/// Whether an HTML time agrees with the JSON's: the same instant, or, where the HTML gives
/// times to the minute (`minutes`), the JSON's minute.
pub(crate) fn same_time(json: Timestamp, html: Timestamp, minutes: bool) -> bool {
    if minutes {
        json.as_second() - json.as_second().rem_euclid(60) == html.as_second()
    } else {
        json == html
    }
}

/// An empty report with one row's value set, for [`Twin::compare`]; `None` when the value
/// does not fit the row.
pub(crate) fn with_row(row: Row, value: Scalar) -> Option<Report> {
    let mut scratch = Report::empty(Generation::B);
    set_row(&mut scratch, row, value).ok()?;
    Some(scratch)
}

/// The model field of a time row.
pub(crate) fn row_time_field(row: Row) -> Option<Field> {
    match row {
        Row::Field(def) if def.kind == LeafKind::Time => Some(Field { device: None, def }),
        _ => None,
    }
}

/// The model field of a device's time.
pub(crate) fn device_time_field(id: i64, field: Nested) -> Option<Field> {
    match field {
        Nested::Field(def) if def.kind == LeafKind::Time => Some(Field {
            device: Some(id),
            def,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Device};
    use crate::parse::apply::set_device;
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
            let mut scratch = Report::empty(Generation::B);
            let status = Nested::Field(Device::status);
            set_device(scratch.device_mut(2), status, Scalar::Text(v.into())).unwrap();
            twin.compare(&scratch)
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
