//! Every series the exporter serves, with its type, unit (in the name, per the Prometheus naming
//! guide) and help text. The Grafana dashboard and the alert rules may only use names listed here
//! (a test reads them); a check's numeric data (`Step::metric`) is served as `intops_<name>`.

pub struct MetricDef {
    pub name: &'static str,
    pub kind: &'static str,
    pub help: &'static str,
}

const fn gauge(name: &'static str, help: &'static str) -> MetricDef {
    MetricDef {
        name,
        kind: "gauge",
        help,
    }
}

/// The exporter's own series about each check.
pub const CHECK_SERIES: &[MetricDef] = &[
    gauge(
        "intops_check_status",
        "Latest verdict of the check: 0 ok, 1 warn, 2 crit, 3 unknown (could not run or not run yet), -1 skipped (not configured).",
    ),
    gauge(
        "intops_check_configured",
        "1 when the profile has what the check needs, 0 when it is skipped.",
    ),
    gauge(
        "intops_checks_configured",
        "Number of checks the profile has credentials and settings for.",
    ),
    gauge(
        "intops_check_duration_seconds",
        "Wall time of the check's latest run.",
    ),
    gauge(
        "intops_check_last_run_timestamp_seconds",
        "Unix time the check's latest run finished.",
    ),
    gauge(
        "intops_check_last_success_timestamp_seconds",
        "Unix time of the check's latest run whose verdict was ok (0: none yet).",
    ),
    gauge(
        "intops_check_interval_seconds",
        "How often the exporter runs the check (its schedule).",
    ),
    MetricDef {
        name: "intops_check_runs_total",
        kind: "counter",
        help: "Runs of the check since the exporter started (scheduled and /probe).",
    },
    gauge(
        "intops_build_info",
        "Always 1; the version label is the intops build.",
    ),
];

/// Series the checks produce (the `doctor --prom-file` names), with their help text.
pub const CHECK_DATA: &[MetricDef] = &[
    gauge(
        "intops_token_expiry_seconds",
        "Seconds until the WhatsApp access token expires (negative: expired).",
    ),
    gauge(
        "intops_token_valid",
        "1 when debug_token says the WhatsApp token is valid, else 0.",
    ),
    gauge(
        "intops_token_data_access_expiry_seconds",
        "Seconds until the app's access to user data ends.",
    ),
    gauge(
        "intops_whatsapp_phone_quality",
        "Phone number quality rating: 0 GREEN, 1 YELLOW, 2 RED, -1 unknown.",
    ),
    gauge(
        "intops_whatsapp_api_error_rate_percent",
        "WhatsApp API error rate from the runbook's Prometheus query, in percent.",
    ),
    gauge(
        "intops_whatsapp_messages_received_per_second",
        "Inbound WhatsApp messages per second, from the runbook's query.",
    ),
    gauge(
        "intops_whatsapp_send_success_percent",
        "WhatsApp messages delivered, in percent of those sent, from the runbook's query.",
    ),
    gauge(
        "intops_whatsapp_webhooks_received_per_second",
        "WhatsApp webhooks received per second, from the runbook's query.",
    ),
    gauge(
        "intops_whatsapp_webhook_latency_p95_seconds",
        "95th percentile WhatsApp webhook latency, from the runbook's query.",
    ),
    gauge(
        "intops_webhook_subscription_active",
        "1 when the app's webhook subscription is active.",
    ),
    gauge(
        "intops_webhook_waba_subscribed",
        "1 when our app is subscribed to the WhatsApp Business Account.",
    ),
    gauge(
        "intops_calendly_subscription_active",
        "1 when the Calendly webhook subscription is active.",
    ),
    gauge(
        "intops_calendly_subscriptions_disabled",
        "Calendly webhook subscriptions in state disabled.",
    ),
    gauge(
        "intops_zoho_token_expiry_seconds",
        "Seconds the cached Zoho access token has left.",
    ),
    gauge(
        "intops_zoho_api_credits_remaining",
        "Zoho CRM API credits left today.",
    ),
    gauge(
        "intops_elevenlabs_credits_used",
        "ElevenLabs credits used in this period.",
    ),
    gauge(
        "intops_elevenlabs_credits_limit",
        "ElevenLabs credits in this period.",
    ),
    gauge(
        "intops_elevenlabs_credits_used_ratio",
        "ElevenLabs credits used, as a ratio of the limit (0 to 1).",
    ),
    gauge(
        "intops_rets_reach_seconds",
        "Time to reach the RETS server.",
    ),
    gauge(
        "intops_rets_login_seconds",
        "Time of the RETS login transaction.",
    ),
    gauge(
        "intops_rets_search_records",
        "Records the RETS 1-row search found.",
    ),
    gauge(
        "intops_reso_lag_seconds",
        "RESO Web API replication lag: age of the newest ModificationTimestamp.",
    ),
    gauge(
        "intops_queue_backlog_length",
        "Messages waiting in the Redis queue.",
    ),
    gauge(
        "intops_queue_backlog_oldest_age_seconds",
        "Age of the oldest message waiting in the Redis queue.",
    ),
    gauge(
        "intops_queue_processing_length",
        "Messages held in the processing list (taken, not acknowledged).",
    ),
    gauge(
        "intops_queue_dead_letter_length",
        "Messages in the dead-letter list.",
    ),
    gauge(
        "intops_queue_table_failed_rows",
        "Rows with status failed in the Postgres message_queue table.",
    ),
    gauge(
        "intops_queue_table_pending_rows",
        "Rows with status pending in the Postgres message_queue table.",
    ),
    gauge(
        "intops_status_page_indicator",
        "Worst vendor status page indicator: 0 none, 1 maintenance, 2 minor, 3 major, 4 critical, -1 unreadable.",
    ),
];

/// The definition for a series name, from either list.
pub fn find(name: &str) -> Option<&'static MetricDef> {
    CHECK_SERIES
        .iter()
        .chain(CHECK_DATA.iter())
        .find(|m| m.name == name)
}

/// Every name the exporter can serve.
pub fn names() -> impl Iterator<Item = &'static str> {
    CHECK_SERIES.iter().chain(CHECK_DATA.iter()).map(|m| m.name)
}
