//! Parse, build the context, run, render, exit code. Nothing else.

use clap::error::ErrorKind;
use intops::cli::{Command, Local};
use intops::commands::{self, sandbox::SandboxOutcome, shell};
use intops::context::{Context, OutputFormat};
use intops::error::Error;
use intops::output;
use std::io::{IsTerminal, Write};

fn print_out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(s.as_bytes());
    let _ = o.flush();
}

fn print_err(s: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(s.as_bytes());
}

/// `--output FORMAT` as the user typed it, for errors met before clap finished parsing.
fn wants(args: &[String], format: &str) -> bool {
    args.windows(2)
        .any(|w| (w[0] == "--output" || w[0] == "-o") && w[1] == format)
        || args
            .iter()
            .any(|a| *a == format!("--output={format}") || *a == format!("-o{format}"))
}

fn exit_with_error(command: &str, profile: &str, err: &Error, output: OutputFormat) -> ! {
    let (out, err_text) = output::render_error(command, profile, err, output);
    print_out(&out);
    print_err(&err_text);
    std::process::exit(err.exit_code());
}

fn main() {
    intops::redact::install_panic_hook();
    clap_complete::CompleteEnv::with_factory(intops::cli::command).complete();

    // args_os: an argument that is not UTF-8 is a usage error below, not a panic here.
    let args_os: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let args: Vec<String> = args_os
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let (cli, name) = match intops::cli::try_parse(&args_os) {
        Ok(c) => c,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                print_out(&e.to_string());
                std::process::exit(0);
            }
            _ => {
                // Usage errors exit 3 (unknown), not clap's 2 (which means crit here).
                let format = if wants(&args, "json") {
                    Some(OutputFormat::Json)
                } else if wants(&args, "nagios") {
                    Some(OutputFormat::Nagios)
                } else {
                    None
                };
                if let Some(format) = format {
                    // clap's message without the usage block, on one line.
                    let text = e.render().to_string();
                    let line = text
                        .lines()
                        .take_while(|l| !l.starts_with("Usage:"))
                        .map(|l| l.trim().trim_start_matches("error: "))
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    // The command typed: the words that are subcommands, in order (flag values
                    // such as `-o json` are not).
                    let mut cmd = intops::cli::command();
                    let mut path = Vec::new();
                    for a in args.iter().skip(1).filter(|a| !a.starts_with('-')) {
                        if let Some(sub) = cmd.find_subcommand(a.as_str()).cloned() {
                            path.push(a.clone());
                            cmd = sub;
                        }
                    }
                    let command = path.join(" ");
                    exit_with_error(&command, "", &Error::usage(line), format);
                }
                // clap's colours only where ours would appear: a terminal, without NO_COLOR or
                // --no-color (the flag as typed: parsing failed).
                let color = intops::context::color_on(
                    args.iter().any(|a| a == "--no-color"),
                    std::io::stderr().is_terminal(),
                );
                let styled = e.render();
                print_err(&if color {
                    styled.ansi().to_string()
                } else {
                    styled.to_string()
                });
                std::process::exit(3);
            }
        },
    };
    let g = cli.global.options();

    // Commands that need no context or runtime run here; the sandbox (Err) needs only the runtime.
    let cmd = match cli.command {
        Command::Report(c) => Ok(c),
        Command::Local(Local::Sandbox(a)) => Err(a),
        Command::Local(Local::Completions(a)) => {
            print_out(&shell::completions(&a, intops::cli::command()));
            return;
        }
        Command::Local(Local::Man(a)) => match shell::man(&a, intops::cli::command()) {
            Ok(s) => {
                print_out(&s);
                return;
            }
            Err(e) => exit_with_error(&name, &g.profile, &e, g.output),
        },
        Command::Local(Local::Help(a)) => match shell::help(&a, intops::cli::command()) {
            Ok(s) => {
                print_out(&s);
                return;
            }
            Err(e) => exit_with_error(&name, &g.profile, &e, g.output),
        },
    };

    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => exit_with_error(
            &name,
            &g.profile,
            &Error::Other(format!("cannot start the runtime: {e}")),
            g.output,
        ),
    };
    let code = rt.block_on(async {
        let cmd = match cmd {
            Ok(c) => c,
            Err(a) => return match commands::sandbox::run(a, &g).await {
                Ok(SandboxOutcome::Printed(s)) => {
                    print_out(&s);
                    0
                }
                Ok(SandboxOutcome::Demo(reports)) => {
                    let ui = intops::context::Ui::detect(&g);
                    let mut worst = intops::report::Status::Ok;
                    for r in &reports {
                        print_out(&output::render(r, &ui));
                        worst = worst.worst(r.status);
                    }
                    // The exit code `intops doctor` gives for the same findings: 0 on the healthy
                    // scenario, non-zero on a failing one, as a drill should behave.
                    let line = format!(
                        "demo finished: worst status {}, exit {} as `intops doctor`; `intops help exit-codes` explains",
                        worst.as_str().to_uppercase(),
                        worst.exit_code()
                    );
                    print_err(&format!(
                        "{}\n",
                        output::wrap_hanging(&line, output::terminal_width(), "  ")
                    ));
                    worst.exit_code()
                }
                Err(e) => exit_with_error(&name, &g.profile, &e, g.output),
            },
        };
        let ctx = match Context::from_env(&g) {
            Ok(c) => c,
            Err(e) => exit_with_error(&name, &g.profile, &e, g.output),
        };
        match commands::run(&ctx, cmd, name.clone()).await {
            Ok(report) => {
                print_out(&output::render(&report, &ctx.ui));
                report.exit_code()
            }
            Err(e) => exit_with_error(&name, &g.profile, &e, g.output),
        }
    });
    drop(rt);
    std::process::exit(code);
}
