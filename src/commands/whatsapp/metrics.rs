//! `intops whatsapp metrics`: the runbook's detection and validation queries against Prometheus,
//! judged by the SLA table (`[PROFILE.thresholds]`). The queries are configurable in
//! `[PROFILE.metrics]`; the defaults assume the exporter's metric names documented in the README.

use crate::commands::report;
use crate::config::Thresholds;
use crate::context::Context;
use crate::error::Result;
use crate::providers::prometheus::Prometheus;
use crate::report::{Report, Step};
use serde::Deserialize;

pub const DOCTOR_REQUIRES: &[&str] = &["PROMETHEUS_URL"];

/// `[PROFILE.metrics]`: the PromQL for each runbook query.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MetricsConfig {
    /// Percent of WhatsApp API calls that failed (5xx) over 5 minutes.
    pub api_error_rate: String,
    /// Inbound messages per second.
    pub messages_received_rate: String,
    /// Percent of outbound messages Meta accepted.
    pub send_success_rate: String,
    /// Webhook deliveries per second.
    pub webhook_receive_rate: String,
    /// 95th percentile webhook handling latency, in seconds.
    pub webhook_latency_p95: String,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            api_error_rate: r#"100 * sum(rate(whatsapp_api_requests_total{status=~"5.."}[5m])) / sum(rate(whatsapp_api_requests_total[5m]))"#.into(),
            messages_received_rate: "sum(rate(whatsapp_messages_received_total[5m]))".into(),
            send_success_rate: r#"100 * sum(rate(whatsapp_messages_sent_total{status="success"}[5m])) / sum(rate(whatsapp_messages_sent_total[5m]))"#.into(),
            webhook_receive_rate: "sum(rate(whatsapp_webhook_received_total[5m]))".into(),
            webhook_latency_p95: "histogram_quantile(0.95, sum(rate(whatsapp_webhook_duration_seconds_bucket[5m])) by (le))".into(),
        }
    }
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

fn judge(name: &str, value: f64, j: Judge, t: &Thresholds) -> Step {
    match j {
        Judge::ErrorRate => {
            let s = format!("{value:.2}% of WhatsApp API calls failed (5m)");
            let lim = format!(
                "SLA: warn above {}%, crit above {}%",
                t.error_rate_warn, t.error_rate_crit
            );
            if value > t.error_rate_crit {
                Step::crit(name, format!("{s}; {lim}")).hint("check the token and the number first (`intops whatsapp token-debug`, `intops whatsapp phone`), then Meta's status (`intops status meta`): runbook whatsapp-outage")
            } else if value > t.error_rate_warn {
                Step::warn(name, format!("{s}; {lim}")).hint(
                    "look at the failing calls' error codes (`intops whatsapp send-test --dry-run`, logs); rate limits: runbook whatsapp-outage, rate limits",
                )
            } else {
                Step::ok(name, s)
            }
        }
        Judge::Delivery => {
            let s = format!("{value:.2}% of sends succeeded (5m)");
            let lim = format!(
                "SLA: warn below {}%, crit below {}%",
                t.delivery_warn, t.delivery_crit
            );
            if value < t.delivery_crit {
                Step::crit(name, format!("{s}; {lim}")).hint("send one test message to see the error (`intops whatsapp send-test --to ...`); runbook whatsapp-outage")
            } else if value < t.delivery_warn {
                Step::warn(name, format!("{s}; {lim}")).hint(
                    "check quality and limits: `intops whatsapp phone` (runbook whatsapp-outage, Option 3)",
                )
            } else {
                Step::ok(name, s)
            }
        }
        Judge::Flow => {
            let s = format!("{value:.3}/s (5m)");
            if value <= 0.0 {
                Step::warn(name, "nothing arrived in the last 5 minutes").hint(
                    "check the webhook subscription: `intops webhook status` (runbook whatsapp-outage, Option 2)",
                )
            } else {
                Step::ok(name, s)
            }
        }
        Judge::Latency => {
            let ms = value * 1000.0;
            let s = format!("webhook p95 {:.2} s (5m)", value);
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
    let cfg = config(ctx)?;
    let prom = Prometheus::new(ctx.http.clone(), &base);
    let t = &ctx.config.thresholds;
    let queries: [(&str, &str, Judge, &str); 5] = [
        (
            "api error rate",
            &cfg.api_error_rate,
            Judge::ErrorRate,
            "whatsapp_api_error_rate_percent",
        ),
        (
            "messages received",
            &cfg.messages_received_rate,
            Judge::Flow,
            "whatsapp_messages_received_per_second",
        ),
        (
            "send success",
            &cfg.send_success_rate,
            Judge::Delivery,
            "whatsapp_send_success_percent",
        ),
        (
            "webhooks received",
            &cfg.webhook_receive_rate,
            Judge::Flow,
            "whatsapp_webhooks_received_per_second",
        ),
        (
            "webhook latency",
            &cfg.webhook_latency_p95,
            Judge::Latency,
            "whatsapp_webhook_latency_p95_seconds",
        ),
    ];
    let answers = futures::future::join_all(queries.iter().map(|(_, q, _, _)| prom.query(q))).await;
    let mut steps = Vec::new();
    for ((name, q, j, metric), answer) in queries.iter().zip(answers) {
        let step = match answer {
            Ok(s) => match s.value {
                Some(v) => judge(name, v, *j, t).metric(metric, v).with("value", v),
                None => Step::unknown(*name, "no data: the query matched no series (or no traffic)")
                    .hint("check that Prometheus scrapes the WhatsApp service, or adjust the query in [PROFILE.metrics]"),
            },
            Err(e) => e.step(name),
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
        assert_eq!(judge("e", 0.5, Judge::ErrorRate, &t).status, Status::Ok);
        assert_eq!(judge("e", 1.0, Judge::ErrorRate, &t).status, Status::Ok);
        assert_eq!(judge("e", 1.5, Judge::ErrorRate, &t).status, Status::Warn);
        assert_eq!(judge("e", 5.5, Judge::ErrorRate, &t).status, Status::Crit);
        assert_eq!(judge("d", 99.0, Judge::Delivery, &t).status, Status::Ok);
        assert_eq!(judge("d", 97.0, Judge::Delivery, &t).status, Status::Warn);
        assert_eq!(judge("d", 94.9, Judge::Delivery, &t).status, Status::Crit);
        assert_eq!(judge("l", 2.9, Judge::Latency, &t).status, Status::Ok);
        assert_eq!(judge("l", 3.5, Judge::Latency, &t).status, Status::Warn);
        assert_eq!(judge("l", 5.1, Judge::Latency, &t).status, Status::Crit);
        assert_eq!(judge("f", 0.0, Judge::Flow, &t).status, Status::Warn);
        assert_eq!(judge("f", 0.2, Judge::Flow, &t).status, Status::Ok);
    }

    #[test]
    fn queries_can_be_overridden_per_profile() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "[default.metrics]\napi_error_rate = \"vector(2)\"\n").unwrap();
        let prof = crate::config::load_profile(&p, "default").unwrap();
        let c = prof.section::<MetricsConfig>("metrics").unwrap().unwrap();
        assert_eq!(c.api_error_rate, "vector(2)");
        assert!(c.send_success_rate.contains("whatsapp_messages_sent_total"));
    }
}
