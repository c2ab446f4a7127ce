//! Monte Carlo files: `runs.csv` (one row per run × launch × architecture, exact floats, so
//! that shards written by separate processes merge into exactly what one process writes),
//! `summary.csv` (per launch × architecture), `calibration.csv` (coverage of the 95 %
//! impact ellipse per architecture, missile class and time-to-go band) and
//! `discrimination.csv` (what the warning stage believed the objects were, and the area
//! alerts against the reentry vehicles).

use super::num::{exact, opt_exact};
use super::{
    CsvFile, FormatError, ReadRow, parse_row, read_csv, read_manifest, remove_manifest, write_csv,
    write_manifest,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use vigil_sim::montecarlo::{
    BandCount, CalibrationCell, FalseWarnings, Judged, JudgedCell, Row, Summary,
};
use vigil_sim::scenario::Scenario;

/// The columns of `runs.csv`.
pub const RUNS_HEADER: [&str; 28] = [
    "run",
    "launch",
    "architecture",
    "first_detection_s",
    "first_track_s",
    "first_alert_s",
    "warning_time_s",
    "impact_error_km",
    "last_rv_miss_km",
    "last_rv_time_to_go_s",
    "predictions_gt15min",
    "inside_gt15min",
    "predictions_5_15min",
    "inside_5_15min",
    "predictions_lt5min",
    "inside_lt5min",
    "false_alert",
    "area_alerts",
    "area_alerts_inside_rv",
    "stage_area_alerts",
    "rv_as_rv",
    "rv_as_stage",
    "rv_as_unknown",
    "stage_as_rv",
    "stage_as_stage",
    "stage_as_unknown",
    "false_track_warnings",
    "false_track_warnings_coincident",
];

/// One row of `runs.csv`: a [`Row`] with the scenario's ids; times in s after launch (the
/// warning time: impact − first correct alert); the miss of the last impact prediction of a
/// track that followed the launch's reentry vehicle, with its true time to go; per time-to-go band (> 15 min, 5–15 min,
/// < 5 min) the impact predictions scored against the object their track followed (one of
/// this launch's) and how many held its true impact in their 95 % ellipse; then how the warning
/// stage judged the launch's objects ([`Judged`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RunRow {
    pub run: u32,
    pub launch: String,
    pub architecture: String,
    #[serde(serialize_with = "opt_exact")]
    pub first_detection_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub first_track_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub first_alert_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub warning_time_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub impact_error_km: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub last_rv_miss_km: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub last_rv_time_to_go_s: Option<f64>,
    pub predictions_gt15min: u32,
    pub inside_gt15min: u32,
    pub predictions_5_15min: u32,
    pub inside_5_15min: u32,
    pub predictions_lt5min: u32,
    pub inside_lt5min: u32,
    pub false_alert: bool,
    pub area_alerts: u32,
    pub area_alerts_inside_rv: u32,
    pub stage_area_alerts: u32,
    pub rv_as_rv: u32,
    pub rv_as_stage: u32,
    pub rv_as_unknown: u32,
    pub stage_as_rv: u32,
    pub stage_as_stage: u32,
    pub stage_as_unknown: u32,
    pub false_track_warnings: u32,
    pub false_track_warnings_coincident: u32,
}

impl ReadRow for RunRow {
    const HEADER: &'static [&'static str] = &RUNS_HEADER;
    const NUMBERS: &'static [&'static str] = &[
        "first_detection_s",
        "first_track_s",
        "first_alert_s",
        "warning_time_s",
        "impact_error_km",
        "last_rv_miss_km",
        "last_rv_time_to_go_s",
    ];
}

impl RunRow {
    /// The row of `r`, with the ids of `s`.
    pub fn new(s: &Scenario, r: &Row) -> Self {
        let j = r.judged.counts();
        RunRow {
            run: r.run,
            launch: s.launches[r.launch].id.clone(),
            architecture: s.architectures[r.architecture].id.clone(),
            first_detection_s: r.first_detection_s,
            first_track_s: r.first_track_s,
            first_alert_s: r.first_alert_s,
            warning_time_s: r.warning_time_s,
            impact_error_km: r.impact_error_km,
            last_rv_miss_km: r.last_rv_miss_km,
            last_rv_time_to_go_s: r.last_rv_time_to_go_s,
            predictions_gt15min: r.coverage[0].predictions,
            inside_gt15min: r.coverage[0].inside,
            predictions_5_15min: r.coverage[1].predictions,
            inside_5_15min: r.coverage[1].inside,
            predictions_lt5min: r.coverage[2].predictions,
            inside_lt5min: r.coverage[2].inside,
            false_alert: r.false_alert,
            area_alerts: j[0],
            area_alerts_inside_rv: j[1],
            stage_area_alerts: j[2],
            rv_as_rv: j[3],
            rv_as_stage: j[4],
            rv_as_unknown: j[5],
            stage_as_rv: j[6],
            stage_as_stage: j[7],
            stage_as_unknown: j[8],
            false_track_warnings: r.false_track_warnings,
            false_track_warnings_coincident: r.false_track_warnings_coincident,
        }
    }

    /// The [`Row`] this names in `s`, or which id `s` does not know.
    pub fn to_row(&self, s: &Scenario) -> Result<Row, String> {
        Ok(Row {
            run: self.run,
            launch: s
                .launches
                .iter()
                .position(|l| l.id == self.launch)
                .ok_or_else(|| format!("unknown launch {:?} for this scenario", self.launch))?,
            architecture: s
                .architectures
                .iter()
                .position(|a| a.id == self.architecture)
                .ok_or_else(|| {
                    format!(
                        "unknown architecture {:?} for this scenario",
                        self.architecture
                    )
                })?,
            first_detection_s: self.first_detection_s,
            first_track_s: self.first_track_s,
            first_alert_s: self.first_alert_s,
            warning_time_s: self.warning_time_s,
            impact_error_km: self.impact_error_km,
            last_rv_miss_km: self.last_rv_miss_km,
            last_rv_time_to_go_s: self.last_rv_time_to_go_s,
            false_alert: self.false_alert,
            false_track_warnings: self.false_track_warnings,
            false_track_warnings_coincident: self.false_track_warnings_coincident,
            coverage: [
                (self.predictions_gt15min, self.inside_gt15min),
                (self.predictions_5_15min, self.inside_5_15min),
                (self.predictions_lt5min, self.inside_lt5min),
            ]
            .map(|(predictions, inside)| BandCount {
                predictions,
                inside,
            }),
            judged: Judged::from_counts([
                self.area_alerts,
                self.area_alerts_inside_rv,
                self.stage_area_alerts,
                self.rv_as_rv,
                self.rv_as_stage,
                self.rv_as_unknown,
                self.stage_as_rv,
                self.stage_as_stage,
                self.stage_as_unknown,
            ]),
        })
    }
}

/// `runs.csv` being written, block by block as the runs finish.
pub struct RunsWriter(CsvFile);

impl RunsWriter {
    /// Creates `path` and writes the header.
    pub fn create(path: &Path) -> Result<Self, FormatError> {
        CsvFile::create(path, RUNS_HEADER).map(RunsWriter)
    }

    /// Appends `rows` of scenario `s`.
    pub fn write(&mut self, s: &Scenario, rows: &[Row]) -> Result<(), FormatError> {
        rows.iter().try_for_each(|r| self.0.row(&RunRow::new(s, r)))
    }

    /// Flushes the file.
    pub fn finish(self) -> Result<(), FormatError> {
        self.0.finish()
    }
}

/// Writes `runs.csv` with `rows` of scenario `s`.
pub fn write_runs(path: &Path, s: &Scenario, rows: &[Row]) -> Result<(), FormatError> {
    let mut w = RunsWriter::create(path)?;
    w.write(s, rows)?;
    w.finish()
}

/// Reads `runs.csv` written for scenario `s`.
pub fn read_runs(path: &Path, s: &Scenario) -> Result<Vec<Row>, FormatError> {
    read_csv(path, &RUNS_HEADER)?
        .into_iter()
        .map(|(line, record)| {
            let row: RunRow = parse_row(path, line, &record)?;
            row.to_row(s)
                .map_err(|m| FormatError::invalid(path, line, m))
        })
        .collect()
}

/// The rows of the `runs.csv` files of shards of one Monte Carlo run, in the order one
/// process writes them (run, then architecture, then launch); a run × launch × architecture
/// in more than one file is refused.
pub fn merge_runs(paths: &[PathBuf], s: &Scenario) -> Result<Vec<Row>, FormatError> {
    let mut rows = Vec::new();
    for p in paths {
        rows.extend(read_runs(p, s)?);
    }
    sorted_once(rows)
}

/// `rows` in the order one process writes them (run, then architecture, then launch); a run ×
/// launch × architecture twice is refused.
fn sorted_once(mut rows: Vec<Row>) -> Result<Vec<Row>, FormatError> {
    rows.sort_by_key(|r| (r.run, r.architecture, r.launch));
    let mut seen = BTreeSet::new();
    match rows
        .iter()
        .find(|r| !seen.insert((r.run, r.architecture, r.launch)))
    {
        Some(r) => Err(FormatError::Inconsistent(format!(
            "run {} appears in more than one shard",
            r.run
        ))),
        None => Ok(rows),
    }
}

/// `manifest.json` of a Monte Carlo output folder, written last, once `runs.csv` and
/// `summary.csv` are complete: the scenario, seed and runs the folder holds, so that shards
/// that do not belong together, leave runs out or were cut short are refused by
/// [`merge_shards`] with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunsManifest {
    /// Version of the tool that wrote the folder.
    pub tool_version: String,
    /// The scenario's name.
    pub scenario: String,
    /// Hash of the scenario file's text ([`scenario_hash`]).
    pub scenario_hash: String,
    /// The scenario's seed.
    pub seed: u64,
    /// Runs of the whole Monte Carlo, every shard together (run indices 0 … runs − 1).
    pub runs: u32,
    /// First run of this folder.
    pub first_run: u32,
    /// End of this folder's runs (exclusive).
    pub end_run: u32,
    /// Rows of `runs.csv`: runs × launches × architectures.
    pub rows: u64,
    /// Whether every run of the folder was written.
    pub complete: bool,
    /// The files of the folder, written before this manifest (removed when the folder is
    /// rewritten: [`remove_manifest`](super::remove_manifest)).
    #[serde(default)]
    pub files: Vec<String>,
}

/// The hash that names a scenario file's text in manifests: FNV-1a, 64 bits, as
/// `fnv1a64:<16 hex digits>` (a check that shards ran the same file, not a security measure).
pub fn scenario_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

impl RunsManifest {
    /// The manifest of a complete folder holding `block` of `runs` runs of scenario `s`, read
    /// from a file with this `scenario_text`.
    pub fn new(s: &Scenario, scenario_text: &str, runs: u32, block: Range<u32>) -> Self {
        let per_run = (s.launches.len() * s.architectures.len()) as u64;
        RunsManifest {
            tool_version: env!("CARGO_PKG_VERSION").into(),
            scenario: s.name.clone(),
            scenario_hash: scenario_hash(scenario_text),
            seed: s.seed,
            runs,
            first_run: block.start,
            end_run: block.end,
            rows: u64::from(block.end.saturating_sub(block.start)) * per_run,
            complete: true,
            files: Vec::new(),
        }
    }

    /// Writes `dir/manifest.json`.
    pub fn write(&self, dir: &Path) -> Result<(), FormatError> {
        write_manifest(dir, self)
    }

    /// Removes `dir/manifest.json` if there is one: a folder being rewritten is not complete.
    pub fn remove(dir: &Path) -> Result<(), FormatError> {
        remove_manifest(dir)
    }

    /// Reads `dir/manifest.json`.
    pub fn read(dir: &Path) -> Result<Self, FormatError> {
        read_manifest(dir, "montecarlo", "Monte Carlo")
    }
}

/// The rows of the Monte Carlo shard folders `dirs`, merged into what one process writes (see
/// [`merge_runs`]), and the manifest of the merged folder. Refused, with the reason: a folder
/// without a complete manifest; shards of another scenario file than `scenario_text` (the one
/// `s` was read from) or another seed; shards of different `--runs`; runs in no shard (a
/// missing shard) or in two; a `runs.csv` whose rows are not those its manifest announces.
pub fn merge_shards(
    dirs: &[PathBuf],
    s: &Scenario,
    scenario_text: &str,
) -> Result<(Vec<Row>, RunsManifest), FormatError> {
    let hash = scenario_hash(scenario_text);
    let mut shards = Vec::new();
    for d in dirs {
        let m = RunsManifest::read(d)?;
        let name = d.display();
        let wrong = |why: String| Err(FormatError::Inconsistent(format!("shard {name}: {why}")));
        if !m.complete {
            return wrong("its manifest says it is incomplete".into());
        }
        if m.seed != s.seed {
            return wrong(format!(
                "it ran seed {}, the scenario has seed {}",
                m.seed, s.seed
            ));
        }
        if m.scenario_hash != hash {
            return wrong(format!(
                "it ran another scenario file (scenario {:?}, {}) than --scenario ({:?}, {hash})",
                m.scenario, m.scenario_hash, s.name
            ));
        }
        if !(m.first_run <= m.end_run && m.end_run <= m.runs) {
            return wrong(format!(
                "its manifest's runs {}..{} are not within 0..{}",
                m.first_run, m.end_run, m.runs
            ));
        }
        shards.push((d, m));
    }
    let Some(runs) = shards.first().map(|(_, m)| m.runs) else {
        return Err(FormatError::Inconsistent("no shard to merge".into()));
    };
    if let Some((d, m)) = shards.iter().find(|(_, m)| m.runs != runs) {
        return Err(FormatError::Inconsistent(format!(
            "shard {} is one of {} runs, shard {} one of {runs} (shards of different --runs)",
            d.display(),
            m.runs,
            shards[0].0.display()
        )));
    }
    shards.sort_by_key(|(_, m)| (m.first_run, m.end_run));
    let mut next = 0u32;
    let mut previous: Option<&Path> = None;
    for (d, m) in &shards {
        if m.first_run > next {
            return Err(FormatError::Inconsistent(format!(
                "runs {next}..{} of {runs} are in no shard (a shard is missing)",
                m.first_run
            )));
        }
        if m.first_run < next {
            return Err(FormatError::Inconsistent(format!(
                "runs {}..{} are in two shards: {} and {}",
                m.first_run,
                next.min(m.end_run),
                previous.map_or(String::new(), |p| p.display().to_string()),
                d.display()
            )));
        }
        next = m.end_run;
        previous = Some(d.as_path());
    }
    if next < runs {
        return Err(FormatError::Inconsistent(format!(
            "runs {next}..{runs} of {runs} are in no shard (a shard is missing)"
        )));
    }
    let mut rows = Vec::new();
    for (d, m) in &shards {
        let path = d.join("runs.csv");
        let read = read_runs(&path, s)?;
        if read.len() as u64 != m.rows {
            return Err(FormatError::Inconsistent(format!(
                "{}: {} rows, its manifest announces {}",
                path.display(),
                read.len(),
                m.rows
            )));
        }
        if let Some(r) = read
            .iter()
            .find(|r| r.run < m.first_run || r.run >= m.end_run)
        {
            return Err(FormatError::Inconsistent(format!(
                "{}: run {} is outside the shard's runs {}..{}",
                path.display(),
                r.run,
                m.first_run,
                m.end_run
            )));
        }
        rows.extend(read);
    }
    let rows = sorted_once(rows)?;
    Ok((rows, RunsManifest::new(s, scenario_text, runs, 0..runs)))
}

/// The columns of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 12] = [
    "launch",
    "architecture",
    "runs",
    "p_detected",
    "p_warning",
    "p_false_alert",
    "mean_warning_s",
    "p5_warning_s",
    "p50_warning_s",
    "p95_warning_s",
    "p50_last_rv_miss_km",
    "p95_last_rv_miss_km",
];

/// One row of `summary.csv`: a [`Summary`] with the scenario's ids. The warning-time
/// percentiles count runs without warning as 0 and are empty, like the mean, when no run
/// warned; the last-prediction misses of the reentry vehicle are over the runs that
/// predicted its impact, empty when none did.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct SummaryRow<'a> {
    pub launch: &'a str,
    pub architecture: &'a str,
    pub runs: usize,
    #[serde(serialize_with = "super::num::exact")]
    pub p_detected: f64,
    #[serde(serialize_with = "super::num::exact")]
    pub p_warning: f64,
    #[serde(serialize_with = "super::num::exact")]
    pub p_false_alert: f64,
    #[serde(serialize_with = "opt_exact")]
    pub mean_warning_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub p5_warning_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub p50_warning_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub p95_warning_s: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub p50_last_rv_miss_km: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub p95_last_rv_miss_km: Option<f64>,
}

impl<'a> SummaryRow<'a> {
    /// The row of `x`, with the ids of `s`.
    pub fn new(s: &'a Scenario, x: &Summary) -> Self {
        let p = |k: usize| x.warning_percentiles_s.map(|p| p[k]);
        SummaryRow {
            launch: &s.launches[x.launch].id,
            architecture: &s.architectures[x.architecture].id,
            runs: x.runs,
            p_detected: x.p_detected,
            p_warning: x.p_warning,
            p_false_alert: x.p_false_alert,
            mean_warning_s: x.mean_warning_s,
            p5_warning_s: p(0),
            p50_warning_s: p(1),
            p95_warning_s: p(2),
            p50_last_rv_miss_km: x.last_rv_miss_km.map(|m| m[0]),
            p95_last_rv_miss_km: x.last_rv_miss_km.map(|m| m[1]),
        }
    }
}

/// Writes `summary.csv` of `summaries` (of scenario `s`), in the order given.
pub fn write_summary(path: &Path, s: &Scenario, summaries: &[Summary]) -> Result<(), FormatError> {
    write_csv(
        path,
        &SUMMARY_HEADER,
        summaries.iter().map(|x| SummaryRow::new(s, x)),
    )
}

/// The columns of `calibration.csv`.
pub const CALIBRATION_HEADER: [&str; 8] = [
    "architecture",
    "missile",
    "time_to_go",
    "predictions",
    "inside_95",
    "coverage",
    "coverage_ci95_low",
    "coverage_ci95_high",
];

/// One row of `calibration.csv`: a [`CalibrationCell`] with the scenario's ids (`all`: every
/// missile class); the coverage and its 95 % Wilson score interval are empty without
/// predictions.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct CalibrationRow<'a> {
    pub architecture: &'a str,
    pub missile: &'a str,
    pub time_to_go: &'static str,
    pub predictions: u64,
    pub inside_95: u64,
    #[serde(serialize_with = "opt_exact")]
    pub coverage: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub coverage_ci95_low: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub coverage_ci95_high: Option<f64>,
}

impl<'a> CalibrationRow<'a> {
    /// The row of `c`, with the ids of `s`.
    pub fn new(s: &'a Scenario, c: &'a CalibrationCell) -> Self {
        let ci = c.interval_95();
        CalibrationRow {
            architecture: &s.architectures[c.architecture].id,
            missile: c.missile.as_deref().unwrap_or("all"),
            time_to_go: c.band.as_str(),
            predictions: c.predictions,
            inside_95: c.inside,
            coverage: c.coverage(),
            coverage_ci95_low: ci.map(|x| x.0),
            coverage_ci95_high: ci.map(|x| x.1),
        }
    }
}

/// Writes `calibration.csv` of `cells` (of scenario `s`), in the order given.
pub fn write_calibration(
    path: &Path,
    s: &Scenario,
    cells: &[CalibrationCell],
) -> Result<(), FormatError> {
    write_csv(
        path,
        &CALIBRATION_HEADER,
        cells.iter().map(|c| CalibrationRow::new(s, c)),
    )
}

/// The columns of `discrimination.csv`.
pub const DISCRIMINATION_HEADER: [&str; 17] = [
    "architecture",
    "missile",
    "area_alerts",
    "area_alerts_inside_rv",
    "area_coverage",
    "area_coverage_ci95_low",
    "area_coverage_ci95_high",
    "stage_area_alerts",
    "rv_as_rv",
    "rv_as_stage",
    "rv_as_unknown",
    "stage_as_rv",
    "stage_as_stage",
    "stage_as_unknown",
    "predictions_judged",
    "class_right",
    "class_right_share",
];

/// One row of `discrimination.csv`: a [`JudgedCell`] with the scenario's ids (`all`: every
/// missile class); shares empty without counts.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct DiscriminationRow<'a> {
    pub architecture: &'a str,
    pub missile: &'a str,
    pub area_alerts: u32,
    pub area_alerts_inside_rv: u32,
    #[serde(serialize_with = "opt_exact")]
    pub area_coverage: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub area_coverage_ci95_low: Option<f64>,
    #[serde(serialize_with = "opt_exact")]
    pub area_coverage_ci95_high: Option<f64>,
    pub stage_area_alerts: u32,
    pub rv_as_rv: u32,
    pub rv_as_stage: u32,
    pub rv_as_unknown: u32,
    pub stage_as_rv: u32,
    pub stage_as_stage: u32,
    pub stage_as_unknown: u32,
    pub predictions_judged: u32,
    pub class_right: u32,
    #[serde(serialize_with = "opt_exact")]
    pub class_right_share: Option<f64>,
}

impl<'a> DiscriminationRow<'a> {
    /// The row of `c`, with the ids of `s`.
    pub fn new(s: &'a Scenario, c: &'a JudgedCell) -> Self {
        let j = &c.judged;
        let [rv, stage] = j.classes;
        let area = c.area_coverage();
        DiscriminationRow {
            architecture: &s.architectures[c.architecture].id,
            missile: c.missile.as_deref().unwrap_or("all"),
            area_alerts: j.area_alerts.predictions,
            area_alerts_inside_rv: j.area_alerts.inside,
            area_coverage: area.map(|x| x.0),
            area_coverage_ci95_low: area.map(|x| x.1.0),
            area_coverage_ci95_high: area.map(|x| x.1.1),
            stage_area_alerts: j.stage_area_alerts,
            rv_as_rv: rv[0],
            rv_as_stage: rv[1],
            rv_as_unknown: rv[2],
            stage_as_rv: stage[0],
            stage_as_stage: stage[1],
            stage_as_unknown: stage[2],
            predictions_judged: rv.iter().chain(&stage).sum(),
            class_right: rv[0] + stage[1],
            class_right_share: c.correct(),
        }
    }
}

/// Writes `discrimination.csv` of `cells` (of scenario `s`), in the order given.
pub fn write_discrimination(
    path: &Path,
    s: &Scenario,
    cells: &[JudgedCell],
) -> Result<(), FormatError> {
    write_csv(
        path,
        &DISCRIMINATION_HEADER,
        cells.iter().map(|c| DiscriminationRow::new(s, c)),
    )
}

/// The columns of `false_warnings.csv`.
pub const FALSE_WARNINGS_HEADER: [&str; 12] = [
    "architecture",
    "runs",
    "exercise_hours",
    "false_warnings",
    "per_hour",
    "per_hour_upper95",
    "coincident",
    "other_per_hour",
    "other_per_hour_upper95",
    "dual_phenomenology",
    "p_warning",
    "mean_warning_min",
];

/// One row of `false_warnings.csv`: a [`FalseWarnings`] with the scenario's ids and the
/// architecture's doctrine.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct FalseWarningsRow<'a> {
    pub architecture: &'a str,
    pub runs: usize,
    #[serde(serialize_with = "exact")]
    pub exercise_hours: f64,
    pub false_warnings: u64,
    #[serde(serialize_with = "exact")]
    pub per_hour: f64,
    #[serde(serialize_with = "exact")]
    pub per_hour_upper95: f64,
    pub coincident: u64,
    #[serde(serialize_with = "exact")]
    pub other_per_hour: f64,
    #[serde(serialize_with = "exact")]
    pub other_per_hour_upper95: f64,
    pub dual_phenomenology: bool,
    #[serde(serialize_with = "exact")]
    pub p_warning: f64,
    #[serde(serialize_with = "exact")]
    pub mean_warning_min: f64,
}

impl<'a> FalseWarningsRow<'a> {
    /// The row of `x`, with the ids of `s`.
    pub fn new(s: &'a Scenario, x: &FalseWarnings) -> Self {
        let a = &s.architectures[x.architecture];
        FalseWarningsRow {
            architecture: &a.id,
            runs: x.runs,
            exercise_hours: x.exercise_hours,
            false_warnings: x.warned,
            per_hour: x.per_hour,
            per_hour_upper95: x.per_hour_upper_95,
            coincident: x.coincident,
            other_per_hour: x.other_per_hour,
            other_per_hour_upper95: x.other_per_hour_upper_95,
            dual_phenomenology: a.warning.dual_phenomenology,
            p_warning: x.p_warning,
            mean_warning_min: x.mean_warning_s / 60.0,
        }
    }
}

/// Writes `false_warnings.csv` of `rows` (of scenario `s`), in the order given.
pub fn write_false_warnings(
    path: &Path,
    s: &Scenario,
    rows: &[FalseWarnings],
) -> Result<(), FormatError> {
    write_csv(
        path,
        &FALSE_WARNINGS_HEADER,
        rows.iter().map(|x| FalseWarningsRow::new(s, x)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_sim::montecarlo::summarise;

    /// FNV-1a 64 test vectors from its authors' reference page (Fowler, Noll, Vo,
    /// "FNV Hash", isthe.com/chongo/tech/comp/fnv): "" → cbf29ce484222325 (the offset basis),
    /// "a" → af63dc4c8601ec8c, "foobar" → 85944171f73967e8; exact.
    #[test]
    fn ref_scenario_hash_is_fnv1a_64() {
        assert_eq!(scenario_hash(""), "fnv1a64:cbf29ce484222325");
        assert_eq!(scenario_hash("a"), "fnv1a64:af63dc4c8601ec8c");
        assert_eq!(scenario_hash("foobar"), "fnv1a64:85944171f73967e8");
    }

    fn scenario() -> Scenario {
        let text = include_str!("../../../../scenarios/teaching/single-radar.toml");
        Scenario::from_toml(text).unwrap()
    }

    fn row(run: u32, warning: Option<f64>) -> Row {
        Row {
            run,
            launch: 0,
            architecture: 0,
            first_detection_s: Some(40.0),
            first_track_s: None,
            first_alert_s: warning.map(|w| 1000.0 - w),
            warning_time_s: warning,
            impact_error_km: Some(0.1 + 0.2),
            last_rv_miss_km: Some(1.0 / 3.0),
            last_rv_time_to_go_s: Some(12.5),
            false_alert: false,
            false_track_warnings: 0,
            false_track_warnings_coincident: 0,
            coverage: [
                BandCount::default(),
                BandCount {
                    predictions: 3,
                    inside: 2,
                },
                BandCount::default(),
            ],
            judged: Judged::default(),
        }
    }

    #[test]
    fn summary_leaves_percentiles_empty_without_any_warning() {
        let s = scenario();
        let path = std::env::temp_dir().join(format!("vigil-summary-{}.csv", std::process::id()));
        let summaries = summarise(&[row(0, None), row(1, None)], 1, 1);
        write_summary(&path, &s, &summaries).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        // Misses of the reentry vehicle's last prediction are summarised even without a
        // warning (every row has 1/3 km).
        let third = "0.3333333333333333";
        assert_eq!(
            text.lines().nth(1),
            Some(format!("L1,radar-only,2,1,0,0,,,,,{third},{third}").as_str())
        );
        let summaries = summarise(&[row(0, None), row(1, Some(600.0))], 1, 1);
        write_summary(&path, &s, &summaries).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().nth(1),
            Some(format!("L1,radar-only,2,1,0.5,0,600,30,300,570,{third},{third}").as_str())
        );
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn calibration_sums_the_runs_per_class_and_band() {
        let s = scenario();
        let path =
            std::env::temp_dir().join(format!("vigil-calibration-{}.csv", std::process::id()));
        let cells = vigil_sim::montecarlo::calibration(&s, &[row(0, None), row(1, Some(1.0))]);
        write_calibration(&path, &s, &cells).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CALIBRATION_HEADER.join(","));
        // One class and every class together, three bands each.
        assert_eq!(lines.len(), 1 + 6);
        assert_eq!(lines[1], "radar-only,irbm-generic,gt15min,0,0,,,");
        for line in [lines[2], lines[5]] {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f[2..6], ["5-15min", "6", "4", "0.6666666666666666"]);
            let (lo, hi): (f64, f64) = (f[6].parse().unwrap(), f[7].parse().unwrap());
            let (a, b) =
                vigil_sim::predictions::wilson(4, 6, vigil_sim::predictions::Z_95).unwrap();
            assert_eq!((lo, hi), (a, b));
            assert!(lo < 2.0 / 3.0 && 2.0 / 3.0 < hi);
        }
        assert!(lines[5].starts_with("radar-only,all,"));
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn runs_read_back_exactly_and_shards_must_not_overlap() {
        let s = scenario();
        let dir = std::env::temp_dir().join(format!("vigil-runs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
        let rows = [row(0, Some(1.0 / 3.0)), row(1, None)];
        write_runs(&a, &s, &rows).unwrap();
        write_runs(&b, &s, &rows[1..]).unwrap();
        assert_eq!(read_runs(&a, &s).unwrap(), rows);
        let e = merge_runs(&[a.clone(), b], &s).unwrap_err();
        assert_eq!(e.to_string(), "run 1 appears in more than one shard");
        std::fs::write(&a, "run,launch,architecture,first_detection_s,first_track_s,first_alert_s,warning_time_s,impact_error_km,last_rv_miss_km,last_rv_time_to_go_s,predictions_gt15min,inside_gt15min,predictions_5_15min,inside_5_15min,predictions_lt5min,inside_lt5min,false_alert,area_alerts,area_alerts_inside_rv,stage_area_alerts,rv_as_rv,rv_as_stage,rv_as_unknown,stage_as_rv,stage_as_stage,stage_as_unknown,false_track_warnings,false_track_warnings_coincident\n0,L2,radar-only,,,,,,,,0,0,0,0,0,0,false,0,0,0,0,0,0,0,0,0,0,0\n").unwrap();
        let e = read_runs(&a, &s).unwrap_err().to_string();
        assert!(
            e.ends_with("a.csv:2: unknown launch \"L2\" for this scenario"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
