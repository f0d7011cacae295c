//! A table that fits the width it is given, drawn by comfy-table.
//!
//! Each column is as wide as its content, and no narrower than its widest word
//! ([`super::words`]): a value is broken only at a space between words, so an address, a
//! time, a phone number or a pseudonym is always whole on one line. When the width cannot
//! hold every column so, the columns of least value are left out first, in the order the
//! table names them ([`Grid::leave_out`]), and said so under it; when it cannot hold even the
//! columns that must stay, the table becomes one block of `label: value` lines per row.
//! Without a width (output to a pipe) every column is as wide as its content.

use std::fmt;

use comfy_table::{ContentArrangement, Table, TableStyle};

use super::words::{fill, widest_line, widest_word};

/// How a table is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// Lines around and between the cells (`show`, `diff`, `timeline`, `inspect`).
    Boxed,
    /// Columns two spaces apart, the header first, nothing drawn (`summary`'s short table).
    Plain,
}

impl Frame {
    /// The columns a table of `n` columns takes beyond its cells.
    fn overhead(self, n: usize) -> usize {
        match self {
            // A border before each column and after the last, a space either side of a cell.
            Frame::Boxed => 3 * n + 1,
            Frame::Plain => 2 * n.saturating_sub(1),
        }
    }
}

/// How a table is laid out at its width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The columns shown, by index, and the width of each one's text.
    Table {
        shown: Vec<usize>,
        widths: Vec<usize>,
    },
    /// One block of `label: value` lines per row.
    Blocks,
}

/// A table being built: a header, rows of cells (a cell may have several lines), and what to
/// do when the width is short.
#[derive(Clone, Debug)]
pub struct Grid {
    width: Option<u16>,
    frame: Frame,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    leave_out: Vec<&'static str>,
    whole: Vec<&'static str>,
    keyed: bool,
}

/// A table as text, and the columns that were left out of it.
pub struct Rendered {
    pub text: String,
    pub left_out: Vec<String>,
}

impl Grid {
    /// A boxed table fitting `width` columns; `None` never wraps.
    pub fn new(width: Option<u16>) -> Grid {
        Grid {
            width,
            frame: Frame::Boxed,
            header: Vec::new(),
            rows: Vec::new(),
            leave_out: Vec::new(),
            whole: Vec::new(),
            keyed: false,
        }
    }

    pub fn set_header<I, S>(&mut self, header: I) -> &mut Grid
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.header = header.into_iter().map(Into::into).collect();
        self
    }

    pub fn add_row<I, S>(&mut self, row: I) -> &mut Grid
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(row.into_iter().map(Into::into).collect());
        self
    }

    /// The columns (by header) that may be left out when the width is short, the first named
    /// first. A column not named here is never left out: when those cannot fit, the table
    /// becomes blocks.
    pub fn leave_out(&mut self, order: &[&'static str]) -> &mut Grid {
        self.leave_out = self.named(order);
        self
    }

    /// The columns (by header) whose cells are never wrapped, even at their spaces: values
    /// read as one (`2 (linked)`), not prose.
    pub fn whole(&mut self, columns: &[&'static str]) -> &mut Grid {
        self.whole = self.named(columns);
        self
    }

    /// Columns named by their headers, each one the table has.
    fn named(&self, columns: &[&'static str]) -> Vec<&'static str> {
        debug_assert!(
            columns
                .iter()
                .all(|name| self.header.iter().any(|h| h == name)),
            "a column the table lacks: {columns:?} of {:?}",
            self.header
        );
        columns.to_vec()
    }

    /// The first column names each row (a field's name): as blocks, each row is one
    /// `name: value` line, not a block of its own.
    pub fn keyed(&mut self) -> &mut Grid {
        self.keyed = true;
        self
    }

    /// Drawn without lines ([`Frame::Plain`]).
    pub fn plain(&mut self) -> &mut Grid {
        self.frame = Frame::Plain;
        self
    }

    fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }

    fn cell(&self, row: usize, column: usize) -> &str {
        self.rows[row].get(column).map_or("", String::as_str)
    }

    fn header_of(&self, column: usize) -> &str {
        self.header.get(column).map_or("", String::as_str)
    }

    /// Each column's text widths: unwrapped, and the narrowest that cuts no word.
    fn measures(&self) -> (Vec<usize>, Vec<usize>) {
        let n = self.columns();
        let mut natural = vec![0; n];
        let mut narrowest = vec![0; n];
        for c in 0..n {
            let texts = std::iter::once(self.header_of(c))
                .chain((0..self.rows.len()).map(|r| self.cell(r, c)));
            let whole = self.whole.contains(&self.header_of(c));
            for (i, text) in texts.enumerate() {
                natural[c] = natural[c].max(widest_line(text));
                // A whole column's header may still wrap at its spaces.
                let word = if whole && i > 0 {
                    widest_line(text)
                } else {
                    widest_word(text)
                };
                narrowest[c] = narrowest[c].max(word);
            }
            // comfy-table draws a column at least one character wide.
            natural[c] = natural[c].max(1);
            narrowest[c] = narrowest[c].max(1);
        }
        (natural, narrowest)
    }

    /// The layout at the table's width.
    pub fn layout(&self) -> Layout {
        let (natural, narrowest) = self.measures();
        let mut shown: Vec<usize> = (0..self.columns()).collect();
        let Some(width) = self.width.map(usize::from) else {
            return Layout::Table {
                shown,
                widths: natural,
            };
        };
        let mut leave_out = self
            .leave_out
            .iter()
            .filter_map(|name| self.header.iter().position(|h| h == name));
        loop {
            let room = width.saturating_sub(self.frame.overhead(shown.len()));
            let sum = |w: &[usize]| shown.iter().map(|&c| w[c]).sum::<usize>();
            if sum(&natural) <= room {
                let widths = shown.iter().map(|&c| natural[c]).collect();
                return Layout::Table { shown, widths };
            }
            if sum(&narrowest) <= room && !shown.is_empty() {
                let lo: Vec<usize> = shown.iter().map(|&c| narrowest[c]).collect();
                let hi: Vec<usize> = shown.iter().map(|&c| natural[c]).collect();
                let widths = share(&lo, &hi, room);
                return Layout::Table { shown, widths };
            }
            match leave_out.next() {
                Some(c) => shown.retain(|&s| s != c),
                None => return Layout::Blocks,
            }
        }
    }

    /// The table as text (lines without a final newline), and what was left out of it.
    pub fn render(&self) -> Rendered {
        match self.layout() {
            Layout::Blocks => Rendered {
                text: self.blocks(),
                left_out: Vec::new(),
            },
            Layout::Table { shown, widths } => {
                let left_out = self
                    .leave_out
                    .iter()
                    .filter(|name| !shown.iter().any(|&c| self.header_of(c) == **name))
                    .map(ToString::to_string)
                    .collect();
                Rendered {
                    text: self.draw(&shown, &widths),
                    left_out,
                }
            }
        }
    }

    /// Each shown column's cells wrapped to its width, drawn by comfy-table.
    fn draw(&self, shown: &[usize], widths: &[usize]) -> String {
        let wrapped = |text: &str, w: usize| -> String {
            if self.width.is_none() {
                text.to_string()
            } else {
                text.split('\n')
                    .map(|line| fill(line, w, "", ""))
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        };
        let mut table = Table::new();
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.load_style(match self.frame {
            Frame::Boxed => comfy_table::presets::UTF8_FULL_CONDENSED,
            Frame::Plain => TableStyle::new(),
        });
        let header: Vec<String> = shown
            .iter()
            .zip(widths)
            .map(|(&c, &w)| wrapped(self.header_of(c), w))
            .collect();
        table.set_header(header);
        for r in 0..self.rows.len() {
            let row: Vec<String> = shown
                .iter()
                .zip(widths)
                .map(|(&c, &w)| wrapped(self.cell(r, c), w))
                .collect();
            table.add_row(row);
        }
        if self.frame == Frame::Plain {
            let last = shown.len().saturating_sub(1);
            for (i, column) in table.column_iter_mut().enumerate() {
                column.set_padding((0, if i == last { 0 } else { 2 }));
            }
        }
        table
            .lines()
            .map(|line| line.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// One block of `label: value` lines per row, blank lines between them; for a keyed
    /// table, one `name: value` line per row.
    fn blocks(&self) -> String {
        let width = self.width.map_or(usize::MAX, usize::from);
        let line = |label: &str, value: &str| -> String {
            if value.contains('\n') {
                // A list: its items under the label.
                let mut out = format!("{label}:");
                for item in value.split('\n') {
                    out.push('\n');
                    out.push_str(&fill(item, width, "  ", "    "));
                }
                out
            } else {
                fill(&format!("{label}: {value}"), width, "", "  ")
            }
        };
        let n = self.columns();
        if self.keyed {
            let mut out = Vec::new();
            for r in 0..self.rows.len() {
                let key = self.cell(r, 0);
                let values: Vec<&str> = (1..n).map(|c| self.cell(r, c)).collect();
                if values.len() == 1 {
                    out.push(line(key, values[0]));
                } else {
                    for (c, value) in values.into_iter().enumerate() {
                        out.push(line(&format!("{key} ({})", self.header_of(c + 1)), value));
                    }
                }
            }
            return out.join("\n");
        }
        (0..self.rows.len())
            .map(|r| {
                (0..n)
                    .map(|c| line(self.header_of(c), self.cell(r, c)))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Widths between `lo` and `hi` summing to `room` (at least `lo`'s sum, less than `hi`'s).
/// A column that fits its fair share of the room unwrapped gets its whole width (so a
/// field's name stays on one line beside a long value); the others share what is left
/// beyond their narrowest in proportion to how much wider each would like to be, as a
/// browser lays out an automatic table.
fn share(lo: &[usize], hi: &[usize], room: usize) -> Vec<usize> {
    let n = lo.len();
    let mut fixed: Vec<Option<usize>> = vec![None; n];
    let mut left = room;
    loop {
        let open: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
        let lo_open: usize = open.iter().map(|&i| lo[i]).sum();
        let fair = left / open.len().max(1);
        let next = open
            .iter()
            .copied()
            .find(|&i| hi[i] <= fair && left - hi[i] >= lo_open - lo[i]);
        match next {
            Some(i) if open.len() > 1 => {
                fixed[i] = Some(hi[i]);
                left -= hi[i];
            }
            _ => break,
        }
    }
    let open: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
    let extra = left - open.iter().map(|&i| lo[i]).sum::<usize>();
    let total: usize = open.iter().map(|&i| hi[i] - lo[i]).sum();
    let mut widths: Vec<usize> = (0..n)
        .map(|i| fixed[i].unwrap_or_else(|| lo[i] + (hi[i] - lo[i]) * extra / total.max(1)))
        .collect();
    // Rounding down left a few columns over: one each to the columns it took most from.
    let mut spare = room - widths.iter().sum::<usize>();
    let mut order = open;
    order.sort_by_key(|&i| std::cmp::Reverse(((hi[i] - lo[i]) * extra) % total.max(1)));
    for &i in order.iter().cycle().take(2 * n) {
        if spare == 0 {
            break;
        }
        if widths[i] < hi[i] {
            widths[i] += 1;
            spare -= 1;
        }
    }
    widths
}

impl fmt::Display for Grid {
    /// The table, and under it which columns were left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rendered = self.render();
        f.write_str(&rendered.text)?;
        if let Some(words) = left_out(&rendered.left_out, self.width) {
            let note = format!("Left out {words}; a wider --width shows them.");
            let width = self.width.map_or(usize::MAX, usize::from);
            write!(f, "\n{}", fill(&note, width, "", "  "))?;
        }
        Ok(())
    }
}

/// `to fit 80 columns: Model, App`, when a column was left out to fit `width`.
pub fn left_out(columns: &[String], width: Option<u16>) -> Option<String> {
    (!columns.is_empty()).then(|| {
        format!(
            "to fit {} columns: {}",
            width.map_or_else(|| "the".into(), |w| w.to_string()),
            columns.join(", ")
        )
    })
}

/// Every line's width, for the tests.
#[cfg(test)]
fn widest(text: &str) -> usize {
    text.lines().map(super::words::width).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn devices(width: u16) -> Grid {
        let mut g = Grid::new(Some(width));
        g.set_header(["ID", "Last active", "Current IP", "App", "Model"]);
        g.add_row([
            "0",
            "2022-08-11 00:10:00 UTC",
            "—",
            "Android-2.22.16.75",
            "motorola odessa",
        ]);
        g.add_row([
            "2",
            "2022-07-18 18:46:40 UTC",
            "172.16.5.7:40123",
            "Web-2.2228.12",
            "Desktop",
        ]);
        g.leave_out(&["Model", "App"]);
        g
    }

    #[test]
    fn columns_are_as_wide_as_their_content() {
        let text = devices(200).to_string();
        assert!(text.contains("│ 2  ┆ 2022-07-18 18:46:40 UTC ┆ 172.16.5.7:40123 ┆ Web-2.2228.12      ┆ Desktop         │"), "{text}");
    }

    #[test]
    fn prose_wraps_at_spaces_and_values_stay_whole() {
        // 5 columns take 16 beyond their text: 2 + 23 + 16 + 18 + 7 = 66 at the least.
        let text = devices(83).to_string();
        assert_eq!(widest(&text), 83, "{text}");
        assert!(text.contains("┆ motorola │"), "{text}");
        assert!(text.contains("┆ odessa   │"), "{text}");
        assert!(text.contains("2022-08-11 00:10:00 UTC"));
        assert!(text.contains("172.16.5.7:40123"));
    }

    #[test]
    fn low_value_columns_go_first_then_blocks() {
        let text = devices(80).to_string();
        assert!(
            text.ends_with("Left out to fit 80 columns: Model; a wider --width shows them."),
            "{text}"
        );
        assert!(text.contains("┆ App "), "{text}");
        let text = devices(60).to_string();
        assert!(
            text.ends_with(
                "Left out to fit 60 columns: Model, App; a wider --width\n  shows them."
            ),
            "{text}"
        );
        assert!(widest(&text) <= 60);
        let text = devices(40).to_string();
        assert_eq!(
            text,
            "ID: 0\nLast active: 2022-08-11 00:10:00 UTC\nCurrent IP: —\nApp: Android-2.22.16.75\n\
             Model: motorola odessa\n\nID: 2\nLast active: 2022-07-18 18:46:40 UTC\n\
             Current IP: 172.16.5.7:40123\nApp: Web-2.2228.12\nModel: Desktop"
        );
    }

    #[test]
    fn a_keyed_table_becomes_name_value_lines() {
        let mut g = Grid::new(Some(36));
        g.set_header(["Field", "Value"]).keyed();
        g.add_row([
            "Files read",
            "whatsapp_connections/contacts.json\nwhatsapp_connections/groups.json",
        ]);
        g.add_row(["Registered", "2014-05-13 16:53:20 UTC"]);
        assert_eq!(
            g.to_string(),
            "Files read:\n  whatsapp_connections/contacts.json\n  whatsapp_connections/groups.json\n\
             Registered: 2014-05-13 16:53:20 UTC"
        );
    }

    #[test]
    fn without_a_width_nothing_wraps() {
        let mut g = Grid::new(None);
        g.set_header(["A"])
            .add_row(["a long value that would wrap"]);
        assert!(g.to_string().contains("│ a long value that would wrap │"));
    }

    #[test]
    fn plain_tables_are_columns_two_spaces_apart() {
        let mut g = devices(100);
        g.plain();
        assert_eq!(
            g.to_string(),
            "ID  Last active              Current IP        App                 Model\n\
             0   2022-08-11 00:10:00 UTC  —                 Android-2.22.16.75  motorola odessa\n\
             2   2022-07-18 18:46:40 UTC  172.16.5.7:40123  Web-2.2228.12       Desktop"
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;
        use crate::render::words::width as columns_of;

        /// A value a person reads as one, or a word of prose.
        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                (any::<[u8; 4]>(), 1u16..)
                    .prop_map(|(a, port)| format!("{}.{}.{}.{}:{port}", a[0], a[1], a[2], a[3])),
                (2000u32..2100, 1u32..13, 1u32..29, 0u32..24, 0u32..60).prop_map(
                    |(y, m, d, h, s)| format!("{y}-{m:02}-{d:02} {h:02}:{s:02}:{s:02} UTC")
                ),
                "\\+[1-9][0-9]{7,13}",
                "tel:[a-z]{10}",
                "[A-Za-zéü🙂]{1,12}",
                "[0-9]{1,4}\\.[0-9] KiB",
            ]
        }

        /// A cell: a few values, separated by spaces.
        fn cell() -> impl Strategy<Value = Vec<String>> {
            prop::collection::vec(value(), 0..4)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn every_value_is_whole_on_a_line_that_fits(
                columns in 1usize..6,
                rows in prop::collection::vec(prop::collection::vec(cell(), 6), 0..5),
                header_words in prop::collection::vec("[A-Za-z]{1,9}( [a-z]{1,6})?", 6),
                width in 25u16..160,
                plain in any::<bool>(),
                keyed in any::<bool>(),
                leave_out in 0usize..6,
            ) {
                let header: Vec<String> = (0..columns)
                    .map(|c| format!("{}{c}", header_words[c]))
                    .collect();
                let mut grid = Grid::new(Some(width));
                grid.set_header(header.clone());
                for row in &rows {
                    grid.add_row(row.iter().take(columns).map(|values| values.join(" ")));
                }
                let order: Vec<&'static str> = header
                    .iter()
                    .rev()
                    .take(leave_out)
                    .map(|h| &*Box::leak(h.clone().into_boxed_str()))
                    .collect();
                grid.leave_out(&order);
                if plain {
                    grid.plain();
                }
                if keyed {
                    grid.keyed();
                }
                let rendered = grid.render();
                let text = grid.to_string();
                for line in text.lines() {
                    prop_assert!(
                        columns_of(line) <= usize::from(width),
                        "{} wide:\n{}", columns_of(line), text
                    );
                }
                if !plain && text.starts_with('┌') {
                    let table: Vec<usize> = rendered.text.lines().map(columns_of).collect();
                    prop_assert!(table.iter().all(|&w| w == table[0]), "{}", text);
                }
                for row in &rows {
                    for (c, values) in row.iter().take(columns).enumerate() {
                        if rendered.left_out.contains(&header[c]) {
                            continue;
                        }
                        for v in values {
                            prop_assert!(
                                text.lines().any(|l| l.contains(v.as_str())),
                                "`{}` is cut:\n{}", v, text
                            );
                        }
                    }
                }
                for name in &rendered.left_out {
                    prop_assert!(order.contains(&name.as_str()));
                }
                if !rendered.left_out.is_empty() {
                    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                    let note = words(
                        &text
                            .lines()
                            .skip_while(|l| !l.starts_with("Left out"))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                    for name in &rendered.left_out {
                        prop_assert!(note.contains(&words(name)), "{}", text);
                    }
                }
            }
        }
    }
}
