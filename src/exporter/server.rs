//! The HTTP side: axum routes, the listener and a clean shutdown on SIGTERM or Ctrl-C.

use super::{render, Exporter};
use crate::error::{Error, Result};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

async fn metrics(State(ex): State<Arc<Exporter>>) -> Response {
    ex.count_scrape();
    ([(header::CONTENT_TYPE, TEXT_FORMAT)], render::metrics(&ex)).into_response()
}

async fn probe(
    State(ex): State<Arc<Exporter>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(name) = q.get("check") else {
        return (
            StatusCode::BAD_REQUEST,
            "missing ?check=NAME (e.g. /probe?check=whatsapp_token)\n",
        )
            .into_response();
    };
    let Some(i) = ex.index(name) else {
        let known: Vec<&str> = ex.states.iter().map(|s| s.id.label()).collect();
        return (
            StatusCode::NOT_FOUND,
            format!(
                "unknown check {:?}; known: {}\n",
                crate::redact::redact(name),
                known.join(", ")
            ),
        )
            .into_response();
    };
    ex.probe(i).await;
    ([(header::CONTENT_TYPE, TEXT_FORMAT)], render::probe(&ex, i)).into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

pub fn router(ex: Arc<Exporter>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/probe", get(probe))
        .route("/healthz", get(healthz))
        .route(
            "/",
            get(|| async { "intops exporter: /metrics, /probe?check=NAME, /healthz\n" }),
        )
        .with_state(ex)
}

/// Resolves on SIGTERM or SIGINT, with the signal's name.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "SIGINT"
    }
}

/// Serve until a stop signal; returns the signal's name. The schedule runs alongside.
pub async fn serve(ex: Arc<Exporter>, listen: SocketAddr) -> Result<&'static str> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        Error::config(format!(
            "cannot listen on {listen}: {e}; pick another address with --listen (e.g. 127.0.0.1:9464)"
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Other(format!("listener address: {e}")))?;
    ex.mark_skipped();
    let tasks: Vec<_> = (0..ex.states.len())
        .filter(|i| ex.states[*i].missing.is_none())
        .map(|i| tokio::spawn(ex.clone().schedule_loop(i)))
        .collect();
    ex.log.event(
        "info",
        "listening",
        &[
            ("addr", addr.to_string()),
            ("profile", ex.ctx.profile.clone()),
            ("checks_configured", ex.configured().to_string()),
        ],
    );
    let (tx, rx) = tokio::sync::oneshot::channel::<&'static str>();
    let served = axum::serve(listener, router(ex.clone())).with_graceful_shutdown(async move {
        let sig = stop_signal().await;
        let _ = tx.send(sig);
    });
    let result = served.await;
    // Runs still under way are cancelled: their requests are dropped, nothing is half-written.
    for t in &tasks {
        t.abort();
    }
    // Wait for each to end: a run past its last await point still logs its line, and "stopped"
    // must be the last line of the log.
    for t in tasks {
        let _ = t.await;
    }
    result.map_err(|e| Error::Other(format!("exporter server: {e}")))?;
    let sig = rx.await.unwrap_or("shutdown");
    ex.log.event(
        "info",
        "stopped",
        &[
            ("signal", sig.to_string()),
            (
                "scrapes",
                ex.scrapes
                    .load(std::sync::atomic::Ordering::Relaxed)
                    .to_string(),
            ),
        ],
    );
    Ok(sig)
}
