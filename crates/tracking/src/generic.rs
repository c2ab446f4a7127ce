//! A tracker assembled from plain options and run over Cartesian position measurements in any
//! axes (the generic mode of `vigil track`): confirmed tracks' states out — at every scan of
//! their lives, or after their updates only.

use crate::associate::{Associator, Gnn, Jpda};
use crate::estimator::{Estimator, Single};
use crate::gaussian::Gaussian;
use crate::initiate::{Initiator, OnePoint, TwoPoint};
use crate::models::MotionModel;
use crate::models::linear::{ConstantAcceleration, ConstantVelocity, ConstantVelocityGravity};
use crate::observation::Point;
use crate::tracker::{Config, Status, Track, Tracker, scans};
use crate::{Ekf, Ukf};
use std::collections::BTreeMap;
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
    /// Most detections one scan may hold ([`MAX_SCAN_POINTS`] by default); a larger scan is
    /// refused with [`ScanTooLarge`] before any tracking.
    pub max_scan_points: usize,
}

/// Most detections one scan (one source at one time) may hold by default: the tracker's work
/// on a scan grows with the square of its size (20,000 detections took 5 s; 1,000,000 did not
/// finish), so a scan beyond this is refused rather than run for hours.
pub const MAX_SCAN_POINTS: usize = 20_000;

/// A scan with more detections than [`Options::max_scan_points`].
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error(
    "the scan at t = {t_s} s of sensor {sensor} holds {count} detections, more than the cap of {cap} a scan (the tracker's work on a scan grows with the square of its size)"
)]
pub struct ScanTooLarge {
    /// Time of the scan, s.
    pub t_s: f64,
    /// Its sensor (the points' `source`).
    pub sensor: u32,
    /// Detections in it.
    pub count: usize,
    /// The cap.
    pub cap: usize,
}

impl Default for Options {
    /// The defaults of `vigil track`: cv, EKF, GNN, two-point, gate 0.9999, 3 of 5, 30 s,
    /// q = 1, 8 km/s, gravity 9.80665 m/s² along −z, clutter 10⁻¹² per m³, at most
    /// [`MAX_SCAN_POINTS`] detections a scan.
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
            max_scan_points: MAX_SCAN_POINTS,
        }
    }
}

/// An option of [`Options`] that a value can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionName {
    /// [`Options::gate_probability`].
    Gate,
    /// [`Options::q`].
    Q,
    /// [`Options::max_coast_s`].
    MaxCoast,
    /// [`Options::confirm_m`] and [`Options::confirm_n`] together.
    Confirm,
    /// [`Options::max_speed_mps`].
    MaxSpeed,
}

impl Options {
    /// Checks the values a user gives (the first that cannot be honoured: which option, and
    /// the rule with the value, e.g. "must be … , got 1"); each front end names the option
    /// its own way (`--gate`, `gate`).
    pub fn check(&self) -> Result<(), (OptionName, String)> {
        let Options {
            gate_probability: gate,
            q,
            max_coast_s,
            confirm_m: m,
            confirm_n: n,
            max_speed_mps,
            ..
        } = *self;
        for (ok, option, why) in [
            (
                gate > 0.0 && gate < 1.0,
                OptionName::Gate,
                format!("must be a probability strictly between 0 and 1, got {gate}"),
            ),
            (
                q >= 0.0 && q.is_finite(),
                OptionName::Q,
                format!("must be a finite number, zero or more, got {q}"),
            ),
            (
                max_coast_s > 0.0 && max_coast_s.is_finite(),
                OptionName::MaxCoast,
                format!("must be a positive finite number of seconds, got {max_coast_s}"),
            ),
            (
                m >= 1 && n >= m,
                OptionName::Confirm,
                format!("must satisfy 1 ≤ m ≤ n, got m = {m}, n = {n}"),
            ),
            (
                max_speed_mps > 0.0 && max_speed_mps.is_finite(),
                OptionName::MaxSpeed,
                format!(
                    "must be a positive finite speed (m/s), got {max_speed_mps}: two-point initiation pairs no detections otherwise"
                ),
            ),
        ] {
            if !ok {
                return Err((option, why));
            }
        }
        Ok(())
    }
}

/// What a row of a confirmed track's life is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Before confirmation: the tentative track's state (after an update, or predicted to a
    /// scan that missed it), or the initiator's state at its first detection.
    Tentative,
    /// After an update, from confirmation on.
    Updated,
    /// Predicted by the motion model to a scan that missed the confirmed track.
    Coasted,
}

impl RowStatus {
    /// The name in files: `tentative`, `updated` or `coasted`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Tentative => "tentative",
            RowStatus::Updated => "updated",
            RowStatus::Coasted => "coasted",
        }
    }
}

/// Which states of the confirmed tracks [`track`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A state at every scan epoch (distinct time of the input's scans, of any sensor) of each
    /// confirmed track's life, from its first detection to its last update: its tentative
    /// history, its updates and its coasted predictions.
    Life,
    /// The states after its updates from confirmation on, as earlier versions wrote: the
    /// [`Output::Life`] rows of status `updated`, but for the birth state of a track confirmed
    /// at birth (M = 1), which this leaves out.
    UpdatesOnly,
}

/// A confirmed track's state at one scan epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackState {
    /// Track id.
    pub track_id: u64,
    /// Time of the scan, s.
    pub t_s: f64,
    /// Position (m) and velocity (m/s) in the measurement axes.
    pub state: [f64; 6],
    /// How the state came about.
    pub status: RowStatus,
    /// Position standard deviation: √(trace of the position covariance), the expected 3-D
    /// position error, m.
    pub sigma_pos_m: f64,
}

impl TrackState {
    fn new<const N: usize>(track_id: u64, t_s: f64, status: RowStatus, g: &Gaussian<N>) -> Self {
        let m = &g.mean;
        TrackState {
            track_id,
            t_s,
            state: [m[0], m[1], m[2], m[3], m[4], m[5]],
            status,
            sigma_pos_m: (g.cov[(0, 0)] + g.cov[(1, 1)] + g.cov[(2, 2)])
                .max(0.0)
                .sqrt(),
        }
    }
}

/// Tracks `points` (sorted by time; a scan is a run of one source at one time) with the
/// tracker `options` describe: the `output` states of every confirmed track, in scan order
/// (by track id within a scan). A scan larger than [`Options::max_scan_points`] is refused
/// first.
pub fn track(
    options: &Options,
    points: &[Point],
    output: Output,
) -> Result<Vec<TrackState>, ScanTooLarge> {
    if let Some(scan) = scans::<6, _>(points).find(|s| s.len() > options.max_scan_points) {
        return Err(ScanTooLarge {
            t_s: scan[0].t_s,
            sensor: scan[0].source,
            count: scan.len(),
            cap: options.max_scan_points,
        });
    }
    let (q, gravity) = (options.q, options.gravity);
    Ok(match options.model {
        Model::Cv => with_filter::<6, _>(options, points, output, ConstantVelocity { q }),
        Model::Cvg => with_filter::<6, _>(
            options,
            points,
            output,
            ConstantVelocityGravity { q, gravity },
        ),
        Model::Ca => with_filter::<9, _>(options, points, output, ConstantAcceleration { q }),
    })
}

fn with_filter<const N: usize, M: MotionModel<N>>(
    o: &Options,
    points: &[Point],
    output: Output,
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
            with_init(o, points, output, Single::new(Ekf, motion), two())
        }
        (FilterKind::Ekf, InitiatorKind::OnePoint) => {
            with_init(o, points, output, Single::new(Ekf, motion), one)
        }
        (FilterKind::Ukf, InitiatorKind::TwoPoint) => with_init(
            o,
            points,
            output,
            Single::new(Ukf::default(), motion),
            two(),
        ),
        (FilterKind::Ukf, InitiatorKind::OnePoint) => {
            with_init(o, points, output, Single::new(Ukf::default(), motion), one)
        }
    }
}

fn with_init<const N: usize, E: Estimator<N>, I: Initiator<N>>(
    o: &Options,
    points: &[Point],
    output: Output,
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
        AssociatorKind::Gnn => states(
            Tracker::new(estimator, Gnn, initiator, config),
            points,
            output,
        ),
        AssociatorKind::Jpda => states(
            Tracker::new(estimator, Jpda::default(), initiator, config),
            points,
            output,
        ),
    }
}

fn states<const N: usize, E: Estimator<N>, A: Associator, I: Initiator<N>>(
    tracker: Tracker<N, E, A, I>,
    points: &[Point],
    output: Output,
) -> Vec<TrackState> {
    match output {
        Output::Life => lives(tracker, points),
        Output::UpdatesOnly => updates(tracker, points),
    }
}

/// The states after the updates of confirmed tracks, as the tracker reports them.
fn updates<const N: usize, E: Estimator<N>, A: Associator, I: Initiator<N>>(
    mut tracker: Tracker<N, E, A, I>,
    points: &[Point],
) -> Vec<TrackState> {
    let mut out = Vec::new();
    tracker.run(points, |t, report, _| {
        for (id, _) in &report.updates {
            if let Some(track) = t.track(*id).filter(|x| x.status == Status::Confirmed) {
                out.push(TrackState::new(
                    *id,
                    report.t_s,
                    RowStatus::Updated,
                    &track.estimate,
                ));
            }
        }
    });
    out
}

/// One live track's rows so far.
struct Life<S> {
    /// Rows, with the index of the scan that made each (for the output order).
    rows: Vec<(usize, TrackState)>,
    /// The estimator's state at the latest update (or at the first detection), and its time, s:
    /// missed epochs are predicted from it.
    last: (f64, S),
    /// Epochs since then that missed the track: scan index, time (s), status.
    missed: Vec<(usize, f64, RowStatus)>,
    /// Whether the track has been confirmed.
    confirmed: bool,
}

impl<S> Life<S> {
    /// Time of its latest row or missed epoch, s.
    fn latest_s(&self) -> f64 {
        self.missed.last().map_or(self.last.0, |m| m.1)
    }

    /// Writes the missed epochs before the update at `at` (scan index, time in s) as
    /// predictions from the last state (misses at that time itself, from another source's
    /// scan, are dropped), then the track's state after the update.
    fn update<const N: usize, E: Estimator<N, State = S>>(
        &mut self,
        estimator: &E,
        track: &Track<N, S>,
        at: (usize, f64),
        status: RowStatus,
    ) where
        S: Clone,
    {
        let (t0, s0) = &self.last;
        for (k, t, st) in self.missed.drain(..).filter(|m| m.1 < at.1) {
            let g = estimator.gaussian(&estimator.predict(s0, *t0, t - t0));
            self.rows.push((k, TrackState::new(track.id, t, st, &g)));
        }
        self.rows.push((
            at.0,
            TrackState::new(track.id, at.1, status, &track.estimate),
        ));
        self.confirmed |= status == RowStatus::Updated;
        self.last = (at.1, track.state.clone());
    }
}

/// Every scan epoch of each confirmed track's life (see [`Output::Life`]).
fn lives<const N: usize, E: Estimator<N>, A: Associator, I: Initiator<N>>(
    mut tracker: Tracker<N, E, A, I>,
    points: &[Point],
) -> Vec<TrackState> {
    // Distinct scan times, each with the index of its first scan.
    let mut epochs: Vec<(f64, usize)> = Vec::new();
    let mut live: BTreeMap<u64, Life<E::State>> = BTreeMap::new();
    let mut out: Vec<(usize, TrackState)> = Vec::new();
    let mut k = 0;
    tracker.run(points, |t, report, scan| {
        let scan_k = k;
        k += 1;
        let Some(now) = scan.first().map(|o| o.t_s).filter(|x| x.is_finite()) else {
            return;
        };
        if epochs.last().is_none_or(|e| e.0 != now) {
            epochs.push((now, scan_k));
        }
        let mut updated: Vec<u64> = report.updates.iter().map(|u| u.0).collect();
        updated.sort_unstable();
        let status = |confirmed: bool| {
            if confirmed {
                RowStatus::Updated
            } else {
                RowStatus::Tentative
            }
        };
        let est = &t.estimator;
        for track in t.tracks() {
            let confirmed = track.status == Status::Confirmed;
            let Some(life) = live.get_mut(&track.id) else {
                // Born in this scan: its first detection (two-point), the epochs between, then
                // its birth.
                let mut life = Life {
                    rows: Vec::new(),
                    last: (track.t_s, track.state.clone()),
                    missed: Vec::new(),
                    confirmed: false,
                };
                if let Some((t1, g)) = track.first.filter(|f| f.0 < now) {
                    let from = epochs.partition_point(|e| e.0 < t1);
                    let k1 = epochs.get(from).map_or(scan_k, |e| e.1);
                    life.rows
                        .push((k1, TrackState::new(track.id, t1, RowStatus::Tentative, &g)));
                    life.last = (t1, est.init(g));
                    life.missed = epochs[from..]
                        .iter()
                        .skip_while(|e| e.0 <= t1)
                        .take_while(|e| e.0 < now)
                        .map(|e| (e.1, e.0, RowStatus::Tentative))
                        .collect();
                }
                life.update(est, track, (scan_k, now), status(confirmed));
                live.insert(track.id, life);
                continue;
            };
            if updated.binary_search(&track.id).is_ok() {
                life.update(est, track, (scan_k, now), status(confirmed));
            } else if life.latest_s() < now {
                let st = if confirmed {
                    RowStatus::Coasted
                } else {
                    RowStatus::Tentative
                };
                life.missed.push((scan_k, now, st));
            }
        }
        for id in &report.deleted {
            if let Some(life) = live.remove(id).filter(|l| l.confirmed) {
                out.extend(life.rows);
            }
        }
    });
    out.extend(
        live.into_values()
            .filter(|l| l.confirmed)
            .flat_map(|l| l.rows),
    );
    out.sort_by_key(|(k, s)| (*k, s.track_id));
    out.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn options_name_the_first_value_they_cannot_honour() {
        use super::{OptionName, Options};
        assert_eq!(Options::default().check(), Ok(()));
        let bad = |o: Options| o.check().unwrap_err();
        let (name, why) = bad(Options {
            gate_probability: 1.0,
            ..Options::default()
        });
        assert_eq!(name, OptionName::Gate);
        assert!(why.ends_with("strictly between 0 and 1, got 1"), "{why}");
        let (name, why) = bad(Options {
            confirm_m: 4,
            confirm_n: 3,
            ..Options::default()
        });
        assert_eq!(name, OptionName::Confirm);
        assert!(why.contains("1 ≤ m ≤ n, got m = 4, n = 3"), "{why}");
        for (o, name) in [
            (
                Options {
                    q: -1.0,
                    ..Options::default()
                },
                OptionName::Q,
            ),
            (
                Options {
                    max_coast_s: f64::NAN,
                    ..Options::default()
                },
                OptionName::MaxCoast,
            ),
            (
                Options {
                    max_speed_mps: f64::INFINITY,
                    ..Options::default()
                },
                OptionName::MaxSpeed,
            ),
        ] {
            assert_eq!(bad(o).0, name);
        }
    }

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
                    let states = track(&options, &points, Output::Life).expect("small scans");
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

    /// Scans of [`thrown_with_misses`].
    const SCANS: usize = 26;

    /// Whether object `k` is missed at scan `i` of [`thrown_with_misses`].
    fn missed(k: usize, i: usize) -> bool {
        match k {
            0 => i == 8 || i == 9 || i >= 17,
            _ => i == 1 || i == 4 || i == 12,
        }
    }

    /// Two thrown objects seen every 5 s (no noise drawn), with scans missing ([`missed`]):
    /// object 0 at scans 8 and 9 (confirmed by then) and from scan 17 on (deleted at scan 23),
    /// object 1 at scan 1 (between the two points of its birth), 4 (tentative then) and 12; and
    /// a pair of false points that starts a track never confirmed. Returns the points and the truth (position, velocity).
    fn thrown_with_misses() -> (Vec<Point>, impl Fn(usize, f64) -> (Vec3, Vec3)) {
        let g = 9.806_65;
        let truth = move |k: usize, t: f64| {
            let (x0, vx, vz) = [(0.0, 100.0, 300.0), (5000.0, -80.0, 200.0)][k];
            (
                Vec3::new(
                    x0 + vx * t,
                    3000.0 * k as f64,
                    1000.0 + vz * t - 0.5 * g * t * t,
                ),
                Vec3::new(vx, 0.0, vz - g * t),
            )
        };
        let mut points = Vec::new();
        for i in 0..SCANS {
            let t = 5.0 * i as f64;
            for k in (0..2).filter(|&k| !missed(k, i)) {
                points.push(Point {
                    t_s: t,
                    source: 0,
                    z: truth(k, t).0,
                    sigma_m: Vec3::repeat(20.0),
                });
            }
            if i == 5 || i == 6 {
                points.push(Point {
                    t_s: t,
                    source: 0,
                    z: Vec3::new(90_000.0 + 1000.0 * i as f64, 50_000.0, 1000.0),
                    sigma_m: Vec3::repeat(20.0),
                });
            }
        }
        (points, truth)
    }

    /// Each written track's rows with the object it follows (the nearer at its first row).
    fn by_object(
        life: &[TrackState],
        truth: impl Fn(usize, f64) -> (Vec3, Vec3),
    ) -> Vec<(usize, Vec<TrackState>)> {
        let ids: BTreeSet<u64> = life.iter().map(|s| s.track_id).collect();
        ids.into_iter()
            .map(|id| {
                let rows: Vec<TrackState> =
                    life.iter().filter(|s| s.track_id == id).copied().collect();
                let p = Vec3::new(rows[0].state[0], rows[0].state[1], rows[0].state[2]);
                let d = |k| (truth(k, rows[0].t_s).0 - p).norm();
                (usize::from(d(1) < d(0)), rows)
            })
            .collect()
    }

    /// Every confirmed track has a row at every scan from its first detection to its last
    /// update: tentative until the update that confirms it, then updated, or coasted on the
    /// scans that missed it; the first row is the first detection; tracks never confirmed and
    /// scans after the last update have no row; the updates-only output is the `updated` rows.
    #[test]
    fn life_rows_cover_every_scan_of_confirmed_tracks() {
        let (points, truth) = thrown_with_misses();
        for model in [Model::Cv, Model::Ca, Model::Cvg] {
            for filter in [FilterKind::Ekf, FilterKind::Ukf] {
                for associator in [AssociatorKind::Gnn, AssociatorKind::Jpda] {
                    let options = Options {
                        model,
                        filter,
                        associator,
                        q: if model == Model::Cv { 2000.0 } else { 10.0 },
                        ..Options::default()
                    };
                    let life = track(&options, &points, Output::Life).expect("small scans");
                    let objects = by_object(&life, &truth);
                    let followed: Vec<usize> = objects.iter().map(|o| o.0).collect();
                    assert_eq!(followed, [0, 1], "{options:?}");
                    for (k, rows) in objects {
                        let last_scan = [16, SCANS - 1][k];
                        let times: Vec<f64> = rows.iter().map(|s| s.t_s).collect();
                        let expected: Vec<f64> = (0..=last_scan).map(|i| 5.0 * i as f64).collect();
                        assert_eq!(times, expected, "{options:?} object {k}");
                        // The first detection, from the two points: its position, and its
                        // velocity too when the model knows the acceleration.
                        let (r, v) = truth(k, 0.0);
                        let [x, y, z, vx, vy, vz] = rows[0].state;
                        assert!((Vec3::new(x, y, z) - r).norm() < 1e-6, "{options:?}");
                        if model == Model::Cvg {
                            assert!((Vec3::new(vx, vy, vz) - v).norm() < 1e-6, "{options:?}");
                        }
                        let confirmed_at = rows
                            .iter()
                            .position(|s| s.status == RowStatus::Updated)
                            .expect("confirmed");
                        assert_eq!(confirmed_at, [3, 5][k], "{options:?} object {k}");
                        for (scan, s) in rows.iter().enumerate() {
                            let want = if scan < confirmed_at {
                                RowStatus::Tentative
                            } else if missed(k, scan) {
                                RowStatus::Coasted
                            } else {
                                RowStatus::Updated
                            };
                            assert_eq!(s.status, want, "{options:?} object {k} scan {scan}");
                            assert!(s.sigma_pos_m > 0.0 && s.sigma_pos_m.is_finite());
                            assert!(s.state.iter().all(|x| x.is_finite()));
                        }
                    }
                    let updates =
                        track(&options, &points, Output::UpdatesOnly).expect("small scans");
                    let updated: Vec<TrackState> = life
                        .iter()
                        .filter(|s| s.status == RowStatus::Updated)
                        .copied()
                        .collect();
                    assert_eq!(updates, updated, "{options:?}");
                }
            }
        }
    }

    /// A scan that misses a track holds the motion model's prediction from the track's last
    /// update (cv: straight line; cvg: the gravity parabola), with a growing uncertainty; so
    /// do a tentative track's missed scan and a scan between the two points of its birth (from
    /// the first point's state).
    #[test]
    fn missed_scans_hold_model_predictions() {
        let (points, truth) = thrown_with_misses();
        let g = 9.806_65;
        for (model, q) in [(Model::Cv, 2000.0), (Model::Cvg, 10.0)] {
            let options = Options {
                model,
                q,
                ..Options::default()
            };
            let life = track(&options, &points, Output::Life).expect("small scans");
            let mut checked = 0;
            for (k, rows) in by_object(&life, &truth) {
                for scan in (1..rows.len()).filter(|&i| missed(k, i)) {
                    let from = (0..scan).rev().find(|&i| !missed(k, i)).expect("an update");
                    let (s, from) = (&rows[scan], &rows[from]);
                    let dt = s.t_s - from.t_s;
                    let a = if model == Model::Cvg { -g } else { 0.0 };
                    let [x, y, z, vx, vy, vz] = from.state;
                    let want = [
                        x + vx * dt,
                        y + vy * dt,
                        z + vz * dt + 0.5 * a * dt * dt,
                        vx,
                        vy,
                        vz + a * dt,
                    ];
                    for (got, want) in s.state.iter().zip(want) {
                        assert!(
                            (got - want).abs() < 1e-9 * (1.0 + want.abs()),
                            "{model:?} object {k} scan {scan}: {:?} vs {want:?}",
                            s.state
                        );
                    }
                    assert!(s.sigma_pos_m > from.sigma_pos_m, "{model:?} scan {scan}");
                    checked += 1;
                }
            }
            // Object 0 at scans 8 and 9, object 1 at scans 1 and 4 (tentative) and 12.
            assert_eq!(checked, 5, "{model:?}");
        }
    }
}
