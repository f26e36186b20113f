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
            redact(&json::render_error(command, profile, err)),
            String::new(),
        ),
        OutputFormat::Prom => {
            let line = table::render_error(err);
            (
                redact(&prom::render_error(command, profile, err)),
                redact(&line),
            )
        }
        // Nagios reads stdout only: the error is the status line there.
        OutputFormat::Nagios => (redact(&nagios::render_error(err)), String::new()),
        OutputFormat::Table => (String::new(), redact(&table::render_error(err))),
    }
}
