//! What intops has re-delivered, so a second run sends nothing twice: one JSON file in the XDG
//! state dir (`backfill/ledger.json`, 0600), rewritten atomically after every delivery so a crash
//! loses at most the delivery in flight. A lock file next to it keeps two runs from sending the
//! same event at once. A ledger that cannot be read is an error, never overwritten: it is the
//! only record of what was sent.

use crate::fsutil::{self, Access};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    delivered: BTreeMap<String, Delivered>,
}

pub struct Ledger {
    path: PathBuf,
    file: File,
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

impl Ledger {
    /// Read the ledger to look things up; `lock` also takes the lock for a run that sends.
    pub fn open(state_dir: &Path, lock: bool) -> Result<Ledger, LedgerError> {
        let path = path(state_dir);
        let lock = if lock { Some(take_lock(&path)?) } else { None };
        let file = match std::fs::read_to_string(&path) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| LedgerError::Corrupt {
                path: path.clone(),
                why: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => File {
                version: 1,
                delivered: BTreeMap::new(),
            },
            Err(e) => {
                return Err(LedgerError::Corrupt {
                    path,
                    why: e.to_string(),
                })
            }
        };
        Ok(Ledger {
            path,
            file,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, key: &str) -> Option<&Delivered> {
        self.file.delivered.get(key)
    }

    /// Record one delivery and write the ledger out before the next one is sent.
    pub fn record(&mut self, key: &str, d: Delivered) -> Result<(), LedgerError> {
        self.file.delivered.insert(key.to_string(), d);
        let text = serde_json::to_string_pretty(&self.file).expect("the ledger serialises");
        fsutil::write_atomic(&self.path, text.as_bytes(), Access::Private).map_err(|e| {
            LedgerError::Io {
                path: self.path.clone(),
                why: e.to_string(),
            }
        })
    }
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
        std::fs::write(&p, "{not json").unwrap();
        let e = Ledger::open(dir.path(), true).err().unwrap();
        assert!(e.to_string().contains("left untouched"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{not json");
    }
}
