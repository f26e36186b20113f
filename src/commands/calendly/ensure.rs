//! `intops calendly subscriptions ensure`: create what is missing, recreate a disabled one.

use super::{whoami, EnsureArgs, ScopeArg};
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::calendly::{Created, Scope};
use crate::report::{Report, Step};

fn valid_event(e: &str) -> bool {
    match e.split_once('.') {
        Some((a, b)) => {
            let ok =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            ok(a) && ok(b)
        }
        None => false,
    }
}

pub async fn ensure(ctx: &Context, a: EnsureArgs) -> Result<Report> {
    let url = match a.url {
        Some(u) => u,
        None => crate::commands::common::need_setting(ctx, "CALENDLY_WEBHOOK_URL", Some("--url"))?,
    };
    let parsed = url::Url::parse(&url)
        .ok()
        .filter(|u| u.scheme() == "https" || u.scheme() == "http")
        .ok_or_else(|| Error::usage(format!("--url {url:?} is not an http(s) URL")))?;
    let events: Vec<String> = a
        .events
        .iter()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect();
    if events.is_empty() {
        return Err(Error::usage(
            "--events needs at least one event, e.g. invitee.created",
        ));
    }
    if let Some(bad) = events.iter().find(|e| !valid_event(e)) {
        return Err(Error::usage(format!(
            "{bad:?} is not a Calendly event name (e.g. invitee.created, invitee.canceled, routing_form_submission.created)"
        )));
    }
    let c = ctx.calendly()?;
    let signing_key = ctx.secrets.optional("CALENDLY_SIGNING_KEY");
    let mut steps = Vec::new();
    if parsed.scheme() != "https" {
        steps
            .push(Step::warn("tls", format!("{url} is not https")).hint(
                "Calendly delivers to public https endpoints; use http only for local tests",
            ));
    }
    let (user, org) = match whoami(&c).await {
        Ok(x) => x,
        Err(step) => return Ok(report(ctx, vec![step])),
    };
    let scope = match a.scope {
        ScopeArg::Organization => Scope::Organization,
        ScopeArg::User => Scope::User(user.uri.clone()),
    };
    let existing = match c.subscriptions(&org, &scope).await {
        Ok(v) => v,
        Err(e) => {
            steps.push(e.step("existing"));
            return Ok(report(ctx, steps));
        }
    };
    let found = existing.iter().find(|s| s.callback_url == url);
    if let Some(s) = found {
        if s.is_active() {
            let missing: Vec<&String> = events.iter().filter(|e| !s.events.contains(e)).collect();
            let step = if missing.is_empty() {
                Step::ok(
                    "ensure",
                    format!("already active: {} ({})", s.uri, s.events.join(",")),
                )
            } else {
                Step::warn(
                    "ensure",
                    format!(
                        "active, but without {}: Calendly cannot add events to a hook",
                        missing
                            .iter()
                            .map(|e| e.as_str())
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                )
                .hint(format!(
                    "delete it (`intops calendly subscriptions delete {}`), then run this again",
                    s.uri
                ))
            };
            steps.push(step.data(serde_json::to_value(s).unwrap_or_default()));
            return Ok(report(ctx, steps));
        }
        // Disabled: Calendly will not reactivate it; delete, then create.
        ctx.confirm(&format!(
            "Recreate the disabled Calendly subscription {} for {url} (delete it, then create a new one)?",
            s.uri
        ))?;
        match c.delete(&s.uri).await {
            Ok(()) => steps.push(Step::ok("delete disabled", format!("deleted {}", s.uri))),
            Err(e) if e.is_dry_run() => {
                steps.push(Step::skipped("delete disabled", e.message.clone()))
            }
            Err(e) => {
                steps.push(e.step("delete disabled"));
                return Ok(report(ctx, steps));
            }
        }
    } else {
        ctx.confirm(&format!(
            "Create a Calendly webhook subscription ({} scope) to {url} for {}?",
            scope.name(),
            events.join(",")
        ))?;
    }
    let step = match c
        .create(&url, &events, &org, &scope, signing_key.as_ref())
        .await
    {
        Ok(Created::New(s)) => Step::ok(
            "ensure",
            format!("created {}: active, {}", s.uri, s.events.join(",")),
        )
        .data(serde_json::to_value(&s).unwrap_or_default()),
        Ok(Created::AlreadyExists(m)) => Step::ok(
            "ensure",
            format!("already exists (Calendly answered 409: {m})"),
        ),
        Err(e) if e.is_dry_run() => Step::skipped("ensure", e.message.clone()),
        Err(e) => e.step("ensure"),
    };
    steps.push(step.with(
        "signing_key",
        if signing_key.is_some() {
            "CALENDLY_SIGNING_KEY"
        } else {
            "none (Calendly default)"
        },
    ));
    Ok(report(ctx, steps))
}
