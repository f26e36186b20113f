//! The events the vendors would have sent, in their documented shapes (docs/vendors/meta.md §13,
//! docs/vendors/calendly.md §E). Bodies are built once and never re-serialised: the signature covers
//! these exact bytes, and `--dry-run` shows the same ones.

use super::Pending;
use crate::providers::calendly::events::{Invitee, ScheduledEvent};
use crate::providers::meta::leads::ListedLead;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

pub const LEADGEN: &str = "leadgen";
pub const INVITEE_CREATED: &str = "invitee.created";
pub const INVITEE_CANCELED: &str = "invitee.canceled";

/// The Lead Ads `leadgen` change for one lead: object `page`, one entry for the Page, one change
/// whose value names the lead, form, Page, ad and creation time (Unix seconds, as in the webhook).
pub fn leadgen(page_id: &str, l: &ListedLead) -> Pending {
    let t = l.created.timestamp();
    let mut value = json!({
        "leadgen_id": l.id,
        "page_id": page_id,
        "form_id": l.form_id,
        "created_time": t,
    });
    if let Some(ad) = &l.ad_id {
        // Meta's sample carries the ad twice: adgroup_id is the legacy name of ad_id.
        value["adgroup_id"] = json!(ad);
        value["ad_id"] = json!(ad);
    }
    let body = json!({
        "object": "page",
        "entry": [{"id": page_id, "time": t, "changes": [{"field": LEADGEN, "value": value}]}]
    });
    Pending {
        key: format!("{LEADGEN}:{}", l.id),
        id: l.id.clone(),
        event: LEADGEN,
        at: l.created,
        body: serde_json::to_vec(&body).expect("a JSON value serialises"),
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The invitee events a window holds for one invitee: `invitee.created` when it was booked in
/// `[since, until)`, `invitee.canceled` when it was cancelled in it (both when both).
pub fn calendly(
    invitee: &Invitee,
    event: &ScheduledEvent,
    created_by: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<Pending> {
    let inside = |t: Option<DateTime<Utc>>| t.filter(|t| *t >= since && *t < until);
    let mut out = Vec::new();
    if let Some(t) = inside(invitee.created()) {
        // At booking time the invitee was active and had no cancellation.
        let mut payload = payload(invitee, event);
        payload["status"] = json!("active");
        payload["cancellation"] = Value::Null;
        out.push(envelope(
            INVITEE_CREATED,
            t,
            created_by,
            &invitee.uri,
            payload,
        ));
    }
    if let Some(t) = inside(invitee.canceled()) {
        out.push(envelope(
            INVITEE_CANCELED,
            t,
            created_by,
            &invitee.uri,
            payload(invitee, event),
        ));
    }
    out
}

/// The invitee as listed, with the event's URI in `event` and the event itself embedded as
/// `scheduled_event`, as real deliveries carry it.
fn payload(invitee: &Invitee, event: &ScheduledEvent) -> Value {
    let mut p = serde_json::to_value(invitee).expect("an invitee serialises");
    p["event"] = json!(event.uri);
    p["scheduled_event"] = serde_json::to_value(event).expect("an event serialises");
    p
}

fn envelope(
    kind: &'static str,
    at: DateTime<Utc>,
    created_by: &str,
    uri: &str,
    payload: Value,
) -> Pending {
    let body = json!({
        "event": kind,
        "created_at": iso(at),
        "created_by": created_by,
        "payload": payload,
    });
    Pending {
        key: format!("calendly:{kind}:{uri}"),
        id: uri.to_string(),
        event: kind,
        at,
        body: serde_json::to_vec(&body).expect("a JSON value serialises"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap()
    }

    #[test]
    fn leadgen_event_has_the_documented_shape() {
        let l = ListedLead {
            form_id: "555".into(),
            ad_id: Some("23850000000000001".into()),
            id: "444".into(),
            created: Utc.timestamp_opt(1440120384, 0).unwrap(),
        };
        let p = leadgen("123", &l);
        assert_eq!(p.key, "leadgen:444");
        let v: Value = serde_json::from_slice(&p.body).unwrap();
        assert_eq!(v["object"], "page");
        assert_eq!(v["entry"][0]["id"], "123");
        let change = &v["entry"][0]["changes"][0];
        assert_eq!(change["field"], "leadgen");
        assert_eq!(
            change["value"],
            json!({"leadgen_id": "444", "page_id": "123", "form_id": "555", "created_time": 1440120384,
                   "adgroup_id": "23850000000000001", "ad_id": "23850000000000001"})
        );
    }

    fn invitee(created: &str, canceled: Option<&str>) -> Invitee {
        let mut v = json!({"uri": "https://api.calendly.com/scheduled_events/EV1/invitees/I1",
            "email": "a@example.com", "status": if canceled.is_some() {"canceled"} else {"active"},
            "created_at": created});
        if let Some(c) = canceled {
            v["cancellation"] = json!({"canceled_by": "A", "reason": "r", "canceler_type": "invitee", "created_at": c});
        }
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn calendly_events_follow_the_window_edges() {
        let ev = ScheduledEvent {
            uri: "https://api.calendly.com/scheduled_events/EV1".into(),
            ..Default::default()
        };
        let by = "https://api.calendly.com/users/U";
        // Booked at the window's start (in), cancelled at its end (out).
        let i = invitee(
            "2026-11-30T10:00:00.000000Z",
            Some("2026-11-30T11:00:00.000000Z"),
        );
        let p = calendly(&i, &ev, by, at(10, 0), at(11, 0));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].event, INVITEE_CREATED);
        let v: Value = serde_json::from_slice(&p[0].body).unwrap();
        assert_eq!(v["event"], "invitee.created");
        assert_eq!(v["created_at"], "2026-11-30T10:00:00.000000Z");
        assert_eq!(v["created_by"], by);
        assert_eq!(v["payload"]["status"], "active", "as it was when booked");
        assert_eq!(v["payload"]["cancellation"], Value::Null);
        assert_eq!(v["payload"]["event"], ev.uri);
        assert_eq!(v["payload"]["scheduled_event"]["uri"], ev.uri);
        assert_eq!(v["payload"]["email"], "a@example.com");
        // Booked before, cancelled inside: only the cancellation.
        let i = invitee(
            "2026-11-30T09:00:00.000000Z",
            Some("2026-11-30T10:30:00.000000Z"),
        );
        let p = calendly(&i, &ev, by, at(10, 0), at(11, 0));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].event, INVITEE_CANCELED);
        assert_eq!(p[0].key, format!("calendly:invitee.canceled:{}", i.uri));
        let v: Value = serde_json::from_slice(&p[0].body).unwrap();
        assert_eq!(v["payload"]["status"], "canceled");
        assert_eq!(v["payload"]["cancellation"]["canceler_type"], "invitee");
        // Both inside: both events, creation first.
        let i = invitee(
            "2026-11-30T10:10:00.000000Z",
            Some("2026-11-30T10:20:00.000000Z"),
        );
        let kinds: Vec<_> = calendly(&i, &ev, by, at(10, 0), at(11, 0))
            .iter()
            .map(|p| p.event)
            .collect();
        assert_eq!(kinds, vec![INVITEE_CREATED, INVITEE_CANCELED]);
        // Both outside: nothing.
        let i = invitee("2026-11-30T09:59:59.999999Z", None);
        assert!(calendly(&i, &ev, by, at(10, 0), at(11, 0)).is_empty());
    }
}
