//! `intops elevenlabs check`: credits, subscription, the calling agent, the phone number.

use super::ElevenlabsConfig;
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::providers::elevenlabs::{self, Subscription};
use crate::report::{Report, Status, Step};
use crate::timefmt::{from_unix, rfc};

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
