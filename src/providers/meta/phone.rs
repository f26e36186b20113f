//! The WhatsApp Business Account's phone numbers: one number, or every number of a WABA, with
//! quality, limits and health.

use super::client::incomplete;
use super::Meta;
use crate::error::ApiError;
use crate::providers::serde_util::id_opt;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
