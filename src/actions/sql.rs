//! `kind = "sql"`: one statement (the extended protocol refuses two) against the database in
//! `url_from`, with TLS as libpq would for its `sslmode`
//! (the queue's connector).

use super::Outcome;
use crate::context::Context;
use crate::error::Result;
use std::time::Duration;

pub async fn run(
    ctx: &Context,
    statement: &str,
    url_from: &str,
    timeout: Duration,
) -> Result<Outcome> {
    let url = ctx.secrets.get(url_from)?;
    let work = async {
        let (client, conn) = crate::queue::pgtls::connect(url.expose())
            .await
            .map_err(|e| {
                format!(
                    "cannot connect to the database in {url_from}: {}",
                    crate::queue::pgtls::with_causes(&e)
                )
            })?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        client
            .execute(statement, &[])
            .await
            .map_err(|e| match e.as_db_error() {
                Some(d) => format!("{} ({})", d.message(), d.code().code()),
                None => e.to_string(),
            })
    };
    Ok(match tokio::time::timeout(timeout, work).await {
        Err(_) => Outcome::failed(
            format!(
                "no answer from the database within {}s",
                timeout.as_secs_f64()
            ),
            "",
        ),
        Ok(Err(e)) => Outcome::failed(e, ""),
        Ok(Ok(n)) => Outcome::ok(format!("{n} row(s) affected"), ""),
    })
}
