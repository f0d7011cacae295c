//! The terminal the command line prints to: whether to colour, and how wide it is.

use std::io::IsTerminal;

/// Whether `--color auto` colours: on a terminal when `NO_COLOR` is unset and `TERM` is not
/// `dumb`.
pub fn auto_color() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// The width human output should fit when stdout is a terminal: `$COLUMNS` when set, else
/// the terminal's own; `None` for a pipe or a file, which stay unwrapped.
pub fn terminal_width() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c >= 20)
    {
        return Some(columns);
    }
    terminal_size::terminal_size()
        .map(|(w, _)| w.0)
        .filter(|&w| w >= 20)
}
