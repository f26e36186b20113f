//! Who a token is: `GET /debug_token` (validity, expiry, scopes) and `GET /me`.

use super::client::Envelope;
use super::{Meta, VENDOR};
use crate::error::ApiError;
use crate::providers::bounds::{self, Implausible};
use crate::providers::serde_util::{i64_opt, id_opt, loose_bool_req};
use crate::secrets::Secret;
use reqwest::Method;
use serde::{Deserialize, Serialize};

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

/// `GET /me`.
#[derive(Debug, Clone, Deserialize)]
pub struct Me {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

impl Meta {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_token_parses_numbers_and_strings() {
        let t: Envelope<DebugToken> = serde_json::from_str(
            r#"{"data":{"app_id":257422819769992,"type":"USER","is_valid":true,"expires_at":0,"scopes":["a"]}}"#,
        )
        .unwrap();
        assert_eq!(t.data.app_id.as_deref(), Some("257422819769992"));
        assert_eq!(t.data.expires_at, Some(0));
    }
}
