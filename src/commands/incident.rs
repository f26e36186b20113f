//! `intops incident start|update|resolve|list`: the guided flows. Each asks its questions on a
//! terminal (every answer is also a flag, so scripts can run it), records the timeline in the XDG
//! state dir and prints the runbook's communication template; `--post slack` posts it.

use crate::commands::doctor;
use crate::commands::{incident_fallback, report};
use crate::context::{Context, OutputFormat};
use crate::error::{Error, Result};
use crate::incident::flow::{self, Flow};
use crate::incident::sla;
use crate::incident::state::{Entry, Incident, Resolution, Store, Update};
use crate::incident::templates;
use crate::report::{Report, Status, Step};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

#[derive(Debug, Subcommand)]
pub enum IncidentCmd {
    /// Open an incident: record it, run the flow's detection checks, print the Initial Alert.
    Start(StartArgs),
    /// Record progress and print the Update template.
    Update(UpdateArgs),
    /// Close an incident: duration, root cause, fix, validation, backlog; print the Resolution.
    Resolve(ResolveArgs),
    /// Open and recent incidents.
    List(ListArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlowName {
    /// WhatsApp messages not sent or not received (runbook whatsapp-outage).
    WhatsappOutage,
    /// MLS listings not syncing (RETS / RESO feeds).
    RetsSync,
    /// Zoho CRM sync failing (tokens, data centre).
    ZohoSync,
    /// Calendly webhook deliveries not arriving.
    CalendlyWebhooks,
    /// ElevenLabs voice calls failing.
    ElevenlabsCalls,
    /// Meta Lead Ads leads not arriving.
    MetaLeads,
}

impl FlowName {
    fn flow(self) -> &'static Flow {
        let name = self
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        flow::find(&name).expect("every FlowName has a flow")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Severity {
    #[value(name = "sev1", alias = "SEV-1", alias = "1")]
    Sev1,
    #[value(name = "sev2", alias = "SEV-2", alias = "2")]
    Sev2,
    #[value(name = "sev3", alias = "SEV-3", alias = "3")]
    Sev3,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Sev1 => "SEV-1",
            Severity::Sev2 => "SEV-2",
            Severity::Sev3 => "SEV-3",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PostTo {
    /// The incoming webhook in SLACK_WEBHOOK_URL.
    Slack,
}

/// Flags every verb that prints a template shares.
#[derive(Debug, Args)]
pub struct TemplateOpts {
    /// Drop the emoji from the template (for channels that mangle them).
    #[arg(long)]
    pub plain: bool,
    /// Also post the template (asks first; --yes without a terminal; --dry-run shows it).
    #[arg(long, value_enum, value_name = "TARGET")]
    pub post: Option<PostTo>,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    /// The incident flow.
    #[arg(value_enum)]
    pub flow: FlowName,
    /// Severity (default: the flow's; asked on a terminal).
    #[arg(long, value_enum)]
    pub severity: Option<Severity>,
    /// Who or what is affected.
    #[arg(long)]
    pub impact: Option<String>,
    /// What users can do meanwhile.
    #[arg(long)]
    pub workaround: Option<String>,
    /// When the next update is due: a duration (`30m`, `1h`) or a time as text.
    #[arg(long, value_name = "WHEN")]
    pub next_update: Option<String>,
    /// Do not run the detection checks.
    #[arg(long)]
    pub no_checks: bool,
    /// whatsapp-outage: turn on the Gmail fallback (the `gmail-fallback` action) right away.
    #[arg(long)]
    pub fallback: bool,
    #[command(flatten)]
    pub template: TemplateOpts,
}

/// Incident ids for dynamic completion, open ones first.
pub fn id_candidates() -> Vec<CompletionCandidate> {
    let Ok(paths) = crate::config::Paths::from_env() else {
        return Vec::new();
    };
    Store::new(&paths.state_dir)
        .ids()
        .into_iter()
        .map(|(id, open)| {
            CompletionCandidate::new(id).help(Some(if open { "open" } else { "resolved" }.into()))
        })
        .collect()
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Incident id (see `intops incident list`).
    #[arg(add = ArgValueCandidates::new(id_candidates))]
    pub id: String,
    /// Root cause as known now.
    #[arg(long)]
    pub root_cause: Option<String>,
    /// Actions taken since the last update.
    #[arg(long)]
    pub actions: Option<String>,
    /// Progress towards recovery.
    #[arg(long)]
    pub progress: Option<String>,
    /// When the next update is due: a duration (`30m`) or a time as text.
    #[arg(long, value_name = "WHEN")]
    pub next_update: Option<String>,
    #[command(flatten)]
    pub template: TemplateOpts,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Incident id (see `intops incident list`).
    #[arg(add = ArgValueCandidates::new(id_candidates))]
    pub id: String,
    /// Root cause, for the resolution notice and the timeline.
    #[arg(long)]
    pub root_cause: Option<String>,
    /// What fixed it.
    #[arg(long)]
    pub fix: Option<String>,
    /// A note on how recovery was validated, kept beside the flow's detection checks (which always run).
    #[arg(long)]
    pub validation: Option<String>,
    /// Turn the Gmail fallback off again (the `gmail-fallback` action's undo), the runbook's last step.
    #[arg(long)]
    pub undo_fallback: bool,
    #[command(flatten)]
    pub template: TemplateOpts,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Every incident, not only open ones and those of the last 30 days.
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, cmd: IncidentCmd) -> Result<Report> {
    let store = Store::new(&ctx.paths.state_dir);
    match cmd {
        IncidentCmd::Start(a) => start(ctx, &store, a).await,
        IncidentCmd::Update(a) => update(ctx, &store, a).await,
        IncidentCmd::Resolve(a) => resolve(ctx, &store, a).await,
        IncidentCmd::List(a) => Ok(list(ctx, &store, a)),
    }
}

/// Questions only on a terminal and for people; a script gets the defaults.
fn interactive(ctx: &Context) -> bool {
    ctx.ui.stdin_tty && ctx.ui.stderr_tty && !ctx.ui.yes && ctx.ui.output == OutputFormat::Table
}

fn ask(ctx: &Context, given: Option<String>, prompt: &str, default: &str) -> Result<String> {
    if let Some(v) = given {
        return Ok(v);
    }
    if !interactive(ctx) {
        return Ok(default.to_string());
    }
    dialoguer::Input::<String>::new()
        .with_prompt(prompt)
        .default(default.to_string())
        .interact_text()
        .map_err(|_| Error::Cancelled)
}

/// `30m` → the time 30 minutes from now; anything else is kept as written.
fn next_update_text(now: DateTime<Utc>, s: &str) -> String {
    match humantime::parse_duration(s.trim()) {
        Ok(d) => match chrono::Duration::from_std(d) {
            Ok(d) => templates::when(now + d),
            Err(_) => s.to_string(),
        },
        Err(_) => s.to_string(),
    }
}

fn severity(ctx: &Context, given: Option<Severity>, flow: &Flow) -> Result<String> {
    if let Some(s) = given {
        return Ok(s.label().to_string());
    }
    if !interactive(ctx) {
        return Ok(flow.severity.to_string());
    }
    let items = ["SEV-1", "SEV-2", "SEV-3"];
    let default = items.iter().position(|s| *s == flow.severity).unwrap_or(1);
    dialoguer::Select::new()
        .with_prompt("Severity")
        .items(&items)
        .default(default)
        .interact_opt()
        .map_err(|_| Error::Cancelled)?
        .map(|i| items[i].to_string())
        .ok_or(Error::Cancelled)
}

/// Run the flow's checks from doctor's table, in the flow's order.
async fn detect(ctx: &Context, flow: &Flow) -> Vec<Step> {
    let checks: Vec<doctor::Check> = flow.checks.iter().map(|id| doctor::check(*id)).collect();
    let selected: Vec<&doctor::Check> = checks.iter().collect();
    doctor::run_checks(ctx, &selected).await
}

/// One line for the template: what the checks found.
fn detection_line(rows: &[Step]) -> String {
    let ran: Vec<&Step> = rows
        .iter()
        .filter(|s| s.status != Status::Skipped)
        .collect();
    if ran.is_empty() {
        return "no detection check could run (see `intops doctor`)".into();
    }
    let bad: Vec<String> = ran
        .iter()
        .filter(|s| s.status != Status::Ok)
        .map(|s| {
            format!(
                "{} {}: {}",
                s.name,
                s.status.as_str().to_uppercase(),
                s.summary
            )
        })
        .collect();
    if bad.is_empty() {
        format!("{} checks ok ({})", ran.len(), names_of(&ran))
    } else {
        bad.join("; ")
    }
}

fn names_of(rows: &[&Step]) -> String {
    rows.iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a template will be posted: resolved and confirmed before anything is recorded, so a
/// refused confirmation or a missing webhook never leaves a half-done incident behind.
struct Poster {
    url: crate::secrets::Secret,
    what: &'static str,
}

fn prepare_post(ctx: &Context, opts: &TemplateOpts, what: &'static str) -> Result<Option<Poster>> {
    let Some(PostTo::Slack) = opts.post else {
        return Ok(None);
    };
    let url = ctx.secrets.get("SLACK_WEBHOOK_URL")?;
    ctx.confirm(&format!("Post the {what} to Slack?"))?;
    Ok(Some(Poster { url, what }))
}

/// Post the template, as a step.
async fn post(ctx: &Context, poster: Option<Poster>, text: &str) -> Option<Step> {
    let p = poster?;
    let what = p.what;
    Some(
        match crate::providers::slack::post(&ctx.http, &p.url, text).await {
            Ok(()) => Step::ok("slack", format!("{what} posted to Slack")),
            Err(e) if e.is_dry_run() => Step::skipped(
                "slack",
                format!("dry run: would post the {what} to SLACK_WEBHOOK_URL"),
            ),
            Err(e) => e.step("slack"),
        },
    )
}

fn render_text(opts: &TemplateOpts, text: String) -> String {
    if opts.plain {
        templates::plain(&text)
    } else {
        text
    }
}

/// Table output: the template first (what people copy), then the step table.
fn finish(
    ctx: &Context,
    mut rep: Report,
    text: &str,
    title: &str,
    clock: std::time::Instant,
) -> Report {
    if ctx.ui.output == OutputFormat::Table {
        let mut table = rep.clone();
        table.command = title.to_string();
        table.profile = ctx.profile.clone();
        table.duration_ms = clock.elapsed().as_millis() as u64;
        let ui = crate::context::Ui {
            output: OutputFormat::Table,
            ..ctx.ui.clone()
        };
        rep.raw = Some(format!("{text}\n\n{}", crate::output::render(&table, &ui)));
    }
    rep
}

async fn start(ctx: &Context, store: &Store, a: StartArgs) -> Result<Report> {
    let clock = std::time::Instant::now();
    let flow = a.flow.flow();
    let poster = prepare_post(ctx, &a.template, "Initial Alert")?;
    let now = ctx.now();
    let severity = severity(ctx, a.severity, flow)?;
    let whatsapp = flow.name == "whatsapp-outage";
    let default_impact = if whatsapp {
        incident_fallback::impact_assessment(ctx)
    } else {
        "under investigation".to_string()
    };
    let impact = ask(
        ctx,
        a.impact,
        "Impact (who or what is affected)",
        &default_impact,
    )?;
    let workaround = ask(ctx, a.workaround, "Workaround", "none yet")?;
    let next = ask(ctx, a.next_update, "Next update in", "30m")?;
    let rows = if a.no_checks {
        vec![Step::skipped("detection", "not run (--no-checks)")]
    } else {
        detect(ctx, flow).await
    };
    let mut inc = Incident {
        id: String::new(),
        flow: flow.name.to_string(),
        title: flow.title.to_string(),
        severity,
        started_at: now,
        impact,
        workaround,
        next_update: next_update_text(now, &next),
        detection: if a.no_checks {
            "not run (--no-checks)".into()
        } else {
            detection_line(&rows)
        },
        updates: Vec::new(),
        resolution: None,
        actions: Vec::new(),
    };
    let path = store.create(&mut inc)?;
    let text = render_text(&a.template, templates::initial_alert(&inc));
    let mut steps = vec![Step::ok(
        "incident",
        format!("{} opened ({}, {})", inc.id, inc.severity, inc.title),
    )
    .hint(format!(
        "follow `intops runbook show {}`; then `intops incident update {}`",
        flow.runbook, inc.id
    ))
    .with("id", inc.id.clone())
    .with("state_file", path.display().to_string())
    .with("template", text.clone())];
    steps.extend(rows);
    if whatsapp {
        steps.extend(incident_fallback::offer(ctx, &inc.id, a.fallback, interactive(ctx)).await?);
        steps.push(incident_fallback::notice_step(ctx));
    }
    steps.extend(post(ctx, poster, &text).await);
    let rep = report(ctx, steps);
    Ok(finish(
        ctx,
        rep,
        &text,
        &format!("incident start {}", inc.id),
        clock,
    ))
}

async fn update(ctx: &Context, store: &Store, a: UpdateArgs) -> Result<Report> {
    let clock = std::time::Instant::now();
    let mut inc = store.load(&a.id)?;
    if !inc.is_open() {
        return Err(Error::usage(format!(
            "incident {} is resolved; start a new one with `intops incident start {}`",
            inc.id, inc.flow
        )));
    }
    let now = ctx.now();
    if !interactive(ctx) && a.root_cause.is_none() && a.actions.is_none() && a.progress.is_none() {
        return Err(Error::usage(
            "nothing to update: pass --root-cause, --actions and/or --progress (or run it on a terminal to be asked)",
        ));
    }
    let poster = prepare_post(ctx, &a.template, "Update")?;
    let last = inc.updates.last();
    let prev_cause = last
        .map(|u| u.root_cause.clone())
        .unwrap_or_else(|| "under investigation".into());
    let u = Update {
        at: now,
        root_cause: ask(ctx, a.root_cause, "Root cause", &prev_cause)?,
        actions: ask(ctx, a.actions, "Actions taken", "investigating")?,
        progress: ask(ctx, a.progress, "Progress", "in progress")?,
        next_update: {
            let n = ask(ctx, a.next_update, "Next update in", "30m")?;
            next_update_text(now, &n)
        },
    };
    let text = render_text(&a.template, templates::update(&inc, &u));
    inc.next_update = u.next_update.clone();
    inc.updates.push(u);
    store.save(&inc)?;
    let mut steps = vec![
        Step::ok(
            "incident",
            format!("{}: update {} recorded", inc.id, inc.updates.len()),
        )
        .with("id", inc.id.clone())
        .with("template", text.clone()),
        sla::step(&inc, now, mitigation_sla(ctx)),
    ];
    steps.extend(post(ctx, poster, &text).await);
    Ok(finish(
        ctx,
        report(ctx, steps),
        &text,
        &format!("incident update {}", inc.id),
        clock,
    ))
}

/// The backlog for the Resolution, as counts (Redis length, `message_queue` pending and failed),
/// each UNKNOWN with its reason when it cannot be read.
async fn backlog(ctx: &Context, flow: Option<&Flow>) -> (String, Vec<Step>) {
    if flow.is_some_and(|f| !f.queues) {
        return ("n/a (this flow does not queue messages)".into(), Vec::new());
    }
    crate::commands::incident_backlog::counts(ctx).await
}

async fn resolve(ctx: &Context, store: &Store, a: ResolveArgs) -> Result<Report> {
    let clock = std::time::Instant::now();
    let mut inc = store.load(&a.id)?;
    if let Some(r) = &inc.resolution {
        return Err(Error::usage(format!(
            "incident {} was already resolved at {}",
            inc.id,
            templates::when(r.at)
        )));
    }
    let poster = prepare_post(ctx, &a.template, "Resolution")?;
    let now = ctx.now();
    let prev_cause = inc
        .updates
        .last()
        .map(|u| u.root_cause.clone())
        .unwrap_or_else(|| "not recorded".into());
    let root_cause = ask(ctx, a.root_cause, "Root cause", &prev_cause)?;
    let mut fix = ask(ctx, a.fix, "Fix", "not recorded")?;
    // The validation is what the flow's checks say now, run for real every time; a text given
    // with --validation is kept beside it, never instead of it.
    let (checks, checked) = match flow::find(&inc.flow) {
        Some(f) => {
            let rows = detect(ctx, f).await;
            let line = detection_line(&rows);
            (rows, line)
        }
        None => (Vec::new(), format!("no checks known for flow {}", inc.flow)),
    };
    let validation = match &a.validation {
        Some(note) => format!("{checked}; noted: {note}"),
        None => checked,
    };
    let (backlog, backlog_steps) = backlog(ctx, flow::find(&inc.flow)).await;
    // The runbook's last step, before anything is recorded: a refused confirmation leaves the
    // incident open.
    let (fallback_steps, fallback_note) = undo_fallback(ctx, &inc, a.undo_fallback).await?;
    if let Some(n) = fallback_note {
        fix = format!("{fix}; {n}");
    }
    // The undo wrote itself into the timeline on disk: resolve that version.
    if !ctx.ui.dry_run && !fallback_steps.is_empty() {
        inc = store.load(&inc.id)?;
    }
    inc.resolution = Some(Resolution {
        at: now,
        root_cause,
        fix,
        validation,
        backlog,
    });
    if !ctx.ui.dry_run {
        store.save(&inc)?;
    }
    let text = render_text(
        &a.template,
        templates::resolution(&inc).expect("just resolved"),
    );
    let dur = now - inc.started_at;
    let mut steps = vec![Step::ok(
        "incident",
        format!(
            "{} resolved after {}{}",
            inc.id,
            templates::duration_text(dur),
            if ctx.ui.dry_run {
                " (dry run: not recorded)"
            } else {
                ""
            }
        ),
    )
    .with("id", inc.id.clone())
    .with("duration_seconds", dur.num_seconds())
    .with("template", text.clone())
    .metric("incident_duration_seconds", dur.num_seconds() as f64)];
    steps.extend(checks.into_iter().map(|mut s| {
        s.name = format!("validate {}", s.name);
        s
    }));
    steps.extend(backlog_steps);
    steps.extend(fallback_steps);
    steps.extend(post(ctx, poster, &text).await);
    steps.extend(
        crate::commands::webhook::backfill::offer(ctx, &inc.flow, &inc.id, interactive(ctx)).await,
    );
    Ok(finish(
        ctx,
        report(ctx, steps),
        &text,
        &format!("incident resolve {}", inc.id),
        clock,
    ))
}

/// The runbook's last step: a Gmail fallback turned on in this incident and still on is offered to
/// be turned off (asked on a terminal; `--undo-fallback` off one, with `--yes`; `--dry-run` shows
/// it). The steps, and the line for the Resolution's fix.
async fn undo_fallback(
    ctx: &Context,
    inc: &Incident,
    asked: bool,
) -> Result<(Vec<Step>, Option<String>)> {
    let name = crate::actions::GMAIL_FALLBACK;
    let last = inc
        .actions
        .iter()
        .rev()
        .find(|r| r.status == "ok" && (r.action == name || r.undo));
    let on = last.is_some_and(|r| r.action == name && !r.undo);
    if !on {
        return Ok((Vec::new(), None));
    }
    let wanted = asked
        || (interactive(ctx)
            && dialoguer::Confirm::new()
                .with_prompt("The Gmail fallback is on: turn it off now?")
                .default(true)
                .interact_opt()
                .ok()
                .flatten()
                .unwrap_or(false));
    if !wanted {
        return Ok((
            vec![Step::warn("gmail fallback", "still on")
                .hint(format!("`intops action run {name} --undo` turns it off"))],
            Some(format!(
                "Gmail fallback still on (`intops action run {name} --undo`)"
            )),
        ));
    }
    let steps = crate::commands::action::run::run_named(ctx, name, true, Some(&inc.id)).await?;
    let note = match steps.first() {
        _ if ctx.ui.dry_run => "Gmail fallback: would be turned off (dry run)".to_string(),
        Some(s) if s.status == Status::Ok => "Gmail fallback turned off".to_string(),
        Some(s) => format!(
            "Gmail fallback NOT turned off ({}: {})",
            s.status.as_str().to_uppercase(),
            s.summary
        ),
        None => "Gmail fallback: undo ran without a result".to_string(),
    };
    Ok((steps, Some(note)))
}

fn mitigation_sla(ctx: &Context) -> chrono::Duration {
    chrono::Duration::minutes(ctx.config.thresholds.mitigation_sla_minutes.max(1))
}

fn list(ctx: &Context, store: &Store, a: ListArgs) -> Report {
    let now = ctx.now();
    let mut steps = Vec::new();
    for e in store.list() {
        match e {
            Entry::Ok(i) => {
                let recent = i
                    .resolution
                    .as_ref()
                    .is_some_and(|r| now - r.at < chrono::Duration::days(30));
                if !(a.all || i.is_open() || recent) {
                    continue;
                }
                let (status, state) = match &i.resolution {
                    None => (
                        Status::Warn,
                        format!("OPEN for {}", templates::duration_text(now - i.started_at)),
                    ),
                    Some(r) => (
                        Status::Ok,
                        format!(
                            "resolved {} after {}",
                            templates::when(r.at),
                            templates::duration_text(r.at - i.started_at)
                        ),
                    ),
                };
                let mut s = Step::new(
                    i.id.clone(),
                    status,
                    format!(
                        "{} · {} · started {} · {state}",
                        i.severity,
                        i.title,
                        templates::when(i.started_at)
                    ),
                );
                let mut data = serde_json::to_value(&i).unwrap_or_default();
                if i.is_open() {
                    s = s.hint(format!(
                        "`intops incident update {0}` or `intops incident resolve {0}`",
                        i.id
                    ));
                    // The SLA clock joins the line; a breach brings its hint.
                    let clock = sla::step(&i, now, mitigation_sla(ctx));
                    s.summary = format!("{} · {}", s.summary, clock.summary);
                    if clock.status != Status::Ok {
                        s.hint = clock.hint.clone();
                    }
                    data["mitigation"] = clock.data.clone();
                }
                steps.push(s.data(data));
            }
            Entry::Corrupt { path, error } => steps.push(
                Step::unknown(
                    path.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    format!("unreadable incident file {} ({error})", path.display()),
                )
                .hint("it was left untouched: repair it or move it aside")
                .with("path", path.display().to_string()),
            ),
        }
    }
    if steps.is_empty() {
        steps.push(Step::ok(
            "incidents",
            "no open or recent incidents (`--all` shows older ones)",
        ));
    }
    report(ctx, steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn next_update_accepts_durations_and_text() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 3, 12, 0).unwrap();
        assert_eq!(next_update_text(now, "30m"), "2026-11-24 03:42 UTC");
        assert_eq!(next_update_text(now, "at 4am"), "at 4am");
    }

    #[test]
    fn detection_line_names_what_failed() {
        let rows = vec![
            Step::ok("whatsapp token", "valid"),
            Step::crit("whatsapp phone", "quality RED"),
            Step::skipped("webhooks", "not configured: WHATSAPP_APP_ID is not set"),
        ];
        assert_eq!(detection_line(&rows), "whatsapp phone CRIT: quality RED");
        assert_eq!(detection_line(&rows[..1]), "1 checks ok (whatsapp token)");
        assert!(detection_line(&rows[2..]).starts_with("no detection check"));
    }

    #[test]
    fn every_flow_name_has_a_flow() {
        for f in FlowName::value_variants() {
            let _ = f.flow();
        }
        assert_eq!(FlowName::value_variants().len(), flow::FLOWS.len());
    }
}
