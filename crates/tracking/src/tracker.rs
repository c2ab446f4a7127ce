//! The multi-target tracker, as wiring of roles (after Stone Soup's `MultiTargetTracker`):
//! for each scan of observations, in time order, predict and gate (`tracker/gater.rs`: spatial
//! pre-gate, then χ² on the innovation), associate (the [`Associator`]), update (filter
//! updates or PDA mixtures), manage (`tracker/manage.rs`: M-of-N confirmation and
//! [`Deleter`]s) and initiate (the [`Initiator`]), with stable track ids.

mod gater;
mod manage;

pub use manage::{CoastTime, CovarianceGrowth, Deleter, Deleters};

use crate::amplitude::RcsEstimate;
use crate::associate::{Association, AssociationParams, Associator, TrackWeights};
use crate::estimator::Estimator;
use crate::gaussian::Gaussian;
use crate::initiate::{Initiator, Seed};
use crate::observation::Observation;
use gater::Gater;
use manage::Management;

/// Tuning of track management and gating, read at every scan (changes apply from the next).
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

impl Status {
    /// The name in files: `tentative` or `confirmed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Tentative => "tentative",
            Status::Confirmed => "confirmed",
        }
    }
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
    /// The estimate at the first point of a birth resting on an earlier point (two-point),
    /// with that point's time, s; `None` when the track starts from one point.
    pub first: Option<(f64, Gaussian<N>)>,
    /// Time of confirmation, s.
    pub confirmed_s: Option<f64>,
    /// Time of the last update, s.
    pub last_update_s: f64,
    /// Scans of `source` since birth (birth included).
    pub scans: u32,
    /// Updates since birth (birth included).
    pub hits: u32,
    /// Radar cross-section measured by the plots behind it (None: none measured one).
    pub rcs: Option<RcsEstimate>,
}

impl<const N: usize, S> Track<N, S> {
    /// Largest standard deviation of the position axes (the first three components), m.
    fn position_sigma(&self) -> f64 {
        (0..3.min(N))
            .map(|i| self.estimate.cov[(i, i)])
            .fold(0.0, f64::max)
            .sqrt()
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
    deleters: Deleters<N, E::State>,
}

impl<const N: usize, E: Estimator<N>, A: Associator, I: Initiator<N>> Tracker<N, E, A, I> {
    /// A tracker with no tracks, deleting confirmed tracks by [`CoastTime`] and
    /// [`CovarianceGrowth`].
    pub fn new(estimator: E, associator: A, initiator: I, config: Config) -> Self {
        Self {
            estimator,
            associator,
            initiator,
            config,
            tracks: Vec::new(),
            next_id: 1,
            deleters: manage::default_deleters(),
        }
    }

    /// The same tracker with other deletion rules for confirmed tracks (any one deletes).
    pub fn with_deleters(self, deleters: Deleters<N, E::State>) -> Self {
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

    /// Processes observations sorted by time, scan by scan (see [`scans`]). `on_scan` sees the
    /// tracker after each scan.
    pub fn run<O: Observation<N>>(
        &mut self,
        observations: &[O],
        mut on_scan: impl FnMut(&Self, &ScanReport, &[O]),
    ) {
        for scan in scans(observations) {
            let report = self.scan(scan);
            on_scan(self, &report, scan);
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
        // Predict (tracks with candidates only) and gate.
        let gater = Gater::new(self.config.gate_probability);
        let mut gated = gater.gate(&self.estimator, &self.tracks, obs, t);
        for p in &mut gated.pairs {
            if let (Some(e), Some(x)) = (self.tracks[p.track].rcs, obs[p.detection].rcs_m2()) {
                p.add_cost(e.association_cost(x));
            }
        }
        // Associate.
        let params = AssociationParams::new(self.config.pd, self.config.clutter_density, 3);
        let association =
            self.associator
                .associate(self.tracks.len(), obs.len(), &gated.pairs, &params);
        // Update.
        let (updated, updates) = self.update(&gated.predicted, &association, obs, t);
        // Manage: M-of-N confirmation, then deletion.
        let management = Management {
            config: &self.config,
            deleters: &self.deleters,
        };
        let confirmed = management.confirm(&mut self.tracks, &updated, source, t);
        let deleted = management.delete(&mut self.tracks, t);
        // Initiate from the observations no track claimed.
        let born = self.initiate(&association.unused, obs, t, source);
        ScanReport {
            t_s: t,
            updates,
            born,
            confirmed,
            deleted,
        }
    }

    /// Updates each associated track from its prediction at `t_s`. Returns which tracks were
    /// updated, and (track id, heaviest observation) per update.
    fn update<O: Observation<N>>(
        &mut self,
        predicted: &[Option<E::State>],
        association: &Association,
        obs: &[O],
        t_s: f64,
    ) -> (Vec<bool>, Vec<(u64, usize)>) {
        let mut updated = vec![false; self.tracks.len()];
        let mut updates = Vec::new();
        for w in &association.tracks {
            let Some(g) = predicted[w.track].as_ref() else {
                continue;
            };
            if let Some((post, best)) = self.combine(g, w, obs) {
                let track = &mut self.tracks[w.track];
                track.estimate = self.estimator.gaussian(&post);
                track.state = post;
                track.t_s = t_s;
                track.last_update_s = t_s;
                track.hits += 1;
                track.rcs = RcsEstimate::update(track.rcs, obs[best].rcs_m2());
                updated[w.track] = true;
                updates.push((track.id, best));
            }
        }
        (updated, updates)
    }

    /// Starts tracks from the `unused` observations of a scan of `source` at `t_s` (those with
    /// a finite point; the others can start nothing). Returns (track id, observation index) per
    /// birth (`usize::MAX` if the initiator's birth matches no observation).
    fn initiate<O: Observation<N>>(
        &mut self,
        unused: &[usize],
        obs: &[O],
        t_s: f64,
        source: u32,
    ) -> Vec<(u64, usize)> {
        let seeds: Vec<(usize, Seed)> = unused
            .iter()
            .filter_map(|&j| {
                let (z, cov) = obs[j].point()?;
                Some((
                    j,
                    Seed {
                        t_s,
                        source,
                        z,
                        cov,
                    },
                ))
            })
            .filter(|(_, s)| s.z.iter().chain(s.cov.iter()).all(|x| x.is_finite()))
            .collect();
        let births = self
            .initiator
            .initiate(&seeds.iter().map(|(_, s)| *s).collect::<Vec<_>>());
        let management = Management {
            config: &self.config,
            deleters: &self.deleters,
        };
        let mut born = Vec::new();
        for b in births.into_iter().filter(|b| b.estimate.is_valid()) {
            let id = self.next_id;
            self.next_id += 1;
            let j = seeds
                .iter()
                .find(|(_, s)| {
                    s.t_s == b.t_s && s.z[0] == b.estimate.mean[0] && s.z[1] == b.estimate.mean[1]
                })
                .map_or(usize::MAX, |(j, _)| *j);
            born.push((id, j));
            let (status, confirmed_s) = management.birth(b.t_s);
            self.tracks.push(Track {
                id,
                status,
                estimate: b.estimate,
                state: self.estimator.init(b.estimate),
                t_s: b.t_s,
                source: b.source,
                born_s: b.t_s,
                first: b.first,
                confirmed_s,
                last_update_s: b.t_s,
                scans: 1,
                hits: 1,
                rcs: obs
                    .get(j)
                    .and_then(|o| o.rcs_m2())
                    .and_then(RcsEstimate::first),
            });
        }
        born
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

/// The scans of observations sorted by time: runs of consecutive observations with the same
/// time and source (a NaN time makes a scan of its own).
pub fn scans<const N: usize, O: Observation<N>>(observations: &[O]) -> impl Iterator<Item = &[O]> {
    let mut rest = observations;
    std::iter::from_fn(move || {
        let first = rest.first()?;
        let (t, s) = (first.t_s(), first.source());
        let same = rest
            .iter()
            .take_while(|o| o.t_s() == t && o.source() == s)
            .count()
            .max(1);
        let (scan, tail) = rest.split_at(same);
        rest = tail;
        Some(scan)
    })
}
