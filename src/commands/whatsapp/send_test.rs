//! `intops whatsapp send-test`: send one test message (text or template).

use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::meta::Outgoing;
use crate::report::{Report, Step};
use clap::Args;

#[derive(Debug, Args)]
pub struct SendTestArgs {
    /// Recipient in international format, e.g. +15551234567.
    #[arg(long, value_name = "NUMBER")]
    pub to: String,
    /// Message text (free-form text only reaches users who wrote in the last 24 h).
    #[arg(long, conflicts_with = "template")]
    pub text: Option<String>,
    /// Send an approved template instead of text (works outside the 24 h window), e.g. hello_world.
    #[arg(long)]
    pub template: Option<String>,
    /// Template language code.
    #[arg(long, default_value = "en_US")]
    pub lang: String,
}

/// A recipient in international format, trimmed; a usage error naming `flag` otherwise.
pub fn recipient(flag: &str, given: &str) -> Result<String> {
    let to = given.trim().to_string();
    let digits: String = to.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 8
        || digits.len() > 15
        || !to
            .chars()
            .all(|c| c.is_ascii_digit() || "+ -()".contains(c))
    {
        return Err(Error::usage(format!(
            "{flag} {to:?} is not a phone number in international format (e.g. +15551234567)"
        )));
    }
    Ok(to)
}

pub async fn send_test(ctx: &Context, a: SendTestArgs) -> Result<Report> {
    let to = recipient("--to", &a.to)?;
    let phone_id = ctx.require_setting("WHATSAPP_PHONE_NUMBER_ID")?;
    let client = ctx.meta_named("WHATSAPP_ACCESS_TOKEN")?;
    let what = match a.template {
        Some(name) => Outgoing::Template {
            name,
            language: a.lang,
        },
        None => Outgoing::Text(a.text.unwrap_or_else(|| {
            format!(
                "intops test message {}",
                ctx.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )
        })),
    };
    ctx.confirm(&format!(
        "Send a WhatsApp test message to {to} from phone number id {phone_id}?"
    ))?;
    let step = send_step(&client, &phone_id, &to, &what).await;
    Ok(report(ctx, vec![step]))
}

/// Send `what` to `to` from `phone_id`: the step says what Meta answered (skipped in a dry run).
pub async fn send_step(
    client: &crate::providers::meta::Meta,
    phone_id: &str,
    to: &str,
    what: &Outgoing,
) -> Step {
    match client.send(phone_id, to, what).await {
        Ok(r) => {
            let id = r
                .messages
                .first()
                .and_then(|m| m.id.clone())
                .unwrap_or_default();
            let wa_id = r.contacts.first().and_then(|c| c.wa_id.clone());
            if id.is_empty() {
                Step::unknown(
                    "send",
                    "Meta accepted the request but returned no message id",
                )
            } else {
                Step::ok("send", format!("accepted: message id {id}"))
                    .with("message_id", id)
                    .with("wa_id", wa_id)
                    .with("message_status", r.messages.first().and_then(|m| m.message_status.clone()))
                    .hint("delivery is asynchronous: watch the webhook for the status (`intops webhook status`)")
            }
        }
        Err(e) if e.is_dry_run() => Step::skipped("send", e.message.clone()),
        Err(e) => e.step("send"),
    }
}
