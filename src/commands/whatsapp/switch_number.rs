//! `intops whatsapp switch-number`: runbook whatsapp-outage, Option 3, end to end. List the WABA's
//! numbers with their health (every page), pick a healthy backup (or take the one named with
//! `--to`), confirm, write `WHATSAPP_PHONE_NUMBER_ID` where the service reads it (the places of
//! `token-rotate`), run the `restart` action when configured, check the WABA subscription
//! (Option 2) and send a test message when a recipient is given. Every switch is recorded in the
//! open incident's timeline. Nothing is written when no number qualifies.

use super::send_test::{recipient, send_step};
use super::store::{self, StoreTo};
use crate::commands::{action, incident_timeline, report};
use crate::context::Context;
use crate::error::Result;
use crate::incident::state::ActionRun;
use crate::providers::meta::{Outgoing, PhoneNumber};
use crate::report::{Report, Status, Step};
use crate::secrets::Secret;
use clap::Args;

const NAME: &str = "WHATSAPP_PHONE_NUMBER_ID";

#[derive(Debug, Args)]
pub struct SwitchNumberArgs {
    /// The phone number id to switch to (default: the first healthy number that is not the current one).
    #[arg(long, value_name = "PHONE_NUMBER_ID")]
    pub to: Option<String>,
    /// Switch to the --to number even though it is not healthy (not CONNECTED, quality RED, name not approved).
    #[arg(long, requires = "to")]
    pub force: bool,
    /// Where the service reads the id (repeatable). Default: the --env-file when given, else the keyring.
    #[arg(long = "store", value_enum, value_name = "WHERE")]
    pub store: Vec<StoreTo>,
    /// Do not run the `restart` action after storing.
    #[arg(long)]
    pub no_restart: bool,
    /// After the switch, send a test message from the new number to this recipient (+15551234567).
    #[arg(long, value_name = "PHONE")]
    pub recipient: Option<String>,
    /// The test message: an approved template instead of text (a recipient who never wrote to
    /// the new number only receives templates), e.g. hello_world.
    #[arg(long, requires = "recipient")]
    pub template: Option<String>,
    /// Template language code.
    #[arg(long, default_value = "en_US", requires = "template")]
    pub lang: String,
}

/// Why a number cannot carry the traffic; empty when it is a healthy backup: CONNECTED, quality
/// GREEN or YELLOW, display name APPROVED, and not blocked from sending.
pub fn problems(p: &PhoneNumber) -> Vec<String> {
    let mut out = Vec::new();
    match p.status.as_deref() {
        Some(s) if s.eq_ignore_ascii_case("CONNECTED") => {}
        Some(s) => out.push(format!("status {s}")),
        None => out.push("status not reported".into()),
    }
    match p.quality_rating.as_deref() {
        Some("GREEN") | Some("YELLOW") => {}
        Some(q) => out.push(format!("quality {q}")),
        None => out.push("quality not reported".into()),
    }
    match p.name_status.as_deref() {
        Some("APPROVED") => {}
        Some(n) => out.push(format!("display name {n}")),
        None => out.push("display name status not reported".into()),
    }
    if let Some(h) = &p.health_status {
        if h.can_send_message.as_deref() == Some("BLOCKED") {
            out.push("cannot send (health_status BLOCKED)".into());
        }
    }
    out
}

fn label(p: &PhoneNumber) -> String {
    let id = p.id.clone().unwrap_or_default();
    match &p.display_phone_number {
        Some(d) => format!("{d} ({id})"),
        None => id,
    }
}

/// One row of the health table.
fn row(p: &PhoneNumber, current: Option<&str>) -> Step {
    let id = p.id.as_deref().unwrap_or("");
    let is_current = current == Some(id);
    let bad = problems(p);
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    let facts = format!(
        "id {id} · {} · quality {} · name {} · verification {}",
        opt(&p.status),
        opt(&p.quality_rating),
        opt(&p.name_status),
        opt(&p.code_verification_status),
    );
    let role = match (is_current, bad.is_empty()) {
        (true, true) => "current, healthy".to_string(),
        (true, false) => format!("current, unhealthy: {}", bad.join(", ")),
        (false, true) => "healthy backup".to_string(),
        (false, false) => format!("not usable: {}", bad.join(", ")),
    };
    let name = format!(
        "number {}",
        p.display_phone_number.clone().unwrap_or_else(|| id.into())
    );
    let status = if bad.is_empty() {
        Status::Ok
    } else {
        Status::Warn
    };
    Step::new(name, status, format!("{facts} · {role}"))
        .with("id", id)
        .with("current", is_current)
        .with("healthy", bad.is_empty())
        .with("problems", bad)
        .data_merge(serde_json::to_value(p).unwrap_or_default())
}

trait DataMerge {
    fn data_merge(self, v: serde_json::Value) -> Self;
}

impl DataMerge for Step {
    /// Keep the keys set with `with` and add the vendor's fields beside them.
    fn data_merge(mut self, v: serde_json::Value) -> Self {
        if let (Some(dst), serde_json::Value::Object(src)) = (self.data.as_object_mut(), v) {
            for (k, v) in src {
                dst.entry(k).or_insert(v);
            }
        }
        self
    }
}

/// The number to switch to, or the crit step that says why there is none.
fn choose<'a>(
    numbers: &'a [PhoneNumber],
    current: Option<&str>,
    a: &SwitchNumberArgs,
    waba: &str,
) -> std::result::Result<&'a PhoneNumber, Step> {
    if let Some(to) = a.to.as_deref() {
        let Some(p) = numbers.iter().find(|p| p.id.as_deref() == Some(to)) else {
            let ids: Vec<String> = numbers.iter().map(label).collect();
            return Err(Step::crit(
                "choose",
                format!("{to} is not a phone number of WABA {waba}: nothing was changed"),
            )
            .hint(format!(
                "pick one of the numbers listed above ({}); a number of another WABA needs its own WHATSAPP_BUSINESS_ACCOUNT_ID and token",
                ids.join(", ")
            )));
        };
        if current == Some(to) {
            return Err(Step::warn(
                "choose",
                format!(
                    "{} is already the current {NAME}: nothing to switch",
                    label(p)
                ),
            ));
        }
        let bad = problems(p);
        if !bad.is_empty() && !a.force {
            return Err(Step::crit(
                "choose",
                format!(
                    "{} is not healthy ({}): nothing was changed",
                    label(p),
                    bad.join(", ")
                ),
            )
            .hint("switch to a healthy number, or add --force to switch to this one anyway"));
        }
        return Ok(p);
    }
    numbers
        .iter()
        // A number Meta listed without an id cannot be switched to: never write an empty id.
        .find(|p| {
            p.id.as_deref().is_some_and(|id| !id.trim().is_empty())
                && p.id.as_deref() != current
                && problems(p).is_empty()
        })
        .ok_or_else(|| {
            Step::crit(
                "choose",
                format!(
                    "no healthy backup number in WABA {waba} (CONNECTED, quality GREEN or YELLOW, display name APPROVED): nothing was changed"
                ),
            )
            .hint("add and register a backup number in WhatsApp Manager > Phone numbers (and get its display name approved), or turn on the Gmail fallback: `intops action run gmail-fallback`")
        })
}

pub async fn run(ctx: &Context, a: SwitchNumberArgs) -> Result<Report> {
    let waba = ctx.require_setting("WHATSAPP_BUSINESS_ACCOUNT_ID")?;
    let to_recipient = match &a.recipient {
        Some(r) => Some(recipient("--recipient", r)?),
        None => None,
    };
    let targets = store::targets(ctx, &a.store);
    store::preflight(ctx, &targets)?;
    let restart = if a.no_restart {
        None
    } else {
        crate::actions::all(ctx)?.remove(crate::actions::RESTART)
    };
    let client = ctx.meta_named("WHATSAPP_ACCESS_TOKEN")?;
    let current = ctx.setting(NAME);
    let mut steps: Vec<Step> = Vec::new();

    let numbers = match client.phone_numbers(&waba).await {
        Ok((n, _)) => n,
        Err(e) => {
            steps.push(e.step("numbers"));
            steps.push(Step::crit(
                "switch",
                "the WABA's numbers could not be read: nothing was changed",
            ));
            return Ok(report(ctx, steps));
        }
    };
    if numbers.is_empty() {
        steps.push(
            Step::crit(
                "numbers",
                format!("WABA {waba} has no phone numbers: nothing was changed"),
            )
            .hint("add and register a number in WhatsApp Manager > Phone numbers"),
        );
        return Ok(report(ctx, steps));
    }
    steps.extend(numbers.iter().map(|p| row(p, current.as_deref())));
    if let Some(c) = &current {
        if !numbers.iter().any(|p| p.id.as_deref() == Some(c)) {
            steps.push(Step::warn(
                "current",
                format!("the current {NAME} {c} is not a number of WABA {waba}"),
            ));
        }
    }
    let chosen = match choose(&numbers, current.as_deref(), &a, &waba) {
        Ok(p) => p,
        Err(s) => {
            steps.push(s);
            return Ok(report(ctx, steps));
        }
    };
    let new_id = chosen.id.clone().unwrap_or_default();
    let from = current
        .as_deref()
        .map(|c| {
            numbers
                .iter()
                .find(|p| p.id.as_deref() == Some(c))
                .map(label)
                .unwrap_or_else(|| c.to_string())
        })
        .unwrap_or_else(|| "(not set)".into());
    let what = format!("{NAME} {from} -> {}", label(chosen));
    let plan: Vec<String> = targets
        .iter()
        .map(|t| format!("{} (value {new_id})", store::describe(ctx, *t, NAME)))
        .collect();
    let message = to_recipient.as_ref().map(|to| {
        (
            to.clone(),
            match &a.template {
                Some(name) => Outgoing::Template {
                    name: name.clone(),
                    language: a.lang.clone(),
                },
                None => Outgoing::Text(format!(
                    "intops test message from the new number {}",
                    ctx.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                )),
            },
        )
    });

    if ctx.ui.dry_run {
        steps.push(
            Step::skipped("switch", format!("dry run: would switch {what}"))
                .with("phone_number_id", new_id.clone()),
        );
        for p in &plan {
            steps.push(Step::skipped("store", format!("dry run: would {p}")));
        }
        steps.push(match &restart {
            Some(r) => Step::skipped("restart", format!("dry run: would {}", r.describe())),
            None => Step::skipped("restart", "no restart action configured"),
        });
        steps.push(subscription(ctx, &client, &waba).await);
        if let Some((to, _)) = &message {
            steps.push(Step::skipped(
                "send",
                format!("dry run: would send a test message to {to} from {new_id}"),
            ));
        }
        steps.push(Step::skipped(
            "timeline",
            "dry run: would record the switch in the open incident",
        ));
        return Ok(report(ctx, steps));
    }

    ctx.confirm(&format!("Switch {what}: {}?", plan.join("; ")))?;
    let value = Secret::plain(new_id.clone());
    let mut stored = true;
    for t in &targets {
        let s = store::store(ctx, *t, NAME, &value).await;
        stored &= s.status == Status::Ok;
        steps.push(s);
        if !stored {
            break;
        }
    }
    steps.push(incident_timeline::record(
        ctx,
        None,
        ActionRun {
            at: ctx.now(),
            action: "whatsapp switch-number".into(),
            undo: false,
            kind: "whatsapp".into(),
            status: if stored { "ok" } else { "crit" }.into(),
            summary: if stored {
                format!("switched {what}")
            } else {
                format!("switch {what} failed while storing")
            },
            mitigation: stored,
        },
    )?);
    if !stored {
        return Ok(report(ctx, steps));
    }
    steps.push(
        Step::ok("switch", format!("switched {what}"))
            .with("from_phone_number_id", current.clone())
            .with("phone_number_id", new_id.clone()),
    );
    if restart.is_some() {
        steps.extend(action::run::run_named(ctx, crate::actions::RESTART, false, None).await?);
    } else {
        steps.push(
            Step::skipped(
                "restart",
                "no restart action configured: restart the service yourself so it reads the new id",
            )
            .hint("configure [PROFILE.actions.restart] (README: \"Actions\") so the switch restarts it"),
        );
    }
    steps.push(subscription(ctx, &client, &waba).await);
    if let Some((to, what)) = &message {
        steps.push(send_step(&client, &new_id, to, what).await);
    }
    Ok(report(ctx, steps))
}

/// Option 2: the WABA's subscribed apps include ours, so the new number's events arrive.
async fn subscription(ctx: &Context, client: &crate::providers::meta::Meta, waba: &str) -> Step {
    let Some(app) = ctx.setting("WHATSAPP_APP_ID") else {
        return Step::unknown(
            "waba subscription",
            "WHATSAPP_APP_ID is not set: cannot tell whether our app is subscribed to the WABA",
        )
        .hint("set WHATSAPP_APP_ID, then `intops webhook status`");
    };
    match client.waba_subscribed_apps(waba).await {
        Ok(apps) => crate::commands::webhook::status::waba_step(&app, waba, &apps),
        Err(e) => e.step("waba subscription"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(id: &str, status: &str, quality: &str, name: &str) -> PhoneNumber {
        PhoneNumber {
            id: Some(id.into()),
            status: Some(status.into()),
            quality_rating: Some(quality.into()),
            name_status: Some(name.into()),
            ..PhoneNumber::default()
        }
    }

    fn args(to: Option<&str>, force: bool) -> SwitchNumberArgs {
        SwitchNumberArgs {
            to: to.map(str::to_string),
            force,
            store: vec![],
            no_restart: false,
            recipient: None,
            template: None,
            lang: "en_US".into(),
        }
    }

    #[test]
    fn a_healthy_backup_is_connected_green_or_yellow_and_approved() {
        assert!(problems(&number("1", "CONNECTED", "YELLOW", "APPROVED")).is_empty());
        assert_eq!(
            problems(&number("1", "FLAGGED", "RED", "APPROVED")),
            ["status FLAGGED", "quality RED"]
        );
        assert_eq!(
            problems(&number("1", "CONNECTED", "UNKNOWN", "PENDING_REVIEW")),
            ["quality UNKNOWN", "display name PENDING_REVIEW"]
        );
        assert_eq!(
            problems(&PhoneNumber::default()).len(),
            3,
            "missing facts are never healthy"
        );
    }

    #[test]
    fn a_number_without_an_id_is_never_picked() {
        let mut no_id = number("", "CONNECTED", "GREEN", "APPROVED");
        let n = [no_id.clone(), number("3", "CONNECTED", "GREEN", "APPROVED")];
        assert_eq!(
            choose(&n, Some("1"), &args(None, false), "W").unwrap().id,
            Some("3".into())
        );
        no_id.id = None;
        let e = choose(&[no_id], Some("1"), &args(None, false), "W").unwrap_err();
        assert!(e.summary.contains("no healthy backup"), "{}", e.summary);
    }

    #[test]
    fn choose_skips_the_current_and_the_unhealthy() {
        let n = [
            number("1", "FLAGGED", "RED", "APPROVED"),
            number("2", "CONNECTED", "GREEN", "DECLINED"),
            number("3", "CONNECTED", "GREEN", "APPROVED"),
        ];
        assert_eq!(
            choose(&n, Some("1"), &args(None, false), "W").unwrap().id,
            Some("3".into())
        );
        let e = choose(&n[..2], Some("1"), &args(None, false), "W").unwrap_err();
        assert_eq!(e.status, Status::Crit);
        assert!(e.summary.contains("no healthy backup"));
        let e = choose(&n, Some("1"), &args(Some("9"), false), "W").unwrap_err();
        assert!(e.summary.contains("9 is not a phone number of WABA W"));
        let e = choose(&n, Some("1"), &args(Some("2"), false), "W").unwrap_err();
        assert!(e.summary.contains("not healthy (display name DECLINED)"));
        assert!(choose(&n, Some("1"), &args(Some("2"), true), "W").is_ok());
        let e = choose(&n, Some("3"), &args(Some("3"), false), "W").unwrap_err();
        assert_eq!(e.status, Status::Warn);
    }
}
