//! What intops has re-delivered, so a second run does not send it again: one file in the XDG
//! state dir (`backfill/ledger.json`, 0600) holding one JSON line per delivery. Each delivery
//! appends its line and fsyncs it before the next one is sent, so the cost of a write does not
//! grow with the ledger. A crash (`kill -9`, power loss) mid-write can leave the last line torn
//! (no trailing newline): reading ignores it, so that delivery counts as not done and is sent
//! again (at-least-once; receivers take vendor duplicates anyway). The file is rewritten whole
//! (temp file, fsync, rename) only when a run starts and it needs repair: a torn tail, a key
//! recorded twice, or the older single-document format. A lock file next to it keeps two runs
//! from sending the same event at once. A ledger that cannot be read (a complete line that is
//! not a record) is an error, never overwritten: it is the only record of what was sent.

use crate::fsutil::{self, Access};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("the backfill ledger {path} is unreadable ({why}); it was left untouched: repair it or move it aside (it records what was already re-delivered)")]
    Corrupt { path: PathBuf, why: String },
    #[error("another `intops webhook backfill --provider ...` is running (lock {path}, process {pid}); wait for it, or remove the lock if that process is gone")]
    Locked { path: PathBuf, pid: String },
    #[error("cannot write the backfill ledger {path}: {why}")]
    Io { path: PathBuf, why: String },
}

/// One re-delivered event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Delivered {
    pub event: String,
    pub id: String,
    pub at: DateTime<Utc>,
    pub target: String,
    pub http_status: u16,
}

/// One line of the ledger.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    key: String,
    #[serde(flatten)]
    delivered: Delivered,
}

/// The format before the ledger became append-only: one JSON document, read and migrated.
#[derive(Debug, Deserialize)]
struct OldFile {
    #[allow(dead_code)]
    version: u32,
    delivered: BTreeMap<String, Delivered>,
}

/// What reading the file found.
struct Read {
    delivered: BTreeMap<String, Delivered>,
    /// The file must be rewritten before appending: torn tail, duplicate key or old format.
    needs_compaction: bool,
    /// A torn last line was ignored.
    torn: bool,
}

pub struct Ledger {
    path: PathBuf,
    delivered: BTreeMap<String, Delivered>,
    /// Opened on the first record, in append mode.
    out: Option<std::fs::File>,
    torn: bool,
    _lock: Option<Lock>,
}

/// The lock file, removed when the run ends.
struct Lock(PathBuf);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join("backfill").join("ledger.json")
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Read, LedgerError> {
    let corrupt = |why: String| LedgerError::Corrupt {
        path: path.to_path_buf(),
        why,
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    // The older format: one pretty-printed document `{"version": 1, "delivered": {...}}`.
    if first == Some(&b'{') && !bytes.starts_with(b"{\"key\"") {
        if let Ok(old) = serde_json::from_slice::<OldFile>(bytes) {
            return Ok(Read {
                delivered: old.delivered,
                needs_compaction: true,
                torn: false,
            });
        }
    }
    let mut delivered = BTreeMap::new();
    let mut needs_compaction = false;
    let mut torn = false;
    let mut rest = bytes;
    let mut n = 0usize;
    while !rest.is_empty() {
        n += 1;
        let (line, complete, next) = match rest.iter().position(|b| *b == b'\n') {
            Some(i) => (&rest[..i], true, &rest[i + 1..]),
            None => (rest, false, &rest[rest.len()..]),
        };
        rest = next;
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match serde_json::from_slice::<Line>(line) {
            Ok(l) => {
                if delivered.insert(l.key, l.delivered).is_some() {
                    needs_compaction = true;
                }
            }
            // A line without its newline is the last write, cut short by a crash: that delivery
            // is not recorded and will be sent again.
            Err(_) if !complete => {
                torn = true;
                needs_compaction = true;
            }
            Err(e) => return Err(corrupt(format!("line {n}: {e}"))),
        }
    }
    Ok(Read {
        delivered,
        needs_compaction,
        torn,
    })
}

fn render(delivered: &BTreeMap<String, Delivered>) -> Vec<u8> {
    let mut out = Vec::new();
    for (key, d) in delivered {
        serde_json::to_writer(
            &mut out,
            &Line {
                key: key.clone(),
                delivered: d.clone(),
            },
        )
        .expect("a ledger line serialises");
        out.push(b'\n');
    }
    out
}

impl Ledger {
    /// Read the ledger to look things up; `lock` also takes the lock for a run that sends (and
    /// repairs the file first when it needs it).
    pub fn open(state_dir: &Path, lock: bool) -> Result<Ledger, LedgerError> {
        let path = path(state_dir);
        let lock = if lock { Some(take_lock(&path)?) } else { None };
        let read = match std::fs::read(&path) {
            Ok(b) => parse(&path, &b)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Read {
                delivered: BTreeMap::new(),
                needs_compaction: false,
                torn: false,
            },
            Err(e) => {
                return Err(LedgerError::Corrupt {
                    path,
                    why: e.to_string(),
                })
            }
        };
        let ledger = Ledger {
            path,
            delivered: read.delivered,
            out: None,
            torn: read.torn,
            _lock: lock,
        };
        // Only the run holding the lock may rewrite the file; appending after a torn line would
        // bury it mid-file, where it reads as corruption.
        if read.needs_compaction && ledger._lock.is_some() {
            ledger.compact()?;
        }
        Ok(ledger)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether reading found a torn last line (a crash mid-write) and ignored it.
    pub fn had_torn_line(&self) -> bool {
        self.torn
    }

    pub fn len(&self) -> usize {
        self.delivered.len()
    }

    pub fn is_empty(&self) -> bool {
        self.delivered.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Delivered> {
        self.delivered.get(key)
    }

    /// Rewrite the file whole from what was read: temp file, fsync, rename.
    fn compact(&self) -> Result<(), LedgerError> {
        fsutil::write_atomic(&self.path, &render(&self.delivered), Access::Private).map_err(|e| {
            LedgerError::Io {
                path: self.path.clone(),
                why: e.to_string(),
            }
        })
    }

    /// Record one delivery: append its line and fsync it before the next one is sent.
    pub fn record(&mut self, key: &str, d: Delivered) -> Result<(), LedgerError> {
        let io = |e: std::io::Error| LedgerError::Io {
            path: self.path.clone(),
            why: e.to_string(),
        };
        let mut line = serde_json::to_vec(&Line {
            key: key.to_string(),
            delivered: d.clone(),
        })
        .expect("a ledger line serialises");
        line.push(b'\n');
        if self.out.is_none() {
            self.out = Some(open_append(&self.path).map_err(io)?);
        }
        let f = self.out.as_mut().expect("opened above");
        // One write of the whole line: a crash leaves it whole or without its newline.
        f.write_all(&line).map_err(io)?;
        f.sync_data().map_err(io)?;
        self.delivered.insert(key.to_string(), d);
        Ok(())
    }
}

/// Open the ledger for appending, creating it 0600 (and its directory) when missing; a new file's
/// directory entry is fsync'd too, so the first record survives a crash.
fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let existed = path.exists();
    let mut o = std::fs::OpenOptions::new();
    o.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let f = o.open(path)?;
    if !existed {
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
    Ok(f)
}

fn take_lock(ledger: &Path) -> Result<Lock, LedgerError> {
    let path = ledger.with_extension("lock");
    let io = |e: std::io::Error| LedgerError::Io {
        path: path.clone(),
        why: e.to_string(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    for _ in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                use std::io::Write;
                let _ = write!(f, "{}", std::process::id());
                return Ok(Lock(path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let pid = std::fs::read_to_string(&path).unwrap_or_default();
                if holder_alive(pid.trim()) {
                    return Err(LedgerError::Locked {
                        path,
                        pid: pid.trim().to_string(),
                    });
                }
                // A run that was killed left its lock behind: take it over.
                std::fs::remove_file(&path).map_err(io)?;
            }
            Err(e) => return Err(io(e)),
        }
    }
    Err(LedgerError::Locked {
        path,
        pid: "unknown".into(),
    })
}

/// Whether the process that wrote a lock still runs (Linux: `/proc/PID`; elsewhere assume so).
fn holder_alive(pid: &str) -> bool {
    match pid.parse::<u32>() {
        Ok(p) if cfg!(target_os = "linux") => Path::new(&format!("/proc/{p}")).exists(),
        Ok(_) => true,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: &str) -> Delivered {
        Delivered {
            event: "leadgen".into(),
            id: id.into(),
            at: Utc::now(),
            target: "https://app.example.com/webhooks/leadgen".into(),
            http_status: 200,
        }
    }

    #[test]
    fn a_recorded_delivery_is_found_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut l = Ledger::open(dir.path(), true).unwrap();
            assert!(l.get("leadgen:1").is_none());
            l.record("leadgen:1", d("1")).unwrap();
        }
        let l = Ledger::open(dir.path(), true).unwrap();
        assert_eq!(l.get("leadgen:1").unwrap().id, "1");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(l.path()).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn a_second_run_cannot_take_the_lock_while_one_runs() {
        let dir = tempfile::tempdir().unwrap();
        let first = Ledger::open(dir.path(), true).unwrap();
        assert!(matches!(
            Ledger::open(dir.path(), true),
            Err(LedgerError::Locked { .. })
        ));
        assert!(
            Ledger::open(dir.path(), false).is_ok(),
            "reading needs no lock"
        );
        drop(first);
        assert!(Ledger::open(dir.path(), true).is_ok());
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let lock = path(dir.path()).with_extension("lock");
        std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
        // Pid 0 is never a user process; /proc/0 does not exist.
        std::fs::write(&lock, "0").unwrap();
        if cfg!(target_os = "linux") {
            assert!(Ledger::open(dir.path(), true).is_ok());
        }
    }

    #[test]
    fn a_corrupt_ledger_is_an_error_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path());
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        // A complete line (it has its newline) that is not a record is not a torn write.
        std::fs::write(&p, "{not json\n").unwrap();
        let e = Ledger::open(dir.path(), true).err().unwrap();
        assert!(e.to_string().contains("left untouched"), "{e}");
        assert!(e.to_string().contains("line 1"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{not json\n");
    }

    #[test]
    fn a_corrupt_line_before_good_ones_is_an_error_too() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut l = Ledger::open(dir.path(), true).unwrap();
            l.record("leadgen:1", d("1")).unwrap();
        }
        let p = path(dir.path());
        let good = std::fs::read_to_string(&p).unwrap();
        let text = format!("garbage\n{good}");
        std::fs::write(&p, &text).unwrap();
        let e = Ledger::open(dir.path(), true).err().unwrap();
        assert!(e.to_string().contains("line 1"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    }

    #[test]
    fn each_record_appends_one_line_and_leaves_earlier_bytes_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path(), true).unwrap();
        l.record("leadgen:1", d("1")).unwrap();
        let first = std::fs::read(l.path()).unwrap();
        #[cfg(unix)]
        let ino = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(l.path()).unwrap().ino()
        };
        l.record("leadgen:2", d("2")).unwrap();
        let both = std::fs::read(l.path()).unwrap();
        assert!(both.starts_with(&first), "appended, not rewritten");
        assert_eq!(both.iter().filter(|b| **b == b'\n').count(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(std::fs::metadata(l.path()).unwrap().ino(), ino, "no rename");
        }
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_that_delivery_counts_as_not_done() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut l = Ledger::open(dir.path(), true).unwrap();
            for i in 1..=3 {
                l.record(&format!("leadgen:{i}"), d(&i.to_string()))
                    .unwrap();
            }
        }
        let p = path(dir.path());
        let full = std::fs::read(&p).unwrap();
        // A crash in the middle of writing the third line.
        let third = full[..full.len() - 1]
            .iter()
            .rposition(|b| *b == b'\n')
            .unwrap()
            + 1;
        let cut = third + (full.len() - third) / 2;
        std::fs::write(&p, &full[..cut]).unwrap();

        // Looking without the lock reads around it and leaves the file as it is.
        let look = Ledger::open(dir.path(), false).unwrap();
        assert!(look.had_torn_line());
        assert_eq!(look.len(), 2);
        assert!(look.get("leadgen:3").is_none());
        assert_eq!(std::fs::read(&p).unwrap(), &full[..cut]);
        drop(look);

        let mut l = Ledger::open(dir.path(), true).unwrap();
        assert!(l.get("leadgen:1").is_some() && l.get("leadgen:2").is_some());
        assert!(
            l.get("leadgen:3").is_none(),
            "the torn delivery is sent again"
        );
        // Repaired at start: the torn bytes are gone, so the next append is not buried after them.
        assert_eq!(std::fs::read(&p).unwrap(), &full[..third]);
        l.record("leadgen:3", d("3")).unwrap();
        drop(l);
        let l = Ledger::open(dir.path(), true).unwrap();
        assert!(!l.had_torn_line());
        assert_eq!(l.len(), 3);
    }

    #[test]
    fn the_older_single_document_ledger_is_read_and_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path());
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let mut delivered = BTreeMap::new();
        delivered.insert("leadgen:1".to_string(), d("1"));
        let old = serde_json::json!({"version": 1, "delivered": delivered});
        std::fs::write(&p, serde_json::to_string_pretty(&old).unwrap()).unwrap();
        let mut l = Ledger::open(dir.path(), true).unwrap();
        assert_eq!(l.get("leadgen:1").unwrap().id, "1");
        l.record("leadgen:2", d("2")).unwrap();
        drop(l);
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(Ledger::open(dir.path(), true).unwrap().len(), 2);
    }
}
