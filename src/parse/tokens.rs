//! Token-level scans of a page's raw HTML, with html5ever's tokenizer and no document tree:
//! - how deeply a page's elements nest, measured before any tree is built (building one is
//!   quadratic in that depth);
//! - the items of a list page, which can hold hundreds of thousands of them, read as the
//!   lines of the tree would be (`html`), with HTML's own rules for end tags.

use super::html::{BLOCKS, Lines, text_lines};

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
///
/// [`lines`]: super::html::lines
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
    state.found.then(|| text_lines(state.lines.finish()))
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::super::html::tests_support::main_region;
    use super::super::html::texts;
    use super::*;

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
        let main = main_region(&tree);
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
}
