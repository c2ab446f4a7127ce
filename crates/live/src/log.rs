//! The event log: an append-only SQLite file (WAL) holding the exercise's scenario, run and
//! every record — inputs and output events — in `seq` order. Schema in `docs/event-log.md`.
//!
//! Records are committed before they are published, and SQLite in WAL mode keeps a
//! committed transaction through a crash of the process (`kill -9`).

use crate::wire::{Body, Record, Role};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// Version of the log's schema (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE record (
    seq INTEGER PRIMARY KEY,
    op_seq INTEGER UNIQUE,
    type TEXT NOT NULL,
    sim_time_s REAL NOT NULL,
    wall_ms INTEGER NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE TRIGGER record_append_only_update BEFORE UPDATE ON record
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER record_append_only_delete BEFORE DELETE ON record
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
";

/// A log failure.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// SQLite failed.
    #[error("event log {path}: {source}")]
    Sqlite {
        /// The log file.
        path: PathBuf,
        /// What failed.
        source: rusqlite::Error,
    },
    /// The file is not a log this version reads.
    #[error("event log {path}: {message}")]
    Format {
        /// The log file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// What an exercise is: enough to run it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The scenario file's text (TOML).
    pub scenario_toml: String,
    /// Monte Carlo run index (random streams).
    pub run: u32,
    /// Vigil's version that wrote the log.
    pub vigil_version: String,
    /// Wall time the exercise started, ms since the Unix epoch.
    pub started_wall_ms: i64,
    /// The MSEL file's text (TOML), if the exercise has one.
    pub msel_toml: Option<String>,
}

/// The log being written.
#[derive(Debug)]
pub struct Log {
    conn: Connection,
    path: PathBuf,
}

fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> LogError + '_ {
    move |source| LogError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

impl Log {
    /// Creates a new log at `path` (which must not exist) holding `meta`.
    pub fn create(path: &Path, meta: &Meta) -> Result<Self, LogError> {
        if path.exists() {
            return Err(LogError::Format {
                path: path.into(),
                message: "already exists; choose a new file".into(),
            });
        }
        let e = sqlite(path);
        let mut conn = Connection::open(path).map_err(&e)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&e)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(&e)?;
        let tx = conn.transaction().map_err(&e)?;
        tx.execute_batch(SCHEMA).map_err(&e)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(&e)?;
        let msel = meta.msel_toml.clone().map(|t| ("msel_toml", t));
        for (k, v) in [
            ("scenario_toml", meta.scenario_toml.clone()),
            ("run", meta.run.to_string()),
            ("vigil_version", meta.vigil_version.clone()),
            ("started_wall_ms", meta.started_wall_ms.to_string()),
        ]
        .into_iter()
        .chain(msel)
        {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(&e)?;
        }
        tx.commit().map_err(&e)?;
        Ok(Self {
            conn,
            path: path.into(),
        })
    }

    /// Opens an existing log to append to it (to resume its exercise).
    pub fn open_append(path: &Path) -> Result<Self, LogError> {
        // Checks the schema version.
        drop(LogReader::open(path)?);
        let e = sqlite(path);
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(&e)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&e)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(&e)?;
        Ok(Self {
            conn,
            path: path.into(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `records` in one transaction; when it returns Ok they are durable.
    pub fn append(&mut self, records: &[Record]) -> Result<(), LogError> {
        let e = sqlite(&self.path);
        let tx = self.conn.transaction().map_err(&e)?;
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO record (seq, op_seq, type, sim_time_s, wall_ms, body) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(&e)?;
            for r in records {
                let body = serde_json::to_value(&r.body).map_err(|x| LogError::Format {
                    path: self.path.clone(),
                    message: x.to_string(),
                })?;
                let kind = body["type"].as_str().unwrap_or_default().to_string();
                st.execute(params![
                    r.seq as i64,
                    r.op_seq.map(|x| x as i64),
                    kind,
                    r.sim_time_s,
                    r.wall_ms,
                    body.to_string()
                ])
                .map_err(&e)?;
            }
        }
        tx.commit().map_err(&e)
    }
}

/// A log opened for reading (while it is written, too).
#[derive(Debug)]
pub struct LogReader {
    conn: Connection,
    path: PathBuf,
}

impl LogReader {
    /// Opens `path` read-only.
    pub fn open(path: &Path) -> Result<Self, LogError> {
        let e = sqlite(path);
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(&e)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&e)?;
        if version != SCHEMA_VERSION {
            return Err(LogError::Format {
                path: path.into(),
                message: format!(
                    "schema version {version}; this Vigil reads version {SCHEMA_VERSION}"
                ),
            });
        }
        Ok(Self {
            conn,
            path: path.into(),
        })
    }

    /// The exercise's scenario, run and origin.
    pub fn meta(&self) -> Result<Meta, LogError> {
        let get = |k: &str| -> Result<String, LogError> {
            self.conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
                .map_err(sqlite(&self.path))
        };
        let bad = |k: &str| LogError::Format {
            path: self.path.clone(),
            message: format!("meta {k} is not a number"),
        };
        Ok(Meta {
            scenario_toml: get("scenario_toml")?,
            run: get("run")?.parse().map_err(|_| bad("run"))?,
            vigil_version: get("vigil_version")?,
            started_wall_ms: get("started_wall_ms")?
                .parse()
                .map_err(|_| bad("started_wall_ms"))?,
            msel_toml: self
                .conn
                .query_row("SELECT value FROM meta WHERE key = 'msel_toml'", [], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(sqlite(&self.path))?,
        })
    }

    /// The records after `role`'s sequence number `after` up to and including `upto`, in
    /// order (every record for a controller, those operators see for an operator).
    pub fn records(&self, role: Role, after: u64, upto: u64) -> Result<Vec<Record>, LogError> {
        let column = match role {
            Role::Controller => "seq",
            Role::Operator => "op_seq",
        };
        let e = sqlite(&self.path);
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT seq, op_seq, sim_time_s, wall_ms, body FROM record \
                 WHERE {column} > ?1 AND {column} <= ?2 ORDER BY seq"
            ))
            .map_err(&e)?;
        let rows = st
            .query_map(params![after as i64, upto as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, f64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(&e)?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, op_seq, sim_time_s, wall_ms, body) = row.map_err(&e)?;
            let body: Body = serde_json::from_str(&body).map_err(|x| LogError::Format {
                path: self.path.clone(),
                message: format!("record {seq}: {x}"),
            })?;
            out.push(Record {
                seq: seq as u64,
                op_seq: op_seq.map(|x| x as u64),
                sim_time_s,
                wall_ms,
                body,
            });
        }
        Ok(out)
    }

    /// Every record, in order.
    pub fn all(&self) -> Result<Vec<Record>, LogError> {
        self.records(Role::Controller, 0, i64::MAX as u64)
    }
}
