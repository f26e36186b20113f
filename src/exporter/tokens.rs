//! Where the exporter keeps tokens it obtains (the Zoho access token): in its own memory, over the
//! profile's keyring. A daemon must not write the user's keyring every hour, and with no keyring at
//! all (`INTOPS_KEYRING=none`, headless hosts) the Zoho check would otherwise refresh on every run;
//! kept here, the cached token is reused for its ~55 minutes, far below Zoho's 10 refreshes per 10
//! minutes.

use crate::secrets::{MemoryStore, SecretStore, StoreError};
use std::sync::Arc;

pub struct ProcessStore {
    mem: MemoryStore,
    inner: Arc<dyn SecretStore>,
}

impl ProcessStore {
    pub fn over(inner: Arc<dyn SecretStore>) -> Self {
        ProcessStore {
            mem: MemoryStore::default(),
            inner,
        }
    }
}

impl SecretStore for ProcessStore {
    fn backend(&self) -> String {
        format!("exporter memory over {}", self.inner.backend())
    }
    fn get(&self, account: &str) -> Result<Option<String>, StoreError> {
        match self.mem.get(account)? {
            Some(v) => Ok(Some(v)),
            None => self.inner.get(account),
        }
    }
    fn set(&self, account: &str, value: &str) -> Result<(), StoreError> {
        self.mem.set(account, value)
    }
    fn delete(&self, account: &str) -> Result<bool, StoreError> {
        self.mem.delete(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_stay_in_memory_and_reads_fall_back_to_the_keyring() {
        let keyring = Arc::new(MemoryStore::default());
        keyring.set("default/ZOHO_REFRESH_TOKEN", "r").unwrap();
        let s = ProcessStore::over(keyring.clone());
        s.set("default/ZOHO_ACCESS_TOKEN", "a").unwrap();
        assert_eq!(
            s.get("default/ZOHO_ACCESS_TOKEN").unwrap().as_deref(),
            Some("a")
        );
        assert_eq!(
            s.get("default/ZOHO_REFRESH_TOKEN").unwrap().as_deref(),
            Some("r")
        );
        assert_eq!(keyring.get("default/ZOHO_ACCESS_TOKEN").unwrap(), None);
    }
}
