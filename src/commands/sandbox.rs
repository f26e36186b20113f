//! `intops sandbox`: serve the vendor simulator, or `--demo`: run the main checks against it with
//! no credentials and no network.
//!
//! The sandbox serves our fake callbacks over https with a throwaway CA it makes at start. intops
//! trusts that CA only through `INTOPS_CA_FILE`: the demo sets it, `--print-env` exports it, and
//! the served sandbox writes the CA where that line points. Without it the callback's
//! certificate is refused, as it should be.

use crate::config::Paths;
use crate::context::{Context, GlobalOptions, SystemClock, Ui};
use crate::error::{Error, Result};
use crate::report::Report;
use crate::sandbox;
use crate::secrets::MemoryStore;
use clap::Args;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 8089)]
    pub port: u16,
    /// Fault scenario(s), comma-separated; see --list-scenarios.
    #[arg(long, default_value = "healthy")]
    pub scenario: String,
    /// Latency added to every vendor answer, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Start the sandbox on a free port, run `intops doctor` against it (trusting its throwaway
    /// CA), print it, stop; exits as doctor would (0 on the healthy scenario).
    #[arg(long)]
    pub demo: bool,
    /// List the scenarios and exit.
    #[arg(long)]
    pub list_scenarios: bool,
    /// Print the `export` lines that point intops at a sandbox on --port (with INTOPS_CA_FILE
    /// for its https callbacks), and exit (for `eval "$(intops sandbox --port 8089
    /// --print-env)"` in a second shell).
    #[arg(long, conflicts_with_all = ["demo", "list_scenarios"])]
    pub print_env: bool,
}

/// `export NAME=value` lines for a POSIX shell; values quoted where the shell would read them.
fn export_lines(vars: &[(String, String)]) -> String {
    let safe = |v: &str| {
        !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c))
    };
    vars.iter()
        .map(|(k, v)| {
            if safe(v) {
                format!("export {k}={v}\n")
            } else {
                format!("export {k}='{}'\n", v.replace('\'', r"'\''"))
            }
        })
        .collect()
}

/// Where the sandbox serving on `port` writes its CA, and `--print-env` says it is: per port, in
/// intops's state directory (not a shared temp directory another user could write first).
pub fn ca_file(paths: &Paths, port: u16) -> PathBuf {
    paths
        .state_dir
        .join("sandbox")
        .join(format!("ca-127.0.0.1-{port}.pem"))
}

pub enum SandboxOutcome {
    /// Text for stdout (scenario list, or the server's banner after it stopped).
    Printed(String),
    /// The demo's reports.
    Demo(Vec<Report>),
}

fn check_scenarios(s: &str) -> Result<()> {
    let known = sandbox::scenarios();
    for name in s.split(',').map(str::trim).filter(|x| !x.is_empty()) {
        if !known.iter().any(|(k, _)| *k == name) {
            let names: Vec<_> = known.iter().map(|(k, _)| *k).collect();
            return Err(Error::usage(format!(
                "unknown scenario {name:?}; known: {}",
                names.join(", ")
            )));
        }
    }
    Ok(())
}

/// The checks `--demo` runs, as a user would type them.
// doctor runs every vendor's main check (the sandbox provides credentials for all of them).
const DEMO_COMMANDS: &[&[&str]] = &[&["doctor"]];

pub async fn run(a: SandboxArgs, g: &GlobalOptions) -> Result<SandboxOutcome> {
    if a.list_scenarios {
        let mut s = String::new();
        for (k, v) in sandbox::scenarios() {
            s.push_str(&format!("{k:<24} {v}\n"));
        }
        return Ok(SandboxOutcome::Printed(s));
    }
    check_scenarios(&a.scenario)?;
    if a.print_env {
        if a.port == 0 {
            return Err(Error::usage(
                "--print-env needs the sandbox's real port: --port 0 picks a different one each time",
            ));
        }
        let url = format!("http://127.0.0.1:{}", a.port);
        let ca = ca_file(&Paths::from_env()?, a.port);
        let vars: Vec<_> = sandbox::env_for(&url)
            .into_iter()
            .chain([(crate::tls::CA_FILE.to_string(), ca.display().to_string())])
            .chain(sandbox::demo_credentials())
            .collect();
        return Ok(SandboxOutcome::Printed(export_lines(&vars)));
    }
    let latency = Duration::from_millis(a.latency_ms);
    if a.demo {
        let sb = sandbox::start(0, &a.scenario, latency)
            .await
            .map_err(|e| Error::Other(format!("cannot start the sandbox on 127.0.0.1: {e}")))?;
        let tmp = tempfile::Builder::new()
            .prefix("intops-sandbox-demo-")
            .tempdir()
            .map_err(|e| Error::Other(format!("cannot make a temporary directory: {e}")))?;
        let dir = tmp.path().to_path_buf();
        let ca = dir.join("sandbox-ca.pem");
        sb.write_ca_file(&ca)
            .map_err(|e| Error::Other(format!("cannot write {}: {e}", ca.display())))?;
        // Only the sandbox's URLs, its CA and fake credentials: a demo must never reach a real
        // vendor, nor trust a CA the user set for something else.
        let env: HashMap<String, String> = sb
            .env()
            .into_iter()
            .chain([(crate::tls::CA_FILE.to_string(), ca.display().to_string())])
            .chain(sandbox::demo_credentials())
            .collect();
        let paths = Paths {
            config_file: dir.join("config.toml"),
            state_dir: dir.join("state"),
            cache_dir: dir.join("cache"),
        };
        let g = GlobalOptions {
            profile: "default".into(),
            env_file: None,
            ..g.clone()
        };
        let ctx = Context::build(
            &g,
            env,
            paths,
            Arc::new(MemoryStore::default()),
            Ui::detect(&g),
            Arc::new(SystemClock),
        )?;
        let intro = format!(
            "intops sandbox demo: vendor simulator on {} (scenario {}; our callbacks over https, its throwaway CA trusted through INTOPS_CA_FILE); no credentials, no network",
            sb.url(),
            a.scenario
        );
        eprintln!(
            "{}",
            crate::output::wrap_hanging(&intro, crate::output::terminal_width(), "  ")
        );
        let mut reports = Vec::new();
        for words in DEMO_COMMANDS {
            let (cmd, name) = crate::commands::parse(words)
                .map_err(|e| Error::Other(format!("demo command {words:?}: {e}")))?;
            reports.push(crate::commands::run(&ctx, cmd, name).await?);
        }
        drop(tmp);
        return Ok(SandboxOutcome::Demo(reports));
    }
    let paths = Paths::from_env()?;
    // Listen for Ctrl-C before the port opens, so the CA file is removed however early it comes.
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    if let Some(r) = futures::FutureExt::now_or_never(&mut ctrl_c) {
        r.map_err(|e| Error::Other(format!("cannot wait for Ctrl-C: {e}")))?;
        return Ok(SandboxOutcome::Printed(String::new()));
    }
    let identity = Arc::new(sandbox::tls::Identity::generate().map_err(Error::Other)?);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", a.port))
        .await
        .map_err(|e| Error::Other(format!("cannot listen on 127.0.0.1:{}: {e}", a.port)))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::Other(format!("cannot read the sandbox's port: {e}")))?
        .port();
    // Only once the port is ours (another sandbox on it keeps its CA file), and before the first
    // request is answered.
    let ca = ca_file(&paths, port);
    identity.write_ca_file(&ca).map_err(|e| {
        Error::Other(format!(
            "cannot write the sandbox's CA to {}: {e}",
            ca.display()
        ))
    })?;
    let sb = sandbox::serve_on(listener, &a.scenario, latency, identity)
        .map_err(|e| Error::Other(format!("cannot serve on 127.0.0.1:{port}: {e}")))?;
    let mut banner = format!(
        "intops sandbox listening on {} (http; our callbacks on {}/callback/..., scenario {}). Point intops at it:\n",
        sb.url(),
        sb.https_url(),
        a.scenario
    );
    let vars: Vec<_> = sb
        .env()
        .into_iter()
        .chain([(crate::tls::CA_FILE.to_string(), ca.display().to_string())])
        .chain(sandbox::demo_credentials())
        .collect();
    for line in export_lines(&vars).lines() {
        banner.push_str(&format!("  {line}\n"));
    }
    banner.push_str(&format!(
        "Or in another shell: eval \"$(intops sandbox --port {} --print-env)\"\n",
        sb.addr.port()
    ));
    banner.push_str("Recorded requests: GET /_sandbox/requests · unmatched ones: GET /_sandbox/unmatched · switch scenario: PUT /_sandbox/scenario · Ctrl-C stops.\n");
    eprint!("{banner}");
    let stopped = ctrl_c
        .await
        .map_err(|e| Error::Other(format!("cannot wait for Ctrl-C: {e}")));
    // Its key dies with this process: the certificate is no use to anyone now.
    let _ = std::fs::remove_file(&ca);
    stopped?;
    Ok(SandboxOutcome::Printed(String::new()))
}
