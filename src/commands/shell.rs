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
Exit codes (the monitoring-plugin convention: cron, Nagios and CI read them directly)

  0    ok        every step ok (or skipped)
  1    warn      the worst step is a warning (e.g. a token expires in 7 days or fewer)
  2    crit      the worst step is critical, or an action failed; a vendor that cannot be
                 reached is critical (from here the integration is down)
  3    unknown   the check could not run: bad arguments, missing credential or config,
                 a confirmation that was needed but not given (--yes), an unreadable answer
  130  cancelled at a prompt (Ctrl-C or answering no)

When steps disagree the worst wins: crit > unknown > warn > ok.
With --output json an error is still one JSON object on stdout: {\"status\", \"error\", \"hint\", ...}.
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
        Some("credentials") | Some("settings") | Some("secrets") => Ok(credentials()),
        None => Ok(cmd.render_long_help().to_string()),
        Some(_) => {
            let mut cur = &mut cmd;
            for name in &a.topic {
                cur = cur.find_subcommand_mut(name).ok_or_else(|| {
                    Error::usage(format!(
                        "no help topic or command {:?} (topics: exit-codes, credentials; commands: `intops --help`)",
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
