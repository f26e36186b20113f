//! Parse, build the context, run, render, exit code. Nothing else.

use clap::error::ErrorKind;
use intops::cli::{Command, Local};
use intops::commands::{self, sandbox::SandboxOutcome, shell};
use intops::context::{Context, OutputFormat};
use intops::error::Error;
use intops::output;
use std::io::Write;

fn print_out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(s.as_bytes());
    let _ = o.flush();
}

fn print_err(s: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(s.as_bytes());
}

/// `--output json` as the user typed it, for errors met before clap finished parsing.
fn wants_json(args: &[String]) -> bool {
    args.windows(2)
        .any(|w| (w[0] == "--output" || w[0] == "-o") && w[1] == "json")
        || args.iter().any(|a| a == "--output=json" || a == "-ojson")
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

    let args: Vec<String> = std::env::args().collect();
    let (cli, name) = match intops::cli::try_parse(&args) {
        Ok(c) => c,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                print_out(&e.to_string());
                std::process::exit(0);
            }
            _ => {
                // Usage errors exit 3 (unknown), not clap's 2 (which means crit here).
                if wants_json(&args) {
                    // clap's message without the usage block, on one line.
                    let text = e.render().to_string();
                    let line = text
                        .lines()
                        .take_while(|l| !l.starts_with("Usage:"))
                        .map(|l| l.trim().trim_start_matches("error: "))
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    exit_with_error("", "", &Error::usage(line), OutputFormat::Json);
                }
                print_err(&e.render().ansi().to_string());
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
                    // The demo succeeded if it ran: a newcomer's first command should not end in
                    // a failure. What the checks found is said, with the code `doctor` would use.
                    print_err(&format!(
                        "demo finished: worst status {} (`intops doctor` would exit {}); `intops help exit-codes` explains\n",
                        worst.as_str().to_uppercase(),
                        worst.exit_code()
                    ));
                    0
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
