//! `intops elevenlabs calls`: recent conversations, or one call, with why each ended.

use super::CallsArgs;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::elevenlabs::{
    Conversation, ConversationQuery, ConversationSummary, ElevenLabs,
};
use crate::providers::paging::Cut;
use crate::report::{Report, Status, Step};
use crate::timefmt::{from_unix, rfc, window};
use chrono::Utc;
use futures::StreamExt;
use serde_json::json;

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
