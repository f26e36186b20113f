//! The runbook's SLA "1 hour to mitigation": a clock from the incident's start that a successful
//! mitigation action on its timeline (`intops action run`) stops.

use super::state::Incident;
use super::templates::duration_text;
use crate::report::{Status, Step};
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, PartialEq)]
pub enum Mitigation {
    /// Stopped by this action after this long.
    Done {
        action: String,
        after: Duration,
    },
    Running {
        left: Duration,
    },
    Breached {
        over: Duration,
    },
}

pub fn mitigation(inc: &Incident, now: DateTime<Utc>, sla: Duration) -> Mitigation {
    if let Some(run) = inc
        .actions
        .iter()
        .find(|r| r.mitigation && r.status == "ok")
    {
        return Mitigation::Done {
            action: run.action.clone(),
            after: run.at - inc.started_at,
        };
    }
    let end = inc.resolution.as_ref().map(|r| r.at).unwrap_or(now);
    let left = inc.started_at + sla - end;
    if left > Duration::zero() {
        Mitigation::Running { left }
    } else {
        Mitigation::Breached { over: -left }
    }
}

/// One step for list/update: ok while the clock runs or once mitigated, warn when breached (the
/// incident is already open and being worked on: the breach is a warning, not a new outage).
pub fn step(inc: &Incident, now: DateTime<Utc>, sla: Duration) -> Step {
    let sla_text = duration_text(sla);
    let (status, summary, data) = match mitigation(inc, now, sla) {
        Mitigation::Done { action, after } => (
            Status::Ok,
            format!(
                "mitigated after {} by `{action}` (SLA {sla_text})",
                duration_text(after)
            ),
            serde_json::json!({"state": "mitigated", "action": action, "after_seconds": after.num_seconds()}),
        ),
        Mitigation::Running { left } => (
            Status::Ok,
            format!("{} left to mitigate (SLA {sla_text})", duration_text(left)),
            serde_json::json!({"state": "running", "left_seconds": left.num_seconds()}),
        ),
        Mitigation::Breached { over } => (
            Status::Warn,
            format!(
                "mitigation SLA ({sla_text}) BREACHED {} ago",
                duration_text(over)
            ),
            serde_json::json!({"state": "breached", "over_seconds": over.num_seconds()}),
        ),
    };
    let mut s = Step::new("mitigation sla", status, summary).data(data);
    if !matches!(s.data["state"].as_str(), Some("mitigated")) {
        s = s.hint(format!(
            "mitigate first (runbook {}): `intops action run gmail-fallback`, `intops whatsapp token-rotate`, `intops whatsapp switch-number`; a successful action stops the clock",
            inc.flow
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::state::ActionRun;
    use chrono::TimeZone;

    fn inc() -> Incident {
        serde_json::from_value(serde_json::json!({
            "id": "x", "flow": "whatsapp-outage", "title": "t", "severity": "SEV-1",
            "started_at": "2026-11-24T03:00:00Z", "impact": "", "workaround": "",
            "next_update": "", "detection": ""
        }))
        .unwrap()
    }

    #[test]
    fn the_clock_runs_breaches_and_stops_at_a_successful_mitigation() {
        let t = |h, m| Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap();
        let mut i = inc();
        let sla = Duration::hours(1);
        assert_eq!(
            mitigation(&i, t(3, 20), sla),
            Mitigation::Running {
                left: Duration::minutes(40)
            }
        );
        assert_eq!(
            mitigation(&i, t(4, 5), sla),
            Mitigation::Breached {
                over: Duration::minutes(5)
            }
        );
        let run = |status: &str, mitigation: bool, at| ActionRun {
            at,
            action: "gmail-fallback".into(),
            undo: false,
            kind: "sql".into(),
            status: status.into(),
            summary: String::new(),
            mitigation,
        };
        i.actions.push(run("crit", false, t(3, 10)));
        assert!(matches!(
            mitigation(&i, t(4, 5), sla),
            Mitigation::Breached { .. }
        ));
        i.actions.push(run("ok", true, t(3, 25)));
        assert_eq!(
            mitigation(&i, t(5, 0), sla),
            Mitigation::Done {
                action: "gmail-fallback".into(),
                after: Duration::minutes(25)
            }
        );
        assert_eq!(step(&i, t(5, 0), sla).status, Status::Ok);
        i.actions.clear();
        assert_eq!(step(&i, t(4, 5), sla).status, Status::Warn);
    }
}
