//! One request, built with the constructors; providers never touch reqwest directly.

use crate::redact::redact;
use bytes::Bytes;
use reqwest::Method;
use serde_json::Value;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Raw { content_type: String, bytes: Bytes },
}

/// How `Req::fields` sends its pairs when the method has a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldBody {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// A JSON object of strings.
    Json,
}

/// One request. Build it with the constructors; providers never touch reqwest directly.
#[derive(Debug, Clone)]
pub struct Req {
    pub vendor: &'static str,
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    idempotent: Option<bool>,
    /// Never print the response body in traces (ElevenLabs `GET /v1/user` returns the raw key).
    pub sensitive_response: bool,
    /// Allow a non-GET under `--dry-run` (read-only POSTs such as RETS searches or OAuth token calls
    /// a command explicitly wants).
    pub read_only: bool,
    pub timeout: Option<Duration>,
    pub no_retry: bool,
}

impl Req {
    pub fn new(vendor: &'static str, method: Method, url: Url) -> Self {
        Req {
            vendor,
            method,
            url,
            headers: Vec::new(),
            body: Body::None,
            idempotent: None,
            sensitive_response: false,
            read_only: false,
            timeout: None,
            no_retry: false,
        }
    }
    pub fn get(vendor: &'static str, url: Url) -> Self {
        Self::new(vendor, Method::GET, url)
    }
    pub fn post(vendor: &'static str, url: Url) -> Self {
        Self::new(vendor, Method::POST, url)
    }
    pub fn delete(vendor: &'static str, url: Url) -> Self {
        Self::new(vendor, Method::DELETE, url)
    }
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }
    pub fn bearer(self, token: &crate::secrets::Secret) -> Self {
        self.header("Authorization", format!("Bearer {}", token.expose()))
    }
    pub fn query(mut self, key: &str, value: impl AsRef<str>) -> Self {
        self.url.query_pairs_mut().append_pair(key, value.as_ref());
        self
    }
    pub fn json(mut self, v: Value) -> Self {
        self.body = Body::Json(v);
        self
    }
    pub fn form(mut self, pairs: Vec<(String, String)>) -> Self {
        self.body = Body::Form(pairs);
        self
    }
    /// Name=value pairs given on the command line (the `api` escape hatch): in the query for GET
    /// and DELETE, otherwise, when there are any, in a form or JSON body as the vendor expects.
    pub fn fields(mut self, fields: &[(String, String)], body: FieldBody) -> Self {
        if self.method == Method::GET || self.method == Method::DELETE {
            for (k, v) in fields {
                self = self.query(k, v);
            }
        } else if !fields.is_empty() {
            self = match body {
                FieldBody::Form => self.form(fields.to_vec()),
                FieldBody::Json => self.json(Value::Object(
                    fields
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                )),
            };
        }
        self
    }
    pub fn raw(mut self, content_type: &str, bytes: impl Into<Bytes>) -> Self {
        self.body = Body::Raw {
            content_type: content_type.into(),
            bytes: bytes.into(),
        };
        self
    }
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = Some(yes);
        self
    }
    pub fn sensitive_response(mut self) -> Self {
        self.sensitive_response = true;
        self
    }
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }
    pub fn no_retry(mut self) -> Self {
        self.no_retry = true;
        self
    }
    pub(super) fn is_idempotent(&self) -> bool {
        self.idempotent.unwrap_or(matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        ))
    }
    /// What `--dry-run` prints: method, URL and body, redacted.
    pub fn describe(&self) -> String {
        let mut s = format!("{} {}", self.method, self.url);
        match &self.body {
            Body::None => {}
            Body::Json(v) => s.push_str(&format!(" {v}")),
            Body::Form(p) => {
                let enc: String = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(p.iter())
                    .finish();
                s.push_str(&format!(" {}", crate::redact::redact_form(&enc)));
            }
            Body::Raw {
                content_type,
                bytes,
            } => s.push_str(&format!(" [{content_type}, {} bytes]", bytes.len())),
        }
        redact(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_go_in_the_query_or_the_body_by_method() {
        let url = Url::parse("http://x.test/p").unwrap();
        let f = vec![("a".to_string(), "1".to_string()), ("b".into(), "2".into())];
        for m in [Method::GET, Method::DELETE] {
            let r = Req::new("t", m, url.clone()).fields(&f, FieldBody::Json);
            assert_eq!(r.url.query(), Some("a=1&b=2"));
            assert!(matches!(r.body, Body::None));
        }
        let r = Req::post("t", url.clone()).fields(&f, FieldBody::Form);
        assert_eq!(r.url.query(), None);
        assert!(matches!(&r.body, Body::Form(p) if *p == f));
        let r = Req::new("t", Method::PATCH, url.clone()).fields(&f, FieldBody::Json);
        assert!(matches!(&r.body, Body::Json(v) if *v == serde_json::json!({"a": "1", "b": "2"})));
        let r = Req::post("t", url).fields(&[], FieldBody::Json);
        assert!(matches!(r.body, Body::None));
    }
}
