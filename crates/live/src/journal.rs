//! An exercise's journal: each record numbered (and numbered for operators if they see it),
//! appended to the log and committed, then taken into the picture and published — write
//! before publish. The in-process exercise and the console of a distributed one
//! (`vigil serve --bus`) keep theirs the same way.

use crate::exercise::{CHANNEL_CAPACITY, ExerciseError};
use crate::log::{Log, LogError};
use crate::picture::Picture;
use crate::wire::{AckRecord, AlertState, Body, Record, Role};
use std::path::Path;
use std::sync::Arc;
use tokio::sync::broadcast;

/// The records so far: the log, the picture they make, and the channel to subscribers.
#[derive(Debug)]
pub struct Journal {
    log: Log,
    seq: u64,
    op_seq: u64,
    picture: Picture,
    tx: broadcast::Sender<Arc<Record>>,
}

impl Journal {
    /// A journal appending to `log`, its picture `picture` (with the records already in the
    /// log applied, when resuming: numbering goes on after them).
    pub fn new(log: Log, picture: Picture) -> Self {
        Self {
            log,
            seq: picture.seq(Role::Controller),
            op_seq: picture.seq(Role::Operator),
            picture,
            tx: broadcast::channel(CHANNEL_CAPACITY).0,
        }
    }

    /// The picture the records make.
    pub fn picture(&self) -> &Picture {
        &self.picture
    }

    /// A receiver of every record published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Record>> {
        self.tx.subscribe()
    }

    /// Records published that some subscriber has not read yet (at most
    /// [`CHANNEL_CAPACITY`]: the server's memory for slow clients is bounded).
    pub fn queued(&self) -> usize {
        self.tx.len()
    }

    /// The log file.
    pub fn log_path(&self) -> &Path {
        self.log.path()
    }

    /// The role's last sequence number.
    pub fn seq(&self, role: Role) -> u64 {
        match role {
            Role::Controller => self.seq,
            Role::Operator => self.op_seq,
        }
    }

    /// The next record: the next `seq` (and operators' `seq` if they see it).
    pub fn record(&mut self, body: Body, sim_time_s: f64, wall_ms: i64) -> Record {
        self.seq += 1;
        let op_seq = body.operators_see().then(|| {
            self.op_seq += 1;
            self.op_seq
        });
        Record {
            seq: self.seq,
            op_seq,
            sim_time_s,
            wall_ms,
            body,
        }
    }

    /// Writes `records` to the log, then takes them into the picture and publishes them.
    pub fn commit(&mut self, records: Vec<Record>) -> Result<(), LogError> {
        if records.is_empty() {
            return Ok(());
        }
        self.log.append(&records)?;
        for r in records {
            self.picture.apply(&r);
            // No subscriber is not an error.
            let _ = self.tx.send(Arc::new(r));
        }
        Ok(())
    }

    /// Acknowledges alert `id` for `by` at simulation time `now_s` (not before the alert); a
    /// second acknowledgement changes nothing.
    pub fn ack(&mut self, id: &str, by: Role, now_s: f64) -> Result<AlertState, ExerciseError> {
        let Some(a) = self.picture.alert(id) else {
            return Err(ExerciseError::NoSuchAlert(id.into()));
        };
        if a.acknowledged_by.is_none() {
            let t = now_s.max(a.alert.t_s);
            let body = Body::Ack(AckRecord {
                alert: id.into(),
                by,
            });
            let r = self.record(body, t, crate::exercise::wall_ms());
            self.commit(vec![r])?;
        }
        self.picture
            .alert(id)
            .cloned()
            .ok_or_else(|| ExerciseError::NoSuchAlert(id.into()))
    }
}
