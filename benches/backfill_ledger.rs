//! The backfill ledger appends one JSON line per delivery and fsyncs it, so a crash loses at most
//! the delivery in flight (its torn line is ignored on resume). This measures what that costs per
//! delivery as the ledger grows (it should not grow), and what resuming (reading and compacting a
//! ledger of that size) costs. Run: `cargo bench --profile dev --bench backfill_ledger` (numbers in
//! BENCHMARKS.md).

use intops::backfill::ledger::{Delivered, Ledger};
use std::time::Instant;

fn main() {
    for n in [100usize, 1_000, 5_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut l = Ledger::open(dir.path(), true).expect("ledger");
        let t0 = Instant::now();
        let mut last_1pct = std::time::Duration::ZERO;
        for i in 0..n {
            let t = Instant::now();
            l.record(
                &format!("leadgen:{}", 444_000_000_000u64 + i as u64),
                Delivered {
                    event: "leadgen".into(),
                    id: format!("{}", 444_000_000_000u64 + i as u64),
                    at: chrono::Utc::now(),
                    target: "https://app.example.com/webhooks/leadgen".into(),
                    http_status: 200,
                },
            )
            .expect("record");
            if i >= n - n / 100 {
                last_1pct += t.elapsed();
            }
        }
        let total = t0.elapsed();
        let size = std::fs::metadata(l.path()).map(|m| m.len()).unwrap_or(0);
        println!(
            "{n} deliveries recorded: {:.0} ms in all, {:.2} ms each on average, {:.2} ms each for the last 1%, ledger {} KiB",
            total.as_secs_f64() * 1000.0,
            total.as_secs_f64() * 1000.0 / n as f64,
            last_1pct.as_secs_f64() * 1000.0 / (n / 100).max(1) as f64,
            size / 1024
        );
        drop(l);
        // Resume after a crash mid-write: a torn last line makes the run compact the file.
        let p = intops::backfill::ledger::path(dir.path());
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .expect("ledger");
        std::io::Write::write_all(&mut f, b"{\"key\":\"leadgen:torn").expect("torn");
        drop(f);
        let t = Instant::now();
        let l = Ledger::open(dir.path(), true).expect("resume");
        println!(
            "  resume: {} records read, torn line dropped and compacted in {:.1} ms",
            l.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
