//! Meta Graph API and WhatsApp Cloud API. Errors are classified on `code`/`error_subcode`, never
//! on the HTTP status (docs/vendors/meta.md §2).
//!
//! - `client`: the [`Meta`] client (auth, `appsecret_proof`, version drift, paging)
//! - `errors`: Graph error answers classified into causes and next steps
//! - `versions`: Graph versions and their expiry dates
//! - `token`: `debug_token` and `/me`
//! - `phone`: a WABA's phone numbers
//! - `send`: sending a message
//! - `webhooks`: app subscriptions, subscribed apps, a lead
//! - `leads`: Lead Ads Bulk Read

mod client;
mod errors;
pub mod leads;
pub mod messenger;
mod phone;
mod send;
mod token;
mod versions;
mod webhooks;

pub use client::{appsecret_proof, Meta};
pub use errors::{classify, classify_code, GraphError};
pub use phone::{HealthEntity, HealthStatus, PhoneNumber, Throughput};
pub use send::{Outgoing, SendResult, SentContact, SentMessage};
pub use token::{DebugToken, DebugTokenError, GranularScope, Me};
pub use versions::{version_expiry, GRAPH_VERSIONS};
pub use webhooks::{
    AppSubscription, Lead, LeadField, NewAppSubscription, PageSubscribedApp, SubscriptionField,
    WabaAppData, WabaSubscribedApp, LEAD_FIELDS,
};

pub const VENDOR: &str = "meta";
pub const DEFAULT_URL: &str = "https://graph.facebook.com";
