//! Secrets: environment -> `--env-file` -> OS keyring (service `intops`, account `PROFILE/NAME`).
//! A [`Secret`] cannot be printed; every resolved value is registered for redaction.

use crate::error::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A secret value. Debug and Display print `***`; use [`Secret::expose`] only where the value
/// goes on the wire.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let v: String = value.into();
        crate::redact::register(&v);
        Secret(SecretString::from(v))
    }
    /// A value that travels where secrets go (an env file, the Supabase secrets) but is not one,
    /// e.g. a phone number id: not registered for redaction, so reports can name it.
    pub fn plain(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}
impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where a value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Env,
    EnvFile,
    Keyring,
    Config,
    Missing,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Env => "env",
            Source::EnvFile => "env-file",
            Source::Keyring => "keyring",
            Source::Config => "config",
            Source::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("no keyring backend is available ({0})")]
    Unavailable(String),
    #[error("the keyring did not answer within {0:?}")]
    Timeout(Duration),
    #[error("keyring error: {0}")]
    Other(String),
}

/// The secret store behind the environment. Tests hand in [`MemoryStore`].
pub trait SecretStore: Send + Sync {
    /// A name for `auth list`: `secret-service`, `macos-keychain`, `memory`, `none`, ...
    fn backend(&self) -> String;
    fn get(&self, account: &str) -> std::result::Result<Option<String>, StoreError>;
    fn set(&self, account: &str, value: &str) -> std::result::Result<(), StoreError>;
    fn delete(&self, account: &str) -> std::result::Result<bool, StoreError>;
}

/// The OS keyring. Every call runs on its own thread and is abandoned after `timeout`: a headless
/// box without a Secret Service can otherwise hang on D-Bus.
pub struct KeyringStore {
    pub timeout: Duration,
}

impl KeyringStore {
    fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> std::result::Result<T, keyring::Error> + Send + 'static,
    ) -> std::result::Result<T, StoreError> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        match rx.recv_timeout(self.timeout) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(map_keyring_err(e)),
            Err(_) => Err(StoreError::Timeout(self.timeout)),
        }
    }
}

fn map_keyring_err(e: keyring::Error) -> StoreError {
    match e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            // Never echo platform text verbatim: it can be long and multi-line.
            let first = inner.to_string().lines().next().unwrap_or("").to_string();
            StoreError::Unavailable(first)
        }
        // keyring 4: the platform store could not be set up (no D-Bus session, for instance).
        keyring::Error::NoDefaultStore => {
            StoreError::Unavailable("no credential store could be opened".into())
        }
        other => StoreError::Other(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn backend(&self) -> String {
        if cfg!(target_os = "macos") {
            "macos-keychain".into()
        } else if cfg!(windows) {
            "windows-credential-manager".into()
        } else {
            "secret-service".into()
        }
    }
    fn get(&self, account: &str) -> std::result::Result<Option<String>, StoreError> {
        let account = account.to_string();
        self.call(move || {
            let entry = keyring::Entry::new("intops", &account)?;
            match entry.get_password() {
                Ok(v) => Ok(Some(v)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }
    fn set(&self, account: &str, value: &str) -> std::result::Result<(), StoreError> {
        let account = account.to_string();
        let value = value.to_string();
        self.call(move || keyring::Entry::new("intops", &account)?.set_password(&value))
    }
    fn delete(&self, account: &str) -> std::result::Result<bool, StoreError> {
        let account = account.to_string();
        self.call(
            move || match keyring::Entry::new("intops", &account)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring::Error::NoEntry) => Ok(false),
                Err(e) => Err(e),
            },
        )
    }
}

/// A store for tests and the sandbox.
#[derive(Default)]
pub struct MemoryStore(Mutex<BTreeMap<String, String>>);

impl SecretStore for MemoryStore {
    fn backend(&self) -> String {
        "memory".into()
    }
    fn get(&self, account: &str) -> std::result::Result<Option<String>, StoreError> {
        Ok(self.0.lock().unwrap().get(account).cloned())
    }
    fn set(&self, account: &str, value: &str) -> std::result::Result<(), StoreError> {
        self.0.lock().unwrap().insert(account.into(), value.into());
        Ok(())
    }
    fn delete(&self, account: &str) -> std::result::Result<bool, StoreError> {
        Ok(self.0.lock().unwrap().remove(account).is_some())
    }
}

/// `INTOPS_KEYRING=none`: no keyring at all (CI, containers).
pub struct NoStore;

impl SecretStore for NoStore {
    fn backend(&self) -> String {
        "none".into()
    }
    fn get(&self, _: &str) -> std::result::Result<Option<String>, StoreError> {
        Ok(None)
    }
    fn set(&self, _: &str, _: &str) -> std::result::Result<(), StoreError> {
        Err(StoreError::Unavailable(
            "disabled by INTOPS_KEYRING=none".into(),
        ))
    }
    fn delete(&self, _: &str) -> std::result::Result<bool, StoreError> {
        Err(StoreError::Unavailable(
            "disabled by INTOPS_KEYRING=none".into(),
        ))
    }
}

/// Read `--env-file` (see [`crate::envfile::read`]: a regular file, at most 1 MiB, BOM skipped).
/// Errors name the file and the line, never a value.
pub fn read_env_file(path: &Path) -> Result<HashMap<String, String>> {
    crate::envfile::read(path).map_err(|e| Error::config(e.to_string()))
}

/// Resolves names for one profile. Holds a snapshot of the environment so tests can hand in fakes.
#[derive(Clone)]
pub struct Secrets {
    profile: String,
    env: Arc<HashMap<String, String>>,
    env_file: Option<(PathBuf, Arc<HashMap<String, String>>)>,
    store: Arc<dyn SecretStore>,
    /// `[PROFILE.settings]` from the config file: the last place a name is looked up.
    config: Arc<BTreeMap<String, String>>,
    /// Keyring failures are reported once, not on every lookup.
    store_problem: Arc<Mutex<Option<StoreError>>>,
}

impl Secrets {
    pub fn new(
        profile: impl Into<String>,
        env: HashMap<String, String>,
        env_file: Option<(PathBuf, HashMap<String, String>)>,
        store: Arc<dyn SecretStore>,
    ) -> Self {
        Secrets {
            profile: profile.into(),
            env: Arc::new(env),
            env_file: env_file.map(|(p, m)| (p, Arc::new(m))),
            store,
            config: Arc::new(BTreeMap::new()),
            store_problem: Arc::new(Mutex::new(None)),
        }
    }

    /// The profile's `[PROFILE.settings]`, looked up after env, env-file and keyring.
    pub fn with_config(mut self, settings: BTreeMap<String, String>) -> Self {
        self.config = Arc::new(settings);
        self
    }

    /// Whether `intops auth set` can help here: a keyring backend that is enabled and has not
    /// failed.
    pub fn keyring_usable(&self) -> bool {
        self.store.backend() != "none" && self.store_problem().is_none()
    }

    /// The error for a value that is not set anywhere, with the hint for this machine.
    pub fn missing(&self, name: &str) -> Error {
        Error::MissingSecret {
            name: name.to_string(),
            profile: self.profile.clone(),
            keyring: self.keyring_usable(),
        }
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }
    pub fn store(&self) -> &Arc<dyn SecretStore> {
        &self.store
    }
    /// The same names over another store (the exporter keeps refreshed tokens in memory).
    pub fn with_store(mut self, store: Arc<dyn SecretStore>) -> Self {
        self.store = store;
        self
    }
    pub fn env_file_path(&self) -> Option<&Path> {
        self.env_file.as_ref().map(|(p, _)| p.as_path())
    }
    pub fn account(&self, name: &str) -> String {
        format!("{}/{}", self.profile, name)
    }
    /// The keyring problem met so far, if any (for `auth list` and missing-secret hints).
    pub fn store_problem(&self) -> Option<StoreError> {
        self.store_problem.lock().unwrap().clone()
    }

    /// A plain (non-secret) setting from env or env-file only; empty values count as unset.
    /// A URL's credentials in it are registered for redaction (see [`crate::redact::register_setting`]).
    pub fn setting(&self, name: &str) -> Option<String> {
        let v = self
            .env
            .get(name)
            .or_else(|| self.env_file.as_ref().and_then(|(_, m)| m.get(name)))
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().to_string())?;
        crate::redact::register_setting(name, &v);
        Some(v)
    }

    /// The one lookup for settings and secrets: env, env-file, keyring, then the config file.
    /// Every command (through `get`/`optional`), doctor and `auth list` use it, so they agree.
    pub fn lookup(&self, name: &str) -> (Option<Secret>, Source) {
        match self.lookup_stored(name) {
            (None, _) => match self.config.get(name).filter(|v| !v.trim().is_empty()) {
                Some(v) => (Some(Secret::new(v.trim())), Source::Config),
                None => (None, Source::Missing),
            },
            found => found,
        }
    }

    fn lookup_stored(&self, name: &str) -> (Option<Secret>, Source) {
        if let Some(v) = self.env.get(name).filter(|v| !v.trim().is_empty()) {
            return (Some(Secret::new(v.trim())), Source::Env);
        }
        if let Some(v) = self
            .env_file
            .as_ref()
            .and_then(|(_, m)| m.get(name))
            .filter(|v| !v.trim().is_empty())
        {
            return (Some(Secret::new(v.trim())), Source::EnvFile);
        }
        if self.store_problem.lock().unwrap().is_some() {
            return (None, Source::Missing);
        }
        match self.store.get(&self.account(name)) {
            Ok(Some(v)) if !v.is_empty() => (Some(Secret::new(v)), Source::Keyring),
            Ok(_) => (None, Source::Missing),
            Err(e) => {
                *self.store_problem.lock().unwrap() = Some(e);
                (None, Source::Missing)
            }
        }
    }

    pub fn get(&self, name: &str) -> Result<Secret> {
        match self.lookup(name) {
            (Some(s), _) => Ok(s),
            (None, _) => Err(self.missing(name)),
        }
    }

    pub fn optional(&self, name: &str) -> Option<Secret> {
        self.lookup(name).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(env: &[(&str, &str)], store: Arc<dyn SecretStore>) -> Secrets {
        let env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Secrets::new("default", env, None, store)
    }

    #[test]
    fn env_wins_over_keyring() {
        let store = Arc::new(MemoryStore::default());
        store
            .set("default/WHATSAPP_ACCESS_TOKEN", "from-keyring-1")
            .unwrap();
        let s = secrets(&[("WHATSAPP_ACCESS_TOKEN", "from-env-123")], store.clone());
        let (v, src) = s.lookup("WHATSAPP_ACCESS_TOKEN");
        assert_eq!(v.unwrap().expose(), "from-env-123");
        assert_eq!(src, Source::Env);
        let s = secrets(&[], store);
        let (v, src) = s.lookup("WHATSAPP_ACCESS_TOKEN");
        assert_eq!(v.unwrap().expose(), "from-keyring-1");
        assert_eq!(src, Source::Keyring);
    }

    #[test]
    fn secret_never_formats() {
        let s = Secret::new("EAAverysecretvalue");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
    }

    #[test]
    fn missing_names_the_variable() {
        // No keyring: the hint names env and --env-file only.
        let s = secrets(&[], Arc::new(NoStore));
        let e = s.get("ZOHO_REFRESH_TOKEN").unwrap_err();
        assert!(e.to_string().contains("ZOHO_REFRESH_TOKEN"));
        let hint = e.hint().unwrap();
        assert!(hint.contains("export ZOHO_REFRESH_TOKEN=") && hint.contains("--env-file"));
        assert!(!hint.contains("auth set"), "{hint}");
        assert_eq!(e.exit_code(), 3);
        // A usable keyring: `auth set` is offered too.
        let s = secrets(&[], Arc::new(MemoryStore::default()));
        let e = s.get("ZOHO_REFRESH_TOKEN").unwrap_err();
        assert!(e
            .hint()
            .unwrap()
            .contains("intops auth set ZOHO_REFRESH_TOKEN"));
        // A value only in the config file is found by the same lookup.
        let s = secrets(&[], Arc::new(NoStore))
            .with_config([("ZOHO_REFRESH_TOKEN".to_string(), "cfg".to_string())].into());
        assert_eq!(s.lookup("ZOHO_REFRESH_TOKEN").1, Source::Config);
    }

    struct SlowStore;
    impl SecretStore for SlowStore {
        fn backend(&self) -> String {
            "slow".into()
        }
        fn get(&self, _: &str) -> std::result::Result<Option<String>, StoreError> {
            Err(StoreError::Timeout(Duration::from_millis(1)))
        }
        fn set(&self, _: &str, _: &str) -> std::result::Result<(), StoreError> {
            unreachable!()
        }
        fn delete(&self, _: &str) -> std::result::Result<bool, StoreError> {
            unreachable!()
        }
    }

    #[test]
    fn keyring_failure_is_remembered_and_reported() {
        let s = secrets(&[], Arc::new(SlowStore));
        assert!(s.optional("A").is_none());
        assert!(matches!(s.store_problem(), Some(StoreError::Timeout(_))));
    }
}
