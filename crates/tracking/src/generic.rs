//! A tracker assembled from plain options and run over Cartesian position measurements in any
//! axes (the generic mode of `vigil track`): confirmed track states out.

use crate::associate::{Associator, Gnn, Jpda};
use crate::estimator::{Estimator, Single};
use crate::initiate::{Initiator, OnePoint, TwoPoint};
use crate::models::MotionModel;
use crate::models::linear::{ConstantAcceleration, ConstantVelocity, ConstantVelocityGravity};
use crate::observation::Point;
use crate::tracker::{Config, Status, Tracker};
use crate::{Ekf, Ukf};
use vigil_earth::math::Vec3;

/// Prior standard deviation of the acceleration components of the `ca` model, m/s².
const ACCELERATION_PRIOR_MPS2: f64 = 50.0;

/// Motion model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Constant velocity.
    Cv,
    /// Constant acceleration.
    Ca,
    /// Constant velocity with the known acceleration [`Options::gravity`].
    Cvg,
}

/// Filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    /// Extended Kalman filter.
    Ekf,
    /// Unscented Kalman filter.
    Ukf,
}

/// Associator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssociatorKind {
    /// Global nearest neighbour.
    Gnn,
    /// Joint probabilistic data association.
    Jpda,
}

/// Initiator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitiatorKind {
    /// One point with a wide velocity prior (σ = half the largest speed).
    OnePoint,
    /// Two points of successive scans, at most `3 × max_coast_s` apart.
    TwoPoint,
}

/// What to build the tracker from. Units: m, s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Motion model.
    pub model: Model,
    /// Filter.
    pub filter: FilterKind,
    /// Associator.
    pub associator: AssociatorKind,
    /// Initiator.
    pub initiator: InitiatorKind,
    /// Probability that the true measurement falls inside the χ² gate.
    pub gate_probability: f64,
    /// Confirmation: M hits …
    pub confirm_m: u32,
    /// … within the first N scans.
    pub confirm_n: u32,
    /// Delete a confirmed track after this long without an update, s.
    pub max_coast_s: f64,
    /// Process-noise spectral density (m²/s³ for cv and cvg, m²/s⁵ for ca).
    pub q: f64,
    /// Largest plausible speed, m/s.
    pub max_speed_mps: f64,
    /// Known acceleration of the measurement axes (gravity), m/s²: the cvg model's and the
    /// two-point initiator's with that model.
    pub gravity: Vec3,
    /// Clutter density, per m³.
    pub clutter_density: f64,
}

impl Default for Options {
    /// The defaults of `vigil track`: cv, EKF, GNN, two-point, gate 0.9999, 3 of 5, 30 s,
    /// q = 1, 8 km/s, gravity 9.80665 m/s² along −z, clutter 10⁻¹² per m³.
    fn default() -> Self {
        Options {
            model: Model::Cv,
            filter: FilterKind::Ekf,
            associator: AssociatorKind::Gnn,
            initiator: InitiatorKind::TwoPoint,
            gate_probability: 0.9999,
            confirm_m: 3,
            confirm_n: 5,
            max_coast_s: 30.0,
            q: 1.0,
            max_speed_mps: 8_000.0,
            gravity: Vec3::new(0.0, 0.0, -9.806_65),
            clutter_density: 1e-12,
        }
    }
}

/// A confirmed track's state after one of its updates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackState {
    /// Track id.
    pub track_id: u64,
    /// Time of the update (the scan's), s.
    pub t_s: f64,
    /// Position (m) and velocity (m/s) in the measurement axes.
    pub state: [f64; 6],
}

/// Tracks `points` (sorted by time; a scan is a run of one source at one time) with the
/// tracker `options` describe: the state of every confirmed track at its updates from
/// confirmation on, in scan order.
pub fn track(options: &Options, points: &[Point]) -> Vec<TrackState> {
    let (q, gravity) = (options.q, options.gravity);
    match options.model {
        Model::Cv => with_filter::<6, _>(options, points, ConstantVelocity { q }),
        Model::Cvg => with_filter::<6, _>(options, points, ConstantVelocityGravity { q, gravity }),
        Model::Ca => with_filter::<9, _>(options, points, ConstantAcceleration { q }),
    }
}

fn with_filter<const N: usize, M: MotionModel<N>>(
    o: &Options,
    points: &[Point],
    motion: M,
) -> Vec<TrackState> {
    let rest = ACCELERATION_PRIOR_MPS2;
    let known = match o.model {
        Model::Cvg => o.gravity,
        _ => Vec3::zeros(),
    };
    let two = || TwoPoint::new(o.max_speed_mps, 3.0 * o.max_coast_s, rest).with_acceleration(known);
    let one = OnePoint {
        velocity_sigma_mps: o.max_speed_mps / 2.0,
        rest_sigma: rest,
    };
    match (o.filter, o.initiator) {
        (FilterKind::Ekf, InitiatorKind::TwoPoint) => {
            with_init(o, points, Single::new(Ekf, motion), two())
        }
        (FilterKind::Ekf, InitiatorKind::OnePoint) => {
            with_init(o, points, Single::new(Ekf, motion), one)
        }
        (FilterKind::Ukf, InitiatorKind::TwoPoint) => {
            with_init(o, points, Single::new(Ukf::default(), motion), two())
        }
        (FilterKind::Ukf, InitiatorKind::OnePoint) => {
            with_init(o, points, Single::new(Ukf::default(), motion), one)
        }
    }
}

fn with_init<const N: usize, E: Estimator<N>, I: Initiator<N>>(
    o: &Options,
    points: &[Point],
    estimator: E,
    initiator: I,
) -> Vec<TrackState> {
    let config = Config {
        gate_probability: o.gate_probability,
        confirm_m: o.confirm_m,
        confirm_n: o.confirm_n,
        max_coast_s: o.max_coast_s,
        clutter_density: o.clutter_density,
        ..Config::default()
    };
    match o.associator {
        AssociatorKind::Gnn => states(Tracker::new(estimator, Gnn, initiator, config), points),
        AssociatorKind::Jpda => states(
            Tracker::new(estimator, Jpda::default(), initiator, config),
            points,
        ),
    }
}

fn states<const N: usize, E: Estimator<N>, A: Associator, I: Initiator<N>>(
    mut tracker: Tracker<N, E, A, I>,
    points: &[Point],
) -> Vec<TrackState> {
    let mut out = Vec::new();
    tracker.run(points, |t, report, _| {
        for (id, _) in &report.updates {
            if let Some(track) = t.track(*id).filter(|x| x.status == Status::Confirmed) {
                let m = &track.estimate.mean;
                out.push(TrackState {
                    track_id: *id,
                    t_s: report.t_s,
                    state: [m[0], m[1], m[2], m[3], m[4], m[5]],
                });
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Two objects thrown under gravity, seen every 5 s (σ = 20 m, no noise drawn): every
    /// model, filter and associator confirms exactly two tracks, close to the truth.
    #[test]
    fn two_thrown_objects_give_two_tracks() {
        let g = 9.806_65;
        let truth = |k: usize, t: f64| {
            let (x0, vx, vz) = [(0.0, 100.0, 300.0), (5000.0, -80.0, 200.0)][k];
            Vec3::new(
                x0 + vx * t,
                3000.0 * k as f64,
                1000.0 + vz * t - 0.5 * g * t * t,
            )
        };
        let points: Vec<Point> = (0..12)
            .flat_map(|i| {
                (0..2).map(move |k| Point {
                    t_s: 5.0 * i as f64,
                    source: 0,
                    z: truth(k, 5.0 * i as f64),
                    sigma_m: Vec3::repeat(20.0),
                })
            })
            .collect();
        for model in [Model::Cv, Model::Ca, Model::Cvg] {
            for filter in [FilterKind::Ekf, FilterKind::Ukf] {
                for associator in [AssociatorKind::Gnn, AssociatorKind::Jpda] {
                    let options = Options {
                        model,
                        filter,
                        associator,
                        // cv absorbs gravity as process noise.
                        q: if model == Model::Cv { 2000.0 } else { 10.0 },
                        ..Options::default()
                    };
                    let states = track(&options, &points);
                    let ids: BTreeSet<u64> = states.iter().map(|s| s.track_id).collect();
                    assert_eq!(ids.len(), 2, "{options:?}");
                    for s in &states {
                        let p = Vec3::new(s.state[0], s.state[1], s.state[2]);
                        let error = (0..2)
                            .map(|k| (truth(k, s.t_s) - p).norm())
                            .fold(f64::INFINITY, f64::min);
                        assert!(error < 50.0, "{options:?}: {error} m at {} s", s.t_s);
                    }
                }
            }
        }
    }
}
