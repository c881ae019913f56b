//! Outgoing e-mail: SMTP through lettre when `APPELLO_SMTP_URL` is set, otherwise files in an
//! outbox folder, so that a fresh install sends nothing by accident. Mail always goes through
//! the job queue, so a down SMTP server delays messages and loses none.

use std::path::PathBuf;

use base64::Engine;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

use super::state::AppState;

/// Where mail goes.
#[derive(Clone, Debug)]
pub enum MailSettings {
    /// An SMTP URL as lettre reads it: `smtp://host:port` (plain, for a local relay),
    /// `smtp://user:password@host:587?tls=required`, or `smtps://host`.
    Smtp { url: String, from: String },
    /// Each message becomes an `.eml` file in this folder.
    Outbox { folder: PathBuf, from: String },
}

impl MailSettings {
    pub fn from(&self) -> &str {
        match self {
            MailSettings::Smtp { from, .. } | MailSettings::Outbox { from, .. } => from,
        }
    }
}

/// A message as queued: everything needed to send it later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    #[serde(default)]
    pub attachments: Vec<EmailAttachment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAttachment {
    pub filename: String,
    pub content_type: String,
    /// The content in standard base64.
    pub base64: String,
}

/// Builds the MIME message of `email`.
pub fn build_message(from: &str, email: &Email) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("invalid sender address {from:?}: {e}"))?;
    let to: Mailbox = email.to.parse().map_err(|e| format!("invalid recipient address: {e}"))?;
    let builder = Message::builder().from(from).to(to).subject(email.subject.clone());
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(email.text.clone());
    if email.attachments.is_empty() {
        return builder.singlepart(text).map_err(|e| e.to_string());
    }
    let mut parts = MultiPart::mixed().singlepart(text);
    for attachment in &email.attachments {
        let content = base64::engine::general_purpose::STANDARD
            .decode(&attachment.base64)
            .map_err(|e| format!("attachment {} is not base64: {e}", attachment.filename))?;
        let content_type = ContentType::parse(&attachment.content_type)
            .map_err(|e| format!("attachment {} has an invalid type: {e}", attachment.filename))?;
        parts = parts.singlepart(Attachment::new(attachment.filename.clone()).body(content, content_type));
    }
    builder.multipart(parts).map_err(|e| e.to_string())
}

/// Sends the e-mail of an `email` job. The error text is stored with the job for the retry;
/// it names no recipient, so the queue's logs hold no personal data.
pub async fn send_job(state: &AppState, payload: &str) -> Result<(), String> {
    let email: Email = serde_json::from_str(payload).map_err(|e| format!("invalid e-mail job: {e}"))?;
    deliver(state, &email).await
}

/// Sends one message now, through SMTP or into the outbox.
pub async fn deliver(state: &AppState, email: &Email) -> Result<(), String> {
    let settings = &state.settings.mail;
    let message = build_message(settings.from(), email)?;
    match settings {
        MailSettings::Smtp { url, .. } => {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| format!("invalid SMTP URL: {e}"))?
                .build();
            transport.send(message).await.map(|_| ()).map_err(|e| format!("SMTP delivery failed: {e}"))
        }
        MailSettings::Outbox { folder, .. } => {
            let folder = folder.clone();
            let bytes = message.formatted();
            let readable = readable_copy(email);
            tokio::task::spawn_blocking(move || {
                std::fs::create_dir_all(&folder)?;
                let name = uuid::Uuid::now_v7();
                // The .txt copy first, so that a visible .eml always has its readable twin.
                std::fs::write(folder.join(format!("{name}.txt")), readable)?;
                std::fs::write(folder.join(format!("{name}.eml")), bytes)
            })
            .await
            .map_err(|e| format!("outbox write failed: {e}"))?
            .map_err(|e| format!("outbox write failed: {e}"))
        }
    }
}

/// Renders a message as plain text for people reading the outbox, since the .eml file encodes
/// the Russian text in base64.
fn readable_copy(email: &Email) -> String {
    let mut text = format!("To: {}\nSubject: {}\n\n{}\n", email.to, email.subject, email.text);
    for attachment in &email.attachments {
        text.push_str(&format!("\nAttachment: {} ({})\n", attachment.filename, attachment.content_type));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_text_and_attachment() {
        let email = Email {
            to: "anna@example.ru".into(),
            subject: "Жалоба № 2026-00000-00001".into(),
            text: "Жалоба зарегистрирована.".into(),
            attachments: vec![EmailAttachment {
                filename: "reply.pdf".into(),
                content_type: "application/pdf".into(),
                base64: base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7"),
            }],
        };
        let message = build_message("Appello <no-reply@appello.example>", &email).expect("message");
        let text = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(text.contains("To: anna@example.ru"), "{text}");
        assert!(text.contains("reply.pdf"), "{text}");
    }

    #[test]
    fn rejects_bad_addresses() {
        let email = Email { to: "not an address".into(), subject: "s".into(), text: "t".into(), attachments: vec![] };
        assert!(build_message("Appello <no-reply@appello.example>", &email).is_err());
    }
}
