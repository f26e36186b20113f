//! Deserializers for vendor quirks shared by several providers.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An id that a vendor prints as a string or as a number.
pub fn id_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A number that may come as a string ("1749416383").
pub fn i64_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `true` or `"true"` (Meta's guides print both).
pub fn loose_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Bool(b)) => b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    })
}

/// A required number that may come as a string; anything else (null, text, a missing field) is
/// an error, so an answer without it is unreadable rather than zero.
pub fn i64_req<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| D::Error::custom(format!("{n} is not a whole number"))),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("{s:?} is not a number"))),
        other => Err(D::Error::custom(format!(
            "invalid type: {}, expected a number",
            match other {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Array(_) => "sequence",
                Value::Object(_) => "map",
                _ => "value",
            }
        ))),
    }
}

/// A required `true` / `"true"` / `false` / `"false"`: a missing or null flag is an error, not
/// `false` (a verdict made of it would be invented).
pub fn loose_bool_req<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Bool(b) => Ok(b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(D::Error::custom(format!(
            "invalid type: {other}, expected a boolean"
        ))),
    }
}

/// A field shown to the engineer and never judged: whatever shape the vendor uses (a string, a
/// number, an object such as Zoho CRM v8's `time_zone`), it becomes text and never fails the
/// answer. Objects show their `name`, `display_value`, `value` or `id`, else compact JSON.
pub fn display_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Object(m)) => ["name", "display_value", "value", "id"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str).map(str::to_string))
            .or_else(|| Some(Value::Object(m).to_string())),
        Some(other) => Some(other.to_string()),
    })
}
