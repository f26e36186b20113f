//! Renderers: one output path for every command. Everything printed passes through redaction.

mod json;
mod nagios;
mod prom;
mod table;
mod wrap;

use crate::context::{OutputFormat, Ui};
use crate::error::Error;
use crate::redact::redact;
use crate::report::Report;

pub use prom::render as render_prom;
pub use wrap::{terminal_width, wrap_hanging};

/// The one table style for people: rounded UTF-8, wrapping to [`terminal_width`]. A width too
/// small to be real (a detached pty reports 0) gets no wrapping rather than one-letter columns.
/// comfy-table never looks at the terminal itself: whether to colour is the caller's decision
/// (`--no-color`, `NO_COLOR`, a pipe), and the width is decided once, here.
pub fn new_table() -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
        .force_no_tty();
    match terminal_width().filter(|w| *w >= 40) {
        Some(w) => {
            t.set_width(u16::try_from(w).unwrap_or(u16::MAX))
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        }
    }
    t
}

/// Render a report for stdout.
pub fn render(report: &Report, ui: &Ui) -> String {
    let out = match ui.output {
        OutputFormat::Table => table::render(report, ui.color),
        OutputFormat::Json => json::render(report),
        OutputFormat::Prom => prom::render(report),
        OutputFormat::Nagios => nagios::render(
            report,
            report.thresholds.as_ref().unwrap_or(&Default::default()),
        ),
    };
    redact(&out)
}

/// The hint under an error. A usage error names the help of the command that was typed (its
/// flags and examples), not the whole tool's.
pub fn hint_for(command: &str, err: &Error) -> Option<String> {
    match err {
        Error::Usage(_) if !command.is_empty() => Some(format!(
            "`intops {command} --help` shows its flags and examples"
        )),
        _ => err.hint(),
    }
}

/// Render an error that stopped a command. Returns (stdout, stderr): with `--output json` the error
/// is one JSON object on stdout; otherwise one line (and a hint) on stderr.
pub fn render_error(
    command: &str,
    profile: &str,
    err: &Error,
    output: OutputFormat,
) -> (String, String) {
    match output {
        OutputFormat::Json => (
            redact(&json::render_error(
                command,
                profile,
                err,
                hint_for(command, err),
            )),
            String::new(),
        ),
        OutputFormat::Prom => {
            let line = table::render_error(err, hint_for(command, err));
            (
                redact(&prom::render_error(command, profile, err)),
                redact(&line),
            )
        }
        // Nagios reads stdout only: the error is the status line there.
        OutputFormat::Nagios => (
            redact(&nagios::render_error(err, hint_for(command, err))),
            String::new(),
        ),
        OutputFormat::Table => (
            String::new(),
            redact(&table::render_error(err, hint_for(command, err))),
        ),
    }
}

/// Where spinners draw: stderr, without the run of spaces indicatif pads the last line with to
/// park the cursor at the right edge. Parked there, the `^C` the terminal echoes on Ctrl-C wraps
/// onto a new line that indicatif does not count, and clearing the spinners leaves their top line
/// behind; left after the text, the echo lands on a spinner line and is cleared with it.
pub fn spinner_target() -> indicatif::ProgressDrawTarget {
    indicatif::ProgressDrawTarget::term_like_with_hz(Box::new(Stderr), 20)
}

#[derive(Debug)]
struct Stderr;

impl Stderr {
    fn out(&self, s: &str) -> std::io::Result<()> {
        use std::io::Write;
        std::io::stderr().write_all(s.as_bytes())
    }
}

impl indicatif::TermLike for Stderr {
    fn width(&self) -> u16 {
        terminal_size::terminal_size_of(std::io::stderr()).map_or(80, |(w, _)| w.0)
    }
    fn height(&self) -> u16 {
        terminal_size::terminal_size_of(std::io::stderr()).map_or(24, |(_, h)| h.0)
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            self.out(&format!("\x1b[{n}A"))?;
        }
        Ok(())
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            self.out(&format!("\x1b[{n}B"))?;
        }
        Ok(())
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            self.out(&format!("\x1b[{n}C"))?;
        }
        Ok(())
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            self.out(&format!("\x1b[{n}D"))?;
        }
        Ok(())
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.out(&format!("{s}\n"))
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        if !s.is_empty() && s.bytes().all(|b| b == b' ') {
            return Ok(());
        }
        self.out(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.out("\r\x1b[2K")
    }
    fn flush(&self) -> std::io::Result<()> {
        use std::io::Write;
        std::io::stderr().flush()
    }
}
