//! The repository explains itself: every pointer to vendor facts lands in `docs/vendors/` (the file
//! and the section exist), every vendor file cites public sources, and nothing points at files
//! outside the repository.

use regex::Regex;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Text files the project writes: sources, tests, scripts, docs (fixture data has other extensions).
fn project_files() -> Vec<PathBuf> {
    let mut out = vec![root().join("README.md"), root().join("BENCHMARKS.md")];
    let mut dirs: Vec<PathBuf> = [
        "src",
        "tests",
        "scripts",
        "runbooks",
        "docs",
        "fuzz/fuzz_targets",
    ]
    .iter()
    .map(|d| root().join(d))
    .collect();
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("rs" | "md" | "sh" | "toml" | "py")
            ) || p.parent().is_some_and(|d| d.ends_with("scripts"))
            {
                out.push(p);
            }
        }
    }
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

#[test]
fn no_file_points_outside_the_repository() {
    // Built from pieces so this file does not match itself.
    let outside = Regex::new(&format!(
        r"(/{w}/|\.\./{s}|{s}/vendors|{d}\.md|{d} §|(^|[^/a-z]){v}/[a-z-]+\.md)",
        w = "work",
        s = "shared",
        d = "DESIGN",
        v = "vendors"
    ))
    .unwrap();
    let mut bad = Vec::new();
    for f in project_files() {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if outside.is_match(line) {
                bad.push(format!("{}:{}: {}", rel(&f), i + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "pointers outside the repository:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_pointer_to_docs_vendors_lands() {
    let pointer = Regex::new(r"docs/vendors/([a-z]+\.md)(?: §([A-Z0-9]+))?").unwrap();
    let mut bad = Vec::new();
    let mut seen = 0;
    for f in project_files() {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            for c in pointer.captures_iter(line) {
                seen += 1;
                let doc = root().join("docs/vendors").join(&c[1]);
                let Ok(body) = std::fs::read_to_string(&doc) else {
                    bad.push(format!("{}:{}: no {}", rel(&f), i + 1, &c[1]));
                    continue;
                };
                if let Some(sec) = c.get(2) {
                    let heading = format!("\n## {}. ", sec.as_str());
                    if !body.contains(&heading) {
                        bad.push(format!(
                            "{}:{}: no section {} in {}",
                            rel(&f),
                            i + 1,
                            sec.as_str(),
                            &c[1]
                        ));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(
        seen >= 15,
        "only {seen} pointers found: is the scan reading src/?"
    );
}

#[test]
fn every_vendor_file_cites_public_sources_and_is_indexed() {
    let dir = root().join("docs/vendors");
    let index = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let url = Regex::new(r"https://[a-z0-9.-]+\.[a-z]{2,}/").unwrap();
    for name in [
        "meta",
        "zoho",
        "calendly",
        "elevenlabs",
        "statuspage",
        "rets",
        "supabase",
    ] {
        let file = format!("{name}.md");
        let text =
            std::fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            index.contains(&format!("]({file})")),
            "{file} is not in docs/vendors/README.md"
        );
        assert!(
            url.find_iter(&text).count() >= 1,
            "{file} cites no public URL"
        );
        // Every UNCONFIRMED fact says what the code does under each reading.
        if text.contains("UNCONFIRMED") {
            assert!(
                text.contains("what the code does") || text.contains("How intops uses it"),
                "{file} marks facts UNCONFIRMED without saying how the code handles them"
            );
        }
    }
}
