//! The RETS 1.x steps: reach, Login, capabilities, Action, GetMetadata, a 1-row Search, Logout.

use super::fail;
use super::feeds::Probe;
use crate::context::Context;
use crate::error::Cause;
use crate::providers::rets::{self, RetsConfig, Session};
use crate::report::{Status, Step};
use serde_json::Value;

pub(super) async fn check_rets(ctx: &Context, cfg: RetsConfig, p: &Probe) -> Vec<Step> {
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
