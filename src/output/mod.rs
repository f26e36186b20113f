//! Renderers: one output path for every command. Everything printed passes through redaction.

mod json;
mod nagios;
mod prom;
mod table;

use crate::context::{OutputFormat, Ui};
use crate::error::Error;
use crate::redact::redact;
use crate::report::Report;

pub use prom::render as render_prom;

/// The one table style for people: rounded UTF-8, wrapping to the terminal's width. A terminal
/// that reports almost no width (a detached pty) gets no wrapping rather than one-letter columns.
pub fn new_table() -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS);
    let usable = t.width().is_some_and(|w| w >= 40);
    t.set_content_arrangement(if usable {
        comfy_table::ContentArrangement::Dynamic
    } else {
        comfy_table::ContentArrangement::Disabled
    });
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
