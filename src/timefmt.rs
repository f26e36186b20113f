//! How times and durations are written in reports, in one place.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

/// `2026-11-24T03:12:09Z`: whole seconds, UTC, as the JSON contract shows.
pub fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A Unix time in seconds, if chrono can represent it. (Plausibility is `providers::bounds`.)
pub fn from_unix(secs: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(secs, 0).single()
}

/// An age for a person: `45 s`, `12 min`, `5 h`, `4 days`.
pub fn human(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    if s < 120 {
        format!("{s} s")
    } else if s < 2 * 3600 {
        format!("{} min", s / 60)
    } else if s < 72 * 3600 {
        format!("{} h", s / 3600)
    } else {
        format!("{} days", s / 86400)
    }
}

/// "24 h", "7 days", "30 min" for the summary line.
pub fn window(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 2 * 86_400 && s.is_multiple_of(86_400) {
        format!("{} days", s / 86_400)
    } else if s >= 3_600 && s.is_multiple_of(3_600) {
        format!("{} h", s / 3_600)
    } else {
        format!("{} min", s.div_ceil(60))
    }
}
