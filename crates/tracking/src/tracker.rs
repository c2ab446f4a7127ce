//! The multi-target tracker: scans of observations in time order → gating (spatial pre-gate,
//! then χ² on the innovation), association, filter updates (or PDA mixtures), initiation,
//! M-of-N confirmation and deletion, with stable track ids.

use crate::associate::{AssociationParams, Associator, Pair, SpatialGrid, TrackWeights, chi2_gate};
use crate::estimator::Estimator;
use crate::gaussian::Gaussian;
use crate::initiate::{Initiator, Seed};
use crate::observation::Observation;
use vigil_earth::math::Vec3;

/// Tuning of track management and gating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Probability that the true measurement falls inside the gate.
    pub gate_probability: f64,
    /// Confirmation: M hits …
    pub confirm_m: u32,
    /// … within the first N scans of the track's sensor.
    pub confirm_n: u32,
    /// Delete a confirmed track after this long without an update, s.
    pub max_coast_s: f64,
    /// Delete a track whose position standard deviation (largest axis) exceeds this, m.
    pub max_position_sigma_m: f64,
    /// Probability of detection (for association).
    pub pd: f64,
    /// Clutter density per unit measurement volume (for association).
    pub clutter_density: f64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            gate_probability: 0.9999,
            confirm_m: 3,
            confirm_n: 5,
            max_coast_s: 60.0,
            max_position_sigma_m: 50_000.0,
            pd: 0.9,
            clutter_density: 1e-12,
        }
    }
}

/// Where a track stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not yet confirmed.
    Tentative,
    /// Confirmed.
    Confirmed,
}

/// A track.
#[derive(Debug, Clone, PartialEq)]
pub struct Track<const N: usize, S> {
    /// Stable id (never reused).
    pub id: u64,
    /// Status.
    pub status: Status,
    /// Latest estimate (combined over the estimator's modes).
    pub estimate: Gaussian<N>,
    /// The estimator's own state (e.g. per-mode estimates and probabilities).
    pub state: S,
    /// Time of the estimate, s.
    pub t_s: f64,
    /// The sensor whose scans count for confirmation.
    pub source: u32,
    /// Time of birth, s.
    pub born_s: f64,
    /// Time of confirmation, s.
    pub confirmed_s: Option<f64>,
    /// Time of the last update, s.
    pub last_update_s: f64,
    /// Scans of `source` since birth (birth included).
    pub scans: u32,
    /// Updates since birth (birth included).
    pub hits: u32,
}

impl<const N: usize, S> Track<N, S> {
    fn position_sigma(&self) -> f64 {
        (0..3.min(N))
            .map(|i| self.estimate.cov[(i, i)])
            .fold(0.0, f64::max)
            .sqrt()
    }
}

/// Decides when a track is dropped (besides failing M-of-N confirmation).
pub trait Deleter<const N: usize>: std::fmt::Debug {
    /// Whether a track whose estimate is `estimate`, last updated at `last_update_s`, should be
    /// deleted at `t_s`.
    fn delete(&self, estimate: &Gaussian<N>, last_update_s: f64, t_s: f64) -> bool;
}

/// Deletes a track that went too long without an update.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoastTime {
    /// Longest time without an update, s.
    pub max_coast_s: f64,
}

impl<const N: usize> Deleter<N> for CoastTime {
    fn delete(&self, _estimate: &Gaussian<N>, last_update_s: f64, t_s: f64) -> bool {
        t_s - last_update_s > self.max_coast_s
    }
}

/// Deletes a track whose position uncertainty grew too large (largest axis standard deviation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CovarianceGrowth {
    /// Largest position standard deviation, m.
    pub max_position_sigma_m: f64,
}

impl<const N: usize> Deleter<N> for CovarianceGrowth {
    fn delete(&self, estimate: &Gaussian<N>, _last_update_s: f64, _t_s: f64) -> bool {
        (0..3.min(N))
            .map(|i| estimate.cov[(i, i)])
            .fold(0.0, f64::max)
            .sqrt()
            > self.max_position_sigma_m
    }
}

/// What one scan did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanReport {
    /// Scan time, s.
    pub t_s: f64,
    /// (track id, observation index) of every update (for PDA updates, the heaviest).
    pub updates: Vec<(u64, usize)>,
    /// Tracks born (id, observation index).
    pub born: Vec<(u64, usize)>,
    /// Tracks confirmed.
    pub confirmed: Vec<u64>,
    /// Tracks deleted.
    pub deleted: Vec<u64>,
}

/// The tracker: an estimator, an associator and an initiator.
#[derive(Debug, Clone)]
pub struct Tracker<const N: usize, E: Estimator<N>, A, I> {
    /// The per-track estimator.
    pub estimator: E,
    /// The associator.
    pub associator: A,
    /// The initiator.
    pub initiator: I,
    /// Management and gating.
    pub config: Config,
    tracks: Vec<Track<N, E::State>>,
    next_id: u64,
    deleters: Vec<std::sync::Arc<dyn Deleter<N> + Send + Sync>>,
}

impl<const N: usize, E: Estimator<N>, A: Associator, I: Initiator<N>> Tracker<N, E, A, I> {
    /// A tracker with no tracks.
    pub fn new(estimator: E, associator: A, initiator: I, config: Config) -> Self {
        Self {
            estimator,
            associator,
            initiator,
            config,
            tracks: Vec::new(),
            next_id: 1,
            deleters: vec![
                std::sync::Arc::new(CoastTime {
                    max_coast_s: config.max_coast_s,
                }),
                std::sync::Arc::new(CovarianceGrowth {
                    max_position_sigma_m: config.max_position_sigma_m,
                }),
            ],
        }
    }

    /// The same tracker with other deletion rules for confirmed tracks (any one deletes).
    pub fn with_deleters(
        self,
        deleters: Vec<std::sync::Arc<dyn Deleter<N> + Send + Sync>>,
    ) -> Self {
        Self { deleters, ..self }
    }

    /// The live tracks (tentative and confirmed), in ascending id order.
    pub fn tracks(&self) -> &[Track<N, E::State>] {
        &self.tracks
    }

    /// The live track with this id.
    pub fn track(&self, id: u64) -> Option<&Track<N, E::State>> {
        self.tracks
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.tracks[i])
    }

    /// Processes observations sorted by time: consecutive observations with the same time and
    /// source form a scan. `on_scan` sees the tracker after each scan.
    pub fn run<O: Observation<N>>(
        &mut self,
        observations: &[O],
        mut on_scan: impl FnMut(&Self, &ScanReport, &[O]),
    ) {
        let mut start = 0;
        while start < observations.len() {
            let (t, s) = (observations[start].t_s(), observations[start].source());
            // At least the first one (a NaN time equals nothing, not even itself).
            let same = observations[start..]
                .iter()
                .take_while(|o| o.t_s() == t && o.source() == s)
                .count();
            let end = start + same.max(1);
            let report = self.scan(&observations[start..end]);
            on_scan(self, &report, &observations[start..end]);
            start = end;
        }
    }

    /// Processes one scan (observations of one source at one time).
    pub fn scan<O: Observation<N>>(&mut self, obs: &[O]) -> ScanReport {
        let Some(first) = obs.first() else {
            return ScanReport::default();
        };
        let (t, source) = (first.t_s(), first.source());
        if !t.is_finite() {
            return ScanReport::default();
        }
        let mut report = ScanReport {
            t_s: t,
            ..ScanReport::default()
        };
        let points: Vec<Option<(Vec3, vigil_earth::math::Mat3)>> =
            obs.iter().map(|o| o.point()).collect();
        let located: Vec<(usize, Vec3)> = points
            .iter()
            .enumerate()
            .filter_map(|(j, p)| p.map(|(z, _)| (j, z)))
            .collect();
        let unlocated: Vec<usize> = points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(j, _)| j)
            .collect();
        let largest_r = points
            .iter()
            .flatten()
            .map(|(_, c)| c.trace())
            .fold(0.0, f64::max);
        // χ² gates by measurement dimension (1…6), computed once per scan.
        let gates: [f64; 7] = std::array::from_fn(|dof| {
            if dof == 0 {
                0.0
            } else {
                chi2_gate(dof, self.config.gate_probability)
            }
        });
        let k3 = gates[3].sqrt();
        // Pre-gate: each track's straight-line extrapolation and a radius from its position
        // and velocity variances (trace ≥ largest eigenvalue) plus the largest measurement
        // variance; the margin covers gravity (10 m/s²) over the step.
        let regions: Vec<([f64; 3], f64)> = self
            .tracks
            .iter()
            .map(|track| {
                let dt = t - track.t_s;
                let (x, p) = (&track.estimate.mean, &track.estimate.cov);
                let r = Vec3::new(x[0], x[1], x[2]);
                let v = if N >= 6 {
                    Vec3::new(x[3], x[4], x[5])
                } else {
                    Vec3::zeros()
                };
                let var = p.fixed_view::<3, 3>(0, 0).trace()
                    + if N >= 6 {
                        dt * dt * p.fixed_view::<3, 3>(3, 3).trace()
                    } else {
                        0.0
                    };
                let c = r + v * dt;
                (
                    [c.x, c.y, c.z],
                    k3 * (var + largest_r).sqrt() + 5.0 * dt * dt,
                )
            })
            .collect();
        let mut radii: Vec<f64> = regions
            .iter()
            .map(|r| r.1)
            .filter(|r| r.is_finite())
            .collect();
        radii.sort_by(f64::total_cmp);
        let cell = radii.get(radii.len() / 2).copied().unwrap_or(1.0).max(1.0);
        let mut grid = SpatialGrid::new(cell);
        grid.build(
            &located
                .iter()
                .map(|(_, z)| [z.x, z.y, z.z])
                .collect::<Vec<_>>(),
        );
        // Predicted estimates, made only for tracks with candidates.
        let mut predicted: Vec<Option<E::State>> = vec![None; self.tracks.len()];
        let mut pairs = Vec::new();
        let mut candidates = Vec::new();
        for (i, track) in self.tracks.iter().enumerate() {
            let dt = t - track.t_s;
            candidates.clear();
            grid.query(&regions[i].0, regions[i].1, &mut candidates);
            let mut look = |j: usize, predicted: &mut Option<E::State>| {
                let g = predicted
                    .get_or_insert_with(|| self.estimator.predict(&track.state, track.t_s, dt));
                if let Ok(fit) = self.estimator.fit(g, &obs[j]) {
                    let gate = gates
                        .get(fit.dof)
                        .copied()
                        .unwrap_or_else(|| chi2_gate(fit.dof, self.config.gate_probability));
                    if fit.nis <= gate {
                        pairs.push(Pair::new(i, j, fit.nis, fit.ln_det, fit.dof));
                    }
                }
            };
            for &c in candidates.iter() {
                look(located[c].0, &mut predicted[i]);
            }
            for &j in &unlocated {
                look(j, &mut predicted[i]);
            }
        }
        let params = AssociationParams::new(self.config.pd, self.config.clutter_density, 3);
        let association = self
            .associator
            .associate(self.tracks.len(), obs.len(), &pairs, &params);
        let mut updated = vec![false; self.tracks.len()];
        for w in &association.tracks {
            let Some(g) = predicted[w.track].as_ref() else {
                continue;
            };
            if let Some((post, best)) = self.combine(g, w, obs) {
                let estimate = self.estimator.gaussian(&post);
                let track = &mut self.tracks[w.track];
                track.estimate = estimate;
                track.state = post;
                track.t_s = t;
                track.last_update_s = t;
                track.hits += 1;
                updated[w.track] = true;
                report.updates.push((track.id, best));
            }
        }
        // Management: scans of the track's own sensor count towards confirmation.
        for (i, track) in self.tracks.iter_mut().enumerate() {
            if track.source == source {
                track.scans += 1;
            }
            if track.status == Status::Tentative
                && updated[i]
                && track.hits >= self.config.confirm_m
            {
                track.status = Status::Confirmed;
                track.confirmed_s = Some(t);
                report.confirmed.push(track.id);
            }
        }
        let config = self.config;
        let deleters = &self.deleters;
        self.tracks.retain(|track| {
            let dead = match track.status {
                Status::Tentative => {
                    track.scans >= config.confirm_n && track.hits < config.confirm_m
                        || track.position_sigma() > config.max_position_sigma_m
                }
                Status::Confirmed => deleters
                    .iter()
                    .any(|d| d.delete(&track.estimate, track.last_update_s, t)),
            } || !track.estimate.is_valid();
            if dead {
                report.deleted.push(track.id);
            }
            !dead
        });
        // Initiation from observations with a point that no track claimed.
        // (Observations with a non-finite point are skipped: they can start nothing.)
        let seeds: Vec<(usize, Seed)> = association
            .unused
            .iter()
            .filter_map(|&j| {
                points[j].map(|(z, cov)| {
                    (
                        j,
                        Seed {
                            t_s: t,
                            source,
                            z,
                            cov,
                        },
                    )
                })
            })
            .filter(|(_, s)| s.z.iter().chain(s.cov.iter()).all(|x| x.is_finite()))
            .collect();
        let births = self
            .initiator
            .initiate(&seeds.iter().map(|(_, s)| *s).collect::<Vec<_>>());
        for b in births.into_iter().filter(|b| b.estimate.is_valid()) {
            let id = self.next_id;
            self.next_id += 1;
            let j = seeds
                .iter()
                .find(|(_, s)| {
                    s.t_s == b.t_s && s.z[0] == b.estimate.mean[0] && s.z[1] == b.estimate.mean[1]
                })
                .map_or(usize::MAX, |(j, _)| *j);
            report.born.push((id, j));
            self.tracks.push(Track {
                id,
                status: if self.config.confirm_m <= 1 {
                    Status::Confirmed
                } else {
                    Status::Tentative
                },
                estimate: b.estimate,
                state: self.estimator.init(b.estimate),
                t_s: b.t_s,
                source: b.source,
                born_s: b.t_s,
                confirmed_s: (self.config.confirm_m <= 1).then_some(b.t_s),
                last_update_s: b.t_s,
                scans: 1,
                hits: 1,
            });
        }
        report
    }

    /// The posterior of a track from its association weights: a plain update for a single
    /// certain detection, otherwise the PDA mixture of the per-detection updates and the
    /// prediction, moment-matched. Returns it with the heaviest detection.
    fn combine<O: Observation<N>>(
        &self,
        g: &E::State,
        w: &TrackWeights,
        obs: &[O],
    ) -> Option<(E::State, usize)> {
        let heaviest = w
            .detections
            .iter()
            .copied()
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        if heaviest.1 <= 0.0 {
            return None;
        }
        if heaviest.1 >= 1.0 - 1e-12 {
            return self
                .estimator
                .update(g, &obs[heaviest.0])
                .ok()
                .map(|p| (p, heaviest.0));
        }
        let mut parts: Vec<(f64, E::State)> = vec![(w.miss.max(0.0), g.clone())];
        for &(j, beta) in &w.detections {
            if beta > 0.0 {
                if let Ok(p) = self.estimator.update(g, &obs[j]) {
                    parts.push((beta, p));
                }
            }
        }
        self.estimator.mix(&parts).map(|m| (m, heaviest.0))
    }
}
