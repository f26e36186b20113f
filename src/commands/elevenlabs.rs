//! `intops elevenlabs …`: credits, the calling agent (voicemail detection), the phone number,
//! and recent conversations, to diagnose "the call did not go out" and "it did not hang up on
//! voicemail".

use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::elevenlabs::{
    self, Conversation, ConversationQuery, ConversationSummary, ElevenLabs, Subscription,
};
use crate::providers::paging::Cut;
use crate::report::{Report, Status, Step};
use crate::timefmt::{from_unix, rfc};
use chrono::Utc;
use clap::{Args, Subcommand};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum ElevenlabsCmd {
    /// Credits used/left and reset, subscription, agent (voicemail detection), phone number.
    Check,
    /// Recent conversations and their outcome, or one conversation with --id.
    Calls(CallsArgs),
}

#[derive(Debug, Args)]
pub struct CallsArgs {
    /// How far back, e.g. 30m, 24h, 7d.
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration, conflicts_with = "id")]
    pub since: std::time::Duration,
    /// Only calls that failed or were judged unsuccessful.
    #[arg(long, conflicts_with = "id")]
    pub failed: bool,
    /// At most this many conversations.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=500), conflicts_with = "id")]
    pub limit: u16,
    /// Show one conversation: outcome, termination reason, voicemail detection, summary.
    #[arg(long, value_name = "CONVERSATION_ID")]
    pub id: Option<String>,
}

/// `[PROFILE.elevenlabs]` in config.toml.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct ElevenlabsConfig {
    /// Percent of the credit limit used: warn at or above.
    pub credits_warn_pct: f64,
    /// Percent used: crit at or above.
    pub credits_crit_pct: f64,
}

impl Default for ElevenlabsConfig {
    fn default() -> Self {
        ElevenlabsConfig {
            credits_warn_pct: 80.0,
            credits_crit_pct: 95.0,
        }
    }
}

/// `intops doctor` skips ElevenLabs without a key.
pub const DOCTOR_REQUIRES: &[&str] = &["ELEVENLABS_API_KEY"];

pub async fn doctor(ctx: &Context) -> Result<Report> {
    check(ctx).await
}

pub async fn run(ctx: &Context, cmd: ElevenlabsCmd) -> Result<Report> {
    match cmd {
        ElevenlabsCmd::Check => check(ctx).await,
        ElevenlabsCmd::Calls(a) => calls(ctx, a).await,
    }
}

/// Thousands separators for credit counts.
fn n(v: i64) -> String {
    let s = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

pub fn credits_step(ctx: &Context, s: &Subscription, cfg: &ElevenlabsConfig) -> Step {
    let (used, limit) = (s.character_count, s.character_limit);
    let left = (limit - used).max(0);
    let pct = if limit > 0 {
        used as f64 * 100.0 / limit as f64
    } else {
        100.0
    };
    let reset = s.next_character_count_reset_unix.and_then(from_unix);
    let reset_txt = match reset {
        Some(t) => {
            let days = (t - ctx.now()).num_days();
            format!(" · resets {} (in {days} days)", rfc(t))
        }
        None => String::new(),
    };
    let summary = format!(
        "{} of {} credits used ({pct:.1} %), {} left{reset_txt}",
        n(used),
        n(limit),
        n(left)
    );
    let step = if pct >= cfg.credits_crit_pct {
        Step::crit("credits", summary).hint(
            "calls stop when the credits run out: raise the limit (Subscription, usage-based billing) or pause outbound campaigns until the reset",
        )
    } else if pct >= cfg.credits_warn_pct {
        Step::warn("credits", summary).hint(format!(
            "above {:.0} % of the credits: plan an upgrade or slow outbound calls before they run out",
            cfg.credits_warn_pct
        ))
    } else {
        Step::ok("credits", summary)
    };
    step.with("used", used)
        .with("limit", limit)
        .with("left", left)
        .with("used_pct", (pct * 10.0).round() / 10.0)
        .with("resets_at", reset.map(rfc))
        .with("tier", s.tier.clone())
        .metric("elevenlabs_credits_used", used as f64)
        .metric("elevenlabs_credits_limit", limit as f64)
        .metric(
            "elevenlabs_credits_used_ratio",
            if limit > 0 {
                used as f64 / limit as f64
            } else {
                1.0
            },
        )
}

pub fn subscription_step(s: &Subscription) -> Step {
    let status = s.status.clone();
    let tier = s.tier.clone().unwrap_or_else(|| "?".into());
    let summary = format!("tier {tier} · status {status}");
    let step = match status.as_str() {
        "active" | "trialing" | "free" => {
            if s.has_open_invoices == Some(true) {
                Step::warn("subscription", format!("{summary} · open invoices"))
                    .hint("pay the open invoice (Subscription > Billing) before the plan is downgraded")
            } else {
                Step::ok("subscription", summary)
            }
        }
        "past_due" | "incomplete" => Step::warn("subscription", summary)
            .hint("the last payment failed: update the card in Subscription > Billing before the plan lapses"),
        "free_disabled" => Step::crit("subscription", summary)
            .hint("the account is disabled: sign in to ElevenLabs and restore the plan"),
        _ => Step::unknown("subscription", summary),
    };
    step.with("status", status).with("tier", tier)
}

pub async fn check(ctx: &Context) -> Result<Report> {
    let cfg: ElevenlabsConfig = ctx.config.section("elevenlabs")?.unwrap_or_default();
    let el = ctx.elevenlabs()?;
    let mut steps = Vec::new();
    match el.subscription().await {
        Ok(s) => {
            steps.push(credits_step(ctx, &s, &cfg));
            steps.push(subscription_step(&s));
        }
        // A key restricted to the agent APIs (no `user_read`) cannot read credits: the credits
        // are unknown, the key itself works for calls.
        Err(e) if e.cause == crate::error::Cause::Permission => steps.push(
            Step::unknown(
                "credits",
                format!("credits not read: the API key lacks the user_read permission ({})", e.message),
            )
            .hint("to check credits, give the key the User > Read permission (Developers > API keys > the key), or use a second key for intops")
            .with("cause", e.cause.label())
            .with("code", e.code.clone()),
        ),
        Err(e) => {
            let stop = matches!(
                e.cause,
                crate::error::Cause::TokenInvalid | crate::error::Cause::Network
            );
            steps.push(e.step("credits"));
            // A bad key or an unreachable API fails every later call the same way.
            if stop {
                return Ok(report(ctx, steps));
            }
        }
    }
    let agent_id = ctx.setting("ELEVENLABS_AGENT_ID");
    match &agent_id {
        None => steps.push(
            Step::skipped("agent", "ELEVENLABS_AGENT_ID is not set")
                .hint("export ELEVENLABS_AGENT_ID=agent_... to check the calling agent and its voicemail detection"),
        ),
        Some(id) => match el.agent(id).await {
            Ok(a) => {
                let name = a.name.clone().unwrap_or_else(|| "?".into());
                steps.push(
                    Step::ok("agent", format!("{name} ({id})"))
                        .with("agent_id", id.clone())
                        .with("name", name.clone()),
                );
                steps.push(if a.conversation_config.is_none() {
                    Step::unknown(
                        "voicemail detection",
                        format!("elevenlabs answered agent {id} without conversation_config: voicemail detection cannot be judged"),
                    )
                    .hint("retry; if it persists, check the agent in ElevenLabs > Agents > Tools > System tools")
                } else if a.voicemail_detection() {
                    Step::ok("voicemail detection", "the voicemail_detection system tool is enabled")
                        .with("enabled", true)
                } else {
                    Step::crit(
                        "voicemail detection",
                        format!("the voicemail_detection system tool is not enabled on {name}: calls that reach voicemail talk to it until the timeout"),
                    )
                    .hint("enable it: ElevenLabs > Agents > the agent > Tools > System tools > Voicemail detection (INTEGRATIONS_RUNBOOK requires it); then `intops elevenlabs check`")
                    .with("enabled", false)
                });
            }
            Err(e) => steps.push(e.step("agent")),
        },
    }
    match ctx.setting("ELEVENLABS_PHONE_NUMBER_ID") {
        None => steps.push(
            Step::skipped("phone number", "ELEVENLABS_PHONE_NUMBER_ID is not set")
                .hint("export ELEVENLABS_PHONE_NUMBER_ID=phnum_... to check the outbound number"),
        ),
        Some(pid) => match el.phone_numbers().await {
            Ok(numbers) => steps.push(phone_step(&numbers, &pid, agent_id.as_deref())),
            Err(e) => steps.push(e.step("phone number")),
        },
    }
    Ok(report(ctx, steps))
}

fn phone_step(numbers: &[elevenlabs::PhoneNumber], pid: &str, agent_id: Option<&str>) -> Step {
    let Some(p) = numbers.iter().find(|p| p.phone_number_id == pid) else {
        let known: Vec<String> = numbers
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.phone_number_id.clone(),
                    p.phone_number.clone().unwrap_or_default()
                )
            })
            .collect();
        return Step::crit(
            "phone number",
            format!(
                "phone number id {pid} is not in this workspace ({} numbers{})",
                numbers.len(),
                if known.is_empty() {
                    String::new()
                } else {
                    format!(": {}", known.join(", "))
                }
            ),
        )
        .hint(
            "check ELEVENLABS_PHONE_NUMBER_ID (Agents > Phone numbers), or import the number again",
        );
    };
    let number = p.phone_number.clone().unwrap_or_else(|| "?".into());
    let provider = p.provider.clone().unwrap_or_else(|| "?".into());
    let assigned = p.assigned_agent.as_ref().and_then(|a| a.agent_id.clone());
    let assigned_name = p
        .assigned_agent
        .as_ref()
        .and_then(|a| a.agent_name.clone().or(a.agent_id.clone()));
    let mut status = Status::Ok;
    let mut problems = Vec::new();
    let mut hint = None;
    if p.supports_outbound != Some(true) {
        status = Status::Crit;
        problems.push("outbound calls not supported".to_string());
        hint = Some(format!("calls cannot go out from {number}: enable outbound on the {provider} number (Twilio: a voice-capable number; SIP: an outbound trunk), then re-import it"));
    }
    match (&assigned, agent_id) {
        (None, _) => {
            status = status.worst(Status::Warn);
            problems.push("not assigned to an agent".into());
            hint.get_or_insert("assign it: Agents > Phone numbers > the number > Agent".into());
        }
        (Some(a), Some(want)) if a != want => {
            status = status.worst(Status::Warn);
            problems.push(format!(
                "assigned to {} ({a}), not ELEVENLABS_AGENT_ID {want}",
                assigned_name.clone().unwrap_or_default()
            ));
            hint.get_or_insert(format!(
                "assign the number to {want}, or fix ELEVENLABS_AGENT_ID"
            ));
        }
        _ => {}
    }
    let summary = if problems.is_empty() {
        format!(
            "{number} ({}) · {provider} · outbound yes · assigned to {}",
            p.label.clone().unwrap_or_default(),
            assigned_name.clone().unwrap_or_default()
        )
    } else {
        format!("{number} ({provider}): {}", problems.join(", "))
    };
    Step::new("phone number", status, summary)
        .maybe_hint(hint)
        .data(serde_json::to_value(p).unwrap_or_default())
}

// ---------- calls ----------

fn call_status(status: Option<&str>, success: Option<&str>) -> Status {
    match (status, success) {
        (Some("failed"), _) => Status::Crit,
        (_, Some("failure")) => Status::Warn,
        _ => Status::Ok,
    }
}

fn when(secs: Option<i64>) -> String {
    secs.and_then(|s| crate::providers::bounds::unix_time("t", s).ok())
        .map(|t| t.format("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_else(|| "?".into())
}

const CALL_FAILED_HINT: &str = "the call did not go out or broke off: check the number and agent (`intops elevenlabs check`), the Twilio / SIP logs for the call SID, and `intops status elevenlabs`";

fn conversation_row(c: &ConversationSummary, detail: Option<&Conversation>) -> Step {
    let status = c.status.clone();
    let success = c
        .call_successful
        .clone()
        .unwrap_or_else(|| "unknown".into());
    let termination = detail
        .and_then(|d| d.metadata.termination_reason.clone())
        .filter(|t| !t.is_empty());
    let error = detail
        .and_then(|d| d.metadata.error.as_ref())
        .and_then(|e| e.reason.clone());
    let mut summary = format!(
        "{} · {} s · {status} · {success}",
        when(Some(c.start_time_unix_secs)),
        c.call_duration_secs.unwrap_or(0)
    );
    if let Some(d) = &c.direction {
        summary.push_str(&format!(" · {d}"));
    }
    if let Some(t) = &termination {
        summary.push_str(&format!(" · ended: {t}"));
    }
    if let Some(e) = &error {
        summary.push_str(&format!(" · error: {e}"));
    }
    if let Some(t) = c.call_summary_title.as_ref().filter(|t| !t.is_empty()) {
        summary.push_str(&format!(" · {t}"));
    }
    let st = call_status(Some(&c.status), c.call_successful.as_deref());
    let step = Step::new(format!("call {}", c.conversation_id), st, summary);
    let step = if st == Status::Crit {
        step.hint(CALL_FAILED_HINT)
    } else {
        step
    };
    step.with("conversation_id", c.conversation_id.clone())
        .with("start_time", from_unix(c.start_time_unix_secs).map(rfc))
        .with("duration_secs", c.call_duration_secs)
        .with("status", c.status.clone())
        .with("call_successful", c.call_successful.clone())
        .with("termination_reason", termination)
        .with(
            "voicemail_detected_at_secs",
            detail.and_then(|d| d.voicemail_detected_at()),
        )
        .with("direction", c.direction.clone())
        .with("agent_id", c.agent_id.clone())
}

/// "24 h", "7 days", "30 min" for the summary line.
fn window(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 2 * 86_400 && s.is_multiple_of(86_400) {
        format!("{} days", s / 86_400)
    } else if s >= 3_600 && s.is_multiple_of(3_600) {
        format!("{} h", s / 3_600)
    } else {
        format!("{} min", s.div_ceil(60))
    }
}

/// Conversation details (termination reason, error) are fetched one by one: at most this many
/// per run, two at a time, so a long list does not trip ElevenLabs' concurrency limit.
pub const MAX_DETAIL_FETCHES: usize = 25;
const DETAIL_CONCURRENCY: usize = 2;

fn is_bad(c: &ConversationSummary) -> bool {
    call_status(Some(&c.status), c.call_successful.as_deref()) != Status::Ok
}

pub async fn calls(ctx: &Context, a: CallsArgs) -> Result<Report> {
    let el = ctx.elevenlabs()?;
    if let Some(id) = &a.id {
        return one_call(ctx, &el, id).await;
    }
    let since = chrono::Duration::from_std(a.since)
        .map_err(|_| Error::usage(format!("--since {:?} is too long", a.since)))?;
    let since_unix = (ctx.now() - since).timestamp();
    let agent_id = ctx.setting("ELEVENLABS_AGENT_ID");
    let limit = a.limit as usize;
    // --failed judges the whole window (a failed call may be the 45th of 60): read every page
    // of it, 100 at a time, and show at most --limit of the failed ones. Without --failed,
    // --limit bounds what is read.
    let q = ConversationQuery {
        agent_id: agent_id.clone(),
        since_unix: Some(since_unix),
        call_successful: None,
        limit: (!a.failed).then_some(limit),
    };
    let list = match el.conversations(&q).await {
        Ok(l) => l,
        Err(e) => return Ok(report(ctx, vec![e.step("calls")])),
    };
    let read = list.conversations.len();
    let failed = list
        .conversations
        .iter()
        .filter(|c| c.status == "failed")
        .count();
    let unsuccessful = list
        .conversations
        .iter()
        .filter(|c| c.status != "failed" && c.call_successful.as_deref() == Some("failure"))
        .count();
    let matching: Vec<&ConversationSummary> = list
        .conversations
        .iter()
        .filter(|c| !a.failed || is_bad(c))
        .collect();
    let shown: Vec<&ConversationSummary> = matching.iter().take(limit).copied().collect();
    // The termination reason is only in the detail: fetch a bounded number, paced.
    let details: Vec<std::result::Result<Conversation, crate::error::ApiError>> =
        futures::stream::iter(shown.iter().take(MAX_DETAIL_FETCHES))
            .map(|c| {
                let el = el.clone();
                async move { el.conversation(&c.conversation_id).await }
            })
            .buffered(DETAIL_CONCURRENCY)
            .collect()
            .await;
    let since_txt = window(a.since);
    let scope = agent_id
        .as_deref()
        .map(|a| format!(" for agent {a}"))
        .unwrap_or_default();
    let counts = format!("{failed} failed, {unsuccessful} unsuccessful");
    // Never claim the window when the list stopped short of it.
    let (status, summary, hint) = match &list.cut {
        None => (
            Status::Ok,
            format!("{read} conversations in the last {since_txt}{scope}: {counts}"),
            None,
        ),
        Some(Cut::Limit { .. }) => (
            Status::Unknown,
            format!(
                "{read} of at least {} conversations in the last {since_txt}{scope} read; raise --limit: {counts} among those read",
                read + 1
            ),
            Some(format!(
                "the newest {read} were read and there are more in the window: `intops elevenlabs calls --since {} --limit 500`, or --failed to judge the whole window",
                humantime::format_duration(a.since)
            )),
        ),
        Some(cut) => (
            Status::Unknown,
            format!(
                "{read} of at least {} conversations in the last {since_txt}{scope} read ({}): {counts} among those read",
                read + 1,
                cut.reason("elevenlabs")
            ),
            Some("narrow the window with --since; if ElevenLabs repeats its cursor, retry later".to_string()),
        ),
    };
    let mut summary = summary;
    if a.failed {
        summary.push_str(&format!(
            " (showing {} of {} failed or unsuccessful)",
            shown.len(),
            matching.len()
        ));
    }
    if shown.len() > MAX_DETAIL_FETCHES {
        summary.push_str(&format!(
            "; details read for the first {MAX_DETAIL_FETCHES}"
        ));
    }
    let head = Step::new("calls", status, summary)
        .maybe_hint(hint)
        .with("total", read)
        .with("complete", list.cut.is_none())
        .with("pages", list.pages)
        .with("failed", failed)
        .with("unsuccessful", unsuccessful)
        .with("shown", shown.len())
        .with("since", rfc(from_unix(since_unix).unwrap_or_else(Utc::now)))
        .metric("elevenlabs_calls_total", read as f64)
        .metric("elevenlabs_calls_failed", failed as f64);
    let head = if read == 0 && list.cut.is_none() {
        head.hint("no calls at all: if calls were expected, the trigger (Supabase function / queue) never reached ElevenLabs; check it and `intops elevenlabs check`")
    } else if shown.len() < matching.len() && head.hint.is_none() {
        head.hint(format!(
            "{} more not shown: raise --limit",
            matching.len() - shown.len()
        ))
    } else {
        head
    };
    let mut steps = vec![head];
    for (i, c) in shown.iter().enumerate() {
        let detail = details.get(i);
        let mut row = conversation_row(c, detail.and_then(|d| d.as_ref().ok()));
        if let Some(Err(e)) = detail {
            row.summary
                .push_str(&format!(" · detail not read: {}", e.cause.label()));
        }
        // History, not the current state: a failed call in the list is a warning.
        if row.status == Status::Crit {
            row.status = Status::Warn;
        }
        steps.push(row);
    }
    Ok(report(ctx, steps))
}

async fn one_call(ctx: &Context, el: &ElevenLabs, id: &str) -> Result<Report> {
    let c = match el.conversation(id).await {
        Ok(c) => c,
        Err(e) => return Ok(report(ctx, vec![e.step("call")])),
    };
    let m = &c.metadata;
    let success = c.analysis.as_ref().and_then(|a| a.call_successful.clone());
    let summary_row = ConversationSummary {
        agent_id: c.agent_id.clone(),
        conversation_id: c.conversation_id.clone(),
        start_time_unix_secs: m.start_time_unix_secs.unwrap_or_default(),
        call_duration_secs: m.call_duration_secs,
        message_count: Some(c.transcript.len() as i64),
        status: c.status.clone(),
        call_successful: success.clone(),
        call_summary_title: c
            .analysis
            .as_ref()
            .and_then(|a| a.call_summary_title.clone()),
        direction: m
            .phone_call
            .as_ref()
            .and_then(|p| p.get("direction"))
            .and_then(|d| d.as_str())
            .map(str::to_string),
        ..Default::default()
    };
    let mut call = conversation_row(&summary_row, Some(&c));
    call.name = "call".into();
    if let Some(pc) = &m.phone_call {
        call = call
            .with(
                "phone_call_type",
                pc.get("type").cloned().unwrap_or_default(),
            )
            .with("call_sid", pc.get("call_sid").cloned().unwrap_or_default())
            .with(
                "phone_number_id",
                pc.get("phone_number_id").cloned().unwrap_or_default(),
            );
    }
    let mut steps = vec![call];
    steps.push(match c.voicemail_detected_at() {
        Some(at) => Step::ok(
            "voicemail",
            format!("voicemail_detection was called at {at} s; the agent ended the call"),
        )
        .with("detected_at_secs", at),
        None => Step::ok("voicemail", "voicemail_detection was not called in this call")
            .hint("if this call reached a voicemail, check that the agent has the voicemail_detection tool (`intops elevenlabs check`) and its prompt")
            .with("detected_at_secs", serde_json::Value::Null),
    });
    let text = c
        .analysis
        .as_ref()
        .and_then(|a| a.transcript_summary.clone())
        .unwrap_or_else(|| "no summary (analysis not available yet)".into());
    steps.push(Step::ok("summary", text).data(json!({
        "turns": c.transcript.len(),
        "call_successful": success,
        "main_language": m.main_language,
    })));
    Ok(report(ctx, steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(used: i64, limit: i64) -> Subscription {
        Subscription {
            character_count: used,
            character_limit: limit,
            status: "active".into(),
            ..Default::default()
        }
    }

    #[test]
    fn credit_thresholds() {
        let ctx = Context::for_tests(&[]);
        let cfg = ElevenlabsConfig::default();
        assert_eq!(
            credits_step(&ctx, &sub(79_999, 100_000), &cfg).status,
            Status::Ok
        );
        assert_eq!(
            credits_step(&ctx, &sub(80_000, 100_000), &cfg).status,
            Status::Warn
        );
        assert_eq!(
            credits_step(&ctx, &sub(94_999, 100_000), &cfg).status,
            Status::Warn
        );
        assert_eq!(
            credits_step(&ctx, &sub(95_000, 100_000), &cfg).status,
            Status::Crit
        );
        assert_eq!(credits_step(&ctx, &sub(10, 0), &cfg).status, Status::Crit);
        let s = credits_step(&ctx, &sub(37_500, 100_000), &cfg);
        assert!(
            s.summary
                .starts_with("37,500 of 100,000 credits used (37.5 %), 62,500 left"),
            "{}",
            s.summary
        );
    }

    #[test]
    fn subscription_status() {
        let mut s = sub(1, 10);
        assert_eq!(subscription_step(&s).status, Status::Ok);
        s.status = "past_due".into();
        assert_eq!(subscription_step(&s).status, Status::Warn);
        s.status = "free_disabled".into();
        assert_eq!(subscription_step(&s).status, Status::Crit);
    }
}
