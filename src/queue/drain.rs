//! The reliable drain: N workers take items from Redis (a Lua LMOVE into this drain's processing
//! list, refused once the drain's lease is gone), send each at a paced rate, LREM it once accepted,
//! and dead-letter it with the error when it cannot be sent. Whatever is still in the processing
//! list when the drain stops (Ctrl-C, a fatal error, `--max`, a lost lease) goes back to the queue;
//! a drain killed or frozen leaves it for the next drain to recover once its lease lapses.
//!
//! What is never only in memory: the items (Redis lists), each item's failed attempts (a Redis
//! hash, so they add up across runs), and the items of a recipient under a pair-rate pause
//! (parked in Redis, released one per pair interval by whichever drain runs).

use super::backlog::{Backlog, Release, Take};
use super::item::{self, Item};
use super::rate::Pacer;
use super::send::Sender;
use crate::error::{ApiError, Cause};
use serde_json::json;
use std::collections::{HashSet, VecDeque};
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
/// Pair rate (131056): Meta allows about one message per 6 s to one user. A paused recipient's
/// parked items are released at this pace, and it is the pause when Meta gives no Retry-After.
pub const PAIR_INTERVAL: Duration = Duration::from_secs(6);
/// Consecutive unreachable answers before the drain gives up (the vendor is down from here).
const MAX_NETWORK_STREAK: u32 = 5;
/// Consecutive failed attempts (5xx, timeouts, unreadable answers) with no success in between:
/// the receiver is down, whatever the backlog size. Stop and leave the items queued.
const MAX_FAILURE_STREAK: u32 = 10;
/// Consecutive dead-lettered items with no success in between: something is wrong for all of them.
const MAX_DEAD_STREAK: u32 = 20;
/// Failed heartbeats in a row that stop the drain (it stops taking items before that anyway,
/// once the lease it last renewed is about to lapse).
const MAX_HEARTBEAT_MISSES: u32 = 2;
/// How often the drain looks for recipients other drains paused.
const PAUSE_REFRESH: Duration = Duration::from_millis(500);
const DEAD_SAMPLES: usize = 5;

#[derive(Debug, Default)]
pub struct Stats {
    pub taken: AtomicU64,
    pub sent: AtomicU64,
    pub dead: AtomicU64,
    pub retries: AtomicU64,
    pub rate_limited: AtomicU64,
    pub recipient_paused: AtomicU64,
    /// Items parked for a paused recipient, and parked items released to be sent.
    pub parked: AtomicU64,
    pub released: AtomicU64,
    pub timeouts: AtomicU64,
    pub heartbeat_errors: AtomicU64,
    /// Acks that found the item gone: another drain recovered it after our lease lapsed.
    pub lost_lease: AtomicU64,
    /// Items over `backlog::MAX_VALUE_BYTES`, moved unread to the oversize list.
    pub oversize: AtomicU64,
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
    /// The lease lapsed or was taken over: the drain stopped taking items at once.
    LeaseLost(String),
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
    pub parked: u64,
    pub released: u64,
    pub timeouts: u64,
    pub heartbeat_errors: u64,
    pub lost_lease: u64,
    /// Items over `backlog::MAX_VALUE_BYTES`, moved unread to `<queue>:oversize`.
    pub oversize: u64,
    /// Items given back to the queue at the end (deferred or in flight at a stop).
    pub returned: u64,
    /// Parked items put back in the queue at the end (no other drain was left to release them).
    pub unparked: u64,
    pub stop: Stop,
    pub dead_samples: Vec<DeadSample>,
    pub elapsed: Duration,
}

/// Called after every finished item with (sent, dead-lettered).
pub type ProgressFn = Arc<dyn Fn(u64, u64) + Send + Sync>;

struct Job {
    raw: Vec<u8>,
    item: Item,
    ready: Instant,
    /// Released from the parked list: its recipient's pace was checked by the release.
    released: bool,
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
    /// Sends waiting for the receiver's answer: an item's last failure waits for theirs before
    /// it is called an outage.
    in_flight: AtomicU32,
    samples: Mutex<Vec<DeadSample>>,
    progress: Option<ProgressFn>,
    stop_tx: watch::Sender<bool>,
    /// The lease is ours until this instant (the last renewal's start + lease).
    lease_until: Mutex<Instant>,
    /// Recipients under a pair-rate pause (from Redis, refreshed), and when to next try to
    /// release a parked item.
    paused: Mutex<HashSet<String>>,
    next_release: Mutex<Instant>,
    /// Parked items exist (last release answer): the drain waits for them before it finishes.
    parked_pending: AtomicBool,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
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
    /// Whether the lease still covers the next step with a margin; if not, stop at once.
    fn check_lease(&self) -> bool {
        let until = *self.lease_until.lock().unwrap();
        if Instant::now() + self.opts.lease / 5 < until {
            return true;
        }
        self.halt(Stop::LeaseLost(format!(
            "its lease (lease_secs = {}) was not renewed in time: the process was paused, starved or cut off from Redis",
            self.opts.lease.as_secs_f64()
        )));
        false
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
    fn is_paused(&self, to: &str) -> bool {
        self.paused.lock().unwrap().contains(to)
    }

    /// Park a job for its paused recipient (in Redis), until `until_ms` at the earliest.
    async fn park(&self, job: &Job, until_ms: u64, front: bool) -> Result<(), ApiError> {
        self.backlog
            .park(&self.drain_id, &job.raw, &job.item.to, until_ms, front)
            .await?;
        self.paused.lock().unwrap().insert(job.item.to.clone());
        self.parked_pending.store(true, Ordering::SeqCst);
        self.stats.parked.fetch_add(1, Ordering::Relaxed);
        let mut next = self.next_release.lock().unwrap();
        let at = Instant::now() + Duration::from_millis(until_ms.saturating_sub(now_ms()));
        if at < *next || *next <= Instant::now() {
            *next = at;
        }
        Ok(())
    }

    /// A parked item whose recipient may be sent to again, if one is due and none was asked for
    /// a moment ago. `Ok(None)` also when nothing is due yet.
    async fn release(&self, force: bool) -> Result<Option<Job>, ApiError> {
        {
            let mut next = self.next_release.lock().unwrap();
            let now = Instant::now();
            let any = !self.paused.lock().unwrap().is_empty()
                || self.parked_pending.load(Ordering::SeqCst);
            if !(force || any) || now < *next {
                return Ok(None);
            }
            // One worker asks; the others wait for its answer's schedule.
            *next = now + Duration::from_millis(100);
        }
        let now = now_ms();
        match self
            .backlog
            .release(&self.drain_id, now, PAIR_INTERVAL)
            .await?
        {
            Release::Item(raw) => {
                self.parked_pending.store(true, Ordering::SeqCst);
                *self.next_release.lock().unwrap() = Instant::now();
                self.stats.released.fetch_add(1, Ordering::Relaxed);
                match item::parse(&raw) {
                    Ok(item) => Ok(Some(Job {
                        raw,
                        item,
                        ready: Instant::now(),
                        released: true,
                    })),
                    Err(reason) => {
                        self.dead_letter(&raw, None, &format!("malformed item: {reason}"), None, 0)
                            .await?;
                        Ok(None)
                    }
                }
            }
            Release::Wait(at) => {
                self.parked_pending.store(true, Ordering::SeqCst);
                *self.next_release.lock().unwrap() =
                    Instant::now() + Duration::from_millis(at.saturating_sub(now));
                Ok(None)
            }
            Release::None => {
                self.parked_pending.store(false, Ordering::SeqCst);
                *self.next_release.lock().unwrap() = Instant::now() + PAUSE_REFRESH;
                Ok(None)
            }
            Release::TooLarge(_) => {
                self.stats.oversize.fetch_add(1, Ordering::Relaxed);
                Ok(None)
            }
            Release::LeaseLost => {
                self.halt(Stop::LeaseLost(
                    "its lease is gone: another drain recovered its items".into(),
                ));
                Ok(None)
            }
        }
    }

    async fn dead_letter(
        &self,
        raw: &[u8],
        item: Option<&Item>,
        reason: &str,
        e: Option<&ApiError>,
        attempts: u32,
    ) -> Result<(), ApiError> {
        let (text, bytes) = item::to_entry_fields(raw);
        let mut entry = json!({
            "item": text,
            "error": reason,
            "cause": e.map(|e| e.cause.label()).unwrap_or("malformed item"),
            "code": e.and_then(|e| e.code.clone()),
            "http_status": e.and_then(|e| e.http_status),
            "attempts": attempts,
            "to": item.map(|i| i.to.clone()),
            "id": item.and_then(|i| i.id.clone()),
            "failed_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "drain": self.drain_id,
        });
        if let Some(b) = bytes {
            entry["item_base64"] = b.into();
        }
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
                    None => Some("fix the producer: an item is UTF-8 JSON with `to` and a `text`, `template` or typed payload (see `intops queue drain --help`)".into()),
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
    let registered_at = Instant::now();
    backlog.register(&drain_id, opts.lease).await?;
    let recovered = match backlog.recover_crashed(&drain_id).await {
        Ok(n) => n,
        Err(e) => {
            let _ = backlog.unregister(&drain_id).await;
            return Err(e);
        }
    };
    let paused: HashSet<String> = backlog.paused().await?.into_iter().collect();
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
        in_flight: AtomicU32::new(0),
        samples: Mutex::new(Vec::new()),
        progress,
        stop_tx,
        lease_until: Mutex::new(registered_at + opts.lease),
        parked_pending: AtomicBool::new(!paused.is_empty()),
        paused: Mutex::new(paused),
        next_release: Mutex::new(Instant::now()),
    });

    // The lease: renewed at a third of its life, so one missed beat does not lose it. A renewal
    // that finds the lease gone, or two that fail, stop the drain; workers also stop taking
    // items on their own once the last renewal is about to run out.
    let hb = {
        let s = shared.clone();
        tokio::spawn(async move {
            let mut misses = 0;
            loop {
                tokio::time::sleep(s.opts.lease / 3).await;
                let sent = Instant::now();
                match tokio::time::timeout(
                    s.opts.lease / 3,
                    s.backlog.heartbeat(&s.drain_id, s.opts.lease),
                )
                .await
                {
                    Ok(Ok(true)) => {
                        misses = 0;
                        *s.lease_until.lock().unwrap() = sent + s.opts.lease;
                    }
                    Ok(Ok(false)) => {
                        s.halt(Stop::LeaseLost(
                            "its lease is gone: another drain recovered its items".into(),
                        ));
                        return;
                    }
                    Ok(Err(_)) | Err(_) => {
                        misses += 1;
                        s.stats.heartbeat_errors.fetch_add(1, Ordering::Relaxed);
                        if misses >= MAX_HEARTBEAT_MISSES {
                            s.halt(Stop::Fatal(Box::new(
                                ApiError::new(
                                    super::backlog::VENDOR,
                                    Cause::Network,
                                    format!("{misses} lease renewals in a row failed: stopped before the lease could lapse"),
                                )
                                .hint("check Redis and the network path to it; nothing is lost (what this drain held is recovered by the next drain)"),
                            )));
                            return;
                        }
                    }
                }
            }
        })
    };
    // Recipients other drains paused: looked up now and then, so this drain parks their items too.
    let watcher = {
        let s = shared.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PAUSE_REFRESH).await;
                if let Ok(p) = s.backlog.paused().await {
                    *s.paused.lock().unwrap() = p.into_iter().collect();
                }
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
    watcher.abort();
    hb.abort();
    shared.deferred.lock().unwrap().clear();
    // Parked items wait for a drain to release them; with none left running, they go back in
    // the queue so nothing waits on a drain that may never come.
    // Cut off from Redis, the cleanup fails too: the report still says what was sent, and what
    // this drain held is recovered by the next drain once the lease lapses.
    let mut end_err = None;
    let unparked = if shared.stopping() {
        match backlog.others_alive(&drain_id).await {
            Ok(false) => backlog.unpark().await.unwrap_or_else(|e| {
                end_err.get_or_insert(e);
                0
            }),
            Ok(true) => 0,
            Err(e) => {
                end_err = Some(e);
                0
            }
        }
    } else {
        0
    };
    let returned = backlog.unregister(&drain_id).await.unwrap_or_else(|e| {
        end_err.get_or_insert(e);
        0
    });
    if let Some(e) = end_err {
        shared.halt(Stop::Fatal(Box::new(e)));
    }
    // The run lasts at least until the end of the last paced slot (see `Pacer::used_until`).
    let elapsed = match shared.pacer.used_until() {
        Some(end) => started
            .elapsed()
            .max(end.into_std().saturating_duration_since(started)),
        None => started.elapsed(),
    };
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
        parked: Stats::get(&st.parked),
        released: Stats::get(&st.released),
        timeouts: Stats::get(&st.timeouts),
        heartbeat_errors: Stats::get(&st.heartbeat_errors),
        lost_lease: Stats::get(&st.lost_lease),
        oversize: Stats::get(&st.oversize),
        returned,
        unparked,
        stop,
        dead_samples: samples,
        elapsed,
    })
}

async fn worker(s: Arc<Shared>, mut rx: watch::Receiver<bool>) {
    while let Err(e) = worker_loop(&s, &mut rx).await {
        // A Redis failure: nothing is lost (items stay in the processing list), but stop.
        s.halt(Stop::Fatal(Box::new(e)));
    }
}

/// The next job: a retry that is due, a parked item whose pause is over, or a new item.
/// `None` when the worker is done.
async fn next_job(s: &Shared, rx: &mut watch::Receiver<bool>) -> Result<Option<Job>, ApiError> {
    loop {
        if s.stopping() || !s.check_lease() {
            return Ok(None);
        }
        let (ready, next_at) = s.ready_job();
        if let Some(j) = ready {
            return Ok(Some(j));
        }
        if let Some(j) = s.release(false).await? {
            return Ok(Some(j));
        }
        let may_take = s.deferred_len() < s.max_deferred() && s.reserve_take();
        let taken = if may_take {
            match s.backlog.take(&s.drain_id).await? {
                Take::Item(raw) => Some(raw),
                Take::Empty => {
                    s.unreserve_take();
                    None
                }
                Take::TooLarge(_) => {
                    s.unreserve_take();
                    s.stats.oversize.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                Take::LeaseLost => {
                    s.unreserve_take();
                    s.halt(Stop::LeaseLost(
                        "its lease is gone: another drain recovered its items".into(),
                    ));
                    return Ok(None);
                }
            }
        } else {
            None
        };
        if let Some(raw) = taken {
            match item::parse(&raw) {
                Ok(item) => {
                    return Ok(Some(Job {
                        raw,
                        item,
                        ready: Instant::now(),
                        released: false,
                    }))
                }
                Err(reason) => {
                    s.dead_letter(&raw, None, &format!("malformed item: {reason}"), None, 0)
                        .await?;
                    continue;
                }
            }
        }
        // Nothing to take now: wait for a retry or a parked item, or finish.
        let parked = s.parked_pending.load(Ordering::SeqCst);
        if parked {
            if let Some(j) = s.release(true).await? {
                return Ok(Some(j));
            }
        }
        let wake = [
            next_at,
            s.parked_pending
                .load(Ordering::SeqCst)
                .then(|| *s.next_release.lock().unwrap()),
        ]
        .into_iter()
        .flatten()
        .min();
        match wake {
            Some(t) => {
                sleep_until(rx, t.min(Instant::now() + Duration::from_millis(200))).await;
            }
            None if s.deferred_len() > 0 => tokio::task::yield_now().await,
            None => {
                if s.opts.max.is_some_and(|m| Stats::get(&s.stats.taken) >= m) {
                    // Not a halt: the items other workers hold still get sent.
                    let mut stop = s.stop.lock().unwrap();
                    stop.get_or_insert(Stop::Max);
                }
                return Ok(None);
            }
        }
    }
}

async fn worker_loop(s: &Shared, rx: &mut watch::Receiver<bool>) -> Result<(), ApiError> {
    loop {
        let Some(job) = next_job(s, rx).await? else {
            return Ok(());
        };
        if !job.released && s.is_paused(&job.item.to) {
            s.park(&job, now_ms(), false).await?;
            continue;
        }
        tokio::select! {
            _ = s.pacer.acquire() => {}
            _ = stopped(rx) => { s.defer(job); return Ok(()); }
        }
        // The slot may have come after a pause began, or after the lease ran out.
        if !job.released && s.is_paused(&job.item.to) {
            s.park(&job, now_ms(), false).await?;
            continue;
        }
        if !s.check_lease() {
            return Ok(());
        }
        handle(s, job).await?;
    }
}

/// Counts a send under way for as long as it lives.
struct InFlight<'a>(&'a AtomicU32);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn handle(s: &Shared, mut job: Job) -> Result<(), ApiError> {
    let result = {
        s.in_flight.fetch_add(1, Ordering::Relaxed);
        let _in_flight = InFlight(&s.in_flight);
        s.sender.send(&job.item, &job.raw).await
    };
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
            s.park(&job, now_ms() + wait.as_millis() as u64, true)
                .await?;
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
        Action::Retry | Action::TimedOut => {
            let timed_out = action(&e) == Action::TimedOut;
            if timed_out {
                s.stats.timeouts.fetch_add(1, Ordering::Relaxed);
            }
            let a = s.backlog.fail(&job.raw, timed_out).await?;
            let streak = s.failure_streak.fetch_add(1, Ordering::Relaxed) + 1;
            // Earned: it kept failing while the receiver accepted other messages (since its
            // first failure, or in this run).
            let mut earned = a.accepted_since > 0 || Stats::get(&s.stats.sent) > 0;
            if a.count >= s.opts.max_attempts && !earned {
                // Other sends may be under way (this one answered first): their answers say
                // whether the receiver is up. Wait for them (each is bounded by the request
                // timeout) and a short grace for the other workers, never calling an outage
                // on the first answer of a run.
                let deadline = Instant::now() + Duration::from_secs(120);
                let mut idle = 0;
                while !earned && idle < 5 && Instant::now() < deadline {
                    if s.in_flight.load(Ordering::Relaxed) > 0 {
                        idle = 0;
                    } else {
                        idle += 1;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    earned = Stats::get(&s.stats.sent) > 0;
                }
            }
            if a.count >= s.opts.max_attempts && earned {
                let mut reason = format!("{} after {} attempts", e.line(), a.count);
                if a.timeouts > 0 {
                    reason.push_str(&format!(
                        " ({} timed out: may have been delivered)",
                        a.timeouts
                    ));
                }
                s.dead_letter(&job.raw, Some(&job.item), &reason, Some(&e), a.count)
                    .await?;
                dead_streak(s, &e);
            } else if a.count >= s.opts.max_attempts {
                // Out of attempts, but the receiver accepted nothing since this item first
                // failed: that is the receiver's outage, not the item's fault. Keep it queued.
                s.halt(Stop::Fatal(Box::new(outage(&e, streak))));
            } else {
                s.stats.retries.fetch_add(1, Ordering::Relaxed);
                job.ready = Instant::now() + backoff(a.count);
                s.defer(job);
            }
            if streak >= MAX_FAILURE_STREAK {
                s.halt(Stop::Fatal(Box::new(outage(&e, streak))));
            }
        }
        Action::DeadLetter => {
            s.dead_letter(&job.raw, Some(&job.item), &e.line(), Some(&e), 1)
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

/// The receiver failed every recent attempt: stop, dead-letter nothing for it.
fn outage(e: &ApiError, streak: u32) -> ApiError {
    let mut o = e.clone();
    o.message = format!(
        "{streak} attempt(s) in a row failed and the receiver accepted nothing meanwhile (an outage, not the items' fault), the last: {}",
        e.message
    );
    o.hint = Some(format!(
        "{}; nothing was dead-lettered for it and the attempts are counted in Redis",
        e.hint
            .clone()
            .unwrap_or_else(|| "check the receiver (`intops status`)".into())
    ));
    o
}

/// What the drain does about one failed send.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Throughput limit (130429, 80007, HTTP 429): every sender waits this long, then retries.
    PauseAll(Duration),
    /// Pair rate limit (131056): only this recipient waits.
    PauseRecipient(Duration),
    /// Could not reach the receiver: retry after a pause; stop after a streak. Not counted
    /// against the item: the message never left.
    Unreachable,
    /// No answer in time: the message may have been delivered. Counted as an attempt.
    TimedOut,
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
            Action::PauseRecipient(retry_after.unwrap_or(PAIR_INTERVAL))
        }
        Cause::RateLimited { retry_after } => {
            let wait = retry_after.unwrap_or(Duration::from_secs(1));
            if wait > MAX_PAUSE {
                Action::Stop
            } else {
                Action::PauseAll(wait)
            }
        }
        Cause::Network if e.message.contains("timed out") => Action::TimedOut,
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
            Action::PauseRecipient(PAIR_INTERVAL)
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
        // Retry-After is honoured beside a Graph error body.
        let mut ra = HeaderMap::new();
        ra.insert("retry-after", "30".parse().unwrap());
        assert_eq!(
            action(&meta_error(131056, None, &ra)),
            Action::PauseRecipient(Duration::from_secs(30))
        );
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
        let slow = ApiError::new("meta", Cause::Network, "cannot reach x: timed out after 1s");
        assert_eq!(action(&slow), Action::TimedOut);
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
