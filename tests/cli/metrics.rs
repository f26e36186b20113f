//! `intops whatsapp metrics`: the runbook's PromQL against a fake Prometheus, judged by the SLA.

use crate::common::*;

#[test]
fn healthy_metrics_are_ok_and_the_runbook_queries_were_sent() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for name in [
        "api error rate",
        "messages received",
        "send success",
        "webhooks received",
        "webhook latency",
    ] {
        assert_eq!(r.step(name)["status"], "ok", "{name}");
    }
    assert_eq!(r.step("send success")["data"]["value"], 99.6);
    let queries: Vec<String> = sb
        .state
        .recorded()
        .iter()
        .filter(|q| q.path == "/prometheus/api/v1/query")
        .map(|q| {
            url::form_urlencoded::parse(q.query.as_bytes())
                .find(|(k, _)| k == "query")
                .unwrap()
                .1
                .into_owned()
        })
        .collect();
    // The runbook's own metric names, exactly; the error rate counts auth failures too. (The
    // queries run concurrently: compare them sorted.)
    let mut queries = queries;
    queries.sort();
    assert_eq!(
        queries,
        sorted(vec![
            r#"100 * sum(rate(whatsapp_api_calls_total{status=~"error|401|403|429|5.."}[5m])) / sum(rate(whatsapp_api_calls_total[5m]))"#,
            "sum(rate(whatsapp_messages_received_total[10m]))",
            r#"100 * sum(rate(whatsapp_messages_sent_total{status="success"}[5m])) / sum(rate(whatsapp_messages_sent_total[5m]))"#,
            "sum(rate(whatsapp_messages_received_total[5m]))",
            "histogram_quantile(0.95, sum(rate(whatsapp_webhook_duration_seconds_bucket[5m])) by (le))",
        ])
    );
    assert!(r.step("messages received")["summary"]
        .as_str()
        .unwrap()
        .ends_with("(10m)"));
}

fn sorted(v: Vec<&str>) -> Vec<String> {
    let mut v: Vec<String> = v.into_iter().map(str::to_string).collect();
    v.sort();
    v
}

/// The queries Prometheus received, sorted (they are sent concurrently).
fn queries_sent(sb: &intops::sandbox::Background) -> Vec<String> {
    let mut v: Vec<String> = sb
        .state
        .recorded()
        .iter()
        .filter(|q| q.path == "/prometheus/api/v1/query")
        .map(|q| {
            url::form_urlencoded::parse(q.query.as_bytes())
                .find(|(k, _)| k == "query")
                .unwrap()
                .1
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_token_outage_shows_as_api_errors() {
    // Under token-expired every WhatsApp API call answers 401: the default error rate counts it.
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let e = r.step("api error rate");
    assert_eq!(e["status"], "crit", "{e}");
    assert_eq!(e["data"]["value"], 100.0);
    assert_eq!(r.step("send success")["status"], "crit");
    // Inbound webhooks need no token of ours: they still arrive.
    assert_eq!(r.step("messages received")["status"], "ok");
    // A query that counts only 5xx (the old default) is blind to it: that is why 401/403 are in.
    h.write_config("[default.metrics]\napi_error_matcher = 'status=~\"5..\"'\n");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.step("api error rate")["status"], "ok", "{}", r.stdout);
    assert!(queries_sent(&sb).iter().any(|q| q
        == r#"100 * sum(rate(whatsapp_api_calls_total{status=~"5.."}[5m])) / sum(rate(whatsapp_api_calls_total[5m]))"#));
}

#[test]
fn every_metric_name_comes_from_the_profile_and_an_empty_query_is_skipped() {
    let h = Home::new();
    h.write_config(
        "[default.metrics]\napi_calls_metric = \"agente_wa_calls_total\"\napi_error_matcher = 'code=~\"4..|5..\"'\nmessages_received_metric = \"agente_wa_in_total\"\nmessages_sent_metric = \"agente_wa_out_total\"\nsend_success_matcher = 'outcome=\"ok\"'\nwebhook_duration_metric = \"agente_hook_seconds\"\nwebhook_receive_rate = \"\"\n",
    );
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(
        r.step("webhooks received")["status"],
        "skipped",
        "{}",
        r.stdout
    );
    assert_eq!(
        queries_sent(&sb),
        sorted(vec![
            r#"100 * sum(rate(agente_wa_calls_total{code=~"4..|5.."}[5m])) / sum(rate(agente_wa_calls_total[5m]))"#,
            "sum(rate(agente_wa_in_total[10m]))",
            r#"100 * sum(rate(agente_wa_out_total{outcome="ok"}[5m])) / sum(rate(agente_wa_out_total[5m]))"#,
            "histogram_quantile(0.95, sum(rate(agente_hook_seconds_bucket[5m])) by (le))",
        ])
    );
    // A misspelt key is a config error naming it, not a silently ignored line.
    h.write_config("[default.metrics]\napi_eror_rate = \"vector(1)\"\n");
    let r = run(against(&h, &sb), &["whatsapp", "metrics"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("api_eror_rate"), "{}", r.stderr);
}

#[test]
fn incident_detection_runs_the_runbooks_queries() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "start", "whatsapp-outage"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let q = queries_sent(&sb);
    assert!(
        q.iter()
            .any(|q| q.contains(r#"whatsapp_api_calls_total{status=~"error|401|403|429|5.."}"#)),
        "{q:?}"
    );
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(t.contains("100.00% of WhatsApp API calls failed"), "{t}");
}

#[test]
fn degraded_metrics_are_judged_by_the_sla_table() {
    let h = Home::new();
    let sb = sandbox("metrics-degraded");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let e = r.step("api error rate");
    assert_eq!(e["status"], "crit");
    assert!(e["summary"].as_str().unwrap().contains("7.50%"), "{e}");
    assert!(e["summary"].as_str().unwrap().contains("crit above 5%"));
    assert_eq!(r.step("send success")["status"], "crit");
    assert_eq!(r.step("webhook latency")["status"], "crit");
    let w = r.step("webhooks received");
    assert_eq!(w["status"], "warn");
    assert!(w["hint"]
        .as_str()
        .unwrap()
        .contains("intops webhook status"));
}

#[test]
fn prom_output_carries_the_numbers() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "prom", "whatsapp", "metrics"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("intops_whatsapp_send_success_percent{"),
        "{}",
        r.stdout
    );
}

#[test]
fn thresholds_and_queries_come_from_the_profile() {
    let h = Home::new();
    h.write_config(
        "[default.thresholds]\nerror_rate_warn = 0.1\n[default.metrics]\nsend_success_rate = \"vector(97)\"\n",
    );
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("api error rate")["status"], "warn");
    let s = r.step("send success");
    assert_eq!(s["status"], "warn");
    assert_eq!(s["data"]["query"], "vector(97)");
}

#[test]
fn no_data_is_unknown_with_a_hint() {
    let h = Home::new();
    let sb = sandbox("metrics-no-data");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("api error rate");
    assert_eq!(s["status"], "unknown");
    assert!(s["summary"].as_str().unwrap().starts_with("no data"));
}

#[test]
fn a_bad_query_names_the_config_section() {
    let h = Home::new();
    let sb = sandbox("metrics-bad-query");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("api error rate");
    assert_eq!(s["data"]["code"], "bad_data");
    assert!(s["hint"].as_str().unwrap().contains("metrics"));
}

#[test]
fn missing_prometheus_url_names_the_variable() {
    let h = Home::new();
    let r = run(h.cmd(), &["whatsapp", "metrics"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("PROMETHEUS_URL"), "{}", r.stderr);
    assert!(r.stderr.contains("export PROMETHEUS_URL="), "{}", r.stderr);
    assert!(
        !r.stderr.contains("auth set"),
        "no keyring here: {}",
        r.stderr
    );
}

#[test]
fn unreachable_html_and_truncated_answers() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env(
        "PROMETHEUS_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(c, &["-o", "json", "--timeout", "2", "whatsapp", "metrics"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("api error rate")["summary"]
        .as_str()
        .unwrap()
        .starts_with("unreachable"));
    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("send success")["summary"]
        .as_str()
        .unwrap()
        .contains("HTML"));
    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "metrics"]);
    assert_eq!(r.code, 3, "{}", r.all());
}
