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
    for s in &report.steps {
        table.add_row(vec![
            Cell::new(&s.name),
            status_cell(s.status, color),
            Cell::new(&s.summary),
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

pub fn render_error(err: &Error) -> String {
    let mut s = format!("error: {}\n", err.line());
    if let Some(h) = err.hint() {
        s.push_str(&format!("hint: {h}\n"));
    }
    s
}
