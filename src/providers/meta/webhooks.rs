//! Webhooks (docs/vendors/meta.md §5–§7): the app's subscriptions, the apps subscribed to a WABA
//! or installed on a Page, and the lead a `leadgen` webhook points at.

use super::client::{expect_success, incomplete};
use super::{Meta, VENDOR};
use crate::error::{ApiError, Cause};
use crate::providers::serde_util::{id_opt, loose_bool_req};
use crate::secrets::Secret;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::meta::client::{Page, Success};
    use crate::testutil::fixture;

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
}
