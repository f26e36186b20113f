//! `intops runbook list|show NAME [--step N]`: the embedded runbooks.

use crate::commands::report;
use crate::context::{Context, OutputFormat};
use crate::error::{Error, Result};
use crate::report::{Report, Step};
use crate::runbooks::{self, Runbook};
use clap::{Args, Subcommand};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

#[derive(Debug, Subcommand)]
pub enum RunbookCmd {
    /// The runbooks in this binary, with severity and owners.
    List,
    /// Print a runbook (markdown rendered on a terminal, plain text on a pipe).
    Show(ShowArgs),
}

/// Runbook names for dynamic completion.
pub fn candidates() -> Vec<CompletionCandidate> {
    runbooks::all()
        .into_iter()
        .map(|r| CompletionCandidate::new(r.name).help(Some(r.title.into())))
        .collect()
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Runbook name (see `intops runbook list`).
    #[arg(add = ArgValueCandidates::new(candidates))]
    pub name: String,
    /// Only this step (the numbered `##` sections; `--step 0` lists them).
    #[arg(long, value_name = "N")]
    pub step: Option<usize>,
}

pub async fn run(ctx: &Context, cmd: RunbookCmd) -> Result<Report> {
    match cmd {
        RunbookCmd::List => Ok(list(ctx)),
        RunbookCmd::Show(a) => show(ctx, a),
    }
}

fn list(ctx: &Context) -> Report {
    let all = runbooks::all();
    let steps = all
        .iter()
        .map(|r| {
            Step::ok(&r.name, format!("{} · {}", r.title, r.severity))
                .data(serde_json::to_value(r).unwrap_or_default())
        })
        .collect();
    let mut rep = report(ctx, steps);
    let mut t = crate::output::new_table();
    t.set_header(vec!["NAME", "TITLE", "OWNERS"]);
    // A pipe without COLUMNS: 100 columns; with COLUMNS, new_table already follows it.
    if !ctx.ui.stdout_tty && crate::output::terminal_width().is_none() {
        t.force_no_tty().set_width(100);
    }
    for r in &all {
        t.add_row(vec![&r.name, &r.title, &r.owners]);
    }
    rep.raw = Some(format!(
        "{t}\nshow one: intops runbook show NAME [--step N]\n"
    ));
    rep
}

fn unknown(name: &str) -> Error {
    Error::usage(format!(
        "no runbook {name:?}; known: {}",
        runbooks::names().join(", ")
    ))
}

fn show(ctx: &Context, a: ShowArgs) -> Result<Report> {
    let rb = runbooks::find(&a.name).ok_or_else(|| unknown(&a.name))?;
    let sections = rb.sections();
    let color = ctx.ui.color && ctx.ui.stdout_tty;
    let width = crate::output::terminal_width();
    let (text, step) = match a.step {
        None => (
            format!(
                "{}\n{}",
                rb.header(),
                runbooks::render(&fit(rb.body, width), color)
            ),
            Step::ok(&rb.name, rb.title.clone()).with("markdown", rb.body),
        ),
        Some(0) => (toc(&rb), Step::ok(&rb.name, rb.title.clone())),
        Some(n) => {
            let s = sections.iter().find(|s| s.number == n).ok_or_else(|| {
                Error::usage(format!(
                    "{} has steps 1 to {}; `intops runbook show {} --step 0` lists them",
                    rb.name,
                    sections.len(),
                    rb.name
                ))
            })?;
            (
                format!(
                    "{} · step {n} of {}\n{}",
                    rb.name,
                    sections.len(),
                    runbooks::render(&fit(&s.text, width), color)
                ),
                Step::ok(format!("{} step {n}", rb.name), s.title.clone())
                    .with("markdown", s.text.clone()),
            )
        }
    };
    let step = step
        .with("severity", rb.severity.clone())
        .with("sla", rb.sla.clone())
        .with("owners", rb.owners.clone())
        .with(
            "steps",
            sections
                .iter()
                .map(|s| format!("{}. {}", s.number, s.title))
                .collect::<Vec<_>>(),
        );
    let mut rep = report(ctx, vec![step]);
    if ctx.ui.output == OutputFormat::Table {
        rep.raw = Some(text);
    }
    Ok(rep)
}

fn toc(rb: &Runbook) -> String {
    let mut s = rb.header();
    for sec in rb.sections() {
        s.push_str(&format!("  {:>2}. {}\n", sec.number, sec.title));
    }
    s.push_str(&format!(
        "show one: intops runbook show {} --step N\n",
        rb.name
    ));
    s
}

/// Prose and list items wrapped to the reader's width with a hanging indent; code blocks and
/// tables stay as written (a command is never split), and no width leaves the text as it is.
fn fit(md: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return md.to_string();
    };
    let mut out = String::with_capacity(md.len());
    let mut in_code = false;
    for line in md.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
        }
        if in_code
            || trimmed.starts_with("```")
            || trimmed.starts_with('|')
            || trimmed.starts_with('#')
        {
            out.push_str(line);
        } else {
            let lead = line.len() - trimmed.len();
            let marker = list_marker(trimmed);
            let indent = " ".repeat(lead + marker);
            out.push_str(&crate::output::wrap_hanging(line, Some(width), &indent));
        }
        out.push('\n');
    }
    out
}

/// The width of a list item's marker (`- `, `* `, `12. `), 0 for plain prose.
fn list_marker(line: &str) -> usize {
    if line.starts_with("- ") || line.starts_with("* ") {
        return 2;
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        digits + 2
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn prose_wraps_with_a_hanging_indent_and_code_stays_whole() {
        let md = "- first item with enough words to pass the width of the line for sure\n```\nintops whatsapp token-rotate --store env-file --env-file /etc/agente/.env --yes\n```\n";
        let out = fit(md, Some(30));
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines
                .iter()
                .take_while(|l| !l.starts_with("```"))
                .all(|l| l.len() <= 30),
            "{out}"
        );
        assert!(lines[1].starts_with("  "), "hanging indent: {out}");
        assert!(out.contains(
            "intops whatsapp token-rotate --store env-file --env-file /etc/agente/.env --yes"
        ));
        assert_eq!(fit(md, None), md);
    }
}
