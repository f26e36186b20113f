//! The one typed result every command produces. Renderers draw it; main.rs turns it into an exit code.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A step's verdict. The order of the variants is not the severity: see [`Status::severity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Crit,
    Unknown,
    Skipped,
}

impl Status {
    /// Worst-of ordering: crit > unknown > warn > ok = skipped. A check that could not run is more
    /// alarming than a warning, but less than a confirmed outage.
    pub fn severity(self) -> u8 {
        match self {
            Status::Ok | Status::Skipped => 0,
            Status::Warn => 1,
            Status::Unknown => 2,
            Status::Crit => 3,
        }
    }

    /// The worst status of some steps (`ok` for none).
    pub fn worst_of<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Status {
        steps.into_iter().fold(Status::Ok, |a, s| a.worst(s.status))
    }

    pub fn worst(self, other: Status) -> Status {
        if other.severity() > self.severity() {
            other
        } else {
            self
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Crit => "crit",
            Status::Unknown => "unknown",
            Status::Skipped => "skipped",
        }
    }

    /// The monitoring-plugin exit code for a report whose worst step has this status.
    pub fn exit_code(self) -> i32 {
        match self {
            Status::Ok | Status::Skipped => 0,
            Status::Warn => 1,
            Status::Crit => 2,
            Status::Unknown => 3,
        }
    }

    /// Numeric value used in the Prometheus output.
    pub fn prom_value(self) -> i32 {
        match self {
            Status::Skipped => -1,
            other => other.exit_code(),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    pub status: Status,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default)]
    pub data: Value,
    /// Numeric series for `--output prom` (`intops_<name>`); not part of the JSON contract.
    #[serde(skip)]
    pub metrics: Vec<(String, f64)>,
}

impl Step {
    pub fn new(name: impl Into<String>, status: Status, summary: impl Into<String>) -> Self {
        Step {
            name: name.into(),
            status,
            summary: summary.into(),
            hint: None,
            data: Value::Object(Map::new()),
            metrics: Vec::new(),
        }
    }
    pub fn ok(name: impl Into<String>, summary: impl Into<String>) -> Self {
        Self::new(name, Status::Ok, summary)
    }
    pub fn warn(name: impl Into<String>, summary: impl Into<String>) -> Self {
        Self::new(name, Status::Warn, summary)
    }
    pub fn crit(name: impl Into<String>, summary: impl Into<String>) -> Self {
        Self::new(name, Status::Crit, summary)
    }
    pub fn unknown(name: impl Into<String>, summary: impl Into<String>) -> Self {
        Self::new(name, Status::Unknown, summary)
    }
    pub fn skipped(name: impl Into<String>, summary: impl Into<String>) -> Self {
        Self::new(name, Status::Skipped, summary)
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
    pub fn data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }
    /// Add one key to the step's data object.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        if let Value::Object(m) = &mut self.data {
            m.insert(key.to_string(), value.into());
        }
        self
    }
    pub fn metric(mut self, name: &str, value: f64) -> Self {
        self.metrics.push((name.to_string(), value));
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub command: String,
    pub profile: String,
    pub status: Status,
    #[serde(with = "rfc3339_secs")]
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub steps: Vec<Step>,
    /// Verbatim text for table output instead of the step table (the `api` escape hatch).
    #[serde(skip)]
    pub raw: Option<String>,
    /// The profile's thresholds, for renderers that print them (`--output nagios` perfdata).
    #[serde(skip)]
    pub thresholds: Option<crate::config::Thresholds>,
}

impl Report {
    pub fn new(
        command: impl Into<String>,
        profile: impl Into<String>,
        started_at: DateTime<Utc>,
    ) -> Self {
        Report {
            command: command.into(),
            profile: profile.into(),
            status: Status::Ok,
            started_at,
            duration_ms: 0,
            steps: Vec::new(),
            raw: None,
            thresholds: None,
        }
    }

    pub fn push(&mut self, step: Step) {
        self.steps.push(step);
        self.status = self.worst();
    }

    pub fn extend(&mut self, steps: impl IntoIterator<Item = Step>) {
        for s in steps {
            self.push(s);
        }
    }

    pub fn worst(&self) -> Status {
        Status::worst_of(&self.steps)
    }

    pub fn exit_code(&self) -> i32 {
        self.worst().exit_code()
    }
}

/// `2026-11-24T03:12:09Z`: whole seconds, as the contract shows.
mod rfc3339_secs {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_status_orders_crit_over_unknown_over_warn() {
        let mut r = Report::new("x", "default", Utc::now());
        r.push(Step::ok("a", "fine"));
        r.push(Step::skipped("b", "not configured"));
        assert_eq!(r.exit_code(), 0);
        r.push(Step::warn("c", "soon"));
        assert_eq!(r.exit_code(), 1);
        r.push(Step::unknown("d", "could not run"));
        assert_eq!(r.exit_code(), 3);
        r.push(Step::crit("e", "down"));
        assert_eq!(r.exit_code(), 2);
        assert_eq!(r.status, Status::Crit);
    }
}
