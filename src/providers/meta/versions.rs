//! Graph API versions and when they stop working (docs/vendors/meta.md §8).

/// Graph versions and when they stop working (docs/vendors/meta.md §8).
pub const GRAPH_VERSIONS: &[(&str, &str)] = &[
    ("v18.0", "2026-01-26"),
    ("v19.0", "2026-05-21"),
    ("v20.0", "2026-09-24"),
    ("v21.0", "2027-02-01"),
    ("v22.0", "2027-05-29"),
    ("v23.0", "2027-10-08"),
    ("v24.0", "2028-02-18"),
    ("v25.0", "2028-07-29"),
];

/// The date a Graph version expires, when known.
pub fn version_expiry(version: &str) -> Option<chrono::NaiveDate> {
    GRAPH_VERSIONS
        .iter()
        .find(|(v, _)| *v == version)
        .and_then(|(_, d)| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}
