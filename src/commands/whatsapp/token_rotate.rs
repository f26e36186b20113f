//! `intops whatsapp token-rotate`: runbook whatsapp-outage, Option 1, end to end. Read the new
//! token (hidden prompt, or stdin on a headless box), judge it with debug_token BEFORE storing it
//! (valid, our app, the WhatsApp scopes, expiry), store it where the service reads it, run the
//! `restart` action when configured, then verify it (`GET /me`, debug_token). A token that failed
//! the check is never stored.

use super::store::{self, StoreTo};
use super::token_debug::token_steps;
use crate::commands::{action, report};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::{Report, Status, Step};
use crate::secrets::Secret;
use clap::Args;
use std::io::Read;

const NAME: &str = "WHATSAPP_ACCESS_TOKEN";

#[derive(Debug, Args)]
pub struct TokenRotateArgs {
    /// Where the service reads the token (repeatable). Default: the --env-file when given, else the keyring.
    #[arg(long = "store", value_enum, value_name = "WHERE")]
    pub store: Vec<StoreTo>,
    /// Do not run the `restart` action after storing.
    #[arg(long)]
    pub no_restart: bool,
}

fn read_token(ctx: &Context) -> Result<Secret> {
    let value = if ctx.ui.stdin_tty {
        dialoguer::Password::new()
            .with_prompt(format!("new {NAME} (profile {})", ctx.profile))
            .interact()
            .map_err(|_| Error::Cancelled)?
    } else {
        let mut s = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut s)
            .map_err(|e| Error::usage(format!("cannot read the new token from stdin: {e}")))?;
        s
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::usage(format!(
            "no token given: pipe the new {NAME} on stdin (`intops whatsapp token-rotate < token.txt`) or run it on a terminal"
        )));
    }
    Ok(Secret::new(value))
}

/// debug_token of `token` judged as token-debug does, plus: the app must be ours when we know it.
async fn judge(ctx: &Context, token: &Secret) -> Vec<Step> {
    let inspector = match ctx.app_token() {
        Some((t, name)) => ctx.meta_with_token(t, name),
        None => ctx.meta_with_token(token.clone(), "the new token"),
    };
    match inspector.debug_token(token).await {
        Ok(t) => {
            let expected = ctx.setting("WHATSAPP_APP_ID");
            let mut steps = token_steps(ctx, &t, expected.as_deref());
            for s in steps.iter_mut().filter(|s| s.name == "app") {
                // Storing another app's token would break the service: refuse, do not warn.
                s.status = Status::Crit;
            }
            if expected.is_none() {
                steps.push(
                    Step::warn(
                        "app",
                        "the token's app was not checked: WHATSAPP_APP_ID is not set",
                    )
                    .hint("set WHATSAPP_APP_ID so a token of another app is refused"),
                );
            }
            steps
        }
        Err(e) => vec![e.step("token")],
    }
}

pub async fn run(ctx: &Context, a: TokenRotateArgs) -> Result<Report> {
    let targets = store::targets(ctx, &a.store);
    store::preflight(ctx, &targets)?;
    let restart = if a.no_restart {
        None
    } else {
        crate::actions::all(ctx)?.remove(crate::actions::RESTART)
    };
    let token = read_token(ctx)?;
    let mut steps: Vec<Step> = judge(ctx, &token)
        .await
        .into_iter()
        .map(|mut s| {
            s.name = format!("check {}", s.name);
            s
        })
        .collect();
    if steps
        .iter()
        .any(|s| s.status == Status::Crit || s.status == Status::Unknown)
    {
        steps.push(
            Step::crit("store", "not stored: the new token failed the check above")
                .hint("generate a new system-user token with whatsapp_business_messaging and whatsapp_business_management for this app (Business Settings > System users)"),
        );
        return Ok(report(ctx, steps));
    }
    let plan: Vec<String> = targets
        .iter()
        .map(|t| store::describe(ctx, *t, NAME))
        .collect();
    if ctx.ui.dry_run {
        for p in &plan {
            steps.push(Step::skipped("store", format!("dry run: would {p}")));
        }
        steps.push(match &restart {
            Some(r) => Step::skipped("restart", format!("dry run: would {}", r.describe())),
            None => Step::skipped("restart", "no restart action configured"),
        });
        steps.push(Step::skipped(
            "verify",
            "dry run: would GET /me and debug_token with the new token",
        ));
        return Ok(report(ctx, steps));
    }
    ctx.confirm(&format!("Store the new {NAME}: {}?", plan.join("; ")))?;
    for t in &targets {
        let s = store::store(ctx, *t, NAME, &token).await;
        let failed = s.status != Status::Ok;
        steps.push(s);
        if failed {
            return Ok(report(ctx, steps));
        }
    }
    if restart.is_some() {
        steps.extend(action::run::run_named(ctx, crate::actions::RESTART, false, None).await?);
    } else {
        steps.push(
            Step::skipped(
                "restart",
                "no restart action configured: restart the service yourself",
            )
            .hint(
                "configure [PROFILE.actions.restart] (README: \"Actions\") so rotation restarts it",
            ),
        );
    }
    let meta = ctx.meta_with_token(token.clone(), NAME);
    steps.push(match meta.me().await {
        Ok(me) => Step::ok(
            "verify /me",
            format!(
                "the new token acts as {} ({})",
                me.name.as_deref().unwrap_or("?"),
                me.id
            ),
        ),
        Err(e) => e.step("verify /me"),
    });
    steps.extend(
        judge(ctx, &token)
            .await
            .into_iter()
            .filter(|s| s.name == "token")
            .map(|mut s| {
                s.name = "verify token".into();
                s
            }),
    );
    Ok(report(ctx, steps))
}
