//! How a command's result is formed for people and scripts, below every command that
//! forms one: the output form a printing command is given ([`Form`]), and the clock human
//! output and the report page show times by ([`Clock`]).

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// How a command that prints a view prints it. `export` has forms of its own, and `report`
/// one (a page): a command's type holds only the forms it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Tables and prose for people.
    Text,
    /// The view serialised: the JSON contract.
    Json,
}

/// The zone times are shown in for people: the local zone, the one named, or UTC.
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    pub tz: TimeZone,
}

impl Clock {
    pub fn utc() -> Clock {
        Clock { tz: TimeZone::UTC }
    }

    /// The zone's name as people say it: `Europe/Amsterdam`, and `UTC` for UTC (not the
    /// database's `Etc/UTC`) or a zone with no name.
    pub fn zone_name(&self) -> &str {
        match self.tz.iana_name() {
            Some(name)
                if !matches!(
                    name.trim_start_matches("Etc/"),
                    "UTC" | "UCT" | "Universal" | "Zulu"
                ) =>
            {
                name
            }
            _ => "UTC",
        }
    }

    /// A time in the zone, `2022-08-11 03:11:20 UTC`; `—` when unknown.
    pub fn time(&self, ts: Option<Timestamp>) -> String {
        let Some(ts) = ts else {
            return "—".into();
        };
        let zoned = ts.to_zoned(self.tz.clone());
        if self.tz == TimeZone::UTC {
            zoned.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
        } else {
            zoned.strftime("%Y-%m-%d %H:%M:%S %Z").to_string()
        }
    }
}

/// Bytes in human units: `812 B`, `2.9 KiB`.
pub fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_is_named_as_people_name_it() {
        let named = |name: &str| Clock {
            tz: TimeZone::get(name).unwrap(),
        };
        assert_eq!(Clock::utc().zone_name(), "UTC");
        assert_eq!(named("Etc/UTC").zone_name(), "UTC");
        assert_eq!(named("Europe/Amsterdam").zone_name(), "Europe/Amsterdam");
    }
}
