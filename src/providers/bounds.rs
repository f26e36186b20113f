//! Plausibility bounds, in one place: the numbers a vendor can mean. A value outside them is not
//! a fact to judge (a token "valid for 3,000 years", a call that started in the year 292277026596,
//! a negative duration): the answer is unreadable, so the step is `unknown`, never ok or crit.

use crate::error::{ApiError, Cause};
use chrono::{DateTime, TimeZone, Utc};

/// The longest life any token intops reads can have: Meta long-lived user tokens last 60 days and
/// data access 90 days (system-user and Page tokens say `0`, "never"); Zoho access tokens last an
/// hour; OAuth2 client-credential tokens (RESO) hours. A year and a month leaves room for all.
pub const MAX_TOKEN_LIFE_SECS: i64 = 400 * 86_400;
/// 2000-01-01T00:00:00Z: older than every API intops talks to.
pub const EARLIEST_UNIX: i64 = 946_684_800;
/// 2100-01-01T00:00:00Z: no event or reset the vendors report lies beyond it (the instant itself
/// is allowed: test fixtures and "far future" placeholders use it).
pub const LATEST_UNIX: i64 = 4_102_444_800;
/// A call lasting longer than a day is a broken number, not a long call.
pub const MAX_CALL_SECS: i64 = 86_400;
/// How far ahead of our clock a vendor's "past" event may be stamped (clock skew).
pub const MAX_SKEW_SECS: i64 = 3_600;

/// A number the vendor cannot have meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} = {value}, {why}")]
pub struct Implausible {
    pub field: String,
    pub value: i64,
    pub why: &'static str,
}

impl Implausible {
    fn new(field: &str, value: i64, why: &'static str) -> Self {
        Implausible {
            field: field.to_string(),
            value,
            why,
        }
    }

    /// The provider-level error: `unknown`, naming the vendor and the field.
    pub fn api_error(&self, vendor: &'static str) -> ApiError {
        ApiError::new(
            vendor,
            Cause::Malformed,
            format!("{vendor} answered {self}: the answer cannot be judged"),
        )
        .hint("retry; if it persists the vendor (or a proxy) is sending broken answers: check the vendor's status page and open a ticket with the answer from `-v`")
    }
}

/// A Unix time (seconds) that stamps a real event or deadline: between 2000 and 2100.
pub fn unix_time(field: &str, secs: i64) -> Result<DateTime<Utc>, Implausible> {
    if secs < 0 {
        return Err(Implausible::new(field, secs, "a negative time"));
    }
    if secs < EARLIEST_UNIX {
        return Err(Implausible::new(field, secs, "before the year 2000"));
    }
    if secs > LATEST_UNIX {
        return Err(Implausible::new(field, secs, "after the year 2100"));
    }
    Utc.timestamp_opt(secs, 0)
        .single()
        .ok_or_else(|| Implausible::new(field, secs, "not a time"))
}

/// A Unix time for something that already happened (a call's start): not ahead of `now` by more
/// than clock skew.
pub fn past_time(field: &str, secs: i64, now: DateTime<Utc>) -> Result<DateTime<Utc>, Implausible> {
    let t = unix_time(field, secs)?;
    if secs > now.timestamp() + MAX_SKEW_SECS {
        return Err(Implausible::new(field, secs, "in the future"));
    }
    Ok(t)
}

/// A token's absolute expiry (`expires_at`): `0` means "never" (`None`); otherwise a time no
/// further ahead of `now` than any real token lives. An expiry in the past is plausible (an
/// expired token).
pub fn token_expiry(
    field: &str,
    secs: i64,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, Implausible> {
    if secs == 0 {
        return Ok(None);
    }
    let t = unix_time(field, secs)?;
    if secs - now.timestamp() > MAX_TOKEN_LIFE_SECS {
        return Err(Implausible::new(
            field,
            secs,
            "beyond any real token life (more than 400 days ahead)",
        ));
    }
    Ok(Some(t))
}

/// A token's relative life (`expires_in`): positive, and no longer than any real token lives.
pub fn expires_in(field: &str, secs: i64) -> Result<i64, Implausible> {
    if secs <= 0 {
        return Err(Implausible::new(field, secs, "not a positive lifetime"));
    }
    if secs > MAX_TOKEN_LIFE_SECS {
        return Err(Implausible::new(
            field,
            secs,
            "beyond any real token life (more than 400 days)",
        ));
    }
    Ok(secs)
}

/// A duration in seconds: not negative, at most `max`.
pub fn duration_secs(field: &str, secs: i64, max: i64) -> Result<i64, Implausible> {
    if secs < 0 {
        return Err(Implausible::new(field, secs, "a negative duration"));
    }
    if secs > max {
        return Err(Implausible::new(field, secs, "longer than possible"));
    }
    Ok(secs)
}

/// A count that cannot be negative (credits, messages).
pub fn count(field: &str, n: i64) -> Result<i64, Implausible> {
    if n < 0 {
        return Err(Implausible::new(field, n, "a negative count"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 3, 0, 0).unwrap()
    }

    #[test]
    fn times_outside_2000_to_2100_are_implausible() {
        assert!(unix_time("t", 1_749_416_383).is_ok());
        // i64::MAX milliseconds read as seconds: the year 292277026596.
        let e = unix_time("start_time_unix_secs", i64::MAX / 1000).unwrap_err();
        assert_eq!(e.why, "after the year 2100");
        assert!(e.to_string().starts_with("start_time_unix_secs = "));
        assert_eq!(unix_time("t", -5).unwrap_err().why, "a negative time");
        assert_eq!(unix_time("t", 12).unwrap_err().why, "before the year 2000");
    }

    #[test]
    fn past_events_may_not_be_far_in_the_future() {
        let n = now().timestamp();
        assert!(past_time("t", n + 60, now()).is_ok());
        assert_eq!(
            past_time("t", n + 86_400, now()).unwrap_err().why,
            "in the future"
        );
    }

    #[test]
    fn token_expiry_zero_is_never_and_centuries_ahead_are_implausible() {
        let n = now().timestamp();
        assert_eq!(token_expiry("expires_at", 0, now()), Ok(None));
        assert!(token_expiry("expires_at", n + 60 * 86_400, now())
            .unwrap()
            .is_some());
        // Expired a week ago: plausible, and judged as expired elsewhere.
        assert!(token_expiry("expires_at", n - 7 * 86_400, now()).is_ok());
        assert!(token_expiry("expires_at", n + 401 * 86_400, now()).is_err());
        assert!(token_expiry("expires_at", 99_999_999_999, now()).is_err());
        assert!(token_expiry("expires_at", -1, now()).is_err());
    }

    #[test]
    fn expires_in_is_positive_and_bounded() {
        assert_eq!(expires_in("expires_in", 3600), Ok(3600));
        assert!(expires_in("expires_in", 0).is_err());
        assert!(expires_in("expires_in", -3600).is_err());
        assert!(expires_in("expires_in", 10_i64.pow(12)).is_err());
    }

    #[test]
    fn durations_and_counts() {
        assert_eq!(duration_secs("d", 42, MAX_CALL_SECS), Ok(42));
        assert!(duration_secs("d", -1, MAX_CALL_SECS).is_err());
        assert!(duration_secs("d", MAX_CALL_SECS + 1, MAX_CALL_SECS).is_err());
        assert!(count("n", -1).is_err());
    }

    #[test]
    fn the_error_is_unknown_and_names_vendor_and_field() {
        let e = unix_time("start_time_unix_secs", -1)
            .unwrap_err()
            .api_error("elevenlabs");
        assert_eq!(e.status(), crate::report::Status::Unknown);
        assert!(e
            .line()
            .contains("elevenlabs answered start_time_unix_secs = -1"));
    }
}
