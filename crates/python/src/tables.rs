//! `vigil.Report` and the tables of a run or Monte Carlo, built from the row structs that
//! `vigil`'s CSV writers use, as typed columns for `vigil._frames`.

use crate::{VigilError, frames, guarded};
use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;
use vigil_report::Projection;
use vigil_report::formats::alerts::{self, AlertRow};
use vigil_report::formats::detections::{self, DetectionRow};
use vigil_report::formats::montecarlo::{RUNS_HEADER, RunRow};
use vigil_report::formats::predictions::{self, PredictionRow};
use vigil_report::formats::report_json::RunReport;
use vigil_report::formats::tracks::{self, TrackRecord};
use vigil_report::formats::truth_label;
use vigil_report::run_outputs::write_run_folder;
use vigil_sensors::Truth;
use vigil_sim::montecarlo::Row;
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

/// One cell of a table.
pub(crate) enum Cell {
    /// A number (NaN in the column when None).
    F(Option<f64>),
    /// A whole number (a nullable integer column).
    I(Option<u64>),
    /// Text (missing when None).
    S(Option<String>),
    /// A flag.
    B(bool),
}

fn f(x: f64) -> Cell {
    Cell::F(Some(x))
}

fn s(x: &str) -> Cell {
    Cell::S(Some(x.to_string()))
}

/// A column: its name and cells, all of one kind.
enum Column {
    F(Vec<f64>),
    I(Vec<Option<u64>>),
    S(Vec<Option<String>>),
    B(Vec<bool>),
}

/// A table: named columns of equal length. Column kinds come from the first row; a table
/// without rows has empty text columns, which `vigil._frames` types by name.
pub(crate) struct Table {
    names: Vec<&'static str>,
    columns: Vec<Column>,
}

impl Table {
    pub(crate) fn new(names: &[&'static str]) -> Self {
        Table {
            names: names.to_vec(),
            columns: Vec::new(),
        }
    }

    /// Appends a row (cells in column order).
    pub(crate) fn push(&mut self, row: Vec<Cell>) {
        if self.columns.is_empty() {
            self.columns = row
                .iter()
                .map(|c| match c {
                    Cell::F(_) => Column::F(Vec::new()),
                    Cell::I(_) => Column::I(Vec::new()),
                    Cell::S(_) => Column::S(Vec::new()),
                    Cell::B(_) => Column::B(Vec::new()),
                })
                .collect();
        }
        for (col, cell) in self.columns.iter_mut().zip(row) {
            match (col, cell) {
                (Column::F(v), Cell::F(x)) => v.push(x.unwrap_or(f64::NAN)),
                (Column::I(v), Cell::I(x)) => v.push(x),
                (Column::S(v), Cell::S(x)) => v.push(x),
                (Column::B(v), Cell::B(x)) => v.push(x),
                // Each table's cells have fixed kinds per column.
                _ => {}
            }
        }
    }

    /// `vigil._frames.frame(columns)`: a DataFrame.
    pub(crate) fn into_frame(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut cols: Vec<(&str, &str, Bound<'_, PyAny>)> = Vec::with_capacity(self.names.len());
        if self.columns.is_empty() {
            for name in self.names {
                cols.push((
                    name,
                    "empty",
                    Vec::<String>::new().into_pyobject(py)?.into_any(),
                ));
            }
        } else {
            for (name, col) in self.names.into_iter().zip(self.columns) {
                cols.push(match col {
                    Column::F(v) => (name, "f64", PyArray1::from_vec(py, v).into_any()),
                    Column::I(v) => (name, "int", v.into_pyobject(py)?.into_any()),
                    Column::S(v) => (name, "str", v.into_pyobject(py)?.into_any()),
                    Column::B(v) => (name, "bool", PyArray1::from_vec(py, v).into_any()),
                });
            }
        }
        frames(py, "frame", (cols,))
    }
}

/// Columns of `Report.launches`: per architecture and launch, the figures of `report.json`.
const LAUNCH_COLUMNS: [&str; 18] = [
    "architecture",
    "launch",
    "missile",
    "launch_time_s",
    "impact_time_s",
    "impact_lat_deg",
    "impact_lon_deg",
    "threatened_areas",
    "first_detection_s",
    "first_track_s",
    "first_launch_alert_s",
    "first_assessment_s",
    "first_alert_s",
    "impact_error_km",
    "warning_time_s",
    "detection_warning_s",
    "track_warning_s",
    "launch_alert_warning_s",
];

/// The result of one run of a scenario: `report.json` and the tables of `vigil run`.
#[pyclass(name = "Report", module = "vigil", frozen)]
pub struct PyReport {
    scenario: Scenario,
    /// The scenario file's text (for the folder's manifest).
    text: String,
    /// Monte Carlo run index.
    run: u32,
    result: RunResult,
}

impl PyReport {
    pub(crate) fn new(scenario: Scenario, text: String, run: u32, result: RunResult) -> Self {
        PyReport {
            scenario,
            text,
            run,
            result,
        }
    }
}

#[pymethods]
impl PyReport {
    /// `report.json` of `vigil run`, byte for byte (pretty JSON and a line end).
    fn to_json(&self) -> PyResult<String> {
        let report = RunReport::from_run(&self.scenario, &self.result);
        serde_json::to_string_pretty(&report)
            .map(|t| t + "\n")
            .map_err(|e| VigilError::new_err(e.to_string()))
    }

    /// Writes every file of `vigil run` into folder `out` (created if needed): report.json,
    /// alerts.csv, detections.csv, tracks-<architecture>.csv, run.geojson, run.czml, map.png,
    /// and manifest.json last (the files of an earlier run there, listed by its manifest, go
    /// first).
    /// `projection`: auto, azimuthal or equirectangular (the map's).
    #[pyo3(signature = (out, projection = "auto"))]
    fn write(&self, py: Python<'_>, out: PathBuf, projection: &str) -> PyResult<()> {
        let projection: Projection = projection
            .parse()
            .map_err(|e| PyValueError::new_err(format!("projection: {e}")))?;
        std::fs::create_dir_all(&out)
            .map_err(|e| VigilError::new_err(format!("{}: {e}", out.display())))?;
        let (s, r) = (&self.scenario, &self.result);
        let (text, run) = (&self.text, self.run);
        py.detach(|| guarded(|| write_run_folder(&out, s, text, run, s.duration_s, r, projection)))?
            .map_err(|e| VigilError::new_err(e.to_string()))
    }

    /// Architecture ids of this run, in order.
    #[getter]
    fn architectures(&self) -> Vec<String> {
        self.scenario
            .architectures
            .iter()
            .map(|a| a.id.clone())
            .collect()
    }

    /// One row per architecture × launch with the figures of `report.json` (times in s after
    /// the scenario epoch, `*_warning_s` before the true impact; threatened areas
    /// `;`-separated).
    #[getter]
    fn launches(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let report = RunReport::from_run(&self.scenario, &self.result);
        let mut t = Table::new(&LAUNCH_COLUMNS);
        for a in &report.architectures {
            for l in &a.launches {
                t.push(vec![
                    s(&a.id),
                    s(&l.launch_id),
                    s(&l.missile),
                    f(l.launch_time_s),
                    f(l.impact_time_s),
                    f(l.impact_lat_deg),
                    f(l.impact_lon_deg),
                    s(&l.threatened_areas.join(";")),
                    Cell::F(l.first_detection_s),
                    Cell::F(l.first_track_s),
                    Cell::F(l.first_launch_alert_s),
                    Cell::F(l.first_assessment_s),
                    Cell::F(l.first_alert_s),
                    Cell::F(l.impact_error_km),
                    Cell::F(l.warning_time_s),
                    Cell::F(l.detection_warning_s),
                    Cell::F(l.track_warning_s),
                    Cell::F(l.launch_alert_warning_s),
                ]);
            }
        }
        t.into_frame(py)
    }

    /// Every alert of every architecture: the columns of `alerts.csv` (exact numbers).
    #[getter]
    fn alerts(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let sc = &self.scenario;
        let mut t = Table::new(&alerts::HEADER);
        for (i, o) in self.result.architectures.iter().enumerate() {
            for k in 0..o.alerts.len() {
                let r = AlertRow::new(sc, &self.result, i, k);
                t.push(vec![
                    s(r.architecture),
                    f(r.t_s),
                    s(r.kind),
                    Cell::I(r.track),
                    Cell::S(r.area.map(str::to_string)),
                    f(r.probability),
                    Cell::F(r.impact_lat_deg),
                    Cell::F(r.impact_lon_deg),
                    Cell::F(r.impact_t_s),
                    Cell::F(r.semi_major_km),
                    Cell::F(r.semi_minor_km),
                    Cell::F(r.major_azimuth_deg),
                    Cell::F(r.launch_lat_deg),
                    Cell::F(r.launch_lon_deg),
                    Cell::F(r.azimuth_deg),
                    s(&r.sensors),
                    s(r.launch),
                    Cell::S(r.followed_launch),
                    Cell::S(r.followed_object),
                    Cell::F(r.purity),
                    Cell::F(r.true_impact_lat_deg),
                    Cell::F(r.true_impact_lon_deg),
                    Cell::F(r.true_impact_t_s),
                    Cell::S(r.inside_95.map(|x| x.to_string())),
                    Cell::F(r.miss_sigma),
                    Cell::F(r.time_miss_sigma),
                    Cell::S(r.object.map(str::to_string)),
                    Cell::F(r.p_stage),
                ]);
            }
        }
        t.into_frame(py)
    }

    /// Every impact prediction of every architecture, announced or not: the columns of
    /// `predictions.csv` (exact numbers), scored against the object its track followed.
    #[getter]
    fn predictions(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let sc = &self.scenario;
        let mut t = Table::new(&predictions::HEADER);
        for (i, o) in self.result.architectures.iter().enumerate() {
            for k in 0..o.predictions.len() {
                let r = PredictionRow::new(sc, &self.result, i, k);
                t.push(vec![
                    s(r.architecture),
                    f(r.t_s),
                    Cell::I(Some(r.track)),
                    f(r.impact_lat_deg),
                    f(r.impact_lon_deg),
                    f(r.impact_t_s),
                    f(r.impact_t_sigma_s),
                    f(r.semi_major_km),
                    f(r.semi_minor_km),
                    f(r.major_azimuth_deg),
                    s(r.object),
                    f(r.p_stage),
                    Cell::S(r.followed_launch),
                    Cell::S(r.followed_object),
                    Cell::F(r.purity),
                    Cell::F(r.time_to_go_s),
                    Cell::F(r.true_impact_lat_deg),
                    Cell::F(r.true_impact_lon_deg),
                    Cell::F(r.true_impact_t_s),
                    Cell::S(r.inside_95.map(|x| x.to_string())),
                    Cell::F(r.miss_sigma),
                    Cell::F(r.time_miss_sigma),
                    Cell::S(r.inside_95_any_held.map(|x| x.to_string())),
                ]);
            }
        }
        t.into_frame(py)
    }

    /// Every track update of every architecture: an `architecture` column, then the columns
    /// of `tracks-<architecture>.csv` (ECEF m and m/s, exact numbers).
    #[getter]
    fn tracks(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let sc = &self.scenario;
        let mut names = vec!["architecture"];
        names.extend(tracks::HEADER);
        let mut t = Table::new(&names);
        for (arch, o) in sc.architectures.iter().zip(&self.result.architectures) {
            for row in &o.tracking.rows {
                let r = TrackRecord::new(sc, row);
                t.push(vec![
                    s(&arch.id),
                    Cell::I(Some(r.track_id)),
                    f(r.t_s),
                    f(r.x_m),
                    f(r.y_m),
                    f(r.z_m),
                    f(r.vx_mps),
                    f(r.vy_mps),
                    f(r.vz_mps),
                    f(r.sigma_x_m),
                    f(r.sigma_y_m),
                    f(r.sigma_z_m),
                    f(r.sigma_vx_mps),
                    f(r.sigma_vy_mps),
                    f(r.sigma_vz_mps),
                    s(r.status),
                    s(r.phase),
                    Cell::F(r.rcs_m2_est),
                    s(r.object_hint),
                    s(&r.truth),
                    Cell::F(r.position_error_m),
                ]);
            }
        }
        t.into_frame(py)
    }

    /// Every detection of every sensor: the columns of `detections.csv` (radar columns
    /// missing on infrared rows and the other way round; exact numbers).
    #[getter]
    fn detections(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut t = Table::new(&detections::HEADER);
        for x in &self.result.detections {
            let r = DetectionRow::new(&self.scenario, x);
            t.push(vec![
                f(r.t_s),
                s(r.sensor),
                s(r.network),
                s(r.kind),
                Cell::F(r.range_m),
                Cell::F(r.azimuth_deg),
                Cell::F(r.elevation_deg),
                Cell::F(r.range_rate_mps),
                Cell::F(r.alpha_deg),
                Cell::F(r.delta_deg),
                Cell::F(r.sigma_range_m),
                Cell::F(r.sigma_angle_mrad),
                Cell::F(r.sigma_range_rate_mps),
                Cell::F(r.sigma_los_urad),
                f(r.sensor_x_m),
                f(r.sensor_y_m),
                f(r.sensor_z_m),
                f(r.snr_db),
                Cell::F(r.rcs_m2),
                s(&r.truth),
            ]);
        }
        t.into_frame(py)
    }

    /// The true state of every object in flight at each time of `t_s` (s): `truth` (the
    /// label of the `truth` column of `detections`, `<launch>/<object>`), `t_s`, then ECEF
    /// position (m) and velocity (m/s, Earth-fixed). Objects not in flight at a time have no
    /// row for it.
    fn truth(&self, py: Python<'_>, t_s: Vec<f64>) -> PyResult<Py<PyAny>> {
        if let Some(bad) = t_s.iter().find(|t| !t.is_finite()) {
            return Err(PyValueError::new_err(format!(
                "t_s must hold finite times, got {bad}"
            )));
        }
        let mut t = Table::new(&[
            "truth", "t_s", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps",
        ]);
        for time in &t_s {
            for (launch, flown) in self.result.flown.iter().enumerate() {
                for (object, o) in flown.flight.objects.iter().enumerate() {
                    let Some(st) = o.ephemeris.state_at(*time) else {
                        continue;
                    };
                    let label = truth_label(
                        &self.scenario,
                        &Truth::Object {
                            launch: launch as u32,
                            object: object as u32,
                        },
                    );
                    let [x, y, z] = st.position.to_array();
                    let [vx, vy, vz] = st.velocity.to_array();
                    t.push(vec![
                        s(&label),
                        f(*time),
                        f(x),
                        f(y),
                        f(z),
                        f(vx),
                        f(vy),
                        f(vz),
                    ]);
                }
            }
        }
        t.into_frame(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "<vigil.Report of {:?}: {} architectures, {} launches, {} detections>",
            self.scenario.name,
            self.result.architectures.len(),
            self.scenario.launches.len(),
            self.result.detections.len()
        )
    }
}

/// The Monte Carlo rows as a DataFrame of `runs.csv`'s columns.
pub(crate) fn runs_table(py: Python<'_>, sc: &Scenario, rows: &[Row]) -> PyResult<Py<PyAny>> {
    let mut t = Table::new(&RUNS_HEADER);
    for row in rows {
        let r = RunRow::new(sc, row);
        let mut cells = vec![
            Cell::I(Some(u64::from(r.run))),
            s(&r.launch),
            s(&r.architecture),
            Cell::F(r.first_detection_s),
            Cell::F(r.first_track_s),
            Cell::F(r.first_alert_s),
            Cell::F(r.warning_time_s),
            Cell::F(r.impact_error_km),
            Cell::F(r.last_rv_miss_km),
            Cell::F(r.last_rv_time_to_go_s),
            Cell::I(Some(u64::from(r.predictions_gt15min))),
            Cell::I(Some(u64::from(r.inside_gt15min))),
            Cell::I(Some(u64::from(r.predictions_5_15min))),
            Cell::I(Some(u64::from(r.inside_5_15min))),
            Cell::I(Some(u64::from(r.predictions_lt5min))),
            Cell::I(Some(u64::from(r.inside_lt5min))),
            Cell::B(r.false_alert),
        ];
        cells.extend(row.judged.counts().map(|c| Cell::I(Some(u64::from(c)))));
        cells.push(Cell::I(Some(u64::from(r.false_track_warnings))));
        cells.push(Cell::I(Some(u64::from(r.false_track_warnings_coincident))));
        t.push(cells);
    }
    t.into_frame(py)
}
