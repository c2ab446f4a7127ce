//! `vigil.Scenario`: a checked scenario, its runs and its Monte Carlo; `vigil.Problem` and
//! `vigil.ScenarioError`.

use crate::tables::{PyReport, runs_table};
use crate::{ScenarioError, VigilError, guarded};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use std::io::Read as _;
use std::path::PathBuf;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::montecarlo::{Row, run_many};
use vigil_sim::scenario::{Problem, Scenario, line_col, render_problems};

/// Largest scenario file read, bytes (as `vigil`: real ones are a few kB).
const MAX_INPUT_BYTES: u64 = 16 << 20;

/// Monte Carlo runs computed between two progress reports (and checks for Ctrl-C).
const RUNS_PER_CHUNK: u32 = 64;

/// One problem of a scenario file: where (1-based line and column, column in characters),
/// the rule broken and what is wrong — what `vigil check` prints.
#[pyclass(name = "Problem", module = "vigil", frozen, get_all)]
#[derive(Debug, Clone)]
pub struct PyProblem {
    /// File name (the path, `<built-in default>` or the name given to `from_toml`).
    file: String,
    /// Line, from 1.
    line: usize,
    /// Column in characters, from 1.
    column: usize,
    /// Rule broken (`syntax`, `unknown-key`, `missing`, `type`, `range`, `reference`, …).
    rule: String,
    /// What is wrong, for people.
    message: String,
}

#[pymethods]
impl PyProblem {
    fn __str__(&self) -> String {
        format!(
            "{}:{}:{}: error[{}]: {}",
            self.file, self.line, self.column, self.rule, self.message
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "Problem(file={:?}, line={}, column={}, rule={:?}, message={:?})",
            self.file, self.line, self.column, self.rule, self.message
        )
    }
}

/// `ScenarioError` with `message` and `.problems` set to `problems`.
fn raise(py: Python<'_>, message: String, problems: Vec<PyProblem>) -> PyErr {
    let err = ScenarioError::new_err(message);
    match err.value(py).setattr("problems", problems) {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// `ScenarioError` of `problems` in `text` (read from `file`): the message is what
/// `vigil check` prints.
fn scenario_error(py: Python<'_>, problems: &[Problem], file: &str, text: &str) -> PyErr {
    let list = problems
        .iter()
        .map(|p| {
            let (line, column) = line_col(text, p.span.start);
            PyProblem {
                file: file.to_string(),
                line,
                column,
                rule: p.rule.to_string(),
                message: p.message.clone(),
            }
        })
        .collect();
    raise(py, render_problems(problems, file, text), list)
}

/// A scenario checked as `vigil check` checks it: networks, sensors, launches, defended
/// areas and architectures, in SI units inside.
#[pyclass(name = "Scenario", module = "vigil", frozen)]
pub struct PyScenario {
    pub(crate) scenario: Scenario,
    text: String,
    file: String,
}

impl PyScenario {
    fn parse(py: Python<'_>, text: String, file: String) -> PyResult<Self> {
        match guarded(|| Scenario::from_toml(&text))? {
            Ok(scenario) => Ok(PyScenario {
                scenario,
                text,
                file,
            }),
            Err(problems) => Err(scenario_error(py, &problems, &file, &text)),
        }
    }

    /// The progress callback of `progress`: a callable itself, True for printing to standard
    /// error, False for none.
    fn progress<'py>(
        py: Python<'py>,
        progress: Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        if progress.is_callable() {
            return Ok(Some(progress));
        }
        let on = progress.extract::<bool>().map_err(|_| {
            PyTypeError::new_err("progress must be True, False or a callable (done, total)")
        })?;
        Ok(if on {
            Some(py.import("vigil._frames")?.getattr("print_progress")?)
        } else {
            None
        })
    }

    /// The scenario with only the named architectures, in the order given.
    fn select(&self, ids: Option<Vec<String>>) -> PyResult<Scenario> {
        let Some(ids) = ids else {
            return Ok(self.scenario.clone());
        };
        if ids.is_empty() {
            return Err(PyValueError::new_err(
                "architectures: give at least one architecture id, or None for all",
            ));
        }
        let mut s = self.scenario.clone();
        let mut chosen = Vec::with_capacity(ids.len());
        for id in &ids {
            let Some(a) = self.scenario.architectures.iter().find(|a| &a.id == id) else {
                let known: Vec<&str> = self
                    .scenario
                    .architectures
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect();
                return Err(PyValueError::new_err(format!(
                    "architectures: no architecture {id:?} in scenario {:?} (it has {})",
                    self.scenario.name,
                    known.join(", ")
                )));
            };
            if chosen
                .iter()
                .any(|c: &vigil_sim::scenario::model::Architecture| &c.id == id)
            {
                return Err(PyValueError::new_err(format!(
                    "architectures: {id:?} is named twice"
                )));
            }
            chosen.push(a.clone());
        }
        s.architectures = chosen;
        Ok(s)
    }
}

/// The run indices of `shard` ("K/N" or (K, N), 1-based K) of `runs`: as `vigil montecarlo
/// --shard`, the block `runs·(K−1)/N .. runs·K/N`.
fn shard_range(shard: Option<&Bound<'_, PyAny>>, runs: u32) -> PyResult<std::ops::Range<u32>> {
    let Some(shard) = shard else {
        return Ok(0..runs);
    };
    let bad = || {
        PyValueError::new_err(format!(
            "shard takes \"K/N\" or (K, N) with 1 ≤ K ≤ N, got {shard}"
        ))
    };
    let (k, n): (u64, u64) = if let Ok(text) = shard.extract::<String>() {
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        )
    } else {
        shard.extract().map_err(|_| bad())?
    };
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    if n > u64::from(runs) {
        return Err(PyValueError::new_err(format!(
            "shard {k}/{n}: {n} shards of {runs} runs would leave some shards empty; use at most {runs} shards"
        )));
    }
    let at = |j: u64| u32::try_from(u64::from(runs) * j / n).unwrap_or(runs);
    Ok(at(k - 1)..at(k))
}

#[pymethods]
impl PyScenario {
    /// The built-in default scenario (what `vigil run` runs with no file).
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Self> {
        Self::parse(py, DEFAULT_SCENARIO.into(), "<built-in default>".into())
    }

    /// Reads and checks the scenario file at `path` (TOML).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let name = path.display().to_string();
        let os_error = |e: std::io::Error| {
            PyOSError::new_err((e.raw_os_error().unwrap_or(0), e.to_string(), name.clone()))
        };
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .map_err(os_error)?
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(os_error)?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(PyValueError::new_err(format!(
                "{name}: larger than {} MiB; a scenario file is text of a few kB",
                MAX_INPUT_BYTES >> 20
            )));
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let before = String::from_utf8_lossy(&e.as_bytes()[..at]);
                let (line, column) = line_col(&before, at);
                let problem = PyProblem {
                    file: name,
                    line,
                    column,
                    rule: "encoding".into(),
                    message: format!("not UTF-8 text (byte 0x{:02x})", e.as_bytes()[at]),
                };
                return Err(raise(py, problem.__str__(), vec![problem]));
            }
        };
        Self::parse(py, text, name)
    }

    /// Checks and builds a scenario from TOML `text`; `name` is the file name shown in
    /// problems.
    #[staticmethod]
    #[pyo3(signature = (text, name = "<string>"))]
    fn from_toml(py: Python<'_>, text: String, name: &str) -> PyResult<Self> {
        Self::parse(py, text, name.to_string())
    }

    /// Scenario name.
    #[getter]
    fn name(&self) -> &str {
        &self.scenario.name
    }

    /// Seed of all randomness.
    #[getter]
    fn seed(&self) -> u64 {
        self.scenario.seed
    }

    /// Simulated span, s.
    #[getter]
    fn duration_s(&self) -> f64 {
        self.scenario.duration_s
    }

    /// The TOML text the scenario was read from.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// Where it was read from (path, `<built-in default>` or the name given).
    #[getter]
    fn file(&self) -> &str {
        &self.file
    }

    /// Launch ids, in file order.
    #[getter]
    fn launches(&self) -> Vec<String> {
        self.scenario
            .launches
            .iter()
            .map(|l| l.id.clone())
            .collect()
    }

    /// Architecture ids, in file order.
    #[getter]
    fn architectures(&self) -> Vec<String> {
        self.scenario
            .architectures
            .iter()
            .map(|a| a.id.clone())
            .collect()
    }

    /// Sensor ids, in file order.
    #[getter]
    fn sensors(&self) -> Vec<String> {
        self.scenario.sensors.iter().map(|x| x.id.clone()).collect()
    }

    /// Defended area ids, in file order.
    #[getter]
    fn defended_areas(&self) -> Vec<String> {
        self.scenario
            .defended_areas
            .iter()
            .map(|a| a.id.clone())
            .collect()
    }

    fn __repr__(&self) -> String {
        let s = &self.scenario;
        format!(
            "<vigil.Scenario {:?}: {} networks, {} sensors, {} launches, {} defended areas, {} architectures>",
            s.name,
            s.networks.len(),
            s.sensors.len(),
            s.launches.len(),
            s.defended_areas.len(),
            s.architectures.len()
        )
    }

    /// Runs the scenario end to end (truth, sensors, trackers, warning) as `vigil run`, for
    /// the named architectures (all when None) and Monte Carlo run index `run`.
    #[pyo3(signature = (architectures = None, run = 0))]
    fn run(
        &self,
        py: Python<'_>,
        architectures: Option<Vec<String>>,
        run: u32,
    ) -> PyResult<PyReport> {
        let s = self.select(architectures)?;
        let result = py
            .detach(|| guarded(|| vigil_sim::run::run(&s, run)))?
            .map_err(|e| VigilError::new_err(e.to_string()))?;
        Ok(PyReport::new(s, self.text.clone(), run, result))
    }

    /// Monte Carlo runs `0 … runs−1` (or the block of `shard`, "K/N" or (K, N)) in parallel,
    /// GIL released: a DataFrame of `runs.csv` of `vigil montecarlo` (one row per run ×
    /// launch × architecture). `progress`: True prints to standard error, a callable is
    /// called with (runs done, runs to do).
    #[pyo3(signature = (runs, shard = None, progress = None))]
    fn montecarlo(
        &self,
        py: Python<'_>,
        runs: u32,
        shard: Option<Bound<'_, PyAny>>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if runs == 0 {
            return Err(PyValueError::new_err("runs must be at least 1"));
        }
        let progress = if let Some(progress) = progress.filter(|p| !p.is_none()) {
            Self::progress(py, progress)?
        } else {
            None
        };
        let range = shard_range(shard.as_ref(), runs)?;
        let s = &self.scenario;
        let total = range.end - range.start;
        let mut rows: Vec<Row> = Vec::new();
        let mut start = range.start;
        while start < range.end {
            let end = start.saturating_add(RUNS_PER_CHUNK).min(range.end);
            let chunk = py
                .detach(|| {
                    guarded(|| {
                        let mut out = Vec::new();
                        run_many(s, start..end, RUNS_PER_CHUNK, |r| out.extend_from_slice(r))
                            .map(|()| out)
                    })
                })?
                .map_err(|e| VigilError::new_err(e.to_string()))?;
            rows.extend(chunk);
            start = end;
            if let Some(p) = &progress {
                p.call1((start - range.start, total))?;
            }
            py.check_signals()?;
        }
        runs_table(py, s, &rows)
    }
}
