//! One queue item as the application writes it, and the WhatsApp message it becomes.
//!
//! Accepted: a JSON object with `to` (string or number) and one of
//! - `text` (string, or `{"body": ...}`), `body` or `message`: a text message;
//! - `template`: a name, or `{"name", "language" (code or {"code"}), "components"}`;
//! - `type` plus the object of that name (`{"type":"image","image":{...}}`): sent as given.
//!
//! Optional: `id` (sent as `biz_opaque_callback_data` so webhooks can be matched), `enqueued_at`,
//! `timestamp` or `created_at` (RFC 3339, or Unix seconds / milliseconds) for the backlog age.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: Option<String>,
    pub to: String,
    /// The Graph `POST /{phone-number-id}/messages` body.
    pub message: Value,
}

/// Why an item cannot be sent: the reason goes into the dead-letter entry. Items are bytes as
/// Redis holds them; anything that is not UTF-8 JSON is malformed, never an error of the drain.
pub fn parse(raw: &[u8]) -> Result<Item, String> {
    let text = std::str::from_utf8(raw).map_err(|e| {
        format!(
            "not UTF-8: byte 0x{:02X} at offset {}",
            raw[e.valid_up_to()],
            e.valid_up_to()
        )
    })?;
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("not a JSON object but {}", kind(&v)))?;
    let to = match obj.get("to") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err("`to` is empty or not a string".into()),
        None => return Err("missing `to`".into()),
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut msg = Map::new();
    msg.insert("messaging_product".into(), "whatsapp".into());
    msg.insert("recipient_type".into(), "individual".into());
    msg.insert("to".into(), to.clone().into());
    if let Some(ty) = obj.get("type").and_then(Value::as_str) {
        if let Some(payload) = obj.get(ty).filter(|p| p.is_object()) {
            msg.insert("type".into(), ty.into());
            msg.insert(ty.into(), payload.clone());
            return Ok(finish(id, to, msg));
        }
    }
    if let Some(t) = obj.get("template") {
        let template = match t {
            Value::String(name) => json!({"name": name, "language": {"code": "en_US"}}),
            Value::Object(m) => {
                let name = m
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or("`template` has no `name`")?;
                let lang = match m.get("language") {
                    Some(Value::String(c)) => json!({"code": c}),
                    Some(l @ Value::Object(_)) => l.clone(),
                    _ => json!({"code": "en_US"}),
                };
                let mut tpl = json!({"name": name, "language": lang});
                if let Some(c) = m.get("components") {
                    tpl["components"] = c.clone();
                }
                tpl
            }
            _ => return Err("`template` is neither a name nor an object".into()),
        };
        msg.insert("type".into(), "template".into());
        msg.insert("template".into(), template);
        return Ok(finish(id, to, msg));
    }
    let text = match obj.get("text") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(m)) => m.get("body").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
    .or_else(|| obj.get("body").and_then(Value::as_str).map(str::to_string))
    .or_else(|| {
        obj.get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    match text {
        Some(t) if !t.is_empty() => {
            msg.insert("type".into(), "text".into());
            msg.insert("text".into(), json!({"body": t, "preview_url": false}));
            Ok(finish(id, to, msg))
        }
        _ => Err("no `text`, `body`, `message`, `template` or typed payload to send".into()),
    }
}

fn finish(id: Option<String>, to: String, mut msg: Map<String, Value>) -> Item {
    if let Some(i) = &id {
        msg.insert("biz_opaque_callback_data".into(), i.clone().into());
    }
    Item {
        id,
        to,
        message: Value::Object(msg),
    }
}

/// The item as it goes into a dead-letter entry: its text, and its exact bytes (base64) when it
/// is not UTF-8, so `queue requeue-dead` can put back exactly what was taken.
pub fn to_entry_fields(raw: &[u8]) -> (String, Option<String>) {
    use base64::Engine;
    match std::str::from_utf8(raw) {
        Ok(s) => (s.to_string(), None),
        Err(_) => (
            String::from_utf8_lossy(raw).into_owned(),
            Some(base64::engine::general_purpose::STANDARD.encode(raw)),
        ),
    }
}

/// The item bytes a dead-letter entry holds (see [`to_entry_fields`]).
pub fn from_entry(entry: &Value) -> Option<Vec<u8>> {
    use base64::Engine;
    if let Some(b) = entry.get("item_base64").and_then(Value::as_str) {
        return base64::engine::general_purpose::STANDARD.decode(b).ok();
    }
    entry
        .get("item")
        .and_then(Value::as_str)
        .map(|s| s.as_bytes().to_vec())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// When the item was queued, from `enqueued_at`, `timestamp` or `created_at`.
pub fn enqueued_at(raw: &[u8]) -> Option<DateTime<Utc>> {
    let v: Value = serde_json::from_slice(raw).ok()?;
    ["enqueued_at", "timestamp", "created_at", "queued_at"]
        .iter()
        .find_map(|k| v.get(*k).and_then(parse_time))
}

fn parse_time(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| s.parse::<f64>().ok().and_then(from_number)),
        Value::Number(n) => n.as_f64().and_then(from_number),
        _ => None,
    }
}

/// Unix seconds, milliseconds or microseconds, told apart by size.
fn from_number(n: f64) -> Option<DateTime<Utc>> {
    let ms = if n < 1e11 {
        n * 1000.0
    } else if n < 1e14 {
        n
    } else {
        n / 1000.0
    };
    Utc.timestamp_millis_opt(ms as i64).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_items_in_every_accepted_spelling() {
        for raw in [
            r#"{"to":"+15550100001","text":"hi"}"#,
            r#"{"to":"+15550100001","text":{"body":"hi"}}"#,
            r#"{"to":"+15550100001","body":"hi"}"#,
            r#"{"to":"+15550100001","message":"hi"}"#,
        ] {
            let it = parse(raw.as_bytes()).unwrap();
            assert_eq!(it.message["type"], "text", "{raw}");
            assert_eq!(it.message["text"]["body"], "hi", "{raw}");
            assert_eq!(it.message["messaging_product"], "whatsapp");
        }
    }

    #[test]
    fn template_by_name_or_object_and_id_travels_as_callback_data() {
        let it = parse(br#"{"id":"m-1","to":15550100001,"template":"hello_world"}"#).unwrap();
        assert_eq!(it.to, "15550100001");
        assert_eq!(it.message["template"]["language"]["code"], "en_US");
        assert_eq!(it.message["biz_opaque_callback_data"], "m-1");
        let it = parse(
            br#"{"to":"+1555","template":{"name":"otp","language":"pt_BR","components":[{"type":"body"}]}}"#,
        )
        .unwrap();
        assert_eq!(it.message["template"]["language"]["code"], "pt_BR");
        assert_eq!(it.message["template"]["components"][0]["type"], "body");
    }

    #[test]
    fn typed_payload_is_sent_as_given() {
        let it =
            parse(br#"{"to":"+1555","type":"image","image":{"link":"https://x/y.png"}}"#).unwrap();
        assert_eq!(it.message["image"]["link"], "https://x/y.png");
    }

    #[test]
    fn malformed_items_say_why() {
        assert!(parse(b"not json").unwrap_err().starts_with("not JSON"));
        assert_eq!(parse(br#"{"text":"hi"}"#).unwrap_err(), "missing `to`");
        assert!(parse(b"[1]").unwrap_err().contains("an array"));
        assert!(parse(br#"{"to":"+1555"}"#)
            .unwrap_err()
            .contains("no `text`"));
        assert!(parse(br#"{"to":"","text":"x"}"#)
            .unwrap_err()
            .contains("empty"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_malformed_and_kept_exactly() {
        let raw = b"{\"id\":\"x\",\"to\":\"+1\",\"text\":\"caf\xe9\"}";
        assert_eq!(parse(raw).unwrap_err(), "not UTF-8: byte 0xE9 at offset 31");
        let (text, b64) = to_entry_fields(raw);
        assert!(text.contains("caf\u{fffd}"));
        let entry = json!({"item": text, "item_base64": b64});
        assert_eq!(from_entry(&entry).unwrap(), raw.to_vec());
        assert_eq!(from_entry(&json!({"item": "{}"})).unwrap(), b"{}".to_vec());
    }

    #[test]
    fn timestamps_in_seconds_millis_or_rfc3339() {
        let want = Utc.with_ymd_and_hms(2026, 11, 24, 3, 0, 0).unwrap();
        let secs = want.timestamp();
        assert_eq!(
            enqueued_at(format!(r#"{{"timestamp":{secs}}}"#).as_bytes()),
            Some(want)
        );
        assert_eq!(
            enqueued_at(format!(r#"{{"enqueued_at":{}}}"#, secs * 1000).as_bytes()),
            Some(want)
        );
        assert_eq!(
            enqueued_at(br#"{"created_at":"2026-11-24T03:00:00Z"}"#),
            Some(want)
        );
        assert_eq!(enqueued_at(br#"{"to":"x"}"#), None);
    }
}
