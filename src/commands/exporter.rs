//! `intops exporter --listen ADDR`: the long-running Prometheus exporter (see `crate::exporter`).
//! Runs until SIGTERM or Ctrl-C, then exits 0.

use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::exporter::log::{Log, LogFormat};
use crate::exporter::{server, Exporter};
use crate::report::{Report, Step};
use clap::Args;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct ExporterArgs {
    /// Address to serve /metrics, /probe?check=NAME and /healthz on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9464")]
    pub listen: SocketAddr,
    /// Log lines on stderr: text, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

pub async fn run(ctx: &Context, a: ExporterArgs) -> Result<Report> {
    let log = Log {
        format: a.log_format,
    };
    let ex = Arc::new(Exporter::new(ctx.clone(), log)?);
    let sig = server::serve(ex.clone(), a.listen).await?;
    let scrapes = ex.scrapes.load(std::sync::atomic::Ordering::Relaxed);
    Ok(report(
        ctx,
        vec![Step::ok(
            "exporter",
            format!("stopped on {sig} after {scrapes} scrapes"),
        )],
    ))
}
