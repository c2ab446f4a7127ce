//! The NATS JetStream bus. Each network's messages of each kind go to a stream of their own
//! (`VIGIL_<network>_<kind>`, subjects `vigil.*.<network>.<kind>`, file storage), so that
//! server permissions can say per stream who may write and who may read (`vigil bus-config`).
//! Publications carry a message id (`<exercise>.<network>.<kind>.<seq>`), which JetStream
//! uses to drop a restarted node's repeats; readers use ordered consumers, which survive a
//! server restart by resuming after the last message they saw.

use crate::{Bus, BusError, Messages, Subject};
use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt;
use std::time::Duration;

/// A connection to a NATS server with JetStream.
#[derive(Debug, Clone)]
pub struct NatsBus {
    js: jetstream::Context,
    /// Streams known to exist.
    ready: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

/// How long publishers' repeats are recognised by the server, s.
const DUPLICATE_WINDOW_S: u64 = 600;

fn server(e: impl std::fmt::Display) -> BusError {
    let text = e.to_string();
    if text.to_lowercase().contains("permission") {
        BusError::Permission(text)
    } else {
        BusError::Server(text)
    }
}

impl NatsBus {
    /// Connects to `url` (e.g. `nats://127.0.0.1:4222`; `nats://user:password@host:port`
    /// for a user of `vigil bus-config`), retrying while the server is not up yet and
    /// reconnecting for ever after.
    pub async fn connect(url: &str) -> Result<Self, BusError> {
        let (address, user) = split_credentials(url);
        let mut options = async_nats::ConnectOptions::new()
            .retry_on_initial_connect()
            .max_reconnects(None)
            .connection_timeout(Duration::from_secs(5))
            .event_callback(|e| async move {
                if let async_nats::Event::ServerError(e) = e {
                    eprintln!("vigil: bus: the server says: {e}");
                }
            });
        if let Some((user, password)) = user {
            // Replies come to the user's own inboxes: the permissions let no one read another's.
            options = options
                .custom_inbox_prefix(format!("_INBOX_{user}"))
                .user_and_password(user, password);
        }
        let client = options.connect(address).await.map_err(server)?;
        Ok(Self {
            js: jetstream::new(client),
            ready: Default::default(),
        })
    }

    /// The stream of a subject, created if missing (by its network's own node).
    async fn stream_for_writing(&self, subject: &Subject) -> Result<stream::Stream, BusError> {
        self.js
            .get_or_create_stream(stream::Config {
                name: subject.stream(),
                subjects: vec![format!(
                    "vigil.*.{}.{}",
                    subject.origin,
                    subject.kind.as_str()
                )],
                storage: stream::StorageType::File,
                duplicate_window: Duration::from_secs(DUPLICATE_WINDOW_S),
                ..Default::default()
            })
            .await
            .map_err(server)
    }

    /// The stream of a subject, waiting for its node to create it.
    async fn stream_for_reading(&self, subject: &Subject) -> Result<stream::Stream, BusError> {
        let mut waited = Duration::ZERO;
        loop {
            match self.js.get_stream(subject.stream()).await {
                Ok(s) => return Ok(s),
                Err(e) if e.to_string().contains("not found") => {}
                Err(e) => return Err(server(e)),
            }
            if waited.as_secs() % 30 == 0 {
                eprintln!(
                    "vigil: bus: waiting for network {:?} to publish {}",
                    subject.origin,
                    subject.kind.as_str()
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            waited += Duration::from_millis(250);
        }
    }
}

/// Splits `nats://user:password@host:port` into the address and the credentials.
fn split_credentials(url: &str) -> (String, Option<(String, String)>) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("nats", url));
    match rest.rsplit_once('@') {
        Some((cred, host)) => {
            let (user, password) = cred.split_once(':').unwrap_or((cred, ""));
            (
                format!("{scheme}://{host}"),
                Some((user.to_string(), password.to_string())),
            )
        }
        None => (url.to_string(), None),
    }
}

impl Bus for NatsBus {
    async fn publish(&self, subject: &Subject, seq: u64, payload: Vec<u8>) -> Result<(), BusError> {
        let name = subject.stream();
        let known = |r: &Self| {
            r.ready
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(&name)
        };
        if !known(self) {
            self.stream_for_writing(subject).await?;
            self.ready
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(name.clone());
        }
        let id = format!(
            "{}.{}.{}.{seq}",
            subject.exercise,
            subject.origin,
            subject.kind.as_str()
        );
        // Through a server restart: retry (the client reconnects by itself) for up to a
        // minute; the message id makes a repeat that did land harmless.
        let mut tries = 0;
        loop {
            let sent = async {
                let ack = self
                    .js
                    .send_publish(
                        subject.name(),
                        jetstream::message::PublishMessage::build()
                            .payload(payload.clone().into())
                            .message_id(id.clone()),
                    )
                    .await
                    .map_err(server)?;
                ack.await.map_err(server)
            }
            .await;
            match sent {
                Ok(_) => return Ok(()),
                Err(BusError::Permission(e)) => return Err(BusError::Permission(e)),
                Err(e) if tries >= 240 => return Err(e),
                Err(e) => {
                    if tries % 20 == 0 {
                        eprintln!(
                            "vigil: bus: publishing on {} failed ({e}); retrying",
                            subject.name()
                        );
                    }
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            }
        }
    }

    async fn subscribe(&self, subject: &Subject) -> Result<Messages, BusError> {
        let stream = self.stream_for_reading(subject).await?;
        let consumer = stream
            .create_consumer(consumer::pull::OrderedConfig {
                filter_subject: subject.name(),
                deliver_policy: consumer::DeliverPolicy::All,
                ..Default::default()
            })
            .await
            .map_err(server)?;
        let messages = consumer.messages().await.map_err(server)?;
        // An ordered consumer recreates itself after a lost connection; its transient errors
        // are reported and skipped.
        let name = subject.name();
        Ok(Box::pin(messages.filter_map(move |m| {
            let out = match m {
                Ok(m) => Some(Ok(m.message.payload.to_vec())),
                Err(e) => {
                    eprintln!("vigil: bus: reading {name}: {e}; going on");
                    None
                }
            };
            std::future::ready(out)
        })))
    }

    async fn last(&self, subject: &Subject) -> Result<Option<Vec<u8>>, BusError> {
        let stream = match self.js.get_stream(subject.stream()).await {
            Ok(s) => s,
            Err(e) if e.to_string().contains("not found") => return Ok(None),
            Err(e) => return Err(server(e)),
        };
        match stream
            .get_last_raw_message_by_subject(&subject.name())
            .await
        {
            Ok(m) => Ok(Some(m.payload.to_vec())),
            Err(e) if e.kind() == stream::LastRawMessageErrorKind::NoMessageFound => Ok(None),
            Err(e) => Err(server(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_credentials;

    #[test]
    fn credentials_come_out_of_the_url() {
        assert_eq!(
            split_credentials("nats://north:pw@127.0.0.1:4222"),
            (
                "nats://127.0.0.1:4222".to_string(),
                Some(("north".to_string(), "pw".to_string()))
            )
        );
        assert_eq!(
            split_credentials("nats://127.0.0.1:4222"),
            ("nats://127.0.0.1:4222".to_string(), None)
        );
    }
}
