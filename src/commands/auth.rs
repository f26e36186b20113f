//! `intops auth set|list|delete`: secrets in the OS keyring. Values are read from a hidden prompt
//! or stdin, never from arguments, and never printed.

use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::{Report, Status, Step};
use crate::secrets::Source;
use clap::{Args, Subcommand};
use std::io::Read;

/// The names the team already uses in its `.env` and Supabase secrets, by vendor (README.md,
/// "Credentials").
pub const KNOWN_NAMES: &[(&str, &[&str])] = &[
    (
        "whatsapp",
        &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_TOKEN",
            "WHATSAPP_APP_ID",
            "WHATSAPP_PHONE_NUMBER_ID",
            "WHATSAPP_BUSINESS_ACCOUNT_ID",
            "WEBHOOK_VERIFY_TOKEN",
            "WHATSAPP_WEBHOOK_URL",
        ],
    ),
    (
        "meta",
        &[
            "META_ACCESS_TOKEN",
            "META_APP_SECRET",
            "META_VERIFY_TOKEN",
            "META_WEBHOOK_URL",
            "META_PAGE_ID",
            "META_PAGE_ACCESS_TOKEN",
        ],
    ),
    (
        "zoho",
        &[
            "ZOHO_CLIENT_ID",
            "ZOHO_CLIENT_SECRET",
            "ZOHO_REFRESH_TOKEN",
            "ZOHO_ACCESS_TOKEN",
            "ZOHO_DC",
        ],
    ),
    (
        "calendly",
        &[
            "CALENDLY_TOKEN",
            "CALENDLY_SIGNING_KEY",
            "CALENDLY_WEBHOOK_URL",
        ],
    ),
    (
        "elevenlabs",
        &[
            "ELEVENLABS_API_KEY",
            "ELEVENLABS_AGENT_ID",
            "ELEVENLABS_PHONE_NUMBER_ID",
        ],
    ),
    (
        "rets",
        &[
            "RETS_LOGIN_URL",
            "RETS_USERNAME",
            "RETS_PASSWORD",
            "RETS_USER_AGENT",
            "RETS_UA_PASSWORD",
            "RETS_VERSION",
        ],
    ),
    (
        "queue",
        &["REDIS_URL", "WHATSAPP_QUEUE_KEY", "DATABASE_URL"],
    ),
    (
        "messenger",
        &[
            "FACEBOOK_PAGE_ID",
            "FACEBOOK_PAGE_ACCESS_TOKEN",
            "META_APP_ID",
        ],
    ),
    ("prometheus", &["PROMETHEUS_URL"]),
    ("slack", &["SLACK_WEBHOOK_URL"]),
];

#[derive(Debug, Subcommand)]
pub enum AuthCmd {
    /// Store a secret in the OS keyring (hidden prompt on a terminal, else read from stdin).
    Set(NameArgs),
    /// Where each known secret was found (env, env-file, keyring, missing); never the value.
    List,
    /// Remove a secret from the OS keyring.
    Delete(NameArgs),
}

#[derive(Debug, Args)]
pub struct NameArgs {
    /// Credential name, e.g. WHATSAPP_ACCESS_TOKEN.
    pub name: String,
}

pub async fn run(ctx: &Context, cmd: AuthCmd) -> Result<Report> {
    match cmd {
        AuthCmd::Set(a) => set(ctx, a),
        AuthCmd::List => list(ctx),
        AuthCmd::Delete(a) => delete(ctx, a),
    }
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Error::usage(format!(
            "{name:?} is not a credential name: use the variable name, e.g. WHATSAPP_ACCESS_TOKEN"
        )));
    }
    Ok(())
}

fn keyring_unavailable(ctx: &Context, name: &str, e: &crate::secrets::StoreError) -> Error {
    Error::config(format!(
        "cannot use the keyring ({} backend): {e}. Put {name} in the environment or in a file passed with --env-file instead{}",
        ctx.secrets.store().backend(),
        if ctx.secrets.store().backend() == "none" { "" } else { " (INTOPS_KEYRING=none silences the keyring)" }
    ))
}

fn set(ctx: &Context, a: NameArgs) -> Result<Report> {
    check_name(&a.name)?;
    let value = if ctx.ui.stdin_tty {
        dialoguer::Password::new()
            .with_prompt(format!("{} (profile {})", a.name, ctx.profile))
            .interact()
            .map_err(|_| Error::Cancelled)?
    } else {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::usage(format!("cannot read the value from stdin: {e}")))?;
        s.trim_end_matches(['\n', '\r']).to_string()
    };
    store(ctx, &a.name, &value)
}

/// Store a value read from the prompt or stdin.
pub fn store(ctx: &Context, name: &str, value: &str) -> Result<Report> {
    let a = NameArgs {
        name: name.to_string(),
    };
    if value.trim().is_empty() {
        return Err(Error::usage(format!(
            "empty value for {}: nothing stored",
            a.name
        )));
    }
    crate::redact::register(value);
    if ctx.ui.dry_run {
        return Ok(report(
            ctx,
            vec![Step::skipped(
                a.name.clone(),
                format!("dry-run: would store {} in the keyring", a.name),
            )],
        ));
    }
    let account = ctx.secrets.account(&a.name);
    ctx.secrets
        .store()
        .set(&account, value)
        .map_err(|e| keyring_unavailable(ctx, &a.name, &e))?;
    let mut steps = vec![Step::ok(
        a.name.clone(),
        format!(
            "stored in the {} keyring as intops/{account}",
            ctx.secrets.store().backend()
        ),
    )];
    if ctx.secrets.setting(&a.name).is_some() {
        steps.push(
            Step::warn(
                "precedence",
                format!(
                    "{} is also set in the environment or env-file, which wins over the keyring",
                    a.name
                ),
            )
            .hint(format!("unset {} to use the stored value", a.name)),
        );
    }
    Ok(report(ctx, steps))
}

fn list(ctx: &Context) -> Result<Report> {
    let mut steps = Vec::new();
    for (vendor, names) in KNOWN_NAMES {
        for name in *names {
            let src = ctx.lookup(name).source;
            let status = if src == Source::Missing {
                Status::Skipped
            } else {
                Status::Ok
            };
            steps.push(
                Step::new(name.to_string(), status, src.as_str())
                    .with("vendor", *vendor)
                    .with("source", src.as_str()),
            );
        }
    }
    let backend = ctx.secrets.store().backend();
    let keyring = match ctx.secrets.store_problem() {
        Some(e) => Step::warn("keyring", format!("{backend}: {e}"))
            .hint("no keyring here: export the variables or pass --env-file PATH (INTOPS_KEYRING=none skips the keyring)"),
        None => Step::ok("keyring", format!("backend {backend}, service intops, accounts {}/NAME", ctx.profile)),
    };
    steps.push(keyring.with("backend", backend));
    if let Some(p) = ctx.secrets.env_file_path() {
        steps.push(Step::ok("env-file", p.display().to_string()));
    }
    Ok(report(ctx, steps))
}

fn delete(ctx: &Context, a: NameArgs) -> Result<Report> {
    check_name(&a.name)?;
    let account = ctx.secrets.account(&a.name);
    if ctx.ui.dry_run {
        return Ok(report(
            ctx,
            vec![Step::skipped(
                a.name.clone(),
                format!("dry-run: would delete intops/{account} from the keyring"),
            )],
        ));
    }
    ctx.confirm(&format!(
        "Delete {} (profile {}) from the keyring?",
        a.name, ctx.profile
    ))?;
    let removed = ctx
        .secrets
        .store()
        .delete(&account)
        .map_err(|e| keyring_unavailable(ctx, &a.name, &e))?;
    let step = if removed {
        Step::ok(a.name.clone(), format!("deleted intops/{account}"))
    } else {
        Step::skipped(
            a.name.clone(),
            format!("intops/{account} was not in the keyring"),
        )
    };
    Ok(report(ctx, vec![step]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(r: &'a Report, name: &str) -> &'a Step {
        r.steps.iter().find(|s| s.name == name).unwrap()
    }

    #[tokio::test]
    async fn set_list_delete_round_trip_through_the_store() {
        let mut ctx = Context::for_tests(&[]);
        ctx.ui.yes = true;
        let r = store(&ctx, "CALENDLY_TOKEN", "eyJcalendly-secret-pat").unwrap();
        assert_eq!(r.steps[0].status, Status::Ok);
        assert!(r.steps[0].summary.contains("intops/default/CALENDLY_TOKEN"));
        let r = list(&ctx).unwrap();
        assert_eq!(step(&r, "CALENDLY_TOKEN").summary, "keyring");
        assert_eq!(step(&r, "ZOHO_DC").summary, "missing");
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("eyJcalendly-secret-pat"));
        // The value now resolves for commands, below the environment.
        assert_eq!(
            ctx.secrets.get("CALENDLY_TOKEN").unwrap().expose(),
            "eyJcalendly-secret-pat"
        );
        let r = delete(
            &ctx,
            NameArgs {
                name: "CALENDLY_TOKEN".into(),
            },
        )
        .unwrap();
        assert_eq!(r.steps[0].status, Status::Ok);
        let r = delete(
            &ctx,
            NameArgs {
                name: "CALENDLY_TOKEN".into(),
            },
        )
        .unwrap();
        assert_eq!(r.steps[0].status, Status::Skipped);
    }

    #[tokio::test]
    async fn set_warns_when_the_environment_wins() {
        let ctx = Context::for_tests(&[("ZOHO_REFRESH_TOKEN", "1000.env-value")]);
        let r = store(&ctx, "ZOHO_REFRESH_TOKEN", "1000.new-value").unwrap();
        assert_eq!(r.worst(), Status::Warn);
        assert!(step(&r, "precedence")
            .summary
            .contains("wins over the keyring"));
    }

    #[tokio::test]
    async fn dry_run_stores_nothing() {
        let mut ctx = Context::for_tests(&[]);
        ctx.ui.dry_run = true;
        let r = store(&ctx, "CALENDLY_TOKEN", "eyJcalendly-secret-pat").unwrap();
        assert_eq!(r.steps[0].status, Status::Skipped);
        assert!(ctx.secrets.optional("CALENDLY_TOKEN").is_none());
    }
}
