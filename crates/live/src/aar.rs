//! The after-action report: the exercise run again from its log — same scenario, seed and
//! run, the logged inputs applied at the simulation times they were applied — checked
//! against the logged events, scored, and written as the files of `vigil run` plus
//! `acknowledgements.csv`.

use crate::exercise::{ExerciseError, scenario_of};
use crate::inject::inputs;
use crate::log::{LogError, LogReader};
use crate::wire::{Body, Record, Role};
use serde::Serialize;
use std::path::{Path, PathBuf};
use vigil_report::Projection;
use vigil_report::run_outputs::{RunFilesError, write_run_files};
use vigil_sim::engine::Engine;
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

/// File name of the acknowledgement table.
pub const ACKNOWLEDGEMENTS_FILE: &str = "acknowledgements.csv";
/// File name of the MSEL scoring table.
pub const MSEL_FILE: &str = "msel.csv";

/// Why an after-action report failed.
#[derive(Debug, thiserror::Error)]
pub enum AarError {
    /// The log cannot be read.
    #[error(transparent)]
    Log(#[from] LogError),
    /// Its scenario or an input does not apply.
    #[error(transparent)]
    Exercise(#[from] ExerciseError),
    /// The re-run gave other events than the log holds.
    #[error("the re-run differs from the log at record {seq}: {detail}")]
    Diverged {
        /// The first record that differs.
        seq: u64,
        /// How.
        detail: String,
    },
    /// A file of `vigil run` could not be written.
    #[error(transparent)]
    RunFiles(#[from] RunFilesError),
    /// The acknowledgement table could not be written.
    #[error("{path}: {message}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

/// An exercise run again from its log.
#[derive(Debug)]
pub struct Rerun {
    /// The scenario with the injected launches.
    pub scenario: Scenario,
    /// The run, scored against the truth.
    pub result: RunResult,
    /// Every record of the log.
    pub records: Vec<Record>,
    /// Each expectation of the exercise's MSEL, scored (empty without an MSEL).
    pub msel: Vec<crate::msel::Score>,
}

/// An exercise's engine brought again to the time of its log's last record.
#[derive(Debug)]
pub struct Replayed {
    /// The engine, every logged input applied.
    pub engine: Engine,
    /// Every record of the log.
    pub records: Vec<Record>,
}

/// Advances `engine` to `t` (never by a step of zero length, like the exercise), collecting
/// the wire form of its events.
fn advance(engine: &mut Engine, t: f64, out: &mut Vec<Body>) {
    if t > engine.time_s().unwrap_or(0.0) {
        for e in engine.advance_to(t) {
            out.push(Body::of_event(engine, &e));
        }
    }
}

/// Runs the exercise of log `path` again up to its last record and checks that it gives the
/// logged events.
pub fn replay(path: &Path) -> Result<Replayed, AarError> {
    let log = LogReader::open(path)?;
    let meta = log.meta()?;
    let s = scenario_of(&meta.scenario_toml)?;
    let mut engine = Engine::new(&s, meta.run).map_err(ExerciseError::from)?;
    let records = log.all()?;
    let mut produced: Vec<Body> = Vec::new();
    let mut n = 0;
    let mut end_s = 0.0_f64;
    for r in &records {
        end_s = end_s.max(r.sim_time_s);
        let Body::Inject(i) = &r.body else {
            continue;
        };
        n += 1;
        if let Some(t) = i.engine_time_s {
            advance(&mut engine, t, &mut produced);
        }
        let now_s = i.engine_time_s.unwrap_or(0.0);
        for input in inputs(&i.inject, engine.scenario(), now_s, n).map_err(ExerciseError::from)? {
            engine.input(input).map_err(|e| AarError::Diverged {
                seq: r.seq,
                detail: format!("the inject no longer applies: {e}"),
            })?;
        }
    }
    advance(&mut engine, end_s, &mut produced);
    let logged = records.iter().filter(|r| is_event(&r.body));
    let mut produced = produced.into_iter();
    for r in logged {
        match produced.next() {
            Some(b) if b == r.body => {}
            Some(b) => {
                return Err(AarError::Diverged {
                    seq: r.seq,
                    detail: format!("logged {:?}, re-run {:?}", r.body, b),
                });
            }
            None => {
                return Err(AarError::Diverged {
                    seq: r.seq,
                    detail: "the re-run has no more events".into(),
                });
            }
        }
    }
    Ok(Replayed { engine, records })
}

/// Runs the exercise of log `path` again, checks it against the log and scores it.
pub fn rerun(path: &Path) -> Result<Rerun, AarError> {
    let Replayed { engine, records } = replay(path)?;
    let meta = LogReader::open(path)?.meta()?;
    let msel = crate::exercise::msel_of(&meta, &scenario_of(&meta.scenario_toml)?)?;
    let scenario = engine.scenario().clone();
    let result = engine.finish();
    let msel = msel.map_or_else(Vec::new, |m| {
        let mut picture = crate::picture::Picture::default();
        for r in &records {
            picture.apply(r);
        }
        let impact_time_s = |id: &str| crate::exercise::impact_time_s(&scenario, &result.flown, id);
        let x = crate::msel::Exercised {
            injects: picture.injects(),
            alerts: picture.alerts(),
            impact_time_s: &impact_time_s,
            now_s: None,
        };
        crate::msel::score(&m, &x, &scenario)
    });
    Ok(Rerun {
        scenario,
        result,
        records,
        msel,
    })
}

fn is_event(b: &Body) -> bool {
    matches!(
        b,
        Body::Launch(_) | Body::Detection(_) | Body::Track(_) | Body::Alert(_)
    )
}

/// One alert's acknowledgement (a row of `acknowledgements.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AckRow {
    /// Alert id (`<architecture>:<index>`).
    pub alert: String,
    /// Architecture id.
    pub architecture: String,
    /// Alert kind.
    pub kind: String,
    /// Alert time, s.
    pub t_s: f64,
    /// Defended area named.
    pub area: Option<String>,
    /// Truth: the launch it is about, or `false-alarm`.
    pub truth: Option<String>,
    /// Role that acknowledged it.
    pub acknowledged_by: Option<&'static str>,
    /// Simulation time of the acknowledgement, s.
    pub acknowledged_at_s: Option<f64>,
    /// Acknowledgement − alert time, simulation s.
    pub latency_s: Option<f64>,
    /// Wall time of the acknowledgement, ms since the Unix epoch.
    pub acknowledged_wall_ms: Option<i64>,
}

/// Every alert of the log with its acknowledgement, in log order.
pub fn acknowledgements(records: &[Record]) -> Vec<AckRow> {
    let mut rows: Vec<AckRow> = Vec::new();
    for r in records {
        match &r.body {
            Body::Alert(a) => rows.push(AckRow {
                alert: a.id.clone(),
                architecture: a.architecture.clone(),
                kind: a.kind.clone(),
                t_s: a.t_s,
                area: a.area.clone(),
                truth: a.truth.clone(),
                acknowledged_by: None,
                acknowledged_at_s: None,
                latency_s: None,
                acknowledged_wall_ms: None,
            }),
            Body::Ack(k) => {
                if let Some(row) = rows
                    .iter_mut()
                    .find(|x| x.alert == k.alert && x.acknowledged_by.is_none())
                {
                    row.acknowledged_by = Some(Role::as_str(k.by));
                    row.acknowledged_at_s = Some(r.sim_time_s);
                    row.latency_s = Some(r.sim_time_s - row.t_s);
                    row.acknowledged_wall_ms = Some(r.wall_ms);
                }
            }
            _ => {}
        }
    }
    rows
}

/// Writes the after-action report of log `log` into `dir` (created if missing): the files of
/// `vigil run` (`report.json`, `alerts.csv`, `predictions.csv`, `detections.csv`, `tracks-<architecture>.csv`,
/// `run.geojson`, `run.czml`, `map.png`) for what happened, `acknowledgements.csv`, and
/// `msel.csv` when the exercise had an MSEL.
pub fn write_aar(log: &Path, dir: &Path, projection: Projection) -> Result<Rerun, AarError> {
    let x = rerun(log)?;
    std::fs::create_dir_all(dir).map_err(|e| AarError::Write {
        path: dir.into(),
        message: e.to_string(),
    })?;
    let (s, r) = (&x.scenario, &x.result);
    write_run_files(dir, s, r, projection)?;
    write_csv(
        &dir.join(ACKNOWLEDGEMENTS_FILE),
        acknowledgements(&x.records),
    )?;
    if !x.msel.is_empty() {
        write_csv(&dir.join(MSEL_FILE), x.msel.iter())?;
    }
    Ok(x)
}

fn write_csv<T: Serialize>(path: &Path, rows: impl IntoIterator<Item = T>) -> Result<(), AarError> {
    let fail = |e: &dyn std::fmt::Display| AarError::Write {
        path: path.into(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_path(path).map_err(|e| fail(&e))?;
    for row in rows {
        w.serialize(row).map_err(|e| fail(&e))?;
    }
    w.flush().map_err(|e| fail(&e))
}
