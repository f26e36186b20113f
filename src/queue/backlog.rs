//! The Redis backlog with the reliable-queue pattern. The application LPUSHes items, so the oldest
//! is at the right. A drain LMOVEs each item (right → left) into its own processing list, LREMs it
//! there once sent, and moves it into the dead-letter list (atomically) when it cannot be sent. A
//! drain holds a lease key it refreshes; a processing list whose lease expired belongs to a crashed
//! drain and goes back to the queue (oldest first) when the next drain starts. Two drains never
//! take the same item: LMOVE is atomic, and each has its own processing list.

use super::Keys;
use crate::error::{ApiError, Cause};
use crate::secrets::Secret;
use redis::aio::MultiplexedConnection;
use redis::AsyncCommands;
use std::time::Duration;

pub const VENDOR: &str = "redis";

#[derive(Clone)]
pub struct Backlog {
    conn: MultiplexedConnection,
    pub keys: Keys,
}

/// Where Redis is, for messages: host and port, never the password in the URL.
pub fn describe_url(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| format!("{h}:{}", u.port().unwrap_or(6379)))
        })
        .unwrap_or_else(|| "the configured REDIS_URL".into())
}

fn unreachable(url: &str, e: impl std::fmt::Display) -> ApiError {
    let place = describe_url(url);
    ApiError::new(
        VENDOR,
        Cause::Network,
        format!("cannot reach Redis at {place}: {e}"),
    )
    .hint(format!(
        "is Redis running at {place}? check REDIS_URL (e.g. `redis-cli -u \"$REDIS_URL\" ping`)"
    ))
}

/// A Redis error during a command: the connection dropped, or the key holds another type.
pub fn redis_error(e: redis::RedisError) -> ApiError {
    if e.code() == Some("WRONGTYPE") || e.to_string().contains("WRONGTYPE") {
        return ApiError::new(VENDOR, Cause::BadRequest, format!("{e}")).hint(
            "the key is not a list: check WHATSAPP_QUEUE_KEY and the [queue] key names in config.toml",
        );
    }
    if e.kind() == redis::ErrorKind::AuthenticationFailed {
        return ApiError::new(VENDOR, Cause::TokenInvalid, format!("{e}"))
            .hint("Redis refused the password: check REDIS_URL (`intops auth set REDIS_URL`)");
    }
    ApiError::new(VENDOR, Cause::Network, format!("{e}"))
        .hint("the Redis connection failed mid-command: check Redis and re-run; nothing is lost (items stay in the processing list and are recovered by the next drain)")
}

/// Counts for `queue status`.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub length: u64,
    pub oldest: Option<String>,
    pub newest: Option<String>,
    pub app_processing: u64,
    /// Items held by intops drains (alive or crashed).
    pub drain_processing: u64,
    pub drains_alive: u64,
    pub drains_dead: u64,
    pub dead: u64,
    pub dead_newest: Option<String>,
}

impl Backlog {
    pub async fn connect(url: &Secret, keys: Keys, timeout: Duration) -> Result<Backlog, ApiError> {
        let client = redis::Client::open(url.expose()).map_err(|e| {
            ApiError::new(
                VENDOR,
                Cause::BadRequest,
                format!("REDIS_URL is not a Redis URL: {e}"),
            )
            .hint("REDIS_URL looks like redis://[:password@]host:6379[/db] (rediss:// for TLS)")
        })?;
        let conn = tokio::time::timeout(timeout, client.get_multiplexed_async_connection())
            .await
            .map_err(|_| {
                unreachable(
                    url.expose(),
                    format!("no answer within {}s", timeout.as_secs_f32()),
                )
            })?
            .map_err(|e| match e.kind() {
                redis::ErrorKind::AuthenticationFailed => redis_error(e),
                _ => unreachable(url.expose(), e),
            })?;
        Ok(Backlog { conn, keys })
    }

    fn c(&self) -> MultiplexedConnection {
        self.conn.clone()
    }

    pub async fn snapshot(&self) -> Result<Snapshot, ApiError> {
        let k = &self.keys;
        let mut c = self.c();
        let (length, oldest, newest, app_processing, dead, dead_newest): (
            u64,
            Option<String>,
            Option<String>,
            u64,
            u64,
            Option<String>,
        ) = redis::pipe()
            .llen(&k.queue)
            .lindex(&k.queue, -1)
            .lindex(&k.queue, 0)
            .llen(&k.app_processing)
            .llen(&k.dead)
            .lindex(&k.dead, 0)
            .query_async(&mut c)
            .await
            .map_err(redis_error)?;
        let mut snap = Snapshot {
            length,
            oldest,
            newest,
            app_processing,
            dead,
            dead_newest,
            ..Snapshot::default()
        };
        let ids: Vec<String> = c.smembers(k.drains()).await.map_err(redis_error)?;
        for id in ids {
            let (n, alive): (u64, bool) = redis::pipe()
                .llen(k.processing(&id))
                .exists(k.lease(&id))
                .query_async(&mut c)
                .await
                .map_err(redis_error)?;
            snap.drain_processing += n;
            if alive {
                snap.drains_alive += 1;
            } else {
                snap.drains_dead += 1;
            }
        }
        Ok(snap)
    }

    /// Up to `n` items from the oldest end, without taking them (for `--dry-run`).
    pub async fn peek(&self, n: usize) -> Result<Vec<String>, ApiError> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut c = self.c();
        let mut v: Vec<String> = c
            .lrange(&self.keys.queue, -(n as isize), -1)
            .await
            .map_err(redis_error)?;
        v.reverse();
        Ok(v)
    }

    pub async fn length(&self) -> Result<u64, ApiError> {
        self.c().llen(&self.keys.queue).await.map_err(redis_error)
    }

    /// Register a drain and take its lease.
    pub async fn register(&self, id: &str, lease: Duration) -> Result<(), ApiError> {
        let mut c = self.c();
        redis::pipe()
            .atomic()
            .sadd(self.keys.drains(), id)
            .ignore()
            .cmd("SET")
            .arg(self.keys.lease(id))
            .arg(std::process::id())
            .arg("PX")
            .arg(lease.as_millis() as u64)
            .ignore()
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_error)
    }

    pub async fn heartbeat(&self, id: &str, lease: Duration) -> Result<(), ApiError> {
        let mut c = self.c();
        redis::cmd("SET")
            .arg(self.keys.lease(id))
            .arg(std::process::id())
            .arg("PX")
            .arg(lease.as_millis() as u64)
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_error)
    }

    /// Put back the items of every drain whose lease expired; returns how many.
    pub async fn recover_crashed(&self, except: &str) -> Result<u64, ApiError> {
        let mut c = self.c();
        let ids: Vec<String> = c.smembers(self.keys.drains()).await.map_err(redis_error)?;
        let mut moved = 0;
        for id in ids.iter().filter(|i| i.as_str() != except) {
            let alive: bool = c.exists(self.keys.lease(id)).await.map_err(redis_error)?;
            if alive {
                continue;
            }
            moved += self.return_all(id).await?;
            let _: () = c.srem(self.keys.drains(), id).await.map_err(redis_error)?;
        }
        Ok(moved)
    }

    /// Move every item of a drain's processing list back to the consuming end of the queue, the
    /// oldest ending up first in line.
    pub async fn return_all(&self, id: &str) -> Result<u64, ApiError> {
        let mut c = self.c();
        let src = self.keys.processing(id);
        let mut n = 0;
        loop {
            let v: Option<String> = redis::cmd("LMOVE")
                .arg(&src)
                .arg(&self.keys.queue)
                .arg("LEFT")
                .arg("RIGHT")
                .query_async(&mut c)
                .await
                .map_err(redis_error)?;
            if v.is_none() {
                return Ok(n);
            }
            n += 1;
        }
    }

    /// Take the oldest item into this drain's processing list.
    pub async fn take(&self, id: &str) -> Result<Option<String>, ApiError> {
        let mut c = self.c();
        redis::cmd("LMOVE")
            .arg(&self.keys.queue)
            .arg(self.keys.processing(id))
            .arg("RIGHT")
            .arg("LEFT")
            .query_async(&mut c)
            .await
            .map_err(redis_error)
    }

    /// The item was sent: forget it. `false` when it was no longer ours (another drain recovered
    /// it after our lease lapsed), so it may be sent twice.
    pub async fn ack(&self, id: &str, raw: &str) -> Result<bool, ApiError> {
        let n: i64 = self
            .c()
            .lrem(self.keys.processing(id), 1, raw)
            .await
            .map_err(redis_error)?;
        Ok(n > 0)
    }

    /// Move an item from this drain's processing list to the dead-letter list with its reason,
    /// in one transaction.
    pub async fn dead_letter(&self, id: &str, raw: &str, entry: &str) -> Result<(), ApiError> {
        let mut c = self.c();
        redis::pipe()
            .atomic()
            .lrem(self.keys.processing(id), 1, raw)
            .ignore()
            .lpush(&self.keys.dead, entry)
            .ignore()
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_error)
    }

    /// Give one item back to the queue (first in line), in one transaction.
    pub async fn give_back(&self, id: &str, raw: &str) -> Result<(), ApiError> {
        let mut c = self.c();
        redis::pipe()
            .atomic()
            .lrem(self.keys.processing(id), 1, raw)
            .ignore()
            .rpush(&self.keys.queue, raw)
            .ignore()
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_error)
    }

    /// End a drain: return what it still holds, drop its lease and its registration.
    pub async fn unregister(&self, id: &str) -> Result<u64, ApiError> {
        let n = self.return_all(id).await?;
        let mut c = self.c();
        redis::pipe()
            .atomic()
            .del(self.keys.lease(id))
            .ignore()
            .srem(self.keys.drains(), id)
            .ignore()
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_error)?;
        Ok(n)
    }
}
