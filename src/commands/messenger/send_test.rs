//! `intops messenger send-test --psid ID`: one test message from the Page through the Send API.

use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::meta::messenger::{self, MessagingType, TAGS};
use crate::report::{Report, Step};
use clap::Args;

#[derive(Debug, Args)]
pub struct SendTestArgs {
    /// The recipient's Page-scoped ID (PSID): `sender.id` in the webhook event of a message they
    /// sent this Page.
    #[arg(long, value_name = "ID")]
    pub psid: String,
    /// Message text (default: "intops test message" and the time).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Send as MESSAGE_TAG with this tag, for a non-promotional update outside the 24 h window
    /// (ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, HUMAN_AGENT).
    #[arg(long, value_name = "TAG", value_parser = clap::builder::PossibleValuesParser::new(TAGS))]
    pub tag: Option<String>,
}

pub async fn send_test(ctx: &Context, a: SendTestArgs) -> Result<Report> {
    let psid = a.psid.trim().to_string();
    if psid.is_empty() || psid.len() > 32 || !psid.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::usage(format!(
            "--psid {psid:?} is not a Page-scoped ID: digits, the `sender.id` of a message the person sent this Page"
        )));
    }
    let page = ctx.messenger_page()?;
    let text = a.text.unwrap_or_else(|| {
        format!(
            "intops test message {}",
            ctx.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    });
    if text.trim().is_empty() {
        return Err(Error::usage(
            "--text is empty: Meta refuses an empty message",
        ));
    }
    let kind = match a.tag {
        Some(t) => MessagingType::MessageTag(t),
        None => MessagingType::Response,
    };
    let how = match &kind {
        MessagingType::Response => "RESPONSE".to_string(),
        MessagingType::MessageTag(t) => format!("MESSAGE_TAG {t}"),
    };
    ctx.confirm(&format!(
        "Send a Messenger test message ({how}) to PSID {psid} from Page {}?",
        page.page_id
    ))?;
    let step = match messenger::send_text(
        &page.client,
        page.names.token,
        &page.page_id,
        &psid,
        &text,
        &kind,
    )
    .await
    {
        Ok(sent) => {
            let id = sent.message_id.clone().unwrap_or_default();
            Step::ok("send", format!("accepted: message id {id}"))
                .with("message_id", id)
                .with("recipient_id", sent.recipient_id)
                .with("page_id", page.page_id.clone())
                .with("messaging_type", how)
                .hint("delivery is asynchronous: the Page's webhook gets `message_deliveries` if it is subscribed; the person sees the message in Messenger")
        }
        Err(e) if e.is_dry_run() => Step::skipped("send", e.message.clone()),
        Err(e) => e.step("send").with("page_id", page.page_id.clone()),
    };
    Ok(report(ctx, vec![step]))
}
