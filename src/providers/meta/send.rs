//! Sending a WhatsApp message: `POST /{phone-number-id}/messages` (text or template).

use super::client::incomplete;
use super::Meta;
use crate::error::ApiError;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SentMessage {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub message_status: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SentContact {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub wa_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SendResult {
    #[serde(default)]
    pub contacts: Vec<SentContact>,
    #[serde(default)]
    pub messages: Vec<SentMessage>,
}

/// What to send in a test message.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Text(String),
    Template { name: String, language: String },
}

impl Meta {
    pub async fn send(
        &self,
        phone_id: &str,
        to: &str,
        what: &Outgoing,
    ) -> Result<SendResult, ApiError> {
        let body = match what {
            Outgoing::Text(text) => json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "text",
                "text": {"body": text, "preview_url": false}
            }),
            // `policy: deterministic` is the only language policy the Cloud API documents.
            Outgoing::Template { name, language } => json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": {"name": name, "language": {"policy": "deterministic", "code": language}}
            }),
        };
        let req = self
            .request(Method::POST, &format!("/{phone_id}/messages"))?
            .json(body);
        let sent: SendResult = self.get_json(req, "the sent message").await?;
        if sent.messages.iter().all(|m| m.id.is_none()) {
            return Err(incomplete("the sent message", "messages[].id"));
        }
        Ok(sent)
    }
}
