//! Client constructors on the [`Context`]: each vendor's client built from the profile's
//! settings, secrets and base URLs in one place, so a command asks `ctx.meta()` and never another
//! command for a client.

pub mod messenger;
pub mod zoho;

use crate::context::Context;
use crate::error::Result;
use crate::providers::calendly::{self, Calendly};
use crate::providers::elevenlabs::{self, ElevenLabs};
use crate::providers::meta::{self, Meta};
use crate::providers::zoho::Crm;
use crate::secrets::Secret;

impl Context {
    /// The Graph client with `WHATSAPP_ACCESS_TOKEN`.
    pub fn meta(&self) -> Result<Meta> {
        self.meta_named("WHATSAPP_ACCESS_TOKEN")
    }

    /// The Graph client for a token name, with the profile's version and app secret.
    pub fn meta_named(&self, token_name: &str) -> Result<Meta> {
        let token = self.secrets.get(token_name)?;
        Ok(self.meta_with_token(token, token_name))
    }

    /// The Graph client for a token already in hand (`token_name` is what errors call it).
    pub fn meta_with_token(&self, token: Secret, token_name: &str) -> Meta {
        let base = self.base_url("INTOPS_META_URL", &self.config.meta_url, meta::DEFAULT_URL);
        let app_secret = self.secrets.optional("META_APP_SECRET");
        Meta::new(
            self.http.clone(),
            &base,
            &self.config.graph_version(),
            token,
            token_name,
            app_secret,
        )
    }

    /// The Supabase Management API for `SUPABASE_PROJECT_REF`, with `SUPABASE_ACCESS_TOKEN`.
    pub fn supabase(&self) -> Result<crate::providers::supabase::Supabase> {
        let token = self.secrets.get("SUPABASE_ACCESS_TOKEN")?;
        let project = self.require_setting("SUPABASE_PROJECT_REF")?;
        let base = self.base_url(
            "INTOPS_SUPABASE_URL",
            &None,
            crate::providers::supabase::DEFAULT_URL,
        );
        Ok(crate::providers::supabase::Supabase::new(
            self.http.clone(),
            &base,
            token,
            &project,
        ))
    }

    /// The app token: `WHATSAPP_APP_TOKEN`, or `WHATSAPP_APP_ID|META_APP_SECRET`, with where it
    /// came from.
    pub fn app_token(&self) -> Option<(Secret, &'static str)> {
        if let Some(t) = self.secrets.optional("WHATSAPP_APP_TOKEN") {
            return Some((t, "WHATSAPP_APP_TOKEN"));
        }
        let id = self.setting("WHATSAPP_APP_ID")?;
        let secret = self.secrets.optional("META_APP_SECRET")?;
        Some((
            Secret::new(format!("{id}|{}", secret.expose())),
            "WHATSAPP_APP_ID + META_APP_SECRET",
        ))
    }

    /// The Graph client with a Page token (`META_PAGE_ACCESS_TOKEN`, else `META_ACCESS_TOKEN`).
    pub fn meta_page(&self) -> Option<Meta> {
        for name in ["META_PAGE_ACCESS_TOKEN", "META_ACCESS_TOKEN"] {
            if let Some(t) = self.secrets.optional(name) {
                return Some(self.meta_with_token(t, name));
            }
        }
        None
    }

    pub fn calendly(&self) -> Result<Calendly> {
        let token = self.secrets.get("CALENDLY_TOKEN")?;
        let base = self.base_url(
            "INTOPS_CALENDLY_URL",
            &self.config.calendly_url,
            calendly::DEFAULT_URL,
        );
        Ok(Calendly::new(self.http.clone(), &base, token))
    }

    pub fn elevenlabs(&self) -> Result<ElevenLabs> {
        let key = self.secrets.get("ELEVENLABS_API_KEY")?;
        let base = self.base_url(
            "INTOPS_ELEVENLABS_URL",
            &self.config.elevenlabs_url,
            elevenlabs::DEFAULT_URL,
        );
        Ok(ElevenLabs::new(self.http.clone(), &base, key))
    }

    /// The Zoho data centre's hosts (`ZOHO_DC`, overrides, defaults).
    pub fn zoho_endpoints(&self) -> Result<zoho::Endpoints> {
        zoho::endpoints(self)
    }

    /// The Zoho CRM client with a cached or refreshed access token.
    pub async fn zoho_crm(&self) -> Result<Crm> {
        zoho::crm_client(self).await
    }

    /// `PROMETHEUS_URL`: a setting, or a secret when the URL carries credentials.
    pub fn prometheus_url(&self) -> Result<String> {
        if let Some(u) = self.setting("PROMETHEUS_URL") {
            return Ok(u);
        }
        match self.secrets.optional("PROMETHEUS_URL") {
            Some(s) => Ok(s.expose().to_string()),
            None => Err(self.missing("PROMETHEUS_URL")),
        }
    }

    /// A status page's base URL: `INTOPS_STATUS_URL_<VENDOR>`, then `status_urls.<vendor>`, then
    /// the default.
    pub fn status_page_url(&self, key: &str, default_base: &str) -> String {
        self.base_url(
            &format!("INTOPS_STATUS_URL_{}", key.to_ascii_uppercase()),
            &self.config.status_urls.get(key).cloned(),
            default_base,
        )
    }
}
