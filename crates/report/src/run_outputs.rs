//! The geographic outputs of `vigil run`: what happened, where.
//!
//! [`write_run_outputs`] writes three files into the run's folder:
//!
//! * `run.geojson` — RFC 7946 features ([`run_features`]): radar sites and infrared
//!   satellites' sub-points at t = 0, radar coverage at 500 km, defended areas, the true
//!   ground tracks of every launch's reentry vehicle and booster (every 20 s), launch and
//!   true impact points, and per architecture the 95 % impact ellipse of its first correct
//!   alert on each launch. Property names carry their units (`t_s`, `semi_major_km`, …);
//!   every feature has a `layer` property naming what it is.
//! * `run.czml` — the same run animated for Cesium ([`crate::czml::run_czml`]).
//! * `map.png` — a 1600 × 1000 map of the run ([`crate::run_map::run_map`]), with an
//!   impact-area detail inset when the impact ellipses are only a few pixels across on it.
//!
//! The three files are deterministic: the same scenario and run give the same bytes.
//! [`write_run_files`] writes them and the data files of `vigil run`.

use crate::czml::run_czml;
use crate::formats::montecarlo::scenario_hash;
use crate::formats::report_json::RunReport;
use crate::formats::{
    FormatError, alerts, detections, file_names, predictions, tracks, write_manifest,
};
use crate::geojson::{Feature, Geometry, feature_collection};
use crate::run_geometry::{
    GROUND_TRACK_STEP_S, ellipse_of, first_correct_alert, ground_track, lon_lat, object, round,
};
use crate::run_map::run_map;
use crate::scenario_layers::coverage_features;
use crate::{MapError, Projection, render_png_bytes};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use vigil_flight::launch::ObjectKind;
use vigil_sim::coverage::radar_footprints;
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

/// File name of the GeoJSON output.
pub const GEOJSON_FILE: &str = "run.geojson";
/// File name of the CZML output.
pub const CZML_FILE: &str = "run.czml";
/// File name of the map.
pub const MAP_FILE: &str = "map.png";
/// Target height of the radar coverage drawn and written, m.
pub const COVERAGE_HEIGHT_M: f64 = 500_000.0;

fn feature(geometry: Geometry, properties: Value) -> Feature {
    Feature {
        geometry,
        properties: match properties {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        },
    }
}

/// Every GeoJSON feature of the run (see the module documentation), in a fixed order:
/// the scenario's coverage, sites and areas; per launch its launch point, ground tracks and
/// true impact; per architecture and launch the first correct alert's impact ellipse.
pub fn run_features(s: &Scenario, r: &RunResult) -> Vec<Feature> {
    let footprints = radar_footprints(s, COVERAGE_HEIGHT_M);
    let mut out = coverage_features(s, &footprints, COVERAGE_HEIGHT_M / 1e3);
    for (l, (launch, flown)) in s.launches.iter().zip(&r.flown).enumerate() {
        let flight = &flown.flight;
        out.push(feature(
            Geometry::Point(lon_lat(&flight.launch)),
            json!({"layer": "launch-point", "launch": launch.id, "missile": launch.class.id,
                   "t_s": round(flight.t_launch_s, 3)}),
        ));
        for kind in [ObjectKind::ReentryVehicle, ObjectKind::Booster] {
            let Some(o) = object(&flight.objects, kind) else {
                continue;
            };
            let track = ground_track(&o.ephemeris, GROUND_TRACK_STEP_S);
            let Some((t0, t1)) = o.ephemeris.span() else {
                continue;
            };
            if track.len() >= 2 {
                out.push(feature(
                    Geometry::LineString(track),
                    json!({"layer": "ground-track", "launch": launch.id,
                           "missile": launch.class.id, "object": o.name(),
                           "step_s": GROUND_TRACK_STEP_S, "t_start_s": round(t0, 3),
                           "t_end_s": round(t1, 3)}),
                ));
            }
        }
        let impact = &flight.impact;
        out.push(feature(
            Geometry::Point(lon_lat(&impact.geodetic)),
            json!({"layer": "true-impact", "launch": launch.id, "object": "rv",
                   "t_s": round(impact.state.t_s, 3),
                   "threatened_areas": r.architectures.first().and_then(|o| o.launches.get(l))
                       .map(|lo| lo.threatened_areas.iter()
                           .filter_map(|&i| s.defended_areas.get(i).map(|a| a.id.clone()))
                           .collect::<Vec<_>>())
                       .unwrap_or_default()}),
        ));
    }
    for (a, o) in r.architectures.iter().enumerate() {
        let Some(arch) = s.architectures.get(a) else {
            continue;
        };
        for (l, launch) in s.launches.iter().enumerate() {
            let Some(alert) = first_correct_alert(o, l) else {
                continue;
            };
            let (Some(p), Some((ring, major_km, minor_km, az_deg))) =
                (alert.impact, ellipse_of(alert))
            else {
                continue;
            };
            let lo = &o.launches[l];
            out.push(feature(
                Geometry::Polygon(ring),
                json!({"layer": "impact-ellipse-95", "architecture": arch.id,
                       "launch": launch.id, "kind": alert.kind.name(),
                       "t_s": round(alert.t_s, 3),
                       "area": alert.area.and_then(|i| s.defended_areas.get(i)).map(|d| d.id.clone()),
                       "probability": round(alert.probability, 4),
                       "predicted_lon_deg": round(p.point.lon_deg(), 5),
                       "predicted_lat_deg": round(p.point.lat_deg(), 5),
                       "predicted_impact_t_s": round(p.t_s, 3),
                       "semi_major_km": round(major_km, 3),
                       "semi_minor_km": round(minor_km, 3),
                       "major_azimuth_deg": round(az_deg, 2),
                       "impact_error_km": lo.impact_error_km.map(|x| round(x, 3)),
                       "warning_time_s": lo.warning_time_s.map(|x| round(x, 3))}),
            ));
        }
    }
    out
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), MapError> {
    crate::formats::write_file(path, bytes).map_err(|source| MapError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Why the files of a run could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RunFilesError {
    /// A data file (`report.json`, CSV).
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A geographic file or the map.
    #[error(transparent)]
    Map(#[from] MapError),
}

/// Writes every file of `vigil run` for run `r` of scenario `s` into `dir` (which must exist):
/// `report.json`, `alerts.csv`, `predictions.csv`, `detections.csv`, `tracks-<architecture>.csv`,
/// then those of
/// [`write_run_outputs`].
pub fn write_run_files(
    dir: &Path,
    s: &Scenario,
    r: &RunResult,
    projection: Projection,
) -> Result<(), RunFilesError> {
    write_run_files_listed(dir, s, r, projection).map(drop)
}

/// [`write_run_files`], returning the paths written, in order (for a [`RunManifest`]).
pub fn write_run_files_listed(
    dir: &Path,
    s: &Scenario,
    r: &RunResult,
    projection: Projection,
) -> Result<Vec<PathBuf>, RunFilesError> {
    let mut paths = vec![
        dir.join("report.json"),
        dir.join("alerts.csv"),
        dir.join("predictions.csv"),
        dir.join("detections.csv"),
    ];
    RunReport::from_run(s, r).write_json(&paths[0])?;
    alerts::write_alerts(&paths[1], s, r)?;
    predictions::write_predictions(&paths[2], s, r)?;
    detections::write_detections_csv(&paths[3], s, &r.detections)?;
    for (arch, o) in s.architectures.iter().zip(&r.architectures) {
        let path = dir.join(format!("tracks-{}.csv", arch.id));
        tracks::write_tracks(&path, s, &o.tracking.rows)?;
        paths.push(path);
    }
    paths.extend(write_run_outputs(dir, s, r, projection)?);
    Ok(paths)
}

/// Writes a whole `vigil run` folder: removes the files of an earlier run there (those its
/// manifest lists), writes every file of run `run` of scenario `s` (read from
/// `scenario_text`), simulated to `simulated_s`, then `manifest.json`, last. `dir` must exist.
pub fn write_run_folder(
    dir: &Path,
    s: &Scenario,
    scenario_text: &str,
    run: u32,
    simulated_s: f64,
    r: &RunResult,
    projection: Projection,
) -> Result<(), RunFilesError> {
    crate::formats::remove_manifest(dir)?;
    let paths = write_run_files_listed(dir, s, r, projection)?;
    RunManifest::new(s, scenario_text, run, simulated_s, &paths).write(dir)?;
    Ok(())
}

/// `manifest.json` of a `vigil run` folder, written last, once every file of the run is: the
/// scenario, seed and run, how far the run was simulated, the files written and whether the
/// run is complete (false: interrupted, its files hold the run up to `simulated_s`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunManifest {
    /// Version of the tool that wrote the folder.
    pub tool_version: String,
    /// The scenario's name.
    pub scenario: String,
    /// Hash of the scenario file's text ([`scenario_hash`]).
    pub scenario_hash: String,
    /// The scenario's seed.
    pub seed: u64,
    /// The run index (its random streams).
    pub run: u32,
    /// Time simulated, s from the scenario's start: its duration unless interrupted.
    pub simulated_s: f64,
    /// The files of the folder, written before this manifest (removed when the folder is
    /// rewritten: [`remove_manifest`](crate::formats::remove_manifest)).
    pub files: Vec<String>,
    /// Whether the run was simulated to the scenario's end.
    pub complete: bool,
}

impl RunManifest {
    /// The manifest of run `run` of scenario `s` (read from a file with this `scenario_text`)
    /// simulated to `simulated_s`, with the files at `paths`.
    pub fn new(
        s: &Scenario,
        scenario_text: &str,
        run: u32,
        simulated_s: f64,
        paths: &[PathBuf],
    ) -> Self {
        RunManifest {
            tool_version: env!("CARGO_PKG_VERSION").into(),
            scenario: s.name.clone(),
            scenario_hash: scenario_hash(scenario_text),
            seed: s.seed,
            run,
            simulated_s,
            files: file_names(paths.iter().map(PathBuf::as_path)),
            complete: simulated_s >= s.duration_s,
        }
    }

    /// Writes `dir/manifest.json`.
    pub fn write(&self, dir: &Path) -> Result<(), FormatError> {
        write_manifest(dir, self)
    }
}

/// Writes `run.geojson`, `run.czml` and `map.png` (drawn in `projection`) for run `r` of
/// scenario `s` into `dir` (which must exist) and returns their paths in that order.
pub fn write_run_outputs(
    dir: &Path,
    s: &Scenario,
    r: &RunResult,
    projection: Projection,
) -> Result<Vec<PathBuf>, MapError> {
    let json = |v: &Value| {
        serde_json::to_string(v)
            .map(|t| t + "\n")
            .map_err(|e| MapError::Invalid(format!("JSON: {e}")))
    };
    let geojson = dir.join(GEOJSON_FILE);
    write(
        &geojson,
        json(&feature_collection(&run_features(s, r)))?.as_bytes(),
    )?;
    let czml = dir.join(CZML_FILE);
    write(&czml, json(&run_czml(s, r))?.as_bytes())?;
    let png = dir.join(MAP_FILE);
    write(&png, &render_png_bytes(&run_map(s, r, projection))?)?;
    Ok(vec![geojson, czml, png])
}
