//! The Redis backlog with the reliable-queue pattern. The application LPUSHes items, so the oldest
//! is at the right. A drain LMOVEs each item (right → left) into its own processing list, LREMs it
//! there once sent, and moves it into the dead-letter list (atomically) when it cannot be sent.
//!
//! Leases: a drain holds a lease key (value: its id) that it refreshes. Taking an item, refreshing
//! the lease and recovering a processing list are Lua scripts, so they are atomic with each other:
//! a drain whose lease lapsed can neither take another item nor bring its lease back, and a list
//! is recovered only while no lease covers it. Processing lists are found by SCAN, so a list whose
//! drain was unregistered (or never registered) is still seen and recovered.
//!
//! Items are bytes: nothing here assumes UTF-8.
//!
//! Every value read is bounded ([`MAX_VALUE_BYTES`]): its length is checked inside Redis (a Lua
//! script) before it is sent, so an item or dead-letter entry too large to be a message is
//! reported with its size and never loaded. A drain moves such an item, unread and unchanged, to
//! `<queue>:oversize` (`Keys::oversize`) so the rest of the queue keeps flowing.

use super::Keys;
use crate::error::{ApiError, Cause};
use crate::secrets::Secret;
use redis::aio::MultiplexedConnection;
use redis::AsyncCommands;
use std::time::Duration;

pub const VENDOR: &str = "redis";

/// The largest queue item or dead-letter entry intops reads: far above any WhatsApp message (a
/// text body is at most 4,096 characters), far below what would hurt a small machine.
pub const MAX_VALUE_BYTES: u64 = 1024 * 1024;

/// A value read with its size checked first: its bytes, or only its size when it is over
/// [`MAX_VALUE_BYTES`].
#[derive(Debug, Clone, PartialEq)]
pub enum Bounded {
    Value(Vec<u8>),
    TooLarge(u64),
}

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
    pub oldest: Option<Vec<u8>>,
    pub newest: Option<Vec<u8>>,
    pub app_processing: u64,
    /// Items held in drain processing lists (alive, crashed or orphaned).
    pub drain_processing: u64,
    pub drains_alive: u64,
    /// Processing lists with items and no live lease: the next drain puts them back.
    pub drains_dead: u64,
    pub dead: u64,
    pub dead_newest: Option<Vec<u8>>,
    /// Which of the values above were over [`MAX_VALUE_BYTES`] (not read), with their sizes.
    pub too_large: Vec<(&'static str, u64)>,
    /// Items a drain moved unread to `<queue>:oversize`.
    pub oversize: u64,
    /// Items parked for recipients under a pair-rate pause (131056), and how many recipients.
    pub parked: u64,
    pub parked_recipients: u64,
}

/// What a take found.
#[derive(Debug, PartialEq)]
pub enum Take {
    Item(Vec<u8>),
    Empty,
    /// The oldest item was over [`MAX_VALUE_BYTES`] (its size): moved unread to the oversize list.
    TooLarge(u64),
    /// This drain's lease is gone: it must stop taking at once.
    LeaseLost,
}

/// What a pair-rate release found.
#[derive(Debug, PartialEq)]
pub enum Release {
    /// A parked item, now in this drain's processing list.
    Item(Vec<u8>),
    /// Parked items exist; the next one may go at this Unix time (ms).
    Wait(u64),
    /// Nothing is parked.
    None,
    /// The parked item was over [`MAX_VALUE_BYTES`] (its size): moved unread to the oversize list.
    TooLarge(u64),
    LeaseLost,
}

/// One item's failed attempts, across runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attempts {
    pub count: u32,
    /// How many of them timed out (the message may have been delivered).
    pub timeouts: u32,
    /// Items the receiver accepted since this item first failed.
    pub accepted_since: u64,
}

/// The field under which an item's attempts are counted: a digest of its bytes.
pub fn digest(raw: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(raw)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Take the oldest item unless it is over ARGV[2] bytes: then it goes, unread, to KEYS[4].
const TAKE: &str = r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'lost'} end
local v = redis.call('LINDEX', KEYS[2], -1)
if not v then return {'empty'} end
if #v > tonumber(ARGV[2]) then
  redis.call('LMOVE', KEYS[2], KEYS[4], 'RIGHT', 'LEFT')
  return {'big', tostring(#v)}
end
redis.call('LMOVE', KEYS[2], KEYS[3], 'RIGHT', 'LEFT')
return {'item', v}";

/// The values at the given indexes of lists (KEYS[i] at ARGV[i+1]), each as `item` and its
/// bytes, `big` and its size when over ARGV[1] bytes, or `none`.
const READ_AT: &str = r"
local out = {}
for i, k in ipairs(KEYS) do
  local v = redis.call('LINDEX', k, tonumber(ARGV[i + 1]))
  if not v then
    out[#out + 1] = 'none'; out[#out + 1] = ''
  elseif #v > tonumber(ARGV[1]) then
    out[#out + 1] = 'big'; out[#out + 1] = tostring(#v)
  else
    out[#out + 1] = 'item'; out[#out + 1] = v
  end
end
return out";

/// LRANGE KEYS[1] ARGV[2] ARGV[3], each value over ARGV[1] bytes replaced by its size.
const RANGE: &str = r"
local out = {}
for _, v in ipairs(redis.call('LRANGE', KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))) do
  if #v > tonumber(ARGV[1]) then
    out[#out + 1] = 'big'; out[#out + 1] = tostring(#v)
  else
    out[#out + 1] = 'item'; out[#out + 1] = v
  end
end
return out";

/// Move every item of KEYS[1] to the consuming end of KEYS[2], reading none of them.
const RETURN_ALL: &str = r"
local n = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') do n = n + 1 end
return n";

const HEARTBEAT: &str = r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1";

/// Move a processing list back to the queue unless a lease covers it; -1 when one does.
const RECOVER: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local n = 0
while redis.call('LMOVE', KEYS[2], KEYS[3], 'LEFT', 'RIGHT') do n = n + 1 end
redis.call('SREM', KEYS[4], ARGV[1])
return n";

const FAIL: &str = r"
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local t = redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':t', ARGV[2])
local acc = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('HSETNX', KEYS[1], ARGV[1] .. ':seen', acc)
local seen = tonumber(redis.call('HGET', KEYS[1], ARGV[1] .. ':seen'))
return {n, t, acc - seen}";

/// Park an item for a paused recipient: out of processing, into its parked list (at the back
/// for a new item, at the front for one that was released and paused again), pause extended.
const PARK: &str = r"
redis.call('LREM', KEYS[1], 1, ARGV[1])
if ARGV[2] == 'front' then redis.call('LPUSH', KEYS[2], ARGV[1]) else redis.call('RPUSH', KEYS[2], ARGV[1]) end
redis.call('ZADD', KEYS[3], 'GT', ARGV[3], ARGV[4])
return 1";

/// Release the next parked item whose recipient's pause is over, and hold that recipient for one
/// pair interval; a recipient with nothing parked and a lapsed pause is forgotten.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'lost'} end
local now = tonumber(ARGV[2])
local next_at = nil
for _, to in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local at = tonumber(redis.call('ZSCORE', KEYS[2], to))
  local list = ARGV[4] .. to
  if redis.call('LLEN', list) == 0 then
    if at <= now then redis.call('ZREM', KEYS[2], to) end
  elseif at <= now then
    local v = redis.call('LINDEX', list, 0)
    if #v > tonumber(ARGV[5]) then
      redis.call('LMOVE', list, KEYS[4], 'LEFT', 'LEFT')
      return {'big', tostring(#v)}
    end
    redis.call('LMOVE', list, KEYS[3], 'LEFT', 'LEFT')
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), to)
    return {'item', v}
  elseif next_at == nil or at < next_at then
    next_at = at
  end
end
if next_at then return {'wait', tostring(next_at)} end
return {'none'}";

/// Put every parked item back at the front of the queue, oldest first in line.
const UNPARK: &str = r"
local n = 0
for _, to in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  while redis.call('LMOVE', ARGV[1] .. to, KEYS[2], 'RIGHT', 'RIGHT') do n = n + 1 end
end
return n";

/// Move one dead-letter entry back to the queue (first in line) if it is still there.
const REQUEUE: &str = r"
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[3], ARGV[3] .. ':t', ARGV[3] .. ':seen')
return 1";

/// `tag, value` pairs of [`READ_AT`] and [`RANGE`]: `None` for `none`.
fn bounded_pairs(v: Vec<Vec<u8>>) -> Vec<Option<Bounded>> {
    v.chunks(2)
        .map(|p| {
            let tag = p.first().map(Vec::as_slice).unwrap_or_default();
            let val = p.get(1).cloned().unwrap_or_default();
            match tag {
                b"item" => Some(Bounded::Value(val)),
                b"big" => Some(Bounded::TooLarge(size_of(&val))),
                _ => None,
            }
        })
        .collect()
}

fn size_of(v: &[u8]) -> u64 {
    String::from_utf8_lossy(v).parse().unwrap_or(u64::MAX)
}

fn lua_reply(v: Vec<Vec<u8>>) -> (String, Option<Vec<u8>>) {
    let mut it = v.into_iter();
    let tag = it
        .next()
        .map(|t| String::from_utf8_lossy(&t).into_owned())
        .unwrap_or_default();
    (tag, it.next())
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
        // redis 1.x gives up on an answer after 500 ms by default; a long recovery script or a
        // loaded server needs the same allowance as the connection itself.
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout));
        let conn = tokio::time::timeout(
            timeout,
            client.get_multiplexed_async_connection_with_config(&config),
        )
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

    /// Every drain processing list (by SCAN, so orphans too) and whether a lease covers it.
    pub async fn processing_lists(&self) -> Result<Vec<(String, bool)>, ApiError> {
        let mut c = self.c();
        let prefix = format!("{}:processing:", self.keys.queue);
        let mut cursor: u64 = 0;
        let mut out = Vec::new();
        loop {
            let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(self.keys.processing_pattern())
                .arg("COUNT")
                .arg(1000)
                .query_async(&mut c)
                .await
                .map_err(redis_error)?;
            for k in keys {
                if let Some(id) = k.strip_prefix(&prefix) {
                    if !out.iter().any(|(i, _)| i == id) {
                        out.push((id.to_string(), false));
                    }
                }
            }
            if next == 0 {
                break;
            }
            cursor = next;
        }
        for (id, alive) in out.iter_mut() {
            *alive = c.exists(self.keys.lease(id)).await.map_err(redis_error)?;
        }
        Ok(out)
    }

    pub async fn snapshot(&self) -> Result<Snapshot, ApiError> {
        let k = &self.keys;
        let mut c = self.c();
        let (length, app_processing, dead, oversize, paused): (u64, u64, u64, u64, Vec<String>) =
            redis::pipe()
                .llen(&k.queue)
                .llen(&k.app_processing)
                .llen(&k.dead)
                .llen(k.oversize())
                .zrange(k.paused(), 0, -1)
                .query_async(&mut c)
                .await
                .map_err(redis_error)?;
        let read: Vec<Vec<u8>> = redis::Script::new(READ_AT)
            .key(&k.queue)
            .key(&k.queue)
            .key(&k.dead)
            .arg(MAX_VALUE_BYTES)
            .arg(-1)
            .arg(0)
            .arg(0)
            .invoke_async(&mut c)
            .await
            .map_err(redis_error)?;
        let mut too_large = Vec::new();
        let mut values = bounded_pairs(read).into_iter();
        let mut next = |what: &'static str| match values.next().flatten() {
            Some(Bounded::Value(v)) => Some(v),
            Some(Bounded::TooLarge(n)) => {
                too_large.push((what, n));
                None
            }
            None => None,
        };
        let (oldest, newest, dead_newest) = (
            next("the oldest item"),
            next("the newest item"),
            next("the newest dead letter"),
        );
        let mut snap = Snapshot {
            length,
            oldest,
            newest,
            app_processing,
            dead,
            dead_newest,
            too_large,
            oversize,
            ..Snapshot::default()
        };
        for to in paused {
            let n: u64 = c
                .llen(format!("{}{to}", k.parked_prefix()))
                .await
                .map_err(redis_error)?;
            if n > 0 {
                snap.parked += n;
                snap.parked_recipients += 1;
            }
        }
        let registered: Vec<String> = c.smembers(k.drains()).await.map_err(redis_error)?;
        let mut lists = self.processing_lists().await?;
        for id in registered {
            if !lists.iter().any(|(i, _)| *i == id) {
                let alive: bool = c.exists(k.lease(&id)).await.map_err(redis_error)?;
                lists.push((id, alive));
            }
        }
        for (id, alive) in lists {
            let n: u64 = c.llen(k.processing(&id)).await.map_err(redis_error)?;
            snap.drain_processing += n;
            if alive {
                snap.drains_alive += 1;
            } else if n > 0 {
                snap.drains_dead += 1;
            }
        }
        Ok(snap)
    }

    /// Up to `n` items from the oldest end, oldest first, without taking them (for `--dry-run`).
    pub async fn peek(&self, n: usize) -> Result<Vec<Bounded>, ApiError> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut v = self.range(&self.keys.queue, -(n as i64), -1).await?;
        v.reverse();
        Ok(v)
    }

    /// LRANGE with every value's size checked in Redis first.
    async fn range(&self, key: &str, start: i64, stop: i64) -> Result<Vec<Bounded>, ApiError> {
        let v: Vec<Vec<u8>> = redis::Script::new(RANGE)
            .key(key)
            .arg(MAX_VALUE_BYTES)
            .arg(start)
            .arg(stop)
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(bounded_pairs(v).into_iter().flatten().collect())
    }

    pub async fn length(&self) -> Result<u64, ApiError> {
        self.c().llen(&self.keys.queue).await.map_err(redis_error)
    }

    /// Register a drain and take its lease (the lease holds the drain's id).
    pub async fn register(&self, id: &str, lease: Duration) -> Result<(), ApiError> {
        let mut c = self.c();
        redis::pipe()
            .atomic()
            .sadd(self.keys.drains(), id)
            .ignore()
            .cmd("SET")
            .arg(self.keys.lease(id))
            .arg(id)
            .arg("PX")
            .arg(lease.as_millis() as u64)
            .ignore()
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_error)
    }

    /// Extend the lease; `false` when it is gone (lapsed and perhaps recovered by another drain):
    /// a lapsed lease is never brought back.
    pub async fn heartbeat(&self, id: &str, lease: Duration) -> Result<bool, ApiError> {
        let n: i64 = redis::Script::new(HEARTBEAT)
            .key(self.keys.lease(id))
            .arg(id)
            .arg(lease.as_millis() as u64)
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(n == 1)
    }

    /// Put back the items of every processing list no live lease covers (a crashed, frozen or
    /// unregistered drain); returns how many.
    pub async fn recover_crashed(&self, except: &str) -> Result<u64, ApiError> {
        let mut moved = 0;
        let mut c = self.c();
        let mut ids: Vec<String> = self
            .processing_lists()
            .await?
            .into_iter()
            .filter(|(_, alive)| !alive)
            .map(|(id, _)| id)
            .collect();
        // Registered drains with an empty list and no lease: drop their registration too.
        let registered: Vec<String> = c.smembers(self.keys.drains()).await.map_err(redis_error)?;
        for id in registered {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        for id in ids.iter().filter(|i| i.as_str() != except) {
            let n: i64 = redis::Script::new(RECOVER)
                .key(self.keys.lease(id))
                .key(self.keys.processing(id))
                .key(&self.keys.queue)
                .key(self.keys.drains())
                .arg(id)
                .invoke_async(&mut c)
                .await
                .map_err(redis_error)?;
            moved += n.max(0) as u64;
        }
        Ok(moved)
    }

    /// Move every item of a drain's processing list back to the consuming end of the queue, the
    /// oldest ending up first in line.
    pub async fn return_all(&self, id: &str) -> Result<u64, ApiError> {
        let n: i64 = redis::Script::new(RETURN_ALL)
            .key(self.keys.processing(id))
            .key(&self.keys.queue)
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(n.max(0) as u64)
    }

    /// Take the oldest item into this drain's processing list, if this drain still holds its lease.
    pub async fn take(&self, id: &str) -> Result<Take, ApiError> {
        let v: Vec<Vec<u8>> = redis::Script::new(TAKE)
            .key(self.keys.lease(id))
            .key(&self.keys.queue)
            .key(self.keys.processing(id))
            .key(self.keys.oversize())
            .arg(id)
            .arg(MAX_VALUE_BYTES)
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(match lua_reply(v) {
            (t, Some(v)) if t == "item" => Take::Item(v),
            (t, Some(n)) if t == "big" => Take::TooLarge(size_of(&n)),
            (t, _) if t == "lost" => Take::LeaseLost,
            _ => Take::Empty,
        })
    }

    /// The item was sent: forget it and its attempts, count the acceptance. `false` when it was
    /// no longer ours (another drain recovered it after our lease lapsed), so it may be sent twice.
    pub async fn ack(&self, id: &str, raw: &[u8]) -> Result<bool, ApiError> {
        let d = digest(raw);
        let (n,): (i64,) = redis::pipe()
            .lrem(self.keys.processing(id), 1, raw)
            .hdel(
                self.keys.attempts(),
                &[d.clone(), format!("{d}:t"), format!("{d}:seen")],
            )
            .ignore()
            .incr(self.keys.accepted(), 1)
            .ignore()
            .query_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(n > 0)
    }

    /// Count one failed attempt of this item (kept in Redis across runs).
    pub async fn fail(&self, raw: &[u8], timed_out: bool) -> Result<Attempts, ApiError> {
        let (n, t, acc): (i64, i64, i64) = redis::Script::new(FAIL)
            .key(self.keys.attempts())
            .key(self.keys.accepted())
            .arg(digest(raw))
            .arg(i64::from(timed_out))
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(Attempts {
            count: n.max(0) as u32,
            timeouts: t.max(0) as u32,
            accepted_since: acc.max(0) as u64,
        })
    }

    /// Move an item from this drain's processing list to the dead-letter list with its reason,
    /// in one transaction.
    pub async fn dead_letter(&self, id: &str, raw: &[u8], entry: &str) -> Result<(), ApiError> {
        let d = digest(raw);
        redis::pipe()
            .atomic()
            .lrem(self.keys.processing(id), 1, raw)
            .ignore()
            .lpush(&self.keys.dead, entry)
            .ignore()
            .hdel(
                self.keys.attempts(),
                &[d.clone(), format!("{d}:t"), format!("{d}:seen")],
            )
            .ignore()
            .query_async::<()>(&mut self.c())
            .await
            .map_err(redis_error)
    }

    /// Give one item back to the queue (first in line), in one transaction.
    pub async fn give_back(&self, id: &str, raw: &[u8]) -> Result<(), ApiError> {
        redis::pipe()
            .atomic()
            .lrem(self.keys.processing(id), 1, raw)
            .ignore()
            .rpush(&self.keys.queue, raw)
            .ignore()
            .query_async::<()>(&mut self.c())
            .await
            .map_err(redis_error)
    }

    /// Park an item for a recipient under a pair-rate pause until `until_ms` (Unix ms).
    pub async fn park(
        &self,
        id: &str,
        raw: &[u8],
        to: &str,
        until_ms: u64,
        front: bool,
    ) -> Result<(), ApiError> {
        redis::Script::new(PARK)
            .key(self.keys.processing(id))
            .key(format!("{}{to}", self.keys.parked_prefix()))
            .key(self.keys.paused())
            .arg(raw)
            .arg(if front { "front" } else { "back" })
            .arg(until_ms)
            .arg(to)
            .invoke_async::<()>(&mut self.c())
            .await
            .map_err(redis_error)
    }

    /// Recipients under a pair-rate pause (their new items are parked too, to keep order and pace).
    pub async fn paused(&self) -> Result<Vec<String>, ApiError> {
        self.c()
            .zrange(self.keys.paused(), 0, -1)
            .await
            .map_err(redis_error)
    }

    /// Take the next parked item whose recipient may be sent to again, pacing that recipient
    /// at one item per `interval`.
    pub async fn release(
        &self,
        id: &str,
        now_ms: u64,
        interval: Duration,
    ) -> Result<Release, ApiError> {
        let v: Vec<Vec<u8>> = redis::Script::new(RELEASE)
            .key(self.keys.lease(id))
            .key(self.keys.paused())
            .key(self.keys.processing(id))
            .key(self.keys.oversize())
            .arg(id)
            .arg(now_ms)
            .arg(interval.as_millis() as u64)
            .arg(self.keys.parked_prefix())
            .arg(MAX_VALUE_BYTES)
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(match lua_reply(v) {
            (t, Some(v)) if t == "item" => Release::Item(v),
            (t, Some(n)) if t == "big" => Release::TooLarge(size_of(&n)),
            (t, Some(v)) if t == "wait" => Release::Wait(
                String::from_utf8_lossy(&v)
                    .parse::<f64>()
                    .map(|f| f as u64)
                    .unwrap_or(now_ms),
            ),
            (t, _) if t == "lost" => Release::LeaseLost,
            _ => Release::None,
        })
    }

    /// Put every parked item back in the queue (first in line); the pauses stay.
    pub async fn unpark(&self) -> Result<u64, ApiError> {
        let n: i64 = redis::Script::new(UNPARK)
            .key(self.keys.paused())
            .key(&self.keys.queue)
            .arg(self.keys.parked_prefix())
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(n.max(0) as u64)
    }

    /// Dead-letter entries, newest first; one over [`MAX_VALUE_BYTES`] as its size only.
    pub async fn dead_entries(&self) -> Result<Vec<Bounded>, ApiError> {
        self.range(&self.keys.dead, 0, -1).await
    }

    /// Move one dead-letter entry's item back to the queue (first in line) with a fresh attempt
    /// count; `false` when the entry was gone (another requeue took it).
    pub async fn requeue(&self, entry: &[u8], raw: &[u8]) -> Result<bool, ApiError> {
        let n: i64 = redis::Script::new(REQUEUE)
            .key(&self.keys.dead)
            .key(&self.keys.queue)
            .key(self.keys.attempts())
            .arg(entry)
            .arg(raw)
            .arg(digest(raw))
            .invoke_async(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(n == 1)
    }

    /// Whether any other drain holds a live lease.
    pub async fn others_alive(&self, id: &str) -> Result<bool, ApiError> {
        let mut c = self.c();
        let registered: Vec<String> = c.smembers(self.keys.drains()).await.map_err(redis_error)?;
        for other in registered.iter().filter(|o| o.as_str() != id) {
            let alive: bool = c
                .exists(self.keys.lease(other))
                .await
                .map_err(redis_error)?;
            if alive {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// End a drain: return what it still holds, drop its lease and its registration.
    pub async fn unregister(&self, id: &str) -> Result<u64, ApiError> {
        let n = self.return_all(id).await?;
        redis::pipe()
            .atomic()
            .del(self.keys.lease(id))
            .ignore()
            .srem(self.keys.drains(), id)
            .ignore()
            .query_async::<()>(&mut self.c())
            .await
            .map_err(redis_error)?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_short_stable_hex() {
        assert_eq!(digest(b"abc"), digest(b"abc"));
        assert_ne!(digest(b"abc"), digest(b"abd"));
        assert_eq!(digest(b"\xff\xfe").len(), 32);
    }

    /// A real Redis (REDIS_URL, default 127.0.0.1:6379), under this test's own key prefix.
    #[tokio::test]
    async fn values_over_the_limit_are_reported_and_never_loaded() {
        use crate::queue::{Keys, QueueConfig};
        let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        let q = format!("intops-house-test:{}:oversize", std::process::id());
        let keys = Keys::new(&q, &QueueConfig::default());
        let b = Backlog::connect(&Secret::new(url), keys.clone(), Duration::from_secs(5))
            .await
            .expect("Redis at REDIS_URL or 127.0.0.1:6379");
        let mut c = b.c();
        let all = [
            q.clone(),
            keys.dead.clone(),
            keys.oversize(),
            keys.processing("d1"),
            keys.lease("d1"),
            keys.drains(),
        ];
        let _: () = c.del(&all).await.unwrap();
        let big = vec![b'x'; MAX_VALUE_BYTES as usize + 1];
        let len = big.len() as u64;
        let small = br#"{"to":"+15551234567","text":"hi"}"#.to_vec();
        // The application LPUSHes: the big item is the oldest (at the right).
        let _: () = c.lpush(&q, &big).await.unwrap();
        let _: () = c.lpush(&q, &small).await.unwrap();
        let _: () = c.lpush(&keys.dead, &big).await.unwrap();

        let snap = b.snapshot().await.unwrap();
        assert_eq!(snap.length, 2);
        assert_eq!(snap.oldest, None);
        assert_eq!(snap.newest.as_deref(), Some(small.as_slice()));
        assert_eq!(snap.dead_newest, None);
        assert_eq!(
            snap.too_large,
            vec![("the oldest item", len), ("the newest dead letter", len)]
        );
        assert_eq!(
            b.peek(5).await.unwrap(),
            vec![Bounded::TooLarge(len), Bounded::Value(small.clone())]
        );
        assert_eq!(
            b.dead_entries().await.unwrap(),
            vec![Bounded::TooLarge(len)]
        );

        // A drain moves the big item, unread and unchanged, out of the way and goes on.
        b.register("d1", Duration::from_secs(30)).await.unwrap();
        assert_eq!(b.take("d1").await.unwrap(), Take::TooLarge(len));
        let moved: Vec<Vec<u8>> = c.lrange(keys.oversize(), 0, -1).await.unwrap();
        assert_eq!(moved, vec![big.clone()]);
        assert_eq!(b.take("d1").await.unwrap(), Take::Item(small.clone()));
        assert_eq!(b.snapshot().await.unwrap().oversize, 1);
        // Giving items back reads none of them.
        assert_eq!(b.unregister("d1").await.unwrap(), 1);
        assert_eq!(b.peek(5).await.unwrap(), vec![Bounded::Value(small)]);
        let _: () = c.del(&all).await.unwrap();
    }
}
