//! `intops whatsapp …`: the runbook's token, phone-number, test-send and metrics steps, one file
//! per verb.

pub mod metrics;
pub mod phone;
pub mod send_test;
pub mod store;
pub mod switch_number;
pub mod token_debug;
pub mod token_rotate;

use crate::context::Context;
use crate::error::Result;
use crate::report::Report;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum WhatsappCmd {
    /// debug_token: valid?, type, expiry, scopes, days left.
    TokenDebug,
    /// Option 1: check a new token with debug_token, store it where the service reads it, restart, verify.
    TokenRotate(token_rotate::TokenRotateArgs),
    /// Phone number(s): status, quality rating, name status, limits, health.
    Phone,
    /// Validation: send one test message.
    SendTest(send_test::SendTestArgs),
    /// Option 3: list the WABA's numbers with their health, switch WHATSAPP_PHONE_NUMBER_ID to a healthy backup, restart, verify.
    SwitchNumber(switch_number::SwitchNumberArgs),
    /// The runbook's detection queries against Prometheus (PROMETHEUS_URL), judged by the SLA table.
    Metrics,
}

pub async fn run(ctx: &Context, cmd: WhatsappCmd) -> Result<Report> {
    match cmd {
        WhatsappCmd::TokenDebug => token_debug::token_debug(ctx).await,
        WhatsappCmd::TokenRotate(a) => token_rotate::run(ctx, a).await,
        WhatsappCmd::Phone => phone::phone(ctx).await,
        WhatsappCmd::SendTest(a) => send_test::send_test(ctx, a).await,
        WhatsappCmd::Metrics => metrics::run(ctx).await,
        WhatsappCmd::SwitchNumber(a) => switch_number::run(ctx, a).await,
    }
}
