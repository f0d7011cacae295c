//! Report dates in the HTML: gen A's numeric `2022/06/23-07:10:41`, gen B's in each
//! language's formats (data in `labels.rs`), range-checked by jiff and placed in the
//! generation's time zone ([`HtmlZone`]); a date that does not parse is an error for the
//! caller to warn about. A date in a known format whose month name is in no table is told
//! apart ([`Date::UnknownMonth`]): its month can only be learned from the JSON twin
//! (`months`), and is never guessed.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::apply::Problem;
use crate::model::WarningKind;
use crate::msg;
use crate::parse::labels;
use crate::spec::HtmlZone;
use crate::text::UnknownValue;

impl HtmlZone {
    /// The zone, as jiff places times in it.
    pub(crate) fn tz(self) -> TimeZone {
        // Looked up once: a report has dozens of dates, and a batch thousands of reports.
        static PACIFIC: LazyLock<TimeZone> = LazyLock::new(|| {
            // The tz database is bundled into the binary, so this never depends on the host.
            TimeZone::get("America/Los_Angeles")
                .unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(-8)))
        });
        match self {
            HtmlZone::FixedMinus8 => TimeZone::fixed(jiff::tz::offset(-8)),
            HtmlZone::Pacific => PACIFIC.clone(),
        }
    }
}

/// Gen A's date format (FORMAT.md 5.2), the same in every language.
const NUMERIC_FORMAT: &str = "%Y/%m/%d-%H:%M:%S";

/// Why a date did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// No format of any known language matches.
    Unrecognised,
    /// The format matched but the date does not exist (a 30 February, an hour 25) or the
    /// zone cannot place it.
    Impossible,
}

impl DateProblem {
    /// What to warn about a date, `text`, that did not parse.
    pub(crate) fn problem(&self, text: &str) -> Problem {
        let text = UnknownValue::new(text);
        match self {
            DateProblem::Unrecognised => (
                WarningKind::Unknown,
                msg!["unrecognised date `", text, "`; ignored"],
            ),
            DateProblem::Impossible => (
                WarningKind::Invalid,
                msg!["`", text, "` is not a real date and time; ignored"],
            ),
        }
    }
}

/// A report date, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Date {
    /// Numeric (gen A), or with a month name of a known language.
    Known(Timestamp),
    /// In a known format, but with a month name (`word`) no table has.
    UnknownMonth(String),
}

/// Parses a report date: gen A `2022/06/23-07:10:41`, or a gen B date in any known
/// language's format (`Aug 10, 2022, 7:11 PM`, `21 Jul 2022 22.07`). Date parts are range
/// checked. In the hour a daylight-saving change repeats, the earlier instant is taken.
/// A date in a known format whose month name is in no table is [`Date::UnknownMonth`]: its
/// month can only be learned (see `months`).
pub(crate) fn parse_date(text: &str, zone: HtmlZone) -> Result<Date, DateProblem> {
    let text = text.trim();
    match civil_time(text) {
        Ok(civil) => to_instant(civil, zone).map(Date::Known),
        Err(DateProblem::Unrecognised) => unknown_month(text)
            .map(Date::UnknownMonth)
            .ok_or(DateProblem::Unrecognised),
        Err(problem) => Err(problem),
    }
}

/// [`parse_date`], for a date that must be known.
pub(crate) fn parse_time(text: &str, zone: HtmlZone) -> Result<Timestamp, DateProblem> {
    match parse_date(text, zone)? {
        Date::Known(t) => Ok(t),
        Date::UnknownMonth(_) => Err(DateProblem::Unrecognised),
    }
}

fn to_instant(civil: DateTime, zone: HtmlZone) -> Result<Timestamp, DateProblem> {
    civil
        .to_zoned(zone.tz())
        .map(|z| z.timestamp())
        .map_err(|_| DateProblem::Impossible)
}

/// Whether a date's text, in some language's format, has this civil time. A format without
/// seconds matches the time's minute.
fn reads_as(text: &str, civil: DateTime) -> bool {
    let minute = civil.with().second(0).subsec_nanosecond(0).build().ok();
    formats().any(|format| {
        jiff::fmt::strtime::parse(&format.numeric, text)
            .and_then(|parts| parts.to_datetime())
            .is_ok_and(|dt| dt == civil || Some(dt) == minute)
    })
}

/// The month a date's unknown month name (`word`) must stand for when the date is the
/// instant `twin` (from the JSON): its day, year, hour and minute must agree in the HTML's
/// time zone, the name then being that month. `None` when they do not agree.
pub(crate) fn month_from_twin(
    text: &str,
    word: &str,
    twin: Timestamp,
    zone: HtmlZone,
) -> Option<i8> {
    let civil = twin.to_zoned(zone.tz()).datetime();
    let month = civil.month();
    let numeric = text.trim().replacen(word, &month.to_string(), 1);
    reads_as(&numeric, civil).then_some(month)
}

/// Reads a date whose month name (`word`) is known to be `month`.
pub(crate) fn parse_with_month(
    text: &str,
    word: &str,
    month: i8,
    zone: HtmlZone,
) -> Result<Timestamp, DateProblem> {
    let numeric = text.trim().replacen(word, &month.to_string(), 1);
    let mut impossible = false;
    for format in formats() {
        if let Ok(parts) = jiff::fmt::strtime::parse(&format.numeric, &numeric) {
            match parts.to_datetime() {
                Ok(civil) => return to_instant(civil, zone),
                Err(_) => impossible = true,
            }
        }
    }
    Err(if impossible {
        DateProblem::Impossible
    } else {
        DateProblem::Unrecognised
    })
}

/// A known date format, its month name (`%b`) read as a number (`%m`).
struct Format {
    numeric: String,
    /// How many numbers a date in it has, its month a number: a text with another count
    /// is not in it.
    numbers: usize,
    /// How many numbers a date has as it is written, its month (if `%b`) a name.
    written: usize,
}

impl Format {
    fn new(format: &str) -> Format {
        let numeric = format.replace("%b", "%m");
        let sample = jiff::civil::date(2001, 2, 3).at(4, 5, 6, 0);
        Format {
            numbers: numbers(&sample.strftime(&numeric).to_string()).count(),
            written: numbers(&sample.strftime(format).to_string()).count(),
            numeric,
        }
    }
}

/// Every known language's date formats (in the order of [`labels::languages`]), and gen
/// A's numeric one: made once, as every date of every page is tried against them.
struct Formats {
    by_language: Vec<Vec<Format>>,
    numeric: Format,
    /// The fewest numbers a date written in any of them has.
    fewest: usize,
}

fn all_formats() -> &'static Formats {
    static FORMATS: LazyLock<Formats> = LazyLock::new(|| {
        let by_language: Vec<Vec<Format>> = labels::languages()
            .iter()
            .map(|lang| lang.date_formats.iter().map(|f| Format::new(f)).collect())
            .collect();
        let numeric = Format::new(NUMERIC_FORMAT);
        let fewest = by_language
            .iter()
            .flatten()
            .chain([&numeric])
            .map(|f| f.written)
            .min()
            .unwrap_or(0);
        Formats {
            by_language,
            numeric,
            fewest,
        }
    });
    &FORMATS
}

/// Every known language's date formats.
fn formats() -> impl Iterator<Item = &'static Format> {
    all_formats().by_language.iter().flatten()
}

/// The first word of letters that is not AM or PM: where a date's month name is.
fn month_word(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty() && !is_meridiem(w))
}

/// The month name of a date written in a known language's format, when no table has it:
/// with the name replaced by a month number, some format reads the rest.
fn unknown_month(text: &str) -> Option<String> {
    let word = month_word(text)?;
    if labels::is_month(word) {
        return None;
    }
    let numeric = text.replacen(word, "1", 1);
    let count = numbers(&numeric).count();
    formats()
        .filter(|format| format.numbers == count)
        .any(|format| {
            jiff::fmt::strtime::parse(&format.numeric, &numeric)
                .is_ok_and(|parts| parts.to_datetime().is_ok())
        })
        .then(|| word.to_string())
}

fn civil_time(text: &str) -> Result<DateTime, DateProblem> {
    let formats = all_formats();
    // A text with fewer numbers than every format has is no date (most texts a page's
    // lines are tried for: a version, a state, an address).
    if numbers(text).count() < formats.fewest {
        return Err(DateProblem::Unrecognised);
    }
    let mut impossible = false;
    let mut attempt = |format: &Format, input: &str| {
        let read = read_in(format, input);
        impossible |= read == Err(DateProblem::Impossible);
        read.ok()
    };
    if let Some(dt) = attempt(&formats.numeric, text) {
        return Ok(dt);
    }
    // The first word of letters is the month: replaced by its number, each language's
    // formats are tried with `%m` in place of `%b`.
    let word = month_word(text).unwrap_or_default();
    for (lang, lang_formats) in labels::languages().iter().zip(&formats.by_language) {
        let Some(month) = labels::month_in(lang, word) else {
            continue;
        };
        let numeric = text.replacen(word, &month.to_string(), 1);
        for format in lang_formats {
            if let Some(dt) = attempt(format, &numeric) {
                return Ok(dt);
            }
        }
    }
    Err(if impossible {
        DateProblem::Impossible
    } else {
        DateProblem::Unrecognised
    })
}

/// Reads a text (its month a number) in one format; every number of the text must be the
/// date's own. [`DateProblem::Unrecognised`]: not in this format; [`DateProblem::Impossible`]:
/// in it, but the date does not exist.
fn read_in(format: &Format, input: &str) -> Result<DateTime, DateProblem> {
    // Only a text with as many numbers as the format can pass the check below.
    if numbers(input).count() != format.numbers {
        return Err(DateProblem::Unrecognised);
    }
    match jiff::fmt::strtime::parse(&format.numeric, input) {
        Ok(parts) => match parts.to_datetime() {
            // jiff reads a 60th second as the 59th, which would be a wrong time.
            Ok(dt) if numbers(&dt.strftime(&format.numeric).to_string()).eq(numbers(input)) => {
                Ok(dt)
            }
            _ => Err(DateProblem::Impossible),
        },
        Err(_) => Err(DateProblem::Unrecognised),
    }
}

/// Where a date's month name comes from.
#[derive(Clone, Copy)]
enum Months<'a> {
    /// Gen A's numeric dates have none.
    None,
    Table(&'a [String; 12]),
    /// Names the report taught (`months`): lower-cased name to month.
    Learned(&'a BTreeMap<String, i8>),
}

/// A report date moved by `by`, written as the report wrote it: the same format and
/// language, the month name in the same case (a learned name for a month the report
/// taught), the same zero-padding, the same AM/PM case, the white space around it kept.
/// `None` when the text is no date in a known format, or the moved date cannot be written
/// so that it reads back as itself (a month whose name the report never taught, an hour a
/// daylight-saving change repeats). For `wareport twin`.
pub(crate) fn reformat(
    text: &str,
    zone: HtmlZone,
    learned: &BTreeMap<String, i8>,
    by: jiff::SignedDuration,
) -> Option<String> {
    let core = text.trim();
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let (written, months, word, civil) = read_written(core, learned)?;
    let moved = to_instant(civil, zone).ok()?.checked_add(by).ok()?;
    let new = moved.to_zoned(zone.tz()).datetime();
    let new_word = match months {
        Months::None => String::new(),
        Months::Table(names) => names.get(new.month() as usize - 1)?.clone(),
        Months::Learned(map) => map
            .iter()
            .find(|(_, m)| **m == new.month())
            .map(|(w, _)| w.clone())?,
    };
    let new_word = cased_like(&new_word, word);
    // The zero-padding the text has: of the numbers that could be padded, those written
    // without it.
    const PADDED: [&str; 6] = ["%d", "%m", "%H", "%I", "%M", "%S"];
    let present: Vec<&str> = PADDED
        .iter()
        .copied()
        .filter(|p| written.contains(p))
        .collect();
    let render = |at: DateTime, mask: usize, name: &str| -> String {
        let mut format = written.replace("%b", "\u{1}");
        for (i, p) in present.iter().enumerate() {
            if mask & (1 << i) != 0 {
                format = format.replace(p, &format!("%-{}", &p[1..]));
            }
        }
        at.strftime(&format).to_string().replace('\u{1}', name)
    };
    // A number of two digits says nothing of padding: where the text does not say, the
    // reports' own habit (`Aug 9, 2022, 7:11 PM`, `2022/06/09-07:01:02`): a day beside a
    // month name and a 12-hour clock's hour unpadded, every other number padded.
    let habit = present
        .iter()
        .enumerate()
        .filter(|(_, p)| **p == "%I" || (**p == "%d" && written.contains("%b")))
        .fold(0usize, |mask, (i, _)| mask | 1 << i);
    let mask = (0..1usize << present.len())
        .filter(|&mask| render(civil, mask, word).eq_ignore_ascii_case(core))
        .min_by_key(|mask| (mask ^ habit).count_ones())
        .unwrap_or(habit);
    let mut out = render(new, mask, &new_word);
    if core
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w == "am" || w == "pm")
    {
        out = lower_meridiem(&out);
    }
    // It must read back as the moved instant.
    let back = match months {
        Months::Learned(_) => parse_with_month(&out, &new_word, new.month(), zone).ok(),
        _ => parse_time(&out, zone).ok(),
    };
    (back == Some(moved)).then(|| format!("{lead}{out}{trail}"))
}

/// How a date text is written: its format (`%b` for a month name), where its month name comes
/// from, the name as written, and the date it reads as.
fn read_written<'a>(
    core: &'a str,
    learned: &'a BTreeMap<String, i8>,
) -> Option<(&'static str, Months<'a>, &'a str, DateTime)> {
    let formats = all_formats();
    Some(if let Ok(dt) = read_in(&formats.numeric, core) {
        (NUMERIC_FORMAT, Months::None, "", dt)
    } else {
        let word = month_word(core)?;
        // A month name of the language's table, or (a name no table has) one the report
        // taught.
        labels::languages()
            .iter()
            .zip(&formats.by_language)
            .find_map(|(lang, lang_formats)| {
                let (month, months) = match labels::month_in(lang, word) {
                    Some(month) => (month, Months::Table(&lang.months)),
                    None => (
                        *learned.get(&word.to_lowercase())?,
                        Months::Learned(learned),
                    ),
                };
                let numeric = core.replacen(word, &month.to_string(), 1);
                lang_formats
                    .iter()
                    .zip(&lang.date_formats)
                    .find_map(|(f, w)| Some((w.as_str(), months, word, read_in(f, &numeric).ok()?)))
            })?
    })
}

/// A date's `AM` or `PM` (a word of its own) in lower case.
fn lower_meridiem(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if is_meridiem(&word) {
            word = word.to_lowercase();
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// `name` in the case `like` is written in: all upper, all lower, capitalised, or as the
/// table has it.
fn cased_like(name: &str, like: &str) -> String {
    let letters = || like.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        name.to_uppercase()
    } else if letters().count() > 0 && letters().all(char::is_lowercase) {
        name.to_lowercase()
    } else if letters().next().is_some_and(char::is_uppercase) {
        let mut chars = name.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        name.to_string()
    }
}

/// The numbers of a text, in order.
fn numbers(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap_or(u64::MAX))
}

fn is_meridiem(word: &str) -> bool {
    word.eq_ignore_ascii_case("am") || word.eq_ignore_ascii_case("pm")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn gen_a_dates_follow_pacific_daylight_saving() {
        let t = |s| parse_time(s, HtmlZone::Pacific).unwrap();
        // Summer: UTC−7.
        assert_eq!(t("2022/06/23-01:10:41"), utc("2022-06-23T08:10:41Z"));
        // Winter: UTC−8.
        assert_eq!(t("2022/12/01-10:00:00"), utc("2022-12-01T18:00:00Z"));
        // March 13 2022: 02:00 PST jumps to 03:00 PDT.
        assert_eq!(t("2022/03/13-01:59:59"), utc("2022-03-13T09:59:59Z"));
        assert_eq!(t("2022/03/13-03:00:00"), utc("2022-03-13T10:00:00Z"));
        // November 6 2022: 02:00 PDT falls back to 01:00 PST.
        assert_eq!(t("2022/11/06-00:59:59"), utc("2022-11-06T07:59:59Z"));
        assert_eq!(t("2022/11/06-02:00:00"), utc("2022-11-06T10:00:00Z"));
        // The repeated hour is ambiguous; the earlier (daylight) instant is taken.
        assert_eq!(t("2022/11/06-01:30:00"), utc("2022-11-06T08:30:00Z"));
    }

    #[test]
    fn gen_b_dates_are_a_fixed_minus_eight_in_both_languages() {
        let t = |s| parse_time(s, HtmlZone::FixedMinus8).unwrap();
        assert_eq!(t("Aug 10, 2022, 7:11 PM"), utc("2022-08-11T03:11:00Z"));
        assert_eq!(t("Jan 5, 2018, 11:06 AM"), utc("2018-01-05T19:06:00Z"));
        assert_eq!(t("Jun 1, 2022, 12:05 AM"), utc("2022-06-01T08:05:00Z"));
        assert_eq!(t("Jun 1, 2022, 12:05 PM"), utc("2022-06-01T20:05:00Z"));
        assert_eq!(t("21 Jul 2022 22.07"), utc("2022-07-22T06:07:00Z"));
        assert_eq!(t("3 Agu 2022 07.30"), utc("2022-08-03T15:30:00Z"));
        assert_eq!(t("3 mei 2022 07.30"), utc("2022-05-03T15:30:00Z"));
    }

    #[test]
    fn each_format_knows_how_many_numbers_its_dates_have() {
        let f = all_formats();
        assert_eq!((f.numeric.numbers, f.numeric.written), (6, 6));
        // English `%b %d, %Y, %I:%M %p`: a month name and four numbers, or five numbers.
        let en = &f.by_language[0][0];
        assert_eq!(
            (en.numeric.as_str(), en.numbers, en.written),
            ("%m %d, %Y, %I:%M %p", 5, 4)
        );
        assert_eq!(f.fewest, 4);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Any instant, written in any known language's format with that language's month
        /// name (in any case), reads back as itself; with a number missing, not at all.
        #[test]
        fn every_language_date_reads_back(
            secs in 946_684_800i64..2_000_000_000,
            lang in 0usize..2,
            upper in proptest::prelude::any::<bool>(),
        ) {
            let lang = &labels::languages()[lang % labels::languages().len()];
            let zone = HtmlZone::FixedMinus8;
            let t = Timestamp::from_second(secs - secs % 60).unwrap();
            let civil = t.to_zoned(zone.tz()).datetime();
            let month = &lang.months[civil.month() as usize - 1];
            let month = if upper { month.to_uppercase() } else { month.clone() };
            for format in &lang.date_formats {
                let text = civil.strftime(&format.replace("%b", "\u{1}")).to_string().replace('\u{1}', &month);
                proptest::prop_assert_eq!(parse_time(&text, zone), Ok(t), "{}", text);
                // The last number taken out.
                let end = text.rfind(|c: char| c.is_ascii_digit()).unwrap() + 1;
                let start = text[..end].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
                let cut = format!("{}{}", &text[..start], &text[end..]);
                proptest::prop_assert!(parse_time(&cut, zone).is_err(), "{}", cut);
            }
        }
    }

    #[test]
    fn impossible_and_unknown_dates_are_errors_never_wrong_dates() {
        let t = |s| parse_time(s, HtmlZone::FixedMinus8);
        assert_eq!(t("10 août 2022"), Err(DateProblem::Unrecognised));
        assert_eq!(t("Feb 30, 2022, 1:00 PM"), Err(DateProblem::Impossible));
        assert_eq!(t("277 Jul 2022 22.07"), Err(DateProblem::Unrecognised));
        assert_eq!(t("Aug 10, 2022, 13:11 PM"), Err(DateProblem::Unrecognised));
        assert!(t("2022/13/01-00:00:00").is_err());
        assert_eq!(t("2022/06/23-25:00:00"), Err(DateProblem::Unrecognised));
        assert_eq!(t("-"), Err(DateProblem::Unrecognised));
        assert_eq!(
            parse_time("2022/06/23-07:10:60", HtmlZone::Pacific),
            Err(DateProblem::Impossible),
            "jiff would read a 60th second as the 59th"
        );
    }

    #[test]
    fn a_moved_date_is_written_as_the_report_wrote_it() {
        let none = BTreeMap::new();
        let hour = jiff::SignedDuration::from_hours(1);
        let day = jiff::SignedDuration::from_hours(24);
        let b = |s, by| reformat(s, HtmlZone::FixedMinus8, &none, by);
        assert_eq!(
            b("Aug 10, 2022, 7:11 PM", hour).as_deref(),
            Some("Aug 10, 2022, 8:11 PM")
        );
        assert_eq!(
            b(" Aug 9, 2022, 11:11 AM ", day * 30).as_deref(),
            Some(" Sep 8, 2022, 11:11 AM ")
        );
        assert_eq!(
            b("AUG 09, 2022, 07:11 pm", day).as_deref(),
            Some("AUG 10, 2022, 07:11 pm")
        );
        assert_eq!(
            b("21 Jul 2022 22.07", day * 20).as_deref(),
            Some("10 Agu 2022 22.07")
        );
        assert_eq!(b("Hey there", hour), None);
        // Minutes only: a move by less than a minute cannot be written.
        assert_eq!(
            b("Aug 10, 2022, 7:11 PM", jiff::SignedDuration::from_secs(30)),
            None
        );
        let a = |s, by| reformat(s, HtmlZone::Pacific, &none, by);
        // Across the change to winter time: the written hour follows the zone.
        assert_eq!(
            a("2022/11/05-12:00:00", day).as_deref(),
            Some("2022/11/06-11:00:00")
        );
        // Into the hour that repeats: the later instant cannot be written.
        assert_eq!(a("2022/11/06-00:30:00", hour * 2), None);
        let mut learned = BTreeMap::new();
        learned.insert("xyz".to_string(), 8);
        learned.insert("qrs".to_string(), 9);
        let l = |s, by| reformat(s, HtmlZone::FixedMinus8, &learned, by);
        assert_eq!(
            l("Xyz 10, 2022, 7:11 PM", day * 30).as_deref(),
            Some("Qrs 9, 2022, 7:11 PM")
        );
        assert_eq!(
            l("Xyz 10, 2022, 7:11 PM", day * 90),
            None,
            "November was never taught"
        );
    }

    #[test]
    fn a_month_name_no_table_has_is_learned_only_from_the_same_instant() {
        let z = HtmlZone::FixedMinus8;
        assert_eq!(
            parse_date("10 août 2022 19.11", z),
            Ok(Date::UnknownMonth("août".into()))
        );
        assert_eq!(
            parse_date("Xyz 10, 2022, 7:11 PM", z),
            Ok(Date::UnknownMonth("Xyz".into()))
        );
        assert_eq!(
            parse_date("Jul 10, 2022", z),
            Err(DateProblem::Unrecognised)
        );
        // 2022-08-11T03:11:20Z is 10 Aug 2022, 7:11 PM at UTC−8.
        let at = utc("2022-08-11T03:11:20Z");
        assert_eq!(
            month_from_twin("Xyz 10, 2022, 7:11 PM", "Xyz", at, z),
            Some(8)
        );
        assert_eq!(
            month_from_twin("10 août 2022 19.11", "août", at, z),
            Some(8)
        );
        // Another day, hour or minute teaches nothing.
        assert_eq!(month_from_twin("Xyz 11, 2022, 7:11 PM", "Xyz", at, z), None);
        assert_eq!(month_from_twin("Xyz 10, 2022, 7:12 PM", "Xyz", at, z), None);
        assert_eq!(month_from_twin("Xyz 10, 2022, 7:11 AM", "Xyz", at, z), None);
        assert_eq!(
            parse_with_month("Xyz 10, 2022, 7:11 PM", "Xyz", 8, z),
            Ok(utc("2022-08-11T03:11:00Z"))
        );
        assert_eq!(
            parse_with_month("Xyz 30, 2022, 7:11 PM", "Xyz", 2, z),
            Err(DateProblem::Impossible)
        );
    }
}
