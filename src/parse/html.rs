//! Reading the report's HTML by document structure and label text, never by Meta's generated
//! class names (FORMAT.md 3.1): key/value rows are table rows of two cells, list items are
//! the text lines of the page's `role="main"` region, per-device blocks are lines of
//! `Label: value` separated by `<hr>` (gen B) or starting again at `Device` (gen A).

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use super::apply::{Scalar, is_structured, is_time_nested, is_time_row, set_device, set_row};
use super::base64_decoded_len;
use crate::labels::{self, Nested, Row, Table};
use crate::model::{Report, SyncSession, Unrecognised, Warning, WarningKind};
use crate::normalize::parse_status_privacy;

/// A text line of an element, or a horizontal rule between blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Text(String),
    Rule,
}

/// Elements that end a line of text, before and after them.
const BLOCKS: [&str; 7] = ["div", "p", "tr", "li", "table", "tbody", "td"];

/// Elements whose text is never content.
const SKIPPED: [&str; 3] = ["script", "style", "head"];

/// The text lines of an element: `<br>`, `<hr>` and block elements end a line; `<hr>` is
/// also kept as [`Line::Rule`]. Text is kept as written (a group's trailing space survives);
/// lines of only white space are dropped. Walks the tree with an explicit stack, so no
/// nesting depth can overflow the call stack.
pub(crate) fn lines(element: ElementRef<'_>) -> Vec<Line> {
    let mut out = Lines::default();
    // (node, closing): a block element is pushed again to end its line when it closes.
    let mut stack: Vec<_> = element.children().rev().map(|c| (c, false)).collect();
    while let Some((node, closing)) = stack.pop() {
        if closing {
            out.flush();
            continue;
        }
        match node.value() {
            Node::Text(text) => out.current.push_str(text),
            Node::Element(e) => match e.name() {
                "br" => out.flush(),
                "hr" => out.rule(),
                name if SKIPPED.contains(&name) => {}
                name => {
                    if BLOCKS.contains(&name) {
                        out.flush();
                        stack.push((node, true));
                    }
                    stack.extend(node.children().rev().map(|c| (c, false)));
                }
            },
            _ => {}
        }
    }
    out.finish()
}

/// Lines being collected.
#[derive(Default)]
struct Lines {
    current: String,
    out: Vec<Line>,
}

impl Lines {
    fn flush(&mut self) {
        if !self.current.trim().is_empty() {
            self.out.push(Line::Text(std::mem::take(&mut self.current)));
        }
        self.current.clear();
    }

    fn rule(&mut self) {
        self.flush();
        self.out.push(Line::Rule);
    }

    fn finish(mut self) -> Vec<Line> {
        self.flush();
        self.out
    }
}

/// The text lines only.
fn texts(element: ElementRef<'_>) -> Vec<String> {
    lines(element)
        .into_iter()
        .filter_map(|l| match l {
            Line::Text(t) => Some(t),
            Line::Rule => None,
        })
        .collect()
}

/// A value the report writes for "none": empty, `-` (gen B) or `—` (gen A).
pub(crate) fn is_missing(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "—" | "–")
}

/// One key/value row.
pub(crate) struct KeyValue<'a> {
    pub label: String,
    pub cell: ElementRef<'a>,
}

fn selector(css: &str) -> Selector {
    // The selectors are constants of this file; a typo is caught by the tests.
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

/// The key/value rows of a document, in sections: a row with a single cell (a gen A section
/// title) starts a new section. Empty sections are dropped.
pub(crate) fn sections(doc: &Html) -> Vec<Vec<KeyValue<'_>>> {
    let tr = selector("tr");
    let mut out: Vec<Vec<KeyValue<'_>>> = vec![Vec::new()];
    for row in doc.select(&tr) {
        let cells: Vec<ElementRef<'_>> = row
            .child_elements()
            .filter(|c| c.value().name() == "td")
            .collect();
        match cells.as_slice() {
            [label, cell] => {
                let label = label.text().collect::<String>();
                let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
                if let Some(section) = out.last_mut() {
                    section.push(KeyValue { label, cell: *cell });
                }
            }
            [_] => out.push(Vec::new()),
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Elements with no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Runs html5ever's tokenizer (no document tree) over a page, feeding every token to `sink`.
fn tokenize<S: html5ever::tokenizer::TokenSink<Handle = ()>>(html: &str, sink: S) -> S {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer};
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// How deeply a page's elements nest, counted from its tags in one linear pass. Building a
/// document tree is quadratic in this depth (the tree builder searches the open elements for
/// every start tag), so a hostile page nested thousands deep must be refused before.
pub(crate) fn nesting_depth(html: &str) -> usize {
    use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
    use std::cell::Cell;
    struct Depth {
        now: Cell<usize>,
        max: Cell<usize>,
    }
    impl TokenSink for Depth {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token
                && !VOID.contains(&&*tag.name)
                && !tag.self_closing
            {
                match tag.kind {
                    TagKind::StartTag => {
                        self.now.set(self.now.get() + 1);
                        self.max.set(self.max.get().max(self.now.get()));
                    }
                    TagKind::EndTag => self.now.set(self.now.get().saturating_sub(1)),
                }
            }
            TokenSinkResult::Continue
        }
    }
    let sink = tokenize(
        html,
        Depth {
            now: Cell::new(0),
            max: Cell::new(0),
        },
    );
    sink.max.get()
}

/// The items of a list page (contacts.html, groups.html): the text lines of the `role=main`
/// region, as [`lines`] would give them, but read token by token with html5ever's tokenizer
/// and no document tree, since a list page can hold hundreds of thousands of items. `None`
/// when the page has no such region.
pub(crate) fn list_items(html: &str) -> Option<Vec<String>> {
    use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
    use std::cell::RefCell;

    #[derive(Default)]
    struct State {
        /// Open elements inside the main region; `None` outside it.
        depth: Option<usize>,
        found: bool,
        lines: Lines,
    }
    struct Sink(RefCell<State>);

    impl TokenSink for Sink {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let mut s = self.0.borrow_mut();
            match token {
                Token::TagToken(tag) => {
                    let name: &str = &tag.name;
                    let line_break = BLOCKS.contains(&name) || name == "br";
                    match (s.depth, tag.kind) {
                        (None, TagKind::StartTag) => {
                            let main = tag
                                .attrs
                                .iter()
                                .any(|a| &*a.name.local == "role" && &*a.value == "main");
                            if main && !s.found {
                                s.found = true;
                                s.depth = Some(0);
                            }
                        }
                        (None, TagKind::EndTag) => {}
                        (Some(depth), TagKind::StartTag) => {
                            if line_break || name == "hr" {
                                s.lines.flush();
                            }
                            if !VOID.contains(&name) && !tag.self_closing {
                                s.depth = Some(depth + 1);
                            }
                        }
                        (Some(depth), TagKind::EndTag) => {
                            if line_break {
                                s.lines.flush();
                            }
                            s.depth = depth.checked_sub(1);
                        }
                    }
                }
                Token::CharacterTokens(text) if s.depth.is_some() => {
                    s.lines.current.push_str(&text)
                }
                Token::NullCharacterToken if s.depth.is_some() => s.lines.current.push('\0'),
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    let state = tokenize(html, Sink(RefCell::new(State::default())))
        .0
        .into_inner();
    state.found.then(|| {
        state
            .lines
            .finish()
            .into_iter()
            .filter_map(|l| match l {
                Line::Text(t) => Some(t),
                Line::Rule => None,
            })
            .collect()
    })
}

/// The time zone the HTML's dates are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Gen B: a fixed UTC−08:00, no daylight saving (FORMAT.md 6.2).
    FixedMinus8,
    /// Gen A: US Pacific with daylight saving.
    Pacific,
}

impl Zone {
    fn tz(self) -> TimeZone {
        match self {
            Zone::FixedMinus8 => TimeZone::fixed(jiff::tz::offset(-8)),
            // The tz database is bundled into the binary, so this never depends on the host.
            Zone::Pacific => TimeZone::get("America/Los_Angeles")
                .unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(-8))),
        }
    }
}

/// Parses a report date in any known format: gen A `2022/06/23-07:10:41`, English
/// `Aug 10, 2022, 7:11 PM`, Indonesian `21 Jul 2022 22.07`. A missing value is `Ok(None)`.
/// In the hour a daylight-saving change repeats, the earlier instant is taken.
pub(crate) fn parse_time(text: &str, zone: Zone) -> Result<Option<Timestamp>, String> {
    let text = text.trim();
    if is_missing(text) {
        return Ok(None);
    }
    let civil = civil_time(text).ok_or_else(|| format!("unrecognised date `{text}`"))?;
    civil
        .to_zoned(zone.tz())
        .map(|z| Some(z.timestamp()))
        .map_err(|e| format!("date `{text}`: {e}"))
}

fn civil_time(text: &str) -> Option<DateTime> {
    let num = |s: &str| s.trim().parse::<i16>().ok();
    let make =
        |y: i16, mo: i8, d: i8, h: i8, mi: i8, s: i8| DateTime::new(y, mo, d, h, mi, s, 0).ok();
    // Gen A: 2022/06/23-07:10:41
    if let Some((date, time)) = text.split_once('-')
        && let [y, mo, d] = date.split('/').collect::<Vec<_>>()[..]
        && let [h, mi, s] = time.split(':').collect::<Vec<_>>()[..]
    {
        return make(
            num(y)?,
            num(mo)? as i8,
            num(d)? as i8,
            num(h)? as i8,
            num(mi)? as i8,
            num(s)? as i8,
        );
    }
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        // English: Aug 10, 2022, 7:11 PM
        [month, day, year, clock, half] => {
            let (h, mi) = clock.split_once(':')?;
            let h = num(h)? as i8;
            let h = match half.to_ascii_uppercase().as_str() {
                "AM" if h == 12 => 0,
                "AM" => h,
                "PM" if h == 12 => 12,
                "PM" => h + 12,
                _ => return None,
            };
            make(
                num(year)?,
                labels::month(month)?,
                num(day)? as i8,
                h,
                num(mi)? as i8,
                0,
            )
        }
        // Indonesian: 21 Jul 2022 22.07
        [day, month, year, clock] => {
            let (h, mi) = clock.split_once(['.', ':'])?;
            make(
                num(year)?,
                labels::month(month)?,
                num(day)? as i8,
                num(h)? as i8,
                num(mi)? as i8,
                0,
            )
        }
        _ => None,
    }
}

/// Applies labelled tables to a report, collecting warnings for `file`.
pub(crate) struct Applier<'r> {
    pub report: &'r mut Report,
    pub file: String,
    pub zone: Zone,
    /// Whether to read the Contacts and Groups rows (gen A repeats its JSON's lists there).
    pub lists: bool,
}

impl Applier<'_> {
    fn warn(&mut self, kind: WarningKind, message: String) {
        self.report
            .warnings
            .push(Warning::new(kind, &self.file, message));
    }

    fn keep(&mut self, label: String, value: String) {
        self.report.unrecognised.push(Unrecognised {
            file: self.file.clone(),
            label,
            value,
        });
    }

    /// Applies one table's rows. Unknown labels are mapped by position when the table has
    /// exactly its documented rows and every known label sits at its documented place;
    /// otherwise their values are kept under the label. Either way they are named.
    pub fn table(&mut self, table: Option<Table>, rows: &[KeyValue<'_>]) {
        let mut resolved: Vec<Option<Row>> = rows.iter().map(|r| labels::row(&r.label)).collect();
        if resolved.iter().any(Option::is_none)
            && let Some(order) = table.map(Table::order)
            && order.len() == rows.len()
            && resolved
                .iter()
                .zip(order)
                .all(|(r, o)| r.is_none_or(|r| r == *o))
        {
            for (i, slot) in resolved.iter_mut().enumerate() {
                if slot.is_none() {
                    *slot = Some(order[i]);
                    let (label, documented) = (&rows[i].label, labels::english(order[i]));
                    self.warn(
                        WarningKind::Unknown,
                        format!("unknown label `{label}`; the table has exactly its documented rows, so it is read by position as `{documented}`"),
                    );
                }
            }
        }
        for (kv, row) in rows.iter().zip(resolved) {
            match row {
                Some(row) => self.row(row, kv),
                None => {
                    let value = texts(kv.cell).join("\n");
                    self.warn(
                        WarningKind::Unknown,
                        format!("unknown label `{}`; kept as given", kv.label),
                    );
                    self.keep(kv.label.clone(), value);
                }
            }
        }
    }

    fn row(&mut self, row: Row, kv: &KeyValue<'_>) {
        let label = &kv.label;
        if !is_structured(row) {
            let text = texts(kv.cell).join(" ");
            let text = text.trim();
            if is_missing(text) {
                return;
            }
            let value = if is_time_row(row) {
                match parse_time(text, self.zone) {
                    Ok(at) => Scalar::Time(at),
                    Err(problem) => {
                        self.warn(
                            WarningKind::Unknown,
                            format!("`{label}`: {problem}; ignored"),
                        );
                        return;
                    }
                }
            } else {
                Scalar::Text(text.to_string())
            };
            if let Err((kind, problem)) = set_row(self.report, row, value) {
                self.warn(kind, format!("`{label}`: {problem}"));
            }
            return;
        }
        let items = || -> Vec<String> {
            texts(kv.cell)
                .iter()
                .flat_map(|l| l.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !is_missing(s))
                .collect()
        };
        match row {
            Row::Contacts | Row::Groups if !self.lists => {}
            Row::Contacts => self.report.contacts = self.phones(label, items()),
            Row::Groups => {
                self.report.groups = texts(kv.cell)
                    .into_iter()
                    .filter(|g| !is_missing(g))
                    .collect();
            }
            Row::Blocked => {
                let numbers = self.phones(label, items());
                if !numbers.is_empty() {
                    self.report.blocked.get_or_insert_default().numbers = numbers;
                }
            }
            Row::StatusPrivacy => {
                let entries: Vec<String> = texts(kv.cell)
                    .iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !is_missing(s))
                    .collect();
                if !entries.is_empty() {
                    let (status, problems) = parse_status_privacy(&entries);
                    for problem in problems {
                        self.warn(WarningKind::Unknown, format!("`{label}`: {problem}"));
                    }
                    self.report.privacy.status = Some(status);
                }
            }
            Row::ProfilePicture => {
                let img = kv.cell.select(&selector("img")).next();
                if let Some(src) = img.and_then(|i| i.attr("src")) {
                    let data = src.split_once("base64,").map_or("", |(_, d)| d);
                    let picture = &mut self.report.account.profile_picture;
                    picture.present = true;
                    picture.size_bytes = (!data.is_empty()).then(|| base64_decoded_len(data));
                }
            }
            Row::SyncSessions => {
                for block in blocks(kv.cell, Nested::SessionId) {
                    let session = self.session(label, block);
                    self.report.sync.sessions.push(session);
                }
            }
            Row::DeviceActivity
            | Row::SettingsLastFetch
            | Row::DeviceSyncStatus
            | Row::DeviceInformation => {
                for block in blocks(kv.cell, Nested::Device) {
                    self.device(label, block);
                }
            }
            _ => {}
        }
    }

    fn phones(&mut self, label: &str, raw: Vec<String>) -> Vec<String> {
        super::phones(raw, &self.file, label, &mut self.report.warnings)
    }

    /// A nested value: typed by its field, `None` when missing.
    fn nested_value(&mut self, at: &str, field: Nested, text: &str) -> Option<Scalar> {
        if is_missing(text) {
            return None;
        }
        if is_time_nested(field) {
            match parse_time(text, self.zone) {
                Ok(t) => Some(Scalar::Time(t)),
                Err(problem) => {
                    self.warn(WarningKind::Unknown, format!("`{at}`: {problem}; ignored"));
                    None
                }
            }
        } else {
            Some(Scalar::Text(text.to_string()))
        }
    }

    fn device(&mut self, parent: &str, block: Vec<(String, String)>) {
        let mut id = None;
        let mut fields = Vec::new();
        for (label, text) in block {
            match labels::nested(&label) {
                Some(Nested::Device) => match text.trim().parse::<i64>() {
                    Ok(n) => id = Some(n),
                    Err(_) => self.warn(
                        WarningKind::Invalid,
                        format!("`{parent}`: device `{text}` is not a number"),
                    ),
                },
                Some(field) => {
                    if let Some(value) =
                        self.nested_value(&format!("{parent} › {label}"), field, &text)
                    {
                        fields.push((label, field, value));
                    }
                }
                None => {
                    self.warn(
                        WarningKind::Unknown,
                        format!("`{parent}`: unknown label `{label}`; kept as given"),
                    );
                    self.keep(format!("{parent} › {label}"), text);
                }
            }
        }
        let Some(id) = id else {
            if !fields.is_empty() {
                self.warn(
                    WarningKind::Invalid,
                    format!("`{parent}`: a block without a `Device` id; skipped"),
                );
            }
            return;
        };
        for (label, field, value) in fields {
            if let Err((kind, problem)) = set_device(self.report.device_mut(id), field, value) {
                self.warn(kind, format!("`{parent} › {label}`: {problem}"));
            }
        }
    }

    fn session(&mut self, parent: &str, block: Vec<(String, String)>) -> SyncSession {
        let mut session = SyncSession::default();
        for (label, text) in block {
            match labels::nested(&label) {
                Some(Nested::SessionId) => {
                    session.id = (!is_missing(&text)).then(|| text.trim().to_string())
                }
                Some(Nested::AccountRegisteredAt) => {
                    if let Some(Scalar::Time(t)) = self.nested_value(
                        &format!("{parent} › {label}"),
                        Nested::AccountRegisteredAt,
                        &text,
                    ) {
                        session.account_registered_at = t;
                    }
                }
                Some(Nested::StateCollections) => {
                    session.state_collections = text
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                }
                _ => {
                    self.warn(
                        WarningKind::Unknown,
                        format!("`{parent}`: unknown label `{label}`; kept as given"),
                    );
                    self.keep(format!("{parent} › {label}"), text);
                }
            }
        }
        session
    }
}

/// Splits a per-device cell into blocks of `(label, value)`: a rule, or a second `starter`
/// label (`Device`, `ID`) in the same block, starts a new one.
fn blocks(cell: ElementRef<'_>, starter: Nested) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for line in lines(cell) {
        match line {
            Line::Rule => out.push(Vec::new()),
            Line::Text(text) => {
                let (label, value) = match text.split_once(':') {
                    Some((label, value)) => (label.trim().to_string(), value.trim().to_string()),
                    None => (text.trim().to_string(), String::new()),
                };
                let starts = labels::nested(&label) == Some(starter);
                let current = out
                    .last_mut()
                    .map(|b| b.iter().any(|(l, _)| labels::nested(l) == Some(starter)));
                if starts && current == Some(true) {
                    out.push(Vec::new());
                }
                if let Some(block) = out.last_mut() {
                    block.push((label, value));
                }
            }
        }
    }
    out.retain(|b| !b.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn gen_a_dates_follow_pacific_daylight_saving() {
        let t = |s| parse_time(s, Zone::Pacific).unwrap().unwrap();
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
        let t = |s| parse_time(s, Zone::FixedMinus8).unwrap().unwrap();
        assert_eq!(t("Aug 10, 2022, 7:11 PM"), utc("2022-08-11T03:11:00Z"));
        assert_eq!(t("Jan 5, 2018, 11:06 AM"), utc("2018-01-05T19:06:00Z"));
        assert_eq!(t("Jun 1, 2022, 12:05 AM"), utc("2022-06-01T08:05:00Z"));
        assert_eq!(t("Jun 1, 2022, 12:05 PM"), utc("2022-06-01T20:05:00Z"));
        assert_eq!(t("21 Jul 2022 22.07"), utc("2022-07-22T06:07:00Z"));
        assert_eq!(t("3 Agu 2022 07.30"), utc("2022-08-03T15:30:00Z"));
    }

    #[test]
    fn missing_and_unknown_dates() {
        assert_eq!(parse_time("—", Zone::Pacific), Ok(None));
        assert_eq!(parse_time(" - ", Zone::FixedMinus8), Ok(None));
        assert!(parse_time("10 août 2022", Zone::FixedMinus8).is_err());
        assert!(parse_time("Feb 30, 2022, 1:00 PM", Zone::FixedMinus8).is_err());
    }

    #[test]
    fn entities_are_decoded_and_spaces_kept() {
        let page = "<html><body><div>Groups</div><div role=\"main\"><div><div>Tom &amp; Jerry&#039;s</div><div>a&#064;b </div><div>Football </div></div></div><div>after</div></body></html>";
        assert_eq!(
            list_items(page).unwrap(),
            ["Tom & Jerry's", "a@b ", "Football "]
        );
        assert_eq!(list_items("<div>no main region</div>"), None);
    }

    #[test]
    fn lines_break_at_br_div_and_hr() {
        let doc = Html::parse_fragment(
            "<table><tr><td><span>Device: 0</span><br/><span>Status: OFFLINE</span><hr/><div>Device<span>:</span><span>2</span></div></td></tr></table>",
        );
        let td = doc.select(&selector("td")).next().unwrap();
        assert_eq!(
            lines(td),
            [
                Line::Text("Device: 0".into()),
                Line::Text("Status: OFFLINE".into()),
                Line::Rule,
                Line::Text("Device:2".into())
            ]
        );
    }

    #[test]
    fn list_pages_read_like_lines_of_the_tree() {
        let page = "<div role=\"main\"><div><div>+1555<span>0101</span></div><br/><div>two<br>lines</div><img src=x><div> </div></div></div>";
        let tree = Html::parse_document(page);
        let main = tree.select(&selector("[role=main]")).next().unwrap();
        let from_tree: Vec<String> = lines(main)
            .into_iter()
            .filter_map(|l| match l {
                Line::Text(t) => Some(t),
                Line::Rule => None,
            })
            .collect();
        assert_eq!(list_items(page).unwrap(), from_tree);
        assert_eq!(from_tree, ["+15550101", "two", "lines"]);
    }

    #[test]
    fn nesting_is_measured_from_tags() {
        assert_eq!(
            nesting_depth("<html><body><div><br><img src=x><p>a</p></div></body></html>"),
            4
        );
        assert_eq!(nesting_depth(&"<div>".repeat(5000)), 5000);
        assert_eq!(nesting_depth("</div></div><div/>"), 0);
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 200_000;
        let page = format!(
            "<table><tr><td>{}x{}</td></tr></table>",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        let doc = Html::parse_document(&page);
        let td = doc.select(&selector("td")).next().unwrap();
        assert_eq!(lines(td), [Line::Text("x".into())]);
    }

    #[test]
    fn blocks_split_at_rules_and_at_a_repeated_id() {
        let doc = Html::parse_fragment(
            "<table><tr><td><span>Device: 0</span><br/><span>Previous Connection IP: 2001:db8:c04::</span><br/><br/><span>Device: 1</span><br/><span>Status: OFFLINE</span></td></tr></table>",
        );
        let td = doc.select(&selector("td")).next().unwrap();
        let b = blocks(td, Nested::Device);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0][1],
            (
                "Previous Connection IP".to_string(),
                "2001:db8:c04::".to_string()
            )
        );
        assert_eq!(b[1][1], ("Status".to_string(), "OFFLINE".to_string()));
    }
}
