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
    assert_eq!(queries.len(), 5);
    assert!(queries
        .iter()
        .any(|q| q.contains(r#"whatsapp_api_requests_total{status=~"5.."}"#)));
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
