//! The report's own HTML, built into a document tree without html5ever's tokenizer.
//!
//! Every key/value page of a report is made of a few elements (FORMAT.md 3.1: `html`, `head`
//! with `meta`, `base`, an inline `style` and `title`; `body` with `div`, `span`, `a`,
//! `table`, `tr`, `td`, `img`, `br`, `hr`), every element closed where it was opened. For
//! such a page, what HTML's tree construction does is simple: tables get their implied
//! `tbody`, white space between the skeleton's tags lands where the standard puts it, and
//! nothing else moves. [`parse`] builds exactly that tree, through scraper's own tree sink,
//! in about 40 % of html5ever's time (its tokenizer reads a character at a time; in a
//! profile of `benches/batch.sh` the four key/value pages of a report took 12 % of all
//! the CPU time as html5ever's, 4.6 % as this).
//!
//! It refuses, with `None`, anything where the standard would do more: an element outside
//! that set, a tag left open or closed out of order, text where a table holds only rows,
//! a comment, a character reference other than the few the report writes, control
//! characters, an attribute not double- or single-quoted. The caller then parses the page
//! with html5ever, so a page is never read otherwise than html5ever reads it: the tests
//! compare both trees on every page of the fixtures and on generated pages in and around
//! the subset.

use std::borrow::Cow;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, QualName, ns};
use scraper::{Html, HtmlTreeSink};

type Handle = <HtmlTreeSink as TreeSink>::Handle;

/// The document tree of a page in the report's subset of HTML, as html5ever would build
/// it; `None` for any page outside the subset.
pub(crate) fn parse(html: &str) -> Option<Html> {
    let mut b = Builder {
        src: html,
        at: 0,
        sink: HtmlTreeSink::new(Html::new_document()),
        phase: Phase::Initial,
        open: Vec::new(),
        doctype: false,
    };
    b.run()?;
    Some(b.sink.finish())
}

/// Where the page is in its skeleton: the standard's insertion modes, as far as the
/// subset reaches them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// Before `<html>`.
    Initial,
    /// After `<html>`, before `<head>`.
    BeforeHead,
    InHead,
    /// After `</head>`, before `<body>`.
    AfterHead,
    InBody,
    /// After `</body>`: the body stays open, and white space goes into it.
    AfterBody,
    /// After `</html>`: white space still goes into the body.
    AfterHtml,
}

/// The elements of the subset.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Html,
    Head,
    Body,
    Meta,
    Base,
    Link,
    Title,
    Style,
    Div,
    Span,
    A,
    Table,
    Tbody,
    Tr,
    Td,
    Th,
    Img,
    Br,
    Hr,
}

/// Every element of the subset with its name, in the order of [`Tag`], so that a tag's
/// name is found by its number.
const TAGS: [(Tag, &str); 19] = [
    (Tag::Html, "html"),
    (Tag::Head, "head"),
    (Tag::Body, "body"),
    (Tag::Meta, "meta"),
    (Tag::Base, "base"),
    (Tag::Link, "link"),
    (Tag::Title, "title"),
    (Tag::Style, "style"),
    (Tag::Div, "div"),
    (Tag::Span, "span"),
    (Tag::A, "a"),
    (Tag::Table, "table"),
    (Tag::Tbody, "tbody"),
    (Tag::Tr, "tr"),
    (Tag::Td, "td"),
    (Tag::Th, "th"),
    (Tag::Img, "img"),
    (Tag::Br, "br"),
    (Tag::Hr, "hr"),
];

impl Tag {
    fn of(name: &str) -> Option<Tag> {
        TAGS.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    fn name(self) -> &'static str {
        TAGS[self as usize].1
    }

    /// Elements without an end tag: those of the subset in [`super::tokens::VOID`] (a test
    /// holds the two together; this runs for every start tag, so it compares no names).
    fn void(self) -> bool {
        matches!(
            self,
            Tag::Meta | Tag::Base | Tag::Link | Tag::Img | Tag::Br | Tag::Hr
        )
    }

    /// Elements whose direct content is rows, or cells, and never text: the standard moves
    /// anything else out of the table ("foster parenting"), which the subset leaves to
    /// html5ever.
    fn tabular(self) -> bool {
        matches!(self, Tag::Table | Tag::Tbody | Tag::Tr)
    }
}

/// A tag as read.
struct TagToken<'a> {
    tag: Tag,
    attrs: Vec<(&'a str, Cow<'a, str>)>,
    self_closing: bool,
}

struct Builder<'a> {
    src: &'a str,
    at: usize,
    sink: HtmlTreeSink,
    phase: Phase,
    /// The open elements, the innermost last.
    open: Vec<(Tag, Handle)>,
    doctype: bool,
}

impl<'a> Builder<'a> {
    fn run(&mut self) -> Option<()> {
        let bytes = self.src.as_bytes();
        while self.at < bytes.len() {
            let rest = &self.src[self.at..];
            let text_len = rest.find('<').unwrap_or(rest.len());
            if text_len > 0 {
                let text = decode(&rest[..text_len])?;
                self.at += text_len;
                self.text(text)?;
                continue;
            }
            match bytes.get(self.at + 1) {
                Some(b'!') => self.doctype()?,
                Some(b'/') => {
                    let name = self.end_tag()?;
                    self.close(name)?;
                }
                Some(b'a'..=b'z') => {
                    let tag = self.start_tag()?;
                    self.start(tag)?;
                }
                _ => return None,
            }
        }
        (self.phase == Phase::AfterHtml).then_some(())
    }

    fn current(&self) -> Option<(Tag, Handle)> {
        self.open.last().copied()
    }

    fn open_of(&self, tag: Tag) -> Option<Handle> {
        self.open.iter().find(|(t, _)| *t == tag).map(|(_, h)| *h)
    }

    /// A run of text between tags, its references decoded.
    fn text(&mut self, text: Cow<'_, str>) -> Option<()> {
        let blank = spaces(text.as_bytes()) == text.len();
        let into = match self.phase {
            // Before the head, white space is dropped.
            Phase::Initial | Phase::BeforeHead => return blank.then_some(()),
            // Text goes only into the body, and not straight into a table's rows.
            Phase::InBody => match self.current()? {
                (tag, _) if tag.tabular() && !blank => return None,
                (_, at) => at,
            },
            _ if !blank => return None,
            // White space in the head goes there, after it into `html`.
            Phase::InHead | Phase::AfterHead => self.current()?.1,
            // After `</body>`, into the body, which stays open.
            Phase::AfterBody | Phase::AfterHtml => self.open_of(Tag::Body)?,
        };
        self.sink
            .append(&into, NodeOrText::AppendText(StrTendril::from(&*text)));
        Some(())
    }

    /// `<!DOCTYPE html>`, first in the page.
    fn doctype(&mut self) -> Option<()> {
        let rest = &self.src.as_bytes()[self.at..];
        const OPEN: &[u8] = b"<!doctype";
        if self.phase != Phase::Initial
            || self.doctype
            || rest.len() < OPEN.len()
            || !rest[..OPEN.len()].eq_ignore_ascii_case(OPEN)
        {
            return None;
        }
        let mut i = OPEN.len();
        let gap = spaces(&rest[i..]);
        if gap == 0 {
            return None;
        }
        i += gap;
        if rest.len() < i + 4 || !rest[i..i + 4].eq_ignore_ascii_case(b"html") {
            return None;
        }
        i += 4;
        i += spaces(&rest[i..]);
        if rest.get(i) != Some(&b'>') {
            return None;
        }
        self.at += i + 1;
        self.doctype = true;
        self.sink.append_doctype_to_document(
            StrTendril::from("html"),
            StrTendril::new(),
            StrTendril::new(),
        );
        Some(())
    }

    /// `</name>`, with nothing but white space after the name.
    fn end_tag(&mut self) -> Option<Tag> {
        let rest = &self.src[self.at + 2..];
        let len = name_len(rest.as_bytes());
        let tag = Tag::of(&rest[..len])?;
        let gap = spaces(&rest.as_bytes()[len..]);
        if rest.as_bytes().get(len + gap) != Some(&b'>') {
            return None;
        }
        self.at += 2 + len + gap + 1;
        Some(tag)
    }

    /// `<name attr="value" …>` or `<name … />`.
    fn start_tag(&mut self) -> Option<TagToken<'a>> {
        let src: &'a str = self.src;
        let bytes = src.as_bytes();
        let mut i = self.at + 1;
        let len = name_len(&bytes[i..]);
        let tag = Tag::of(&src[i..i + len])?;
        i += len;
        let mut attrs: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
        loop {
            let gap = spaces(&bytes[i..]);
            i += gap;
            match bytes.get(i) {
                Some(b'>') => {
                    self.at = i + 1;
                    return Some(TagToken {
                        tag,
                        attrs,
                        self_closing: false,
                    });
                }
                Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                    self.at = i + 2;
                    return Some(TagToken {
                        tag,
                        attrs,
                        self_closing: true,
                    });
                }
                Some(b'a'..=b'z') if gap > 0 => {}
                _ => return None,
            }
            let attr_len = bytes[i..]
                .iter()
                .take_while(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b':')
                })
                .count();
            let attr = &src[i..i + attr_len];
            i += attr_len;
            let value = if bytes.get(i) == Some(&b'=') {
                let quote = *bytes.get(i + 1)?;
                if quote != b'"' && quote != b'\'' {
                    return None;
                }
                let start = i + 2;
                let len = bytes[start..].iter().position(|b| *b == quote)?;
                i = start + len + 1;
                decode(&src[start..start + len])?
            } else {
                Cow::Borrowed("")
            };
            // A repeated attribute: html5ever keeps the first, and so would this, but the
            // subset has none.
            if attrs.iter().any(|(n, _)| *n == attr) {
                return None;
            }
            attrs.push((attr, value));
        }
    }

    fn element(&self, tag: Tag, attrs: &[(&str, Cow<'_, str>)]) -> Handle {
        let attrs = attrs
            .iter()
            .map(|(name, value)| Attribute {
                name: QualName::new(None, ns!(), LocalName::from(*name)),
                value: StrTendril::from(&**value),
            })
            .collect();
        self.sink.create_element(
            QualName::new(None, ns!(html), LocalName::from(tag.name())),
            attrs,
            ElementFlags::default(),
        )
    }

    /// Creates an element, appends it to `parent`, and opens it unless it is void.
    fn insert(&mut self, parent: Handle, tag: Tag, attrs: &[(&str, Cow<'_, str>)]) -> Handle {
        let id = self.element(tag, attrs);
        self.sink.append(&parent, NodeOrText::AppendNode(id));
        if !tag.void() {
            self.open.push((tag, id));
        }
        id
    }

    fn start(&mut self, token: TagToken<'a>) -> Option<()> {
        let tag = token.tag;
        if token.self_closing && !tag.void() {
            return None;
        }
        let attrs = &token.attrs;
        match (self.phase, tag) {
            (Phase::Initial, Tag::Html) => {
                // A page without a doctype is read in quirks mode.
                if !self.doctype {
                    self.sink.set_quirks_mode(QuirksMode::Quirks);
                }
                let document = self.sink.get_document();
                self.insert(document, tag, attrs);
                self.phase = Phase::BeforeHead;
            }
            (Phase::BeforeHead, Tag::Head) => {
                let html = self.current()?.1;
                self.insert(html, tag, attrs);
                self.phase = Phase::InHead;
            }
            (Phase::InHead, Tag::Meta | Tag::Base | Tag::Link) => {
                let head = self.current()?.1;
                self.insert(head, tag, attrs);
            }
            (Phase::InHead, Tag::Title | Tag::Style) => {
                let head = self.current()?.1;
                // Its content is read whole here, so it is never left open.
                let id = self.element(tag, attrs);
                self.sink.append(&head, NodeOrText::AppendNode(id));
                let text = self.raw_text(tag)?;
                if !text.is_empty() {
                    self.sink
                        .append(&id, NodeOrText::AppendText(StrTendril::from(&*text)));
                }
            }
            (Phase::AfterHead, Tag::Body) => {
                let html = self.current()?.1;
                self.insert(html, tag, attrs);
                self.phase = Phase::InBody;
            }
            (Phase::InBody, _) => {
                let (parent_tag, parent) = self.current()?;
                match (parent_tag, tag) {
                    // `<table><tr>`: the standard opens the `tbody` the page left out.
                    (Tag::Table, Tag::Tr) => {
                        let tbody = self.insert(parent, Tag::Tbody, &[]);
                        self.insert(tbody, tag, attrs);
                    }
                    (Tag::Table, Tag::Tbody)
                    | (Tag::Tbody, Tag::Tr)
                    | (Tag::Tr, Tag::Td | Tag::Th) => {
                        self.insert(parent, tag, attrs);
                    }
                    (p, _) if p.tabular() => return None,
                    // An `a` inside an open `a` is closed by the standard's adoption agency.
                    (_, Tag::A) if self.open_of(Tag::A).is_some() => return None,
                    (
                        _,
                        Tag::Div | Tag::Span | Tag::A | Tag::Table | Tag::Img | Tag::Br | Tag::Hr,
                    ) => {
                        self.insert(parent, tag, attrs);
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        Some(())
    }

    fn close(&mut self, tag: Tag) -> Option<()> {
        let (current, _) = self.current()?;
        match (self.phase, tag) {
            (Phase::InHead, Tag::Head) if current == Tag::Head => {
                self.open.pop();
                self.phase = Phase::AfterHead;
            }
            // `</body>` leaves the body open: white space after it still goes in.
            (Phase::InBody, Tag::Body) if current == Tag::Body => self.phase = Phase::AfterBody,
            (Phase::InBody, Tag::Table) if current == Tag::Tbody => {
                self.open.pop();
                return self.close(tag);
            }
            (Phase::InBody, _)
                if tag == current && !tag.void() && !matches!(tag, Tag::Html | Tag::Body) =>
            {
                self.open.pop();
            }
            (Phase::AfterBody, Tag::Html) => self.phase = Phase::AfterHtml,
            _ => return None,
        }
        Some(())
    }

    /// The content of a `title` (references decoded) or a `style` (as written), up to and
    /// past its end tag, which must follow as `</title>` or `</style>`.
    fn raw_text(&mut self, tag: Tag) -> Option<Cow<'a, str>> {
        let src: &'a str = self.src;
        let rest = &src[self.at..];
        let bytes = rest.as_bytes();
        let name = tag.name().as_bytes();
        // The first `</name` ends the element (whatever the case of its letters).
        let end = (0..bytes.len()).find(|&i| {
            bytes[i] == b'<'
                && bytes.get(i + 1) == Some(&b'/')
                && bytes
                    .get(i + 2..i + 2 + name.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })?;
        // … and must be written `</name>`, in lower case.
        if bytes.get(end + 2..end + 2 + name.len()) != Some(name)
            || bytes.get(end + 2 + name.len()) != Some(&b'>')
        {
            return None;
        }
        let content = &rest[..end];
        let text = if tag == Tag::Title {
            // A title's text holds no tags: a `<` in it is left to html5ever.
            if content.contains('<') {
                return None;
            }
            decode(content)?
        } else {
            if !content.chars().all(plain_char) {
                return None;
            }
            Cow::Borrowed(content)
        };
        self.at += end + 2 + name.len() + 1;
        Some(text)
    }
}

/// The white space at the start of `bytes`, in bytes.
fn spaces(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// The tag name at the start of `bytes` (the subset's names are lower-case letters and
/// digits), in bytes.
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        .count()
}

/// Characters that html5ever passes through as written; the rest (NUL, carriage returns,
/// which it turns into line feeds, other controls and noncharacters) are left to it.
fn plain_char(c: char) -> bool {
    let n = c as u32;
    match c {
        '\t' | '\n' | '\x0c' => true,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => false,
        '\u{fdd0}'..='\u{fdef}' => false,
        _ => n & 0xfffe != 0xfffe,
    }
}

/// Text with its character references decoded: the named ones the report writes (`&amp;`
/// and a few more, always with their `;`) and numeric ones of plain characters. Any other
/// reference, or a character [`plain_char`] refuses, is `None`. A `&` that starts no
/// reference (followed by a space, say) is itself, as in HTML.
fn decode(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('&') {
        return text.chars().all(plain_char).then_some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let before = &rest[..amp];
        if !before.chars().all(plain_char) {
            return None;
        }
        out.push_str(before);
        let after = &rest[amp + 1..];
        match after.as_bytes().first() {
            Some(b) if b.is_ascii_alphanumeric() || *b == b'#' => {
                let semi = after.find(';')?;
                let c = reference(&after[..semi])?;
                out.push(c);
                rest = &after[semi + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    if !rest.chars().all(plain_char) {
        return None;
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// The character a reference (between `&` and `;`) stands for, among those the subset
/// knows.
fn reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            let ok = !digits.is_empty()
                && digits.len() <= 8
                && digits.chars().all(|c| c.is_digit(radix));
            if !ok {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(digits, radix).ok()?)?;
            // Below the space, and C1 controls (which the standard maps to other
            // characters), are left to html5ever.
            if c < ' ' || ('\x7f'..='\u{9f}').contains(&c) || !plain_char(c) {
                return None;
            }
            c
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::Node;

    /// A document tree as text: one line per node, indented by depth, attributes sorted.
    fn outline(doc: &Html) -> String {
        let mut out = format!("quirks: {:?}\n", doc.quirks_mode);
        let mut stack = vec![(doc.tree.root(), 0usize)];
        while let Some((node, depth)) = stack.pop() {
            let pad = "  ".repeat(depth);
            match node.value() {
                Node::Document => out += &format!("{pad}#document\n"),
                Node::Doctype(d) => {
                    out += &format!(
                        "{pad}<!doctype {:?} {:?} {:?}>\n",
                        d.name(),
                        d.public_id(),
                        d.system_id()
                    )
                }
                Node::Element(e) => {
                    let mut attrs: Vec<_> = e.attrs().collect();
                    attrs.sort();
                    out += &format!("{pad}<{} {:?} ns={:?}>\n", e.name(), attrs, e.name.ns);
                }
                Node::Text(t) => out += &format!("{pad}{:?}\n", &*t.text),
                Node::Comment(c) => out += &format!("{pad}<!-- {c:?} -->\n"),
                other => out += &format!("{pad}{other:?}\n"),
            }
            let children: Vec<_> = node.children().collect();
            stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
        }
        out
    }

    /// The fast tree, when there is one, is html5ever's.
    fn same_as_html5ever(page: &str) -> bool {
        let Some(fast) = parse(page) else {
            return false;
        };
        assert_eq!(
            outline(&fast),
            outline(&Html::parse_document(page)),
            "page: {page}"
        );
        true
    }

    #[test]
    fn tags_are_listed_in_order_and_void_as_html_has_them() {
        for (i, (tag, name)) in TAGS.iter().enumerate() {
            assert_eq!(*tag as usize, i, "{name}");
            assert_eq!(Tag::of(name), Some(*tag));
            assert_eq!(
                tag.void(),
                super::super::tokens::VOID.contains(name),
                "{name}"
            );
        }
    }

    #[test]
    fn every_page_of_the_fixtures_is_read_fast_and_as_html5ever_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut pages = Vec::new();
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "html") {
                    pages.push(path);
                }
            }
        }
        assert!(pages.len() > 50, "{} pages", pages.len());
        let mut slow = Vec::new();
        for path in &pages {
            let page = std::fs::read_to_string(path).unwrap();
            if !same_as_html5ever(&page) {
                slow.push(path.display().to_string());
            }
        }
        // The fixtures follow FORMAT.md's pages: every one of them is in the subset.
        assert!(slow.is_empty(), "not read fast: {slow:#?}");
    }

    #[test]
    fn the_skeleton_and_its_white_space_land_where_the_standard_puts_them() {
        let page = "\n<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\
            <title>A &amp; B</title>\n<style type=\"text/css\">a>b{x:1}</style>\n</head>\n\
            <body class='c'>\n<table>\n<tr> <td>x &#064; y</td><th>&nbsp;</th> </tr>\n\
            </table>\n</body>\n</html>\n";
        assert!(same_as_html5ever(page));
        let doc = parse(page).unwrap();
        assert_eq!(doc.quirks_mode, QuirksMode::NoQuirks);
        // The implied tbody.
        let tbody = scraper::Selector::parse("table > tbody > tr > td").unwrap();
        assert_eq!(doc.select(&tbody).count(), 1);
        // Without a doctype: quirks mode, as html5ever says.
        assert!(same_as_html5ever(
            "<html><head></head><body><div>x</div></body></html>"
        ));
    }

    #[test]
    fn pages_outside_the_subset_are_left_to_html5ever() {
        for page in [
            // A tag left open, closed out of order, or stray.
            "<html><head></head><body><div>x</body></html>",
            "<html><head></head><body><div><span>x</div></span></body></html>",
            "<html><head></head><body></div></body></html>",
            // Text where a table holds rows.
            "<html><head></head><body><table>x<tr><td>y</td></tr></table></body></html>",
            // Elements the subset does not have, and a comment.
            "<html><head></head><body><p>x</p></body></html>",
            "<html><head></head><body><!-- x --></body></html>",
            "<html><head><script>x</script></head><body></body></html>",
            // A reference it does not know, an unquoted attribute, upper-case tags.
            "<html><head></head><body>&eacute;</body></html>",
            "<html><head></head><body><div class=x>y</div></body></html>",
            "<HTML><head></head><body></body></html>",
            // A carriage return, which html5ever turns into a line feed.
            "<html><head></head><body>a\r\nb</body></html>",
            // Nested links; a cell outside a row.
            "<html><head></head><body><a><a>x</a></a></body></html>",
            "<html><head></head><body><td>x</td></body></html>",
            // No end.
            "<html><head></head><body></body>",
        ] {
            assert!(parse(page).is_none(), "read fast: {page}");
        }
    }

    /// Pieces in and around the subset: tags and texts, some the subset refuses (stray or
    /// unknown tags, references it does not know, controls), in any order.
    fn piece() -> impl Strategy<Value = String> {
        let texts = prop::sample::select(vec![
            "x",
            " ",
            "\n",
            "a b",
            "&amp;",
            "&lt;x&gt;",
            "&#064;",
            "&#x41;",
            "& ",
            "&#0;",
            "&#128;",
            "&eacute;",
            "&amp",
            "é",
            "\t",
            "\r\n",
            "\u{0}",
            "-",
            "—",
            "\u{a0}",
        ]);
        let tags = prop::sample::select(vec![
            "<div>",
            "</div>",
            "<span>",
            "</span>",
            "<a href=\"#\">",
            "</a>",
            "<table>",
            "</table>",
            "<tbody>",
            "</tbody>",
            "<tr>",
            "</tr>",
            "<td>",
            "</td>",
            "<th>",
            "</th>",
            "<br>",
            "<br/>",
            "<hr />",
            "<img src=\"x.png\">",
            "<p>",
            "</p>",
            "<div role=\"main\">",
            "<div class='a b' id=\"i\">",
            "<b>",
            "</b>",
            "</br>",
            "<div/>",
            "<!-- c -->",
            "<td class=\"_2pin\">",
            "<DIV>",
            "<div x=y>",
        ]);
        prop_oneof![
            texts.prop_map(str::to_string),
            tags.prop_map(str::to_string)
        ]
    }

    /// Well-formed content: what real pages are made of.
    fn content(depth: u32) -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "x",
            " ",
            "\n",
            "Yes",
            "&#064;",
            "a &amp; b",
            "<br>",
            "<hr />",
            "<span>-</span>",
            "<img src=\"data:image/jpeg;base64,AA==\" width=\"100%\" />",
            "",
            "<a href=\"files/x.html\"><span>x</span></a>",
        ])
        .prop_map(str::to_string);
        leaf.prop_recursive(depth, 64, 4, |inner| {
            let many = prop::collection::vec(inner, 0..4).prop_map(|v| v.concat());
            let cells = prop::collection::vec(many.clone(), 1..3).prop_map(|cells| {
                cells
                    .iter()
                    .map(|c| format!("<td>{c}</td>"))
                    .collect::<String>()
            });
            prop_oneof![
                many.clone().prop_map(|c| format!("<div>{c}</div>")),
                many.clone().prop_map(|c| format!("<span>{c}</span>")),
                many.prop_map(|c| format!("<div role=\"main\">{c}</div>")),
                prop::collection::vec(cells, 0..3).prop_map(|rows| {
                    let rows: String = rows.iter().map(|r| format!("<tr>{r}</tr>\n")).collect();
                    format!("<table>{rows}</table>")
                }),
            ]
        })
    }

    fn page(body: String, head: &str, doctype: bool) -> String {
        format!(
            "{}<html><head>{head}</head>\n<body>{body}</body>\n</html>\n",
            if doctype { "<!DOCTYPE html>\n" } else { "" }
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn well_formed_pages_are_read_fast_as_html5ever_reads_them(
            body in content(4),
            doctype in any::<bool>(),
            head in prop::sample::select(vec![
                "",
                "<meta charset=\"utf-8\">",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" /><base href=\"\" /><style type=\"text/css\">._a{x:1}</style><title>User Information</title>",
                "\n<title>A &amp; B</title>\n",
            ]),
        ) {
            prop_assert!(same_as_html5ever(&page(body, head, doctype)));
        }

        #[test]
        fn any_page_read_fast_is_read_as_html5ever_reads_it(page in any_page()) {
            if let Some(fast) = parse(&page) {
                prop_assert_eq!(outline(&fast), outline(&Html::parse_document(&page)));
            }
        }
    }

    /// Pages mixing the report's well-formed content with stray, unclosed and unknown pieces.
    fn any_page() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(prop_oneof![6 => content(2), 1 => piece()], 0..10),
            any::<bool>(),
        )
            .prop_map(|(pieces, doctype)| page(pieces.concat(), "<title>t</title>", doctype))
    }

    /// The property above checks only pages the subset takes: it must be given many, and
    /// many it refuses, or it would pass without checking anything.
    #[test]
    fn the_mixed_pages_exercise_both_readers() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = any_page();
        let fast = (0..400)
            .filter(|_| parse(&strategy.new_tree(&mut runner).unwrap().current()).is_some())
            .count();
        assert!((80..=320).contains(&fast), "{fast} of 400 read fast");
    }
}
