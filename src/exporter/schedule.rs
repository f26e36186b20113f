//! How often each check runs, and the limits on a run. Defaults respect the vendors' limits: the
//! WhatsApp token hourly, status pages and the queue every minute, RETS every 15 minutes; the Zoho
//! check reuses the cached access token, so refreshes stay far below Zoho's 10 per 10 minutes.
//! Every value can be set per profile:
//!
//! ```toml
//! [default.exporter]
//! timeout = "30s"              # a run that takes longer is cut and reported unknown
//! probe_min_interval = "30s"   # /probe answers from the last run when it is younger than this
//! [default.exporter.intervals]
//! whatsapp_token = "30m"       # doctor's row name ("whatsapp token") works too
//! status_pages = "5m"
//! ```

use crate::checks::CheckId;
use crate::context::Context;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// The default interval for a check.
pub fn default_interval(check: CheckId) -> Duration {
    let min = |m: u64| Duration::from_secs(m * 60);
    match check {
        CheckId::WhatsappToken => min(60),
        CheckId::WhatsappPhone => min(15),
        CheckId::WhatsappMetrics => min(1),
        CheckId::Webhooks => min(15),
        CheckId::Calendly => min(15),
        CheckId::Zoho => min(15),
        CheckId::Elevenlabs => min(15),
        CheckId::Rets => min(15),
        CheckId::Queue => min(1),
        CheckId::StatusPages => min(1),
        CheckId::Messenger => min(15),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Raw {
    timeout: Option<String>,
    probe_min_interval: Option<String>,
    intervals: BTreeMap<String, String>,
}

/// The exporter's settings for one profile.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub timeout: Duration,
    pub probe_min_interval: Duration,
    intervals: BTreeMap<&'static str, Duration>,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            timeout: Duration::from_secs(30),
            probe_min_interval: Duration::from_secs(30),
            intervals: BTreeMap::new(),
        }
    }
}

fn parse(key: &str, v: &str) -> Result<Duration> {
    let d = humantime::parse_duration(v.trim()).map_err(|e| {
        Error::config(format!(
            "config [exporter] {key} = {v:?}: {e} (write e.g. \"90s\", \"15m\", \"1h\")"
        ))
    })?;
    if d.is_zero() {
        return Err(Error::config(format!(
            "config [exporter] {key} must be more than zero"
        )));
    }
    Ok(d)
}

impl Schedule {
    /// The profile's `[exporter]` section over the defaults.
    pub fn from_config(ctx: &Context) -> Result<Schedule> {
        let raw: Raw = ctx.config.section("exporter")?.unwrap_or_default();
        let mut s = Schedule::default();
        if let Some(t) = &raw.timeout {
            s.timeout = parse("timeout", t)?;
        }
        if let Some(t) = &raw.probe_min_interval {
            s.probe_min_interval = parse("probe_min_interval", t)?;
        }
        for (name, v) in &raw.intervals {
            let Ok(id) = <CheckId as clap::ValueEnum>::from_str(name, true) else {
                let known: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
                return Err(Error::config(format!(
                    "config [exporter.intervals]: unknown check {name:?}; known: {}",
                    known.join(", ")
                )));
            };
            s.intervals
                .insert(id.as_str(), parse(&format!("intervals.{name:?}"), v)?);
        }
        Ok(s)
    }

    pub fn interval(&self, check: CheckId) -> Duration {
        self.intervals
            .get(check.as_str())
            .copied()
            .unwrap_or_else(|| default_interval(check))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_vendor_limits() {
        let s = Schedule::default();
        assert_eq!(
            s.interval(CheckId::WhatsappToken),
            Duration::from_secs(3600)
        );
        assert_eq!(s.interval(CheckId::StatusPages), Duration::from_secs(60));
        assert_eq!(s.interval(CheckId::Rets), Duration::from_secs(900));
    }

    #[test]
    fn parse_rejects_zero_and_garbage_naming_the_fix() {
        assert!(parse("timeout", "0s").is_err());
        let e = parse("timeout", "soon").unwrap_err().to_string();
        assert!(e.contains("\"15m\""), "{e}");
        assert_eq!(parse("timeout", "90s").unwrap(), Duration::from_secs(90));
    }
}
