//! Errors. `ApiError` is what every provider returns for a failed vendor call; `Error` is what a
//! command returns when it cannot produce a report. Only main.rs maps them to exit codes
//! (see [`Error::exit_code`], the one table).

use std::time::Duration;

/// Why a vendor call failed, independent of the vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    TokenExpired,
    TokenInvalid,
    Permission,
    RateLimited {
        retry_after: Option<Duration>,
    },
    /// Blocked for policy, spam or quality reasons: do not retry fast.
    Policy,
    /// Account-level problem: billing, number registration, WABA state.
    Account,
    /// The recipient cannot receive this message (not on WhatsApp, outside the 24 h window).
    Recipient,
    /// The vendor rejected the request itself (bad parameter, unknown field).
    BadRequest,
    NotFound,
    /// The vendor answered with a server error or an outage page.
    Upstream,
    /// We could not reach the vendor (DNS, TCP, TLS, timeout).
    Network,
    /// The vendor answered something we cannot read.
    Malformed,
    /// `--dry-run`: the request was printed, not sent.
    DryRun,
}

impl Cause {
    pub fn label(&self) -> &'static str {
        match self {
            Cause::TokenExpired => "token expired",
            Cause::TokenInvalid => "token invalid",
            Cause::Permission => "permission missing",
            Cause::RateLimited { .. } => "rate limited",
            Cause::Policy => "blocked by policy",
            Cause::Account => "account problem",
            Cause::Recipient => "recipient cannot receive",
            Cause::BadRequest => "request rejected",
            Cause::NotFound => "not found",
            Cause::Upstream => "vendor error",
            Cause::Network => "unreachable",
            Cause::Malformed => "unreadable answer",
            Cause::DryRun => "dry run",
        }
    }
}

/// A failed vendor call, classified once in its provider.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{vendor}: {message}")]
pub struct ApiError {
    pub vendor: &'static str,
    pub cause: Cause,
    /// One line, already redacted, in the vendor's own words where they help.
    pub message: String,
    /// The vendor's error code (`190/463`, `invalid_client`, `20036`, ...).
    pub code: Option<String>,
    pub http_status: Option<u16>,
    /// Support id the vendor gave (Meta `fbtrace_id`, request ids).
    pub trace_id: Option<String>,
    /// What to do next.
    pub hint: Option<String>,
}

impl ApiError {
    pub fn new(vendor: &'static str, cause: Cause, message: impl Into<String>) -> Self {
        ApiError {
            vendor,
            cause,
            message: crate::redact::redact(&message.into()),
            code: None,
            http_status: None,
            trace_id: None,
            hint: None,
        }
    }
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }
    pub fn http(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }
    pub fn trace(mut self, id: Option<String>) -> Self {
        self.trace_id = id;
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_default_hint(mut self, hint: impl Into<String>) -> Self {
        if self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }
    pub fn is_dry_run(&self) -> bool {
        self.cause == Cause::DryRun
    }

    /// The one line an engineer reads: cause, vendor words, code, HTTP status and trace id.
    pub fn line(&self) -> String {
        let mut s = format!("{}: {}", self.cause.label(), self.message);
        let mut extra = Vec::new();
        if let Some(c) = &self.code {
            extra.push(format!("code {c}"));
        }
        if let Some(h) = self.http_status {
            extra.push(format!("HTTP {h}"));
        }
        if let Some(t) = &self.trace_id {
            extra.push(format!("trace {t}"));
        }
        if let Cause::RateLimited {
            retry_after: Some(d),
        } = &self.cause
        {
            extra.push(format!("retry after {}s", d.as_secs()));
        }
        if !extra.is_empty() {
            s.push_str(&format!(" ({})", extra.join(", ")));
        }
        s
    }

    /// The report status this failure deserves: an unreadable answer is unknown, everything
    /// else means the integration is not working from here.
    pub fn status(&self) -> crate::report::Status {
        use crate::report::Status;
        match self.cause {
            Cause::Malformed => Status::Unknown,
            Cause::DryRun => Status::Skipped,
            _ => Status::Crit,
        }
    }

    /// Turn this failure into a report step.
    pub fn step(&self, name: &str) -> crate::report::Step {
        let mut step = crate::report::Step::new(name, self.status(), self.line())
            .with("cause", self.cause.label())
            .with("vendor", self.vendor);
        if let Some(c) = &self.code {
            step = step.with("code", c.clone());
        }
        if let Some(h) = self.http_status {
            step = step.with("http_status", h);
        }
        if let Some(t) = &self.trace_id {
            step = step.with("trace_id", t.clone());
        }
        if let Cause::RateLimited {
            retry_after: Some(d),
        } = &self.cause
        {
            step = step.with("retry_after_secs", d.as_secs());
        }
        step.maybe_hint(self.hint.clone())
    }
}

/// Errors that stop a command before it has a report. Each text names the fix.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("missing credential {name} (profile {profile})")]
    MissingSecret {
        name: String,
        profile: String,
        /// Whether a keyring backend is usable here (else `auth set` is not suggested).
        keyring: bool,
    },
    #[error("{0}")]
    Config(String),
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    NeedsConfirmation(String),
    #[error(transparent)]
    Api(Box<ApiError>),
    #[error("{0}")]
    Other(String),
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl Error {
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }
    pub fn config(msg: impl Into<String>) -> Self {
        Error::Config(msg.into())
    }

    /// The one table that maps errors to exit codes (README.md, "Output and exit codes").
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_)
            | Error::MissingSecret { .. }
            | Error::Config(_)
            | Error::NeedsConfirmation(_) => 3,
            Error::Cancelled => 130,
            Error::Api(e) => e.status().exit_code(),
            Error::Other(_) => 2,
        }
    }

    pub fn status(&self) -> crate::report::Status {
        use crate::report::Status;
        match self.exit_code() {
            0 => Status::Ok,
            1 => Status::Warn,
            2 => Status::Crit,
            _ => Status::Unknown,
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            Error::MissingSecret {
                name,
                profile,
                keyring,
            } => Some(missing_hint(name, profile, *keyring)),
            Error::NeedsConfirmation(_) => Some(
                "re-run with --yes to confirm, or --dry-run to see the requests without sending them".into(),
            ),
            Error::Api(e) => e.hint.clone(),
            Error::Usage(_) => Some("see `intops --help` or `intops help exit-codes`".into()),
            _ => None,
        }
    }

    pub fn line(&self) -> String {
        match self {
            Error::Api(e) => format!("{}: {}", e.vendor, e.line()),
            other => other.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The one hint for a value that is not set: what works here. `intops auth set` only when a
/// keyring backend is usable (not with INTOPS_KEYRING=none or an unavailable backend).
pub fn missing_hint(name: &str, profile: &str, keyring: bool) -> String {
    let mut h = format!("export {name}=... or pass --env-file PATH (a .env that sets {name})");
    if keyring {
        let p = if profile == "default" {
            String::new()
        } else {
            format!(" --profile {profile}")
        };
        h.push_str(&format!(", or store it: `intops auth set {name}{p}`"));
    }
    h
}
