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
    let mut glued = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        glued.push(if in_code && c == ' ' { GLUE } else { c });
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
