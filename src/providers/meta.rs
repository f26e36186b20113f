//! Meta Graph API and WhatsApp Cloud API. Errors are classified on `code`/`error_subcode`, never
//! on the HTTP status (docs/vendors/meta.md §2).

use crate::error::{ApiError, Cause};
use crate::http::{meta_regain_access, Advisory, FieldBody, HttpClient, Req, Resp};
use crate::providers::bounds::{self, Implausible};
use crate::providers::evidence;
use crate::providers::paging::{cut_error, Pager};
use crate::providers::serde_util::{i64_opt, id_opt, loose_bool_req};
use crate::report::Status;
use crate::secrets::Secret;
use crate::signing::hmac_hex;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

pub mod leads;
pub mod messenger;

pub const VENDOR: &str = "meta";
pub const DEFAULT_URL: &str = "https://graph.facebook.com";

/// Graph versions and when they stop working (docs/vendors/meta.md §8).
pub const GRAPH_VERSIONS: &[(&str, &str)] = &[
    ("v18.0", "2026-01-26"),
    ("v19.0", "2026-05-21"),
    ("v20.0", "2026-09-24"),
    ("v21.0", "2027-02-01"),
    ("v22.0", "2027-05-29"),
    ("v23.0", "2027-10-08"),
    ("v24.0", "2028-02-18"),
    ("v25.0", "2028-07-29"),
];

/// The date a Graph version expires, when known.
pub fn version_expiry(version: &str) -> Option<chrono::NaiveDate> {
    GRAPH_VERSIONS
        .iter()
        .find(|(v, _)| *v == version)
        .and_then(|(_, d)| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The timestamped `appsecret_proof`: HMAC over `token|time`, keyed with the app secret.
pub fn appsecret_proof(app_secret: &str, token: &str, unix_time: i64) -> String {
    hmac_hex(
        app_secret.as_bytes(),
        format!("{token}|{unix_time}").as_bytes(),
    )
}

#[derive(Clone)]
pub struct Meta {
    http: HttpClient,
    base: String,
    version: String,
    token: Secret,
    /// The credential name the token came from, for hints (`WHATSAPP_ACCESS_TOKEN`, ...).
    token_name: String,
    app_secret: Option<Secret>,
}

// ---------- typed answers ----------

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct DebugTokenError {
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, alias = "error_subcode")]
    pub subcode: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct GranularScope {
    pub scope: String,
    #[serde(default)]
    pub target_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct DebugToken {
    #[serde(default, deserialize_with = "id_opt")]
    pub app_id: Option<String>,
    #[serde(default, rename = "type")]
    pub token_type: Option<String>,
    #[serde(default)]
    pub application: Option<String>,
    /// Absent for app tokens; 0 on a valid token means it never expires.
    #[serde(default, deserialize_with = "i64_opt")]
    pub expires_at: Option<i64>,
    #[serde(default, deserialize_with = "i64_opt")]
    pub data_access_expires_at: Option<i64>,
    #[serde(default, deserialize_with = "i64_opt")]
    pub issued_at: Option<i64>,
    /// Required: the whole verdict hangs on it.
    #[serde(deserialize_with = "loose_bool_req")]
    pub is_valid: bool,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub granular_scopes: Vec<GranularScope>,
    #[serde(default, deserialize_with = "id_opt")]
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    pub profile_id: Option<String>,
    #[serde(default)]
    pub error: Option<DebugTokenError>,
}

impl DebugToken {
    /// Times Meta can mean (2000..2100, or 0 for "never"); how far ahead an expiry may be is
    /// judged against the caller's clock in the command.
    fn plausible(&self) -> Result<(), Implausible> {
        for (field, v) in [
            ("expires_at", self.expires_at),
            ("data_access_expires_at", self.data_access_expires_at),
            ("issued_at", self.issued_at),
        ] {
            match v {
                None | Some(0) => {}
                Some(t) => {
                    bounds::unix_time(field, t)?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct HealthEntity {
    #[serde(default)]
    pub entity_type: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub can_send_message: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct HealthStatus {
    #[serde(default)]
    pub can_send_message: Option<String>,
    #[serde(default)]
    pub entities: Vec<HealthEntity>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Throughput {
    #[serde(default)]
    pub level: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct PhoneNumber {
    #[serde(default, deserialize_with = "id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub display_phone_number: Option<String>,
    #[serde(default)]
    pub verified_name: Option<String>,
    /// Open string: the OAS has two conflicting enums.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub quality_rating: Option<String>,
    #[serde(default)]
    pub name_status: Option<String>,
    #[serde(default)]
    pub code_verification_status: Option<String>,
    #[serde(default)]
    pub account_mode: Option<String>,
    #[serde(default)]
    pub messaging_limit_tier: Option<String>,
    #[serde(default)]
    pub whatsapp_business_manager_messaging_limit: Option<Value>,
    #[serde(default)]
    pub throughput: Option<Throughput>,
    #[serde(default)]
    pub platform_type: Option<String>,
    #[serde(default)]
    pub health_status: Option<HealthStatus>,
}

impl PhoneNumber {
    /// The fields every phone verdict reads; Graph returns them whenever they are asked for.
    fn missing(&self) -> Option<&'static str> {
        if self.id.is_none() {
            Some("id")
        } else if self.quality_rating.is_none() {
            Some("quality_rating")
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SentMessage {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub message_status: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SentContact {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub wa_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SendResult {
    #[serde(default)]
    pub contacts: Vec<SentContact>,
    #[serde(default)]
    pub messages: Vec<SentMessage>,
}

/// What to send in a test message.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Text(String),
    Template { name: String, language: String },
}

/// `GET /me`.
#[derive(Debug, Clone, Deserialize)]
pub struct Me {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
}

/// `data` is required: `{}` is not an empty list.
#[derive(Deserialize)]
struct Page<T> {
    data: Vec<T>,
    #[serde(default)]
    paging: Option<Paging>,
}

#[derive(Deserialize)]
struct Paging {
    #[serde(default)]
    cursors: Option<Cursors>,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
struct Cursors {
    #[serde(default)]
    after: Option<String>,
}

/// Fields asked of a phone number. The last two are only in third-party wrappers (UNCONFIRMED):
/// asked for, and dropped on a "nonexisting field" error.
const PHONE_FIELDS: &[&str] = &[
    "id",
    "display_phone_number",
    "verified_name",
    "status",
    "quality_rating",
    "name_status",
    "code_verification_status",
    "account_mode",
    "messaging_limit_tier",
    "whatsapp_business_manager_messaging_limit",
    "health_status",
    "throughput",
    "platform_type",
];
const PHONE_FIELDS_UNCONFIRMED: &[&str] = &["throughput", "platform_type"];

impl Meta {
    pub fn new(
        http: HttpClient,
        base_url: &str,
        version: &str,
        token: Secret,
        token_name: &str,
        app_secret: Option<Secret>,
    ) -> Self {
        Meta {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            version: version.to_string(),
            token,
            token_name: token_name.to_string(),
            app_secret,
        }
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// `{base}/{version}{path}`; a path that already names a version keeps it.
    pub fn url(&self, path: &str) -> Result<Url, ApiError> {
        let (full, parsed) = super::urls::graph(&self.base, &self.version, path);
        parsed.map_err(|e| {
            ApiError::new(VENDOR, Cause::BadRequest, format!("bad Graph URL {full}: {e}"))
                .hint("check INTOPS_META_URL: the Graph host without a version, e.g. https://graph.facebook.com")
        })
    }

    /// A request with the token in the Authorization header (never in the URL) and a fresh
    /// timestamped `appsecret_proof` when the app secret is known.
    pub fn request(&self, method: Method, path: &str) -> Result<Req, ApiError> {
        let mut req = Req::new(VENDOR, method, self.url(path)?).bearer(&self.token);
        if let Some(secret) = &self.app_secret {
            let now = chrono::Utc::now().timestamp();
            req = req
                .query(
                    "appsecret_proof",
                    appsecret_proof(secret.expose(), self.token.expose(), now),
                )
                .query("appsecret_time", now.to_string());
        }
        Ok(req)
    }

    /// Send, note version drift, and turn an error answer into a classified [`ApiError`].
    pub async fn call(&self, req: Req) -> Result<Resp, ApiError> {
        let resp = self.http.send(req).await?;
        self.check_version(&resp);
        if resp.is_success() {
            return Ok(resp);
        }
        Err(classify(&resp, &self.token_name))
    }

    /// A successful answer read as `T`; one without what `T` requires is unknown, naming
    /// `what` (see [`evidence::read`]).
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        req: Req,
        what: &str,
    ) -> Result<T, ApiError> {
        let resp = self.call(req).await?;
        evidence::read(&resp, what)
    }

    /// Every page of a Graph list (`paging.cursors.after` while `paging.next` is given), or an
    /// unknown error when Meta loops or the list outruns the page cap.
    async fn get_all<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        what: &str,
    ) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        let mut pager = Pager::default();
        let mut after: Option<String> = None;
        loop {
            let mut req = self.request(Method::GET, path)?;
            for (k, v) in query {
                req = req.query(k, v);
            }
            if let Some(a) = &after {
                req = req.query("after", a);
            }
            let page: Page<T> = self.get_json(req, what).await?;
            let n = page.data.len();
            all.extend(page.data);
            // `paging.next` says there is a next page; `cursors.after` alone does not.
            let next = page
                .paging
                .filter(|p| p.next.is_some())
                .and_then(|p| p.cursors)
                .and_then(|c| c.after)
                .filter(|_| n > 0);
            match pager.advance(next.as_deref()) {
                Ok(Some(a)) => after = Some(a),
                Ok(None) => return Ok(all),
                Err(cut) => return Err(cut_error(VENDOR, what, all.len(), &cut)),
            }
        }
    }

    fn check_version(&self, resp: &Resp) {
        if let Some(served) = resp.header("facebook-api-version") {
            if served != self.version {
                self.http.advise(Advisory {
                    vendor: VENDOR,
                    status: Status::Warn,
                    message: format!(
                        "Meta served Graph {served} although {} was asked for",
                        self.version
                    ),
                    hint: Some(format!(
                        "{} is expired or unknown: set graph_version = \"{}\" in config.toml",
                        self.version,
                        crate::config::DEFAULT_GRAPH_VERSION
                    )),
                });
            }
        }
    }

    /// `GET /debug_token?input_token=…` with this client's token (an app token, or the token
    /// itself) as the inspector. Answers 200 even for a dead token: read `is_valid`.
    pub async fn debug_token(&self, input: &Secret) -> Result<DebugToken, ApiError> {
        let req = self
            .request(Method::GET, "/debug_token")?
            .query("input_token", input.expose());
        let env: Envelope<DebugToken> = self.get_json(req, "debug_token data").await?;
        env.data.plausible().map_err(|e| e.api_error(VENDOR))?;
        Ok(env.data)
    }

    /// `GET /me?fields=id,name`: who this token acts as (a system user, a Page, ...).
    pub async fn me(&self) -> Result<Me, ApiError> {
        let req = self.request(Method::GET, "/me")?.query("fields", "id,name");
        self.get_json(req, "the /me answer (id)").await
    }

    pub async fn phone_number(&self, id: &str) -> Result<(PhoneNumber, bool), ApiError> {
        let fields = PHONE_FIELDS.join(",");
        let req = self
            .request(Method::GET, &format!("/{id}"))?
            .query("fields", &fields);
        let what = format!("phone number {id}");
        let (p, all): (PhoneNumber, bool) = match self.get_json(req, &what).await {
            Ok(p) => (p, true),
            Err(e) if is_unknown_field(&e) => {
                let req = self
                    .request(Method::GET, &format!("/{id}"))?
                    .query("fields", confirmed_fields());
                (self.get_json(req, &what).await?, false)
            }
            Err(e) => return Err(e),
        };
        if let Some(f) = p.missing() {
            return Err(incomplete(&what, f));
        }
        Ok((p, all))
    }

    /// Every number of a WABA, following the `after` cursor.
    pub async fn phone_numbers(&self, waba: &str) -> Result<(Vec<PhoneNumber>, bool), ApiError> {
        match self.phone_numbers_with(waba, &PHONE_FIELDS.join(",")).await {
            Ok(v) => Ok((v, true)),
            Err(e) if is_unknown_field(&e) => Ok((
                self.phone_numbers_with(waba, &confirmed_fields()).await?,
                false,
            )),
            Err(e) => Err(e),
        }
    }

    async fn phone_numbers_with(
        &self,
        waba: &str,
        fields: &str,
    ) -> Result<Vec<PhoneNumber>, ApiError> {
        let what = format!("the phone numbers of WABA {waba}");
        let all: Vec<PhoneNumber> = self
            .get_all(
                &format!("/{waba}/phone_numbers"),
                &[("fields", fields), ("limit", "100")],
                &what,
            )
            .await?;
        if let Some(f) = all.iter().find_map(PhoneNumber::missing) {
            return Err(incomplete(&what, f));
        }
        Ok(all)
    }

    pub async fn send(
        &self,
        phone_id: &str,
        to: &str,
        what: &Outgoing,
    ) -> Result<SendResult, ApiError> {
        let body = match what {
            Outgoing::Text(text) => json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "text",
                "text": {"body": text, "preview_url": false}
            }),
            // `policy: deterministic` is the only language policy the Cloud API documents.
            Outgoing::Template { name, language } => json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": {"name": name, "language": {"policy": "deterministic", "code": language}}
            }),
        };
        let req = self
            .request(Method::POST, &format!("/{phone_id}/messages"))?
            .json(body);
        let sent: SendResult = self.get_json(req, "the sent message").await?;
        if sent.messages.iter().all(|m| m.id.is_none()) {
            return Err(incomplete("the sent message", "messages[].id"));
        }
        Ok(sent)
    }

    /// The escape hatch: any call with this client's auth, retries and redaction.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, ApiError> {
        let req = self.request(method, path)?.fields(fields, FieldBody::Form);
        self.call(req).await
    }
}

// ---------- webhooks: app subscriptions, subscribed_apps, leads (docs/vendors/meta.md §5–§7) ---

#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
pub struct SubscriptionField {
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
}

/// One row of `GET /{app-id}/subscriptions`. `fields[]` items are `{name, version}`; a bare
/// string is tolerated.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct AppSubscription {
    pub object: String,
    #[serde(default)]
    pub callback_url: Option<String>,
    #[serde(deserialize_with = "loose_bool_req")]
    pub active: bool,
    #[serde(default, deserialize_with = "fields_loose")]
    pub fields: Vec<SubscriptionField>,
}

impl AppSubscription {
    pub fn field_names(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.name.clone()).collect()
    }
    pub fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name)
    }
}

fn fields_loose<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<SubscriptionField>, D::Error> {
    let v = Option::<Vec<Value>>::deserialize(d)?.unwrap_or_default();
    Ok(v.into_iter()
        .filter_map(|f| match f {
            Value::String(s) => Some(SubscriptionField {
                name: s,
                version: None,
            }),
            other => serde_json::from_value(other).ok(),
        })
        .collect())
}

/// `whatsapp_business_api_data` of `GET /{WABA-ID}/subscribed_apps`.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct WabaAppData {
    #[serde(default, deserialize_with = "id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub override_callback_uri: Option<String>,
}

/// One app subscribed to a WABA, in either form Meta documents: the flat `{id, name, link}` of
/// the OpenAPI schema, or nested under `whatsapp_business_api_data` as the guides show. Where
/// the override callback sits is not documented for GET, so both levels are read.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct WabaSubscribedApp {
    #[serde(default)]
    pub whatsapp_business_api_data: Option<WabaAppData>,
    #[serde(flatten)]
    pub flat: WabaAppData,
}

impl WabaSubscribedApp {
    pub fn app_id(&self) -> Option<&str> {
        self.whatsapp_business_api_data
            .as_ref()
            .and_then(|d| d.id.as_deref())
            .or(self.flat.id.as_deref())
    }
    pub fn override_callback(&self) -> Option<&str> {
        self.flat
            .override_callback_uri
            .as_deref()
            .or(self
                .whatsapp_business_api_data
                .as_ref()
                .and_then(|d| d.override_callback_uri.as_deref()))
            .filter(|s| !s.is_empty())
    }
}

/// One app installed on a Page (`GET /{page-id}/subscribed_apps`).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct PageSubscribedApp {
    #[serde(default, deserialize_with = "id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub subscribed_fields: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct LeadField {
    pub name: String,
    #[serde(default)]
    pub values: Vec<String>,
}

/// `GET /{leadgen_id}`: `created_time` is an ISO string here (Unix seconds in the webhook).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Lead {
    #[serde(default, deserialize_with = "id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub created_time: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    pub ad_id: Option<String>,
    #[serde(default)]
    pub ad_name: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    pub form_id: Option<String>,
    #[serde(default, deserialize_with = "id_opt")]
    pub campaign_id: Option<String>,
    #[serde(default)]
    pub is_organic: Option<bool>,
    #[serde(default)]
    pub platform: Option<String>,
    /// Required: the lead is its fields.
    pub field_data: Vec<LeadField>,
}

pub const LEAD_FIELDS: &str =
    "id,created_time,ad_id,ad_name,form_id,campaign_id,is_organic,platform,field_data";

/// What to POST to `/{app-id}/subscriptions`.
#[derive(Debug, Clone)]
pub struct NewAppSubscription {
    pub object: String,
    pub callback_url: String,
    pub fields: Vec<String>,
    pub verify_token: Secret,
}

/// Meta answers `{"success":true}` or the string `"true"`.
#[derive(Deserialize)]
struct Success {
    #[serde(deserialize_with = "loose_bool_req")]
    success: bool,
}

fn expect_success(resp: &Resp) -> Result<(), ApiError> {
    // A bare `true` is Meta's older form of `{"success":true}`.
    if resp.body.trim_ascii() == b"true" {
        return Ok(());
    }
    let s: Success = evidence::read(resp, "`success`")?;
    if s.success {
        Ok(())
    } else {
        Err(ApiError::new(
            VENDOR,
            Cause::Upstream,
            format!("{} answered success: false", resp.url.path()),
        )
        .http(resp.status))
    }
}

impl Meta {
    /// `GET /{app-id}/subscriptions` (app token).
    pub async fn app_subscriptions(&self, app_id: &str) -> Result<Vec<AppSubscription>, ApiError> {
        self.get_all(
            &format!("/{app_id}/subscriptions"),
            &[],
            &format!("the webhook subscriptions of app {app_id}"),
        )
        .await
    }

    /// `POST /{app-id}/subscriptions`: adds fields (never replaces); Meta GETs the callback while
    /// handling it, so the callback must already answer the handshake.
    pub async fn subscribe_app(
        &self,
        app_id: &str,
        s: &NewAppSubscription,
    ) -> Result<(), ApiError> {
        let req = self
            .request(Method::POST, &format!("/{app_id}/subscriptions"))?
            .form(vec![
                ("object".into(), s.object.clone()),
                ("callback_url".into(), s.callback_url.clone()),
                ("fields".into(), s.fields.join(",")),
                ("verify_token".into(), s.verify_token.expose().to_string()),
                ("include_values".into(), "true".into()),
            ]);
        let resp = self.call(req).await?;
        expect_success(&resp)
    }

    /// `DELETE /{app-id}/subscriptions?object=…&fields=…`. `object` is a required argument here:
    /// without it Meta deletes every subscription of the app.
    pub async fn unsubscribe_app_fields(
        &self,
        app_id: &str,
        object: &str,
        fields: &[String],
    ) -> Result<(), ApiError> {
        if object.trim().is_empty() || fields.is_empty() {
            return Err(ApiError::new(
                VENDOR,
                Cause::BadRequest,
                "refusing DELETE /subscriptions without object and fields: Meta would delete every subscription of the app",
            ));
        }
        let req = self
            .request(Method::DELETE, &format!("/{app_id}/subscriptions"))?
            .query("object", object)
            .query("fields", fields.join(","));
        let resp = self.call(req).await?;
        expect_success(&resp)
    }

    /// `GET /{WABA-ID}/subscribed_apps`.
    pub async fn waba_subscribed_apps(
        &self,
        waba: &str,
    ) -> Result<Vec<WabaSubscribedApp>, ApiError> {
        self.get_all(
            &format!("/{waba}/subscribed_apps"),
            &[],
            &format!("the apps subscribed to WABA {waba}"),
        )
        .await
    }

    /// `POST /{WABA-ID}/subscribed_apps`, with an override callback when given.
    pub async fn subscribe_waba(
        &self,
        waba: &str,
        override_callback: Option<(&str, &Secret)>,
    ) -> Result<(), ApiError> {
        let body = match override_callback {
            Some((uri, token)) => {
                json!({"override_callback_uri": uri, "verify_token": token.expose()})
            }
            None => json!({}),
        };
        let req = self
            .request(Method::POST, &format!("/{waba}/subscribed_apps"))?
            .json(body);
        let resp = self.call(req).await?;
        expect_success(&resp)
    }

    /// `GET /{page-id}/subscribed_apps` (Page token).
    pub async fn page_subscribed_apps(
        &self,
        page: &str,
    ) -> Result<Vec<PageSubscribedApp>, ApiError> {
        self.get_all(
            &format!("/{page}/subscribed_apps"),
            &[],
            &format!("the apps installed on Page {page}"),
        )
        .await
    }

    /// `POST /{page-id}/subscribed_apps?subscribed_fields=…` (Page token, pages_manage_metadata).
    pub async fn install_on_page(&self, page: &str, fields: &[String]) -> Result<(), ApiError> {
        let req = self
            .request(Method::POST, &format!("/{page}/subscribed_apps"))?
            .form(vec![("subscribed_fields".into(), fields.join(","))]);
        let resp = self.call(req).await?;
        expect_success(&resp)
    }

    /// `GET /{leadgen_id}`.
    pub async fn lead(&self, leadgen_id: &str) -> Result<Lead, ApiError> {
        let req = self
            .request(Method::GET, &format!("/{leadgen_id}"))?
            .query("fields", LEAD_FIELDS);
        let what = format!("lead {leadgen_id}");
        let l: Lead = self.get_json(req, &what).await?;
        if l.id.is_none() {
            return Err(incomplete(&what, "id"));
        }
        Ok(l)
    }
}

/// A 2xx answer that parsed but lacks a field the verdict reads.
fn incomplete(what: &str, field: &str) -> ApiError {
    ApiError::new(
        VENDOR,
        Cause::Malformed,
        format!("meta answered without {what}'s `{field}`: the answer cannot be judged"),
    )
    .hint("retry with `-v` to see the answer; if Meta keeps leaving the field out, check the token's permissions on the object and `intops status meta`")
}

fn confirmed_fields() -> String {
    PHONE_FIELDS
        .iter()
        .filter(|f| !PHONE_FIELDS_UNCONFIRMED.contains(f))
        .copied()
        .collect::<Vec<_>>()
        .join(",")
}

fn is_unknown_field(e: &ApiError) -> bool {
    e.code
        .as_deref()
        .map(|c| c.starts_with("100"))
        .unwrap_or(false)
        && e.message.to_ascii_lowercase().contains("nonexisting field")
}

#[derive(Deserialize, Default)]
struct GraphErrorBody {
    #[serde(default)]
    error: Option<GraphError>,
}

#[derive(Deserialize, Default, Debug)]
pub struct GraphError {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_title: Option<String>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    #[serde(default)]
    pub error_data: Option<Value>,
}

/// Classify a non-2xx Graph answer.
pub fn classify(resp: &Resp, token_name: &str) -> ApiError {
    let parsed: Option<GraphErrorBody> = serde_json::from_slice(&resp.body).ok();
    let Some(err) = parsed.and_then(|b| b.error) else {
        // No Graph envelope: an HTML page from a proxy or load balancer, or garbage.
        return match resp.status {
            404 => ApiError::new(
                VENDOR,
                Cause::NotFound,
                format!("HTTP 404 from {}", resp.url.path()),
            )
            .http(404),
            429 => ApiError::new(
                VENDOR,
                Cause::RateLimited {
                    retry_after: crate::http::retry_after(&resp.headers),
                },
                "HTTP 429 without a Graph error body",
            )
            .http(429),
            s if s >= 500 => evidence::server_error(resp).with_default_hint(
                "Meta-side or proxy error: retry later and check `intops status meta`",
            ),
            _ => resp.malformed("no Graph error object"),
        };
    };
    let code = err.code.unwrap_or(-1);
    let sub = err.error_subcode;
    let details = err
        .error_data
        .as_ref()
        .and_then(|d| d.get("details"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut message = err
        .message
        .clone()
        .unwrap_or_else(|| "Graph API error".into());
    if let Some(d) = &details {
        if !message.contains(d.as_str()) {
            message = format!("{message}: {d}");
        }
    }
    let code_str = match sub {
        Some(s) => format!("{code}/{s}"),
        None => code.to_string(),
    };
    let (cause, hint) = classify_code(code, sub, token_name, &resp.headers);
    ApiError::new(VENDOR, cause, message)
        .code(code_str)
        .http(resp.status)
        .trace(err.fbtrace_id)
        .hint(hint)
}

/// The table of docs/vendors/meta.md §2: (code, subcode) -> cause and the next step.
pub fn classify_code(
    code: i64,
    sub: Option<i64>,
    token_name: &str,
    headers: &reqwest::header::HeaderMap,
) -> (Cause, String) {
    // Both ways to store it work on a headless box: token-rotate reads stdin, and a value in
    // the environment or --env-file needs no keyring.
    let rotate = if token_name == "WHATSAPP_ACCESS_TOKEN" {
        "create a new token (runbook whatsapp-outage, Option 1) and install it as WHATSAPP_ACCESS_TOKEN with `intops whatsapp token-rotate` (hidden prompt, or the token on stdin), then run `intops whatsapp token-debug`".to_string()
    } else {
        format!(
            "create a new token (runbook whatsapp-outage, Option 1), put it in {token_name} (environment, --env-file, or `intops auth set {token_name}` where a keyring exists), then run `intops whatsapp token-debug`"
        )
    };
    // Retry-After counts even beside a Graph error body; the longer of it and Meta's usage
    // header wins.
    let wait = [
        meta_regain_access(headers),
        crate::http::retry_after(headers),
    ]
    .into_iter()
    .flatten()
    .max();
    let wait_text = wait
        .map(|d| format!("Meta says access returns in about {} min", d.as_secs() / 60))
        .unwrap_or_else(|| "wait for the usage headers to fall".to_string());
    match (code, sub) {
        (190, Some(459)) | (190, Some(464)) => (
            Cause::TokenInvalid,
            format!("the user behind the token must log in on facebook.com to clear a checkpoint; then {rotate}"),
        ),
        (190, Some(492)) => (
            Cause::Permission,
            "the token's user lost their role on the Page: restore the role in Business Settings (a new token will not help)".into(),
        ),
        (190, Some(463)) => (Cause::TokenExpired, format!("the token expired: {rotate}")),
        // 104: "An access token is required" (documented as the 401 of phone number reads).
        (104, _) => (Cause::TokenInvalid, format!("Meta received no usable access token: {rotate}")),
        (190, _) | (102, _) => (Cause::TokenInvalid, format!("the token is expired, revoked or invalid: {rotate}")),
        (0, _) => (Cause::TokenInvalid, format!("Meta cannot authenticate the app user: {rotate}")),
        (3, _) | (10, _) | (131005, _) | (200..=299, _) => (
            Cause::Permission,
            "the token lacks a permission: check its scopes with `intops whatsapp token-debug` (WhatsApp needs whatsapp_business_messaging and whatsapp_business_management) and the system user's asset access in Business Settings".to_string(),
        ),
        (130429, _) => (
            Cause::RateLimited { retry_after: wait },
            "per-number throughput exceeded (80 msg/s by default): slow the sender, e.g. `intops queue drain --rate 60`".into(),
        ),
        (131056, _) => (
            Cause::RateLimited { retry_after: wait },
            "too many messages to this one recipient: other recipients still work; wait before sending to them again".into(),
        ),
        (133016, _) => (
            Cause::RateLimited { retry_after: wait },
            "too many register/deregister attempts for this number: wait before trying again".into(),
        ),
        (4, _) | (17, _) | (32, _) | (613, _) | (341, _) | (80000..=80014, _) => (
            Cause::RateLimited { retry_after: wait },
            format!("stop calling: more calls extend the block; {wait_text} (runbook whatsapp-outage, rate limits)"),
        ),
        (131048, _) => (
            Cause::Policy,
            "spam rate limit after blocks or reports: check quality in WhatsApp Manager (`intops whatsapp phone`) and do not retry fast".into(),
        ),
        (368, _) | (131031, _) => (
            Cause::Policy,
            "the account is restricted for policy: review it in Business Support Home and escalate to Meta support with the trace id".into(),
        ),
        (131042, _) => (
            Cause::Account,
            "billing problem on the WhatsApp Business Account: fix the payment method in Business Settings".into(),
        ),
        (133010, _) | (131045, _) | (133006, _) | (33, _) => (
            Cause::Account,
            "the phone number is not registered (or was deleted): register it again in WhatsApp Manager, then `intops whatsapp phone`".into(),
        ),
        (133005, _) | (133008, _) | (133009, _) => (
            Cause::Account,
            "two-step verification PIN problem: reset the PIN in WhatsApp Manager".into(),
        ),
        (131057, _) => (
            Cause::Upstream,
            "the account is in maintenance mode (e.g. a throughput upgrade): retry in a few minutes".into(),
        ),
        (131047, _) => (
            Cause::Recipient,
            "more than 24 h since the user last wrote: send a template instead (`--template hello_world`)".into(),
        ),
        (131026, _) => (
            Cause::Recipient,
            "the recipient cannot receive messages (not on WhatsApp, old app, or terms not accepted): try another number".into(),
        ),
        (1, _) | (2, _) | (131000, _) | (131016, _) | (133004, _) => (
            Cause::Upstream,
            "temporary Meta-side error: retry shortly and check `intops status`".into(),
        ),
        (100, Some(33)) => (
            Cause::NotFound,
            "the id does not exist or this token cannot see it: check WHATSAPP_PHONE_NUMBER_ID / WHATSAPP_BUSINESS_ACCOUNT_ID and the system user's assets".into(),
        ),
        (100, _) => (
            Cause::BadRequest,
            "Meta rejected a parameter (for messages: the recipient may not be a WhatsApp number); check the ids in your configuration".into(),
        ),
        (2200, _) => (
            Cause::BadRequest,
            "Meta could not verify the callback (it GETs it with hub.challenge while subscribing): run `intops webhook verify` and fix the callback first".into(),
        ),
        (803, _) => (Cause::NotFound, "the object id does not exist or the token cannot see it: check the configured ids".into()),
        _ => (Cause::Upstream, "unclassified Graph error: search the code in Meta's error reference".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture;

    #[test]
    fn proof_matches_published_vectors() {
        assert_eq!(
            hmac_hex(b"test_app_secret", b"EAAtesttoken"),
            "2f6c99f265a9e1644d725e8f9c96e439fcbf40a73357d1d98ba8b98fbfe445e4"
        );
        assert_eq!(
            appsecret_proof("test_app_secret", "EAAtesttoken", 1_700_000_000),
            "b959a6f2a577969c0a070099f3e1d6598877cb57845bb4feb8427a051a63d3a5"
        );
        assert_eq!(
            hmac_hex(b"It's a Secret to Everybody", b"Hello, World!"),
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }

    #[test]
    fn debug_token_parses_numbers_and_strings() {
        let t: Envelope<DebugToken> = serde_json::from_str(
            r#"{"data":{"app_id":257422819769992,"type":"USER","is_valid":true,"expires_at":0,"scopes":["a"]}}"#,
        )
        .unwrap();
        assert_eq!(t.data.app_id.as_deref(), Some("257422819769992"));
        assert_eq!(t.data.expires_at, Some(0));
    }

    #[test]
    fn classification_ignores_http_status() {
        let h = reqwest::header::HeaderMap::new();
        assert_eq!(
            classify_code(190, Some(463), "T", &h).0,
            Cause::TokenExpired
        );
        assert!(matches!(
            classify_code(80007, None, "T", &h).0,
            Cause::RateLimited { .. }
        ));
        assert_eq!(classify_code(131047, None, "T", &h).0, Cause::Recipient);
        assert_eq!(classify_code(368, None, "T", &h).0, Cause::Policy);
        assert_eq!(classify_code(190, Some(492), "T", &h).0, Cause::Permission);
        assert_eq!(classify_code(200, None, "T", &h).0, Cause::Permission);
    }

    #[test]
    fn subscriptions_parse_object_fields_and_string_booleans() {
        let p: Page<AppSubscription> =
            serde_json::from_str(&fixture(VENDOR, "app-subscriptions.json")).unwrap();
        assert_eq!(p.data.len(), 2);
        assert!(p.data[0].active);
        assert_eq!(p.data[0].fields[0].version.as_deref(), Some("v2.10"));
        assert!(!p.data[1].active, "\"false\" is inactive");
        assert!(p.data[1].has_field("leadgen"));
    }

    #[test]
    fn waba_apps_and_lead_parse() {
        let p: Page<WabaSubscribedApp> =
            serde_json::from_str(&fixture(VENDOR, "waba-subscribed-apps.json")).unwrap();
        assert_eq!(p.data[0].app_id(), Some("1234567890"));
        assert_eq!(p.data[0].override_callback(), None);
        let l: Lead = serde_json::from_str(&fixture(VENDOR, "lead.json")).unwrap();
        assert_eq!(l.field_data[0].values[0], "joe@example.com");
        assert_eq!(l.created_time.as_deref(), Some("2015-02-28T08:49:14+0000"));
        let ok: Success = serde_json::from_str(r#"{"success":"true"}"#).unwrap();
        assert!(ok.success);
    }

    #[test]
    fn callback_verification_failure_is_classified() {
        let resp = Resp::fake(
            VENDOR,
            400,
            "https://graph.facebook.com/v25.0/1/subscriptions",
            fixture(VENDOR, "callback-verification-failed.json"),
        );
        let e = classify(&resp, "WHATSAPP_APP_TOKEN");
        assert_eq!(e.cause, Cause::BadRequest);
        assert_eq!(e.code.as_deref(), Some("2200"));
        assert!(e.hint.unwrap().contains("intops webhook verify"));
    }
}
