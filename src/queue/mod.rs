//! The message queue: the Redis backlog the application fills (`backlog`), the reliable drain that
//! empties it (`drain`, paced by `rate`, sending through `send`), and the Postgres `message_queue`
//! table (`table`). No clap and no terminal here: `commands/queue.rs` turns results into steps.

pub mod backlog;
pub mod drain;
pub mod item;
pub mod pgtls;
pub mod rate;
pub mod send;
pub mod table;

use crate::context::Context;
use crate::error::Result;
use serde::Deserialize;
use std::time::Duration;

pub const DEFAULT_KEY: &str = "whatsapp_message_queue";
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";

/// `[PROFILE.queue]` in config.toml. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueConfig {
    /// The Redis list the application pushes to (also `WHATSAPP_QUEUE_KEY`).
    pub key: Option<String>,
    /// The dead-letter list (default `<key>:dead`).
    pub dead_key: Option<String>,
    /// The application's own processing list, shown by `queue status` (default `<key>:processing`).
    pub processing_key: Option<String>,
    /// Seconds a drain's lease lives without a heartbeat before another drain may recover its items.
    pub lease_secs: Option<f64>,
    pub backlog_warn: Option<u64>,
    pub backlog_crit: Option<u64>,
    pub age_warn_secs: Option<u64>,
    pub age_crit_secs: Option<u64>,
    /// Postgres table, optionally schema-qualified (`public.message_queue`).
    pub table: Option<String>,
    pub id_column: Option<String>,
    pub status_column: Option<String>,
    pub channel_column: Option<String>,
    /// When a row last changed (failed): `--since` filters on it.
    pub updated_column: Option<String>,
    pub created_column: Option<String>,
    pub error_column: Option<String>,
    /// The status values for a failed and a waiting row.
    pub failed_status: Option<String>,
    pub pending_status: Option<String>,
}

/// The Redis side, resolved.
#[derive(Debug, Clone)]
pub struct Keys {
    pub queue: String,
    pub dead: String,
    pub app_processing: String,
}

impl Keys {
    pub fn new(queue: &str, cfg: &QueueConfig) -> Keys {
        Keys {
            queue: queue.to_string(),
            dead: cfg.dead_key.clone().unwrap_or(format!("{queue}:dead")),
            app_processing: cfg
                .processing_key
                .clone()
                .unwrap_or(format!("{queue}:processing")),
        }
    }
    /// The set of drain ids that may own a processing list.
    pub fn drains(&self) -> String {
        format!("{}:drains", self.queue)
    }
    /// One drain's processing list: items it took and has not finished.
    pub fn processing(&self, drain_id: &str) -> String {
        format!("{}:processing:{drain_id}", self.queue)
    }
    /// One drain's lease: present while the drain is alive.
    pub fn lease(&self, drain_id: &str) -> String {
        format!("{}:lease:{drain_id}", self.queue)
    }
    /// SCAN pattern for every drain's processing list, registered or not (orphans included).
    pub fn processing_pattern(&self) -> String {
        format!("{}:processing:*", glob_escape(&self.queue))
    }
    /// Failed attempts per item (field: the item's digest), kept across runs.
    pub fn attempts(&self) -> String {
        format!("{}:attempts", self.queue)
    }
    /// How many items the receiver ever accepted: an item's failures only earn it the
    /// dead-letter list when the receiver accepted others meanwhile (else it is an outage).
    pub fn accepted(&self) -> String {
        format!("{}:accepted", self.queue)
    }
    /// Recipients under a pair-rate pause (131056), scored by when the next item may go (ms).
    pub fn paused(&self) -> String {
        format!("{}:paused", self.queue)
    }
    /// Items over `backlog::MAX_VALUE_BYTES`, moved there unread by a drain (newest first).
    pub fn oversize(&self) -> String {
        format!("{}:oversize", self.queue)
    }
    /// Prefix of the lists that hold a paused recipient's items, oldest first.
    pub fn parked_prefix(&self) -> String {
        format!("{}:parked:", self.queue)
    }
}

/// Escape Redis glob characters so a key is matched literally inside a SCAN pattern.
pub fn glob_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Backlog thresholds (size in items, age in seconds).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub backlog_warn: u64,
    pub backlog_crit: u64,
    pub age_warn: u64,
    pub age_crit: u64,
}

/// Table and column names for the Postgres `message_queue`.
#[derive(Debug, Clone)]
pub struct TableNames {
    pub table: String,
    pub id: String,
    pub status: String,
    pub channel: String,
    pub updated: String,
    pub created: String,
    pub error: String,
    pub failed: String,
    pub pending: String,
}

/// Everything the queue verbs need from the profile.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keys: Keys,
    pub lease: Duration,
    pub limits: Limits,
    pub table: TableNames,
}

impl Settings {
    pub fn from_ctx(ctx: &Context) -> Result<Settings> {
        let cfg: QueueConfig = ctx.config.section("queue")?.unwrap_or_default();
        let key = ctx
            .setting("WHATSAPP_QUEUE_KEY")
            .or(cfg.key.clone())
            .unwrap_or_else(|| DEFAULT_KEY.to_string());
        let lease = cfg.lease_secs.unwrap_or(30.0);
        if !(lease > 0.0 && lease.is_finite()) {
            return Err(crate::error::Error::config(format!(
                "[{}.queue] lease_secs must be a positive number of seconds, got {lease}",
                ctx.profile
            )));
        }
        let s = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());
        Ok(Settings {
            keys: Keys::new(&key, &cfg),
            lease: Duration::from_secs_f64(lease),
            limits: Limits {
                backlog_warn: cfg.backlog_warn.unwrap_or(1_000),
                backlog_crit: cfg.backlog_crit.unwrap_or(10_000),
                age_warn: cfg.age_warn_secs.unwrap_or(300),
                age_crit: cfg.age_crit_secs.unwrap_or(1_800),
            },
            table: TableNames {
                table: s(&cfg.table, "message_queue"),
                id: s(&cfg.id_column, "id"),
                status: s(&cfg.status_column, "status"),
                channel: s(&cfg.channel_column, "channel"),
                updated: s(&cfg.updated_column, "updated_at"),
                created: s(&cfg.created_column, "created_at"),
                error: s(&cfg.error_column, "error"),
                failed: s(&cfg.failed_status, "failed"),
                pending: s(&cfg.pending_status, "pending"),
            },
        })
    }
}

/// A duration as an engineer reads it: `45s`, `12m`, `3h 5m`, `2d 4h`.
pub fn human_age(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h {}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_queue_key() {
        let ctx = Context::for_tests(&[("WHATSAPP_QUEUE_KEY", "wa")]);
        let s = Settings::from_ctx(&ctx).unwrap();
        assert_eq!(s.keys.queue, "wa");
        assert_eq!(s.keys.dead, "wa:dead");
        assert_eq!(s.keys.app_processing, "wa:processing");
        assert_eq!(s.keys.processing("d1"), "wa:processing:d1");
        assert_eq!(s.keys.lease("d1"), "wa:lease:d1");
        assert_eq!(s.keys.processing_pattern(), "wa:processing:*");
        assert_eq!(glob_escape("a*b?[c]"), "a\\*b\\?\\[c\\]");
        assert_eq!(s.table.table, "message_queue");
        assert_eq!(
            (s.table.failed.as_str(), s.table.pending.as_str()),
            ("failed", "pending")
        );
        let s = Settings::from_ctx(&Context::for_tests(&[])).unwrap();
        assert_eq!(s.keys.queue, DEFAULT_KEY);
    }

    #[test]
    fn ages_read_like_an_engineer_writes_them() {
        assert_eq!(human_age(42), "42s");
        assert_eq!(human_age(125), "2m");
        assert_eq!(human_age(7260), "2h 1m");
        assert_eq!(human_age(90_000), "1d 1h");
    }
}
