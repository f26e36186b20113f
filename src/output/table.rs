use crate::error::Error;
use crate::report::{Report, Status};
use comfy_table::{Attribute, Cell, Color};

fn status_cell(s: Status, color: bool) -> Cell {
    let label = s.as_str().to_uppercase();
    let cell = Cell::new(label);
    if !color {
        return cell;
    }
    match s {
        Status::Ok => cell.fg(Color::Green),
        Status::Warn => cell.fg(Color::Yellow).add_attribute(Attribute::Bold),
        Status::Crit => cell.fg(Color::Red).add_attribute(Attribute::Bold),
        Status::Unknown => cell.fg(Color::Magenta),
        Status::Skipped => cell.fg(Color::DarkGrey),
    }
}

/// Borders and padding of a three-column table: `│ a ┆ b ┆ c │`.
const FRAME: usize = 10;

/// The STEP and SUMMARY columns' widths for a table `width` columns wide. STEP takes its longest
/// name when that leaves SUMMARY most of the line, otherwise it wraps its names (at spaces) into
/// about a third; STATUS is never wrapped.
fn column_widths(report: &Report, width: usize) -> (usize, usize) {
    use super::wrap::width_of;
    let status_w = report
        .steps
        .iter()
        .map(|s| s.status.as_str().len())
        .chain(["STATUS".len()])
        .max()
        .unwrap_or(6);
    let names = report.steps.iter().map(|s| s.name.as_str());
    let name_max = names.clone().map(width_of).chain([4]).max().unwrap_or(4);
    let longest_word = names
        .flat_map(str::split_whitespace)
        .map(width_of)
        .chain([4])
        .max()
        .unwrap_or(4);
    let name_w = name_max.min(longest_word.max(width * 3 / 10));
    let summary_w = width.saturating_sub(FRAME + status_w + name_w).max(10);
    (name_w, summary_w)
}

pub fn render(report: &Report, color: bool) -> String {
    if let Some(raw) = &report.raw {
        let mut s = raw.clone();
        if !s.ends_with('\n') {
            s.push('\n');
        }
        return s;
    }
    let mut out = String::new();
    let mut table = super::new_table();
    table.set_header(vec!["STEP", "STATUS", "SUMMARY"]);
    if color {
        table.enforce_styling();
    }
    // Wrapped here, not by comfy-table (which cuts a word longer than its column anywhere,
    // URLs included): words and commands stay whole, a URL wider than the column is shortened in
    // the middle (the whole value is in `--output json`).
    let widths = super::terminal_width()
        .filter(|w| *w >= 40)
        .map(|w| column_widths(report, w));
    if widths.is_some() {
        table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    }
    for s in &report.steps {
        let (name, summary) = match widths {
            Some((name_w, summary_w)) => (
                super::wrap::wrap_cell(&s.name, name_w),
                super::wrap::wrap_cell(&s.summary, summary_w),
            ),
            None => (s.name.clone(), s.summary.clone()),
        };
        table.add_row(vec![
            Cell::new(name),
            status_cell(s.status, color),
            Cell::new(summary),
        ]);
    }
    out.push_str(&format!(
        "{} · profile {} · {} · {} ms\n",
        report.command,
        report.profile,
        report.status.as_str().to_uppercase(),
        report.duration_ms
    ));
    if !report.steps.is_empty() {
        out.push_str(&table.to_string());
        out.push('\n');
    }
    let hints: Vec<_> = report
        .steps
        .iter()
        .filter(|s| s.hint.is_some() && s.status != Status::Ok)
        .collect();
    if !hints.is_empty() {
        out.push_str("next steps:\n");
        let width = super::terminal_width();
        for s in hints {
            let line = format!("  → {}: {}", s.name, s.hint.as_deref().unwrap_or(""));
            out.push_str(&super::wrap_hanging(&line, width, "    "));
            out.push('\n');
        }
    }
    out
}

pub fn render_error(err: &Error, hint: Option<String>) -> String {
    let mut s = format!("error: {}\n", err.line());
    if let Some(h) = hint {
        s.push_str(&format!("hint: {h}\n"));
    }
    s
}
