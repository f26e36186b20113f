//! The reliable drain: N workers take items from Redis (LMOVE into this drain's processing list),
//! send each at a paced rate, LREM it once accepted, and dead-letter it with the error when it
//! cannot be sent. Whatever is still in the processing list when the drain stops (Ctrl-C, a fatal
//! error, `--max`) goes back to the queue; a drain killed outright leaves it for the next drain to
//! recover once its lease lapses. Nothing is ever only in memory.

use super::backlog::Backlog;
use super::item::{self, Item};
use super::rate::Pacer;
use super::send::Sender;
use crate::error::{ApiError, Cause};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

#[derive(Debug, Clone)]
pub struct Options {
    /// Sends per second; 0 = unlimited.
    pub rate: f64,
    pub concurrency: usize,
    pub max: Option<u64>,
    pub max_attempts: u32,
    pub lease: Duration,
}

/// A pause longer than this is not waited out: the drain stops and leaves the rest queued.
const MAX_PAUSE: Duration = Duration::from_secs(120);
/// Pair-rate limit (131056) without a Retry-After: Meta allows about one message per 6 s per user.
const RECIPIENT_PAUSE: Duration = Duration::from_secs(6);
/// Consecutive unreachable answers before the drain gives up (the vendor is down from here).
const MAX_NETWORK_STREAK: u32 = 5;
/// Consecutive failed attempts (5xx) with no success in between before the drain gives up.
const MAX_FAILURE_STREAK: u32 = 50;
/// Consecutive dead-lettered items with no success in between: something is wrong for all of them.
const MAX_DEAD_STREAK: u32 = 20;
const DEAD_SAMPLES: usize = 5;

#[derive(Debug, Default)]
pub struct Stats {
    pub taken: AtomicU64,
    pub sent: AtomicU64,
    pub dead: AtomicU64,
    pub retries: AtomicU64,
    pub rate_limited: AtomicU64,
    pub recipient_paused: AtomicU64,
    /// Acks that found the item gone: another drain recovered it after our lease lapsed.
    pub lost_lease: AtomicU64,
}

impl Stats {
    pub fn get(v: &AtomicU64) -> u64 {
        v.load(Ordering::Relaxed)
    }
}

#[derive(Debug, Clone)]
pub enum Stop {
    /// The queue is empty.
    Empty,
    /// `--max` items were taken.
    Max,
    /// Ctrl-C.
    Interrupted,
    /// A failure no retry fixes (token, permission, configuration, vendor down).
    Fatal(Box<ApiError>),
}

#[derive(Debug, Clone)]
pub struct DeadSample {
    pub id: Option<String>,
    pub to: Option<String>,
    pub reason: String,
    /// What to do about it (the provider's hint).
    pub hint: Option<String>,
}

#[derive(Debug)]
pub struct Outcome {
    pub drain_id: String,
    pub recovered: u64,
    pub taken: u64,
    pub sent: u64,
    pub dead: u64,
    pub retries: u64,
    pub rate_limited: u64,
    pub recipient_paused: u64,
    pub lost_lease: u64,
    /// Items given back to the queue at the end (deferred or in flight at a fatal stop).
    pub returned: u64,
    pub stop: Stop,
    pub dead_samples: Vec<DeadSample>,
    pub elapsed: Duration,
}

/// Called after every finished item with (sent, dead-lettered).
pub type ProgressFn = Arc<dyn Fn(u64, u64) + Send + Sync>;

struct Job {
    raw: String,
    item: Item,
    attempts: u32,
    ready: Instant,
}

struct Shared {
    backlog: Backlog,
    sender: Sender,
    pacer: Pacer,
    opts: Options,
    drain_id: String,
    stats: Stats,
    stopping: AtomicBool,
    stop: Mutex<Option<Stop>>,
    deferred: Mutex<VecDeque<Job>>,
    network_streak: AtomicU32,
    failure_streak: AtomicU32,
    dead_streak: AtomicU32,
    samples: Mutex<Vec<DeadSample>>,
    progress: Option<ProgressFn>,
    stop_tx: watch::Sender<bool>,
}

impl Shared {
    fn halt(&self, why: Stop) {
        let mut s = self.stop.lock().unwrap();
        // The first reason wins, except that a fatal error outranks the others.
        if s.is_none() || matches!(why, Stop::Fatal(_)) && !matches!(*s, Some(Stop::Fatal(_))) {
            *s = Some(why);
        }
        self.stopping.store(true, Ordering::SeqCst);
        let _ = self.stop_tx.send(true);
    }
    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
    fn tick(&self) {
        if let Some(p) = &self.progress {
            p(Stats::get(&self.stats.sent), Stats::get(&self.stats.dead));
        }
    }
    fn defer(&self, job: Job) {
        self.deferred.lock().unwrap().push_back(job);
    }
    /// The deferred job that is ready soonest, if it is ready now; else when the next one is.
    fn ready_job(&self) -> (Option<Job>, Option<Instant>) {
        let mut d = self.deferred.lock().unwrap();
        let now = Instant::now();
        if let Some(pos) = d.iter().position(|j| j.ready <= now) {
            return (d.remove(pos), None);
        }
        (None, d.iter().map(|j| j.ready).min())
    }
    fn deferred_len(&self) -> usize {
        self.deferred.lock().unwrap().len()
    }
    fn max_deferred(&self) -> usize {
        (self.opts.concurrency * 4).max(256)
    }
    /// Reserve one take against `--max`.
    fn reserve_take(&self) -> bool {
        let n = self.stats.taken.fetch_add(1, Ordering::SeqCst);
        if self.opts.max.is_some_and(|m| n >= m) {
            self.stats.taken.fetch_sub(1, Ordering::SeqCst);
            return false;
        }
        true
    }
    fn unreserve_take(&self) {
        self.stats.taken.fetch_sub(1, Ordering::SeqCst);
    }

    async fn dead_letter(
        &self,
        raw: &str,
        item: Option<&Item>,
        reason: &str,
        e: Option<&ApiError>,
        attempts: u32,
    ) -> Result<(), ApiError> {
        let entry = json!({
            "item": raw,
            "error": reason,
            "cause": e.map(|e| e.cause.label()),
            "code": e.and_then(|e| e.code.clone()),
            "http_status": e.and_then(|e| e.http_status),
            "attempts": attempts,
            "failed_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "drain": self.drain_id,
        });
        self.backlog
            .dead_letter(&self.drain_id, raw, &entry.to_string())
            .await?;
        self.stats.dead.fetch_add(1, Ordering::Relaxed);
        let mut s = self.samples.lock().unwrap();
        if s.len() < DEAD_SAMPLES {
            s.push(DeadSample {
                id: item.and_then(|i| i.id.clone()),
                to: item.map(|i| i.to.clone()),
                reason: reason.to_string(),
                hint: match e {
                    Some(e) => e.hint.clone(),
                    None => Some("fix the producer: an item needs `to` and a `text`, `template` or typed payload (see `intops queue drain --help`)".into()),
                },
            });
        }
        drop(s);
        self.tick();
        Ok(())
    }
}

async fn stopped(rx: &mut watch::Receiver<bool>) {
    while !*rx.borrow() {
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Sleep until `t` unless the drain is stopping first.
async fn sleep_until(rx: &mut watch::Receiver<bool>, t: Instant) {
    tokio::select! {
        _ = tokio::time::sleep_until(t) => {}
        _ = stopped(rx) => {}
    }
}

/// Run a drain to the end. `interrupt` resolves when the user asks to stop (Ctrl-C).
pub async fn run(
    backlog: Backlog,
    sender: Sender,
    opts: Options,
    progress: Option<ProgressFn>,
    interrupt: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Outcome, ApiError> {
    let started = std::time::Instant::now();
    let drain_id = format!("{}-{:08x}", std::process::id(), rand::random::<u32>());
    backlog.register(&drain_id, opts.lease).await?;
    let recovered = match backlog.recover_crashed(&drain_id).await {
        Ok(n) => n,
        Err(e) => {
            let _ = backlog.unregister(&drain_id).await;
            return Err(e);
        }
    };
    let (stop_tx, stop_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        backlog: backlog.clone(),
        sender,
        pacer: Pacer::new(opts.rate),
        opts: opts.clone(),
        drain_id: drain_id.clone(),
        stats: Stats::default(),
        stopping: AtomicBool::new(false),
        stop: Mutex::new(None),
        deferred: Mutex::new(VecDeque::new()),
        network_streak: AtomicU32::new(0),
        failure_streak: AtomicU32::new(0),
        dead_streak: AtomicU32::new(0),
        samples: Mutex::new(Vec::new()),
        progress,
        stop_tx,
    });

    // The lease: refreshed at a third of its life, so one missed beat does not lose it; it stays
    // alive while in-flight items finish and is dropped by the final cleanup.
    let hb = {
        let s = shared.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(s.opts.lease / 3).await;
                let _ = s.backlog.heartbeat(&s.drain_id, s.opts.lease).await;
            }
        })
    };
    let on_interrupt = {
        let s = shared.clone();
        tokio::spawn(async move {
            interrupt.await;
            s.halt(Stop::Interrupted);
        })
    };

    let workers: Vec<_> = (0..opts.concurrency.max(1))
        .map(|_| {
            let s = shared.clone();
            let rx = stop_rx.clone();
            tokio::spawn(async move { worker(s, rx).await })
        })
        .collect();
    for w in workers {
        if let Err(e) = w.await {
            shared.halt(Stop::Fatal(Box::new(ApiError::new(
                "intops",
                Cause::Upstream,
                format!("a drain worker failed: {e}"),
            ))));
        }
    }
    on_interrupt.abort();
    hb.abort();
    shared.deferred.lock().unwrap().clear();
    let returned = backlog.unregister(&drain_id).await?;
    let st = &shared.stats;
    let stop = shared.stop.lock().unwrap().clone().unwrap_or(Stop::Empty);
    let samples = shared.samples.lock().unwrap().clone();
    Ok(Outcome {
        drain_id,
        recovered,
        taken: Stats::get(&st.taken),
        sent: Stats::get(&st.sent),
        dead: Stats::get(&st.dead),
        retries: Stats::get(&st.retries),
        rate_limited: Stats::get(&st.rate_limited),
        recipient_paused: Stats::get(&st.recipient_paused),
        lost_lease: Stats::get(&st.lost_lease),
        returned,
        stop,
        dead_samples: samples,
        elapsed: started.elapsed(),
    })
}

async fn worker(s: Arc<Shared>, mut rx: watch::Receiver<bool>) {
    while let Err(e) = worker_loop(&s, &mut rx).await {
        // A Redis failure: nothing is lost (items stay in the processing list), but stop.
        s.halt(Stop::Fatal(Box::new(e)));
    }
}

async fn worker_loop(s: &Shared, rx: &mut watch::Receiver<bool>) -> Result<(), ApiError> {
    loop {
        if s.stopping() {
            return Ok(());
        }
        let (ready, next_at) = s.ready_job();
        let job = match ready {
            Some(j) => j,
            None => {
                let may_take = s.deferred_len() < s.max_deferred() && s.reserve_take();
                let raw = if may_take {
                    let r = s.backlog.take(&s.drain_id).await?;
                    if r.is_none() {
                        s.unreserve_take();
                    }
                    r
                } else {
                    None
                };
                match raw {
                    Some(raw) => match item::parse(&raw) {
                        Ok(item) => Job {
                            raw,
                            item,
                            attempts: 0,
                            ready: Instant::now(),
                        },
                        Err(reason) => {
                            s.dead_letter(
                                &raw,
                                None,
                                &format!("malformed item: {reason}"),
                                None,
                                0,
                            )
                            .await?;
                            continue;
                        }
                    },
                    None => match next_at {
                        // Nothing to take now, but retries are pending: wait for the first.
                        Some(t) => {
                            sleep_until(rx, t.min(Instant::now() + Duration::from_millis(200)))
                                .await;
                            continue;
                        }
                        None if s.deferred_len() > 0 => {
                            tokio::task::yield_now().await;
                            continue;
                        }
                        None => {
                            if s.opts.max.is_some_and(|m| Stats::get(&s.stats.taken) >= m) {
                                // Not a halt: the items other workers hold still get sent.
                                let mut stop = s.stop.lock().unwrap();
                                stop.get_or_insert(Stop::Max);
                            }
                            return Ok(());
                        }
                    },
                }
            }
        };
        if let Some(t) = s.pacer.recipient_ready_at(&job.item.to) {
            s.defer(Job { ready: t, ..job });
            continue;
        }
        tokio::select! {
            _ = s.pacer.acquire() => {}
            _ = stopped(rx) => { s.defer(job); return Ok(()); }
        }
        handle(s, job).await?;
    }
}

async fn handle(s: &Shared, mut job: Job) -> Result<(), ApiError> {
    let result = s.sender.send(&job.item, &job.raw).await;
    let e = match result {
        Ok(()) => {
            if !s.backlog.ack(&s.drain_id, &job.raw).await? {
                s.stats.lost_lease.fetch_add(1, Ordering::Relaxed);
            }
            s.stats.sent.fetch_add(1, Ordering::Relaxed);
            s.network_streak.store(0, Ordering::Relaxed);
            s.failure_streak.store(0, Ordering::Relaxed);
            s.dead_streak.store(0, Ordering::Relaxed);
            s.tick();
            return Ok(());
        }
        Err(e) => e,
    };
    match action(&e) {
        Action::PauseRecipient(wait) => {
            s.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
            s.stats.recipient_paused.fetch_add(1, Ordering::Relaxed);
            s.pacer.pause_recipient(&job.item.to, wait);
            job.ready = Instant::now() + wait;
            s.defer(job);
        }
        Action::PauseAll(wait) => {
            s.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
            s.pacer.pause_all(wait);
            job.ready = Instant::now();
            s.defer(job);
        }
        Action::Unreachable => {
            let n = s.network_streak.fetch_add(1, Ordering::Relaxed) + 1;
            s.defer(job);
            if n >= MAX_NETWORK_STREAK {
                s.halt(Stop::Fatal(Box::new(e)));
            } else {
                s.stats.retries.fetch_add(1, Ordering::Relaxed);
                s.pacer.pause_all(Duration::from_millis(500 * n as u64));
            }
        }
        Action::Retry => {
            job.attempts += 1;
            let streak = s.failure_streak.fetch_add(1, Ordering::Relaxed) + 1;
            if job.attempts >= s.opts.max_attempts {
                let reason = format!("{} after {} attempts", e.line(), job.attempts);
                s.dead_letter(&job.raw, Some(&job.item), &reason, Some(&e), job.attempts)
                    .await?;
                dead_streak(s, &e);
            } else {
                s.stats.retries.fetch_add(1, Ordering::Relaxed);
                job.ready = Instant::now() + backoff(job.attempts);
                s.defer(job);
            }
            if streak >= MAX_FAILURE_STREAK {
                s.halt(Stop::Fatal(Box::new(e)));
            }
        }
        Action::DeadLetter => {
            job.attempts += 1;
            s.dead_letter(&job.raw, Some(&job.item), &e.line(), Some(&e), job.attempts)
                .await?;
            dead_streak(s, &e);
        }
        Action::Stop => {
            if matches!(e.cause, Cause::RateLimited { .. }) {
                s.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
            }
            s.defer(job);
            s.halt(Stop::Fatal(Box::new(e)));
        }
    }
    Ok(())
}

/// What the drain does about one failed send.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Throughput limit (130429, 80007, HTTP 429): every sender waits this long, then retries.
    PauseAll(Duration),
    /// Pair rate limit (131056): only this recipient waits.
    PauseRecipient(Duration),
    /// Could not reach the receiver: retry after a pause; stop after a streak.
    Unreachable,
    /// Server error or unreadable answer: retry with backoff, up to `--max-attempts`.
    Retry,
    /// The recipient or the message is the problem: retrying will not help.
    DeadLetter,
    /// Token, permission, account, policy, a wrong phone number id or URL, or a block longer
    /// than MAX_PAUSE: every item would fail the same way. Stop and leave them queued.
    Stop,
}

pub fn action(e: &ApiError) -> Action {
    let code = e.code.as_deref().unwrap_or("");
    match &e.cause {
        Cause::RateLimited { retry_after } if code.starts_with("131056") => {
            Action::PauseRecipient(retry_after.unwrap_or(RECIPIENT_PAUSE))
        }
        Cause::RateLimited { retry_after } => {
            let wait = retry_after.unwrap_or(Duration::from_secs(1));
            if wait > MAX_PAUSE {
                Action::Stop
            } else {
                Action::PauseAll(wait)
            }
        }
        Cause::Network => Action::Unreachable,
        Cause::Upstream | Cause::Malformed => Action::Retry,
        // 100/33: the phone number id does not exist; a configuration error, not the item's.
        Cause::Recipient | Cause::BadRequest if !code.starts_with("100/33") => Action::DeadLetter,
        _ => Action::Stop,
    }
}

fn dead_streak(s: &Shared, e: &ApiError) {
    let n = s.dead_streak.fetch_add(1, Ordering::Relaxed) + 1;
    if n >= MAX_DEAD_STREAK {
        let mut e = e.clone();
        e.message = format!(
            "{MAX_DEAD_STREAK} items in a row dead-lettered, the last: {}",
            e.message
        );
        s.halt(Stop::Fatal(Box::new(e)));
    }
}

/// 250 ms, 500 ms, 1 s, ... up to 10 s, with ±25 % jitter so retries do not line up.
fn backoff(attempt: u32) -> Duration {
    let base = 250u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(6))
        .min(10_000);
    let jitter = rand::random::<f64>() * 0.5 + 0.75;
    Duration::from_millis((base as f64 * jitter) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::providers::meta::classify_code;
    use reqwest::header::HeaderMap;

    fn meta_error(code: i64, sub: Option<i64>, headers: &HeaderMap) -> ApiError {
        let (cause, hint) = classify_code(code, sub, "WHATSAPP_ACCESS_TOKEN", headers);
        let code = match sub {
            Some(s) => format!("{code}/{s}"),
            None => code.to_string(),
        };
        ApiError::new("meta", cause, "x").code(code).hint(hint)
    }

    #[test]
    fn meta_errors_map_to_the_right_action() {
        let none = HeaderMap::new();
        assert_eq!(
            action(&meta_error(130429, None, &none)),
            Action::PauseAll(Duration::from_secs(1))
        );
        assert_eq!(
            action(&meta_error(131056, None, &none)),
            Action::PauseRecipient(RECIPIENT_PAUSE)
        );
        // Meta says access returns in 5 minutes: stop rather than sleep through it.
        let mut blocked = HeaderMap::new();
        blocked.insert(
            "x-business-use-case-usage",
            r#"{"1":[{"type":"whatsapp_business_management","call_count":100,"estimated_time_to_regain_access":5}]}"#
                .parse()
                .unwrap(),
        );
        assert_eq!(action(&meta_error(80007, None, &blocked)), Action::Stop);
        assert_eq!(action(&meta_error(131026, None, &none)), Action::DeadLetter);
        assert_eq!(action(&meta_error(131047, None, &none)), Action::DeadLetter);
        assert_eq!(action(&meta_error(100, None, &none)), Action::DeadLetter);
        assert_eq!(action(&meta_error(100, Some(33), &none)), Action::Stop);
        assert_eq!(action(&meta_error(190, Some(463), &none)), Action::Stop);
        assert_eq!(action(&meta_error(10, None, &none)), Action::Stop);
        assert_eq!(action(&meta_error(131042, None, &none)), Action::Stop);
        assert_eq!(action(&meta_error(131048, None, &none)), Action::Stop);
        assert_eq!(action(&meta_error(2, None, &none)), Action::Retry);
        assert_eq!(action(&meta_error(131000, None, &none)), Action::Retry);
    }

    #[test]
    fn transport_and_http_429_map_to_pause_or_unreachable() {
        let net = ApiError::new("meta", Cause::Network, "connection refused");
        assert_eq!(action(&net), Action::Unreachable);
        let ra = ApiError::new(
            "app",
            Cause::RateLimited {
                retry_after: Some(Duration::from_secs(3)),
            },
            "HTTP 429",
        );
        assert_eq!(action(&ra), Action::PauseAll(Duration::from_secs(3)));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(1) <= Duration::from_millis(313));
        assert!(backoff(3) >= Duration::from_millis(750));
        assert!(backoff(30) <= Duration::from_millis(12_500));
    }
}
