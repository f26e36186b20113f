//! Lead Ads Bulk Read (docs/vendors/meta.md §13): a Page's lead forms
//! (`GET /{page-id}/leadgen_forms`) and each form's leads created in a window
//! (`GET /{form-id}/leads?filtering=[{"field":"time_created",...}]`), every page followed.

use super::{Meta, VENDOR};
use crate::error::{ApiError, Cause};
use crate::providers::serde_util::id_opt;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// 100 items a page: with the shared page cap (`providers/paging.rs`), 5,000 forms or leads per
/// form. A list cut short is an error: a backfill never claims a list it did not finish.
const PAGE_SIZE: &str = "100";

/// The fields a backfill needs of a lead: what the `leadgen` webhook carries.
pub const BACKFILL_LEAD_FIELDS: &str = "id,created_time,ad_id,form_id";

/// One lead form of a Page.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct LeadgenForm {
    #[serde(default, deserialize_with = "crate::providers::serde_util::id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// `ACTIVE`, `ARCHIVED`, ...: archived forms keep their leads, so every form is read.
    #[serde(default)]
    pub status: Option<String>,
}

/// A lead as Bulk Read lists it with [`BACKFILL_LEAD_FIELDS`]: what the webhook carries, never
/// the answers (`field_data`), which the application fetches itself.
#[derive(Debug, Clone, Deserialize, Default)]
struct BulkLead {
    #[serde(default, deserialize_with = "id_opt")]
    id: Option<String>,
    #[serde(default)]
    created_time: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    ad_id: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    form_id: Option<String>,
}

/// A lead as listed, with its creation time parsed (`2015-02-28T08:49:14+0000`).
#[derive(Debug, Clone)]
pub struct ListedLead {
    pub id: String,
    pub created: DateTime<Utc>,
    pub form_id: String,
    /// None for organic leads.
    pub ad_id: Option<String>,
}

/// Meta's `created_time` on a lead: ISO 8601 with a `+0000` offset (RFC 3339 tolerated).
pub fn parse_lead_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::parse_from_rfc3339(s))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Meta {
    /// `GET /{page-id}/leadgen_forms`, every page.
    pub async fn leadgen_forms(&self, page_id: &str) -> Result<Vec<LeadgenForm>, ApiError> {
        self.get_all(
            &format!("/{page_id}/leadgen_forms"),
            &[("fields", "id,name,status"), ("limit", PAGE_SIZE)],
            &format!("the lead forms of Page {page_id}"),
        )
        .await
    }

    /// `GET /{form-id}/leads` created at or after `since` and before `until`, every page. Meta
    /// filters on `time_created` with `GREATER_THAN` (strict, so one second earlier); the upper
    /// edge is applied here, so the window is exactly `[since, until)`.
    pub async fn form_leads(
        &self,
        form_id: &str,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<ListedLead>, ApiError> {
        let filtering = serde_json::json!([
            {"field": "time_created", "operator": "GREATER_THAN", "value": since.timestamp() - 1}
        ])
        .to_string();
        let leads: Vec<BulkLead> = self
            .get_all(
                &format!("/{form_id}/leads"),
                &[
                    ("fields", BACKFILL_LEAD_FIELDS),
                    ("filtering", &filtering),
                    ("limit", PAGE_SIZE),
                ],
                &format!("the leads of form {form_id}"),
            )
            .await?;
        let mut out = Vec::new();
        for lead in leads {
            let (Some(id), Some(created)) = (
                lead.id.clone(),
                lead.created_time.as_deref().and_then(parse_lead_time),
            ) else {
                return Err(ApiError::new(
                    VENDOR,
                    Cause::Malformed,
                    format!(
                        "a lead of form {form_id} has no readable id or created_time ({:?}, {:?})",
                        lead.id, lead.created_time
                    ),
                ));
            };
            if created < since || created >= until {
                continue;
            }
            out.push(ListedLead {
                id,
                created,
                form_id: lead.form_id.unwrap_or_else(|| form_id.to_string()),
                ad_id: lead.ad_id,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{HttpClient, HttpOptions};
    use crate::providers::paging::MAX_PAGES;
    use crate::secrets::Secret;
    use chrono::TimeZone;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn client(s: &MockServer) -> Meta {
        Meta::new(
            HttpClient::new(HttpOptions {
                timeout: std::time::Duration::from_secs(2),
                budget: std::time::Duration::from_secs(4),
                ..HttpOptions::default()
            }),
            &s.uri(),
            "v25.0",
            Secret::new("EAAleadsUnitTestToken"),
            "META_ACCESS_TOKEN",
            None,
        )
    }

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, s).unwrap()
    }

    #[test]
    fn lead_times_parse_as_meta_prints_them() {
        assert_eq!(
            parse_lead_time("2026-11-30T10:00:00+0000"),
            Some(at(10, 0, 0))
        );
        assert_eq!(
            parse_lead_time("2026-11-30T11:00:00+01:00"),
            Some(at(10, 0, 0))
        );
        assert_eq!(parse_lead_time("yesterday"), None);
    }

    #[tokio::test]
    async fn forms_follow_every_page_by_the_after_cursor() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v25.0/77/leadgen_forms"))
            .and(query_param("after", "c1"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"data":[{"id":"502","name":"B","status":"ARCHIVED"}],"paging":{"cursors":{"before":"c1","after":"c2"}}}"#,
            ))
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path("/v25.0/77/leadgen_forms"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"data":[{"id":501,"name":"A","status":"ACTIVE"}],"paging":{"cursors":{"before":"c0","after":"c1"},"next":"https://graph.facebook.com/v25.0/77/leadgen_forms?after=c1"}}"#,
            ))
            .expect(1)
            .mount(&s)
            .await;
        let forms = client(&s).leadgen_forms("77").await.unwrap();
        let ids: Vec<_> = forms.iter().map(|f| f.id.clone().unwrap()).collect();
        assert_eq!(ids, vec!["501", "502"]);
    }

    #[tokio::test]
    async fn a_repeated_cursor_is_an_unknown_error_not_a_short_list() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"data":[{"id":"1"}],"paging":{"cursors":{"after":"same"},"next":"https://x/next"}}"#,
            ))
            .mount(&s)
            .await;
        let e = client(&s).leadgen_forms("77").await.unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
        assert!(
            e.message
                .contains("read only in part (2 items): meta repeated a paging cursor on page 2"),
            "{}",
            e.message
        );
    }

    /// A Graph list that never ends: a new cursor on every page.
    struct Endless(std::sync::atomic::AtomicUsize);
    impl wiremock::Respond for Endless {
        fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_string(format!(
                r#"{{"data":[{{"id":"{n}"}}],"paging":{{"cursors":{{"after":"c{n}"}},"next":"https://x/next"}}}}"#
            ))
        }
    }

    #[tokio::test]
    async fn an_endless_list_stops_at_the_page_cap_and_says_so() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(Endless(Default::default()))
            .expect(MAX_PAGES as u64)
            .mount(&s)
            .await;
        let e = client(&s).leadgen_forms("77").await.unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
        assert!(
            e.message.ends_with(&format!(
                "read only in part ({MAX_PAGES} items): stopped at the page cap ({MAX_PAGES} pages)"
            )),
            "{}",
            e.message
        );
    }

    #[tokio::test]
    async fn leads_are_filtered_on_time_created_and_cut_at_until() {
        let s = MockServer::start().await;
        let since = at(10, 0, 0);
        Mock::given(method("GET"))
            .and(path("/v25.0/501/leads"))
            .and(query_param(
                "filtering",
                format!(
                    r#"[{{"field":"time_created","operator":"GREATER_THAN","value":{}}}]"#,
                    since.timestamp() - 1
                ),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"data":[
                  {"id":"9001","created_time":"2026-11-30T10:00:00+0000","ad_id":"33"},
                  {"id":"9002","created_time":"2026-11-30T10:59:59+0000"},
                  {"id":"9003","created_time":"2026-11-30T11:00:00+0000"}],
                  "paging":{"cursors":{"after":"x"}}}"#,
            ))
            .expect(1)
            .mount(&s)
            .await;
        let leads = client(&s)
            .form_leads("501", since, at(11, 0, 0))
            .await
            .unwrap();
        let ids: Vec<_> = leads.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, vec!["9001", "9002"], "until is exclusive");
        assert_eq!(leads[0].form_id, "501");
        assert_eq!(leads[0].ad_id.as_deref(), Some("33"));
        assert_eq!(leads[1].ad_id, None, "organic");
        assert_eq!(leads[0].created, since);
    }

    #[tokio::test]
    async fn a_lead_without_a_time_is_unreadable() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data":[{"id":"9001"}]}"#))
            .mount(&s)
            .await;
        let e = client(&s)
            .form_leads("501", at(10, 0, 0), at(11, 0, 0))
            .await
            .unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
    }

    #[tokio::test]
    async fn rate_limit_while_listing_is_classified() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(400).set_body_string(
                r#"{"error":{"message":"(#80005) There have been too many leadgen api calls to this Page.","type":"OAuthException","code":80005,"fbtrace_id":"AbC"}}"#,
            ))
            .mount(&s)
            .await;
        let e = client(&s).leadgen_forms("77").await.unwrap_err();
        assert!(matches!(e.cause, Cause::RateLimited { .. }), "{e:?}");
        assert_eq!(e.code.as_deref(), Some("80005"));
    }
}
