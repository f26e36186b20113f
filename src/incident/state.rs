//! The incident timeline on disk: one JSON file per incident under `STATE_DIR/incidents/`,
//! written atomically. A file that cannot be read is reported with its path and never
//! overwritten: it may be the only record of an incident.

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Update {
    pub at: DateTime<Utc>,
    pub root_cause: String,
    pub actions: String,
    pub progress: String,
    pub next_update: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Resolution {
    pub at: DateTime<Utc>,
    pub root_cause: String,
    pub fix: String,
    pub validation: String,
    pub backlog: String,
}

/// One run of a configured action (`intops action run`), as the timeline keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActionRun {
    pub at: DateTime<Utc>,
    /// The action that ran (for `--undo`, the undo action's name).
    pub action: String,
    /// Run as the undo of another action.
    #[serde(default)]
    pub undo: bool,
    pub kind: String,
    /// ok, crit, ... of the run.
    pub status: String,
    pub summary: String,
    /// A successful mitigation stops the incident's mitigation SLA clock.
    #[serde(default)]
    pub mitigation: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Incident {
    pub id: String,
    pub flow: String,
    pub title: String,
    pub severity: String,
    pub started_at: DateTime<Utc>,
    pub impact: String,
    pub workaround: String,
    pub next_update: String,
    /// One line from the detection checks at start.
    pub detection: String,
    #[serde(default)]
    pub updates: Vec<Update>,
    #[serde(default)]
    pub resolution: Option<Resolution>,
    /// Configured actions run while it was open.
    #[serde(default)]
    pub actions: Vec<ActionRun>,
}

impl Incident {
    pub fn is_open(&self) -> bool {
        self.resolution.is_none()
    }
}

/// Where incidents live.
pub struct Store {
    pub dir: PathBuf,
}

/// One entry of a listing: an incident, or a file that could not be read.
pub enum Entry {
    Ok(Box<Incident>),
    Corrupt { path: PathBuf, error: String },
}

/// The file's text, redacted: what the checks found can quote a credential (a URL with its
/// password in an error line), and the state file outlives the terminal.
fn serialise(inc: &Incident) -> Result<String> {
    let fail = |e: serde_json::Error| Error::Other(format!("cannot serialise the incident: {e}"));
    let mut v = serde_json::to_value(inc).map_err(fail)?;
    crate::redact::redact_json(&mut v);
    serde_json::to_string_pretty(&v).map_err(fail)
}

fn corrupt(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::config(format!(
        "incident state {} is unreadable ({e}); it was left untouched: repair it or move it aside",
        path.display()
    ))
}

impl Store {
    pub fn new(state_dir: &Path) -> Self {
        Store {
            dir: state_dir.join("incidents"),
        }
    }

    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// A fresh id: `FLOW-YYYYMMDD-HHMM`, with a suffix when one already exists that minute.
    pub fn new_id(&self, flow: &str, now: DateTime<Utc>) -> String {
        let base = format!("{flow}-{}", now.format("%Y%m%d-%H%M"));
        if !self.path(&base).exists() {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.path(id).exists())
            .expect("an unused suffix exists")
    }

    pub fn load(&self, id: &str) -> Result<Incident> {
        if id.contains(['/', '\\']) || id.starts_with('.') {
            return Err(Error::usage(format!("{id:?} is not an incident id")));
        }
        let path = self.path(id);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::usage(format!(
                    "no incident {id:?} in {}; `intops incident list` shows the ids",
                    self.dir.display()
                )))
            }
            Err(e) => return Err(corrupt(&path, e)),
        };
        serde_json::from_str(&text).map_err(|e| corrupt(&path, e))
    }

    /// Record a new incident under a fresh id (`FLOW-YYYYMMDD-HHMM`, suffixed when taken), never
    /// replacing another one even when two are opened at the same moment. Sets `inc.id`.
    pub fn create(&self, inc: &mut Incident) -> Result<PathBuf> {
        let json = serialise;
        for _ in 0..100 {
            inc.id = self.new_id(&inc.flow, inc.started_at);
            let path = self.path(&inc.id);
            match crate::fsutil::write_atomic_new(
                &path,
                json(inc)?.as_bytes(),
                crate::fsutil::Access::Private,
            ) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(Error::config(format!(
                        "cannot write {}: {e} (is the state dir writable?)",
                        path.display()
                    )))
                }
            }
        }
        Err(Error::Other(format!(
            "cannot find a free incident id in {}",
            self.dir.display()
        )))
    }

    /// Save atomically (temp file + rename), so a crash leaves the previous version.
    pub fn save(&self, inc: &Incident) -> Result<PathBuf> {
        let path = self.path(&inc.id);
        let json = serialise(inc)?;
        crate::fsutil::write_atomic(&path, json.as_bytes(), crate::fsutil::Access::Private)
            .map_err(|e| {
                Error::config(format!(
                    "cannot write {}: {e} (is the state dir writable?)",
                    path.display()
                ))
            })?;
        Ok(path)
    }

    /// Every incident file, newest first; unreadable ones are listed as such.
    pub fn list(&self) -> Vec<Entry> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            // Temp files of an interrupted write start with a dot and end in .tmp: not incidents.
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        let mut out: Vec<Entry> = paths
            .into_iter()
            .map(|p| {
                match std::fs::read_to_string(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| serde_json::from_str::<Incident>(&t).map_err(|e| e.to_string()))
                {
                    Ok(i) => Entry::Ok(Box::new(i)),
                    Err(error) => Entry::Corrupt { path: p, error },
                }
            })
            .collect();
        out.sort_by_key(|e| match e {
            Entry::Ok(i) => std::cmp::Reverse(Some(i.started_at)),
            Entry::Corrupt { .. } => std::cmp::Reverse(None),
        });
        out
    }

    /// The most recently started open incident, if any.
    pub fn latest_open(&self) -> Option<Incident> {
        self.list().into_iter().find_map(|e| match e {
            Entry::Ok(i) if i.is_open() => Some(*i),
            _ => None,
        })
    }

    /// Ids for shell completion (open ones first).
    pub fn ids(&self) -> Vec<(String, bool)> {
        let mut v: Vec<(String, bool)> = self
            .list()
            .into_iter()
            .filter_map(|e| match e {
                Entry::Ok(i) => Some((i.id.clone(), i.is_open())),
                Entry::Corrupt { .. } => None,
            })
            .collect();
        v.sort_by_key(|(_, open)| !open);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sample(id: &str) -> Incident {
        Incident {
            id: id.into(),
            flow: "whatsapp-outage".into(),
            title: "WhatsApp API outage".into(),
            severity: "SEV-1".into(),
            started_at: Utc.with_ymd_and_hms(2026, 11, 24, 3, 12, 0).unwrap(),
            impact: "no replies".into(),
            workaround: "none".into(),
            next_update: "03:42 UTC".into(),
            detection: "whatsapp token: CRIT".into(),
            updates: vec![],
            resolution: None,
            actions: vec![],
        }
    }

    #[test]
    fn round_trips_and_ids_are_unique_per_minute() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::new(dir.path());
        let mut a = sample("");
        s.create(&mut a).unwrap();
        assert_eq!(a.id, "whatsapp-outage-20261124-0312");
        let mut b = sample("");
        s.create(&mut b).unwrap();
        assert_eq!(b.id, "whatsapp-outage-20261124-0312-2");
        assert_eq!(s.load(&a.id).unwrap(), a);
    }

    #[test]
    fn a_corrupt_file_is_reported_with_its_path_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::new(dir.path());
        std::fs::create_dir_all(&s.dir).unwrap();
        let p = s.path("x");
        std::fs::write(&p, "{\"id\": \"x\", trunc").unwrap();
        let e = s.load("x").unwrap_err().to_string();
        assert!(
            e.contains(&p.display().to_string()) && e.contains("left untouched"),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"id\": \"x\", trunc"
        );
        assert!(matches!(s.list()[0], Entry::Corrupt { .. }));
    }

    #[test]
    fn an_interrupted_write_leaves_the_old_file_and_its_temp_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::new(dir.path());
        s.save(&sample("a")).unwrap();
        // What a crash between write and rename leaves behind.
        std::fs::write(s.dir.join(".intops-abc.tmp"), "{\"id\": \"a\", half").unwrap();
        let entries = s.list();
        assert_eq!(entries.len(), 1);
        assert!(matches!(&entries[0], Entry::Ok(i) if i.id == "a"));
    }

    #[test]
    fn ids_with_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Store::new(dir.path()).load("../etc/passwd").is_err());
    }
}
