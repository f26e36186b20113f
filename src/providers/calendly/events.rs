//! Scheduled events and their invitees (docs/vendors/calendly.md §E):
//! `GET /scheduled_events?organization=…&min_start_time=…` and
//! `GET /scheduled_events/{uuid}/invitees`, every page followed by `next_page_token`.

use super::{Calendly, Collection, VENDOR};
use crate::error::ApiError;
use crate::providers::evidence;
use crate::providers::paging::{cut_error, Pager};
use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One scheduled event. Unknown fields are kept, so the webhook's embedded `scheduled_event`
/// carries what Calendly gave.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ScheduledEvent {
    pub uri: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `active` or `canceled`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl ScheduledEvent {
    pub fn uuid(&self) -> &str {
        self.uri.rsplit('/').next().unwrap_or(&self.uri)
    }
}

/// One invitee, as Calendly lists it and as the webhook's `payload` carries it.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Invitee {
    pub uri: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub cancellation: Option<Cancellation>,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Cancellation {
    #[serde(default)]
    pub canceled_by: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub canceler_type: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// Calendly's timestamps (`2026-11-30T10:00:00.000000Z`).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Invitee {
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created_at.as_deref().and_then(parse_time)
    }
    /// When it was cancelled: `cancellation.created_at` (None while active).
    pub fn canceled(&self) -> Option<DateTime<Utc>> {
        self.cancellation
            .as_ref()
            .and_then(|c| c.created_at.as_deref())
            .and_then(parse_time)
    }
}

impl Calendly {
    /// Every page of a collection, following `pagination.next_page_token` with the shared pager
    /// (`providers/paging.rs`): a token handed out twice or a list beyond the page cap is an
    /// error that says so.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        let mut pager = Pager::default();
        let mut token: Option<String> = None;
        loop {
            let mut req = self.request(Method::GET, path)?.query("count", "100");
            for (k, v) in query {
                req = req.query(k, v);
            }
            if let Some(t) = &token {
                req = req.query("page_token", t);
            }
            let resp = self.call(req).await?;
            let page: Collection<T> = evidence::read(&resp, what)?;
            all.extend(page.collection);
            let next = page.pagination.and_then(|p| p.next_page_token);
            match pager.advance(next.as_deref()) {
                Ok(Some(t)) => token = Some(t),
                Ok(None) => return Ok(all),
                Err(cut) => return Err(cut_error(VENDOR, what, all.len(), &cut)),
            }
        }
    }

    /// The organization's events starting at or after `min_start` (active and canceled).
    pub async fn scheduled_events(
        &self,
        organization: &str,
        min_start: DateTime<Utc>,
    ) -> Result<Vec<ScheduledEvent>, ApiError> {
        self.all_pages(
            "the scheduled events",
            "/scheduled_events",
            &[
                ("organization", organization.to_string()),
                (
                    "min_start_time",
                    min_start.to_rfc3339_opts(SecondsFormat::Micros, true),
                ),
                ("sort", "start_time:asc".to_string()),
            ],
        )
        .await
    }

    /// Every invitee of one event (active and canceled).
    pub async fn invitees(&self, event: &ScheduledEvent) -> Result<Vec<Invitee>, ApiError> {
        let uuid = event.uuid();
        self.all_pages(
            &format!("the invitees of event {uuid}"),
            &format!("/scheduled_events/{uuid}/invitees"),
            &[],
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Cause;
    use crate::http::{HttpClient, HttpOptions};
    use crate::secrets::Secret;
    use chrono::TimeZone;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn client(s: &MockServer) -> Calendly {
        Calendly::new(
            HttpClient::new(HttpOptions {
                timeout: std::time::Duration::from_secs(2),
                budget: std::time::Duration::from_secs(4),
                ..HttpOptions::default()
            }),
            &s.uri(),
            Secret::new("calendly-unit-test-token"),
        )
    }

    const ORG: &str = "https://api.calendly.com/organizations/ORG1";

    #[tokio::test]
    async fn events_follow_next_page_token_with_min_start_time() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/scheduled_events"))
            .and(query_param("page_token", "p2"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"collection":[{"uri":"https://api.calendly.com/scheduled_events/EV2","status":"canceled"}],"pagination":{"count":1,"next_page_token":null}}"#,
            ))
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path("/scheduled_events"))
            .and(query_param("organization", ORG))
            .and(query_param("min_start_time", "2026-11-30T10:00:00.000000Z"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"collection":[{"uri":"https://api.calendly.com/scheduled_events/EV1","name":"Intro","status":"active","start_time":"2026-12-01T10:00:00.000000Z","event_type":"https://api.calendly.com/event_types/T"}],"pagination":{"count":1,"next_page_token":"p2"}}"#,
            ))
            .expect(1)
            .mount(&s)
            .await;
        let since = Utc.with_ymd_and_hms(2026, 11, 30, 10, 0, 0).unwrap();
        let ev = client(&s).scheduled_events(ORG, since).await.unwrap();
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].uuid(), "EV1");
        assert_eq!(
            ev[0].rest["event_type"], "https://api.calendly.com/event_types/T",
            "unknown fields are kept for the webhook payload"
        );
    }

    #[tokio::test]
    async fn a_repeated_page_token_is_unknown() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"collection":[{"uri":"https://api.calendly.com/scheduled_events/EV1/invitees/I1"}],"pagination":{"next_page_token":"again"}}"#,
            ))
            .mount(&s)
            .await;
        let ev = ScheduledEvent {
            uri: "https://api.calendly.com/scheduled_events/EV1".into(),
            ..Default::default()
        };
        let e = client(&s).invitees(&ev).await.unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
        assert!(
            e.message.contains("repeated a paging cursor on page 2"),
            "{}",
            e.message
        );
    }

    #[test]
    fn invitee_times_read_created_and_cancelled() {
        let i: Invitee = serde_json::from_str(
            r#"{"uri":"u","status":"canceled","created_at":"2026-11-30T10:05:00.000000Z","email":"a@example.com",
                "cancellation":{"canceled_by":"A","reason":"x","canceler_type":"invitee","created_at":"2026-11-30T10:20:00.000000Z"}}"#,
        )
        .unwrap();
        assert_eq!(
            i.created(),
            Some(Utc.with_ymd_and_hms(2026, 11, 30, 10, 5, 0).unwrap())
        );
        assert_eq!(
            i.canceled(),
            Some(Utc.with_ymd_and_hms(2026, 11, 30, 10, 20, 0).unwrap())
        );
        assert_eq!(i.rest["email"], "a@example.com");
    }

    #[tokio::test]
    async fn a_server_error_while_listing_is_upstream() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(500)
                    .set_body_string(r#"{"title":"Internal Server Error","message":"boom"}"#),
            )
            .mount(&s)
            .await;
        let e = client(&s)
            .scheduled_events(ORG, Utc::now())
            .await
            .unwrap_err();
        assert_eq!(e.cause, Cause::Upstream);
    }
}
