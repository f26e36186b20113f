//! `intops whatsapp token-debug`: debug_token judged: valid, type, expiry, scopes, days left.

use crate::commands::common::graph_version_step;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Cause, Result};
use crate::providers::meta::DebugToken;
use crate::report::{Report, Step};
use serde_json::json;

const TOKEN_HINT: &str = "rotate it: runbook whatsapp-outage, Option 1 (new system-user token in Business Settings), `intops whatsapp token-rotate` (hidden prompt, or the token on stdin on a headless box; --env-file/--store supabase for the service); then `intops whatsapp token-debug`";
const REQUIRED_SCOPES: &[&str] = &[
    "whatsapp_business_messaging",
    "whatsapp_business_management",
];

pub async fn token_debug(ctx: &Context) -> Result<Report> {
    let input = ctx.secrets.get("WHATSAPP_ACCESS_TOKEN")?;
    let mut steps = Vec::new();
    // An app token inspects best; without one a token can inspect itself.
    let (inspector, inspector_name) = match ctx.app_token() {
        Some((t, name)) => (ctx.meta_with_token(t, "WHATSAPP_APP_TOKEN"), name),
        None => (
            ctx.meta_with_token(input.clone(), "WHATSAPP_ACCESS_TOKEN"),
            "the token itself",
        ),
    };
    match inspector.debug_token(&input).await {
        Ok(t) => {
            steps.extend(token_steps(
                ctx,
                &t,
                ctx.setting("WHATSAPP_APP_ID").as_deref(),
            ));
            if let Some(s) = steps.first_mut() {
                s.data["inspected_with"] = inspector_name.into();
            }
        }
        Err(e) => {
            let mut step = e.step("token");
            // A rejected inspector is the app token's fault, not the access token's.
            let inspector_rejected = matches!(
                e.cause,
                Cause::BadRequest | Cause::TokenInvalid | Cause::TokenExpired
            ) && inspector_name != "the token itself";
            if inspector_rejected {
                step.summary = format!(
                    "the app token ({inspector_name}) was rejected: {}",
                    e.line()
                );
                step.hint = Some(format!(
                    "check {inspector_name}: it must belong to the same app as the access token (App Dashboard > Settings > Basic)"
                ));
            }
            steps.push(step)
        }
    }
    steps.extend(graph_version_step(ctx));
    Ok(report(ctx, steps))
}

use crate::providers::bounds;
use crate::timefmt::{from_unix, rfc};

/// Judge a debug_token answer: validity first, then expiry, data access, scopes, app.
pub fn token_steps(ctx: &Context, t: &DebugToken, expected_app: Option<&str>) -> Vec<Step> {
    let now = ctx.now();
    let warn_days = ctx.config.thresholds.token_warn_days;
    let ty = t.token_type.clone().unwrap_or_else(|| "UNKNOWN".into());
    let app = t
        .application
        .clone()
        .or(t.app_id.clone())
        .unwrap_or_else(|| "?".into());
    let mut data = json!({
        "is_valid": t.is_valid,
        "type": ty,
        "app_id": t.app_id,
        "application": t.application,
        "scopes": t.scopes,
        "user_id": t.user_id,
    });
    let mut steps = Vec::new();
    if !t.is_valid {
        let expired_at = t.expires_at.filter(|e| *e > 0).and_then(from_unix);
        let err = t.error.clone().unwrap_or_default();
        // Known subcodes in our words (one line); Meta's own text stays in data.message.
        let why = match err.subcode {
            Some(463) => match expired_at {
                Some(at) => format!("expired on {}", rfc(at)),
                None => "expired".to_string(),
            },
            Some(460) => {
                "invalidated: the user changed their password or Facebook reset the session".into()
            }
            Some(466) => "invalidated through the API".into(),
            Some(458) => "the user removed the app".into(),
            Some(459) | Some(464) => "the user must log in on facebook.com (checkpoint)".into(),
            _ => format!(
                "invalid: {}",
                err.message
                    .clone()
                    .unwrap_or_else(|| "no reason given".into())
            ),
        };
        let code = match (err.code, err.subcode) {
            (Some(c), Some(s)) => Some(format!("{c}/{s}")),
            (Some(c), None) => Some(c.to_string()),
            _ => None,
        };
        if let Some(exp) = expired_at {
            data["expires_at"] = rfc(exp).into();
        }
        data["code"] = code.clone().into();
        data["message"] = err.message.clone().into();
        let code_text = code.map(|c| format!(" ({c})")).unwrap_or_default();
        steps.push(
            Step::crit(
                "token",
                format!("{ty} token for {app} is not valid: {why}{code_text}"),
            )
            .hint(TOKEN_HINT)
            .data(data)
            .metric("token_valid", 0.0),
        );
        return steps;
    }
    // An expiry further ahead than any Meta token lives is not evidence of a good token.
    for (field, v) in [
        ("expires_at", t.expires_at),
        ("data_access_expires_at", t.data_access_expires_at),
    ] {
        if let Some(Err(e)) = v.map(|v| bounds::token_expiry(field, v, now)) {
            let err = e.api_error("meta");
            steps.push(
                err.step("token")
                    .with("is_valid", true)
                    .with("type", ty.clone()),
            );
            return steps;
        }
    }
    let expiry = t.expires_at.filter(|e| *e > 0).and_then(from_unix);
    let step = match expiry {
        None => {
            let why = if t.expires_at == Some(0) {
                "never expires (expires_at 0)"
            } else {
                "has no expiry (app token)"
            };
            data["expires_at"] = serde_json::Value::Null;
            data["days_left"] = serde_json::Value::Null;
            Step::ok("token", format!("valid {ty} token for {app}, {why}"))
                .data(data)
                .metric("token_valid", 1.0)
        }
        Some(exp) => {
            // Whole seconds on both sides: Meta's times have no fraction.
            let secs = exp.timestamp() - now.timestamp();
            let days = secs.div_euclid(86_400);
            data["expires_at"] = rfc(exp).into();
            data["days_left"] = days.into();
            let when = rfc(exp);
            let base = if secs <= 0 {
                Step::crit("token", format!("{ty} token for {app} expired on {when}"))
                    .hint(TOKEN_HINT)
            } else if days <= warn_days {
                Step::warn("token", format!("token expires in {days} days ({when})"))
                    .hint(TOKEN_HINT)
            } else {
                Step::ok(
                    "token",
                    format!("valid {ty} token for {app}, expires in {days} days ({when})"),
                )
            };
            base.data(data)
                .metric("token_valid", if secs > 0 { 1.0 } else { 0.0 })
                .metric("token_expiry_seconds", secs as f64)
        }
    };
    steps.push(step);
    if let Some(dexp) = t
        .data_access_expires_at
        .filter(|e| *e > 0)
        .and_then(from_unix)
    {
        let days = (dexp - now).num_seconds().div_euclid(86_400);
        let when = rfc(dexp);
        let s = if dexp <= now {
            Step::crit(
                "data access",
                format!("the app's access to user data expired on {when}"),
            )
            .hint("the user must re-authorise the app (log in again through the app's flow)")
        } else if days <= warn_days {
            Step::warn(
                "data access",
                format!("the app's access to user data ends in {days} days ({when})"),
            )
            .hint("the user must re-authorise the app before then")
        } else {
            Step::ok(
                "data access",
                format!("data access until {when} ({days} days)"),
            )
        };
        steps.push(s.with("data_access_expires_at", when).metric(
            "token_data_access_expiry_seconds",
            (dexp - now).num_seconds() as f64,
        ));
    }
    if ty != "APP" {
        let missing: Vec<&str> = REQUIRED_SCOPES
            .iter()
            .copied()
            .filter(|s| !t.scopes.iter().any(|x| x == s))
            .collect();
        let step = if missing.is_empty() {
            Step::ok(
                "scopes",
                format!(
                    "{} scopes, including {}",
                    t.scopes.len(),
                    REQUIRED_SCOPES.join(" and ")
                ),
            )
        } else if missing.contains(&"whatsapp_business_messaging") {
            // Without it nothing can be sent: the outage itself.
            Step::crit(
                "scopes",
                format!("missing {}: this token cannot send messages", missing.join(", ")),
            )
            .hint("regenerate the system-user token with the WhatsApp permissions ticked (runbook whatsapp-outage, Option 1)")
        } else {
            // Sending works; managing the account does not.
            Step::warn(
                "scopes",
                "missing whatsapp_business_management: messages still send, but phone number, template and webhook (subscribed_apps) reads and changes fail with this token",
            )
            .hint("add whatsapp_business_management to the system user's token before you need `intops whatsapp phone` or `intops webhook reregister` (runbook whatsapp-outage, Option 1)")
        };
        steps.push(
            step.with("scopes", t.scopes.clone())
                .with("missing", missing),
        );
    }
    if let (Some(expected), Some(actual)) = (expected_app, t.app_id.as_deref()) {
        if expected != actual {
            steps.push(
                Step::warn(
                    "app",
                    format!("token belongs to app {actual}, but WHATSAPP_APP_ID is {expected}"),
                )
                .hint("use a token minted for the configured app, or fix WHATSAPP_APP_ID"),
            );
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::FixedClock;
    use crate::report::Status;
    use chrono::{DateTime, TimeZone, Utc};
    use std::sync::Arc;

    fn ctx_at(now: DateTime<Utc>) -> Context {
        let mut ctx = Context::for_tests(&[]);
        ctx.clock = Arc::new(FixedClock(now));
        ctx
    }

    fn token(expires_in_secs: Option<i64>, now: DateTime<Utc>) -> DebugToken {
        DebugToken {
            token_type: Some("SYSTEM_USER".into()),
            is_valid: true,
            expires_at: expires_in_secs.map(|s| now.timestamp() + s),
            scopes: REQUIRED_SCOPES.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn token_thresholds_at_the_boundaries() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 3, 12, 9).unwrap();
        let ctx = ctx_at(now);
        let day = 86_400;
        let verdict = |secs: Option<i64>| token_steps(&ctx, &token(secs, now), None)[0].status;
        assert_eq!(verdict(Some(8 * day)), Status::Ok);
        assert_eq!(
            verdict(Some(7 * day)),
            Status::Warn,
            "7 days or fewer warns"
        );
        assert_eq!(verdict(Some(1)), Status::Warn);
        assert_eq!(
            verdict(Some(0)),
            Status::Crit,
            "expiring this very second is expired"
        );
        assert_eq!(verdict(Some(-1)), Status::Crit);
        assert_eq!(verdict(None), Status::Ok, "no expiry (app token)");
    }

    #[test]
    fn expires_at_zero_never_expires_but_invalid_wins() {
        let now = Utc::now();
        let ctx = ctx_at(now);
        let mut t = token(None, now);
        t.expires_at = Some(0);
        let s = &token_steps(&ctx, &t, None)[0];
        assert_eq!(s.status, Status::Ok);
        assert!(s.summary.contains("never expires"));
        t.is_valid = false;
        assert_eq!(token_steps(&ctx, &t, None)[0].status, Status::Crit);
    }

    #[test]
    fn warn_days_follow_the_profile_threshold() {
        let now = Utc::now();
        let mut ctx = ctx_at(now);
        ctx.config.thresholds.token_warn_days = 30;
        let s = &token_steps(&ctx, &token(Some(20 * 86_400), now), None)[0];
        assert_eq!(s.status, Status::Warn);
        assert_eq!(s.data["days_left"], 20);
    }

    #[test]
    fn missing_scope_and_wrong_app_are_flagged() {
        let now = Utc::now();
        let ctx = ctx_at(now);
        let mut t = token(Some(60 * 86_400), now);
        t.scopes = vec!["whatsapp_business_management".into()];
        t.app_id = Some("999".into());
        let steps = token_steps(&ctx, &t, Some("1234567890"));
        let scopes = steps.iter().find(|s| s.name == "scopes").unwrap();
        assert_eq!(scopes.status, Status::Crit);
        assert!(scopes.summary.contains("whatsapp_business_messaging"));
        let app = steps.iter().find(|s| s.name == "app").unwrap();
        assert_eq!(app.status, Status::Warn);
    }
}
