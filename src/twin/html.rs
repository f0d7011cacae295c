//! An HTML entry, rewritten in place: every byte of markup kept (tags, attributes, the
//! stylesheet, white space) and only text the twin replaces written anew, as the page wrote
//! it (entities). Text is placed by the page's structure, as the parser reads it (FORMAT.md
//! 3.1–3.4, 5.2), never by class names:
//! - a row of two cells in the content region (`role="main"`, or gen A's one table) is a
//!   label and its value; the value's kind comes from the label (a table's, or the field the
//!   parser placed it as), and a label the parser did not know makes its value unknown;
//! - in a row of per-device blocks, each line is `label: value` (in spans, or in one span);
//!   a line with no label is the value of the label before it, or unknown;
//! - a list page's items are its list's values;
//! - anything else (banner, headings, the index, attributes) is text around the data.
//!
//! In a page no generation documents, labels stay and every value goes by shape, as does any
//! text around the data that the report's own pages do not also have.

use std::collections::HashSet;
use std::ops::Range;

use super::plan::{Kind, Label, Plan};
use super::scan::{Slot, edits};
use super::written::{Decoded, Edit, Syntax, splice};
use crate::parse::labels::Row;

/// What a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    /// Rows of labels and values (gen B's four pages, gen A's `access.html`).
    KeyValue,
    /// A list page: every item one value of this kind.
    List(Kind),
    /// Known and not interpreted (the index).
    Known,
    /// No generation documents it.
    Unknown,
}

/// Elements that end a line of text, as the parser's.
const BLOCKS: [&str; 8] = ["div", "p", "tr", "li", "table", "tbody", "td", "th"];
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// How comments open and close: a comment, CDATA, a processing instruction.
const COMMENTS: [(&str, &str); 3] = [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", ">")];
/// Elements whose content is raw text.
const RAW: [&str; 4] = ["script", "style", "title", "textarea"];

/// A cell's row.
#[derive(Default)]
struct RowState {
    /// The cell being read: 0 the label's.
    cell: Option<usize>,
    label: String,
    /// In a row of blocks: the last line's label, when that line had no value.
    pending: Option<Kind>,
}

/// One text run of the current line: its bytes in the page.
type Run = Range<usize>;

/// How an HTML entry is rewritten.
pub(crate) struct Entry<'a> {
    pub plan: &'a Plan,
    /// The entry's path in the report's folder.
    pub file: &'a str,
    pub page: Page,
    /// Text around the data in the report's known pages (kept in an unknown page).
    pub format: &'a HashSet<String>,
}

/// A page rewritten, and the text around its data (for [`Entry::format`]).
pub(crate) struct Rewritten {
    pub text: String,
    pub format: Vec<String>,
}

struct Walk<'a, 'b> {
    entry: &'b Entry<'a>,
    html: &'b str,
    /// Replacements of byte ranges of the page.
    splices: Vec<Edit>,
    format: Vec<String>,
    stack: Vec<String>,
    /// The depth of the `role="main"` element, while inside it.
    main: Option<usize>,
    /// The page has no content region: all of it is (gen A).
    no_main: bool,
    rows: Vec<RowState>,
    line: Vec<Run>,
}

impl Entry<'_> {
    pub fn rewrite(&self, html: &str) -> Rewritten {
        let mut w = Walk {
            entry: self,
            html,
            splices: Vec::new(),
            format: Vec::new(),
            stack: Vec::new(),
            main: None,
            no_main: !(html.contains("role=\"main\"") || html.contains("role='main'")),
            rows: Vec::new(),
            line: Vec::new(),
        };
        w.run();
        w.splices.sort_by_key(|e| e.range.start);
        Rewritten {
            text: splice(html, &w.splices),
            format: w.format,
        }
    }
}

impl Walk<'_, '_> {
    fn run(&mut self) {
        let html = self.html;
        let b = html.as_bytes();
        let mut at = 0;
        while at < b.len() {
            if b[at] != b'<' {
                let end = html[at..].find('<').map_or(b.len(), |i| at + i);
                self.line.push(at..end);
                at = end;
                continue;
            }
            let rest = &html[at..];
            // A comment; CDATA and a processing instruction are read as comments by the
            // parser (html5ever), and rewritten as them.
            if let Some((open, close)) = COMMENTS.iter().find(|(open, _)| rest.starts_with(open)) {
                let end = rest.find(close).map_or(b.len(), |i| at + i + close.len());
                let body = at + open.len();
                self.text(
                    body..end.saturating_sub(close.len()).max(body),
                    Slot::Other,
                    None,
                );
                at = end;
            } else if rest.starts_with("<!") {
                at = rest.find('>').map_or(b.len(), |i| at + i + 1);
            } else if rest.starts_with("</")
                && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic())
            {
                let end = rest.find('>').map_or(b.len(), |i| at + i + 1);
                let name = tag_name(&rest[2..]);
                self.end_tag(&name);
                at = end;
            } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                at = self.start_tag(at);
            } else {
                // A lone `<` is text.
                let end = html[at + 1..].find('<').map_or(b.len(), |i| at + 1 + i);
                self.line.push(at..end);
                at = end;
            }
        }
        self.flush();
    }

    /// Reads a start tag at `at` (and a raw-text element's content); where reading goes on.
    fn start_tag(&mut self, at: usize) -> usize {
        let html = self.html;
        let b = html.as_bytes();
        let name = tag_name(&html[at + 1..]);
        let mut i = at + 1 + name.len();
        let mut main = false;
        let mut self_closing = false;
        loop {
            i = skip(b, i, u8::is_ascii_whitespace);
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            if b[i] == b'/' {
                self_closing = true;
                i += 1;
                continue;
            }
            let name_start = i;
            i = skip(b, i, |c| !c.is_ascii_whitespace() && !b"=/>".contains(c));
            let attr = html[name_start..i].to_ascii_lowercase();
            i = skip(b, i, u8::is_ascii_whitespace);
            if b.get(i) == Some(&b'=') {
                i += 1;
                i = skip(b, i, u8::is_ascii_whitespace);
                let (value, quote) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[i + 1..]
                            .find(char::from(q))
                            .map_or(b.len(), |e| i + 1 + e);
                        let value = i + 1..end;
                        i = (end + 1).min(b.len());
                        (value, Some(char::from(q)))
                    }
                    _ => {
                        let start = i;
                        i = skip(b, i, |c| !c.is_ascii_whitespace() && *c != b'>');
                        (start..i, None)
                    }
                };
                if attr == "role" && &html[value.clone()] == "main" {
                    main = true;
                }
                self.attribute(value, quote);
            }
        }
        if BLOCKS.contains(&name.as_str()) || name == "br" || name == "hr" {
            self.flush();
        }
        match name.as_str() {
            "tr" => self.rows.push(RowState::default()),
            "td" | "th" => {
                if let Some(row) = self.rows.last_mut() {
                    row.cell = Some(row.cell.map_or(0, |c| c + 1));
                    row.pending = None;
                }
            }
            _ => {}
        }
        if main {
            self.main = Some(self.stack.len());
        }
        if RAW.contains(&name.as_str()) && !self_closing {
            let lower = html[i..].to_ascii_lowercase();
            let end = lower.find(&format!("</{name}")).map_or(b.len(), |e| i + e);
            // The title, a script or the style sheet: the report's identifiers in it
            // replaced; in an unknown page, by shape unless the report's pages have it too.
            let slot = self.around(html[i..end].trim());
            self.text(i..end, slot, None);
            return end;
        }
        if !VOID.contains(&name.as_str()) && !self_closing {
            self.stack.push(name);
        }
        i
    }

    fn end_tag(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.flush();
        }
        if let Some(at) = self.stack.iter().rposition(|n| n == name) {
            self.stack.truncate(at);
            if self.main.is_some_and(|m| m >= at) {
                self.main = None;
            }
        }
        if name == "tr" {
            self.rows.pop();
        }
    }

    /// An attribute's value: a picture in a data URI (under any attribute: the twin's
    /// picture, or, when it is not base64, its characters by shape), or text around the data.
    fn attribute(&mut self, value: Range<usize>, quote: Option<char>) {
        if value.is_empty() {
            return;
        }
        let raw = &self.html[value.clone()];
        if raw.trim_start().starts_with("data:")
            && let Some(at) = raw.find(";base64,")
        {
            let payload = value.start + at + 8..value.end;
            match self.entry.plan.photo_base64(&raw[at + 8..]) {
                Some(encoded) => self.splices.push(Edit {
                    range: payload,
                    with: encoded,
                }),
                None => self.text(payload, Slot::Value(Kind::Unknown), quote),
            }
            return;
        }
        let slot = self.around(self.html[value.clone()].trim());
        self.text(value, slot, quote);
    }

    /// The slot of text around the data (an attribute's value, the title, a style sheet):
    /// in the report's pages, text whose identifiers go (and which joins the format); in an
    /// unknown page, a value by shape, unless the report's pages have the same text.
    fn around(&mut self, text: &str) -> Slot {
        if self.entry.page == Page::Unknown {
            if self.entry.format.contains(text) {
                Slot::Other
            } else {
                Slot::Value(Kind::Unknown)
            }
        } else {
            self.format.push(text.to_string());
            Slot::Other
        }
    }

    /// Rewrites one stretch of text in a slot (an attribute's value in `quote`).
    fn text(&mut self, range: Range<usize>, slot: Slot, quote: Option<char>) {
        if !self.html[range.clone()].trim().is_empty() {
            self.joined(&[range], slot, quote);
        }
    }

    /// `run` written again with `edits` to its decoded text made.
    fn splice_run(&mut self, run: Run, decoded: &Decoded, edits: &[Edit], quote: Option<char>) {
        if !edits.is_empty() {
            let with = decoded.rewrite(&self.html[run.clone()], edits, Syntax::Html(quote));
            self.splices.push(Edit { range: run, with });
        }
    }

    /// Ends the current line: places its runs and rewrites them.
    fn flush(&mut self) {
        let mut line = std::mem::take(&mut self.line);
        line.retain(|r| !self.html[r.clone()].trim().is_empty());
        if line.is_empty() {
            return;
        }
        let page = self.entry.page;
        let in_head = self.stack.iter().any(|n| n == "head");
        // In the data: the content region, or a page without one.
        let in_data = self.main.is_some() || self.no_main;
        let cell = self.rows.last().and_then(|r| r.cell);
        if in_head || page == Page::Known || !in_data {
            if page == Page::Unknown {
                for run in line {
                    let text = self.html[run.clone()].trim().to_string();
                    let slot = self.around(&text);
                    self.text(run, slot, None);
                }
            } else {
                // The line read whole, as the parser reads it: a number split across tags
                // (`<b>1555</b><b>5550123</b>`) is found.
                for run in &line {
                    self.format.push(self.html[run.clone()].trim().to_string());
                }
                self.joined(&line, Slot::Other, None);
            }
            return;
        }
        match cell {
            Some(0) => {
                let label: String = line
                    .iter()
                    .map(|run| Decoded::html(&self.html[run.clone()]).text)
                    .collect();
                let slot = self.label_slot(&label);
                for run in line {
                    self.format.push(self.html[run.clone()].trim().to_string());
                    self.text(run, slot, None);
                }
                if let Some(row) = self.rows.last_mut() {
                    row.label.push_str(&label);
                }
            }
            Some(_) => self.value_line(line),
            None => {
                let kind = match page {
                    Page::List(kind) => kind,
                    _ => Kind::Unknown,
                };
                self.joined(&line, Slot::Value(kind), None);
            }
        }
    }

    /// How a label is kept: as it is, or (one the parser did not know) with any identifier
    /// in it replaced.
    fn label_slot(&self, label: &str) -> Slot {
        if self
            .entry
            .plan
            .is_unknown_label(self.entry.file, label.trim())
        {
            Slot::Other
        } else {
            Slot::Label
        }
    }

    /// A line in a value cell.
    fn value_line(&mut self, line: Vec<Run>) {
        let plan = self.entry.plan;
        let file = self.entry.file;
        let row_label = self
            .rows
            .last()
            .map(|r| r.label.trim().to_string())
            .unwrap_or_default();
        let unknown = self.entry.page == Page::Unknown
            || row_label.is_empty()
            || plan.is_unknown_label(file, &row_label);
        let kind = match (!unknown)
            .then(|| plan.label(file, &row_label, false))
            .flatten()
        {
            Some(Label::Row(Row::Blocks(_))) => return self.block_line(line),
            Some(Label::Row(Row::Field(def))) if def.kind == crate::model::LeafKind::Sessions => {
                return self.block_line(line);
            }
            Some(Label::Row(row)) => Kind::of_row(row),
            _ => Kind::Unknown,
        };
        self.joined(&line, Slot::Value(kind), None);
    }

    /// A line of a per-device block: `label: value`.
    fn block_line(&mut self, line: Vec<Run>) {
        let texts: Vec<String> = line
            .iter()
            .map(|r| Decoded::html(&self.html[r.clone()]).text)
            .collect();
        let separator = texts
            .iter()
            .position(|t| t.trim_start().starts_with(':') && t.trim()[1..].trim().is_empty());
        let plan = self.entry.plan;
        let file = self.entry.file;
        let kind_of = |label: &str| plan.label_kind(file, label, true);
        // The kind the last line's label left when that line had no value: this line takes
        // it (a label with no value leaves its own again).
        let pending = self.rows.last_mut().and_then(|r| r.pending.take());
        match separator {
            Some(k) if k > 0 => {
                let label: String = texts[..k].concat();
                let kind = kind_of(label.trim());
                let slot = self.label_slot(&label);
                for run in &line[..=k] {
                    self.text(run.clone(), slot, None);
                }
                let values = &line[k + 1..];
                if values.is_empty() {
                    if let Some(row) = self.rows.last_mut() {
                        row.pending = Some(kind);
                    }
                } else {
                    self.joined(values, Slot::Value(kind), None);
                }
            }
            _ if line.len() == 1 && texts[0].contains(": ") => {
                // Gen A: `Label: value` in one span.
                let run = line[0].clone();
                let decoded = Decoded::html(&self.html[run.clone()]);
                let split = decoded.text.find(": ").unwrap_or(0);
                let kind = kind_of(decoded.text[..split].trim());
                let value = &decoded.text[split + 2..];
                let e = edits(plan, value, Slot::Value(kind));
                let slot = self.label_slot(&decoded.text[..split]);
                let mut all = edits(plan, &decoded.text[..split], slot);
                all.extend(e.into_iter().map(|mut e| {
                    e.range = e.range.start + split + 2..e.range.end + split + 2;
                    e
                }));
                self.splice_run(run, &decoded, &all, None);
            }
            // A line that is a label the parser did not know, with no value.
            _ if plan.is_unknown_label(file, texts.concat().trim()) => {
                for run in line {
                    self.text(run, Slot::Other, None);
                }
            }
            _ => self.joined(&line, Slot::Value(pending.unwrap_or(Kind::Unknown)), None),
        }
    }

    /// Runs of one line rewritten as one text in `slot` (a value may be split across tags),
    /// each edit put back in the runs it covers.
    fn joined(&mut self, runs: &[Run], slot: Slot, quote: Option<char>) {
        let plan = self.entry.plan;
        let decoded: Vec<Decoded> = runs
            .iter()
            .map(|r| Decoded::html(&self.html[r.clone()]))
            .collect();
        let mut text = String::new();
        let mut starts = Vec::with_capacity(runs.len());
        for d in &decoded {
            starts.push(text.len());
            text.push_str(&d.text);
        }
        let all = edits(plan, &text, slot);
        if all.is_empty() {
            return;
        }
        // Each edit to the runs it covers; one across runs is split by characters.
        let mut per_run: Vec<Vec<Edit>> = vec![Vec::new(); runs.len()];
        for e in all {
            let first = starts
                .partition_point(|&s| s <= e.range.start)
                .saturating_sub(1);
            let last = starts
                .partition_point(|&s| s < e.range.end)
                .saturating_sub(1)
                .max(first);
            let mut with = e.with.chars();
            for i in first..=last {
                let run_start = starts[i];
                let run_end = run_start + decoded[i].text.len();
                let from = e.range.start.max(run_start);
                let to = e.range.end.min(run_end);
                let taken: String = if i == last {
                    with.by_ref().collect()
                } else {
                    with.by_ref().take(text[from..to].chars().count()).collect()
                };
                per_run[i].push(Edit {
                    range: from - run_start..to - run_start,
                    with: taken,
                });
            }
        }
        for ((run, d), edits) in runs.iter().zip(&decoded).zip(per_run) {
            self.splice_run(run.clone(), d, &edits, quote);
        }
    }
}

/// Where the run of bytes from `from` that `keep` takes ends.
fn skip(b: &[u8], from: usize, keep: impl Fn(&u8) -> bool) -> usize {
    from + b[from..].iter().take_while(|c| keep(c)).count()
}

/// A tag's name, lower case.
fn tag_name(after: &str) -> String {
    after
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}
