//! How much of an answer intops reads. Every body is read with a limit: a vendor (or a proxy, or a
//! wrong base URL) that sends 20 MB or an endless stream gets one clear error instead of all of
//! the memory. A larger answer is `unknown` (an answer intops cannot judge), not `crit`: a vendor
//! that answers garbage is not down.
//!
//! The defaults are a few times the largest answer each API sends for the calls intops makes; the
//! config file raises or lowers them per profile:
//! ```toml
//! [default.body_limits]
//! default = "2 MiB"
//! rets = "32 MiB"
//! ```

use crate::error::{ApiError, Cause};
use bytes::{Bytes, BytesMut};
use serde::Deserialize;
use std::collections::BTreeMap;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// Built-in limits per vendor (the `vendor` of a request).
const DEFAULTS: &[(&str, u64)] = &[
    // Graph answers are paged (25-100 items); a debug_token or phone list is a few KiB.
    ("meta", 2 * MIB),
    ("zoho", 2 * MIB),
    ("calendly", 2 * MIB),
    // Conversation details carry a transcript.
    ("elevenlabs", 4 * MIB),
    // METADATA-SYSTEM and one-row searches; some servers pad with whitespace.
    ("rets", 8 * MIB),
    ("reso", 4 * MIB),
    // Statuspage summary.json of a large page is a few hundred KiB.
    ("status", MIB),
    ("prometheus", MIB),
    // Slack answers `ok` or an error code.
    ("slack", 64 * KIB),
    // Our own webhook endpoint answers a challenge.
    ("callback", 64 * KIB),
];

/// For vendors not in the table.
const FALLBACK: u64 = 2 * MIB;

/// A size in the config file: bytes, or a string with a unit (`"512 KiB"`, `"8MiB"`, `"1 MB"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(Size(n)),
            Raw::S(s) => parse_size(&s).map(Size).map_err(serde::de::Error::custom),
        }
    }
}

/// `"8 MiB"` -> 8388608. Units: B, KB/KiB, MB/MiB, GB/GiB (KB and KiB both mean 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 4194304, \"512 KiB\", \"8 MiB\")"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        other => {
            return Err(format!(
                "{s:?}: unknown unit {other:?} (use KiB, MiB or GiB)"
            ))
        }
    };
    n.checked_mul(mult)
        .filter(|b| *b > 0)
        .ok_or_else(|| format!("{s:?} is not a usable size"))
}

/// The limits in force: the built-in table with the profile's `[body_limits]` over it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BodyLimits {
    #[serde(flatten)]
    configured: BTreeMap<String, Size>,
}

impl BodyLimits {
    /// The limit for `vendor`'s answers, in bytes.
    pub fn for_vendor(&self, vendor: &str) -> u64 {
        if let Some(Size(n)) = self.configured.get(vendor) {
            return *n;
        }
        if let Some((_, n)) = DEFAULTS.iter().find(|(v, _)| *v == vendor) {
            return *n;
        }
        self.configured
            .get("default")
            .map(|s| s.0)
            .unwrap_or(FALLBACK)
    }
}

/// Human size for messages: `2 MiB`, `64 KiB`, `900 bytes`.
pub fn human(n: u64) -> String {
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else if n >= KIB {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// The error for an answer over the limit.
pub fn too_large(
    vendor: &'static str,
    host: &str,
    status: u16,
    limit: u64,
    declared: Option<u64>,
) -> ApiError {
    let size = match declared {
        Some(n) => format!("it announced {}", human(n)),
        None => "it kept sending".to_string(),
    };
    ApiError::new(
        vendor,
        Cause::Malformed,
        format!(
            "the answer from {host} is larger than the {} intops reads from {vendor} ({size}): not an answer this API sends",
            human(limit)
        ),
    )
    .http(status)
    .hint(format!(
        "check that the {vendor} base URL points at the vendor's API (a proxy or download page?); if the answer is really this large, raise it in config.toml: [PROFILE.body_limits] {vendor} = \"{}\"",
        human(limit.saturating_mul(4))
    ))
}

/// Read a whole body, stopping at `limit` bytes.
pub(super) async fn read_body(
    mut resp: reqwest::Response,
    limit: u64,
    vendor: &'static str,
    host: &str,
) -> Result<Result<Bytes, ApiError>, reqwest::Error> {
    let status = resp.status().as_u16();
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Ok(Err(too_large(vendor, host, status, limit, declared)));
    }
    let mut buf = BytesMut::with_capacity(declared.unwrap_or(8 * KIB).min(limit) as usize);
    while let Some(chunk) = resp.chunk().await? {
        if buf.len() as u64 + chunk.len() as u64 > limit {
            return Ok(Err(too_large(vendor, host, status, limit, None)));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Ok(buf.freeze()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("512 KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("8MiB"), Ok(8 * MIB));
        assert_eq!(parse_size(" 1 mb "), Ok(MIB));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("99999999999999 GiB").is_err());
    }

    #[test]
    fn configured_limits_override_the_table() {
        let l: BodyLimits = toml::from_str("rets = \"32 MiB\"\ndefault = 1024").unwrap();
        assert_eq!(l.for_vendor("rets"), 32 * MIB);
        assert_eq!(l.for_vendor("meta"), 2 * MIB);
        assert_eq!(l.for_vendor("t"), 1024);
        assert_eq!(BodyLimits::default().for_vendor("t"), FALLBACK);
    }
}
