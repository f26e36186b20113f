//! Non-secret settings: `$XDG_CONFIG_HOME/intops/config.toml`, one table per profile.
//!
//! ```toml
//! [default]
//! graph_version = "v25.0"
//! meta_url = "https://graph.facebook.com"
//! [default.thresholds]
//! token_warn_days = 7
//! [staging]
//! meta_url = "http://127.0.0.1:8089/meta"
//! ```
//! Vendor issues read their own sections with [`Profile::section`].

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DEFAULT_GRAPH_VERSION: &str = "v25.0";

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// Token validity: warn at this many days left or fewer.
    pub token_warn_days: i64,
    /// API error rate in percent.
    pub error_rate_warn: f64,
    pub error_rate_crit: f64,
    /// Webhook latency in milliseconds.
    pub webhook_latency_warn_ms: u64,
    pub webhook_latency_crit_ms: u64,
    /// Message delivery success in percent.
    pub delivery_warn: f64,
    pub delivery_crit: f64,
    /// Meta app / business usage headers, percent of the hourly allowance.
    pub meta_usage_warn: f64,
    /// The runbook's time to mitigation, in minutes, from an incident's start.
    pub mitigation_sla_minutes: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            token_warn_days: 7,
            error_rate_warn: 1.0,
            error_rate_crit: 5.0,
            webhook_latency_warn_ms: 3000,
            webhook_latency_crit_ms: 5000,
            delivery_warn: 98.0,
            delivery_crit: 95.0,
            meta_usage_warn: 75.0,
            mitigation_sla_minutes: 60,
        }
    }
}

/// `Debug` shows no setting's value (a `DATABASE_URL` in `[PROFILE.settings]` carries a
/// password): setting and section names, and URLs redacted.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub graph_version: Option<String>,
    pub meta_url: Option<String>,
    pub zoho_accounts_url: Option<String>,
    pub zoho_api_url: Option<String>,
    pub calendly_url: Option<String>,
    pub elevenlabs_url: Option<String>,
    /// `INTOPS_STATUS_URL_<VENDOR>` equivalents, keyed by lower-case vendor name.
    pub status_urls: BTreeMap<String, String>,
    pub thresholds: Thresholds,
    /// Plain settings that may also come from the environment (WHATSAPP_PHONE_NUMBER_ID, ...).
    pub settings: BTreeMap<String, String>,
    /// Checks `doctor` must run (`"whatsapp token"`, `zoho`, ...): one that is skipped for want
    /// of configuration is unknown, not silently fine.
    pub required_checks: Vec<String>,
    /// Sections owned by individual vendors (`rets`, `queue`, ...).
    #[serde(flatten)]
    pub extra: toml::Table,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = |u: &Option<String>| u.as_deref().map(crate::redact::redact);
        f.debug_struct("Profile")
            .field("graph_version", &self.graph_version)
            .field("meta_url", &url(&self.meta_url))
            .field("zoho_accounts_url", &url(&self.zoho_accounts_url))
            .field("zoho_api_url", &url(&self.zoho_api_url))
            .field("calendly_url", &url(&self.calendly_url))
            .field("elevenlabs_url", &url(&self.elevenlabs_url))
            .field("status_urls", &self.status_urls.keys().collect::<Vec<_>>())
            .field("thresholds", &self.thresholds)
            .field("settings", &self.settings.keys().collect::<Vec<_>>())
            .field("required_checks", &self.required_checks)
            .field("sections", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Profile {
    /// Deserialize a vendor's own section, if present.
    pub fn section<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>> {
        match self.extra.get(name) {
            None => Ok(None),
            Some(v) => v
                .clone()
                .try_into()
                .map(Some)
                .map_err(|e| Error::config(format!("config section [{name}]: {e}"))),
        }
    }

    pub fn graph_version(&self) -> String {
        self.graph_version
            .clone()
            .unwrap_or_else(|| DEFAULT_GRAPH_VERSION.to_string())
    }
}

/// Where intops keeps things on disk (all XDG).
#[derive(Debug, Clone)]
pub struct Paths {
    pub config_file: PathBuf,
    pub state_dir: PathBuf,
    pub cache_dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Result<Self> {
        use etcetera::BaseStrategy;
        let base = etcetera::choose_base_strategy()
            .map_err(|e| Error::config(format!("cannot find the home directory: {e}")))?;
        Ok(Paths {
            config_file: base.config_dir().join("intops").join("config.toml"),
            state_dir: base
                .state_dir()
                .unwrap_or_else(|| base.data_dir())
                .join("intops"),
            cache_dir: base.cache_dir().join("intops"),
        })
    }
}

/// Load the profile from the config file. A missing file is fine for `default`; an unknown
/// profile is an error that lists the profiles the file has.
pub fn load_profile(path: &Path, profile: &str) -> Result<Profile> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if profile == "default" {
                return Ok(Profile::default());
            }
            return Err(Error::config(format!(
                "unknown profile '{profile}': {} does not exist; add a [{profile}] table to it",
                path.display()
            )));
        }
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    let mut table: toml::Table = toml::from_str(&text)
        .map_err(|e| Error::config(format!("cannot parse {}: {}", path.display(), e.message())))?;
    match table.remove(profile) {
        Some(v) => v.try_into().map_err(|e: toml::de::Error| {
            Error::config(format!("{} [{profile}]: {}", path.display(), e.message()))
        }),
        None if profile == "default" => Ok(Profile::default()),
        None => {
            let names: Vec<_> = table.keys().cloned().collect();
            Err(Error::config(format!(
                "unknown profile '{profile}' (profiles in {}: {})",
                path.display(),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )))
        }
    }
}

/// Profile names in the config file, for completion.
pub fn profile_names(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    if !names.iter().any(|n| n == "default") {
        names.insert(0, "default".into());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_profile_shows_no_setting_value() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(
            &p,
            "[default]\nmeta_url='https://ops:MetaPass-123@graph.example.test'\n[default.settings]\nDATABASE_URL='postgres://app:DbPass-456@db/x'\n[default.queue]\nkey='q'\n",
        )
        .unwrap();
        let dbg = format!("{:?}", load_profile(&p, "default").unwrap());
        for secret in ["MetaPass-123", "DbPass-456"] {
            assert!(!dbg.contains(secret), "{dbg}");
        }
        assert!(
            dbg.contains("DATABASE_URL") && dbg.contains("queue"),
            "{dbg}"
        );
    }

    #[test]
    fn unknown_profile_lists_known_ones() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "[default]\ngraph_version='v24.0'\n[staging]\n").unwrap();
        assert_eq!(
            load_profile(&p, "default").unwrap().graph_version(),
            "v24.0"
        );
        let e = load_profile(&p, "prod").unwrap_err().to_string();
        assert!(
            e.contains("unknown profile 'prod'") && e.contains("staging"),
            "{e}"
        );
    }

    #[test]
    fn thresholds_default_and_override() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "[default.thresholds]\ntoken_warn_days = 14\n").unwrap();
        let prof = load_profile(&p, "default").unwrap();
        assert_eq!(prof.thresholds.token_warn_days, 14);
        assert_eq!(prof.thresholds.webhook_latency_crit_ms, 5000);
    }
}
