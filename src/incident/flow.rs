//! The incident flows: what each is called, its default severity, which runbook it follows and
//! which `doctor` checks detect it (by [`CheckId`], so no check logic is written twice).

use crate::checks::CheckId;

#[derive(Debug, Clone, Copy)]
pub struct Flow {
    pub name: &'static str,
    pub title: &'static str,
    pub severity: &'static str,
    pub runbook: &'static str,
    /// `doctor` rows that detect this incident.
    pub checks: &'static [CheckId],
    /// Whether messages queue up while it lasts (the Resolution counts the backlog).
    pub queues: bool,
}

pub const FLOWS: &[Flow] = &[
    Flow {
        name: "whatsapp-outage",
        title: "WhatsApp API outage",
        severity: "SEV-1",
        runbook: "whatsapp-outage",
        checks: &[
            CheckId::WhatsappToken,
            CheckId::WhatsappPhone,
            CheckId::WhatsappMetrics,
            CheckId::Webhooks,
            CheckId::Queue,
            CheckId::StatusPages,
        ],
        queues: true,
    },
    Flow {
        name: "messenger-delivery",
        title: "Facebook Messenger message delivery failure",
        severity: "SEV-2",
        runbook: "integration-failures",
        // The Page token, the Page's and the app's `messages` subscriptions and the callback; the
        // Graph API's own health is on Meta's status page.
        checks: &[CheckId::Messenger, CheckId::StatusPages],
        queues: false,
    },
    Flow {
        name: "rets-sync",
        title: "RETS / MLS listing sync failure",
        severity: "SEV-3",
        runbook: "integration-failures",
        checks: &[CheckId::Rets],
        queues: false,
    },
    Flow {
        name: "zoho-sync",
        title: "Zoho CRM sync failure",
        severity: "SEV-2",
        runbook: "integration-failures",
        checks: &[CheckId::Zoho, CheckId::StatusPages],
        queues: false,
    },
    Flow {
        name: "calendly-webhooks",
        title: "Calendly webhooks not arriving",
        severity: "SEV-2",
        runbook: "integration-failures",
        checks: &[CheckId::Calendly, CheckId::StatusPages],
        queues: false,
    },
    Flow {
        name: "elevenlabs-calls",
        title: "ElevenLabs voice calls failing",
        severity: "SEV-1",
        runbook: "integration-failures",
        checks: &[CheckId::Elevenlabs, CheckId::StatusPages],
        queues: false,
    },
    Flow {
        name: "meta-leads",
        title: "Meta Lead Ads not arriving",
        severity: "SEV-2",
        runbook: "integration-failures",
        // webhook status covers the Lead Ads subscription and page install.
        checks: &[CheckId::Webhooks],
        queues: false,
    },
];

pub fn find(name: &str) -> Option<&'static Flow> {
    FLOWS.iter().find(|f| f.name == name)
}

pub fn names() -> Vec<&'static str> {
    FLOWS.iter().map(|f| f.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flow_follows_an_embedded_runbook_and_has_checks() {
        for f in FLOWS {
            assert!(crate::runbooks::find(f.runbook).is_some(), "{}", f.name);
            assert!(!f.checks.is_empty(), "{}", f.name);
        }
        assert_eq!(
            names(),
            vec![
                "whatsapp-outage",
                "messenger-delivery",
                "rets-sync",
                "zoho-sync",
                "calendly-webhooks",
                "elevenlabs-calls",
                "meta-leads"
            ]
        );
    }
}
