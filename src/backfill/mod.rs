//! Recover what an outage lost: the leads and bookings created while our webhooks were down,
//! rebuilt as the events the vendor would have sent (`events`), signed and posted to our own
//! callback (`deliver`), minus what the application already has (`present`, its database) and
//! what an earlier run already re-delivered (`ledger`, a local file). No clap and no terminal
//! here: `commands/webhook` turns the results into steps.

pub mod deliver;
pub mod events;
pub mod ledger;
pub mod present;

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// One event to re-deliver: what it is, when it happened and the exact bytes to sign and post.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Ledger key: `leadgen:<leadgen_id>`, `calendly:invitee.created:<invitee URI>`, ...
    pub key: String,
    /// The id the application stores: the leadgen_id or the invitee URI.
    pub id: String,
    /// `leadgen`, `invitee.created` or `invitee.canceled`.
    pub event: &'static str,
    /// When it happened at the vendor (lead created, invitee created or cancelled).
    pub at: DateTime<Utc>,
    pub body: Vec<u8>,
}

/// `[PROFILE.backfill]` in config.toml. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackfillConfig {
    /// The application's table of received events (default `integration_logs`), optionally
    /// schema-qualified.
    pub table: Option<String>,
    /// Its column holding the lead id (`leadgen_id`) or the invitee URI (default `external_id`).
    pub id_column: Option<String>,
    /// Its column holding the event name (`leadgen`, `invitee.created`, `invitee.canceled`).
    /// Without it only leads and new bookings are checked: a cancellation is sent even when the
    /// booking's URI is present, because the URI alone cannot say the cancellation arrived.
    pub event_column: Option<String>,
    /// Re-deliveries per second (default 2).
    pub rate: Option<f64>,
}

pub const DEFAULT_TABLE: &str = "integration_logs";
pub const DEFAULT_ID_COLUMN: &str = "external_id";
pub const DEFAULT_RATE: f64 = 2.0;
