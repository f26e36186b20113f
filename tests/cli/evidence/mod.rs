//! No OK without evidence (issue 10 §1): vendor fakes on wiremock that answer 2xx without what
//! the verdict needs, with implausible numbers, with lists that loop or run long, and with the
//! error shapes the vendors document. Each test states what an engineer would see.

mod calendly;
mod doctor;
mod elevenlabs;
mod meta;
mod rets;
mod zoho;

use crate::common::Home;
use wiremock::MockServer;

/// A wiremock server on its own runtime, kept alive for the test.
pub struct Fake {
    pub rt: tokio::runtime::Runtime,
    pub server: MockServer,
}

impl Fake {
    pub fn start() -> Self {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(MockServer::start());
        Fake { rt, server }
    }
    pub fn mount(&self, m: wiremock::Mock) {
        self.rt.block_on(m.mount(&self.server));
    }
    pub fn uri(&self) -> String {
        self.server.uri()
    }
    /// Query strings of the requests received on `path`, in order.
    pub fn queries(&self, path: &str) -> Vec<String> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path() == path)
            .map(|r| r.url.query().unwrap_or("").to_string())
            .collect()
    }
}

/// intops with only these variables set.
pub fn cmd(h: &Home, vars: &[(&str, &str)]) -> assert_cmd::Command {
    let mut c = h.cmd();
    for (k, v) in vars {
        c.env(k, v);
    }
    c
}
