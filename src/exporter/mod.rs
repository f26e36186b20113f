//! `intops exporter`: a long-running Prometheus exporter. Each configured check runs on its own
//! schedule ([`schedule`]) with the same check functions as `doctor`; `/metrics` serves the latest
//! result of every check, `/probe?check=NAME` runs one on demand (never more often than the
//! minimum interval), `/healthz` answers for the process.
//!
//! Guarantees: never two runs of one check at once (a per-check lock, shared by the schedule and
//! /probe); every run is bounded by the timeout; a check that cannot run, or has not run yet, is
//! served as unknown (3), and one that is not configured as skipped (-1), never left out.

pub mod catalog;
pub mod log;
pub mod render;
pub mod schedule;
pub mod server;
pub mod tokens;

use crate::checks::CheckId;
use crate::commands::doctor::{self, Check};
use crate::context::Context;
use crate::report::{Status, Step};
use chrono::{DateTime, Utc};
use log::Log;
use schedule::Schedule;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// The latest run of one check.
#[derive(Debug, Clone, Default)]
pub struct Latest {
    /// doctor's row for the run; `None` until the first run finishes.
    pub step: Option<Step>,
    pub finished_at: Option<DateTime<Utc>>,
    pub finished: Option<Instant>,
    pub duration: Duration,
    pub last_success: Option<DateTime<Utc>>,
    pub runs: u64,
}

pub struct CheckState {
    pub id: CheckId,
    /// `Some(missing)` when the profile lacks what the check needs: it is never run.
    pub missing: Option<String>,
    pub interval: Duration,
    run_lock: tokio::sync::Mutex<()>,
    latest: RwLock<Latest>,
}

impl CheckState {
    pub fn latest(&self) -> Latest {
        self.with_latest(|l| l.clone())
    }
    /// Read the latest run in place: a scrape must not copy every check's full report.
    pub fn with_latest<T>(&self, f: impl FnOnce(&Latest) -> T) -> T {
        f(&self.latest.read().unwrap_or_else(|e| e.into_inner()))
    }
    fn fresh_within(&self, d: Duration) -> Option<Latest> {
        self.with_latest(|l| l.finished.is_some_and(|t| t.elapsed() < d))
            .then(|| self.latest())
    }
}

pub struct Exporter {
    pub ctx: Context,
    checks: Vec<Check>,
    pub states: Vec<CheckState>,
    pub schedule: Schedule,
    pub log: Log,
    pub scrapes: AtomicU64,
}

impl Exporter {
    pub fn new(mut ctx: Context, log: Log) -> crate::error::Result<Exporter> {
        let store = std::sync::Arc::new(tokens::ProcessStore::over(ctx.secrets.store().clone()));
        ctx.secrets = ctx.secrets.clone().with_store(store);
        let checks = doctor::checks();
        let schedule = Schedule::from_config(&ctx)?;
        let states = checks
            .iter()
            .map(|c| CheckState {
                id: c.id,
                missing: doctor::missing_requirement(&ctx, c),
                interval: schedule.interval(c.id),
                run_lock: tokio::sync::Mutex::new(()),
                latest: RwLock::new(Latest::default()),
            })
            .collect();
        Ok(Exporter {
            ctx,
            checks,
            states,
            schedule,
            log,
            scrapes: AtomicU64::new(0),
        })
    }

    /// The check's index by name: its label (`whatsapp_token`), `whatsapp-token`, or doctor's
    /// row name (`whatsapp token`).
    pub fn index(&self, name: &str) -> Option<usize> {
        let id = <CheckId as clap::ValueEnum>::from_str(name.trim(), true).ok()?;
        self.states.iter().position(|s| s.id == id)
    }

    pub fn configured(&self) -> usize {
        self.states.iter().filter(|s| s.missing.is_none()).count()
    }

    /// Run check `i` now; the caller holds its lock.
    async fn run_locked(&self, i: usize, trigger: &str) -> Latest {
        let st = &self.states[i];
        let clock = Instant::now();
        let step = match tokio::time::timeout(
            self.schedule.timeout,
            doctor::run_check(&self.ctx, &self.checks[i]),
        )
        .await
        {
            Ok(step) => step,
            Err(_) => Step::unknown(
                st.id.as_str(),
                format!(
                    "did not finish within {} (the exporter's timeout)",
                    humantime::format_duration(self.schedule.timeout)
                ),
            )
            .hint(format!(
                "run `intops doctor --check {}` to see where it hangs; raise [exporter] timeout if the vendor is just slow",
                st.id.label()
            )),
        };
        let duration = clock.elapsed();
        let now = Utc::now();
        let latest = {
            let mut l = st.latest.write().unwrap_or_else(|e| e.into_inner());
            l.runs += 1;
            l.duration = duration;
            l.finished = Some(Instant::now());
            l.finished_at = Some(now);
            if step.status == Status::Ok {
                l.last_success = Some(now);
            }
            l.step = Some(step.clone());
            l.clone()
        };
        // What the HTTP client noticed (API usage, version drift) is logged, not kept: the
        // client is shared by every run, so an undrained list would grow for the process's life.
        for a in self.ctx.http.take_advisories() {
            self.log.event(
                "warn",
                "advisory",
                &[
                    ("vendor", a.vendor.to_string()),
                    ("status", a.status.as_str().to_string()),
                    ("message", a.message),
                ],
            );
        }
        let level = match step.status {
            Status::Ok | Status::Skipped => "info",
            _ => "warn",
        };
        self.log.event(
            level,
            "check",
            &[
                ("check", st.id.label().to_string()),
                ("trigger", trigger.to_string()),
                ("status", step.status.as_str().to_string()),
                ("duration_ms", duration.as_millis().to_string()),
                ("summary", step.summary.clone()),
            ],
        );
        latest
    }

    /// A scheduled run: skipped when another run (a probe) made it unnecessary meanwhile.
    async fn run_scheduled(&self, i: usize) {
        let st = &self.states[i];
        let _g = st.run_lock.lock().await;
        if st.fresh_within(st.interval).is_some() {
            return;
        }
        self.run_locked(i, "schedule").await;
    }

    /// `/probe`: the last result when it is younger than the minimum interval, else a new run
    /// (waiting for one already under way rather than starting a second).
    pub async fn probe(&self, i: usize) -> Latest {
        let st = &self.states[i];
        if st.missing.is_some() {
            return st.latest();
        }
        let min = self.schedule.probe_min_interval;
        if let Some(l) = st.fresh_within(min) {
            return l;
        }
        let _g = st.run_lock.lock().await;
        if let Some(l) = st.fresh_within(min) {
            return l;
        }
        self.run_locked(i, "probe").await
    }

    /// Loop for check `i`: run when due, sleep until the next due time.
    pub async fn schedule_loop(self: std::sync::Arc<Self>, i: usize) {
        let st = &self.states[i];
        loop {
            let due = st.with_latest(|l| l.finished.map(|t| t + st.interval));
            match due {
                Some(t) if t > Instant::now() => {
                    tokio::time::sleep_until(tokio::time::Instant::from_std(t)).await
                }
                _ => self.run_scheduled(i).await,
            }
        }
    }

    /// Rows for checks that are not configured: set once, never run.
    pub fn mark_skipped(&self) {
        for st in &self.states {
            if let Some(missing) = &st.missing {
                let step = Step::skipped(
                    st.id.as_str(),
                    format!("not configured: {missing} is not set"),
                );
                st.latest.write().unwrap_or_else(|e| e.into_inner()).step = Some(step);
            }
        }
    }

    pub fn count_scrape(&self) {
        self.scrapes.fetch_add(1, Ordering::Relaxed);
    }
}
