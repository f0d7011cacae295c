//! Reading the report's HTML by document structure and label text, never by Meta's generated
//! class names (FORMAT.md 3.1) and never by guessing:
//! - key/value rows come only from the page's content region (`role="main"` in gens B, B′
//!   and C; the one table of gen A), from the tables that are not inside another table's
//!   cell; a row of two cells is a label and its value, a row of one cell a section title,
//!   anything else is named in a warning;
//! - a value is missing only when the report says so: the span-wrapped dash of gen B
//!   (`<span>-</span>`), gen A's `—`; a plain `-` is a value (FORMAT.md 3.3a), an empty cell
//!   an empty value;
//! - per-device blocks are read by their elements: a block is the set of line elements
//!   sharing a parent, a line is `label`, a `:` separator, and a value that may be a nested
//!   element (State Collections); gen A writes lines as spans between `<br>`s;
//! - list pages are read token by token (html5ever's tokenizer, no tree: they can hold
//!   hundreds of thousands of items), with HTML's own rules for end tags;
//! - dates are parsed with each language's formats (data in `labels.rs`), range-checked by
//!   jiff; a date that does not parse is an error for the caller to warn about.

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use crate::parse::labels;
use crate::spec::HtmlZone;

/// A text line of an element, or a horizontal rule between blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Text(String),
    Rule,
}

/// Elements that end a line of text, before and after them.
const BLOCKS: [&str; 8] = ["div", "p", "tr", "li", "table", "tbody", "td", "th"];

/// Elements whose text is never content.
const SKIPPED: [&str; 4] = ["script", "style", "head", "title"];

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
pub(crate) fn texts(element: ElementRef<'_>) -> Vec<String> {
    lines(element)
        .into_iter()
        .filter_map(|l| match l {
            Line::Text(t) => Some(t),
            Line::Rule => None,
        })
        .collect()
}

/// All the text of an element, without line breaks, as written.
fn flat_text(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<_> = element.children().rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if SKIPPED.contains(&e.name()) => {}
            Node::Element(_) => stack.extend(node.children().rev()),
            _ => {}
        }
    }
    out
}

/// What a value cell (or a nested value) holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CellValue {
    /// The report's marker for "no value": gen B's dash wrapped in a span, gen A's `—`.
    Missing,
    /// Nothing at all: an empty element (an empty list, or no value for a scalar).
    Empty,
    /// Text lines (one for a scalar).
    Lines(Vec<String>),
}

impl CellValue {
    /// One line of text, for a scalar.
    pub fn scalar(&self) -> Option<String> {
        match self {
            CellValue::Lines(lines) => {
                let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
                Some(joined)
            }
            CellValue::Missing | CellValue::Empty => None,
        }
    }
}

/// Gen A's marker for a missing value.
const EM_DASH: &str = "—";

/// Whether an element is the span-wrapped dash (`<span>-</span>`, also nested in further
/// spans): the report's missing marker.
fn is_dash_marker(element: ElementRef<'_>) -> bool {
    let mut current = element;
    loop {
        let children: Vec<_> = current
            .children()
            .filter(|c| !matches!(c.value(), Node::Text(t) if t.trim().is_empty()))
            .collect();
        match children.as_slice() {
            [only] => match (only.value(), ElementRef::wrap(*only)) {
                (Node::Text(t), _) => {
                    return current.value().name() == "span" && t.trim() == "-";
                }
                (_, Some(child)) => current = child,
                _ => return false,
            },
            _ => return false,
        }
    }
}

/// Reads a value cell: the span-wrapped dash and `—` are missing, an empty element is
/// empty, anything else is its text lines (a plain `-` included).
pub(crate) fn cell_value(cell: ElementRef<'_>) -> CellValue {
    let lines = texts(cell);
    if lines.is_empty() {
        return CellValue::Empty;
    }
    if let [only] = lines.as_slice() {
        let t = only.trim();
        if t == EM_DASH {
            return CellValue::Missing;
        }
        if t == "-" && has_dash_marker(cell) {
            return CellValue::Missing;
        }
    }
    CellValue::Lines(lines)
}

/// Whether the element or one of its descendants is the span-wrapped dash.
fn has_dash_marker(element: ElementRef<'_>) -> bool {
    is_dash_marker(element)
        || element
            .descendants()
            .filter_map(ElementRef::wrap)
            .any(is_dash_marker)
}

/// One key/value row.
pub(crate) struct KeyValue<'a> {
    /// The label's text, white space collapsed.
    pub label: String,
    pub cell: ElementRef<'a>,
}

/// A row of the content region that is neither a label/value pair nor a section title.
pub(crate) struct StrayRow {
    /// How many cells it had, and of which kind.
    pub shape: &'static str,
    pub text: String,
}

/// The key/value rows of a page, in sections (a one-cell row starts a new section), and
/// the rows of any other shape.
pub(crate) struct Rows<'a> {
    pub sections: Vec<Vec<KeyValue<'a>>>,
    pub stray: Vec<StrayRow>,
    /// Whether the page has its content region at all.
    pub found_region: bool,
}

/// The selectors this file uses, each parsed once.
struct Selectors {
    main: Selector,
    body: Selector,
    table: Selector,
    tr: Selector,
    #[cfg(test)]
    td: Selector,
}

fn selectors() -> &'static Selectors {
    fn parse(css: &str) -> Selector {
        // The selectors are constants of this file; a typo is caught by the tests.
        Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
    }
    static SELECTORS: LazyLock<Selectors> = LazyLock::new(|| Selectors {
        main: parse("[role=main]"),
        body: parse("body"),
        table: parse("table"),
        tr: parse("tr"),
        #[cfg(test)]
        td: parse("td"),
    });
    &SELECTORS
}

/// Where a page's content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Region {
    /// The element with `role="main"` (gens B, B′, C): the banner and headings are outside.
    Main,
    /// The document's body (gen A's one table).
    Body,
}

/// The element holding a page's content.
fn region<'a>(doc: &'a Html, region: Region) -> Option<ElementRef<'a>> {
    match region {
        Region::Main => doc.select(&selectors().main).next(),
        Region::Body => doc.select(&selectors().body).next(),
    }
}

/// The key/value rows of the content region's own tables (not tables inside a cell).
pub(crate) fn rows(doc: &Html, which: Region) -> Rows<'_> {
    let mut out = Rows {
        sections: vec![Vec::new()],
        stray: Vec::new(),
        found_region: false,
    };
    let Some(main) = region(doc, which) else {
        out.sections.clear();
        return out;
    };
    out.found_region = true;
    if which == Region::Main {
        // Outside the content region only the banner is expected: a logo and the word
        // WhatsApp (FORMAT.md 3.3a). Any other row is named, never read silently.
        for row in doc.select(&selectors().tr) {
            if row.ancestors().any(|a| a.id() == main.id()) {
                continue;
            }
            let text = row
                .child_elements()
                .map(|c| {
                    flat_text(c)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" | ");
            if !(text.is_empty() || text == "WhatsApp") {
                out.stray.push(StrayRow {
                    shape: "a row outside the page's content region",
                    text,
                });
            }
        }
    }
    for table in main.select(&selectors().table) {
        // A table inside another table's cell is part of that cell's value.
        if table
            .ancestors()
            .take_while(|a| a.id() != main.id())
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "td" | "th"))
        {
            continue;
        }
        for row in table.select(&selectors().tr) {
            // Only this table's rows.
            let owner = row
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table");
            if owner.map(|t| t.id()) != Some(table.id()) {
                continue;
            }
            let cells: Vec<ElementRef<'_>> = row
                .child_elements()
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let all_td = cells.iter().all(|c| c.value().name() == "td");
            match cells.as_slice() {
                [label, cell] if all_td => {
                    let label = flat_text(*label)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Some(section) = out.sections.last_mut() {
                        section.push(KeyValue { label, cell: *cell });
                    }
                }
                [_] if all_td => out.sections.push(Vec::new()),
                [] => {}
                _ => out.stray.push(StrayRow {
                    shape: if all_td {
                        "a row of more than two cells"
                    } else {
                        "a row of header cells"
                    },
                    text: cells
                        .iter()
                        .map(|c| {
                            flat_text(*c)
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect::<Vec<_>>()
                        .join(" | "),
                }),
            }
        }
    }
    out.sections.retain(|s| !s.is_empty());
    out
}

/// One line of a per-device block: its label and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BlockLine {
    pub label: String,
    pub value: CellValue,
}

/// Splits a per-device cell into blocks of lines.
///
/// Gen B writes each block as an element whose children are line elements, blocks separated
/// by `<hr>`: a line is an element whose first content is the label (text or a span), never
/// a block element; lines sharing a parent make one block. Gen A writes lines as
/// `Label: value` text between `<br>`s, a new block starting at each `Device` line.
pub(crate) fn blocks(cell: ElementRef<'_>) -> Vec<Vec<BlockLine>> {
    let line_elements: Vec<ElementRef<'_>> = cell
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "div" && is_line_element(*e))
        .collect();
    // Keep the outermost line elements only (a State Collections value is a div inside a
    // line).
    let line_elements: Vec<ElementRef<'_>> = line_elements
        .iter()
        .copied()
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| line_elements.iter().any(|l| l.id() == a.id()))
        })
        .collect();
    if !line_elements.is_empty() {
        let mut out: Vec<(_, Vec<BlockLine>)> = Vec::new();
        for line in line_elements {
            let parent = line.parent().map(|p| p.id());
            let parsed = block_line(line);
            match out.last_mut() {
                Some((p, block)) if *p == parent => block.push(parsed),
                _ => out.push((parent, vec![parsed])),
            }
        }
        return out.into_iter().map(|(_, b)| b).collect();
    }
    // Gen A: text lines, a block per `Device` line: known by its label or, in a language
    // no table has, by being the first line's label, with a number, coming back with a
    // number.
    let parsed: Vec<Option<(String, String)>> = lines(cell)
        .into_iter()
        .map(|line| match line {
            Line::Rule => None,
            Line::Text(text) => Some(match text.split_once(':') {
                Some((label, value)) => (label.trim().to_string(), value.trim().to_string()),
                None => (text.trim().to_string(), String::new()),
            }),
        })
        .collect();
    let is_number = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    let first_device = parsed
        .first()
        .and_then(Option::as_ref)
        .filter(|(label, value)| is_number(value) && labels::nested(label).is_none())
        .map(|(label, _)| label.clone());
    let mut out: Vec<Vec<BlockLine>> = Vec::new();
    for line in parsed {
        let Some((label, value)) = line else {
            out.push(Vec::new());
            continue;
        };
        let starts = is_device_label(&label)
            || (first_device.as_deref() == Some(label.as_str()) && is_number(&value));
        if starts || out.is_empty() {
            out.push(Vec::new());
        }
        let value = match value.as_str() {
            "" => CellValue::Empty,
            EM_DASH => CellValue::Missing,
            _ => CellValue::Lines(vec![value]),
        };
        if let Some(block) = out.last_mut() {
            block.push(BlockLine { label, value });
        }
    }
    out.retain(|b| !b.is_empty());
    out
}

fn is_device_label(label: &str) -> bool {
    labels::nested(label) == Some(labels::Nested::Device)
}

/// Whether an element is one line of a block: its first content is text or a span (the
/// label), not a block element.
fn is_line_element(e: ElementRef<'_>) -> bool {
    let first = e
        .children()
        .find(|c| !matches!(c.value(), Node::Text(t) if t.trim().is_empty()));
    match first.map(|c| c.value()) {
        Some(Node::Text(_)) => true,
        Some(Node::Element(child)) => child.name() == "span",
        _ => false,
    }
}

/// One line element: the label before the first `:` separator, the value after it.
fn block_line(line: ElementRef<'_>) -> BlockLine {
    let children: Vec<_> = line.children().collect();
    // The separator: a span whose text is `:` (with spaces), or a text node holding `:`.
    let mut label = String::new();
    let mut value_nodes = Vec::new();
    let mut found = false;
    for child in children {
        if found {
            value_nodes.push(child);
            continue;
        }
        match (child.value(), ElementRef::wrap(child)) {
            (Node::Text(t), _) => match t.split_once(':') {
                Some((before, after)) => {
                    label.push_str(before);
                    found = true;
                    if !after.trim().is_empty() {
                        label.push('\u{0}');
                        label.push_str(after);
                    }
                }
                None => label.push_str(t),
            },
            (_, Some(el)) => {
                let text = flat_text(el);
                if text.trim() == ":" {
                    found = true;
                } else {
                    label.push_str(&text);
                }
            }
            _ => {}
        }
    }
    // A value that was text right after the colon, in the same text node.
    let mut inline_value = None;
    if let Some((before, after)) = label.split_once('\u{0}') {
        inline_value = Some(after.trim().to_string());
        label = before.to_string();
    }
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if !found {
        return BlockLine {
            label,
            value: CellValue::Empty,
        };
    }
    let mut text = inline_value.unwrap_or_default();
    let mut dash_marker = false;
    for node in &value_nodes {
        match (node.value(), ElementRef::wrap(*node)) {
            (Node::Text(t), _) => text.push_str(t),
            (_, Some(el)) => {
                // The value element holds the marker: `<span><span>-</span></span>`.
                dash_marker |= el
                    .descendants()
                    .skip(1)
                    .filter_map(ElementRef::wrap)
                    .any(is_dash_marker);
                text.push_str(&flat_text(el));
            }
            _ => {}
        }
    }
    let text = text.trim();
    let value = if text.is_empty() {
        CellValue::Empty
    } else if text == EM_DASH || (text == "-" && dash_marker) {
        CellValue::Missing
    } else {
        CellValue::Lines(vec![text.to_string()])
    };
    BlockLine { label, value }
}

/// Elements with no end tag.
pub(super) const VOID: [&str; 13] = [
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
/// region, as [`lines`] would give them from the document tree, read token by token with
/// html5ever's tokenizer and no tree, since a list page can hold hundreds of thousands of
/// items. End tags follow HTML's rules: an end tag closes the innermost open element of its
/// name and everything opened inside it, and is ignored when no such element is open (so a
/// stray `</div>` cannot end the region early); `</br>` is a line break. `None` when the
/// page has no such region.
pub(crate) fn list_items(html: &str) -> Option<Vec<String>> {
    use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
    use std::cell::RefCell;

    #[derive(Default)]
    struct State {
        /// Names of the open elements inside the main region (the region's own first);
        /// empty outside it.
        open: Vec<String>,
        found: bool,
        done: bool,
        lines: Lines,
    }
    struct Sink(RefCell<State>);

    impl TokenSink for Sink {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let mut s = self.0.borrow_mut();
            if s.done {
                return TokenSinkResult::Continue;
            }
            let inside = !s.open.is_empty();
            match token {
                Token::TagToken(tag) => {
                    let name: &str = &tag.name;
                    let line_break = BLOCKS.contains(&name) || name == "br";
                    match (inside, tag.kind) {
                        (false, TagKind::StartTag) => {
                            let main = tag
                                .attrs
                                .iter()
                                .any(|a| &*a.name.local == "role" && &*a.value == "main");
                            if main && !s.found && !VOID.contains(&name) && !tag.self_closing {
                                s.found = true;
                                s.open.push(name.to_string());
                            }
                        }
                        (false, TagKind::EndTag) => {}
                        (true, TagKind::StartTag) => {
                            if line_break || name == "hr" {
                                s.lines.flush();
                            }
                            if !VOID.contains(&name) && !tag.self_closing {
                                s.open.push(name.to_string());
                            }
                        }
                        (true, TagKind::EndTag) => {
                            if name == "br" {
                                s.lines.flush();
                            } else if let Some(at) = s.open.iter().rposition(|n| n == name) {
                                if line_break {
                                    s.lines.flush();
                                }
                                s.open.truncate(at);
                                if s.open.is_empty() {
                                    s.lines.flush();
                                    s.done = true;
                                }
                            }
                        }
                    }
                }
                Token::CharacterTokens(text) if inside => s.lines.current.push_str(&text),
                Token::NullCharacterToken if inside => s.lines.current.push('\0'),
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

impl HtmlZone {
    fn tz(self) -> TimeZone {
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
    use jiff::fmt::strtime;
    let formats = all_formats();
    // A text with fewer numbers than every format has is no date (most texts a page's
    // lines are tried for: a version, a state, an address).
    if numbers(text).count() < formats.fewest {
        return Err(DateProblem::Unrecognised);
    }
    let mut impossible = false;
    let mut attempt = |format: &Format, input: &str| -> Option<DateTime> {
        // Only a text with as many numbers as the format can pass the check below.
        if numbers(input).count() != format.numbers {
            return None;
        }
        match strtime::parse(&format.numeric, input) {
            Ok(parts) => match parts.to_datetime() {
                // Every number of the text must be the date's own: jiff reads a 60th second
                // as the 59th, which would be a wrong time.
                Ok(dt) if numbers(&dt.strftime(&format.numeric).to_string()).eq(numbers(input)) => {
                    Some(dt)
                }
                _ => {
                    impossible = true;
                    None
                }
            },
            Err(_) => None,
        }
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

    fn cell(html: &str) -> Html {
        Html::parse_fragment(&format!("<table><tr><td>{html}</td></tr></table>"))
    }

    fn td(doc: &Html) -> ElementRef<'_> {
        doc.select(&selectors().td).next().unwrap()
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

    #[test]
    fn gen_a_blocks_in_another_language_start_at_the_first_lines_label() {
        let doc = cell(
            "<span dir=\"ltr\"><span>Apparaat: 0</span><br/><span>Staat: OFFLINE</span><br/><br/><span>Apparaat: 1</span><br/><span>Staat: —</span></span>",
        );
        let b = blocks(td(&doc));
        assert_eq!(b.len(), 2);
        assert_eq!(b[1][0].label, "Apparaat");
        assert_eq!(b[1][1].value, CellValue::Missing);
    }

    #[test]
    fn missing_markers_and_plain_dashes() {
        let v = |html: &str| cell_value(td(&cell(html)));
        assert_eq!(v("<div><span>-</span></div>"), CellValue::Missing);
        assert_eq!(v("<span dir=\"ltr\">—</span>"), CellValue::Missing);
        assert_eq!(v("<div>-</div>"), CellValue::Lines(vec!["-".into()]));
        assert_eq!(v("<div></div>"), CellValue::Empty);
        assert_eq!(v("<div><span></span></div>"), CellValue::Empty);
        assert_eq!(
            v("<div>Everyone</div>"),
            CellValue::Lines(vec!["Everyone".into()])
        );
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
    fn a_stray_end_tag_does_not_cut_a_list_short() {
        let page = "<div role=\"main\"><div><div>one</div></span></p></div><div>two</div></div></div><div>outside</div>";
        assert_eq!(list_items(page).unwrap(), ["one", "two"]);
        // `</br>` is a line break, as browsers read it.
        let page = "<div role=\"main\">a</br>b</div>";
        assert_eq!(list_items(page).unwrap(), ["a", "b"]);
    }

    #[test]
    fn list_pages_read_like_lines_of_the_tree() {
        let page = "<div role=\"main\"><div><div>+1555<span>0101</span></div><br/><div>two<br>lines</div><img src=x><div> </div></div></div>";
        let tree = Html::parse_document(page);
        let main = tree.select(&selectors().main).next().unwrap();
        assert_eq!(list_items(page).unwrap(), texts(main));
        assert_eq!(texts(main), ["+15550101", "two", "lines"]);
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
        assert_eq!(lines(td(&doc)), [Line::Text("x".into())]);
    }

    #[test]
    fn rows_come_from_the_content_region_only() {
        let page = Html::parse_document(
            "<body><table><tr><td><img src=logo></td><td> WhatsApp </td></tr></table>\
             <div role=\"main\"><table><tr><td>Label</td><td><div>Value<table><tr><td>in</td><td>cell</td></tr></table></div></td></tr>\
             <tr><td>a</td><td>b</td><td>c</td></tr><tr><th>h</th><th>i</th></tr></table></div></body>",
        );
        let found = rows(&page, Region::Main);
        assert_eq!(found.sections.len(), 1);
        let labels: Vec<&str> = found.sections[0].iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["Label"]);
        let stray: Vec<&str> = found.stray.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(stray, ["a | b | c", "h | i"]);
        // A row beside the banner is named too.
        let page = Html::parse_document(
            "<body><table><tr><td><img src=logo></td><td> WhatsApp </td></tr><tr><td>Moved</td><td>x</td></tr></table><div role=\"main\"></div></body>",
        );
        let stray: Vec<String> = rows(&page, Region::Main)
            .stray
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(stray, ["Moved | x"]);
    }

    #[test]
    fn gen_b_blocks_are_read_by_their_elements() {
        let doc = cell(
            "<div class=\"_a6-q\"><div>\
             <div><div>Device<span>:</span><span>0</span></div>\
             <div><span>ID</span><span>: </span><span>AAAA==</span></div>\
             <div><span>State Collections</span><span>: </span><div>critical_block<span>, </span>regular</div></div>\
             <div><span>Last Clean Time</span><span>: </span><span><span>-</span></span></div>\
             <div><span>Device Manufacturer</span><span>: </span><span></span></div></div>\
             <hr /><div><div>Device<span>:</span><span>1</span></div>\
             <div><span>Device Model</span><span>: </span><span>-</span></div></div>\
             </div></div>",
        );
        let b = blocks(td(&doc));
        assert_eq!(b.len(), 2);
        let line = |l: &str, v: CellValue| BlockLine {
            label: l.into(),
            value: v,
        };
        let text = |t: &str| CellValue::Lines(vec![t.into()]);
        assert_eq!(
            b[0],
            [
                line("Device", text("0")),
                line("ID", text("AAAA==")),
                line("State Collections", text("critical_block, regular")),
                line("Last Clean Time", CellValue::Missing),
                line("Device Manufacturer", CellValue::Empty),
            ]
        );
        assert_eq!(
            b[1],
            [line("Device", text("1")), line("Device Model", text("-"))]
        );
    }

    #[test]
    fn gen_a_blocks_start_at_each_device_line() {
        let doc = cell(
            "<span dir=\"ltr\"><span>Device: 0</span><br/><span>Status: OFFLINE</span><br/><span>Online Since: —</span><br/><span>Device: 1</span><br/><span>Previous Connection IP: 2001:db8:c04::</span></span>",
        );
        let b = blocks(td(&doc));
        assert_eq!(b.len(), 2);
        assert_eq!(b[0][2].value, CellValue::Missing);
        assert_eq!(
            b[1][1],
            BlockLine {
                label: "Previous Connection IP".into(),
                value: CellValue::Lines(vec!["2001:db8:c04::".into()])
            }
        );
    }
}
