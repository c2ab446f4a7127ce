//! Files of `vigil sweep`: `points.csv` (every grid point's results with exact floats, so that
//! shards written by separate processes merge into exactly what one process computes),
//! `sweep.geojson` (one cell polygon per point) and the maps of warning time per architecture
//! and of what the largest architecture gains over each single-network one.

use super::montecarlo::scenario_hash;
use super::num::check;
use super::{
    CsvFile, FormatError, read_csv, read_manifest, remove_manifest, write_compact_json,
    write_manifest,
};
use crate::colours;
use crate::geojson::{Feature, Geometry, feature_collection};
use crate::scenario_layers::{area_ring, sensor_points};
use crate::{ColourScale, GeoBox, Layer, Map, Marker};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::{Path, PathBuf};
use vigil_earth::Geodetic;
use vigil_sim::scenario::Scenario;
use vigil_sim::sweep::{SweepPoint, SweepSpec, comparisons};

/// The columns of `points.csv` for architectures `archs`.
pub fn points_header(archs: &[&str]) -> Vec<String> {
    let mut h: Vec<String> = [
        "index",
        "lat_rad",
        "lon_rad",
        "half_lat_rad",
        "half_lon_rad",
    ]
    .map(String::from)
    .into();
    for id in archs {
        for column in [
            "warning_s",
            "p_warning",
            "first_detection_s",
            "sensors_seeing",
        ] {
            h.push(format!("{column}_{id}"));
        }
    }
    h.push("skipped".into());
    h
}

fn arch_ids(s: &Scenario) -> Vec<&str> {
    s.architectures.iter().map(|a| a.id.as_str()).collect()
}

/// Writes `points.csv`: `points` of scenario `s`, the first being grid point `first`.
pub fn write_points(
    path: &Path,
    s: &Scenario,
    first: usize,
    points: &[SweepPoint],
) -> Result<(), FormatError> {
    let mut f = CsvFile::create(path, points_header(&arch_ids(s)))?;
    for (k, p) in points.iter().enumerate() {
        let mut r = vec![
            (first + k).to_string(),
            p.point.lat_rad.to_string(),
            p.point.lon_rad.to_string(),
            p.half_cell_rad.0.to_string(),
            p.half_cell_rad.1.to_string(),
        ];
        for a in 0..p.warning_s.len() {
            r.push(p.warning_s[a].to_string());
            r.push(p.p_warning[a].to_string());
            r.push(p.first_detection_s[a].map_or(String::new(), |t| t.to_string()));
            r.push(p.sensors_seeing[a].to_string());
        }
        r.push(
            p.skipped
                .as_deref()
                .unwrap_or("")
                .replace(['\n', '\r'], " "),
        );
        f.record(r)?;
    }
    f.finish()
}

/// Reads a `points.csv` of scenario `s`: (grid index, point, line) in file order.
pub fn read_points(
    path: &Path,
    s: &Scenario,
) -> Result<Vec<(usize, SweepPoint, u64)>, FormatError> {
    let header = points_header(&arch_ids(s));
    let records = read_csv(path, &header).map_err(|e| match e {
        FormatError::Invalid {
            path,
            line: 1,
            message,
        } => FormatError::Invalid {
            path,
            line: 1,
            message: format!("{message} (is it a points.csv of the same scenario?)"),
        },
        e => e,
    })?;
    records
        .into_iter()
        .map(|(line, r)| {
            let num = |k: usize| {
                r[k].parse::<f64>()
                    .map_err(|_| format!("not a number: {:?}", &r[k]))
                    .and_then(check)
                    .map_err(|m| {
                        FormatError::invalid(path, line, format!("column {}: {m}", header[k]))
                    })
            };
            let index = r[0].parse::<usize>().map_err(|_| {
                FormatError::invalid(path, line, "column index: not a whole number")
            })?;
            let archs = s.architectures.len();
            let mut p = SweepPoint {
                point: Geodetic {
                    lat_rad: num(1)?,
                    lon_rad: num(2)?,
                    h_m: 0.0,
                },
                half_cell_rad: (num(3)?, num(4)?),
                skipped: (!r[header.len() - 1].is_empty()).then(|| r[header.len() - 1].into()),
                warning_s: Vec::with_capacity(archs),
                p_warning: Vec::with_capacity(archs),
                first_detection_s: Vec::with_capacity(archs),
                sensors_seeing: Vec::with_capacity(archs),
            };
            for a in 0..archs {
                let k = 5 + 4 * a;
                p.warning_s.push(num(k)?);
                p.p_warning.push(num(k + 1)?);
                p.first_detection_s.push(if r[k + 2].is_empty() {
                    None
                } else {
                    Some(num(k + 2)?)
                });
                p.sensors_seeing.push(num(k + 3)?);
            }
            Ok((index, p, line))
        })
        .collect()
}

/// The points of the `points.csv` of shards, checked to cover the grid `cells` exactly once,
/// in grid order.
pub fn merge_points(
    paths: &[PathBuf],
    s: &Scenario,
    cells: &[(Geodetic, (f64, f64))],
) -> Result<Vec<SweepPoint>, FormatError> {
    let mut slots: Vec<Option<SweepPoint>> = vec![None; cells.len()];
    for path in paths {
        for (i, p, line) in read_points(path, s)? {
            let same_cell = cells
                .get(i)
                .is_some_and(|(g, _)| g.lat_rad == p.point.lat_rad && g.lon_rad == p.point.lon_rad);
            if !same_cell {
                return Err(FormatError::invalid(
                    path,
                    line,
                    format!("point {i} is not on this grid (different launch area or spacing?)"),
                ));
            }
            if slots[i].replace(p).is_some() {
                return Err(FormatError::Inconsistent(format!(
                    "point {i} appears in more than one shard"
                )));
            }
        }
    }
    let missing = slots.iter().filter(|p| p.is_none()).count();
    if missing > 0 {
        return Err(FormatError::Inconsistent(format!(
            "{missing} of {} grid points are in no shard",
            cells.len()
        )));
    }
    Ok(slots.into_iter().flatten().collect())
}

/// `manifest.json` of a sweep folder (a shard's or a whole sweep's), written last, once
/// `points.csv` is complete: what was swept, so that merging refuses shards of another
/// scenario file, seed, launch area, spacing, target, missile class or runs per point, and
/// folders that are not finished sweeps ([`SweepManifest::mismatch`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepManifest {
    /// Version of the tool that wrote the folder.
    pub tool_version: String,
    /// The scenario's name.
    pub scenario: String,
    /// Hash of the scenario file's text ([`scenario_hash`]).
    pub scenario_hash: String,
    /// The scenario's seed.
    pub seed: u64,
    /// Launch area: south-west corner latitude and longitude, north-east corner latitude and
    /// longitude, degrees (longitudes wrapped to ±180°).
    pub launch_area_deg: [f64; 4],
    /// Grid spacing, km.
    pub grid_km: f64,
    /// Defended area aimed at (id).
    pub target: String,
    /// Missile class launched (id).
    pub missile: String,
    /// Runs per point.
    pub runs_per_point: u32,
    /// Points of the whole grid.
    pub points: u64,
    /// First point of this folder.
    pub first_point: u64,
    /// End of this folder's points (exclusive).
    pub end_point: u64,
    /// Whether every point of the folder was written.
    pub complete: bool,
    /// The files of the folder, written before this manifest (removed when the folder is
    /// rewritten: [`remove_manifest`](super::remove_manifest)).
    #[serde(default)]
    pub files: Vec<String>,
}

impl SweepManifest {
    /// The manifest of a complete folder holding `block` of the `points` grid points of the
    /// sweep `spec` of scenario `s`, read from a file with this `scenario_text`.
    pub fn new(
        s: &Scenario,
        scenario_text: &str,
        spec: &SweepSpec,
        points: u64,
        block: std::ops::Range<u64>,
    ) -> Self {
        let (sw, ne) = spec.corners;
        SweepManifest {
            tool_version: env!("CARGO_PKG_VERSION").into(),
            scenario: s.name.clone(),
            scenario_hash: scenario_hash(scenario_text),
            seed: s.seed,
            launch_area_deg: [sw.lat_deg(), sw.lon_deg(), ne.lat_deg(), ne.lon_deg()],
            grid_km: spec.spacing_m / 1e3,
            target: s
                .defended_areas
                .get(spec.target_area)
                .map_or_else(String::new, |a| a.id.clone()),
            missile: spec.class.id.clone(),
            runs_per_point: spec.runs_per_point,
            points,
            first_point: block.start,
            end_point: block.end,
            complete: true,
            files: Vec::new(),
        }
    }

    /// Why the shard with manifest `shard` does not belong to the sweep `self` describes (the
    /// first difference), or None when it does.
    pub fn mismatch(&self, shard: &SweepManifest) -> Option<String> {
        let differs = |what: &str, theirs: String, ours: String| {
            Some(format!("it swept {what} {theirs}, this sweep {ours}"))
        };
        if !shard.complete {
            return Some("its manifest says it is incomplete".into());
        }
        if shard.seed != self.seed {
            return differs("seed", shard.seed.to_string(), self.seed.to_string());
        }
        if shard.scenario_hash != self.scenario_hash {
            return Some(format!(
                "it swept another scenario file (scenario {:?}, {}) than this sweep ({:?}, {})",
                shard.scenario, shard.scenario_hash, self.scenario, self.scenario_hash
            ));
        }
        if shard.launch_area_deg != self.launch_area_deg || shard.grid_km != self.grid_km {
            return differs(
                "launch area (S,W,N,E in degrees) and grid spacing",
                format!("{:?} every {} km", shard.launch_area_deg, shard.grid_km),
                format!("{:?} every {} km", self.launch_area_deg, self.grid_km),
            );
        }
        if shard.target != self.target {
            return differs(
                "target",
                format!("{:?}", shard.target),
                format!("{:?}", self.target),
            );
        }
        if shard.missile != self.missile {
            return differs(
                "missile class",
                format!("{:?}", shard.missile),
                format!("{:?}", self.missile),
            );
        }
        if shard.runs_per_point != self.runs_per_point {
            return differs(
                "runs per point",
                shard.runs_per_point.to_string(),
                self.runs_per_point.to_string(),
            );
        }
        if shard.points != self.points
            || shard.first_point > shard.end_point
            || shard.end_point > shard.points
        {
            return Some(format!(
                "its manifest's points {}..{} of {} do not fit this grid of {}",
                shard.first_point, shard.end_point, shard.points, self.points
            ));
        }
        None
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
        read_manifest(dir, "sweep", "sweep")
    }
}

/// A point's cell as a box in degrees.
fn cell_box(p: &SweepPoint) -> GeoBox {
    let deg = f64::to_degrees;
    let (la, lo) = (deg(p.point.lat_rad), deg(p.point.lon_rad));
    let (hla, hlo) = (deg(p.half_cell_rad.0), deg(p.half_cell_rad.1));
    GeoBox {
        lon_min_deg: lo - hlo,
        lon_max_deg: lo + hlo,
        lat_min_deg: la - hla,
        lat_max_deg: la + hla,
    }
}

/// The GeoJSON features of a sweep: per point its cell, with per architecture the warning
/// time (min), probability of warning, first detection (s after launch) and sensors seeing
/// it, and the gain (min) of the largest architecture over each single-network one.
pub fn features(s: &Scenario, points: &[SweepPoint]) -> Vec<Feature> {
    let archs = arch_ids(s);
    let (big, singles) = comparisons(s);
    points
        .iter()
        .map(|p| {
            let mut props = serde_json::Map::new();
            props.insert("lat_deg".into(), json!(p.point.lat_rad.to_degrees()));
            props.insert("lon_deg".into(), json!(p.point.lon_rad.to_degrees()));
            props.insert("skipped".into(), json!(p.skipped));
            for (i, id) in archs.iter().enumerate() {
                props.insert(format!("warning_min_{id}"), json!(p.warning_s[i] / 60.0));
                props.insert(format!("p_warning_{id}"), json!(p.p_warning[i]));
                props.insert(
                    format!("first_detection_s_{id}"),
                    json!(p.first_detection_s[i]),
                );
                props.insert(format!("sensors_seeing_{id}"), json!(p.sensors_seeing[i]));
            }
            for &i in &singles {
                props.insert(
                    format!("gain_min_{}_vs_{}", archs[big], archs[i]),
                    json!((p.warning_s[big] - p.warning_s[i]) / 60.0),
                );
            }
            let b = cell_box(p);
            Feature {
                geometry: Geometry::Polygon(vec![
                    [b.lon_min_deg, b.lat_min_deg],
                    [b.lon_max_deg, b.lat_min_deg],
                    [b.lon_max_deg, b.lat_max_deg],
                    [b.lon_min_deg, b.lat_max_deg],
                ]),
                properties: props,
            }
        })
        .collect()
}

/// Writes `sweep.geojson` (compact, a line end) of [`features`].
pub fn write_geojson(path: &Path, s: &Scenario, points: &[SweepPoint]) -> Result<(), FormatError> {
    write_compact_json(path, &feature_collection(&features(s, points)))
}

/// The sweep's maps with their file names: `warning-<architecture>.png` per architecture and
/// `gain-<largest>-vs-<single>.png` per single-network architecture (points that did not fly
/// left blank), with the target area and the sensors.
pub fn maps(s: &Scenario, spec: &SweepSpec, points: &[SweepPoint]) -> Vec<(String, Map)> {
    let archs = arch_ids(s);
    let (big, singles) = comparisons(s);
    let target = &s.defended_areas[spec.target_area];
    let max_warning = points
        .iter()
        .flat_map(|p| p.warning_s.iter())
        .fold(0.0f64, |m, w| m.max(*w))
        / 60.0;
    let map = |title: String, label: &str, value: &dyn Fn(&SweepPoint) -> f64| {
        let mut map = Map::new(title);
        map.subtitle = format!(
            "{} from each {:.0} km cell to {} — illustrative scenario",
            spec.class.id,
            spec.spacing_m / 1e3,
            target.id
        );
        map.width_px = 1400;
        map.height_px = 900;
        map.colour_scale = Some(ColourScale {
            label: label.into(),
            min: 0.0,
            max: max_warning.max(1.0),
        });
        let cells = points
            .iter()
            .map(|p| {
                (
                    cell_box(p),
                    if p.skipped.is_some() {
                        f64::NAN
                    } else {
                        value(p)
                    },
                )
            })
            .collect();
        map.layers = vec![
            Layer::Cells {
                label: String::new(),
                cells,
            },
            Layer::Polygons {
                label: format!("target: {}", target.id),
                colour: colours::DEFENDED_AREA,
                fill_alpha: 0.4,
                rings: vec![area_ring(&target.shape)],
            },
            Layer::Points {
                label: "sensors".into(),
                colour: colours::SENSOR_ON_HEAT_MAP,
                marker: Marker::Triangle,
                points: sensor_points(s, 0.0)
                    .into_iter()
                    .map(|(i, p, _)| (p, Some(s.sensors[i].id.clone())))
                    .collect(),
            },
        ];
        map
    };
    let mut out: Vec<(String, Map)> = archs
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let m = map(
                format!("Warning time, architecture {id}"),
                "warning time, min",
                &|p| p.warning_s[i] / 60.0,
            );
            (format!("warning-{id}.png"), m)
        })
        .collect();
    for &i in &singles {
        let (b, x) = (archs[big], archs[i]);
        let m = map(
            format!("Warning gained by {b} over {x}"),
            "minutes gained",
            &|p| (p.warning_s[big] - p.warning_s[i]) / 60.0,
        );
        out.push((format!("gain-{b}-vs-{x}.png"), m));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_back_exactly_and_damage_is_located() {
        let text = include_str!("../../../../scenarios/teaching/single-radar.toml");
        let s = Scenario::from_toml(text).unwrap();
        let point = SweepPoint {
            point: Geodetic {
                lat_rad: 0.1,
                lon_rad: 1.0 / 3.0,
                h_m: 0.0,
            },
            half_cell_rad: (0.01, 0.02),
            skipped: Some("out of reach, short by 5 km".into()),
            warning_s: vec![600.5],
            p_warning: vec![1.0],
            first_detection_s: vec![None],
            sensors_seeing: vec![2.0],
        };
        let path = std::env::temp_dir().join(format!("vigil-points-{}.csv", std::process::id()));
        write_points(&path, &s, 7, std::slice::from_ref(&point)).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.ends_with(",\"out of reach, short by 5 km\"\n"),
            "{written}"
        );
        assert_eq!(read_points(&path, &s).unwrap(), vec![(7, point, 2)]);
        for (text, needle) in [
            (
                written.replace("600.5", "NaN"),
                ":2: column warning_s_radar-only: NaN",
            ),
            (
                written[..written.len() - 4].to_string(),
                ":2: the last row is cut short",
            ),
            (
                written.lines().nth(1).unwrap().to_string() + "\n",
                ":1: expected the header",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let e = read_points(&path, &s).unwrap_err().to_string();
            assert!(e.contains(needle), "{e}");
        }
        std::fs::remove_file(&path).ok();
    }
}
