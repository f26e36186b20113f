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
    let (text, step) = match a.step {
        None => (
            format!("{}\n{}", rb.header(), runbooks::render(rb.body, color)),
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
                    runbooks::render(&s.text, color)
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
