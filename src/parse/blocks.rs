//! Per-device blocks: a cell of `label: value` lines, one block per device (or sync
//! session), read by its elements and never by guessing:
//! - a block is the set of line elements sharing a parent, blocks separated by `<hr>` (gen
//!   B); a line is `label`, a `:` separator, and a value that may be a nested element (State
//!   Collections);
//! - gen A writes lines as spans between `<br>`s, a new block starting at each `Device`
//!   line (in a language no table has: at the first line's label, with a number);
//! - a value is missing, empty or text as a cell's is ([`CellValue`]).

use scraper::ElementRef;
use scraper::node::Node;

use super::html::{CellValue, EM_DASH, Line, flat_text, is_dash_marker, lines};
use crate::parse::labels;

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
    // The separator: a span whose text is `:` (with spaces), or a text node holding `:`.
    let mut label = String::new();
    let mut text = String::new();
    let mut found = false;
    let mut dash_marker = false;
    for child in line.children() {
        match (child.value(), ElementRef::wrap(child)) {
            (Node::Text(t), _) if found => text.push_str(t),
            (Node::Text(t), _) => match t.split_once(':') {
                Some((before, after)) => {
                    label.push_str(before);
                    found = true;
                    // A value right after the colon, in the same text node.
                    text.push_str(after.trim());
                }
                None => label.push_str(t),
            },
            (_, Some(el)) if found => {
                // The value element holds the marker: `<span><span>-</span></span>`.
                dash_marker |= el
                    .descendants()
                    .skip(1)
                    .filter_map(ElementRef::wrap)
                    .any(is_dash_marker);
                text.push_str(&flat_text(el));
            }
            (_, Some(el)) => {
                let part = flat_text(el);
                if part.trim() == ":" {
                    found = true;
                } else {
                    label.push_str(&part);
                }
            }
            _ => {}
        }
    }
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if !found {
        return BlockLine {
            label,
            value: CellValue::Empty,
        };
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

#[cfg(test)]
mod tests {
    use super::super::html::tests_support::{cell, td};
    use super::*;

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
