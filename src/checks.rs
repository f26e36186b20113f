//! The checks `doctor` runs, named by type: doctor's `--check`, the incident flows and the
//! Prometheus output all refer to a [`CheckId`], so a flow cannot name a check that does not exist.

use clap::builder::PossibleValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckId {
    WhatsappToken,
    WhatsappPhone,
    WhatsappMetrics,
    Webhooks,
    Calendly,
    Zoho,
    Elevenlabs,
    Rets,
    Queue,
    StatusPages,
    Messenger,
}

impl CheckId {
    /// Every check, in doctor's table order.
    pub const ALL: [CheckId; 11] = [
        CheckId::WhatsappToken,
        CheckId::WhatsappPhone,
        CheckId::WhatsappMetrics,
        CheckId::Webhooks,
        CheckId::Calendly,
        CheckId::Zoho,
        CheckId::Elevenlabs,
        CheckId::Rets,
        CheckId::Queue,
        CheckId::StatusPages,
        CheckId::Messenger,
    ];

    /// The row name in doctor's table and reports, and what `--check` accepts.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::WhatsappToken => "whatsapp token",
            CheckId::WhatsappPhone => "whatsapp phone",
            CheckId::WhatsappMetrics => "whatsapp metrics",
            CheckId::Webhooks => "webhooks",
            CheckId::Calendly => "calendly",
            CheckId::Zoho => "zoho",
            CheckId::Elevenlabs => "elevenlabs",
            CheckId::Rets => "rets",
            CheckId::Queue => "queue",
            CheckId::StatusPages => "status pages",
            CheckId::Messenger => "messenger",
        }
    }

    /// A stable metric label value (no spaces): `whatsapp_token`.
    pub fn label(self) -> &'static str {
        match self {
            CheckId::WhatsappToken => "whatsapp_token",
            CheckId::WhatsappPhone => "whatsapp_phone",
            CheckId::WhatsappMetrics => "whatsapp_metrics",
            CheckId::Webhooks => "webhooks",
            CheckId::Calendly => "calendly",
            CheckId::Zoho => "zoho",
            CheckId::Elevenlabs => "elevenlabs",
            CheckId::Rets => "rets",
            CheckId::Queue => "queue",
            CheckId::StatusPages => "status_pages",
            CheckId::Messenger => "messenger",
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--check "whatsapp token"` (today's spelling), also `whatsapp-token` and `whatsapp_token`.
impl clap::ValueEnum for CheckId {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let mut v = PossibleValue::new(self.as_str());
        if self.label() != self.as_str() {
            v = v.alias(self.label()).alias(self.label().replace('_', "-"));
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn names_and_labels_are_unique_and_parse_back() {
        for id in CheckId::ALL {
            assert_eq!(CheckId::from_str(id.as_str(), false), Ok(id));
            assert_eq!(CheckId::from_str(id.label(), false), Ok(id));
            assert!(!id.label().contains(' '));
            assert_eq!(
                CheckId::ALL
                    .iter()
                    .filter(|o| o.label() == id.label())
                    .count(),
                1
            );
        }
        assert_eq!(
            CheckId::from_str("whatsapp-token", false),
            Ok(CheckId::WhatsappToken)
        );
    }
}
