//! Named mitigations from the config file (`[PROFILE.actions.NAME]`): the runbook's "restart the
//! service", "turn on the Gmail fallback". Four kinds, each with its own runner: `http`, `command`
//! (an argv, never a shell), `sql` (one statement against `DATABASE_URL`) and `redis` (one command).
//! Actions come only from the config file, never from the environment or the command line, so a
//! leaked environment cannot make intops run something new.

mod command;
mod http;
mod redis;
mod sql;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::Status;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// The names the incident flows look for.
pub const RESTART: &str = "restart";
pub const GMAIL_FALLBACK: &str = "gmail-fallback";

/// How much of a command's output (or a response body) a report keeps.
pub const OUTPUT_LIMIT: usize = 16 * 1024;

/// Default for an action without `timeout` and no `--timeout`.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// `Debug` masks what an action can carry literally: header values of credential headers, and
/// anything [`crate::redact::redact`] recognises in URLs, bodies, argv and statements.
#[derive(Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Kind {
    /// `method`, `url`, `headers`, `body`; `${NAME}` in them is replaced by the secret NAME.
    Http {
        #[serde(default = "default_method")]
        method: String,
        url: String,
        #[serde(default)]
        headers: BTreeMap<String, String>,
        #[serde(default)]
        body: Option<String>,
    },
    /// `argv` run without a shell; `env` names secrets handed to it in its environment (never in
    /// its arguments, which `ps` shows to every user).
    Command {
        argv: Vec<String>,
        #[serde(default)]
        env: Vec<String>,
    },
    /// One statement against the database in `url_from` (default `DATABASE_URL`).
    Sql {
        statement: String,
        #[serde(default = "default_database")]
        url_from: String,
    },
    /// One command (`["SET", "key", "1"]`) against the Redis in `url_from` (default `REDIS_URL`).
    Redis {
        command: Vec<String>,
        #[serde(default = "default_redis")]
        url_from: String,
    },
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::redact::redact;
        let all = |v: &[String]| v.iter().map(|a| redact(a)).collect::<Vec<_>>();
        match self {
            Kind::Http {
                method,
                url,
                headers,
                body,
            } => f
                .debug_struct("Http")
                .field("method", method)
                .field("url", &redact(url))
                .field(
                    "headers",
                    &headers
                        .iter()
                        .map(|(k, v)| (k, redact(&shown_header(k, v))))
                        .collect::<BTreeMap<_, _>>(),
                )
                .field("body", &body.as_deref().map(redact))
                .finish(),
            Kind::Command { argv, env } => f
                .debug_struct("Command")
                .field("argv", &all(argv))
                .field("env", env)
                .finish(),
            Kind::Sql {
                statement,
                url_from,
            } => f
                .debug_struct("Sql")
                .field("statement", &redact(statement))
                .field("url_from", url_from)
                .finish(),
            Kind::Redis { command, url_from } => f
                .debug_struct("Redis")
                .field("command", &all(command))
                .field("url_from", url_from)
                .finish(),
        }
    }
}

fn default_method() -> String {
    "POST".into()
}
fn default_database() -> String {
    "DATABASE_URL".into()
}
fn default_redis() -> String {
    "REDIS_URL".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    #[serde(flatten)]
    pub kind: Kind,
    #[serde(default)]
    pub description: Option<String>,
    /// The action that reverses this one (`action run NAME --undo` runs it).
    #[serde(default)]
    pub undo: Option<String>,
    /// Seconds.
    #[serde(default)]
    pub timeout: Option<f64>,
    /// Whether a successful run counts as the incident's mitigation (stops the SLA clock).
    /// Default: yes, except for undo actions (a fallback turned off mitigates nothing).
    #[serde(default)]
    pub mitigation: Option<bool>,
}

impl Action {
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Http { .. } => "http",
            Kind::Command { .. } => "command",
            Kind::Sql { .. } => "sql",
            Kind::Redis { .. } => "redis",
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
            .filter(|t| *t > 0.0 && t.is_finite())
            .map(Duration::from_secs_f64)
            .unwrap_or(DEFAULT_TIMEOUT)
    }

    /// Exactly what would run, with secrets by name (`${NAME}`), never by value.
    pub fn describe(&self) -> String {
        let text = match &self.kind {
            Kind::Http {
                method,
                url,
                headers,
                body,
            } => {
                let mut s = format!("{} {url}", method.to_uppercase());
                for (k, v) in headers {
                    s.push_str(&format!("\n  header {k} = {:?}", shown_header(k, v)));
                }
                if let Some(b) = body {
                    s.push_str(&format!("\n  body: {b}"));
                }
                s
            }
            Kind::Command { argv, env } => {
                let mut s = format!("run {}", shell_words(argv));
                if !env.is_empty() {
                    s.push_str(&format!(" (environment: {})", env.join(", ")));
                }
                s
            }
            Kind::Sql {
                statement,
                url_from,
            } => format!("SQL on {url_from}: {statement}"),
            Kind::Redis { command, url_from } => {
                format!("Redis on {url_from}: {}", shell_words(command))
            }
        };
        crate::redact::redact(&text)
    }

    /// Check what can be checked without running anything.
    fn validate(&self, name: &str) -> Result<()> {
        let bad = |why: &str| Err(Error::config(format!("action {name}: {why}")));
        match &self.kind {
            Kind::Command { argv, .. } if argv.is_empty() => bad("argv is empty"),
            Kind::Redis { command, .. } if command.is_empty() => bad("command is empty"),
            Kind::Sql { statement, .. } if statement.trim().is_empty() => bad("statement is empty"),
            Kind::Http { method, .. }
                if reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).is_err() =>
            {
                bad(&format!("{method:?} is not an HTTP method"))
            }
            _ => Ok(()),
        }
    }
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    /// One line: exit status, HTTP status, rows affected, Redis reply.
    pub summary: String,
    /// Output, redacted and cut to [`OUTPUT_LIMIT`].
    pub output: String,
}

impl Outcome {
    fn ok(summary: impl Into<String>, output: impl AsRef<str>) -> Self {
        Outcome {
            status: Status::Ok,
            summary: crate::redact::redact(&summary.into()),
            output: clip(output.as_ref()),
        }
    }
    fn failed(summary: impl Into<String>, output: impl AsRef<str>) -> Self {
        Outcome {
            status: Status::Crit,
            summary: crate::redact::redact(&summary.into()),
            output: clip(output.as_ref()),
        }
    }
}

/// Redact, then cut to the limit on a character boundary.
pub fn clip(s: &str) -> String {
    let s = crate::redact::redact(s);
    if s.len() <= OUTPUT_LIMIT {
        return s;
    }
    let mut end = OUTPUT_LIMIT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [cut at {} bytes]", &s[..end], OUTPUT_LIMIT)
}

/// The actions of this profile, by name. A malformed entry is an error naming it.
pub fn all(ctx: &Context) -> Result<BTreeMap<String, Action>> {
    let Some(table) = ctx.config.extra.get("actions") else {
        return Ok(BTreeMap::new());
    };
    let table = table.as_table().ok_or_else(|| {
        Error::config(format!(
            "[{}.actions] must be a table of named actions",
            ctx.profile
        ))
    })?;
    let mut out = BTreeMap::new();
    for (name, v) in table {
        let a: Action = v.clone().try_into().map_err(|e: toml::de::Error| {
            Error::config(format!(
                "[{}.actions.{name}] in the config file: {}",
                ctx.profile,
                e.message()
            ))
        })?;
        a.validate(name)?;
        out.insert(name.clone(), a);
    }
    for (name, a) in &out {
        if let Some(u) = &a.undo {
            if !out.contains_key(u) {
                return Err(Error::config(format!(
                    "action {name}: its undo {u:?} is not an action of profile {}",
                    ctx.profile
                )));
            }
        }
    }
    Ok(out)
}

/// One action by name, or an error that lists the configured ones and shows how to add it.
pub fn find(ctx: &Context, name: &str) -> Result<Action> {
    let mut all = all(ctx)?;
    all.remove(name).ok_or_else(|| {
        let known: Vec<String> = all.keys().cloned().collect();
        Error::config(format!(
            "no action {name:?} in profile {} (configured: {}); add a [{}.actions.{name}] table to {} (README: \"Actions\")",
            ctx.profile,
            if known.is_empty() { "none".into() } else { known.join(", ") },
            ctx.profile,
            ctx.paths.config_file.display()
        ))
    })
}

/// Run it: secrets resolved now (a missing one stops before anything runs), bounded by the
/// action's timeout. Never called under `--dry-run`.
pub async fn execute(ctx: &Context, action: &Action) -> Result<Outcome> {
    let timeout = action.timeout();
    match &action.kind {
        Kind::Http {
            method,
            url,
            headers,
            body,
        } => http::run(ctx, method, url, headers, body.as_deref(), timeout).await,
        Kind::Command { argv, env } => command::run(ctx, argv, env, timeout).await,
        Kind::Sql {
            statement,
            url_from,
        } => sql::run(ctx, statement, url_from, timeout).await,
        Kind::Redis { command, url_from } => redis::run(ctx, command, url_from, timeout).await,
    }
}

/// Replace `${NAME}` by the secret NAME (same lookup as every command). A missing one is the
/// usual missing-credential error.
fn expand(ctx: &Context, text: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(Error::config(format!(
                "unclosed ${{ in an action: {}",
                crate::redact::redact(text)
            )));
        };
        let name = &after[..end];
        out.push_str(ctx.secrets.get(name)?.expose());
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A header value for display: secrets referenced by name stay visible (`Bearer ${TOKEN}`); a
/// literal credential written into the config file is masked.
fn shown_header(name: &str, value: &str) -> String {
    let n = name.to_ascii_lowercase();
    let sensitive = ["auth", "key", "token", "secret", "cookie", "signature"]
        .iter()
        .any(|w| n.contains(w));
    if value.contains("${") || !sensitive {
        value.to_string()
    } else {
        "***".into()
    }
}

/// An argv as a person would type it, quoted where needed (display only: nothing runs a shell).
fn shell_words(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c))
            {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Action> {
        let v: toml::Value = toml::from_str(text).unwrap();
        let a: Action = v
            .try_into()
            .map_err(|e: toml::de::Error| Error::config(e.message().to_string()))?;
        a.validate("t")?;
        Ok(a)
    }

    #[test]
    fn describes_secrets_by_name_and_quotes_arguments() {
        let a = parse("kind='http'\nurl='https://flags.example/api'\nheaders={Authorization='Bearer ${FLAGS_TOKEN}'}\nbody='{\"on\":true}'").unwrap();
        let d = a.describe();
        assert!(d.starts_with("POST https://flags.example/api"), "{d}");
        assert!(
            d.contains("header Authorization = \"Bearer ${FLAGS_TOKEN}\""),
            "{d}"
        );
        let lit =
            parse("kind='http'\nurl='https://x'\nheaders={X-Api-Key='literal-key-123'}").unwrap();
        // Nor does a `{:?}` (a panic message, a debug line) show it.
        let dbg = format!("{lit:?}");
        assert!(!dbg.contains("literal-key-123"), "{dbg}");
        let url = parse("kind='http'\nurl='https://u:UrlPass-123@x/?token=UrlTok-456'").unwrap();
        let dbg = format!("{url:?}");
        assert!(
            !dbg.contains("UrlPass-123") && !dbg.contains("UrlTok-456"),
            "{dbg}"
        );
        assert!(
            lit.describe().contains("header X-Api-Key = \"***\""),
            "{}",
            lit.describe()
        );
        let c = parse("kind='command'\nargv=['docker','compose','restart','agente api']").unwrap();
        assert_eq!(c.describe(), "run docker compose restart 'agente api'");
    }

    #[test]
    fn empty_argv_and_bad_methods_are_config_errors() {
        assert!(parse("kind='command'\nargv=[]").is_err());
        assert!(parse("kind='http'\nmethod='PO ST'\nurl='http://x'").is_err());
        assert!(parse("kind='shell'\nline='rm -rf /'").is_err());
    }

    #[test]
    fn expand_replaces_names_and_refuses_missing_ones() {
        let ctx = Context::for_tests(&[("FLAGS_TOKEN", "tok-123456")]);
        assert_eq!(
            expand(&ctx, "Bearer ${FLAGS_TOKEN}!").unwrap(),
            "Bearer tok-123456!"
        );
        let e = expand(&ctx, "${NOPE}").unwrap_err();
        assert!(matches!(e, Error::MissingSecret { .. }), "{e}");
    }

    #[test]
    fn clip_cuts_long_output() {
        let s = "é".repeat(OUTPUT_LIMIT);
        let c = clip(&s);
        assert!(
            c.len() < OUTPUT_LIMIT + 40 && c.ends_with("bytes]"),
            "{}",
            c.len()
        );
    }
}
