//! The Page Messenger runs on, and its Graph client: `FACEBOOK_PAGE_ID` with
//! `FACEBOOK_PAGE_ACCESS_TOKEN` when either is set (Messenger on its own Page), else the Lead Ads
//! Page, `META_PAGE_ID` with `META_PAGE_ACCESS_TOKEN`. A pair is never mixed: one Page's id with
//! another Page's token would test nothing.

use crate::context::Context;
use crate::error::Result;
use crate::providers::meta::Meta;
use crate::secrets::Secret;

/// The names of one Page's id and token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNames {
    pub id: &'static str,
    pub token: &'static str,
}

pub const FACEBOOK_PAGE: PageNames = PageNames {
    id: "FACEBOOK_PAGE_ID",
    token: "FACEBOOK_PAGE_ACCESS_TOKEN",
};
pub const META_PAGE: PageNames = PageNames {
    id: "META_PAGE_ID",
    token: "META_PAGE_ACCESS_TOKEN",
};

/// The Messenger Page: its id, the names they came from, its token and a Graph client with it.
#[derive(Clone)]
pub struct MessengerPage {
    pub page_id: String,
    pub names: PageNames,
    pub token: Secret,
    pub client: Meta,
}

impl Context {
    /// Which pair of names configures the Messenger Page (FACEBOOK_* when either is set).
    pub fn messenger_page_names(&self) -> PageNames {
        if self.setting(FACEBOOK_PAGE.id).is_some() || self.lookup(FACEBOOK_PAGE.token).is_set() {
            FACEBOOK_PAGE
        } else {
            META_PAGE
        }
    }

    /// The first name of the Messenger Page's pair that is not set, if any (for doctor's skip
    /// line); it names the other spelling when neither pair is there.
    pub fn messenger_page_missing(&self) -> Option<String> {
        let names = self.messenger_page_names();
        let either = names == META_PAGE;
        for (name, other, set) in [
            (names.id, FACEBOOK_PAGE.id, self.setting(names.id).is_some()),
            (
                names.token,
                FACEBOOK_PAGE.token,
                self.lookup(names.token).is_set(),
            ),
        ] {
            if !set {
                return Some(if either {
                    format!("{name} (or {other})")
                } else {
                    name.to_string()
                });
            }
        }
        None
    }

    /// The Messenger Page with its Graph client, or the missing credential.
    pub fn messenger_page(&self) -> Result<MessengerPage> {
        let names = self.messenger_page_names();
        // The id is a plain setting: reading it as a secret would redact it from every report.
        let page_id = self
            .setting(names.id)
            .ok_or_else(|| self.missing(names.id))?;
        let token = self
            .secrets
            .optional(names.token)
            .ok_or_else(|| self.missing(names.token))?;
        let client = self.meta_with_token(token.clone(), names.token);
        Ok(MessengerPage {
            page_id,
            names,
            token,
            client,
        })
    }

    /// The app that receives the Page's webhooks: `META_APP_ID`, else `WHATSAPP_APP_ID`, with
    /// the name it came from.
    pub fn messenger_app_id(&self) -> Option<(String, &'static str)> {
        for name in ["META_APP_ID", "WHATSAPP_APP_ID"] {
            if let Some(v) = self.setting(name) {
                return Some((v, name));
            }
        }
        None
    }

    /// An app token for that app: `META_APP_ID|META_APP_SECRET` when META_APP_ID names the app,
    /// else the WhatsApp app token (`WHATSAPP_APP_TOKEN` or `WHATSAPP_APP_ID|META_APP_SECRET`).
    pub fn messenger_app_token(&self) -> Option<(Secret, &'static str)> {
        if let Some(id) = self.setting("META_APP_ID") {
            let same_app = self.setting("WHATSAPP_APP_ID").as_deref() == Some(id.as_str());
            if !same_app {
                let secret = self.secrets.optional("META_APP_SECRET")?;
                return Some((
                    Secret::new(format!("{id}|{}", secret.expose())),
                    "META_APP_ID + META_APP_SECRET",
                ));
            }
        }
        self.app_token()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facebook_pair_wins_and_pairs_never_mix() {
        let ctx = Context::for_tests(&[
            ("META_PAGE_ID", "1"),
            ("META_PAGE_ACCESS_TOKEN", "EAAmeta"),
            ("FACEBOOK_PAGE_ID", "2"),
            ("FACEBOOK_PAGE_ACCESS_TOKEN", "EAAfb"),
        ]);
        let p = ctx.messenger_page().ok().unwrap();
        assert_eq!(p.page_id, "2");
        assert_eq!(p.names, FACEBOOK_PAGE);
        assert_eq!(p.token.expose(), "EAAfb");
        // FACEBOOK_PAGE_ID alone does not borrow the Lead Ads Page's token.
        let ctx = Context::for_tests(&[
            ("META_PAGE_ID", "1"),
            ("META_PAGE_ACCESS_TOKEN", "EAAmeta"),
            ("FACEBOOK_PAGE_ID", "2"),
        ]);
        assert_eq!(
            ctx.messenger_page_missing().as_deref(),
            Some("FACEBOOK_PAGE_ACCESS_TOKEN")
        );
        assert!(ctx.messenger_page().is_err());
        let ctx = Context::for_tests(&[("META_PAGE_ID", "1")]);
        assert_eq!(
            ctx.messenger_page_missing().as_deref(),
            Some("META_PAGE_ACCESS_TOKEN (or FACEBOOK_PAGE_ACCESS_TOKEN)")
        );
        let ctx = Context::for_tests(&[("META_PAGE_ID", "1"), ("META_PAGE_ACCESS_TOKEN", "t")]);
        assert_eq!(ctx.messenger_page().ok().unwrap().page_id, "1");
        assert!(ctx.messenger_page_missing().is_none());
    }

    #[test]
    fn the_app_is_meta_app_id_else_the_whatsapp_app() {
        let ctx = Context::for_tests(&[("WHATSAPP_APP_ID", "7"), ("META_APP_SECRET", "s")]);
        assert_eq!(
            ctx.messenger_app_id(),
            Some(("7".into(), "WHATSAPP_APP_ID"))
        );
        assert_eq!(ctx.messenger_app_token().unwrap().0.expose(), "7|s");
        let ctx = Context::for_tests(&[
            ("WHATSAPP_APP_ID", "7"),
            ("META_APP_ID", "8"),
            ("META_APP_SECRET", "s"),
        ]);
        assert_eq!(ctx.messenger_app_id(), Some(("8".into(), "META_APP_ID")));
        assert_eq!(ctx.messenger_app_token().unwrap().0.expose(), "8|s");
    }
}
