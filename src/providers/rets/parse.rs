//! RETS reply parsing, with no I/O: the `<RETS ReplyCode ReplyText>` envelope (with `RETS-STATUS`
//! overriding), the Login key=value body (with or without `RETS-RESPONSE`, 1.8 `Info=` lines),
//! METADATA-SYSTEM, and COMPACT / COMPACT-DECODED search results.
//!
//! Real servers send truncated XML, bare `&`, Latin-1 bytes, BOMs and surrogate character
//! references, so this is a lenient tag scanner rather than an XML parser: it never panics and
//! answers an error only when the body is not a RETS reply at all.

use std::collections::BTreeMap;

/// Bodies above this are not parsed further (a health check asks for one row).
pub const MAX_BODY: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("empty body")]
    Empty,
    #[error("an HTML page instead of a RETS reply")]
    Html { title: Option<String> },
    #[error("not a RETS reply (first element <{0}>)")]
    NotRets(String),
    #[error("no XML element in the body")]
    NoElement,
    #[error("body of {0} bytes is too large to parse")]
    TooLarge(usize),
}

/// The envelope every RETS transaction answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The effective code: `RETS-STATUS` overrides the opening tag.
    pub code: u32,
    pub text: String,
    /// The opening tag's code when a `RETS-STATUS` overrode it.
    pub envelope_code: Option<u32>,
}

impl Reply {
    pub fn is_ok(&self) -> bool {
        self.code == 0
    }
}

/// A parsed Login reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginBody {
    /// Every key=value pair in order, keys as sent (look them up case-insensitively).
    pub pairs: Vec<(String, String)>,
    /// RETS 1.8 `Info=NAME;Type;Value` lines.
    pub info: Vec<InfoLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoLine {
    pub name: String,
    pub kind: String,
    pub value: String,
}

/// Capability names the spec defines (SPEC 4-7); anything else is an extension.
pub const CAPABILITIES: &[&str] = &[
    "Login",
    "Logout",
    "Search",
    "GetMetadata",
    "GetObject",
    "Action",
    "ChangePassword",
    "LoginComplete",
    "ServerInformation",
    "Update",
    "GetPayloadList",
    "PostObject",
];

impl LoginBody {
    /// A key, case-insensitively; 1.8 `Info` lines count too.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .or_else(|| {
                self.info
                    .iter()
                    .find(|i| i.name.eq_ignore_ascii_case(key))
                    .map(|i| i.value.as_str())
            })
    }

    /// Capability URLs as sent (relative or absolute), by canonical name.
    pub fn capabilities(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (k, v) in &self.pairs {
            if v.is_empty() {
                continue;
            }
            if let Some(name) = CAPABILITIES.iter().find(|c| c.eq_ignore_ascii_case(k)) {
                out.insert(name.to_string(), v.clone());
            } else if (k.starts_with("X-") || k.starts_with("x-")) && looks_like_url(v) {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }

    pub fn member_name(&self) -> Option<&str> {
        self.get("MemberName").filter(|s| !s.is_empty())
    }
    /// The user id: the first item of `User=user-id,user-level,user-class,agent-code`.
    pub fn user_id(&self) -> Option<&str> {
        self.get("User")?
            .split(',')
            .next()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
    pub fn timeout_seconds(&self) -> Option<u64> {
        self.get("TimeoutSeconds")?.trim().parse().ok()
    }
    pub fn metadata_version(&self) -> Option<&str> {
        self.get("MetadataVersion").filter(|s| !s.is_empty())
    }
}

fn looks_like_url(v: &str) -> bool {
    v.starts_with('/') || v.starts_with("http://") || v.starts_with("https://")
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub count: Option<u64>,
    pub delimiter: char,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub maxrows: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataSystem {
    pub version: Option<String>,
    pub date: Option<String>,
    pub system_id: Option<String>,
    pub description: Option<String>,
    pub time_zone_offset: Option<String>,
}

/// Bytes to text: strip a UTF-8 BOM; UTF-8 when valid, otherwise Latin-1 (TREB and others send
/// ISO-8859-1), so no byte is ever an error.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// Entity references, leniently: the five XML entities and numeric references; a surrogate,
/// out-of-range or NUL reference becomes U+FFFD; anything else (a bare `&`) stays as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        // Look for the `;` only nearby: a body full of bare `&` must stay linear.
        let end = after.bytes().take(12).position(|b| b == b';');
        let replaced = end.and_then(|e| {
            let ent = &after[..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = if let Some(h) =
                        ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X"))
                    {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = ent.strip_prefix('#') {
                        d.parse::<u32>().ok()
                    } else {
                        None
                    };
                    num.map(|n| match char::from_u32(n) {
                        Some(c) if n != 0 => c,
                        _ => '\u{FFFD}',
                    })
                }
            };
            c.map(|c| (c, e))
        });
        match replaced {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One piece of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Open {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    Close(&'a str),
    Text(&'a str),
}

/// Scan tags and text. Declarations, comments and processing instructions are skipped; an
/// unterminated tag ends the scan.
fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(&rest[..lt]));
        }
        let tag = &rest[lt..];
        if let Some(body) = tag.strip_prefix("<!--") {
            match body.find("-->") {
                Some(e) => rest = &body[e + 3..],
                None => break,
            }
            continue;
        }
        if let Some(body) = tag.strip_prefix("<![CDATA[") {
            match body.find("]]>") {
                Some(e) => {
                    out.push(Token::Text(&body[..e]));
                    rest = &body[e + 3..];
                }
                None => break,
            }
            continue;
        }
        let Some(gt) = tag.find('>') else { break };
        let inner = &tag[1..gt];
        rest = &tag[gt + 1..];
        if inner.starts_with('?') || inner.starts_with('!') {
            continue;
        }
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Token::Close(name.trim()));
            continue;
        }
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(i) => (i, true),
            None => (inner, false),
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = &inner[..name_end];
        if name.is_empty() {
            // `< ` is not a tag: keep it as text.
            out.push(Token::Text(&tag[..gt + 1]));
            continue;
        }
        out.push(Token::Open {
            name,
            attrs: &inner[name_end..],
            empty,
        });
    }
    out
}

/// An attribute value by name (case-insensitive), tolerating spaces around `=` and either quote.
fn attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                match body.find(q) {
                    Some(e) => (&body[..e], &body[e + 1..]),
                    None => (body, ""),
                }
            }
            Some(_) => {
                let e = after
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
            None => ("", ""),
        };
        // A name may carry junk before it (`a b=c`): compare the last word.
        let last = name.rsplit(char::is_whitespace).next().unwrap_or(name);
        if last.eq_ignore_ascii_case(key) {
            return Some(unescape(value.trim()));
        }
        rest = next;
    }
}

fn html_title(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let i = lower.find("<title>")? + 7;
    let j = lower[i..].find("</title>")?;
    let t = s.get(i..i + j)?.trim();
    (!t.is_empty()).then(|| unescape(t))
}

/// The first element, checked to be `<RETS>`; HTML pages are told apart.
fn root<'a>(toks: &[Token<'a>], text: &str) -> Result<(&'a str, usize), ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::Open { name, attrs, .. } => {
                if name.eq_ignore_ascii_case("RETS") {
                    return Ok((attrs, i));
                }
                if name.eq_ignore_ascii_case("html") || name.eq_ignore_ascii_case("head") {
                    return Err(ParseError::Html {
                        title: html_title(text),
                    });
                }
                return Err(ParseError::NotRets(name.chars().take(40).collect()));
            }
            Token::Text(t) if !t.trim().is_empty() => {}
            _ => {}
        }
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("<!doctype html") {
        return Err(ParseError::Html {
            title: html_title(text),
        });
    }
    Err(ParseError::NoElement)
}

fn code_of(attrs: &str) -> Option<u32> {
    attr(attrs, "ReplyCode")?.trim().parse().ok()
}

struct Parsed<'a> {
    reply: Reply,
    toks: Vec<Token<'a>>,
    /// Index of the `<RETS>` open tag.
    at: usize,
}

fn envelope(text: &str) -> Result<Parsed<'_>, ParseError> {
    if text.len() > MAX_BODY {
        return Err(ParseError::TooLarge(text.len()));
    }
    let toks = tokens(text);
    let (attrs, at) = root(&toks, text)?;
    // A missing or unreadable ReplyCode is not success.
    let envelope_code = code_of(attrs).unwrap_or(u32::MAX);
    let mut reply = Reply {
        code: envelope_code,
        text: attr(attrs, "ReplyText").unwrap_or_default(),
        envelope_code: None,
    };
    for t in &toks[at + 1..] {
        if let Token::Open { name, attrs, .. } = t {
            if name.eq_ignore_ascii_case("RETS-STATUS") {
                if let Some(c) = code_of(attrs) {
                    reply.envelope_code = Some(envelope_code);
                    reply.code = c;
                    reply.text = attr(attrs, "ReplyText").unwrap_or_default();
                }
            }
        }
    }
    Ok(Parsed { reply, toks, at })
}

/// The envelope of any RETS reply.
pub fn parse_reply(bytes: &[u8]) -> Result<Reply, ParseError> {
    let text = decode(bytes);
    envelope(&text).map(|p| p.reply)
}

/// Text inside `<RETS-RESPONSE>`, or else the text directly inside `<RETS>` (RETS 1.0, Tarasoft).
fn response_text(p: &Parsed<'_>) -> String {
    let mut inside = false;
    let mut found = false;
    let mut rr = String::new();
    let mut direct = String::new();
    let mut depth = 0usize;
    for t in &p.toks[p.at + 1..] {
        match t {
            Token::Open { name, empty, .. } => {
                if name.eq_ignore_ascii_case("RETS-RESPONSE") && !empty {
                    inside = true;
                    found = true;
                } else if !empty {
                    depth += 1;
                }
            }
            Token::Close(name) => {
                if name.eq_ignore_ascii_case("RETS-RESPONSE") {
                    inside = false;
                } else if name.eq_ignore_ascii_case("RETS") {
                    break;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            Token::Text(s) => {
                if inside {
                    rr.push_str(s);
                } else if depth == 0 {
                    direct.push_str(s);
                }
            }
        }
    }
    if found {
        rr
    } else {
        direct
    }
}

/// `key=value` lines (CRLF or LF, spaces around `=` allowed); 1.8 `Info=` lines separately.
fn key_values(text: &str) -> LoginBody {
    let mut body = LoginBody::default();
    for line in text.split(['\n', '\r']) {
        let line = line.trim();
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let (k, v) = (k.trim(), unescape(v.trim()));
        if k.is_empty() {
            continue;
        }
        if k.eq_ignore_ascii_case("Info") {
            let mut parts = v.splitn(3, ';');
            let name = parts.next().unwrap_or("").trim().to_string();
            let kind = parts.next().unwrap_or("").trim().to_string();
            let value = parts.next().unwrap_or("").trim().to_string();
            if !name.is_empty() {
                body.info.push(InfoLine { name, kind, value });
            }
            continue;
        }
        body.pairs.push((unescape(k), v));
    }
    body
}

/// A Login (or Logout) reply: the envelope and the key=value body.
pub fn parse_login(bytes: &[u8]) -> Result<(Reply, LoginBody), ParseError> {
    let text = decode(bytes);
    let p = envelope(&text)?;
    let body = key_values(&response_text(&p));
    Ok((p.reply, body))
}

/// A Logout reply: never fails a check, so this is the envelope plus whatever key=values came.
pub fn parse_logout(bytes: &[u8]) -> Result<(Reply, LoginBody), ParseError> {
    parse_login(bytes)
}

/// GetMetadata METADATA-SYSTEM, COMPACT or STANDARD-XML (the values are attributes in COMPACT
/// and in flexmls's STANDARD-XML; some servers use child elements, which are read too).
pub fn parse_metadata_system(bytes: &[u8]) -> Result<(Reply, MetadataSystem), ParseError> {
    let text = decode(bytes);
    let p = envelope(&text)?;
    let mut m = MetadataSystem::default();
    let mut current: Option<&str> = None;
    for t in &p.toks[p.at + 1..] {
        match t {
            Token::Open { name, attrs, empty } => {
                if name.eq_ignore_ascii_case("METADATA-SYSTEM") {
                    m.version = attr(attrs, "Version").filter(|s| !s.is_empty());
                    m.date = attr(attrs, "Date").filter(|s| !s.is_empty());
                } else if name.eq_ignore_ascii_case("SYSTEM") {
                    m.system_id = attr(attrs, "SystemID").filter(|s| !s.is_empty());
                    m.description = attr(attrs, "SystemDescription").filter(|s| !s.is_empty());
                    m.time_zone_offset = attr(attrs, "TimeZoneOffset").filter(|s| !s.is_empty());
                }
                current = (!empty).then_some(*name);
            }
            Token::Text(s) => {
                let v = unescape(s.trim());
                if v.is_empty() {
                    continue;
                }
                match current {
                    Some(n) if n.eq_ignore_ascii_case("SystemID") && m.system_id.is_none() => {
                        m.system_id = Some(v)
                    }
                    Some(n)
                        if n.eq_ignore_ascii_case("SystemDescription")
                            && m.description.is_none() =>
                    {
                        m.description = Some(v)
                    }
                    _ => {}
                }
            }
            Token::Close(_) => current = None,
        }
    }
    Ok((p.reply, m))
}

/// `<DELIMITER value="HH"/>`: two hex digits (`09` tab, `7C` pipe). Tab when absent or unreadable.
pub fn delimiter(value: &str) -> Option<char> {
    let v = value.trim();
    let n = u32::from_str_radix(v, 16).ok()?;
    let c = char::from_u32(n)?;
    // A delimiter that is a comma, a letter or a digit cannot be right (SPEC 13-1).
    (c != ',' && !c.is_alphanumeric() && n != 0).then_some(c)
}

/// Split one COLUMNS/DATA line. The leading and trailing delimiters are optional (some servers
/// leave them out); two delimiters in a row are an empty value.
fn split_line(s: &str, d: char) -> Vec<String> {
    let s = s.strip_prefix(d).unwrap_or(s);
    let s = s.strip_suffix(d).unwrap_or(s);
    if s.is_empty() {
        return Vec::new();
    }
    s.split(d).map(unescape).collect()
}

/// A Search reply in COMPACT or COMPACT-DECODED.
pub fn parse_search(bytes: &[u8]) -> Result<(Reply, SearchResult), ParseError> {
    let text = decode(bytes);
    let p = envelope(&text)?;
    let mut r = SearchResult {
        delimiter: '\t',
        ..SearchResult::default()
    };
    let mut current: Option<&str> = None;
    let mut buf = String::new();
    for t in &p.toks[p.at + 1..] {
        match t {
            Token::Open { name, attrs, empty } => {
                if name.eq_ignore_ascii_case("COUNT") {
                    r.count = attr(attrs, "Records").and_then(|v| v.trim().parse().ok());
                } else if name.eq_ignore_ascii_case("DELIMITER") {
                    if let Some(d) = attr(attrs, "value").and_then(|v| delimiter(&v)) {
                        r.delimiter = d;
                    }
                } else if name.eq_ignore_ascii_case("MAXROWS") {
                    r.maxrows = true;
                }
                if !empty
                    && (name.eq_ignore_ascii_case("COLUMNS") || name.eq_ignore_ascii_case("DATA"))
                {
                    current = Some(name);
                    buf.clear();
                }
            }
            Token::Text(s) => {
                if current.is_some() {
                    buf.push_str(s);
                }
            }
            Token::Close(name) => {
                if let Some(c) = current {
                    if c.eq_ignore_ascii_case(name) {
                        let line = split_line(&buf, r.delimiter);
                        if c.eq_ignore_ascii_case("COLUMNS") {
                            r.columns = line;
                        } else {
                            r.rows.push(line);
                        }
                        current = None;
                    }
                }
            }
        }
    }
    Ok((p.reply, r))
}

impl SearchResult {
    /// Rows as column -> value maps (extra values without a column are dropped).
    pub fn records(&self) -> Vec<BTreeMap<String, String>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .cloned()
                    .zip(row.iter().cloned())
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
