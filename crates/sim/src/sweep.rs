//! Launch-area sweeps: one launch from every point of a grid over an area to a defended area,
//! each run through every architecture; warning time per point and architecture, the gain of
//! combining networks, and coverage figures of merit.

use crate::run::run_with_truth;
use crate::scenario::Scenario;
use crate::scenario::model::{AreaShape, Launch};
use crate::truth::fly_launches;
use rayon::prelude::*;
use vigil_earth::{EarthShape, Geodetic};
use vigil_flight::targeting::{Constraint, Profile};
use vigil_flight::vehicle::MissileClass;

/// The grid and what flies from it.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// South-west and north-east corners of the launch area.
    pub corners: (Geodetic, Geodetic),
    /// Spacing of the grid, m.
    pub spacing_m: f64,
    /// Index of the defended area aimed at (its centre, or its first vertex).
    pub target_area: usize,
    /// The missile class launched.
    pub class: MissileClass,
    /// Runs per point (warning times are averaged over them).
    pub runs_per_point: u32,
}

/// One grid point's results.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// Launch point.
    pub point: Geodetic,
    /// Cell half-size in latitude and longitude, rad (for drawing cells).
    pub half_cell_rad: (f64, f64),
    /// Why nothing flew from here (out of reach, at sea level of the target…), if so.
    pub skipped: Option<String>,
    /// Per architecture: mean warning time over the runs (runs without warning count 0), s.
    pub warning_s: Vec<f64>,
    /// Per architecture: fraction of runs with a correct alert.
    pub p_warning: Vec<f64>,
    /// Per architecture: mean first detection after launch (runs detecting it), s.
    pub first_detection_s: Vec<Option<f64>>,
    /// Per architecture: mean number of distinct sensors that detected the launch.
    pub sensors_seeing: Vec<f64>,
}

/// The grid points of a sweep: rows of constant latitude, spacing in surface distance.
pub fn grid(spec: &SweepSpec) -> Vec<(Geodetic, (f64, f64))> {
    let (sw, ne) = spec.corners;
    let r = vigil_earth::constants::SPHERE_RADIUS;
    let dlat = spec.spacing_m / r;
    let mut out = Vec::new();
    let mut lat = sw.lat_rad + 0.5 * dlat;
    while lat <= ne.lat_rad {
        let dlon = spec.spacing_m / (r * lat.cos().max(0.05));
        let width = (ne.lon_rad - sw.lon_rad).rem_euclid(std::f64::consts::TAU);
        let mut x = 0.5 * dlon;
        while x <= width {
            let lon = vigil_earth::geodetic::wrap_pi(sw.lon_rad + x);
            out.push((
                Geodetic {
                    lat_rad: lat,
                    lon_rad: lon,
                    h_m: 0.0,
                },
                (0.5 * dlat, 0.5 * dlon),
            ));
            x += dlon;
        }
        lat += dlat;
    }
    out
}

/// Runs the sweep over `cells` (all of [`grid`], or a shard's block of it), points in parallel,
/// results in the order of `cells`. A point's result depends only on the point.
pub fn sweep(s: &Scenario, spec: &SweepSpec, cells: &[(Geodetic, (f64, f64))]) -> Vec<SweepPoint> {
    let target = match &s.defended_areas[spec.target_area].shape {
        AreaShape::Circle { center, .. } => *center,
        AreaShape::Polygon(p) => p.first().copied().unwrap_or(Geodetic {
            lat_rad: 0.0,
            lon_rad: 0.0,
            h_m: 0.0,
        }),
    };
    let archs = s.architectures.len();
    cells
        .par_iter()
        .map(|&(point, half)| {
            let mut one = s.clone();
            one.launches = vec![Launch {
                id: "sweep".into(),
                class: spec.class.clone(),
                from: point,
                to: target,
                time_s: 60.0,
                profile: Profile::MinEnergy,
                constraint: Constraint::None,
                time_jitter_s: 0.0,
                from_radius_m: 0.0,
                to_radius_m: 0.0,
                class_spread: Default::default(),
            }];
            let mut result = SweepPoint {
                point,
                half_cell_rad: half,
                skipped: None,
                warning_s: vec![0.0; archs],
                p_warning: vec![0.0; archs],
                first_detection_s: vec![None; archs],
                sensors_seeing: vec![0.0; archs],
            };
            if EarthShape::Wgs84.path(&point, &target).distance_m < 50_000.0 {
                result.skipped = Some("launch point inside the target area".into());
                return result;
            }
            let k = spec.runs_per_point.max(1);
            let flown = match fly_launches(&one) {
                Ok(f) => f,
                Err(e) => {
                    result.skipped = Some(e.error.to_string());
                    return result;
                }
            };
            let mut detections = vec![(0.0, 0u32); archs];
            for run_index in 0..k {
                let Ok(r) = run_with_truth(&one, flown.clone(), run_index) else {
                    continue;
                };
                for (a, o) in r.architectures.iter().enumerate() {
                    let x = &o.launches[0];
                    result.warning_s[a] += x.warning_time_s.unwrap_or(0.0) / f64::from(k);
                    result.p_warning[a] +=
                        f64::from(u8::from(x.warning_time_s.is_some())) / f64::from(k);
                    if let Some(t) = x.first_detection_s {
                        detections[a].0 += t - 60.0;
                        detections[a].1 += 1;
                    }
                    let seen: std::collections::BTreeSet<u32> = r
                        .detections
                        .iter()
                        .filter(|d| {
                            s.architectures[a]
                                .networks
                                .contains(&(d.tag.network as usize))
                                && d.truth.launch().is_some()
                        })
                        .map(|d| d.tag.sensor)
                        .collect();
                    result.sensors_seeing[a] += seen.len() as f64 / f64::from(k);
                }
            }
            result.first_detection_s = detections
                .iter()
                .map(|(sum, n)| (*n > 0).then(|| sum / f64::from(*n)))
                .collect();
            result
        })
        .collect()
}

/// Fraction of the swept points (that flew) with at least `minutes` of warning, per architecture.
pub fn fraction_with_warning(points: &[SweepPoint], minutes: f64, archs: usize) -> Vec<f64> {
    let flew: Vec<&SweepPoint> = points.iter().filter(|p| p.skipped.is_none()).collect();
    (0..archs)
        .map(|a| {
            let n = flew
                .iter()
                .filter(|p| p.warning_s[a] >= minutes * 60.0)
                .count();
            n as f64 / flew.len().max(1) as f64
        })
        .collect()
}

/// The architecture with the most networks (the first of those) and the single-network
/// architectures it is compared with (what combining networks adds).
pub fn comparisons(s: &Scenario) -> (usize, Vec<usize>) {
    let archs = &s.architectures;
    let big = (0..archs.len())
        .max_by_key(|&i| (archs[i].networks.len(), usize::MAX - i))
        .unwrap_or(0);
    let singles = (0..archs.len())
        .filter(|&i| archs[i].networks.len() == 1 && i != big)
        .collect();
    (big, singles)
}

/// Coverage figures of merit of one architecture over the swept points that flew.
#[derive(Debug, Clone, PartialEq)]
pub struct Merit {
    /// Fractions of the points with at least 5, 10 and 15 minutes of warning.
    pub with_warning: [f64; 3],
    /// Mean first detection after launch over the points detected, s.
    pub mean_detection_s: Option<f64>,
    /// Mean number of distinct sensors that detected the launch.
    pub mean_sensors: f64,
}

/// The figures of merit per architecture.
pub fn merits(points: &[SweepPoint], archs: usize) -> Vec<Merit> {
    let fractions = [5.0, 10.0, 15.0].map(|m| fraction_with_warning(points, m, archs));
    let flown: Vec<&SweepPoint> = points.iter().filter(|p| p.skipped.is_none()).collect();
    (0..archs)
        .map(|a| {
            let det: Vec<f64> = flown
                .iter()
                .filter_map(|p| p.first_detection_s[a])
                .collect();
            Merit {
                with_warning: fractions.each_ref().map(|f| f[a]),
                mean_detection_s: (!det.is_empty())
                    .then(|| det.iter().sum::<f64>() / det.len() as f64),
                mean_sensors: flown.iter().map(|p| p.sensors_seeing[a]).sum::<f64>()
                    / flown.len().max(1) as f64,
            }
        })
        .collect()
}
