//! `intops calendly subscriptions list | ensure | delete`: webhook subscriptions with their
//! state. A `disabled` hook (24 h of failed deliveries) is crit and must be recreated.

use crate::commands::report;
use crate::context::Context;
use crate::error::{Cause, Error, Result};
use crate::providers::calendly::{Calendly, Created, Scope, Subscription, User};
use crate::report::{Report, Step};
use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum CalendlyCmd {
    /// Webhook subscriptions: list, ensure, delete.
    #[command(subcommand)]
    Subscriptions(SubscriptionsCmd),
}

#[derive(Debug, Subcommand)]
pub enum SubscriptionsCmd {
    /// Every subscription (all pages, organization and user scope) with its state.
    List,
    /// Create what is missing, recreate a disabled one; idempotent.
    Ensure(EnsureArgs),
    /// Delete one subscription by URI or uuid.
    Delete(DeleteArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    Organization,
    User,
}

#[derive(Debug, Args)]
pub struct EnsureArgs {
    /// Callback URL (default: CALENDLY_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Events, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "invitee.created,invitee.canceled"
    )]
    pub events: Vec<String>,
    /// Organization scope needs an admin token; user scope covers the token's own events.
    #[arg(long, value_enum, default_value_t = ScopeArg::Organization)]
    pub scope: ScopeArg,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The subscription URI (https://api.calendly.com/webhook_subscriptions/…) or its uuid.
    pub uri: String,
}

pub const DOCTOR_REQUIRES: &[&str] = &["CALENDLY_TOKEN"];

/// The doctor's check: `calendly subscriptions list`.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    list(ctx).await
}

pub async fn run(ctx: &Context, cmd: CalendlyCmd) -> Result<Report> {
    match cmd {
        CalendlyCmd::Subscriptions(SubscriptionsCmd::List) => list(ctx).await,
        CalendlyCmd::Subscriptions(SubscriptionsCmd::Ensure(a)) => ensure(ctx, a).await,
        CalendlyCmd::Subscriptions(SubscriptionsCmd::Delete(a)) => delete(ctx, a).await,
    }
}

async fn whoami(c: &Calendly) -> std::result::Result<(User, String), Step> {
    match c.me().await {
        Ok(u) => match u.current_organization.clone() {
            Some(org) => Ok((u, org)),
            None => Err(Step::unknown(
                "user",
                "/users/me has no current_organization",
            )),
        },
        Err(e) => Err(e.step("user")),
    }
}

fn ensure_hint(s: &Subscription) -> String {
    format!(
        "recreate it: `intops calendly subscriptions ensure --url {} --events {}{}`",
        s.callback_url,
        s.events.join(","),
        if s.scope == "user" {
            " --scope user"
        } else {
            ""
        }
    )
}

fn sub_step(s: &Subscription) -> Step {
    let what = format!(
        "{} · {} scope · {}",
        s.callback_url,
        s.scope,
        s.events.join(",")
    );
    let name = format!("hook {}", s.uuid());
    let step = if !s.is_active() {
        let since = s
            .retry_started_at
            .as_deref()
            .map(|t| format!(", retrying since {t}"))
            .unwrap_or_default();
        Step::crit(
            name,
            format!("{}: deliveries failed for 24 h{since}; Calendly sends nothing until it is recreated ({what})", s.state),
        )
        .hint(ensure_hint(s))
    } else if let Some(t) = &s.retry_started_at {
        Step::warn(
            name,
            format!("active, but deliveries are failing since {t}: Calendly disables it after 24 h ({what})"),
        )
        .hint("fix the callback now, then check it with `intops webhook send-test --provider calendly`")
    } else {
        Step::ok(name, format!("active · {what}"))
    };
    step.data(serde_json::to_value(s).unwrap_or_default())
        .metric(
            "calendly_subscription_active",
            if s.is_active() { 1.0 } else { 0.0 },
        )
}

pub async fn list(ctx: &Context) -> Result<Report> {
    let c = ctx.calendly()?;
    let (user, org) = match whoami(&c).await {
        Ok(x) => x,
        Err(step) => return Ok(report(ctx, vec![step])),
    };
    let mut steps = Vec::new();
    let mut all: Vec<Subscription> = Vec::new();
    for scope in [Scope::Organization, Scope::User(user.uri.clone())] {
        match c.subscriptions(&org, &scope).await {
            Ok(v) => all.extend(v),
            Err(e) if e.cause == Cause::Permission && scope == Scope::Organization => steps.push(
                Step::warn(
                    "organization scope",
                    format!("cannot list organization hooks: {}", e.message),
                )
                .hint("organization-scope hooks need an organization admin or owner token"),
            ),
            Err(e) => steps.push(e.step(&format!("{} scope", scope.name()))),
        }
    }
    let disabled = all.iter().filter(|s| !s.is_active()).count();
    steps.extend(all.iter().map(sub_step));
    let configured = ctx.setting("CALENDLY_WEBHOOK_URL");
    let summary = format!(
        "{} subscriptions ({} active, {disabled} disabled)",
        all.len(),
        all.len() - disabled
    );
    let overall = match &configured {
        Some(url) if !all.iter().any(|s| s.is_active() && &s.callback_url == url) => Step::crit(
            "subscriptions",
            format!("{summary}; none active delivers to CALENDLY_WEBHOOK_URL ({url})"),
        )
        .hint(format!(
            "`intops calendly subscriptions ensure --url {url}`"
        )),
        Some(url) => Step::ok(
            "subscriptions",
            format!("{summary}; CALENDLY_WEBHOOK_URL ({url}) has an active one"),
        ),
        None if all.is_empty() => Step::warn("subscriptions", "no webhook subscriptions")
            .hint("`intops calendly subscriptions ensure --url https://…`"),
        None => Step::ok("subscriptions", summary),
    };
    steps.push(
        overall
            .with("count", all.len())
            .with("disabled", disabled)
            .metric("calendly_subscriptions_disabled", disabled as f64),
    );
    Ok(report(ctx, steps))
}

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

pub async fn delete(ctx: &Context, a: DeleteArgs) -> Result<Report> {
    let id = a.uri.trim();
    if id.is_empty() || (id.contains('/') && !id.contains("/webhook_subscriptions/")) {
        return Err(Error::usage(format!(
            "{:?} is not a webhook subscription URI or uuid (see `intops calendly subscriptions list`)",
            a.uri
        )));
    }
    let c = ctx.calendly()?;
    ctx.confirm(&format!(
        "Delete Calendly webhook subscription {id}? Calendly stops delivering its events"
    ))?;
    let step = match c.delete(id).await {
        Ok(()) => Step::ok("delete", format!("deleted {id}")),
        Err(e) if e.is_dry_run() => Step::skipped("delete", e.message.clone()),
        Err(e) => e.step("delete"),
    };
    Ok(report(ctx, vec![step]))
}
