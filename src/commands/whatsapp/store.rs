//! Where the service reads its WhatsApp settings: the `--env-file` it loads, the keyring, or the
//! Supabase project's Edge Function secrets. Shared by `token-rotate` and `switch-number`.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::Step;
use crate::secrets::Secret;
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreTo {
    /// The file given with --env-file, rewritten atomically (mode kept).
    EnvFile,
    /// The OS keyring (service intops, account PROFILE/NAME).
    Keyring,
    /// The Supabase project's Edge Function secrets (SUPABASE_ACCESS_TOKEN, SUPABASE_PROJECT_REF).
    Supabase,
}

/// The places asked for, or the default: the `--env-file` when one is given, else the keyring.
pub fn targets(ctx: &Context, asked: &[StoreTo]) -> Vec<StoreTo> {
    if !asked.is_empty() {
        let mut v = asked.to_vec();
        v.dedup();
        return v;
    }
    if ctx.secrets.env_file_path().is_some() {
        vec![StoreTo::EnvFile]
    } else {
        vec![StoreTo::Keyring]
    }
}

/// Check every place can be written before anything is written.
pub fn preflight(ctx: &Context, to: &[StoreTo]) -> Result<()> {
    for t in to {
        match t {
            StoreTo::EnvFile if ctx.secrets.env_file_path().is_none() => {
                return Err(Error::usage(
                    "--store env-file needs --env-file PATH (the .env the service reads)",
                ))
            }
            StoreTo::Supabase => {
                ctx.supabase()?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// What storing `name` there would do (no value).
pub fn describe(ctx: &Context, to: StoreTo, name: &str) -> String {
    match to {
        StoreTo::EnvFile => format!(
            "write {name} to {}",
            ctx.secrets
                .env_file_path()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ),
        StoreTo::Keyring => format!(
            "store {name} in the keyring ({}, account {})",
            ctx.secrets.store().backend(),
            ctx.secrets.account(name)
        ),
        StoreTo::Supabase => match ctx.supabase() {
            Ok(s) => s.describe_set(&[name]),
            Err(e) => format!("Supabase secrets: {e}"),
        },
    }
}

fn label(to: StoreTo) -> &'static str {
    match to {
        StoreTo::EnvFile => "store env-file",
        StoreTo::Keyring => "store keyring",
        StoreTo::Supabase => "store supabase",
    }
}

/// Store the value; the step says where, or why it failed (crit).
pub async fn store(ctx: &Context, to: StoreTo, name: &str, value: &Secret) -> Step {
    let what = describe(ctx, to, name);
    let failed = |e: String| Step::crit(label(to), format!("could not {what}: {e}"));
    match to {
        StoreTo::EnvFile => {
            let Some(path) = ctx.secrets.env_file_path() else {
                return failed("no --env-file given".into());
            };
            match crate::envfile::set_var(path, name, value.expose()) {
                Ok(()) => Step::ok(label(to), what),
                Err(e) => failed(e.to_string()),
            }
        }
        StoreTo::Keyring => match ctx
            .secrets
            .store()
            .set(&ctx.secrets.account(name), value.expose())
        {
            Ok(()) => Step::ok(label(to), what),
            Err(e) => failed(e.to_string()).hint(
                "no usable keyring here: use --env-file PATH --store env-file, or --store supabase",
            ),
        },
        StoreTo::Supabase => match ctx.supabase() {
            Ok(s) => match s.set_secrets(&[(name, value)]).await {
                Ok(()) => Step::ok(label(to), what),
                Err(e) => e.step(label(to)),
            },
            Err(e) => failed(e.to_string()),
        },
    }
}
