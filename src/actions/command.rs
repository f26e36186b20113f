//! `kind = "command"`: an argv run without a shell, stdin closed, killed at the timeout.

use super::Outcome;
use crate::context::Context;
use crate::error::{Error, Result};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

pub async fn run(
    ctx: &Context,
    argv: &[String],
    env: &[String],
    timeout: Duration,
) -> Result<Outcome> {
    let mut cmd = tokio::process::Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for name in env {
        cmd.env(name, ctx.secrets.get(name)?.expose());
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Ok(Outcome::failed(
                format!(
                    "cannot start {}: {e} (is it installed and on PATH?)",
                    argv[0]
                ),
                "",
            ))
        }
    };
    let out = child.stdout.take().map(read_bounded);
    let err = child.stderr.take().map(read_bounded);
    let waited = tokio::time::timeout(timeout, async {
        let (o, e, status) = tokio::join!(
            async {
                match out {
                    Some(f) => f.await,
                    None => String::new(),
                }
            },
            async {
                match err {
                    Some(f) => f.await,
                    None => String::new(),
                }
            },
            child.wait()
        );
        (o, e, status)
    })
    .await;
    let Ok((stdout, stderr, status)) = waited else {
        // kill_on_drop ends the child when `child` goes out of scope.
        return Ok(Outcome::failed(
            format!(
                "{} did not finish within {}s and was stopped",
                argv[0],
                timeout.as_secs_f64()
            ),
            "",
        ));
    };
    let status = status.map_err(|e| Error::Other(format!("waiting for {}: {e}", argv[0])))?;
    let mut output = stdout;
    if !stderr.is_empty() {
        if !output.is_empty() && !output.ends_with('\n') {
            output.push('\n');
        }
        output.push_str(&stderr);
    }
    Ok(match status.code() {
        Some(0) => Outcome::ok(format!("{} exited 0", argv[0]), output),
        Some(c) => Outcome::failed(format!("{} exited {c}", argv[0]), output),
        None => Outcome::failed(format!("{} was killed by a signal", argv[0]), output),
    })
}

/// Keep the first [`super::OUTPUT_LIMIT`] bytes and drain the rest, so a chatty command never
/// blocks on a full pipe nor fills our memory.
async fn read_bounded(mut r: impl AsyncRead + Unpin) -> String {
    let mut kept = Vec::new();
    let _ = (&mut r)
        .take(super::OUTPUT_LIMIT as u64 + 1)
        .read_to_end(&mut kept)
        .await;
    let _ = tokio::io::copy(&mut r, &mut tokio::io::sink()).await;
    String::from_utf8_lossy(&kept).into_owned()
}
