//! Completions, man pages and `help` topics. These need no context.

use crate::error::{Error, Result};
use clap::Args;
use clap_complete::Shell;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate the completion script for.
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command into this directory instead of printing intops(1).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// A command path (`whatsapp token-debug`) or a topic (`exit-codes`).
    pub topic: Vec<String>,
}

pub const EXIT_CODES: &str = "\
Exit codes (the monitoring-plugin convention: cron, Nagios and CI read them)

  0    ok        every step ok (or skipped)
  1    warn      the worst step is a warning (e.g. a token expires in 7 days
                 or fewer)
  2    crit      the worst step is critical, or an action failed; a vendor
                 that cannot be reached is critical (from here the
                 integration is down)
  3    unknown   the check could not run: bad arguments, missing credential
                 or config, a confirmation that was needed but not given
                 (--yes), an unreadable answer
  130  cancelled: Ctrl-C (at a prompt or while checks run) or answering no

When steps disagree the worst wins: crit > unknown > warn > ok.
With --output json an error is still one JSON object on stdout:
{\"status\", \"error\", \"hint\", ...}.
";

/// `cmd` is the whole clap tree (`cli::command()`), passed in so commands need not import cli.
pub fn completions(a: &CompletionsArgs, mut cmd: clap::Command) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "intops", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn man(a: &ManArgs, cmd: clap::Command) -> Result<String> {
    match &a.out_dir {
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| Error::Other(format!("cannot render the man page: {e}")))?;
            Ok(String::from_utf8_lossy(&buf).into_owned())
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::config(format!("cannot create {}: {e}", dir.display())))?;
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                Error::config(format!("cannot write man pages to {}: {e}", dir.display()))
            })?;
            Ok(format!("man pages written to {}\n", dir.display()))
        }
    }
}

pub fn help(a: &HelpArgs, mut cmd: clap::Command) -> Result<String> {
    match a.topic.first().map(String::as_str) {
        Some("exit-codes") | Some("exit-code") | Some("exit") => Ok(EXIT_CODES.to_string()),
        Some("credentials") | Some("secrets") => Ok(credentials()),
        Some("settings") | Some("setting") | Some("config") => Ok(settings()),
        None => Ok(cmd.render_long_help().to_string()),
        Some(_) => {
            let mut cur = &mut cmd;
            for name in &a.topic {
                cur = cur.find_subcommand_mut(name).ok_or_else(|| {
                    Error::usage(format!(
                        "no help topic or command {:?} (topics: exit-codes, credentials, settings; commands: `intops --help`)",
                        a.topic.join(" ")
                    ))
                })?;
            }
            let mut c = cur
                .clone()
                .bin_name(format!("intops {}", a.topic.join(" ")));
            Ok(c.render_long_help().to_string())
        }
    }
}

/// `intops help credentials`: where every name is read from and which commands read it, drawn
/// from the same table as each command's `Reads:` line.
pub fn credentials() -> String {
    let mut names: Vec<(&str, Vec<&str>)> = Vec::new();
    for leaf in crate::examples::LEAVES {
        for name in leaf.reads {
            if !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                continue;
            }
            match names.iter_mut().find(|(n, _)| n == name) {
                Some((_, cmds)) => cmds.push(leaf.path),
                None => names.push((name, vec![leaf.path])),
            }
        }
    }
    names.sort_by_key(|(n, _)| *n);
    let mut s = [
        "Credentials and settings",
        "",
        "Every name is read, first found wins, from:",
        "  1. the environment (export NAME=...)",
        "  2. the file given with --env-file PATH (a service's .env)",
        "  3. the OS keyring: service `intops`, account PROFILE/NAME",
        "     (store one with `intops auth set NAME`)",
        "Plain settings (ids, URLs, ZOHO_DC, REDIS_URL...) are also read from",
        "[PROFILE.settings] in $XDG_CONFIG_HOME/intops/config.toml.",
        "`intops auth list` shows where each name was found, never its value.",
        "`intops doctor` reads the names of every check it runs.",
        "",
        "",
    ]
    .join("\n");
    let width = names.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let hang = " ".repeat(width + 4);
    let cols = crate::output::terminal_width().or(Some(80));
    for (name, cmds) in names {
        let line = format!("  {name:<width$}  {}", cmds.join(", "));
        s.push_str(&crate::output::wrap_hanging(&line, cols, &hang));
        s.push('\n');
    }
    s
}

/// Where a setting is read from, besides the environment (always first).
pub enum From {
    /// `[PROFILE.settings] NAME` in config.toml (and `--env-file`).
    Settings,
    /// A key of its own in the profile's table of config.toml.
    Config(&'static str),
    /// The environment only.
    EnvOnly,
}

/// One plain (non-secret) setting: the table `intops help settings` prints, and the test that
/// every name the code reads is in it.
pub struct Setting {
    pub name: &'static str,
    pub from: From,
    pub default: &'static str,
    pub what: &'static str,
    /// Commands that read it when the examples table (each command's `Reads:`) does not say.
    pub used_by: &'static str,
}

const fn s(
    name: &'static str,
    from: From,
    default: &'static str,
    what: &'static str,
    used_by: &'static str,
) -> Setting {
    Setting {
        name,
        from,
        default,
        what,
        used_by,
    }
}

pub const SETTINGS: &[Setting] = &[
    s(
        "WHATSAPP_PHONE_NUMBER_ID",
        From::Settings,
        "none",
        "the WhatsApp business phone number's id",
        "",
    ),
    s(
        "WHATSAPP_BUSINESS_ACCOUNT_ID",
        From::Settings,
        "none",
        "the WABA id (subscriptions, phone list)",
        "webhook check-signature",
    ),
    s(
        "WHATSAPP_APP_ID",
        From::Settings,
        "none",
        "the Meta app id",
        "",
    ),
    s(
        "META_APP_ID",
        From::Settings,
        "WHATSAPP_APP_ID",
        "the Meta app that receives the Page's webhooks (Messenger)",
        "messenger check",
    ),
    s(
        "WHATSAPP_WEBHOOK_URL",
        From::Settings,
        "none",
        "your WhatsApp callback URL",
        "",
    ),
    s(
        "WHATSAPP_QUEUE_KEY",
        From::Config("[PROFILE.queue] key"),
        "whatsapp_message_queue",
        "the Redis list the application LPUSHes to",
        "",
    ),
    s(
        "META_PAGE_ID",
        From::Settings,
        "none",
        "the Facebook Page of the Lead Ads",
        "webhook check-signature",
    ),
    s(
        "META_WEBHOOK_URL",
        From::Settings,
        "none",
        "your Lead Ads callback URL",
        "",
    ),
    s(
        "CALENDLY_WEBHOOK_URL",
        From::Settings,
        "none",
        "your Calendly callback URL",
        "",
    ),
    s(
        "ZOHO_DC",
        From::Settings,
        "com",
        "Zoho data centre: com, eu, in, com.au, jp, ca, sa, uk, com.cn (also from the keyring)",
        "zoho check, zoho refresh-token, doctor",
    ),
    s(
        "ZOHO_BILLING_ORG_ID",
        From::Settings,
        "none",
        "the Zoho Billing organization to check",
        "zoho check",
    ),
    s(
        "ELEVENLABS_AGENT_ID",
        From::Settings,
        "none",
        "the ElevenLabs agent",
        "",
    ),
    s(
        "ELEVENLABS_PHONE_NUMBER_ID",
        From::Settings,
        "none",
        "the ElevenLabs phone number",
        "elevenlabs check",
    ),
    s(
        "RETS_LOGIN_URL",
        From::Settings,
        "none",
        "the RETS server's Login URL",
        "",
    ),
    s("RETS_USERNAME", From::Settings, "none", "the RETS user", ""),
    s(
        "RETS_USER_AGENT",
        From::Settings,
        "intops/VERSION",
        "the RETS User-Agent",
        "",
    ),
    s(
        "RETS_VERSION",
        From::Settings,
        "RETS/1.7.2",
        "the RETS-Version header",
        "",
    ),
    s(
        "PROMETHEUS_URL",
        From::Settings,
        "none",
        "the Prometheus that scrapes the application",
        "",
    ),
    s(
        "SUPABASE_PROJECT_REF",
        From::Settings,
        "none",
        "the Supabase project",
        "status",
    ),
    s(
        "INTOPS_META_URL",
        From::Config("meta_url"),
        "https://graph.facebook.com",
        "Graph API base URL",
        "every Meta command",
    ),
    s(
        "INTOPS_CALENDLY_URL",
        From::Config("calendly_url"),
        "https://api.calendly.com",
        "Calendly API base URL",
        "every Calendly command",
    ),
    s(
        "INTOPS_ZOHO_ACCOUNTS_URL",
        From::Config("zoho_accounts_url"),
        "from ZOHO_DC",
        "Zoho accounts (OAuth) base URL",
        "every Zoho command",
    ),
    s(
        "INTOPS_ZOHO_API_URL",
        From::Config("zoho_api_url"),
        "from ZOHO_DC",
        "Zoho API base URL",
        "every Zoho command",
    ),
    s(
        "INTOPS_ELEVENLABS_URL",
        From::Config("elevenlabs_url"),
        "https://api.elevenlabs.io",
        "ElevenLabs API base URL",
        "every ElevenLabs command",
    ),
    s(
        "INTOPS_SUPABASE_URL",
        From::EnvOnly,
        "https://api.supabase.com",
        "Supabase management API base URL",
        "status",
    ),
    s(
        "INTOPS_STATUS_URL_<VENDOR>",
        From::Config("status_urls.<vendor>"),
        "the vendor's status page",
        "a status page's base URL (SUPABASE, VERCEL, CALENDLY, ...)",
        "status, doctor",
    ),
    s(
        "INTOPS_PROFILE",
        From::EnvOnly,
        "default",
        "the profile (same as --profile)",
        "every command",
    ),
    s(
        "INTOPS_CA_FILE",
        From::Settings,
        "none",
        "a PEM file of extra CA certificates intops trusts (beside the system's and the bundled roots)",
        "every command that calls a vendor or a callback",
    ),
    s(
        "INTOPS_KEYRING",
        From::EnvOnly,
        "the OS keyring",
        "`none` turns the keyring off (containers, CI)",
        "every command",
    ),
    s(
        "COLUMNS",
        From::EnvOnly,
        "the terminal's width",
        "the width tables wrap to on a pipe",
        "every command",
    ),
    s(
        "NO_COLOR",
        From::EnvOnly,
        "unset",
        "any value turns colours off (same as --no-color)",
        "every command",
    ),
];

/// `intops help settings`: every plain setting, where it is read from, its default, and the
/// commands that read it.
pub fn settings() -> String {
    let mut out = [
        "Settings: plain values, not secrets (`intops help credentials` lists those)",
        "",
        "Each is read, first found wins, from the environment, the --env-file, then",
        "$XDG_CONFIG_HOME/intops/config.toml, in the profile's table:",
        "[PROFILE.settings] NAME = \"...\" unless another key is named.",
        "`intops auth list` shows where each was found.",
        "",
    ]
    .join("\n");
    out.push('\n');
    let cols = crate::output::terminal_width().or(Some(80));
    for st in SETTINGS {
        let cmds: Vec<&str> = crate::examples::LEAVES
            .iter()
            .filter(|l| l.reads.contains(&st.name))
            .map(|l| l.path)
            .collect();
        let used = match (cmds.is_empty(), st.used_by.is_empty()) {
            (false, true) => cmds.join(", "),
            (false, false) => format!("{}, {}", cmds.join(", "), st.used_by),
            (true, _) => st.used_by.to_string(),
        };
        let from = match st.from {
            From::Settings => "env, --env-file, [PROFILE.settings]".to_string(),
            From::Config(k) => format!("env, --env-file, config `{k}`"),
            From::EnvOnly => "env".to_string(),
        };
        out.push_str(&format!("  {}\n", st.name));
        for line in [
            format!("    {}", st.what),
            format!("    from: {from}; default: {}", st.default),
            format!("    used by: {used}"),
        ] {
            out.push_str(&crate::output::wrap_hanging(&line, cols, "      "));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    /// Every setting the code reads by name is in the table `intops help settings` prints.
    #[test]
    fn every_setting_the_code_reads_is_documented() {
        let re =
            regex::Regex::new(r#"(?:\bsetting|require_setting|base_url)\(\s*"([A-Z][A-Z0-9_]+)""#)
                .unwrap();
        let env = regex::Regex::new(r#""(INTOPS_[A-Z_]+)""#).unwrap();
        let mut found = std::collections::BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for c in re.captures_iter(&text).chain(env.captures_iter(&text)) {
                        found.insert(c[1].to_string());
                    }
                }
            }
        }
        assert!(found.contains("WHATSAPP_PHONE_NUMBER_ID"), "{found:?}");
        let documented: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
        let secrets_or_tests = ["INTOPS_TEST_"];
        let missing: Vec<_> = found
            .iter()
            .filter(|n| !documented.contains(&n.as_str()))
            .filter(|n| !n.starts_with("INTOPS_STATUS_URL_"))
            .filter(|n| !secrets_or_tests.iter().any(|p| n.starts_with(p)))
            .collect();
        assert!(
            missing.is_empty(),
            "read but not in `intops help settings`: {missing:?}"
        );
        let text = settings();
        for s in SETTINGS {
            assert!(text.contains(s.name), "{}", s.name);
        }
    }
}
