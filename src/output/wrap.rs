//! The width people read at, and line wrapping that never breaks a word or a command.

use std::io::IsTerminal;

/// Columns to wrap to: the terminal's width when stdout is one, otherwise `COLUMNS` when it is set
/// (`COLUMNS=100 intops doctor | less`), otherwise none (a pipe or a file gets long lines).
pub fn terminal_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        terminal_size::terminal_size_of(&stdout)
            .map(|(w, _)| usize::from(w.0))
            .filter(|w| *w > 0)
            .or(columns)
    } else {
        columns
    }
}

/// A space inside a `command` while wrapping: textwrap only breaks at ASCII spaces, so a
/// backquoted command moves to the next line whole.
const GLUE: char = '\u{00a0}';

/// Wrap `line` to `width` at spaces, continuation lines indented by `indent`. Words are never
/// split (a word longer than the line stays whole), nor at hyphens (`refresh-token`), and a
/// backquoted command is never split across lines. No width: the line as it is.
pub fn wrap_hanging(line: &str, width: Option<usize>, indent: &str) -> String {
    let Some(width) = width else {
        return line.to_string();
    };
    let glued = glue_commands(line);
    let opts = textwrap::Options::new(width)
        .subsequent_indent(indent)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&glued, opts)
        .iter()
        .map(|l| l.replace(GLUE, " "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Glue the spaces inside backquoted commands, so a wrapper that breaks at ASCII spaces keeps
/// each command whole.
fn glue_commands(line: &str) -> String {
    let mut glued = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        glued.push(if in_code && c == ' ' { GLUE } else { c });
    }
    glued
}

/// Display columns a string takes.
pub fn width_of(s: &str) -> usize {
    textwrap::core::display_width(s)
}

/// A word wider than `width`, shortened in the middle. A URL keeps its scheme and host and the
/// last whole parts of its path (`https://hooks.example.com/…/whatsapp`): those are what tell
/// URLs apart. Anything else keeps its start and end (`abcdef…uvwxyz`).
pub fn ellipsize_middle(word: &str, width: usize) -> String {
    if width_of(word) <= width {
        return word.to_string();
    }
    if width <= 1 {
        return "…".into();
    }
    if let Some(short) = shorten_url(word, width) {
        return short;
    }
    let chars: Vec<char> = word.chars().collect();
    let keep = width - 1;
    let tail = keep / 2;
    let head = keep - tail;
    let mut s: String = chars[..head].iter().collect();
    s.push('…');
    s.extend(&chars[chars.len() - tail..]);
    s
}

fn shorten_url(word: &str, width: usize) -> Option<String> {
    let scheme_end = word.find("://")? + 3;
    let path_start = scheme_end + word[scheme_end..].find('/')?;
    let head = &word[..path_start];
    // head + "/…" + at least one path part
    let room = width.checked_sub(width_of(head) + 2)?;
    let path = &word[path_start..];
    let tail = path
        .char_indices()
        .filter(|(i, c)| *c == '/' && *i > 0)
        .map(|(i, _)| &path[i..])
        .find(|t| width_of(t) <= room)?;
    Some(format!("{head}/…{tail}"))
}

/// A table cell's text wrapped to `width` columns at spaces, never inside a word or a command.
/// A backquoted command wider than the cell wraps at its own spaces; a single word wider than the
/// cell (a long URL) is shortened in the middle with `…` — tables are for reading, `--output json`
/// keeps every value whole. Every line of the result fits in `width`.
pub fn wrap_cell(text: &str, width: usize) -> String {
    let width = width.max(1);
    let opts = || {
        textwrap::Options::new(width)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
    };
    let mut out: Vec<String> = Vec::new();
    for para in text.split('\n') {
        let short = para
            .split(' ')
            .map(|w| ellipsize_middle(w, width))
            .collect::<Vec<_>>()
            .join(" ");
        for line in textwrap::wrap(&glue_commands(&short), opts()) {
            let line = line.replace(GLUE, " ");
            if width_of(&line) <= width {
                out.push(line);
            } else {
                // A command wider than the cell: at its own spaces.
                out.extend(textwrap::wrap(&line, opts()).iter().map(|l| l.to_string()));
            }
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_wrap_at_spaces_and_shorten_a_url_wider_than_the_cell() {
        let url = "http://127.0.0.1:18931/callback/whatsapp";
        let text = format!("whatsapp_business_account → {url} · fields messages · active");
        let out = wrap_cell(&text, 39);
        assert_eq!(
            out,
            "whatsapp_business_account →\nhttp://127.0.0.1:18931/…/whatsapp ·\nfields messages · active"
        );
        // Fits: kept whole on a line of its own.
        let out = wrap_cell(&text, 40);
        assert!(out.lines().any(|l| l == url), "{out}");
        for w in [10, 20, 39, 55] {
            for l in wrap_cell(&text, w).lines() {
                assert!(width_of(l) <= w, "{w}: {l:?}");
            }
        }
    }

    #[test]
    fn long_words_keep_their_start_and_end() {
        let u = "https://hooks.example.com/a/very/long/path/callback/whatsapp";
        assert_eq!(
            ellipsize_middle(u, 40),
            "https://hooks.example.com/…/whatsapp"
        );
        assert_eq!(
            ellipsize_middle(u, 46),
            "https://hooks.example.com/…/callback/whatsapp"
        );
        // No room for a path part: cut in the middle.
        assert_eq!(ellipsize_middle(u, 21), "https://ho…k/whatsapp");
        assert_eq!(
            ellipsize_middle("abcdefghijklmnopqrstuvwxyz", 9),
            "abcd…wxyz"
        );
        assert_eq!(ellipsize_middle("short", 9), "short");
    }

    #[test]
    fn a_command_in_a_cell_stays_whole_when_it_fits() {
        let text = "run `intops webhook reregister --provider whatsapp` now";
        let out = wrap_cell(text, 50);
        assert!(
            out.lines()
                .any(|l| l.contains("`intops webhook reregister --provider whatsapp`")),
            "{out}"
        );
        // Narrower than the command: it wraps at its own spaces, no word is cut.
        let out = wrap_cell(text, 20);
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn wraps_at_spaces_with_a_hanging_indent_and_keeps_commands_whole() {
        let line = "  → zoho: the token was refreshed a moment ago and Zoho still says INVALID_TOKEN: run `intops zoho refresh-token --force` later";
        let out = wrap_hanging(line, Some(60), "    ");
        for l in out.lines() {
            assert!(l.chars().count() <= 60 || !l.contains(' '), "{out}");
        }
        assert!(out.contains("`intops zoho refresh-token --force`"), "{out}");
        assert!(out.lines().skip(1).all(|l| l.starts_with("    ")), "{out}");
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_not_split() {
        let url = "https://example.invalid/a/very/long/callback/path/that/does/not/fit";
        let out = wrap_hanging(&format!("  → webhooks: {url}"), Some(30), "    ");
        assert!(out.lines().any(|l| l.trim() == url), "{out}");
    }

    #[test]
    fn no_width_leaves_the_line_alone() {
        assert_eq!(wrap_hanging("a b c", None, "  "), "a b c");
    }
}
