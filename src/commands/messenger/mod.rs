//! `intops messenger …`: Facebook Messenger on a Page, the integration-failures runbook's
//! "WhatsApp/Facebook message delivery failure". One file per verb.

pub mod check;
pub mod send_test;

use crate::context::Context;
use crate::error::Result;
use crate::report::Report;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum MessengerCmd {
    /// The Page token (debug_token, pages_messaging), the Page's subscribed_apps with
    /// `messages`, the app's page webhook and its callback.
    Check,
    /// Send one test message from the Page to a PSID through the Send API.
    SendTest(send_test::SendTestArgs),
}

pub async fn run(ctx: &Context, cmd: MessengerCmd) -> Result<Report> {
    match cmd {
        MessengerCmd::Check => check::check(ctx).await,
        MessengerCmd::SendTest(a) => send_test::send_test(ctx, a).await,
    }
}

/// The doctor's check: `messenger check`, when a Page is configured.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    check::check(ctx).await
}

/// Doctor skips the check, naming what is missing, when no Messenger Page is configured.
pub fn doctor_configured(ctx: &Context) -> Option<String> {
    ctx.messenger_page_missing()
}
