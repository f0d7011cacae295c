//! Reading a key/value page by document structure and label text, never by Meta's generated
//! class names (FORMAT.md 3.1) and never by guessing:
//! - key/value rows come only from the page's content region (`role="main"` in gens B, B′
//!   and C; the one table of gen A), from the tables that are not inside another table's
//!   cell; a row of two cells is a label and its value, a row of one cell a section title,
//!   anything else is named in a warning;
//! - a value is missing only when the report says so: the span-wrapped dash of gen B
//!   (`<span>-</span>`), gen A's `—`; a plain `-` is a value (FORMAT.md 3.3a), an empty cell
//!   an empty value;
//! - an element's text is its lines: `<br>`, `<hr>` and block elements end a line, as
//!   `blocks` (per-device blocks) and `tokens` (list pages) read them too.
//!
//! Per-device blocks are in `blocks`, token-level scans of raw HTML in `tokens`, dates in
//! `dates`.

use std::sync::LazyLock;

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

/// A text line of an element, or a horizontal rule between blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Text(String),
    Rule,
}

/// Elements that end a line of text, before and after them.
pub(super) const BLOCKS: [&str; 8] = ["div", "p", "tr", "li", "table", "tbody", "td", "th"];

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
pub(super) struct Lines {
    pub(super) current: String,
    out: Vec<Line>,
}

impl Lines {
    pub(super) fn flush(&mut self) {
        if !self.current.trim().is_empty() {
            self.out.push(Line::Text(std::mem::take(&mut self.current)));
        }
        self.current.clear();
    }

    fn rule(&mut self) {
        self.flush();
        self.out.push(Line::Rule);
    }

    pub(super) fn finish(mut self) -> Vec<Line> {
        self.flush();
        self.out
    }
}

/// The text lines of an element only.
pub(crate) fn texts(element: ElementRef<'_>) -> Vec<String> {
    text_lines(lines(element))
}

/// The text lines only.
pub(super) fn text_lines(lines: Vec<Line>) -> Vec<String> {
    lines
        .into_iter()
        .filter_map(|l| match l {
            Line::Text(t) => Some(t),
            Line::Rule => None,
        })
        .collect()
}

/// All the text of an element, without line breaks, as written.
pub(super) fn flat_text(element: ElementRef<'_>) -> String {
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

/// All the text of an element on one line, white space collapsed.
fn words(element: ElementRef<'_>) -> String {
    flat_text(element)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
pub(super) const EM_DASH: &str = "—";

/// Whether an element is the span-wrapped dash (`<span>-</span>`, also nested in further
/// spans): the report's missing marker.
pub(super) fn is_dash_marker(element: ElementRef<'_>) -> bool {
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
        // The element or one of its descendants (which include it) is the marker.
        if t == "-"
            && cell
                .descendants()
                .filter_map(ElementRef::wrap)
                .any(is_dash_marker)
        {
            return CellValue::Missing;
        }
    }
    CellValue::Lines(lines)
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
                .map(words)
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
                    if let Some(section) = out.sections.last_mut() {
                        let label = words(*label);
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
                        .copied()
                        .map(words)
                        .collect::<Vec<_>>()
                        .join(" | "),
                }),
            }
        }
    }
    out.sections.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
pub(super) mod tests_support {
    //! What the tests of reading cells, blocks and list pages share.
    use super::*;

    /// A table of one cell holding `html`.
    pub(crate) fn cell(html: &str) -> Html {
        Html::parse_fragment(&format!("<table><tr><td>{html}</td></tr></table>"))
    }

    /// The first cell of a document.
    pub(crate) fn td(doc: &Html) -> ElementRef<'_> {
        doc.select(&selectors().td).next().unwrap()
    }

    /// A document's content region (`role="main"`).
    pub(crate) fn main_region(doc: &Html) -> ElementRef<'_> {
        doc.select(&selectors().main).next().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::{cell, td};
    use super::*;

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
}
