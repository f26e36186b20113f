//! The Postgres `message_queue` table: rows counted by status (and channel), the oldest failed
//! row, and `failed -> pending` in one transaction. Table and column names come from the
//! `[PROFILE.queue]` config section and are checked against information_schema first, so a wrong
//! name is an error that says what was expected, not an SQL error.

use super::TableNames;
use crate::error::{ApiError, Cause};
use crate::secrets::Secret;
use std::collections::BTreeSet;
use std::time::Duration;
use tokio_postgres::Client;

pub const VENDOR: &str = "postgres";

/// Where Postgres is, for messages: host, port and database, never the password.
pub fn describe_url(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| format!("{h}:{}{}", u.port().unwrap_or(5432), u.path()))
        })
        .unwrap_or_else(|| "the configured DATABASE_URL".into())
}

fn db_error(e: tokio_postgres::Error) -> ApiError {
    let msg = match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    };
    ApiError::new(VENDOR, Cause::Upstream, msg)
}

/// Quote `schema.table` or `column` as SQL identifiers.
pub fn ident(name: &str) -> String {
    name.split('.')
        .map(|p| format!("\"{}\"", p.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(".")
}

/// A string literal (the configured status values; also valid for an enum column).
pub fn lit(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

pub struct Table {
    client: Client,
    pub names: TableNames,
    pub columns: BTreeSet<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// (status, rows)
    pub by_status: Vec<(String, i64)>,
    /// (channel, status, rows), when the channel column exists.
    pub by_channel: Vec<(String, String, i64)>,
    pub oldest_failed: Option<Row>,
    pub oldest_pending_age_secs: Option<f64>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Row {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_secs: Option<i64>,
}

/// Which failed rows `retry-failed` moves.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub since: Option<Duration>,
    pub channel: Option<String>,
    pub limit: Option<i64>,
}

impl Table {
    pub async fn connect(
        url: &Secret,
        names: TableNames,
        timeout: Duration,
    ) -> Result<Table, ApiError> {
        let place = describe_url(url.expose());
        let unreachable = |e: String| {
            ApiError::new(VENDOR, Cause::Network, format!("cannot reach Postgres at {place}: {e}"))
                .hint(format!("is Postgres running at {place}? check DATABASE_URL (e.g. `psql \"$DATABASE_URL\" -c 'select 1'`)"))
        };
        let (client, conn) = tokio::time::timeout(timeout, super::pgtls::connect(url.expose()))
            .await
            .map_err(|_| unreachable(format!("no answer within {}s", timeout.as_secs_f32())))?
            .map_err(|e| match e.as_db_error() {
                Some(d) => ApiError::new(VENDOR, Cause::TokenInvalid, format!("{} ({})", d.message(), d.code().code()))
                    .hint("Postgres refused the login or database: check DATABASE_URL (`intops auth set DATABASE_URL`)"),
                None if e.to_string().starts_with("error performing TLS handshake") => unreachable(super::pgtls::with_causes(&e)).hint(super::pgtls::HANDSHAKE_HINT),
                None if e.to_string().starts_with("invalid") => ApiError::new(VENDOR, Cause::BadRequest, format!("DATABASE_URL is not a Postgres URL: {e}"))
                    .hint("DATABASE_URL looks like postgres://user:password@host:5432/database"),
                None => unreachable(e.to_string()),
            })?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let mut t = Table {
            client,
            names,
            columns: BTreeSet::new(),
        };
        t.columns = t.load_columns().await?;
        Ok(t)
    }

    async fn load_columns(&self) -> Result<BTreeSet<String>, ApiError> {
        let (schema, table) = match self.names.table.split_once('.') {
            Some((s, t)) => (Some(s.to_string()), t.to_string()),
            None => (None, self.names.table.clone()),
        };
        let rows = self
            .client
            .query(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_name = $2 AND table_schema = COALESCE($1, current_schema())",
                &[&schema, &table],
            )
            .await
            .map_err(db_error)?;
        let cols: BTreeSet<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
        if cols.is_empty() {
            return Err(ApiError::new(
                VENDOR,
                Cause::NotFound,
                format!(
                    "no table {} (expected a table with columns {}, {}, and optionally {}, {}, {})",
                    self.names.table,
                    self.names.id,
                    self.names.status,
                    self.names.channel,
                    self.names.updated,
                    self.names.created
                ),
            )
            .hint("set the table name in config.toml: [PROFILE.queue] table = \"schema.table\""));
        }
        for (what, col, key) in [
            ("id", &self.names.id, "id_column"),
            ("status", &self.names.status, "status_column"),
        ] {
            if !cols.contains(col) {
                return Err(self.missing(what, col, key, &cols));
            }
        }
        Ok(cols)
    }

    fn missing(&self, what: &str, col: &str, key: &str, cols: &BTreeSet<String>) -> ApiError {
        ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!(
                "table {} has no {what} column {col} (it has: {})",
                self.names.table,
                cols.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
        .hint(format!(
            "name the column in config.toml: [PROFILE.queue] {key} = \"...\""
        ))
    }

    pub fn has(&self, col: &str) -> bool {
        self.columns.contains(col)
    }

    /// The column that says when a row failed: `updated_column`, else `created_column`.
    fn time_column(&self) -> Option<&str> {
        [&self.names.updated, &self.names.created]
            .into_iter()
            .find(|c| self.has(c))
            .map(|s| s.as_str())
    }

    pub async fn counts(&self) -> Result<Counts, ApiError> {
        let n = &self.names;
        let t = ident(&n.table);
        let st = ident(&n.status);
        let mut c = Counts::default();
        let rows = self
            .client
            .query(
                &format!("SELECT {st}::text, count(*) FROM {t} GROUP BY 1 ORDER BY 1"),
                &[],
            )
            .await
            .map_err(db_error)?;
        c.by_status = rows
            .iter()
            .map(|r| {
                (
                    r.get::<_, Option<String>>(0)
                        .unwrap_or_else(|| "null".into()),
                    r.get(1),
                )
            })
            .collect();
        if self.has(&n.channel) {
            let ch = ident(&n.channel);
            let rows = self
                .client
                .query(
                    &format!("SELECT coalesce({ch}::text, 'null'), coalesce({st}::text, 'null'), count(*) FROM {t} GROUP BY 1, 2 ORDER BY 1, 2"),
                    &[],
                )
                .await
                .map_err(db_error)?;
            c.by_channel = rows
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
        }
        c.oldest_failed = self
            .rows(&Filter {
                limit: Some(1),
                ..Filter::default()
            })
            .await?
            .into_iter()
            .next();
        if let Some(tc) = self.time_column() {
            let tc = ident(tc);
            let row = self
                .client
                .query_one(
                    &format!("SELECT extract(epoch from now() - min({tc}))::float8 FROM {t} WHERE {st}::text = {}", lit(&n.pending)),
                    &[],
                )
                .await
                .map_err(db_error)?;
            c.oldest_pending_age_secs = row.get(0);
        }
        Ok(c)
    }

    /// WHERE clause and parameters for failed rows matching the filter.
    fn where_failed(&self, f: &Filter) -> Result<(String, Vec<String>), ApiError> {
        let mut sql = format!(
            "{}::text = {}",
            ident(&self.names.status),
            lit(&self.names.failed)
        );
        let mut params = Vec::new();
        if let Some(since) = f.since {
            let tc = self.time_column().ok_or_else(|| {
                self.missing("time", &self.names.updated, "updated_column", &self.columns)
            })?;
            params.push(format!("{} seconds", since.as_secs()));
            sql.push_str(&format!(
                " AND {} >= now() - ${}::text::interval",
                ident(tc),
                params.len()
            ));
        }
        if let Some(ch) = &f.channel {
            if !self.has(&self.names.channel) {
                return Err(self.missing(
                    "channel",
                    &self.names.channel,
                    "channel_column",
                    &self.columns,
                ));
            }
            params.push(ch.clone());
            sql.push_str(&format!(
                " AND {}::text = ${}",
                ident(&self.names.channel),
                params.len()
            ));
        }
        Ok((sql, params))
    }

    fn order(&self) -> String {
        match self.time_column() {
            Some(tc) => format!("{} ASC, {}", ident(tc), ident(&self.names.id)),
            None => ident(&self.names.id),
        }
    }

    fn select_list(&self) -> String {
        let n = &self.names;
        let opt = |c: &str| {
            if self.has(c) {
                format!("{}::text", ident(c))
            } else {
                "NULL::text".into()
            }
        };
        let age = match self.time_column() {
            Some(tc) => format!("extract(epoch from now() - {})::float8", ident(tc)),
            None => "NULL::float8".into(),
        };
        format!(
            "{}::text, {}, {}, {age}",
            ident(&n.id),
            opt(&n.channel),
            opt(&n.error)
        )
    }

    fn to_row(r: &tokio_postgres::Row) -> Row {
        Row {
            id: r.get(0),
            channel: r.get(1),
            error: r.get(2),
            age_secs: r.get::<_, Option<f64>>(3).map(|a| a as i64),
        }
    }

    /// How many failed rows match, without locking anything.
    pub async fn count_failed(&self, f: &Filter) -> Result<i64, ApiError> {
        let (w, params) = self.where_failed(f)?;
        let p: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
            params.iter().map(|s| s as _).collect();
        let row = self
            .client
            .query_one(
                &format!(
                    "SELECT count(*) FROM {} WHERE {w}",
                    ident(&self.names.table)
                ),
                &p,
            )
            .await
            .map_err(db_error)?;
        Ok(row.get(0))
    }

    /// The failed rows that match, oldest first.
    pub async fn rows(&self, f: &Filter) -> Result<Vec<Row>, ApiError> {
        let (w, params) = self.where_failed(f)?;
        let p: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
            params.iter().map(|s| s as _).collect();
        let limit = f.limit.map(|l| format!(" LIMIT {l}")).unwrap_or_default();
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT {} FROM {} WHERE {w} ORDER BY {}{limit}",
                    self.select_list(),
                    ident(&self.names.table),
                    self.order()
                ),
                &p,
            )
            .await
            .map_err(db_error)?;
        Ok(rows.iter().map(Self::to_row).collect())
    }

    /// `failed -> pending` for the matching rows, in one transaction; rows another session holds
    /// are skipped rather than waited for. Returns the rows moved.
    pub async fn retry_failed(&mut self, f: &Filter) -> Result<Vec<Row>, ApiError> {
        let (w, params) = self.where_failed(f)?;
        let t = ident(&self.names.table);
        let limit = f.limit.map(|l| format!(" LIMIT {l}")).unwrap_or_default();
        let touch = if self.has(&self.names.updated) {
            format!(", {} = now()", ident(&self.names.updated))
        } else {
            String::new()
        };
        let sql = format!(
            "UPDATE {t} SET {st} = {pending}{touch} WHERE ctid IN (SELECT ctid FROM {t} WHERE {w} ORDER BY {ord}{limit} FOR UPDATE SKIP LOCKED) RETURNING {sel}",
            st = ident(&self.names.status),
            pending = lit(&self.names.pending),
            ord = self.order(),
            sel = self.select_list(),
        );
        let tx = self.client.transaction().await.map_err(db_error)?;
        let p: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
            params.iter().map(|s| s as _).collect();
        let rows = tx.query(&sql, &p).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(rows.iter().map(Self::to_row).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_per_part() {
        assert_eq!(ident("message_queue"), "\"message_queue\"");
        assert_eq!(ident("ops.message_queue"), "\"ops\".\"message_queue\"");
        assert_eq!(ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(lit("it's"), "'it''s'");
    }

    #[test]
    fn urls_are_described_without_passwords() {
        assert_eq!(
            describe_url("postgres://u:hunter2@db:6543/app"),
            "db:6543/app"
        );
        assert_eq!(
            super::super::backlog::describe_url("redis://:hunter2@cache:6380/0"),
            "cache:6380"
        );
    }
}
