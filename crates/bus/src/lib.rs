//! Partner networks as separate processes over a message bus.
//!
//! * [`Bus`]: publish a message on a subject, read a subject's messages from the first, find
//!   a subject's last message. Two implementations: [`memory::MemoryBus`] (in-process: the
//!   embedded default, nothing to install) and [`nats::NatsBus`] (NATS JetStream, file
//!   storage, one stream per network and kind).
//! * [`message`]: the versioned message schema.
//! * [`node`]: one network's process — its sensors, trackers and warning — publishing what its
//!   sharing policy allows.
//! * [`centre`]: an architecture's integration centre — consumes its partners' streams in
//!   simulation-time order (per-origin watermarks), so network timing never changes results.
//! * [`config`]: a NATS server configuration whose permissions enforce the sharing policy.
//! * [`console`]: the console of a distributed exercise (`vigil serve --bus`): exercise
//!   control's clock and injects out, an integration centre's picture in.
//!
//! Subjects are `vigil.<exercise>.<network>.<kind>`, kind one of `detections`, `tracks`,
//! `alerts`, `score`; `vigil.<exercise>.fusion-<architecture>.picture` for a centre's picture
//! and `vigil.<exercise>.control.control` for exercise control's clock and injects.

pub mod centre;
pub mod config;
pub mod console;
pub mod memory;
pub mod message;
pub mod nats;
pub mod node;

use futures_util::stream::BoxStream;
pub use message::Kind;
use std::future::Future;

/// Where a message goes: an exercise, its origin network and the kind of its content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    /// Exercise id.
    pub exercise: String,
    /// Origin network id.
    pub origin: String,
    /// Kind of content.
    pub kind: Kind,
}

impl Subject {
    /// The NATS subject `vigil.<exercise>.<origin>.<kind>`.
    pub fn name(&self) -> String {
        format!(
            "vigil.{}.{}.{}",
            self.exercise,
            self.origin,
            self.kind.as_str()
        )
    }

    /// The JetStream stream holding this origin's messages of this kind, for every exercise:
    /// `VIGIL_<origin>_<kind>` (dots of the id as `_`: stream names take no dots).
    pub fn stream(&self) -> String {
        stream_name(&self.origin, self.kind)
    }
}

/// The stream name of network `origin`'s messages of `kind`.
pub fn stream_name(origin: &str, kind: Kind) -> String {
    format!("VIGIL_{}_{}", token(origin), kind.as_str())
}

/// An id as one subject token: scenario ids may hold dots, which separate tokens.
pub fn token(id: &str) -> String {
    id.replace('.', "_")
}

/// The origin name of exercise control (the controller of `vigil serve --bus`) on the bus.
pub const CONTROL_ORIGIN: &str = "control";

/// The subject of exercise `exercise`'s clock and injects.
pub fn control_subject(exercise: &str) -> Subject {
    Subject {
        exercise: exercise.to_string(),
        origin: CONTROL_ORIGIN.to_string(),
        kind: Kind::Control,
    }
}

/// The origin name of architecture `id`'s integration centre on the bus.
pub fn centre_origin(id: &str) -> String {
    format!("fusion-{id}")
}

/// Whether an id can be a subject token: 1–64 of A–Z a–z 0–9 _ - (no dots, wildcards or
/// spaces).
pub fn valid_token(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Why the bus failed.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// The connection or the server failed.
    #[error("bus: {0}")]
    Server(String),
    /// The broker refused: the credentials do not allow it.
    #[error("bus: permission denied: {0}")]
    Permission(String),
}

/// A stream of messages' bytes.
pub type Messages = BoxStream<'static, Result<Vec<u8>, BusError>>;

/// A message bus that keeps what is published (a log per subject).
pub trait Bus: Send + Sync {
    /// Publishes `payload` on `subject` as the origin's message number `seq`; returns once the
    /// bus has stored it. A second message with the same subject and number is dropped.
    fn publish(
        &self,
        subject: &Subject,
        seq: u64,
        payload: Vec<u8>,
    ) -> impl Future<Output = Result<(), BusError>> + Send;

    /// Every message on `subject`, from the first, then each new one as it comes (waiting for
    /// the subject to exist).
    fn subscribe(
        &self,
        subject: &Subject,
    ) -> impl Future<Output = Result<Messages, BusError>> + Send;

    /// The last message on `subject`, if any (for a restarted node to resume).
    fn last(
        &self,
        subject: &Subject,
    ) -> impl Future<Output = Result<Option<Vec<u8>>, BusError>> + Send;
}
