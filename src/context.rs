//! What every verb receives: profile settings, secrets, the HTTP client, a clock and the UI flags.
//! Tests build one with fakes ([`Context::for_tests`]); main.rs builds the real one.

use crate::config::{Paths, Profile};
use crate::error::{Error, Result};
use crate::http::{HttpClient, HttpOptions};
use crate::secrets::{KeyringStore, MemoryStore, NoStore, Secret, SecretStore, Secrets, Source};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Table,
    Json,
    Prom,
    Nagios,
}

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;
impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

pub struct FixedClock(pub DateTime<Utc>);
impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Terminal facts and the user's global choices.
#[derive(Debug, Clone)]
pub struct Ui {
    pub output: OutputFormat,
    pub yes: bool,
    pub dry_run: bool,
    pub verbose: u8,
    pub color: bool,
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
}

/// Colour on a stream: only on a terminal, never with `--no-color` or a non-empty `NO_COLOR`
/// (no-color.org). The one rule for tables, hints and clap's usage errors.
pub fn color_on(no_color_flag: bool, is_terminal: bool) -> bool {
    let no_color = no_color_flag || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && is_terminal
}

impl Ui {
    /// The real terminal and the global flags (`--no-color`, `NO_COLOR`).
    pub fn detect(g: &GlobalOptions) -> Ui {
        Ui {
            output: g.output,
            yes: g.yes,
            dry_run: g.dry_run,
            verbose: g.verbose,
            color: color_on(g.no_color, std::io::stdout().is_terminal()),
            stdin_tty: std::io::stdin().is_terminal(),
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
        }
    }

    /// Progress bars and spinners only for people: a terminal on stderr and table output.
    pub fn show_progress(&self) -> bool {
        self.stderr_tty && self.output == OutputFormat::Table
    }
}

/// Global flags as parsed by cli.rs.
#[derive(Debug, Clone)]
pub struct GlobalOptions {
    pub profile: String,
    pub output: OutputFormat,
    pub env_file: Option<PathBuf>,
    pub timeout: Option<f64>,
    pub yes: bool,
    pub dry_run: bool,
    pub verbose: u8,
    pub no_color: bool,
}

/// A name's value and where it came from.
pub struct Lookup {
    pub value: Option<Secret>,
    pub source: Source,
}

impl Lookup {
    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

#[derive(Clone)]
pub struct Context {
    pub profile: String,
    pub config: Profile,
    pub paths: Paths,
    pub secrets: Secrets,
    pub http: HttpClient,
    pub clock: Arc<dyn Clock>,
    pub ui: Ui,
}

/// Every vendor base URL that is set must be an http(s) URL with a host: a typo there is a
/// configuration error naming the setting (exit 3), not a vendor failure blamed on a token.
fn check_base_urls(secrets: &Secrets, config: &Profile) -> Result<()> {
    let mut set: Vec<(String, String)> = Vec::new();
    for (env, configured, key) in [
        ("INTOPS_META_URL", &config.meta_url, "meta_url"),
        (
            "INTOPS_ZOHO_ACCOUNTS_URL",
            &config.zoho_accounts_url,
            "zoho_accounts_url",
        ),
        ("INTOPS_ZOHO_API_URL", &config.zoho_api_url, "zoho_api_url"),
        ("INTOPS_CALENDLY_URL", &config.calendly_url, "calendly_url"),
        (
            "INTOPS_ELEVENLABS_URL",
            &config.elevenlabs_url,
            "elevenlabs_url",
        ),
    ] {
        if let Some(v) = secrets.setting(env) {
            set.push((env.to_string(), v));
        } else if let Some(v) = configured.as_ref().filter(|v| !v.trim().is_empty()) {
            set.push((format!("{key} in the config file"), v.clone()));
        }
    }
    for (vendor, v) in &config.status_urls {
        let env = format!("INTOPS_STATUS_URL_{}", vendor.to_ascii_uppercase());
        if secrets.setting(&env).is_none() {
            set.push((
                format!("status_urls.{vendor} in the config file"),
                v.clone(),
            ));
        }
    }
    for vendor in [
        "SUPABASE",
        "VERCEL",
        "CALENDLY",
        "ELEVENLABS",
        "DOCUSIGN",
        "ZOHO",
        "META",
    ] {
        let env = format!("INTOPS_STATUS_URL_{vendor}");
        if let Some(v) = secrets.setting(&env) {
            set.push((env, v));
        }
    }
    for (name, value) in set {
        let why = match url::Url::parse(value.trim()) {
            Ok(u) if !matches!(u.scheme(), "http" | "https") => {
                format!("its scheme is {}:, not http: or https:", u.scheme())
            }
            Ok(u) if u.host_str().is_none_or(str::is_empty) => "it has no host".to_string(),
            Ok(_) => continue,
            Err(e) => e.to_string(),
        };
        return Err(Error::config(format!(
            "{name} is not a usable URL ({why}): set it to the vendor's base URL with its scheme, e.g. https://graph.facebook.com, or unset it for the vendor's default"
        )));
    }
    Ok(())
}

impl Context {
    /// The real context: process environment, XDG paths, the OS keyring.
    pub fn from_env(g: &GlobalOptions) -> Result<Context> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let paths = Paths::from_env()?;
        let store: Arc<dyn SecretStore> = match env.get("INTOPS_KEYRING").map(|s| s.as_str()) {
            Some("none") | Some("off") => Arc::new(NoStore),
            Some("memory") => Arc::new(MemoryStore::default()),
            _ => Arc::new(KeyringStore {
                timeout: Duration::from_secs(3),
            }),
        };
        let ui = Ui::detect(g);
        Self::build(g, env, paths, store, ui, Arc::new(SystemClock))
    }

    /// Assemble a context from parts; shared by the real path, the sandbox demo and tests.
    pub fn build(
        g: &GlobalOptions,
        env: HashMap<String, String>,
        paths: Paths,
        store: Arc<dyn SecretStore>,
        ui: Ui,
        clock: Arc<dyn Clock>,
    ) -> Result<Context> {
        let config = crate::config::load_profile(&paths.config_file, &g.profile)?;
        let env_file = match &g.env_file {
            Some(p) => Some((p.clone(), crate::secrets::read_env_file(p)?)),
            None => None,
        };
        let secrets = Secrets::new(g.profile.clone(), env, env_file, store)
            .with_config(config.settings.clone());
        check_base_urls(&secrets, &config)?;
        let body_limits = config
            .section::<crate::http::limits::BodyLimits>("body_limits")?
            .unwrap_or_default();
        let extra_roots = match secrets
            .setting(crate::tls::CA_FILE)
            .or_else(|| config.settings.get(crate::tls::CA_FILE).cloned())
            .filter(|v| !v.trim().is_empty())
        {
            Some(f) => {
                let path = std::path::Path::new(f.trim());
                crate::tls::load_ca_file(path).map_err(|e| {
                    // `intops sandbox --print-env` names a file the served sandbox writes.
                    let fix = if path.starts_with(paths.state_dir.join("sandbox")) && !path.exists()
                    {
                        "the sandbox writes it while `intops sandbox --port PORT` runs: start it in another shell".to_string()
                    } else {
                        format!(
                            "point {} at a PEM file of CA certificates, or unset it",
                            crate::tls::CA_FILE
                        )
                    };
                    Error::config(format!("{e}: {fix}"))
                })?
            }
            None => Vec::new(),
        };
        let mut opts = HttpOptions {
            dry_run: g.dry_run,
            verbose: g.verbose,
            meta_usage_warn: config.thresholds.meta_usage_warn,
            body_limits,
            extra_roots,
            ..HttpOptions::default()
        };
        if let Some(t) = g.timeout {
            if !(t > 0.0 && t.is_finite()) {
                return Err(Error::usage(format!(
                    "--timeout must be a positive number of seconds, got {t}"
                )));
            }
            opts.timeout = Duration::from_secs_f64(t);
            opts.budget = Duration::from_secs_f64(t * 3.0);
        }
        Ok(Context {
            profile: g.profile.clone(),
            config,
            paths,
            secrets,
            http: HttpClient::new(opts),
            clock,
            ui,
        })
    }

    /// Where a name's value comes from (env / env-file / keyring / config / missing), by the same
    /// lookup every command uses.
    pub fn lookup(&self, name: &str) -> Lookup {
        let (value, source) = self.secrets.lookup(name);
        Lookup { value, source }
    }

    /// The error (and hint) for a value that is not set.
    pub fn missing(&self, name: &str) -> Error {
        self.secrets.missing(name)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A plain setting: env / env-file first, then `[profile.settings]` in the config file.
    pub fn setting(&self, name: &str) -> Option<String> {
        self.secrets.setting(name).or_else(|| {
            let v = self
                .config
                .settings
                .get(name)
                .cloned()
                .filter(|v| !v.is_empty())?;
            crate::redact::register_setting(name, &v);
            Some(v)
        })
    }

    pub fn require_setting(&self, name: &str) -> Result<String> {
        self.setting(name).ok_or_else(|| self.secrets.missing(name))
    }

    /// A vendor base URL: `INTOPS_<KEY>` env, then the config file, then the vendor default.
    pub fn base_url(&self, env_name: &str, configured: &Option<String>, default: &str) -> String {
        self.secrets
            .setting(env_name)
            .or_else(|| configured.clone())
            .unwrap_or_else(|| default.to_string())
            .trim_end_matches('/')
            .to_string()
    }

    /// Ask before a destructive or sending step. `--yes` answers; without a terminal it is an
    /// error that says to pass `--yes`; `--dry-run` needs no confirmation (nothing is sent).
    pub fn confirm(&self, prompt: &str) -> Result<()> {
        if self.ui.yes || self.ui.dry_run {
            return Ok(());
        }
        if !self.ui.stdin_tty || !self.ui.stderr_tty {
            return Err(Error::NeedsConfirmation(format!(
                "{prompt}: refusing without confirmation because stdin is not a terminal"
            )));
        }
        match dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact_opt()
        {
            Ok(Some(true)) => Ok(()),
            Ok(_) | Err(_) => Err(Error::Cancelled),
        }
    }

    /// The instant [`Context::for_tests`] reads from its clock.
    pub const TEST_NOW: DateTime<Utc> = DateTime::from_timestamp_nanos(1_795_000_000_000_000_000);

    /// A context for unit tests: no config file, in-memory secrets, fixed clock, no terminal.
    pub fn for_tests(env: &[(&str, &str)]) -> Context {
        let dir = std::env::temp_dir().join(format!("intops-test-{}", std::process::id()));
        let paths = Paths {
            config_file: dir.join("none.toml"),
            state_dir: dir.join("state"),
            cache_dir: dir.join("cache"),
        };
        let g = GlobalOptions {
            profile: "default".into(),
            output: OutputFormat::Json,
            env_file: None,
            timeout: Some(2.0),
            yes: false,
            dry_run: false,
            verbose: 0,
            no_color: true,
        };
        let ui = Ui {
            output: OutputFormat::Json,
            yes: false,
            dry_run: false,
            verbose: 0,
            color: false,
            stdin_tty: false,
            stdout_tty: false,
            stderr_tty: false,
        };
        let env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Self::build(
            &g,
            env,
            paths,
            Arc::new(MemoryStore::default()),
            ui,
            Arc::new(FixedClock(Self::TEST_NOW)),
        )
        .expect("test context")
    }
}
