//! `intops rets check [--all]`: the MLS feed runbook as steps. RETS 1.x: reach → Login (Digest /
//! Basic, UA auth) → capabilities → Action → GetMetadata SYSTEM → 1-row Search → Logout.
//! RESO Web API: token → `$metadata` → freshness of the newest Property record. One feed from the
//! `RETS_*` names, or every `[[PROFILE.rets.feeds]]` entry concurrently.

use crate::commands::report;
use crate::context::Context;
use crate::error::{ApiError, Cause, Error, Result};
use crate::providers::rets::reso::{Reso, ResoAuth, ResoConfig};
use crate::providers::rets::{self, CredentialNames, RetsConfig, Session};
use crate::report::{Report, Status, Step};
use crate::timefmt::{human, rfc};
use clap::{Args, Subcommand};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;
use url::Url;

#[derive(Debug, Subcommand)]
pub enum RetsCmd {
    /// Login (Digest/Basic + UA auth), capabilities, metadata, a 1-row search, logout; RESO freshness.
    #[command(
        after_help = "Examples:\n  intops rets check                      # RETS_LOGIN_URL, RETS_USERNAME, RETS_PASSWORD\n  intops rets check --class RESI --query '(Status=|A)'\n  intops rets check --feed north-shore   # one [[default.rets.feeds]] entry\n  intops rets check --all --concurrency 32 -o json\n\nPer-feed secrets: RETS_<NAME>_PASSWORD, RETS_<NAME>_UA_PASSWORD, RESO_<NAME>_CLIENT_SECRET or\nRESO_<NAME>_TOKEN (name upper-cased, non-alphanumerics as _)."
    )]
    Check(CheckArgs),
}

#[derive(Debug, Clone, Default, Args)]
pub struct CheckArgs {
    /// Check every feed in [[PROFILE.rets.feeds]] (plus the RETS_* feed when set), concurrently.
    #[arg(long, conflicts_with = "feed")]
    pub all: bool,
    /// Check one configured feed by name.
    #[arg(long, value_name = "NAME")]
    pub feed: Option<String>,
    /// Feeds checked at once with --all [default: 16, or rets.concurrency in the config].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub concurrency: Option<u32>,
    /// RETS search resource (SearchType) [default: Property].
    #[arg(long, value_name = "NAME")]
    pub resource: Option<String>,
    /// RETS search class [default: RES].
    #[arg(long = "class", value_name = "NAME")]
    pub class: Option<String>,
    /// RETS DMQL2 query for the 1-row search [default: (ListPrice=0+)].
    #[arg(long, value_name = "DMQL2")]
    pub query: Option<String>,
}

pub async fn run(ctx: &Context, cmd: RetsCmd) -> Result<Report> {
    match cmd {
        RetsCmd::Check(a) => check(ctx, a).await,
    }
}

/// `intops doctor`: skipped unless one of these is set (or feeds are configured, see
/// [`doctor_configured`]).
pub const DOCTOR_REQUIRES: &[&str] = &["RETS_LOGIN_URL"];

/// `None` when there is something to check; otherwise the name that is missing.
pub fn doctor_configured(ctx: &Context) -> Option<String> {
    let has_feeds = section(ctx).map(|s| !s.feeds.is_empty()).unwrap_or(false);
    if has_feeds || ctx.setting("RETS_LOGIN_URL").is_some() {
        None
    } else {
        Some("RETS_LOGIN_URL".into())
    }
}

/// The doctor's check: every feed, with the default concurrency.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    check(
        ctx,
        CheckArgs {
            all: true,
            ..CheckArgs::default()
        },
    )
    .await
}

pub const DEFAULT_CONCURRENCY: usize = 16;
const DEFAULT_RESOURCE: &str = "Property";
const DEFAULT_CLASS: &str = "RES";
const DEFAULT_QUERY: &str = "(ListPrice=0+)";
const DEFAULT_LAG_WARN: Duration = Duration::from_secs(3600);
const DEFAULT_LAG_CRIT: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedKind {
    #[default]
    Rets,
    Reso,
}

/// One `[[PROFILE.rets.feeds]]` entry. Secrets are never here: they come from env/keyring by the
/// feed's name (see [`env_key`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedConfig {
    pub name: String,
    pub kind: FeedKind,
    // RETS
    pub login_url: Option<String>,
    pub username: Option<String>,
    pub user_agent: Option<String>,
    pub version: Option<String>,
    pub resource: Option<String>,
    pub class: Option<String>,
    pub query: Option<String>,
    // RESO
    pub url: Option<String>,
    pub token_url: Option<String>,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    pub timestamp_field: Option<String>,
    pub filter: Option<String>,
    /// Freshness thresholds, humantime (`90m`, `1h`, `2days`).
    pub lag_warn: Option<String>,
    pub lag_crit: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetsSection {
    pub feeds: Vec<FeedConfig>,
    pub concurrency: Option<usize>,
    pub lag_warn: Option<String>,
    pub lag_crit: Option<String>,
}

fn section(ctx: &Context) -> Result<RetsSection> {
    Ok(ctx
        .config
        .section::<RetsSection>("rets")?
        .unwrap_or_default())
}

/// `RETS_<KEY>_PASSWORD`: the feed name upper-cased, every non-alphanumeric as `_`.
pub fn env_key(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Probe {
    resource: String,
    class: String,
    query: String,
}

#[derive(Debug, Clone)]
struct Lag {
    warn: Duration,
    crit: Duration,
}

enum Plan {
    Rets(Box<RetsConfig>, Probe),
    Reso(Box<ResoConfig>, Lag),
}

struct Feed {
    name: String,
    kind: FeedKind,
    /// Where it points (login URL or service root), for the summary data.
    target: String,
    /// A feed that cannot run (missing credential, bad URL) is one `unknown` step.
    plan: std::result::Result<Plan, Error>,
}

fn parse_url(what: &str, v: &str) -> Result<Url> {
    let u = Url::parse(v.trim())
        .map_err(|e| Error::config(format!("{what} is not an absolute URL ({e}): {v:?}")))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(Error::config(format!("{what} must be http(s): {v:?}")));
    }
    Ok(u)
}

fn duration(what: &str, v: Option<&str>, default: Duration) -> Result<Duration> {
    match v {
        None => Ok(default),
        Some(s) => humantime::parse_duration(s.trim()).map_err(|e| {
            Error::config(format!("{what} = {s:?}: {e} (use e.g. \"90m\" or \"1h\")"))
        }),
    }
}

fn probe(ctx: &Context, a: &CheckArgs, f: Option<&FeedConfig>) -> Probe {
    let pick = |arg: &Option<String>, feed: Option<&Option<String>>, env: &str, def: &str| {
        arg.clone()
            .or_else(|| feed.and_then(|x| x.clone()))
            .or_else(|| ctx.setting(env))
            .unwrap_or_else(|| def.to_string())
    };
    Probe {
        resource: pick(
            &a.resource,
            f.map(|f| &f.resource),
            "RETS_RESOURCE",
            DEFAULT_RESOURCE,
        ),
        class: pick(&a.class, f.map(|f| &f.class), "RETS_CLASS", DEFAULT_CLASS),
        query: pick(&a.query, f.map(|f| &f.query), "RETS_QUERY", DEFAULT_QUERY),
    }
}

/// The single feed from `RETS_LOGIN_URL`, `RETS_USERNAME`, `RETS_PASSWORD`, ...
fn env_feed(ctx: &Context, a: &CheckArgs) -> Result<Plan> {
    let login_url = parse_url("RETS_LOGIN_URL", &ctx.require_setting("RETS_LOGIN_URL")?)?;
    let username = ctx.require_setting("RETS_USERNAME")?;
    let password = ctx.secrets.get("RETS_PASSWORD")?;
    let cfg = RetsConfig {
        login_url,
        username,
        password,
        user_agent: ctx
            .setting("RETS_USER_AGENT")
            .unwrap_or_else(|| rets::DEFAULT_USER_AGENT.to_string()),
        ua_password: ctx.secrets.optional("RETS_UA_PASSWORD"),
        version: rets::normalize_version(
            &ctx.setting("RETS_VERSION")
                .unwrap_or_else(|| rets::DEFAULT_VERSION.into()),
        ),
        names: CredentialNames::env(),
    };
    Ok(Plan::Rets(Box::new(cfg), probe(ctx, a, None)))
}

fn config_feed(ctx: &Context, a: &CheckArgs, s: &RetsSection, f: &FeedConfig) -> Result<Plan> {
    let key = env_key(&f.name);
    let need = |v: &Option<String>, field: &str| {
        v.clone().filter(|x| !x.trim().is_empty()).ok_or_else(|| {
            Error::config(format!(
                "feed {:?} has no {field} in the config file",
                f.name
            ))
        })
    };
    match f.kind {
        FeedKind::Rets => {
            let login_url = parse_url(
                &format!("feed {:?} login_url", f.name),
                &need(&f.login_url, "login_url")?,
            )?;
            let username = match f.username.clone().filter(|u| !u.is_empty()) {
                Some(u) => u,
                None => ctx.require_setting(&format!("RETS_{key}_USERNAME"))?,
            };
            let names = CredentialNames {
                username: format!("the feed's username (or RETS_{key}_USERNAME)"),
                password: format!("RETS_{key}_PASSWORD"),
                user_agent: "the feed's user_agent".into(),
                ua_password: format!("RETS_{key}_UA_PASSWORD"),
                version: "the feed's version".into(),
                rerun: format!("intops rets check --feed {}", f.name),
            };
            let cfg = RetsConfig {
                login_url,
                username,
                password: ctx.secrets.get(&names.password)?,
                user_agent: f
                    .user_agent
                    .clone()
                    .unwrap_or_else(|| rets::DEFAULT_USER_AGENT.to_string()),
                ua_password: ctx.secrets.optional(&names.ua_password),
                version: rets::normalize_version(
                    f.version.as_deref().unwrap_or(rets::DEFAULT_VERSION),
                ),
                names,
            };
            Ok(Plan::Rets(Box::new(cfg), probe(ctx, a, Some(f))))
        }
        FeedKind::Reso => {
            let root = parse_url(&format!("feed {:?} url", f.name), &need(&f.url, "url")?)?;
            let token_name = format!("RESO_{key}_TOKEN");
            let secret_name = format!("RESO_{key}_CLIENT_SECRET");
            let (auth, names) = match &f.token_url {
                Some(t) => (
                    ResoAuth::ClientCredentials {
                        token_url: parse_url(&format!("feed {:?} token_url", f.name), t)?,
                        client_id: need(&f.client_id, "client_id")?,
                        client_secret: ctx.secrets.get(&secret_name)?,
                        scope: f.scope.clone(),
                    },
                    format!("client_id / {secret_name}"),
                ),
                None => (ResoAuth::Bearer(ctx.secrets.get(&token_name)?), token_name),
            };
            let lag = Lag {
                warn: duration(
                    "lag_warn",
                    f.lag_warn.as_deref().or(s.lag_warn.as_deref()),
                    DEFAULT_LAG_WARN,
                )?,
                crit: duration(
                    "lag_crit",
                    f.lag_crit.as_deref().or(s.lag_crit.as_deref()),
                    DEFAULT_LAG_CRIT,
                )?,
            };
            let cfg = ResoConfig {
                root,
                auth,
                resource: f.resource.clone().unwrap_or_else(|| "Property".into()),
                timestamp_field: f
                    .timestamp_field
                    .clone()
                    .unwrap_or_else(|| "ModificationTimestamp".into()),
                filter: f.filter.clone(),
                secret_name: names,
                rerun: format!("intops rets check --feed {}", f.name),
            };
            Ok(Plan::Reso(Box::new(cfg), lag))
        }
    }
}

fn feed(ctx: &Context, a: &CheckArgs, s: &RetsSection, f: &FeedConfig) -> Feed {
    let target = match f.kind {
        FeedKind::Rets => f.login_url.clone(),
        FeedKind::Reso => f.url.clone(),
    }
    .unwrap_or_default();
    Feed {
        name: f.name.clone(),
        kind: f.kind,
        target,
        plan: config_feed(ctx, a, s, f),
    }
}

pub async fn check(ctx: &Context, a: CheckArgs) -> Result<Report> {
    let s = section(ctx)?;
    for (i, f) in s.feeds.iter().enumerate() {
        if f.name.trim().is_empty() {
            return Err(Error::config(format!(
                "rets.feeds entry {} has no name: every feed needs a unique name (it picks its secrets)",
                i + 1
            )));
        }
        if s.feeds[..i]
            .iter()
            .any(|g| env_key(&g.name) == env_key(&f.name))
        {
            return Err(Error::config(format!(
                "two rets feeds are named {:?} (or names that map to the same RETS_{}_* secrets)",
                f.name,
                env_key(&f.name)
            )));
        }
    }
    if a.all {
        return check_all(ctx, &a, &s).await;
    }
    let plan = if let Some(name) = &a.feed {
        let f = s.feeds.iter().find(|f| f.name == *name).ok_or_else(|| {
            let names: Vec<_> = s.feeds.iter().map(|f| f.name.as_str()).collect();
            Error::usage(format!(
                "no rets feed named {name:?} (configured: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        })?;
        config_feed(ctx, &a, &s, f)?
    } else if ctx.setting("RETS_LOGIN_URL").is_some() || s.feeds.is_empty() {
        env_feed(ctx, &a)?
    } else if s.feeds.len() == 1 {
        config_feed(ctx, &a, &s, &s.feeds[0])?
    } else {
        let names: Vec<_> = s.feeds.iter().map(|f| f.name.as_str()).collect();
        return Err(Error::usage(format!(
            "{} rets feeds are configured ({}): pass --all, or --feed NAME",
            names.len(),
            names.join(", ")
        )));
    };
    Ok(report(ctx, run_plan(ctx, plan).await))
}

async fn run_plan(ctx: &Context, plan: Plan) -> Vec<Step> {
    match plan {
        Plan::Rets(cfg, p) => check_rets(ctx, *cfg, &p).await,
        Plan::Reso(cfg, lag) => check_reso(ctx, *cfg, &lag).await,
    }
}

async fn check_all(ctx: &Context, a: &CheckArgs, s: &RetsSection) -> Result<Report> {
    let mut feeds: Vec<Feed> = Vec::new();
    if ctx.setting("RETS_LOGIN_URL").is_some() {
        feeds.push(Feed {
            name: "env".into(),
            kind: FeedKind::Rets,
            target: ctx.setting("RETS_LOGIN_URL").unwrap_or_default(),
            plan: env_feed(ctx, a),
        });
    }
    feeds.extend(s.feeds.iter().map(|f| feed(ctx, a, s, f)));
    if feeds.is_empty() {
        return Err(Error::config(
            "no RETS/RESO feeds to check: add [[default.rets.feeds]] entries to config.toml, or set RETS_LOGIN_URL, RETS_USERNAME and RETS_PASSWORD",
        ));
    }
    let n = a
        .concurrency
        .map(|c| c as usize)
        .or(s.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY)
        .max(1);
    let bar = ctx.ui.show_progress().then(|| {
        let pb = indicatif::ProgressBar::new(feeds.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} checking feeds {pos}/{len} {wide_bar} {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    let mut results: Vec<(usize, Step)> = futures::stream::iter(feeds.into_iter().enumerate())
        .map(|(i, f)| async move { (i, feed_step(ctx, f).await) })
        .buffer_unordered(n)
        .inspect(|_| {
            if let Some(pb) = &bar {
                pb.inc(1);
            }
        })
        .collect()
        .await;
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    results.sort_by_key(|(i, _)| *i);
    Ok(report(ctx, results.into_iter().map(|(_, s)| s).collect()))
}

/// One row per feed: its worst status, the line that explains it, and every step in `data`.
async fn feed_step(ctx: &Context, f: Feed) -> Step {
    let kind = match f.kind {
        FeedKind::Rets => "rets",
        FeedKind::Reso => "reso",
    };
    let steps = match f.plan {
        Ok(plan) => run_plan(ctx, plan).await,
        Err(e) => vec![Step::unknown("config", e.line()).maybe_hint(e.hint())],
    };
    let worst = steps.iter().fold(Status::Ok, |acc, s| acc.worst(s.status));
    let culprit = steps
        .iter()
        .find(|s| s.status == worst && worst != Status::Ok);
    let (summary, hint) = match culprit {
        Some(s) => (format!("{}: {}", s.name, s.summary), s.hint.clone()),
        None => {
            let key = steps
                .iter()
                .find(|s| s.name == "search" || s.name == "freshness")
                .or_else(|| steps.last());
            (
                key.map(|s| format!("{kind} ok: {}", s.summary))
                    .unwrap_or_else(|| format!("{kind} ok")),
                None,
            )
        }
    };
    let mut step = Step::new(f.name.clone(), worst, summary)
        .maybe_hint(hint)
        .with("kind", kind)
        .with("target", crate::redact::redact(&f.target))
        .with("steps", serde_json::to_value(&steps).unwrap_or(Value::Null));
    for s in &steps {
        for (m, v) in &s.metrics {
            step = step.metric(m, *v);
        }
    }
    step
}

/// The summary of a failed vendor call: its own words, plus code and HTTP status.
fn fail(name: &str, e: &ApiError) -> Step {
    let mut s = e.step(name);
    if matches!(e.cause, Cause::TokenInvalid | Cause::Network) {
        let mut extra = Vec::new();
        if let Some(c) = &e.code {
            extra.push(format!("code {c}"));
        }
        if let Some(h) = e.http_status {
            extra.push(format!("HTTP {h}"));
        }
        s.summary = if extra.is_empty() {
            e.message.clone()
        } else {
            format!("{} ({})", e.message, extra.join(", "))
        };
    }
    s
}

async fn check_rets(ctx: &Context, cfg: RetsConfig, p: &Probe) -> Vec<Step> {
    let mut steps = Vec::new();
    let host = format!(
        "{}:{}",
        cfg.login_url.host_str().unwrap_or("?"),
        cfg.login_url.port_or_known_default().unwrap_or(0)
    );
    let requested_version = cfg.version.clone();
    let mut session = Session::new(ctx.http.clone(), cfg);
    let login = session.login().await;
    match (&login, &session.contact) {
        (Err(e), _) if e.cause == Cause::Network => {
            steps.push(
                fail("reach", e)
                    .with("host", host.clone())
                    .with("phase", rets::network_phase(e).unwrap_or("connection"))
                    .hint(format!(
                        "network, not credentials: check DNS, firewall/VPN and the MLS's status for {host}; confirm the login URL with the brokerage admin"
                    )),
            );
            steps.push(Step::skipped(
                "login",
                "not attempted: the server is unreachable",
            ));
            return steps;
        }
        (_, Some(c)) => {
            let over = if c.tls { "TLS" } else { "plain HTTP" };
            let challenge = c
                .challenge
                .as_deref()
                .map(|ch| {
                    if c.offered.len() > 1 {
                        format!(", offered {}; intops answers {ch}", c.offered.join(", "))
                    } else {
                        format!(", asked for {ch} auth")
                    }
                })
                .unwrap_or_default();
            steps.push(
                Step::ok(
                    "reach",
                    format!(
                        "{host} answered HTTP {} over {over} in {} ms{challenge}",
                        c.status,
                        c.elapsed.as_millis()
                    ),
                )
                .with("host", host.clone())
                .with("tls", c.tls)
                .with("first_status", c.status)
                .metric("rets_reach_seconds", c.elapsed.as_secs_f64()),
            );
        }
        (_, None) => {}
    }
    let login = match login {
        Ok(l) => l,
        Err(e) => {
            steps.push(fail("login", &e));
            return steps;
        }
    };
    let member = login
        .body
        .member_name()
        .or_else(|| login.body.user_id())
        .unwrap_or("?")
        .to_string();
    let mut how = login.auth_scheme.unwrap_or("no").to_string() + " auth";
    if login.ua_auth {
        how.push_str(" + UA auth");
    }
    let server_version = login.server_version.clone().unwrap_or_default();
    let mut step = Step::ok(
        "login",
        format!(
            "logged in as {member} ({how}); server speaks {}",
            if server_version.is_empty() {
                "an unstated RETS version"
            } else {
                &server_version
            }
        ),
    )
    .with("member_name", member.clone())
    .with("user", login.body.get("User").unwrap_or(""))
    .with("broker", login.body.get("Broker").unwrap_or(""))
    .with("auth", login.auth_scheme.unwrap_or("none"))
    .with("ua_auth", login.ua_auth)
    .with("rets_version_sent", requested_version.clone())
    .with("rets_version_server", server_version.clone())
    .with("reply_text", login.reply.text.clone())
    .metric("rets_login_seconds", login.elapsed.as_secs_f64());
    if let Some(v) = login.body.metadata_version() {
        step = step.with("metadata_version", v);
    }
    if let Some(t) = login.body.timeout_seconds() {
        step = step.with("timeout_seconds", t);
    }
    if !login.body.info.is_empty() {
        let info: serde_json::Map<String, Value> = login
            .body
            .info
            .iter()
            .map(|i| (i.name.clone(), Value::String(i.value.clone())))
            .collect();
        step = step.with("info", Value::Object(info));
    }
    steps.push(step);

    let caps = &login.capabilities;
    let listed: Vec<String> = caps.keys().cloned().collect();
    let urls: serde_json::Map<String, Value> = caps
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.to_string())))
        .collect();
    let cap_step = if !caps.contains_key("Search") {
        Step::crit(
            "capabilities",
            format!("no Search capability in the login reply (got {})", listed.join(", ")),
        )
        .hint("the account cannot query listings: ask the brokerage admin to enable RETS search for it")
    } else if !login.bad_urls.is_empty() {
        let bad: Vec<String> = login
            .bad_urls
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        Step::warn(
            "capabilities",
            format!("capability URLs that do not resolve: {}", bad.join(", ")),
        )
    } else if !caps.contains_key("GetMetadata") {
        Step::warn(
            "capabilities",
            format!("no GetMetadata capability ({} listed)", listed.join(", ")),
        )
    } else {
        Step::ok(
            "capabilities",
            format!(
                "{} capability URLs resolved: {}",
                caps.len(),
                listed.join(", ")
            ),
        )
    };
    steps.push(cap_step.with("urls", Value::Object(urls)));

    if let Some(u) = caps.get("Action").cloned() {
        steps.push(match session.action(&u).await {
            Ok(r) => Step::ok(
                "action",
                format!("Action URL answered HTTP {} ({} bytes)", r.status, r.bytes),
            ),
            Err(e) => {
                let mut s = fail("action", &e);
                if s.status == Status::Crit && e.cause != Cause::TokenInvalid {
                    s.status = Status::Warn;
                }
                s
            }
        });
    }

    if let Some(u) = caps.get("GetMetadata").cloned() {
        steps.push(match session.metadata_system(&u).await {
            Ok((_, m)) => Step::ok(
                "metadata",
                format!(
                    "METADATA-SYSTEM {}{} version {}{}",
                    m.system_id.as_deref().unwrap_or("?"),
                    m.description
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    m.version.as_deref().unwrap_or("?"),
                    m.date
                        .as_deref()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default()
                ),
            )
            .with("system_id", m.system_id.unwrap_or_default())
            .with("version", m.version.unwrap_or_default())
            .with("date", m.date.unwrap_or_default()),
            Err(e) => {
                let mut s = fail("metadata", &e);
                // Metadata trouble alone does not stop a feed; auth and network do.
                if matches!(
                    e.cause,
                    Cause::Upstream | Cause::BadRequest | Cause::Malformed
                ) {
                    s.status = Status::Warn;
                }
                s
            }
        });
    }

    if let Some(u) = caps.get("Search").cloned() {
        let what = format!("{}/{} {}", p.resource, p.class, p.query);
        steps.push(
            match session.search(&u, &p.resource, &p.class, &p.query).await {
                Ok((reply, _)) if reply.code == 20201 => Step::warn(
                    "search",
                    format!("no records match {what} (20201)"),
                )
                .hint("the feed may be stale or the query too narrow: ask the MLS whether listings are being updated, or widen --query")
                .with("records", 0)
                .metric("rets_search_records", 0.0),
                // Count=1 was asked for; a reply without COUNT says nothing about how many match.
                Ok((reply, r)) if r.count.is_none() => Step::ok(
                    "search",
                    format!(
                        "{} row(s) returned for {what}; the server sent no COUNT, so the number of matches is unknown",
                        r.rows.len()
                    ),
                )
                .with("records", serde_json::Value::Null)
                .with("rows_returned", r.rows.len())
                .with("reply_code", reply.code),
                Ok((reply, r)) => {
                    let count = r.count.unwrap_or_default();
                    let first = r
                        .columns
                        .first()
                        .zip(r.rows.first().and_then(|row| row.first()))
                        .map(|(k, v)| format!("; first row {k}={v}"))
                        .unwrap_or_default();
                    let capped = if reply.code == 20208 { " (server cap reached, 20208)" } else { "" };
                    Step::ok(
                        "search",
                        format!("{count} records match {what}{capped}{first}"),
                    )
                    .with("records", count)
                    .with("columns", r.columns.len())
                    .with("rows_returned", r.rows.len())
                    .with("maxrows", r.maxrows)
                    .with("delimiter", format!("{:02X}", r.delimiter as u32))
                    .metric("rets_search_records", count as f64)
                }
                Err(e) => fail("search", &e),
            }
            .with("resource", p.resource.clone())
            .with("class", p.class.clone())
            .with("query", p.query.clone()),
        );
    }
    if session.relogins > 0 {
        steps.push(
            Step::warn(
                "session",
                "the server dropped the session mid-check; one re-login recovered it",
            )
            .hint("a load balancer switching nodes drops RETS sessions (Rapattoni and others): tell the MLS if it repeats; keep one login per run")
            .with("relogins", session.relogins),
        );
    }

    // Always log out: single-session servers lock the account otherwise.
    steps.push(match caps.get("Logout").cloned() {
        None => Step::warn("logout", "the server offers no Logout URL: the session stays open until it times out"),
        Some(u) => match session.logout(&u).await {
            Ok(Some(r)) if r.is_ok() => Step::ok(
                "logout",
                if r.text.is_empty() { "logged out".to_string() } else { format!("logged out: \"{}\"", r.text) },
            ),
            Ok(Some(r)) => Step::warn("logout", format!("Logout answered ReplyCode {}: \"{}\"", r.code, r.text)),
            Ok(None) => Step::ok("logout", "logged out (the reply was not RETS XML)"),
            Err(e) => {
                let mut s = fail("logout", &e);
                // Logout trouble never fails a check beyond warn.
                s.status = Status::Warn;
                s.hint = Some("the session may stay open until the server times it out; a single-session account can be locked meanwhile".into());
                s
            }
        },
    });
    steps
}

async fn check_reso(ctx: &Context, cfg: ResoConfig, lag: &Lag) -> Vec<Step> {
    let mut steps = Vec::new();
    let client = Reso::new(ctx.http.clone(), cfg);
    let token = match client.token().await {
        Ok(t) => {
            steps.push(match (&client.cfg.auth, t.expires_in) {
                (ResoAuth::Bearer(_), _) => Step::ok(
                    "token",
                    format!("bearer token from {}", client.cfg.secret_name),
                ),
                (_, Some(s)) => Step::ok(
                    "token",
                    format!("client-credentials token issued, expires in {s} s"),
                )
                .with("expires_in", s),
                (_, None) => Step::ok("token", "client-credentials token issued"),
            });
            t.token
        }
        Err(e) => {
            steps.push(fail("token", &e));
            return steps;
        }
    };
    match client.metadata(&token).await {
        Ok(m) => steps.push(
            match &m.odata_version {
                Some(v) => Step::ok(
                    "metadata",
                    format!(
                        "$metadata reachable: {} entity sets, OData-Version {v}",
                        m.entity_sets
                    ),
                ),
                None => Step::warn(
                    "metadata",
                    format!(
                        "$metadata reachable ({} entity sets) but no OData-Version header",
                        m.entity_sets
                    ),
                ),
            }
            .with("entity_sets", m.entity_sets)
            .with("bytes", m.bytes),
        ),
        Err(e) => {
            let network_or_auth = matches!(e.cause, Cause::Network | Cause::TokenInvalid);
            steps.push(fail("metadata", &e));
            if network_or_auth {
                return steps;
            }
        }
    }
    let resource = client.cfg.resource.clone();
    let field = client.cfg.timestamp_field.clone();
    let freshness_hint = format!(
        "properties are not being updated: ask the MLS / feed vendor whether the {resource} feed is paused (runbook: MLS feed); thresholds: lag_warn / lag_crit in the feed config"
    );
    steps.push(match client.newest(&token).await {
        Ok(None) => {
            Step::warn("freshness", format!("{resource} returned no records")).hint(freshness_hint)
        }
        Ok(Some(n)) => match n.modified {
            None => Step::unknown(
                "freshness",
                format!(
                    "newest {resource} record has no readable {field} ({})",
                    n.raw.as_deref().unwrap_or("missing")
                ),
            )
            .hint("set timestamp_field in the feed config to the server's modification field"),
            Some(t) => {
                let age = ctx.now() - t;
                let secs = age.num_seconds().max(0) as u64;
                let key = n
                    .key
                    .as_deref()
                    .map(|k| format!(", {k}"))
                    .unwrap_or_default();
                let ts = rfc(t);
                let base = format!(
                    "newest {resource} record is {} old ({field} {ts}{key})",
                    human(age)
                );
                let step = if secs > lag.crit.as_secs() {
                    Step::crit(
                        "freshness",
                        format!(
                            "properties are not being updated: {base}, over {}",
                            humantime::format_duration(lag.crit)
                        ),
                    )
                    .hint(freshness_hint)
                } else if secs > lag.warn.as_secs() {
                    Step::warn(
                        "freshness",
                        format!("{base}, over {}", humantime::format_duration(lag.warn)),
                    )
                    .hint(freshness_hint)
                } else {
                    Step::ok("freshness", base)
                };
                step.with("lag_seconds", secs)
                    .with("newest_modified", ts)
                    .with("lag_warn_seconds", lag.warn.as_secs())
                    .with("lag_crit_seconds", lag.crit.as_secs())
                    .metric("reso_lag_seconds", secs as f64)
            }
        },
        Err(e) if e.cause == Cause::BadRequest => {
            freshness_by_count(ctx, &client, &token, lag, &freshness_hint, &e).await
        }
        Err(e) => fail("freshness", &e),
    });
    steps
}

/// Servers that refuse `$orderby` (MLS Grid is reported to): count the records modified inside
/// the warn window, then inside the crit window.
async fn freshness_by_count(
    ctx: &Context,
    client: &Reso,
    token: &crate::secrets::Secret,
    lag: &Lag,
    hint: &str,
    refused: &ApiError,
) -> Step {
    let resource = &client.cfg.resource;
    let field = &client.cfg.timestamp_field;
    let window = |d: Duration| ctx.now() - chrono::Duration::from_std(d).unwrap_or_default();
    let how = format!(
        "($orderby refused: {}; counted by {field} instead)",
        refused.message
    );
    let recent = match client.modified_since(token, window(lag.warn)).await {
        Ok(n) => n,
        Err(e) => return fail("freshness", &e),
    };
    let w = humantime::format_duration(lag.warn);
    if recent > 0 {
        return Step::ok(
            "freshness",
            format!("{recent} {resource} records modified in the last {w} {how}"),
        )
        .with("modified_in_warn_window", recent);
    }
    let older = match client.modified_since(token, window(lag.crit)).await {
        Ok(n) => n,
        Err(e) => return fail("freshness", &e),
    };
    let c = humantime::format_duration(lag.crit);
    if older > 0 {
        Step::warn(
            "freshness",
            format!("no {resource} record modified in the last {w}, {older} in the last {c} {how}"),
        )
        .hint(hint)
        .with("modified_in_crit_window", older)
    } else {
        Step::crit(
            "freshness",
            format!("properties are not being updated: no {resource} record modified in the last {c} {how}"),
        )
        .hint(hint)
        .with("modified_in_crit_window", 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_key_upper_cases_and_replaces_non_alphanumerics() {
        assert_eq!(env_key("north-shore"), "NORTH_SHORE");
        assert_eq!(env_key("mls.2 west"), "MLS_2_WEST");
    }

    /// The README's config example is the one users copy: it must parse.
    #[test]
    fn readme_config_example_parses() {
        let readme = include_str!("../../README.md");
        let at = readme.find("**Many feeds.**").expect("rets README section");
        let block = &readme[at..];
        let start = block.find("```toml\n").unwrap() + 8;
        let end = block[start..].find("```").unwrap();
        let table: toml::Table = toml::from_str(&block[start..start + end]).unwrap();
        let s: RetsSection = table["default"]["rets"].clone().try_into().unwrap();
        assert_eq!(s.feeds.len(), 2);
        assert_eq!(s.feeds[1].kind, FeedKind::Reso);
        assert_eq!(s.concurrency, Some(16));
    }

    #[test]
    fn doctor_runs_only_when_a_feed_is_configured() {
        let ctx = Context::for_tests(&[]);
        assert_eq!(doctor_configured(&ctx).as_deref(), Some("RETS_LOGIN_URL"));
        let ctx = Context::for_tests(&[("RETS_LOGIN_URL", "https://rets.example/login")]);
        assert_eq!(doctor_configured(&ctx), None);
    }

    #[test]
    fn freshness_thresholds_read_humantime() {
        assert_eq!(
            duration("lag_warn", Some("90m"), DEFAULT_LAG_WARN).unwrap(),
            Duration::from_secs(5400)
        );
        assert_eq!(
            duration("lag_warn", None, DEFAULT_LAG_WARN).unwrap(),
            DEFAULT_LAG_WARN
        );
        let e = duration("lag_crit", Some("soon"), DEFAULT_LAG_CRIT).unwrap_err();
        assert!(e.to_string().contains("lag_crit"), "{e}");
    }
}
