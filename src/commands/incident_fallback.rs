//! The WhatsApp outage's step 3: the Gmail fallback (the `gmail-fallback` action), the notice users
//! see, and the runbook's impact assessment for the Initial Alert.

use crate::context::Context;
use crate::error::Result;
use crate::report::Step;

/// The setting that holds the address users are sent to.
pub const ADDRESS_SETTING: &str = "FALLBACK_EMAIL";

/// The notice users see while WhatsApp is down.
pub fn notice(address: &str) -> String {
    format!("WhatsApp temporarily unavailable. Please use email: {address}")
}

/// The runbook's impact assessment, the Initial Alert's impact when none is given.
pub fn impact_assessment(ctx: &Context) -> String {
    let email = ctx
        .setting(ADDRESS_SETTING)
        .map(|a| format!("email ({a})"))
        .unwrap_or_else(|| "email".into());
    format!(
        "User impact: customers get no WhatsApp replies and agents cannot reach them · Business impact: leads and appointments stall while messages queue · Alternative channels: {email}, phone"
    )
}

/// The user notice step: the text to publish, or how to configure the address.
pub fn notice_step(ctx: &Context) -> Step {
    match ctx.setting(ADDRESS_SETTING) {
        Some(a) => Step::ok("user notice", notice(&a)).with("notice", notice(&a)),
        None => Step::skipped("user notice", "no fallback address configured").hint(format!(
            "set {ADDRESS_SETTING} (environment, --env-file, or [PROFILE.settings] in config.toml) to the address users should write to"
        )),
    }
}

/// Offer the fallback: run it when asked (`--fallback`, or yes at the prompt), else say how.
pub async fn offer(
    ctx: &Context,
    incident: &str,
    asked: bool,
    interactive: bool,
) -> Result<Vec<Step>> {
    let name = crate::actions::GMAIL_FALLBACK;
    if !crate::actions::all(ctx)?.contains_key(name) {
        return Ok(vec![Step::skipped(
            "gmail fallback",
            "no gmail-fallback action configured",
        )
        .hint(format!(
            "configure [{}.actions.{name}] (README: \"Actions\") to turn it on from here",
            ctx.profile
        ))]);
    }
    let wanted = asked
        || (interactive
            && dialoguer::Confirm::new()
                .with_prompt("Turn on the Gmail fallback now (runbook step 3)?")
                .default(false)
                .interact_opt()
                .ok()
                .flatten()
                .unwrap_or(false));
    if !wanted {
        return Ok(vec![Step::skipped("gmail fallback", "not turned on").hint(
            format!("`intops action run {name}` turns it on (recorded in {incident})"),
        )]);
    }
    crate::commands::action::run::run_named(ctx, name, false, Some(incident)).await
}
