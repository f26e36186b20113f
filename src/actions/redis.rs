//! `kind = "redis"`: one command against the Redis in `url_from`.

use super::Outcome;
use crate::context::Context;
use crate::error::Result;
use std::time::Duration;

pub async fn run(
    ctx: &Context,
    command: &[String],
    url_from: &str,
    timeout: Duration,
) -> Result<Outcome> {
    let url = ctx.secrets.get(url_from)?;
    let work = async {
        let client = redis::Client::open(url.expose())
            .map_err(|e| format!("{url_from} is not a Redis URL: {e}"))?;
        let mut conn = client
            .get_multiplexed_async_connection()
            .await
            .map_err(|e| format!("cannot connect to the Redis in {url_from}: {e}"))?;
        let mut cmd = redis::cmd(&command[0]);
        for a in &command[1..] {
            cmd.arg(a);
        }
        cmd.query_async::<redis::Value>(&mut conn)
            .await
            .map_err(|e| e.to_string())
    };
    Ok(match tokio::time::timeout(timeout, work).await {
        Err(_) => Outcome::failed(
            format!("no answer from Redis within {}s", timeout.as_secs_f64()),
            "",
        ),
        Ok(Err(e)) => Outcome::failed(e, ""),
        Ok(Ok(v)) => Outcome::ok(format!("Redis replied {}", show(&v)), ""),
    })
}

fn show(v: &redis::Value) -> String {
    use redis::Value as V;
    match v {
        V::Nil => "nil".into(),
        V::Int(i) => i.to_string(),
        V::Okay => "OK".into(),
        V::SimpleString(s) => s.clone(),
        V::BulkString(b) => format!("{:?}", String::from_utf8_lossy(b)),
        V::Array(a) => format!("{} item(s)", a.len()),
        other => format!("{other:?}"),
    }
}
