//! The feed list: `[[PROFILE.rets.feeds]]` or the `RETS_*` names, each made into a plan to run.

use super::CheckArgs;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::rets::reso::{ResoAuth, ResoConfig};
use crate::providers::rets::{self, CredentialNames, RetsConfig};
use serde::Deserialize;
use std::time::Duration;
use url::Url;

pub const DEFAULT_CONCURRENCY: usize = 16;
pub(super) const DEFAULT_RESOURCE: &str = "Property";
pub(super) const DEFAULT_CLASS: &str = "RES";
pub(super) const DEFAULT_QUERY: &str = "(ListPrice=0+)";
pub(super) const DEFAULT_LAG_WARN: Duration = Duration::from_secs(3600);
pub(super) const DEFAULT_LAG_CRIT: Duration = Duration::from_secs(24 * 3600);

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

pub(super) fn section(ctx: &Context) -> Result<RetsSection> {
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
pub(super) struct Probe {
    pub(super) resource: String,
    pub(super) class: String,
    pub(super) query: String,
}

#[derive(Debug, Clone)]
pub(super) struct Lag {
    pub(super) warn: Duration,
    pub(super) crit: Duration,
}

pub(super) enum Plan {
    Rets(Box<RetsConfig>, Probe),
    Reso(Box<ResoConfig>, Lag),
}

pub(super) struct Feed {
    pub(super) name: String,
    pub(super) kind: FeedKind,
    /// Where it points (login URL or service root), for the summary data.
    pub(super) target: String,
    /// A feed that cannot run (missing credential, bad URL) is one `unknown` step.
    pub(super) plan: std::result::Result<Plan, Error>,
}

pub(super) fn parse_url(what: &str, v: &str) -> Result<Url> {
    let u = Url::parse(v.trim())
        .map_err(|e| Error::config(format!("{what} is not an absolute URL ({e}): {v:?}")))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(Error::config(format!("{what} must be http(s): {v:?}")));
    }
    Ok(u)
}

pub(super) fn duration(what: &str, v: Option<&str>, default: Duration) -> Result<Duration> {
    match v {
        None => Ok(default),
        Some(s) => humantime::parse_duration(s.trim()).map_err(|e| {
            Error::config(format!("{what} = {s:?}: {e} (use e.g. \"90m\" or \"1h\")"))
        }),
    }
}

pub(super) fn probe(ctx: &Context, a: &CheckArgs, f: Option<&FeedConfig>) -> Probe {
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
pub(super) fn env_feed(ctx: &Context, a: &CheckArgs) -> Result<Plan> {
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

pub(super) fn config_feed(
    ctx: &Context,
    a: &CheckArgs,
    s: &RetsSection,
    f: &FeedConfig,
) -> Result<Plan> {
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

pub(super) fn feed(ctx: &Context, a: &CheckArgs, s: &RetsSection, f: &FeedConfig) -> Feed {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::rets::doctor_configured;

    #[test]
    fn env_key_upper_cases_and_replaces_non_alphanumerics() {
        assert_eq!(env_key("north-shore"), "NORTH_SHORE");
        assert_eq!(env_key("mls.2 west"), "MLS_2_WEST");
    }

    /// The README's config example is the one users copy: it must parse.
    #[test]
    fn readme_config_example_parses() {
        let readme = include_str!("../../../README.md");
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
