//! `intops calendly subscriptions list | ensure | delete`: webhook subscriptions with their
//! state. A `disabled` hook (24 h of failed deliveries) is crit and must be recreated.

mod delete;
mod ensure;
mod list;

pub use delete::delete;
pub use ensure::ensure;
pub use list::list;

use crate::context::Context;
use crate::error::Result;
use crate::providers::calendly::{Calendly, Subscription, User};
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
