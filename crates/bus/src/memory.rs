//! The in-process bus: a log per subject in shared memory, read from the first message on.
//! Nodes and fusion centres in one process (threads or tasks) talk through it exactly as they
//! do through NATS.

use crate::{Bus, BusError, Messages, Subject};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::watch;

/// One subject's log.
#[derive(Debug)]
struct Log {
    messages: Vec<Arc<Vec<u8>>>,
    seqs: BTreeSet<u64>,
    /// Bumped to the message count at each publication.
    grown: watch::Sender<usize>,
}

impl Default for Log {
    fn default() -> Self {
        Self {
            messages: Vec::new(),
            seqs: BTreeSet::new(),
            grown: watch::channel(0).0,
        }
    }
}

/// The in-process bus; clones share the same logs.
#[derive(Debug, Clone, Default)]
pub struct MemoryBus {
    logs: Arc<Mutex<BTreeMap<Subject, Log>>>,
}

impl MemoryBus {
    /// An empty bus.
    pub fn new() -> Self {
        Self::default()
    }

    fn with_log<T>(&self, subject: &Subject, f: impl FnOnce(&mut Log) -> T) -> T {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        f(logs.entry(subject.clone()).or_default())
    }
}

impl Bus for MemoryBus {
    async fn publish(&self, subject: &Subject, seq: u64, payload: Vec<u8>) -> Result<(), BusError> {
        self.with_log(subject, |log| {
            if log.seqs.insert(seq) {
                log.messages.push(Arc::new(payload));
                log.grown.send_replace(log.messages.len());
            }
        });
        Ok(())
    }

    async fn subscribe(&self, subject: &Subject) -> Result<Messages, BusError> {
        let bus = self.clone();
        let subject = subject.clone();
        let grown = self.with_log(&subject, |log| log.grown.subscribe());
        let stream = futures_util::stream::unfold((0usize, grown), move |(next, mut grown)| {
            let bus = bus.clone();
            let subject = subject.clone();
            async move {
                loop {
                    let got = bus.with_log(&subject, |log| log.messages.get(next).cloned());
                    if let Some(m) = got {
                        return Some((Ok(m.as_ref().clone()), (next + 1, grown)));
                    }
                    if grown.changed().await.is_err() {
                        return None;
                    }
                }
            }
        });
        Ok(Box::pin(stream))
    }

    async fn last(&self, subject: &Subject) -> Result<Option<Vec<u8>>, BusError> {
        Ok(self.with_log(subject, |log| {
            log.messages.last().map(|m| m.as_ref().clone())
        }))
    }
}
