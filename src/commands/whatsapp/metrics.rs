//! `intops whatsapp metrics`: the runbook's detection and validation queries against Prometheus,
//! judged by the SLA table (`[PROFILE.thresholds]`). `incident start whatsapp-outage` and `doctor`
//! run the same queries.
//!
//! The defaults use the WhatsApp outage runbook's own metric names: `whatsapp_api_calls_total`
//! (errors: `status="error"`), `whatsapp_messages_received_total` (its detection: nothing received
//! in 10 minutes; its validation: the receive rate over 5 minutes) and
//! `whatsapp_messages_sent_total{status="success"}`. The error rate also counts `status` values
//! 401, 403, 429 and 5xx, for services that label the HTTP status instead of success/error: a
//! token outage (401) must show as errors. Every metric name, the two label matchers and each
//! whole query can be set in `[PROFILE.metrics]`; a query set to "" is skipped.

use crate::commands::report;
use crate::config::Thresholds;
use crate::context::Context;
use crate::error::Result;
use crate::providers::prometheus::Prometheus;
use crate::report::{Report, Step};
use serde::Deserialize;

pub const DOCTOR_REQUIRES: &[&str] = &["PROMETHEUS_URL"];

/// `[PROFILE.metrics]`: the metric names the default queries are built from, or whole queries.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Counter of WhatsApp API calls, labelled by outcome (`whatsapp_api_calls_total`).
    pub api_calls_metric: String,
    /// Label matcher that selects the failed calls (`status=~"error|401|403|429|5.."`).
    pub api_error_matcher: String,
    /// Counter of inbound messages (`whatsapp_messages_received_total`).
    pub messages_received_metric: String,
    /// Counter of outbound messages, labelled by outcome (`whatsapp_messages_sent_total`).
    pub messages_sent_metric: String,
    /// Label matcher that selects the accepted sends (`status="success"`).
    pub send_success_matcher: String,
    /// Histogram of webhook handling time, without `_bucket` (`whatsapp_webhook_duration_seconds`).
    pub webhook_duration_metric: String,
    /// Whole queries; each replaces the one built from the names above.
    /// Percent of WhatsApp API calls that failed over 5 minutes.
    pub api_error_rate: Option<String>,
    /// Inbound messages per second (the runbook's detection: 10 minutes).
    pub messages_received_rate: Option<String>,
    /// Percent of outbound messages Meta accepted.
    pub send_success_rate: Option<String>,
    /// Inbound webhook deliveries per second (the runbook's validation: 5 minutes).
    pub webhook_receive_rate: Option<String>,
    /// 95th percentile webhook handling latency, in seconds.
    pub webhook_latency_p95: Option<String>,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            api_calls_metric: "whatsapp_api_calls_total".into(),
            api_error_matcher: r#"status=~"error|401|403|429|5..""#.into(),
            messages_received_metric: "whatsapp_messages_received_total".into(),
            messages_sent_metric: "whatsapp_messages_sent_total".into(),
            send_success_matcher: r#"status="success""#.into(),
            webhook_duration_metric: "whatsapp_webhook_duration_seconds".into(),
            api_error_rate: None,
            messages_received_rate: None,
            send_success_rate: None,
            webhook_receive_rate: None,
            webhook_latency_p95: None,
        }
    }
}

/// The five queries, in report order.
pub struct Queries {
    pub api_error_rate: String,
    pub messages_received_rate: String,
    pub send_success_rate: String,
    pub webhook_receive_rate: String,
    pub webhook_latency_p95: String,
}

impl MetricsConfig {
    pub fn queries(&self) -> Queries {
        let pick = |given: &Option<String>, built: String| given.clone().unwrap_or(built);
        let calls = &self.api_calls_metric;
        let sent = &self.messages_sent_metric;
        let received = &self.messages_received_metric;
        Queries {
            api_error_rate: pick(
                &self.api_error_rate,
                format!(
                    "100 * sum(rate({calls}{{{}}}[5m])) / sum(rate({calls}[5m]))",
                    self.api_error_matcher
                ),
            ),
            messages_received_rate: pick(
                &self.messages_received_rate,
                format!("sum(rate({received}[10m]))"),
            ),
            send_success_rate: pick(
                &self.send_success_rate,
                format!(
                    "100 * sum(rate({sent}{{{}}}[5m])) / sum(rate({sent}[5m]))",
                    self.send_success_matcher
                ),
            ),
            webhook_receive_rate: pick(
                &self.webhook_receive_rate,
                format!("sum(rate({received}[5m]))"),
            ),
            webhook_latency_p95: pick(
                &self.webhook_latency_p95,
                format!(
                    "histogram_quantile(0.95, sum(rate({}_bucket[5m])) by (le))",
                    self.webhook_duration_metric
                ),
            ),
        }
    }
}

/// The range of the first `[...]` in a query (`5m`), for the summary; "window" when there is none.
fn window(q: &str) -> &str {
    q.split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(w, _)| w)
        .filter(|w| !w.is_empty() && w.len() < 12 && !w.contains(':'))
        .unwrap_or("window")
}

/// How a query's number is judged.
#[derive(Debug, Clone, Copy)]
enum Judge {
    /// Percent; higher is worse.
    ErrorRate,
    /// Percent; lower is worse.
    Delivery,
    /// Per second; zero means nothing arrives.
    Flow,
    /// Seconds; higher is worse.
    Latency,
}

fn judge(name: &str, value: f64, j: Judge, t: &Thresholds, w: &str) -> Step {
    match j {
        Judge::ErrorRate => {
            let s = format!("{value:.2}% of WhatsApp API calls failed ({w})");
            let lim = format!(
                "SLA: warn above {}%, crit above {}%",
                t.error_rate_warn, t.error_rate_crit
            );
            if value > t.error_rate_crit {
                Step::crit(name, format!("{s}; {lim}")).hint("check the token and the number first (`intops whatsapp token-debug`, `intops whatsapp phone`), then Meta's status (`intops status meta`): runbook whatsapp-outage")
            } else if value > t.error_rate_warn {
                Step::warn(name, format!("{s}; {lim}")).hint(
                    "look at the failing calls' error codes (`intops whatsapp send-test --to PHONE -o json`, the service's logs); rate limits: runbook whatsapp-outage, rate limits",
                )
            } else {
                Step::ok(name, s)
            }
        }
        Judge::Delivery => {
            let s = format!("{value:.2}% of sends succeeded ({w})");
            let lim = format!(
                "SLA: warn below {}%, crit below {}%",
                t.delivery_warn, t.delivery_crit
            );
            if value < t.delivery_crit {
                Step::crit(name, format!("{s}; {lim}")).hint("send one test message to see the error (`intops whatsapp send-test --to PHONE`); runbook whatsapp-outage")
            } else if value < t.delivery_warn {
                Step::warn(name, format!("{s}; {lim}")).hint(
                    "check quality and limits: `intops whatsapp phone` (runbook whatsapp-outage, Option 3)",
                )
            } else {
                Step::ok(name, s)
            }
        }
        Judge::Flow => {
            let s = format!("{value:.3}/s ({w})");
            if value <= 0.0 {
                Step::warn(name, format!("nothing arrived in the last {w}")).hint(
                    "check the webhook subscription: `intops webhook status` (runbook whatsapp-outage, Option 2)",
                )
            } else {
                Step::ok(name, s)
            }
        }
        Judge::Latency => {
            let ms = value * 1000.0;
            let s = format!("webhook p95 {:.2} s ({w})", value);
            let lim = format!(
                "SLA: warn above {} s, crit above {} s",
                t.webhook_latency_warn_ms as f64 / 1000.0,
                t.webhook_latency_crit_ms as f64 / 1000.0
            );
            if ms > t.webhook_latency_crit_ms as f64 {
                Step::crit(name, format!("{s}; {lim}")).hint("Meta retries slow webhooks and may disable them: check the handler and the queue (`intops queue status`)")
            } else if ms > t.webhook_latency_warn_ms as f64 {
                Step::warn(name, format!("{s}; {lim}"))
                    .hint("check the webhook handler and the queue backlog (`intops queue status`)")
            } else {
                Step::ok(name, s)
            }
        }
    }
}

fn config(ctx: &Context) -> Result<MetricsConfig> {
    Ok(ctx
        .config
        .section::<MetricsConfig>("metrics")?
        .unwrap_or_default())
}

/// Run the runbook's queries concurrently and judge each.
pub async fn run(ctx: &Context) -> Result<Report> {
    let base = ctx.prometheus_url()?;
    let q = config(ctx)?.queries();
    let prom = Prometheus::new(ctx.http.clone(), &base);
    let t = &ctx.config.thresholds;
    let queries: [(&str, &str, Judge, &str, &str); 5] = [
        (
            "api error rate",
            &q.api_error_rate,
            Judge::ErrorRate,
            "whatsapp_api_error_rate_percent",
            "api_error_rate",
        ),
        (
            "messages received",
            &q.messages_received_rate,
            Judge::Flow,
            "whatsapp_messages_received_per_second",
            "messages_received_rate",
        ),
        (
            "send success",
            &q.send_success_rate,
            Judge::Delivery,
            "whatsapp_send_success_percent",
            "send_success_rate",
        ),
        (
            "webhooks received",
            &q.webhook_receive_rate,
            Judge::Flow,
            "whatsapp_webhooks_received_per_second",
            "webhook_receive_rate",
        ),
        (
            "webhook latency",
            &q.webhook_latency_p95,
            Judge::Latency,
            "whatsapp_webhook_latency_p95_seconds",
            "webhook_latency_p95",
        ),
    ];
    let prom = &prom;
    let answers = futures::future::join_all(queries.iter().map(|(_, q, ..)| async move {
        if q.trim().is_empty() {
            None
        } else {
            Some(prom.query(q).await)
        }
    }))
    .await;
    let mut steps = Vec::new();
    for ((name, q, j, metric, key), answer) in queries.iter().zip(answers) {
        let step = match answer {
            None => Step::skipped(*name, format!("disabled: {key} = \"\" in [PROFILE.metrics]")),
            Some(Ok(s)) => match s.value {
                Some(v) => judge(name, v, *j, t, window(q)).metric(metric, v).with("value", v),
                None => Step::unknown(*name, "no data: the query matched no series (or no traffic)")
                    .hint(format!("check that Prometheus scrapes the WhatsApp service and has the metric, or set {key} (or the metric names) in [PROFILE.metrics]")),
            },
            Some(Err(e)) => e.step(name),
        };
        steps.push(step.with("query", q.to_string()));
    }
    Ok(report(ctx, steps))
}

/// doctor's check: the same queries.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    run(ctx).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;

    #[test]
    fn thresholds_follow_the_sla_table() {
        let t = Thresholds::default();
        assert_eq!(
            judge("e", 0.5, Judge::ErrorRate, &t, "5m").status,
            Status::Ok
        );
        assert_eq!(
            judge("e", 1.0, Judge::ErrorRate, &t, "5m").status,
            Status::Ok
        );
        assert_eq!(
            judge("e", 1.5, Judge::ErrorRate, &t, "5m").status,
            Status::Warn
        );
        assert_eq!(
            judge("e", 5.5, Judge::ErrorRate, &t, "5m").status,
            Status::Crit
        );
        assert_eq!(
            judge("d", 99.0, Judge::Delivery, &t, "5m").status,
            Status::Ok
        );
        assert_eq!(
            judge("d", 97.0, Judge::Delivery, &t, "5m").status,
            Status::Warn
        );
        assert_eq!(
            judge("d", 94.9, Judge::Delivery, &t, "5m").status,
            Status::Crit
        );
        assert_eq!(judge("l", 2.9, Judge::Latency, &t, "5m").status, Status::Ok);
        assert_eq!(
            judge("l", 3.5, Judge::Latency, &t, "5m").status,
            Status::Warn
        );
        assert_eq!(
            judge("l", 5.1, Judge::Latency, &t, "5m").status,
            Status::Crit
        );
        assert_eq!(judge("f", 0.0, Judge::Flow, &t, "5m").status, Status::Warn);
        assert_eq!(judge("f", 0.2, Judge::Flow, &t, "5m").status, Status::Ok);
    }

    #[test]
    fn queries_can_be_overridden_per_profile() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "[default.metrics]\napi_error_rate = \"vector(2)\"\nmessages_sent_metric = \"wa_sent_total\"\n").unwrap();
        let prof = crate::config::load_profile(&p, "default").unwrap();
        let c = prof.section::<MetricsConfig>("metrics").unwrap().unwrap();
        let q = c.queries();
        assert_eq!(q.api_error_rate, "vector(2)");
        assert_eq!(
            q.send_success_rate,
            r#"100 * sum(rate(wa_sent_total{status="success"}[5m])) / sum(rate(wa_sent_total[5m]))"#
        );
        assert_eq!(
            q.messages_received_rate,
            "sum(rate(whatsapp_messages_received_total[10m]))"
        );
    }

    #[test]
    fn the_default_error_rate_is_the_runbooks_metric_and_counts_auth_failures() {
        let q = MetricsConfig::default().queries();
        assert_eq!(
            q.api_error_rate,
            r#"100 * sum(rate(whatsapp_api_calls_total{status=~"error|401|403|429|5.."}[5m])) / sum(rate(whatsapp_api_calls_total[5m]))"#
        );
        assert_eq!(
            q.webhook_receive_rate,
            "sum(rate(whatsapp_messages_received_total[5m]))"
        );
        assert_eq!(window(&q.messages_received_rate), "10m");
        assert_eq!(window("vector(1)"), "window");
    }

    #[test]
    fn a_misspelt_key_is_an_error_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "[default.metrics]\napi_eror_rate = \"vector(2)\"\n").unwrap();
        let prof = crate::config::load_profile(&p, "default").unwrap();
        let e = prof
            .section::<MetricsConfig>("metrics")
            .unwrap_err()
            .to_string();
        assert!(e.contains("api_eror_rate"), "{e}");
    }
}
