//! A small OpenAPI 3 request checker: finds the operation a recorded request belongs to (method and
//! path template) and checks its path, query, header parameters and JSON body against the spec.
//!
//! Written for the specs kept in tests/contract/specs/, not for OpenAPI in general:
//! - `$ref` is resolved inside the same document only;
//! - `allOf` members are merged (properties, required, additionalProperties) before checking, as
//!   Meta's `TextMessage` = `BaseMessageProperties` + `{additionalProperties: false}` means;
//! - `oneOf`/`anyOf` pass when one branch passes; a `discriminator.mapping` picks the branch;
//! - query and path values are strings on the wire and are read as the schema's type.

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use url::Url;

/// Path parameters by name, as matched from a template.
pub type Params = Vec<(String, String)>;

pub struct Spec {
    pub name: String,
    doc: Value,
}

/// One recorded request, as the fake received it.
pub struct Recorded {
    pub method: String,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl From<&wiremock::Request> for Recorded {
    fn from(r: &wiremock::Request) -> Self {
        Recorded {
            method: r.method.to_string(),
            url: r.url.clone(),
            headers: r
                .headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
                .collect(),
            body: r.body.clone(),
        }
    }
}

impl Spec {
    pub fn load(rel: &str) -> Spec {
        let path = format!("{}/tests/contract/specs/{rel}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Spec {
            name: rel.to_string(),
            doc: serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")),
        }
    }

    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// The operation object at `method` `template`.
    pub fn operation(&self, method: &str, template: &str) -> &Value {
        self.doc
            .pointer(&format!(
                "/paths/{}/{}",
                template.replace('~', "~0").replace('/', "~1"),
                method.to_ascii_lowercase()
            ))
            .unwrap_or_else(|| panic!("{}: no {method} {template}", self.name))
    }

    /// The template that `path` (below the API root) matches for `method`, with its parameters.
    pub fn route(&self, method: &str, path: &str) -> Option<(String, Params)> {
        let method = method.to_ascii_lowercase();
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut best: Option<(usize, String, Params)> = None;
        for (template, item) in self.doc["paths"].as_object()? {
            if item.get(&method).is_none() {
                continue;
            }
            let tsegs: Vec<&str> = template.trim_start_matches('/').split('/').collect();
            if tsegs.len() != segs.len() {
                continue;
            }
            let mut params = Vec::new();
            let mut literals = 0;
            let ok = tsegs.iter().zip(&segs).all(|(t, s)| {
                if t.starts_with('{') && t.ends_with('}') {
                    params.push((t[1..t.len() - 1].to_string(), pct_decode(s)));
                    !s.is_empty()
                } else {
                    literals += 1;
                    t == s
                }
            });
            // The most literal template wins: `/{WABA-ID}/phone_numbers` over `/{A}/{B}`.
            if ok && best.as_ref().is_none_or(|(n, _, _)| literals > *n) {
                best = Some((literals, template.clone(), params));
            }
        }
        best.map(|(_, t, p)| (t, p))
    }

    /// Every way `req` breaks its operation. `root` is the path prefix of the API root on the fake
    /// (e.g. "" or "/crm"); `extra_query` names parameters the vendor documents elsewhere (Meta's
    /// `appsecret_proof`).
    pub fn check(&self, req: &Recorded, root: &str, extra_query: &[&str]) -> Vec<String> {
        let mut problems = Vec::new();
        let path = req.url.path().strip_prefix(root).unwrap_or(req.url.path());
        let Some((template, path_values)) = self.route(&req.method, path) else {
            return vec![format!(
                "{} {path}: no operation in {} has this method and path",
                req.method, self.name
            )];
        };
        let at = format!("{} {template}", req.method);
        let op = self.operation(&req.method, &template);
        let item = self.doc.pointer(&format!(
            "/paths/{}",
            template.replace('~', "~0").replace('/', "~1")
        ));
        let mut params: Vec<Value> = item
            .and_then(|i| i.get("parameters"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        params.extend(op["parameters"].as_array().cloned().unwrap_or_default());
        let params: Vec<Value> = params.iter().map(|p| self.resolve(p).clone()).collect();

        let query: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut declared = BTreeSet::new();
        for p in &params {
            let name = p["name"].as_str().unwrap_or_default();
            let required = p["required"].as_bool().unwrap_or(false);
            let schema = &p["schema"];
            let values: Vec<String> = match p["in"].as_str() {
                Some("path") => path_values
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                Some("query") => {
                    declared.insert(name.to_string());
                    query
                        .iter()
                        .filter(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .collect()
                }
                Some("header") => req
                    .headers
                    .iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
                    .collect(),
                _ => continue,
            };
            if values.is_empty() && required {
                problems.push(format!(
                    "{at}: required {} parameter `{name}` is missing",
                    p["in"].as_str().unwrap_or("?")
                ));
            }
            for v in values {
                let typed = self.typed(schema, &v);
                for e in self.validate(
                    schema,
                    &typed,
                    &format!("{} `{name}`", p["in"].as_str().unwrap_or("?")),
                ) {
                    problems.push(format!("{at}: {e}"));
                }
            }
        }
        for (k, _) in &query {
            if !declared.contains(k) && !extra_query.contains(&k.as_str()) {
                problems.push(format!("{at}: query parameter `{k}` is not in the spec"));
            }
        }

        let body = op.get("requestBody").map(|b| self.resolve(b));
        match body {
            None if !req.body.is_empty() => {
                problems.push(format!("{at}: sends a body the operation does not take"))
            }
            None => {}
            Some(b) => {
                if req.body.is_empty() {
                    if b["required"].as_bool().unwrap_or(false) {
                        problems.push(format!("{at}: the required body is missing"));
                    }
                } else {
                    let ctype = req
                        .headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                        .map(|(_, v)| v.split(';').next().unwrap_or("").trim().to_string())
                        .unwrap_or_default();
                    match b["content"].get(&ctype) {
                        None => problems.push(format!(
                            "{at}: body sent as `{ctype}`, the spec takes {:?}",
                            b["content"]
                                .as_object()
                                .map(|m| m.keys().collect::<Vec<_>>())
                        )),
                        Some(media) if ctype == "application/json" => {
                            match serde_json::from_slice::<Value>(&req.body) {
                                Ok(v) => {
                                    for e in self.validate(&media["schema"], &v, "body") {
                                        problems.push(format!("{at}: {e}"));
                                    }
                                }
                                Err(e) => problems.push(format!("{at}: body is not JSON: {e}")),
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        problems
    }

    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) if r.starts_with("#/") => {
                    v = self
                        .doc
                        .pointer(&r[1..])
                        .unwrap_or_else(|| panic!("{}: dangling {r}", self.name));
                }
                _ => return v,
            }
        }
        v
    }

    /// A wire string read as the schema's type (an integer query value is checked as a number).
    fn typed(&self, schema: &Value, raw: &str) -> Value {
        let s = self.resolve(schema);
        let mut types = types_of(s);
        for key in ["anyOf", "oneOf", "allOf"] {
            for b in s[key].as_array().into_iter().flatten() {
                types.extend(types_of(self.resolve(b)));
            }
        }
        if types.iter().any(|t| t == "integer" || t == "number") {
            if let Ok(n) = raw.parse::<i64>() {
                return Value::from(n);
            }
            if let Ok(f) = raw.parse::<f64>() {
                return Value::from(f);
            }
        }
        if types.iter().any(|t| t == "boolean") && (raw == "true" || raw == "false") {
            return Value::Bool(raw == "true");
        }
        Value::String(raw.to_string())
    }

    /// JSON-schema-ish validation; every problem names where it is.
    pub fn validate(&self, schema: &Value, v: &Value, at: &str) -> Vec<String> {
        let s = self.resolve(schema);
        let mut out = Vec::new();
        if s.get("allOf").is_some() {
            let merged = self.merge_all_of(s);
            return self.validate(&merged, v, at);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = s[key].as_array() {
                let mapped = s
                    .pointer("/discriminator/propertyName")
                    .and_then(Value::as_str)
                    .and_then(|p| v.get(p))
                    .and_then(Value::as_str)
                    .and_then(|d| s.pointer(&format!("/discriminator/mapping/{d}")));
                if let Some(target) = mapped {
                    // A mapping value is a reference string, not a schema.
                    let target = match target {
                        Value::String(r) => serde_json::json!({ "$ref": r }),
                        other => other.clone(),
                    };
                    out.extend(self.validate(&target, v, at));
                } else {
                    let results: Vec<Vec<String>> =
                        branches.iter().map(|b| self.validate(b, v, at)).collect();
                    if !results.iter().any(Vec::is_empty) {
                        out.push(format!(
                            "{at}: matches none of the {key} branches ({})",
                            results
                                .iter()
                                .map(|r| r.join("; "))
                                .collect::<Vec<_>>()
                                .join(" | ")
                        ));
                    }
                }
            }
        }
        if v.is_null() && s["nullable"].as_bool() == Some(true) {
            return out;
        }
        let types = types_of(s);
        if !types.is_empty() && !types.iter().any(|t| type_matches(t, v)) {
            out.push(format!(
                "{at}: {} is not of type {}",
                short(v),
                types.join("|")
            ));
            return out;
        }
        if let Some(allowed) = s["enum"].as_array() {
            if !allowed.contains(v) {
                out.push(format!(
                    "{at}: {} is not one of {}",
                    short(v),
                    Value::from(allowed.clone())
                ));
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = s["minimum"].as_f64() {
                if n < min {
                    out.push(format!("{at}: {n} is below the minimum {min}"));
                }
            }
            if let Some(max) = s["maximum"].as_f64() {
                if n > max {
                    out.push(format!("{at}: {n} is above the maximum {max}"));
                }
            }
        }
        if let Some(text) = v.as_str() {
            if let Some(p) = s["pattern"].as_str() {
                let re = regex::Regex::new(p).unwrap_or_else(|e| panic!("{at}: pattern {p}: {e}"));
                if !re.is_match(text) {
                    out.push(format!("{at}: {text:?} does not match {p}"));
                }
            }
            if s["format"].as_str() == Some("uri") && Url::parse(text).is_err() {
                out.push(format!("{at}: {text:?} is not a URI"));
            }
        }
        if let Some(obj) = v.as_object() {
            for r in s["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap_or_default();
                if !obj.contains_key(r) {
                    out.push(format!("{at}: required `{r}` is missing"));
                }
            }
            let props = s["properties"].as_object();
            for (k, val) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => out.extend(self.validate(ps, val, &format!("{at}.{k}"))),
                    None if s["additionalProperties"] == Value::Bool(false) => {
                        out.push(format!("{at}: `{k}` is not allowed here"))
                    }
                    None => {
                        if let Some(extra) = s["additionalProperties"].as_object() {
                            out.extend(self.validate(
                                &Value::Object(extra.clone()),
                                val,
                                &format!("{at}.{k}"),
                            ));
                        }
                    }
                }
            }
        }
        if let Some(items) = v.as_array() {
            if let Some(item_schema) = s.get("items") {
                for (i, it) in items.iter().enumerate() {
                    out.extend(self.validate(item_schema, it, &format!("{at}[{i}]")));
                }
            }
            if s["uniqueItems"].as_bool() == Some(true) {
                let distinct: BTreeSet<String> = items.iter().map(Value::to_string).collect();
                if distinct.len() != items.len() {
                    out.push(format!("{at}: items are not unique"));
                }
            }
        }
        out
    }

    /// `allOf` flattened into one schema: properties and required are united; a member's
    /// `additionalProperties: false` then applies to the united property set.
    fn merge_all_of(&self, s: &Value) -> Value {
        let mut props = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut rest = Map::new();
        let mut members = vec![s.clone()];
        while let Some(m) = members.pop() {
            let m = self.resolve(&m).clone();
            for part in m["allOf"].as_array().into_iter().flatten() {
                members.push(part.clone());
            }
            if let Some(p) = m["properties"].as_object() {
                for (k, v) in p {
                    props.entry(k.clone()).or_insert(v.clone());
                }
            }
            required.extend(m["required"].as_array().cloned().unwrap_or_default());
            for (k, v) in m.as_object().into_iter().flatten() {
                if !matches!(k.as_str(), "allOf" | "properties" | "required") {
                    rest.insert(k.clone(), v.clone());
                }
            }
        }
        rest.insert("properties".into(), Value::Object(props));
        rest.insert("required".into(), Value::Array(required));
        Value::Object(rest)
    }
}

fn types_of(s: &Value) -> Vec<String> {
    match &s["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts
            .iter()
            .filter_map(|t| t.as_str().map(String::from))
            .collect(),
        _ => vec![],
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 80 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(80).map(|(i, _)| i).unwrap_or(s.len())]
        )
    } else {
        s
    }
}

fn pct_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// Every problem of every recorded request; none may be left unchecked.
pub fn check_all(
    spec: &Spec,
    reqs: &[wiremock::Request],
    root: &str,
    extra_query: &[&str],
) -> Vec<String> {
    reqs.iter()
        .flat_map(|r| spec.check(&Recorded::from(r), root, extra_query))
        .collect()
}

#[test]
fn the_checker_catches_what_it_should() {
    // The checker itself must be able to fail: a spec with one operation, and requests that break
    // it in each way the contract tests rely on.
    let spec = Spec {
        name: "inline".into(),
        doc: serde_json::json!({"paths": {"/v1/{id}/items": {"post": {
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]+$"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                {"name": "scope", "in": "query", "required": true, "schema": {"type": "string", "enum": ["a", "b"]}}
            ],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "discriminator": {"propertyName": "kind", "mapping": {"t": "#/components/schemas/T"}},
                "oneOf": [{"$ref": "#/components/schemas/T"}],
                "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "additionalProperties": false, "required": ["lang"],
                 "properties": {"lang": {"type": "object", "required": ["policy", "code"],
                     "properties": {"policy": {"enum": ["deterministic"]}, "code": {"type": "string"}}}}}
            ]}}}}
        }}}, "components": {"schemas": {
            "Base": {"type": "object", "required": ["to"], "properties": {"to": {"type": "string"}}},
            "T": {"type": "object", "properties": {"kind": {"type": "string"}, "n": {"type": "integer"}}}
        }}}),
    };
    let req = |path: &str, body: &str| Recorded {
        method: "POST".into(),
        url: Url::parse(&format!("http://x{path}")).unwrap(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    };
    let good = r#"{"to":"1","lang":{"policy":"deterministic","code":"en"}}"#;
    assert_eq!(
        spec.check(&req("/v1/12/items?scope=a&limit=5", good), "", &[]),
        Vec::<String>::new()
    );
    let bad = [
        ("/v1/ab/items?scope=a", good, "does not match"),
        ("/v1/12/items", good, "required query parameter `scope`"),
        ("/v1/12/items?scope=c", good, "is not one of"),
        ("/v1/12/items?scope=a&limit=500", good, "above the maximum"),
        ("/v1/12/items?scope=a&x=1", good, "`x` is not in the spec"),
        (
            "/v1/12/items?scope=a",
            r#"{"to":"1","lang":{"code":"en"}}"#,
            "required `policy`",
        ),
        (
            "/v1/12/items?scope=a",
            r#"{"to":1,"lang":{"policy":"deterministic","code":"en"}}"#,
            "not of type string",
        ),
        (
            "/v1/12/items?scope=a",
            r#"{"to":"1","lang":{"policy":"deterministic","code":"en"},"y":1}"#,
            "`y` is not allowed",
        ),
        ("/v1/12/items?scope=a", "", "required body"),
        ("/v2/12/items?scope=a", good, "no operation"),
        (
            "/v1/12/items?scope=a",
            r#"{"to":"1","lang":{"policy":"deterministic","code":"en"},"kind":"t","n":"x"}"#,
            "not of type integer",
        ),
    ];
    for (path, body, want) in bad {
        let got = spec.check(&req(path, body), "", &[]).join("\n");
        assert!(
            got.contains(want),
            "{path} {body}: wanted `{want}`, got: {got}"
        );
    }
}
