//! ElevenLabs (docs/vendors/elevenlabs.md): subscription credits, conversational
//! agents, phone numbers and conversations. Errors are classified on `detail.status` /
//! `detail.code`, never on the HTTP status (a bad key is 400, `quota_exceeded` is 401), and
//! `detail` may also be a string (404) or a list (422).

use crate::error::{ApiError, Cause};
use crate::http::{FieldBody, HttpClient, Req, Resp};
use crate::providers::bounds::{self, Implausible};
use crate::providers::evidence;
use crate::providers::paging::{Cut, Pager};
use crate::providers::serde_util::{i64_opt, i64_req};
use crate::secrets::Secret;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

pub const VENDOR: &str = "elevenlabs";
pub const DEFAULT_URL: &str = "https://api.elevenlabs.io";

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Subscription {
    #[serde(default)]
    pub tier: Option<String>,
    /// Required: the credits verdict is made of these two.
    #[serde(deserialize_with = "i64_req")]
    pub character_count: i64,
    #[serde(deserialize_with = "i64_req")]
    pub character_limit: i64,
    #[serde(default, deserialize_with = "i64_opt")]
    pub next_character_count_reset_unix: Option<i64>,
    #[serde(default)]
    pub can_extend_character_limit: Option<bool>,
    /// `trialing|active|incomplete|past_due|free|free_disabled`.
    pub status: String,
    #[serde(default)]
    pub billing_period: Option<String>,
    #[serde(default)]
    pub has_open_invoices: Option<bool>,
}

impl Subscription {
    fn plausible(&self) -> Result<(), Implausible> {
        bounds::count("character_count", self.character_count)?;
        bounds::count("character_limit", self.character_limit)?;
        if let Some(r) = self.next_character_count_reset_unix {
            bounds::unix_time("next_character_count_reset_unix", r)?;
        }
        Ok(())
    }
}

/// `GET /v1/user` without the raw key: only what a report may show is deserialized.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct User {
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Agent {
    pub agent_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// The voicemail verdict is read from it; an agent answer without it (the API reference's
    /// own example has none) leaves that verdict unknown.
    #[serde(default)]
    pub conversation_config: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    pub phone_numbers: Vec<Value>,
}

impl Agent {
    /// Is the `voicemail_detection` system tool configured? Both the current
    /// `prompt.built_in_tools.voicemail_detection` and the older inline `prompt.tools[]`
    /// (`type: system`, `system_tool_type`/`name` `voicemail_detection`) forms count.
    pub fn voicemail_detection(&self) -> bool {
        fn walk(v: &Value) -> bool {
            match v {
                Value::Object(m) => {
                    if m.get("system_tool_type").and_then(Value::as_str)
                        == Some("voicemail_detection")
                    {
                        return true;
                    }
                    if m.get("type").and_then(Value::as_str) == Some("system")
                        && m.get("name").and_then(Value::as_str) == Some("voicemail_detection")
                    {
                        return true;
                    }
                    if matches!(m.get("voicemail_detection"), Some(Value::Object(_))) {
                        return true;
                    }
                    m.values().any(walk)
                }
                Value::Array(a) => a.iter().any(walk),
                _ => false,
            }
        }
        self.conversation_config
            .as_ref()
            .is_some_and(|c| c.values().any(walk))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
pub struct AssignedAgent {
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub agent_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct PhoneNumber {
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub supports_inbound: Option<bool>,
    #[serde(default)]
    pub supports_outbound: Option<bool>,
    pub phone_number_id: String,
    #[serde(default)]
    pub assigned_agent: Option<AssignedAgent>,
    /// `twilio` or `sip_trunk`.
    #[serde(default)]
    pub provider: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ConversationSummary {
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub agent_name: Option<String>,
    pub conversation_id: String,
    #[serde(deserialize_with = "i64_req")]
    pub start_time_unix_secs: i64,
    #[serde(default, deserialize_with = "i64_opt")]
    pub call_duration_secs: Option<i64>,
    #[serde(default, deserialize_with = "i64_opt")]
    pub message_count: Option<i64>,
    /// `initiated|in-progress|processing|done|failed`.
    pub status: String,
    /// `success|failure|unknown`.
    #[serde(default)]
    pub call_successful: Option<String>,
    #[serde(default)]
    pub call_summary_title: Option<String>,
    #[serde(default)]
    pub direction: Option<String>,
}

impl ConversationSummary {
    fn plausible(&self) -> Result<(), Implausible> {
        let field = format!("{}.start_time_unix_secs", self.conversation_id);
        bounds::unix_time(&field, self.start_time_unix_secs)?;
        if let Some(d) = self.call_duration_secs {
            let field = format!("{}.call_duration_secs", self.conversation_id);
            bounds::duration_secs(&field, d, bounds::MAX_CALL_SECS)?;
        }
        Ok(())
    }
}

/// `conversations` and `has_more` are required: without them the list's extent is unknown.
#[derive(Deserialize)]
struct ConversationPage {
    conversations: Vec<ConversationSummary>,
    #[serde(default)]
    next_cursor: Option<String>,
    has_more: bool,
}

/// Conversations as read, and where (if anywhere) the reading stopped short of the window.
#[derive(Debug, Clone, Default)]
pub struct ConversationList {
    pub conversations: Vec<ConversationSummary>,
    /// `None`: every conversation the query matches was read.
    pub cut: Option<Cut>,
    pub pages: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct CallError {
    #[serde(default)]
    pub code: Option<Value>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ConversationMeta {
    #[serde(default, deserialize_with = "i64_opt")]
    pub start_time_unix_secs: Option<i64>,
    #[serde(default, deserialize_with = "i64_opt")]
    pub call_duration_secs: Option<i64>,
    /// Free text, values UNCONFIRMED.
    #[serde(default)]
    pub termination_reason: Option<String>,
    #[serde(default)]
    pub error: Option<CallError>,
    #[serde(default)]
    pub phone_call: Option<Value>,
    #[serde(default)]
    pub main_language: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Analysis {
    #[serde(default)]
    pub call_successful: Option<String>,
    #[serde(default)]
    pub transcript_summary: Option<String>,
    #[serde(default)]
    pub call_summary_title: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Turn {
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub tool_calls: Option<Vec<Value>>,
    #[serde(default)]
    pub tool_results: Option<Vec<Value>>,
    #[serde(default, deserialize_with = "i64_opt")]
    pub time_in_call_secs: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Conversation {
    #[serde(default)]
    pub agent_id: Option<String>,
    pub conversation_id: String,
    pub status: String,
    #[serde(default)]
    pub transcript: Vec<Turn>,
    pub metadata: ConversationMeta,
    #[serde(default)]
    pub analysis: Option<Analysis>,
}

impl Conversation {
    fn plausible(&self) -> Result<(), Implausible> {
        if let Some(t) = self.metadata.start_time_unix_secs {
            bounds::unix_time("metadata.start_time_unix_secs", t)?;
        }
        if let Some(d) = self.metadata.call_duration_secs {
            bounds::duration_secs("metadata.call_duration_secs", d, bounds::MAX_CALL_SECS)?;
        }
        Ok(())
    }

    /// When the agent invoked `voicemail_detection` (seconds into the call), if it did.
    pub fn voicemail_detected_at(&self) -> Option<i64> {
        self.transcript.iter().find_map(|t| {
            let called =
                t.tool_calls.iter().flatten().any(|c| {
                    c.get("tool_name").and_then(Value::as_str) == Some("voicemail_detection")
                }) || t.tool_results.iter().flatten().any(|r| {
                    r.get("tool_name").and_then(Value::as_str) == Some("voicemail_detection")
                        || r.get("type").and_then(Value::as_str)
                            == Some("voicemail_detection_success")
                        || r.pointer("/result/type").and_then(Value::as_str)
                            == Some("voicemail_detection_success")
                });
            called.then_some(t.time_in_call_secs.unwrap_or(0))
        })
    }
}

/// Which conversations to list.
#[derive(Debug, Clone, Default)]
pub struct ConversationQuery {
    pub agent_id: Option<String>,
    /// Server-side filter `call_start_after_unix`.
    pub since_unix: Option<i64>,
    /// Server-side filter `call_successful` (`success|failure|unknown`).
    pub call_successful: Option<String>,
    /// Read at most this many; `None` reads the whole window (up to the page cap).
    pub limit: Option<usize>,
}

/// The largest page the API serves.
pub const MAX_PAGE_SIZE: usize = 100;

#[derive(Clone)]
pub struct ElevenLabs {
    http: HttpClient,
    base: String,
    key: Secret,
}

impl ElevenLabs {
    pub fn new(http: HttpClient, base: &str, key: Secret) -> Self {
        ElevenLabs {
            http,
            base: base.trim_end_matches('/').to_string(),
            key,
        }
    }

    pub fn request(&self, method: Method, path: &str) -> Result<Req, ApiError> {
        let path = super::rooted(path);
        let full = format!("{}{path}", self.base);
        let url = Url::parse(&full).map_err(|e| {
            ApiError::new(VENDOR, Cause::BadRequest, format!("bad URL {full}: {e}"))
                .hint("check INTOPS_ELEVENLABS_URL (e.g. https://api.elevenlabs.io)")
        })?;
        let mut req = Req::new(VENDOR, method, url).header("xi-api-key", self.key.expose());
        // `GET /v1/user` answers with the raw key: never trace its body.
        if path.trim_end_matches('/') == "/v1/user" {
            req = req.sensitive_response();
        }
        Ok(req)
    }

    async fn get<T: DeserializeOwned>(&self, req: Req, what: &str) -> Result<T, ApiError> {
        let resp = self.call(req).await?;
        evidence::read(&resp, what)
    }

    pub async fn call(&self, req: Req) -> Result<Resp, ApiError> {
        let resp = self.http.send(req).await?;
        if resp.is_success() {
            Ok(resp)
        } else {
            Err(classify(&resp))
        }
    }

    pub async fn subscription(&self) -> Result<Subscription, ApiError> {
        let s: Subscription = self
            .get(
                self.request(Method::GET, "/v1/user/subscription")?,
                "the subscription's credits and status",
            )
            .await?;
        s.plausible().map_err(|e| e.api_error(VENDOR))?;
        Ok(s)
    }

    pub async fn user(&self) -> Result<User, ApiError> {
        self.get(self.request(Method::GET, "/v1/user")?, "the user")
            .await
    }

    pub async fn agent(&self, id: &str) -> Result<Agent, ApiError> {
        let req = self.request(Method::GET, &format!("/v1/convai/agents/{id}"))?;
        self.get(req, &format!("agent {id} and its configuration"))
            .await
            .map_err(|e| {
            if e.cause == Cause::NotFound {
                e.hint(format!("no agent {id} for this API key: check ELEVENLABS_AGENT_ID (Agents > the agent > its id) and that the key belongs to that workspace"))
            } else {
                e
            }
        })
    }

    /// A bare JSON array.
    pub async fn phone_numbers(&self) -> Result<Vec<PhoneNumber>, ApiError> {
        self.get(
            self.request(Method::GET, "/v1/convai/phone-numbers")?,
            "the phone number list",
        )
        .await
    }

    /// Conversations, newest first, following `next_cursor` while `has_more`, up to `limit`
    /// and the page cap; the answer says where it stopped short.
    pub async fn conversations(&self, q: &ConversationQuery) -> Result<ConversationList, ApiError> {
        let mut out = ConversationList::default();
        let mut pager = Pager::default();
        let mut cursor: Option<String> = None;
        loop {
            let want = match q.limit {
                Some(l) => l
                    .saturating_sub(out.conversations.len())
                    .clamp(1, MAX_PAGE_SIZE),
                None => MAX_PAGE_SIZE,
            };
            let mut req = self
                .request(Method::GET, "/v1/convai/conversations")?
                .query("page_size", want.to_string());
            if let Some(a) = &q.agent_id {
                req = req.query("agent_id", a);
            }
            if let Some(s) = q.since_unix {
                req = req.query("call_start_after_unix", s.to_string());
            }
            if let Some(s) = &q.call_successful {
                req = req.query("call_successful", s);
            }
            if let Some(c) = &cursor {
                req = req.query("cursor", c);
            }
            let page: ConversationPage = self.get(req, "the conversation list").await?;
            for c in &page.conversations {
                c.plausible().map_err(|e| e.api_error(VENDOR))?;
            }
            out.conversations.extend(page.conversations);
            if !page.has_more {
                break;
            }
            let Some(next) = page.next_cursor.filter(|c| !c.is_empty()) else {
                let resp_path = "/v1/convai/conversations";
                return Err(ApiError::new(
                    VENDOR,
                    Cause::Malformed,
                    format!("{VENDOR} answered {resp_path} with has_more: true but no next_cursor: the rest of the list cannot be read"),
                ));
            };
            if let Some(l) = q.limit {
                if out.conversations.len() >= l {
                    out.conversations.truncate(l);
                    out.cut = Some(Cut::Limit { limit: l });
                    break;
                }
            }
            match pager.advance(Some(&next)) {
                Ok(Some(c)) => cursor = Some(c),
                Ok(None) => break,
                Err(cut) => {
                    out.cut = Some(cut);
                    break;
                }
            }
        }
        out.pages = pager.pages().max(1);
        Ok(out)
    }

    pub async fn conversation(&self, id: &str) -> Result<Conversation, ApiError> {
        let req = self.request(Method::GET, &format!("/v1/convai/conversations/{id}"))?;
        let c: Conversation = self.get(req, &format!("conversation {id}")).await?;
        c.plausible().map_err(|e| e.api_error(VENDOR))?;
        Ok(c)
    }

    /// Any call, for `intops api elevenlabs`.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, ApiError> {
        let req = self.request(method, path)?.fields(fields, FieldBody::Json);
        self.call(req).await
    }
}

const KEY_HINT: &str = "ELEVENLABS_API_KEY is wrong or revoked: create one in ElevenLabs > Developers > API keys, then `intops auth set ELEVENLABS_API_KEY`";
const QUOTA_HINT: &str = "the credits are used up: raise the limit (Subscription, usage-based billing) or wait for the reset; calls fail until then";

/// Classify an error answer on `detail.status` / `detail.code`, whatever the HTTP status.
pub fn classify(resp: &Resp) -> ApiError {
    let v: Option<Value> = serde_json::from_slice(&resp.body).ok();
    let detail = v.as_ref().and_then(|v| v.get("detail")).cloned();
    let retry_after = crate::http::retry_after(&resp.headers);
    let (code, message) = match &detail {
        Some(Value::Object(m)) => {
            let code = m
                .get("code")
                .or_else(|| m.get("status"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let msg = m
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or(&code)
                .to_string();
            (code, msg)
        }
        Some(Value::String(s)) => (String::new(), s.clone()),
        Some(Value::Array(items)) => {
            // 422: [{"loc":["body","agent_id"],"msg":"field required","type":"missing"}]
            let parts: Vec<String> = items
                .iter()
                .map(|i| {
                    let loc = i
                        .get("loc")
                        .and_then(Value::as_array)
                        .map(|l| {
                            l.iter()
                                .map(|x| x.as_str().map(str::to_string).unwrap_or(x.to_string()))
                                .collect::<Vec<_>>()
                                .join(".")
                        })
                        .unwrap_or_default();
                    let msg = i.get("msg").and_then(Value::as_str).unwrap_or("invalid");
                    if loc.is_empty() {
                        msg.to_string()
                    } else {
                        format!("{loc}: {msg}")
                    }
                })
                .collect();
            ("validation_error".to_string(), parts.join("; "))
        }
        _ => {
            if resp.status >= 500 {
                return evidence::server_error(resp).hint(
                    "an ElevenLabs-side error: retry later and check `intops status elevenlabs`",
                );
            }
            if resp.is_html() || v.is_none() {
                let mut e = resp.malformed("not an ElevenLabs error body");
                if resp.status == 429 {
                    e.cause = Cause::RateLimited { retry_after };
                }
                return e;
            }
            (
                String::new(),
                format!("HTTP {} with {}", resp.status, resp.body_hint()),
            )
        }
    };
    let (cause, hint): (Cause, String) = match code.as_str() {
        "invalid_api_key" | "needs_authorization" | "api_key_invalid" => {
            (Cause::TokenInvalid, KEY_HINT.into())
        }
        "quota_exceeded" | "max_character_limit_exceeded" | "insufficient_credits" => {
            (Cause::Account, QUOTA_HINT.into())
        }
        "too_many_concurrent_requests" | "concurrent_limit_exceeded" => (
            Cause::RateLimited { retry_after },
            "the plan's concurrency limit is reached: queue requests (fewer in parallel) or raise the plan".into(),
        ),
        "system_busy" | "rate_limit_exceeded" => (
            Cause::RateLimited { retry_after },
            "ElevenLabs is shedding load: back off and retry; check `intops status elevenlabs`".into(),
        ),
        "only_for_creator+" | "missing_permissions" | "permission_denied" => (
            Cause::Permission,
            "the plan or this key's permissions do not allow the call: check the key's scopes (Developers > API keys) and the plan".into(),
        ),
        "validation_error" => (
            Cause::BadRequest,
            "the request is missing or has a wrong field (see the message)".into(),
        ),
        c if c.ends_with("not_found") => (
            Cause::NotFound,
            "check the id and that the key belongs to the right workspace".into(),
        ),
        _ => match resp.status {
            401 => (Cause::TokenInvalid, KEY_HINT.into()),
            403 => (
                Cause::Permission,
                "the key lacks permission for this call: check its scopes".into(),
            ),
            404 => (
                Cause::NotFound,
                "check the id, and INTOPS_ELEVENLABS_URL (e.g. https://api.elevenlabs.io)".into(),
            ),
            429 => (
                Cause::RateLimited { retry_after },
                "back off and retry".into(),
            ),
            s if s >= 500 => (
                Cause::Upstream,
                "an ElevenLabs-side error: retry later and check `intops status elevenlabs`".into(),
            ),
            _ => (Cause::BadRequest, "see the message".into()),
        },
    };
    let mut e = ApiError::new(VENDOR, cause, message)
        .http(resp.status)
        .hint(hint);
    if !code.is_empty() {
        e = e.code(code);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture;

    const URL: &str = "https://api.elevenlabs.io/v1/user/subscription";

    fn resp(status: u16, body: &str) -> Resp {
        Resp::fake(VENDOR, status, URL, body)
    }

    #[test]
    fn wrong_key_is_400_invalid_api_key() {
        let e = classify(&resp(400, &fixture(VENDOR, "error-invalid-key.json")));
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert_eq!(e.code.as_deref(), Some("invalid_api_key"));
        assert_eq!(e.message, "API key is invalid.");
        assert!(e
            .hint
            .unwrap()
            .contains("intops auth set ELEVENLABS_API_KEY"));
    }

    #[test]
    fn quota_exceeded_at_401_is_an_account_problem_not_a_key_problem() {
        let e = classify(&resp(
            401,
            r#"{"detail":{"status":"quota_exceeded","message":"This request exceeds your quota of 10000."}}"#,
        ));
        assert_eq!(e.cause, Cause::Account);
        assert!(e.hint.unwrap().contains("credits are used up"));
    }

    #[test]
    fn concurrency_and_busy_are_rate_limits() {
        for code in [
            "too_many_concurrent_requests",
            "system_busy",
            "rate_limit_exceeded",
            "concurrent_limit_exceeded",
        ] {
            let e = classify(&resp(
                429,
                &format!(r#"{{"detail":{{"status":"{code}","message":"m"}}}}"#),
            ));
            assert!(matches!(e.cause, Cause::RateLimited { .. }), "{code}");
        }
    }

    #[test]
    fn string_and_list_details() {
        let e = classify(&resp(404, r#"{"detail":"Not Found"}"#));
        assert_eq!(e.cause, Cause::NotFound);
        assert_eq!(e.message, "Not Found");
        let e = classify(&resp(
            422,
            r#"{"detail":[{"loc":["body","agent_id"],"msg":"field required","type":"missing"}]}"#,
        ));
        assert_eq!(e.cause, Cause::BadRequest);
        assert_eq!(e.message, "body.agent_id: field required");
        let e = classify(&resp(
            403,
            r#"{"detail":{"status":"only_for_creator+","message":"x"}}"#,
        ));
        assert_eq!(e.cause, Cause::Permission);
    }

    #[test]
    fn html_5xx_is_upstream() {
        let mut r = resp(503, "<html><title>Service Unavailable</title></html>");
        r.headers
            .insert("content-type", "text/html".parse().unwrap());
        assert_eq!(classify(&r).cause, Cause::Upstream);
    }

    #[test]
    fn subscription_and_user_shapes() {
        let s: Subscription = serde_json::from_str(&fixture(VENDOR, "subscription.json")).unwrap();
        assert_eq!(s.character_count, 37500);
        assert_eq!(s.character_limit, 100000);
        assert_eq!(s.status, "active");
        // The raw key in /v1/user is never kept.
        let u: User = serde_json::from_str(
            r#"{"user_id":"u1","first_name":"Ann","xi_api_key":"sk_raw","subscription":{}}"#,
        )
        .unwrap();
        assert!(!serde_json::to_string(&u).unwrap().contains("sk_raw"));
    }

    #[test]
    fn voicemail_detection_in_both_config_forms() {
        let a: Agent = serde_json::from_str(&fixture(VENDOR, "agent.json")).unwrap();
        assert!(a.voicemail_detection());
        let legacy: Agent = serde_json::from_str(r#"{"agent_id":"a","conversation_config":{"agent":{"prompt":{"tools":[{"type":"system","name":"voicemail_detection","params":{"system_tool_type":"voicemail_detection"}}]}}}}"#).unwrap();
        assert!(legacy.voicemail_detection());
        let off: Agent = serde_json::from_str(r#"{"agent_id":"a","conversation_config":{"agent":{"prompt":{"built_in_tools":{"end_call":{"name":"end_call","params":{"system_tool_type":"end_call"}},"voicemail_detection":null}}}}}"#).unwrap();
        assert!(!off.voicemail_detection());
    }

    #[test]
    fn phone_numbers_are_a_bare_array_of_both_providers() {
        let p: Vec<PhoneNumber> =
            serde_json::from_str(&fixture(VENDOR, "phone-numbers.json")).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].provider.as_deref(), Some("twilio"));
        assert_eq!(
            p[0].assigned_agent.as_ref().unwrap().agent_id.as_deref(),
            Some("agent_7101k0sandbox")
        );
        assert_eq!(p[1].provider.as_deref(), Some("sip_trunk"));
        assert!(p[1].assigned_agent.is_none());
    }

    #[test]
    fn conversation_detail_and_voicemail_tool() {
        let c: Conversation = serde_json::from_str(&fixture(VENDOR, "conversation.json")).unwrap();
        assert_eq!(
            c.metadata.termination_reason.as_deref(),
            Some("voicemail_detected")
        );
        assert_eq!(c.voicemail_detected_at(), Some(9));
        assert_eq!(
            c.analysis.unwrap().call_successful.as_deref(),
            Some("failure")
        );
    }
}
