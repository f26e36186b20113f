//! Pacing for the drain: evenly spaced send slots, so no window of any length carries more than
//! `rate` sends per second (a token bucket would allow a burst of its size after a pause, which is
//! exactly what trips Meta's per-second throughput limit). A vendor rate-limit answer pauses every
//! sender at once. A recipient-level limit (131056) is not paced here: the drain parks that
//! recipient's items in Redis and releases them at the pair rate.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

pub struct Pacer {
    interval: Option<Duration>,
    next: Mutex<Instant>,
    /// The end of the latest slot a sender waited out (the slot plus one interval).
    used_until: Mutex<Option<Instant>>,
}

impl Pacer {
    /// `rate` sends per second; 0 = unlimited.
    pub fn new(rate: f64) -> Pacer {
        // Rounded up to the nanosecond, so the pace never runs above `rate`, not even by rounding.
        let interval = (rate > 0.0).then(|| Duration::from_nanos((1e9 / rate).ceil() as u64));
        Pacer {
            interval,
            next: Mutex::new(Instant::now()),
            used_until: Mutex::new(None),
        }
    }

    /// Reserve the next slot and wait for it.
    pub async fn acquire(&self) {
        let slot = self.reserve(Instant::now());
        tokio::time::sleep_until(slot).await;
        self.used(slot);
    }

    fn used(&self, slot: Instant) {
        let end = slot + self.interval.unwrap_or_default();
        let mut u = self.used_until.lock().unwrap();
        if u.is_none_or(|t| t < end) {
            *u = Some(end);
        }
    }

    /// When the paced run ends: the last slot used plus its interval. Each send takes one slot
    /// and slots are an interval apart, so N sends span at least N intervals: a rate measured
    /// over this span never reads above the pace (N sends in (N-1) intervals would).
    pub fn used_until(&self) -> Option<Instant> {
        *self.used_until.lock().unwrap()
    }

    /// The next free slot at `now`. A slot missed while nobody asked is not made up later: the
    /// schedule restarts from now, so a stall never turns into a burst.
    pub fn reserve(&self, now: Instant) -> Instant {
        let mut next = self.next.lock().unwrap();
        let slot = (*next).max(now);
        *next = slot + self.interval.unwrap_or_default();
        slot
    }

    /// Every sender waits at least until `now + wait` (Retry-After, Meta usage headers).
    pub fn pause_all(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut next = self.next.lock().unwrap();
        if until > *next {
            *next = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_evenly_spaced_and_never_burst() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        let slots: Vec<Instant> = (0..50).map(|_| p.reserve(t0)).collect();
        for (i, s) in slots.iter().enumerate() {
            assert_eq!(*s - t0, Duration::from_millis(10 * i as u64));
        }
        // A long idle gap does not bank slots: after it, two slots are still 10 ms apart.
        let later = t0 + Duration::from_secs(5);
        let a = p.reserve(later);
        let b = p.reserve(later);
        assert_eq!(a, later);
        assert_eq!(b - a, Duration::from_millis(10));
    }

    #[tokio::test]
    async fn the_used_span_covers_one_interval_per_send() {
        let t0 = Instant::now();
        let p = Pacer::new(100.0);
        assert_eq!(p.used_until(), None);
        for _ in 0..5 {
            p.acquire().await;
        }
        // Five sends at 0, 10, ..., 40 ms: the run spans 50 ms (100 msg/s), not 40 (125 msg/s).
        assert!(p.used_until().unwrap() - t0 >= Duration::from_millis(50));
    }

    #[test]
    fn unlimited_rate_never_waits() {
        let p = Pacer::new(0.0);
        let t0 = Instant::now();
        assert_eq!(p.reserve(t0), t0);
        assert_eq!(p.reserve(t0), t0);
    }

    #[test]
    fn pause_all_delays_the_next_slot() {
        let p = Pacer::new(0.0);
        p.pause_all(Duration::from_secs(2));
        let now = Instant::now();
        let slot = p.reserve(now);
        assert!(slot > now + Duration::from_millis(1900));
    }
}
