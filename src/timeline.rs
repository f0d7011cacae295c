//! `timeline`: many reports of one account in order of generation time, each with the
//! changes since the one before. Pure: named reports in, ordered steps out.

use crate::diff::{Diff, diff};
use crate::model::{Report, Section};
use crate::text::{EntryName, Phone};

/// One report of a timeline, with the changes since the one before it.
#[derive(Debug)]
pub struct Step {
    /// The file it came from, or `report N` when redacted.
    pub name: EntryName,
    pub report: Report,
    /// `None` for the first report.
    pub since_previous: Option<Diff>,
}

/// Reports of two accounts, refused unless `--mixed`.
#[derive(Debug, thiserror::Error)]
#[error(
    "{later} is a report of {later_number}, but {first} is of {first_number}; pass --mixed to line up different accounts"
)]
pub struct MixedAccounts {
    pub first: EntryName,
    pub first_number: Phone,
    pub later: EntryName,
    pub later_number: Phone,
}

/// Orders the reports by generation time (reports without one last, in the given order),
/// checks they are of one account unless `mixed`, and diffs each against the one before,
/// keeping only `sections`.
pub fn timeline(
    mut reports: Vec<(EntryName, Report)>,
    mixed: bool,
    sections: &[Section],
) -> Result<Vec<Step>, MixedAccounts> {
    reports.sort_by_key(|(_, r)| (r.generated_at.is_none(), r.generated_at));
    // The first report with another number than the first one's.
    let mut numbered = reports
        .iter()
        .filter_map(|(name, r)| Some((name, r.account.phone_number.as_ref()?)));
    if !mixed
        && let Some((first, first_number)) = numbered.next()
        && let Some((later, later_number)) = numbered.find(|(_, n)| *n != first_number)
    {
        return Err(MixedAccounts {
            first: first.clone(),
            first_number: first_number.clone(),
            later: later.clone(),
            later_number: later_number.clone(),
        });
    }
    let mut steps: Vec<Step> = Vec::with_capacity(reports.len());
    for (name, report) in reports {
        let since_previous = steps.last().map(|before| {
            let mut d = diff(&before.report, &report);
            d.retain(|s| sections.contains(&s));
            d
        });
        steps.push(Step {
            name,
            report,
            since_previous,
        });
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Generation, Visibility};

    fn report(at: &str, number: &str) -> Report {
        let mut r = Report::empty(Generation::B);
        r.generated_at = Some(at.parse().unwrap());
        r.account.phone_number = Some(Phone::new(number));
        r
    }

    #[test]
    fn steps_are_ordered_and_each_diffed_against_the_one_before() {
        let mut later = report("2022-09-01T00:00:00Z", "+15555550123");
        later.privacy.last_seen = Some(Visibility::Everyone);
        let reports = vec![
            (EntryName::new("b.zip"), later),
            (
                EntryName::new("a.zip"),
                report("2022-08-01T00:00:00Z", "+15555550123"),
            ),
        ];
        let steps = timeline(reports, false, &Section::compared().collect::<Vec<_>>()).unwrap();
        assert_eq!(steps[0].name, EntryName::new("a.zip"));
        assert!(steps[0].since_previous.is_none());
        assert_eq!(steps[1].since_previous.as_ref().unwrap().changes.len(), 1);
    }

    #[test]
    fn two_accounts_are_refused_unless_mixed() {
        let reports = || {
            vec![
                (
                    EntryName::new("a.zip"),
                    report("2022-08-01T00:00:00Z", "+15555550123"),
                ),
                (
                    EntryName::new("b.zip"),
                    report("2022-09-01T00:00:00Z", "+15555550124"),
                ),
            ]
        };
        let err = timeline(reports(), false, &[]).unwrap_err();
        assert!(err.to_string().contains("pass --mixed"));
        assert!(timeline(reports(), true, &[]).is_ok());
    }
}
