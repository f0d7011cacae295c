//! Fictional phone numbers: the same country calling code (or, with `--no-country`, another)
//! and the same number of digits, in the range a country reserves for fiction where it has
//! one (North America's 555-01XX; the United Kingdom's drama ranges, Ofcom; Australia's,
//! ACMA), and never holding six digits in a row of any number of the report.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::draw::{Draw, Seed};
use crate::text::country_code;

/// How many digits in a row of an original number a twin may never hold.
pub(crate) const RUN: usize = 6;

/// Every run of [`RUN`] digits of the report's numbers.
#[derive(Debug, Default)]
pub(crate) struct Windows(HashSet<[u8; RUN]>);

impl Windows {
    pub fn of<'a>(numbers: impl IntoIterator<Item = &'a str>) -> Windows {
        let mut set = HashSet::new();
        for digits in numbers {
            for w in digits.as_bytes().windows(RUN) {
                if w.iter().all(u8::is_ascii_digit) {
                    set.insert(w.try_into().expect("a window of RUN bytes"));
                }
            }
        }
        Windows(set)
    }

    /// Whether the runs are few enough for anything random to miss them: with tens of
    /// thousands of numbers they are a good part of all million runs, and a twin's own
    /// random digits (its times, its picture's base64) cannot all avoid them.
    pub fn sparse(&self) -> bool {
        self.0.len() <= 20_000
    }

    /// Whether `text` holds, among its runs of digits, a run of an original number. With
    /// more than four in ten of all runs taken (a report of a hundred thousand numbers), no
    /// twin number can miss them all, and none is asked to.
    pub fn hit(&self, text: &str) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 400_000
            && text
                .as_bytes()
                .split(|b| !b.is_ascii_digit())
                .flat_map(|run| run.windows(RUN))
                .any(|w| w.try_into().is_ok_and(|w: [u8; RUN]| self.0.contains(&w)))
    }
}

/// The twins of a report's numbers, by their digits; and, for a number with a calling code,
/// the twin of its national part (for a number the report writes without its code).
#[derive(Debug, Default)]
pub(crate) struct Phones {
    pub full: BTreeMap<String, String>,
    pub national: HashMap<String, String>,
}

/// How many numbers of a kind in a row may find no twin at a step before the kind skips it.
const MISSES: usize = 8;

/// A kind of number's step to start at, and its run of numbers that found no twin there
/// (how many, and the lowest step that served them).
#[derive(Default)]
struct Kind {
    from: usize,
    misses: usize,
    lowest: usize,
}

/// Calling codes a number may move to with `--no-country`.
const CODES: [&str; 24] = [
    "1", "7", "20", "27", "31", "33", "34", "39", "44", "49", "52", "54", "55", "61", "62", "64",
    "81", "82", "86", "90", "91", "212", "351", "353",
];

/// Twins for every number (given as its digits), unique, none equal to an original, none
/// holding a run of [`Windows`].
pub(crate) fn plan(
    numbers: &BTreeSet<String>,
    keep_country: bool,
    seed: &Seed,
    windows: &Windows,
) -> Phones {
    let mut used: HashSet<String> = numbers.iter().cloned().collect();
    let mut out = Phones::default();
    let mut ambiguous = HashSet::new();
    // Per kind of number (calling code, length, first national digit): the step its twins
    // start at, and how many numbers in a row it refused. When MISSES numbers in a row find
    // no twin at a step, the kind's ranges are full or the report's own runs cover them
    // (sequential numbers): later numbers of the kind start at the lowest that served, or a
    // twin's time grew with the square of a report's numbers (10 s for 200,000). One
    // unlucky number moves nothing.
    let mut kinds: HashMap<_, Kind> = HashMap::new();
    for original in numbers {
        let mut d = seed.draw("phone", original.as_bytes());
        let kind = country_code(original).map(|cc| {
            (
                cc,
                original.len(),
                original.as_bytes().get(cc.len()).copied(),
            )
        });
        let Kind {
            from,
            misses,
            lowest,
        } = kinds.entry(kind).or_default();
        let free = |c: &String, used: &HashSet<String>| !used.contains(c) && !windows.hit(c);
        // Any digits of the length (the first not zero), for ranges exhausted.
        let any =
            |d: &mut Draw| -> String { (0..original.len()).map(|i| d.digit(i == 0)).collect() };
        let mut step = *from;
        let twin = loop {
            let found = match step {
                // In the country's fiction range; then any digits of the number's kind.
                0 => (0..64)
                    .map(|_| fictional(original, keep_country, true, &mut d))
                    .find(|c| free(c, &used)),
                1 => (0..32)
                    .map(|_| fictional(original, keep_country, false, &mut d))
                    .find(|c| free(c, &used)),
                // Ranges exhausted (a hundred thousand numbers of one kind): any digits of
                // the length, apart from the runs when they can be, unique.
                2 => (0..1000).map(|_| any(&mut d)).find(|c| free(c, &used)),
                3 => (0..100_000)
                    .map(|_| any(&mut d))
                    .find(|c| !used.contains(c)),
                _ => Some(any(&mut d)),
            };
            match found {
                Some(twin) => break twin,
                None => step += 1,
            }
        };
        if step == *from {
            *misses = 0;
        } else {
            // The kind moves to the lowest step that served in the run of misses.
            *lowest = if *misses == 0 {
                step
            } else {
                step.min(*lowest)
            };
            *misses += 1;
            if *misses == MISSES {
                (*from, *misses) = (*lowest, 0);
            }
        }
        used.insert(twin.clone());
        if let Some(cc) = country_code(original) {
            let national = &original[cc.len()..];
            if national.len() >= 7 {
                // The twin's last digits, as many as the original's national part: with
                // `--no-country` the twin's calling code may be of another length, and a
                // national form must keep its length.
                let value = twin[twin.len() - national.len()..].to_string();
                if out.national.insert(national.to_string(), value).is_some() {
                    ambiguous.insert(national.to_string());
                }
            }
        }
        out.full.insert(original.clone(), twin);
    }
    // A national part two numbers share names neither.
    for national in ambiguous {
        out.national.remove(&national);
    }
    out
}

/// One candidate twin of `digits`.
fn fictional(digits: &str, keep_country: bool, fiction: bool, d: &mut Draw) -> String {
    let n = digits.len();
    let Some(cc) = country_code(digits) else {
        return (0..n).map(|i| d.digit(i == 0)).collect();
    };
    let code = if keep_country {
        cc.to_string()
    } else {
        let others: Vec<&str> = CODES
            .iter()
            .copied()
            .filter(|c| *c != cc && c.len() < n)
            .collect();
        if others.is_empty() {
            cc.to_string()
        } else {
            d.pick(&others).to_string()
        }
    };
    let m = n - code.len();
    let first = digits.as_bytes().get(cc.len()).copied().map(char::from);
    let random = |d: &mut Draw, k: usize| -> String { (0..k).map(|_| d.digit(false)).collect() };
    let national = match (code.as_str(), m, fiction) {
        // NANP: NXX-555-0100 to 0199.
        ("1", 10, true) => format!(
            "{}{}{}55501{}",
            d.digit(true).max('2'),
            d.below(9),
            d.digit(false),
            random(d, 2)
        ),
        // UK, Ofcom's drama numbers: 07700 900xxx for a mobile, city ranges otherwise.
        ("44", 10, true) if keep_country && first == Some('7') => {
            format!("7700900{}", random(d, 3))
        }
        ("44", 10, true) => {
            // 020 7946 0xxx, 0113 496 0xxx, …, 01632 960xxx.
            const UK: [&str; 7] = [
                "2079460", "1134960", "1214960", "1314960", "1414960", "1614960", "1632960",
            ];
            format!("{}{}", d.pick(&UK), random(d, 3))
        }
        // Australia, ACMA's fiction ranges for geographic numbers: (0A) 5550 xxxx, 7010 xxxx.
        ("61", 9, true) if !(keep_country && first == Some('4')) => format!(
            "{}{}{}",
            d.pick(&['2', '3', '7', '8']),
            d.pick(&["5550", "7010"]),
            random(d, 4)
        ),
        // Elsewhere: random digits, the first (the kind of number: mobile, fixed) kept.
        _ => {
            let lead = match first {
                Some(f) if keep_country && f.is_ascii_digit() => f,
                _ => d.digit(true),
            };
            format!("{lead}{}", random(d, m.saturating_sub(1)))
        }
    };
    format!("{code}{national}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twins(numbers: &[&str], keep_country: bool) -> Phones {
        let set: BTreeSet<String> = numbers.iter().map(|s| s.to_string()).collect();
        let windows = Windows::of(numbers.iter().copied());
        plan(&set, keep_country, &Seed::new(3), &windows)
    }

    #[test]
    fn numbers_keep_their_code_and_length_in_fiction_ranges() {
        let all = [
            "15555550101",
            "15555550102",
            "15555550123",
            "447911123456",
            "442071234567",
            "61212345678",
            "6285555550107",
            "3725555501",
        ];
        let p = twins(&all, true);
        let windows = Windows::of(all.iter().copied());
        let mut seen = HashSet::new();
        for o in all {
            let t = &p.full[o];
            assert_eq!(t.len(), o.len(), "{o} → {t}");
            assert_eq!(country_code(t), country_code(o), "{o} → {t}");
            assert!(!windows.hit(t), "{o} → {t}");
            assert!(seen.insert(t.clone()), "{t} twice");
        }
        assert!(p.full["15555550101"][4..].starts_with("55501"));
        assert!(p.full["447911123456"].starts_with("447700900"));
        assert!(
            p.full["6285555550107"].starts_with("628"),
            "mobile stays mobile"
        );
        // Without the code: another code, the same length.
        let q = twins(&all, false);
        for o in all {
            assert_eq!(q.full[o].len(), o.len());
            assert_ne!(country_code(&q.full[o]), country_code(o), "{o}");
        }
    }

    #[test]
    fn national_parts_map_to_national_parts() {
        let p = twins(&["15555550101", "445555550101"], true);
        // Both have the national part 5555550101: it names neither.
        assert!(p.national.is_empty());
        let p = twins(&["15555550101"], true);
        assert_eq!(p.national["5555550101"], p.full["15555550101"][1..]);
    }

    #[test]
    fn numbers_whose_runs_cover_every_range_still_get_unique_twins() {
        // Runs that hold every six digits starting with 1 (as 100,000 sequential numbers'
        // would): no twin with calling code 1 can miss them, so the first MISSES numbers go
        // through every step and the later ones start at the one that served.
        let runs: Vec<String> = (100_000..200_000).map(|i| i.to_string()).collect();
        let windows = Windows::of(runs.iter().map(String::as_str));
        let all: BTreeSet<String> = (0..2_000).map(|i| format!("1555{i:07}")).collect();
        let p = plan(&all, true, &Seed::new(3), &windows);
        let unique: HashSet<&String> = p.full.values().collect();
        assert_eq!(unique.len(), all.len(), "every twin unique");
        for (o, t) in &p.full {
            assert_eq!(t.len(), o.len());
            assert!(!all.contains(t), "{o} got an original: {t}");
            assert!(!windows.hit(t), "{o}'s twin {t} holds a run");
        }
    }

    #[test]
    fn windows_find_runs_of_the_originals() {
        let w = Windows::of(["15555550123"]);
        assert!(w.hit("id 555501 here"));
        assert!(!w.hit("+1 555 555 0123"), "separated digits are no run");
        assert!(!w.hit("1660180000"));
    }
}
