//! Vendor status pages (docs/vendors/statuspage.md): Atlassian Statuspage v2
//! `summary.json`, Zoho's StatusIQ RSS feed and Meta's undocumented `metastatus.com` JSON.
//! A page that cannot be read is *unknown*, never "down": the command decides that, this module
//! only says what the page said or why it could not be read.

use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req, Resp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

pub const VENDOR: &str = "status";

/// How a vendor publishes its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Atlassian Statuspage v2: `{base}/api/v2/summary.json`.
    Statuspage,
    /// Site24x7 StatusIQ RSS: `{base}/rss`, items titled `"Zoho CRM - Operational"`.
    ZohoRss,
    /// `{base}/data/orgs.json` (undocumented, best effort).
    MetaOrgs,
}

/// One vendor's status page.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Lower-case key: `intops status KEY`, `INTOPS_STATUS_URL_<KEY>`, `status_urls.KEY`.
    pub key: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    /// The page's base URL (no path).
    pub default_base: &'static str,
}

pub const PAGES: &[Page] = &[
    Page {
        key: "supabase",
        name: "Supabase",
        kind: Kind::Statuspage,
        default_base: "https://status.supabase.com",
    },
    Page {
        key: "vercel",
        name: "Vercel",
        kind: Kind::Statuspage,
        default_base: "https://www.vercel-status.com",
    },
    Page {
        key: "calendly",
        name: "Calendly",
        kind: Kind::Statuspage,
        // status.calendly.com 301s here; ask the target directly.
        default_base: "https://www.calendlystatus.com",
    },
    Page {
        key: "elevenlabs",
        name: "ElevenLabs",
        kind: Kind::Statuspage,
        default_base: "https://status.elevenlabs.io",
    },
    Page {
        key: "docusign",
        name: "DocuSign",
        kind: Kind::Statuspage,
        default_base: "https://status.docusign.com",
    },
    Page {
        key: "zoho",
        name: "Zoho",
        kind: Kind::ZohoRss,
        // status.zoho.com 301s to the US StatusIQ page; other DCs' feeds are unconfirmed.
        default_base: "https://us.zohostatus.com",
    },
    Page {
        key: "meta",
        name: "Meta",
        kind: Kind::MetaOrgs,
        default_base: "https://metastatus.com",
    },
];

pub fn page(key: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.key.eq_ignore_ascii_case(key))
}

impl Page {
    /// The machine-readable document under `base`. A base that already names a document
    /// (`….json`, `…/rss`) is used as it is.
    pub fn document_url(&self, base: &str) -> String {
        let base = base.trim_end_matches('/');
        if base.ends_with(".json") || base.ends_with("/rss") || base.ends_with(".rss") {
            return base.to_string();
        }
        match self.kind {
            Kind::Statuspage => format!("{base}/api/v2/summary.json"),
            Kind::ZohoRss => format!("{base}/rss"),
            Kind::MetaOrgs => format!("{base}/data/orgs.json"),
        }
    }
}

/// The page's overall verdict, normalised across the three formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Indicator {
    /// All systems operational.
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
}

impl Indicator {
    fn parse(s: &str) -> Option<Indicator> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Some(Indicator::None),
            "minor" => Some(Indicator::Minor),
            "major" => Some(Indicator::Major),
            "critical" => Some(Indicator::Critical),
            "maintenance" => Some(Indicator::Maintenance),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
            Indicator::Maintenance => "maintenance",
        }
    }
    fn rank(self) -> u8 {
        match self {
            Indicator::None => 0,
            Indicator::Maintenance => 1,
            Indicator::Minor => 2,
            Indicator::Major => 3,
            Indicator::Critical => 4,
        }
    }
    fn worst(self, other: Indicator) -> Indicator {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Incident {
    pub name: String,
    pub status: Option<String>,
    pub impact: Option<String>,
    pub shortlink: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Component {
    pub name: String,
    pub status: String,
}

/// What a status page said.
#[derive(Debug, Clone, Serialize)]
pub struct PageStatus {
    pub indicator: Indicator,
    pub description: String,
    /// Open (unresolved) incidents.
    pub incidents: Vec<Incident>,
    /// Components (services) that are not operational.
    pub degraded: Vec<Component>,
}

// ---------- Statuspage v2 ----------

#[derive(Deserialize)]
struct Summary {
    status: SummaryStatus,
    #[serde(default)]
    components: Vec<SpComponent>,
    #[serde(default)]
    incidents: Vec<SpIncident>,
}

#[derive(Deserialize)]
struct SummaryStatus {
    indicator: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
struct SpComponent {
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    /// Containers (`group: true`) repeat their children's state.
    #[serde(default)]
    group: bool,
}

#[derive(Deserialize)]
struct SpIncident {
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    shortlink: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

/// Parse a Statuspage v2 `summary.json` (or `status.json`) body.
pub fn parse_summary(body: &[u8]) -> Result<PageStatus, String> {
    let s: Summary =
        serde_json::from_slice(body).map_err(|e| format!("not a summary.json: {e}"))?;
    let indicator = Indicator::parse(&s.status.indicator)
        .ok_or_else(|| format!("unknown indicator {:?}", s.status.indicator))?;
    Ok(PageStatus {
        indicator,
        description: s.status.description,
        incidents: s
            .incidents
            .into_iter()
            .map(|i| Incident {
                name: i.name,
                status: i.status,
                impact: i.impact,
                shortlink: i.shortlink,
                updated_at: i.updated_at,
            })
            .collect(),
        degraded: s
            .components
            .into_iter()
            .filter(|c| !c.group && c.status != "operational" && !c.status.is_empty())
            .map(|c| Component {
                name: c.name,
                status: c.status,
            })
            .collect(),
    })
}

// ---------- Zoho StatusIQ RSS ----------

/// Severity of a StatusIQ service state such as "Operational", "Major Outage".
fn zoho_state(state: &str) -> Indicator {
    let s = state.to_ascii_lowercase();
    if s.contains("operational") || s.contains("resolved") {
        Indicator::None
    } else if s.contains("maintenance") {
        Indicator::Maintenance
    } else if s.contains("major") || s.contains("critical") {
        Indicator::Major
    } else {
        Indicator::Minor
    }
}

/// Parse the RSS feed: each `<item><title>Service - State</title>` is one service.
pub fn parse_zoho_rss(body: &[u8]) -> Result<PageStatus, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the feed is not UTF-8".to_string())?;
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("not an RSS feed: {e}"))?;
    if !doc
        .descendants()
        .any(|n| n.has_tag_name("rss") || n.has_tag_name("channel"))
    {
        return Err("not an RSS feed: no <rss> or <channel>".into());
    }
    let mut indicator = Indicator::None;
    let mut degraded = Vec::new();
    let mut services = 0;
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let title = item
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or("")
            .trim();
        let Some((name, state)) = title.rsplit_once(" - ") else {
            continue;
        };
        services += 1;
        let ind = zoho_state(state);
        if ind != Indicator::None {
            indicator = indicator.worst(ind);
            degraded.push(Component {
                name: name.trim().to_string(),
                status: state.trim().to_string(),
            });
        }
    }
    if services == 0 {
        return Err("no \"Service - State\" items in the feed (the format changed?)".into());
    }
    let description = if degraded.is_empty() {
        format!("{services} services operational")
    } else {
        format!("{} of {services} services not operational", degraded.len())
    };
    Ok(PageStatus {
        indicator,
        description,
        incidents: Vec::new(),
        degraded,
    })
}

// ---------- Meta ----------

/// The metastatus.com orgs that matter to the WhatsApp and Lead Ads integrations.
const META_ORGS: &[&str] = &["whatsapp-business-api", "graph-api", "marketing-api"];

fn meta_state(state: &str) -> Indicator {
    let s = state.to_ascii_lowercase();
    if s.is_empty() || s.contains("no known issues") || s.contains("resolved") {
        Indicator::None
    } else if s.contains("high") || s.contains("major") {
        Indicator::Major
    } else if s.contains("maintenance") {
        Indicator::Maintenance
    } else {
        Indicator::Minor
    }
}

/// Parse `orgs.json`: an array of `{id, services: [{name, status}]}` (third-party reading of an
/// undocumented file; anything else is an error and the page is unknown).
pub fn parse_meta_orgs(body: &[u8]) -> Result<PageStatus, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let orgs = v
        .as_array()
        .ok_or("expected a list of orgs (the undocumented format changed?)")?;
    let mut indicator = Indicator::None;
    let mut degraded = Vec::new();
    let mut seen = 0;
    for org in orgs {
        let id = org.get("id").and_then(Value::as_str).unwrap_or("");
        if !META_ORGS.contains(&id) {
            continue;
        }
        seen += 1;
        for s in org
            .get("services")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = s.get("name").and_then(Value::as_str).unwrap_or("?");
            let state = s.get("status").and_then(Value::as_str).unwrap_or("");
            let ind = meta_state(state);
            if ind != Indicator::None {
                indicator = indicator.worst(ind);
                degraded.push(Component {
                    name: format!("{id}: {name}"),
                    status: state.to_string(),
                });
            }
        }
    }
    if seen == 0 {
        return Err(format!(
            "none of the orgs {} is listed (the undocumented format changed?)",
            META_ORGS.join(", ")
        ));
    }
    let description = if degraded.is_empty() {
        "no known issues".to_string()
    } else {
        format!("{} services disrupted", degraded.len())
    };
    Ok(PageStatus {
        indicator,
        description,
        incidents: Vec::new(),
        degraded,
    })
}

/// Fetch and read one page. Any failure (transport, HTTP error, HTML, unreadable body) is an
/// `ApiError`; the command shows it as unknown.
pub async fn fetch(http: &HttpClient, page: &Page, url: &str) -> Result<PageStatus, ApiError> {
    let u = Url::parse(url).map_err(|e| {
        ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("bad status URL {url}: {e}"),
        )
        .hint(format!(
            "fix INTOPS_STATUS_URL_{} (the status page's base URL)",
            page.key.to_ascii_uppercase()
        ))
    })?;
    let resp = http.send(Req::get(VENDOR, u)).await?;
    read(page, &resp)
}

fn read(page: &Page, resp: &Resp) -> Result<PageStatus, ApiError> {
    if !resp.is_success() {
        let cause = if resp.status >= 500 {
            Cause::Upstream
        } else {
            Cause::Malformed
        };
        return Err(ApiError::new(
            VENDOR,
            cause,
            format!(
                "{} status page answered HTTP {} ({})",
                page.name,
                resp.status,
                resp.body_hint()
            ),
        )
        .http(resp.status));
    }
    // Unclaimed or moved pages serve HTML for any path: that says nothing about the vendor.
    if resp.is_html() {
        return Err(resp.malformed("HTML instead of a status document"));
    }
    let parsed = match page.kind {
        Kind::Statuspage => parse_summary(&resp.body),
        Kind::ZohoRss => parse_zoho_rss(&resp.body),
        Kind::MetaOrgs => parse_meta_orgs(&resp.body),
    };
    parsed.map_err(|why| {
        ApiError::new(
            VENDOR,
            Cause::Malformed,
            format!("{} status page unreadable: {why}", page.name),
        )
        .http(resp.status)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture_bytes;

    #[test]
    fn operational_summary_is_none_with_no_incidents() {
        let s = parse_summary(&fixture_bytes("statuspage", "summary-operational.json")).unwrap();
        assert_eq!(s.indicator, Indicator::None);
        assert_eq!(s.description, "All Systems Operational");
        assert!(s.incidents.is_empty() && s.degraded.is_empty());
    }

    #[test]
    fn major_outage_lists_incident_and_components_but_not_groups() {
        let s = parse_summary(&fixture_bytes("statuspage", "summary-major.json")).unwrap();
        assert_eq!(s.indicator, Indicator::Major);
        assert_eq!(s.incidents.len(), 1);
        assert_eq!(s.incidents[0].name, "Elevated errors on Telephony");
        assert_eq!(s.incidents[0].impact.as_deref(), Some("major"));
        assert_eq!(
            s.degraded,
            vec![Component {
                name: "Telephony".into(),
                status: "major_outage".into()
            }]
        );
    }

    #[test]
    fn html_or_unknown_indicator_is_an_error() {
        assert!(parse_summary(b"<!DOCTYPE html><html></html>").is_err());
        assert!(parse_summary(br#"{"status":{"indicator":"purple"}}"#).is_err());
    }

    #[test]
    fn zoho_rss_items_are_services() {
        let s = parse_zoho_rss(&fixture_bytes("statuspage", "zoho.rss")).unwrap();
        assert_eq!(s.indicator, Indicator::Major);
        assert_eq!(s.degraded.len(), 1);
        assert_eq!(s.degraded[0].name, "Zoho CRM");
        assert_eq!(s.degraded[0].status, "Major Outage");
        assert!(parse_zoho_rss(b"<html><body>hi</body></html>").is_err());
        assert!(parse_zoho_rss(b"{}").is_err());
        // A feed without service items says nothing: unreadable, not "all operational".
        assert!(
            parse_zoho_rss(b"<rss><channel><item><title>News</title></item></channel></rss>")
                .is_err()
        );
    }

    #[test]
    fn meta_orgs_best_effort() {
        let body = br#"[{"id":"whatsapp-business-api","services":[{"name":"Cloud API","status":"High disruption"},{"name":"Webhooks","status":"No known issues"}]},{"id":"ads-manager","services":[{"name":"x","status":"High disruption"}]}]"#;
        let s = parse_meta_orgs(body).unwrap();
        assert_eq!(s.indicator, Indicator::Major);
        assert_eq!(s.degraded.len(), 1);
        assert!(parse_meta_orgs(br#"{"orgs":[]}"#).is_err());
        assert!(parse_meta_orgs(br#"[{"id":"other"}]"#).is_err());
    }

    #[test]
    fn document_url_appends_path_unless_given() {
        let p = page("supabase").unwrap();
        assert_eq!(
            p.document_url("https://status.supabase.com/"),
            "https://status.supabase.com/api/v2/summary.json"
        );
        assert_eq!(
            p.document_url("http://x/api/v2/status.json"),
            "http://x/api/v2/status.json"
        );
        assert_eq!(
            page("zoho")
                .unwrap()
                .document_url("https://us.zohostatus.com"),
            "https://us.zohostatus.com/rss"
        );
    }
}
