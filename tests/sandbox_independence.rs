//! The sandbox (crates/sandbox) is an independent implementation of the vendors: it must not
//! depend on the `intops` package or reach into its sources, or a test against it could not catch
//! a bug in the code it shares.

use std::path::{Path, PathBuf};

fn sandbox_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/sandbox")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every dependency table in a manifest: [dependencies], [dev-dependencies],
/// [build-dependencies] and their [target.*] forms.
fn dependency_names(manifest: &toml::Table) -> Vec<(String, toml::Value)> {
    let mut tables = vec![manifest];
    if let Some(t) = manifest.get("target").and_then(|t| t.as_table()) {
        tables.extend(t.values().filter_map(|v| v.as_table()));
    }
    let mut out = Vec::new();
    for t in tables {
        for key in ["dependencies", "dev-dependencies", "build-dependencies"] {
            if let Some(deps) = t.get(key).and_then(|d| d.as_table()) {
                out.extend(deps.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
    out
}

#[test]
fn the_sandbox_manifest_does_not_depend_on_intops() {
    let text = std::fs::read_to_string(sandbox_dir().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    let deps = dependency_names(&manifest);
    assert!(deps.len() > 3, "no dependencies found: {deps:?}");
    for (name, spec) in deps {
        let package = spec
            .get("package")
            .and_then(|p| p.as_str())
            .unwrap_or(&name);
        assert!(
            package != "intops" && !package.starts_with("intops-") && package != "intops_sandbox",
            "crates/sandbox depends on {package}"
        );
        assert!(
            spec.get("path").is_none(),
            "crates/sandbox has a path dependency {name}: only registry crates are allowed"
        );
    }
}

#[test]
fn the_sandbox_sources_do_not_reach_into_intops() {
    let mut files = Vec::new();
    rust_files(&sandbox_dir(), &mut files);
    assert!(files.len() > 10, "sandbox sources not found: {files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let bad = code.contains("intops::")
                || code.contains("extern crate intops")
                // #[path] or include!() could pull a file of ours in without a dependency.
                || code.contains("#[path")
                || (code.contains("include!(") && !code.contains("include_str!("))
                || (code.contains("include_str!(") && code.contains("/src/"));
            assert!(!bad, "{}:{}: {line}", f.display(), n + 1);
        }
    }
}

/// The sandbox keeps its own list of status pages; it must serve every page intops can check.
#[test]
fn the_sandbox_serves_every_status_page_intops_knows() {
    for p in intops::providers::statuspage::PAGES {
        assert!(
            intops::sandbox::status::PAGES.contains(&p.key),
            "the sandbox has no status page {}",
            p.key
        );
    }
}
