//! Data association: which detection updates which track.
//!
//! The pipeline per scan: a spatial pre-gate ([`SpatialGrid`]) proposes, for each track, the
//! detections near its predicted position; the caller computes their innovations and keeps
//! those inside the χ² gate ([`chi2_gate`]) as [`Pair`]s; an [`Associator`] splits the pairs into
//! independent [`Clusters`] and decides, per cluster, the weights of each track's detections:
//! [`Gnn`] (optimal 0/1 assignment, [`min_cost_assignment`]) or [`Jpda`] (marginal
//! probabilities of joint association events).
//!
//! Both associators score a joint event (each track takes at most one detection, each detection
//! goes to at most one track) by the same likelihood (Bar-Shalom, Daum & Huang 2009, "The
//! probabilistic data association filter", IEEE Control Systems 29(6), eq. 39):
//!
//! P(event) ∝ Π_assigned (P_D · g_ij / λ) · Π_missed (1 − P_D),
//!
//! with g_ij = N(y_ij; 0, S_ij) and λ the clutter density. GNN picks the most probable event,
//! JPDA marginalises over all of them.

mod assignment;
mod clusters;
mod gate;
mod gnn;
mod grid;
mod jpda;

pub use assignment::{AssignmentSolver, assignment_cost, min_cost_assignment};
pub use clusters::{Cluster, Clusters};
pub use gate::{chi2_cdf, chi2_gate, chi2_quantile, gate_radius, max_eigenvalue_sym3};
pub use gnn::Gnn;
pub use grid::SpatialGrid;
pub use jpda::Jpda;

use crate::filter::Innovation;

/// ln(2π).
const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// One gated (track, detection) pair with its association cost and likelihood.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Track index (into the caller's track list).
    pub track: usize,
    /// Detection index (into the caller's detection list).
    pub detection: usize,
    /// −ln likelihood up to a constant: 0.5·(NIS + ln det S). Non-finite: the pair is ignored.
    pub cost: f64,
    /// Gaussian likelihood N(y; 0, S), per unit measurement volume.
    pub likelihood: f64,
}

impl Pair {
    /// A pair from the normalised innovation squared, ln det S and the measurement dimension.
    pub fn new(track: usize, detection: usize, nis: f64, ln_det: f64, dim: usize) -> Self {
        let cost = 0.5 * (nis + ln_det);
        let likelihood = (-cost - 0.5 * dim as f64 * LN_2PI).exp();
        Self {
            track,
            detection,
            cost,
            likelihood,
        }
    }

    /// Adds `cost` (nats, e.g. an amplitude term) to the pair: its likelihood is divided by
    /// e^cost. A non-finite cost is ignored.
    pub fn add_cost(&mut self, cost: f64) {
        if cost.is_finite() {
            self.cost += cost;
            self.likelihood *= (-cost).exp();
        }
    }

    /// A pair from an innovation ([`Innovation::nis`], [`Innovation::ln_det`]).
    pub fn from_innovation<const N: usize, const M: usize>(
        track: usize,
        detection: usize,
        innovation: &Innovation<N, M>,
    ) -> Self {
        Self::new(track, detection, innovation.nis, innovation.ln_det, M)
    }
}

/// Parameters shared by associators.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssociationParams {
    /// Probability of detection P_D, in [0, 1].
    pub pd: f64,
    /// Clutter (false-alarm) density λ, per unit measurement volume (e.g. per m³ for Cartesian
    /// positions): false alarms per scan divided by the surveillance volume. Used by JPDA.
    pub clutter_density: f64,
    /// GNN: the cost of leaving a track unassigned, in the units of [`Pair::cost`] (leaving a
    /// detection unassigned costs 0; only the sum of the two matters). In isolation a pair is
    /// assigned iff its cost is below this. +∞ (or NaN): assign as many pairs as possible;
    /// −∞: assign none.
    pub miss_cost: f64,
}

impl AssociationParams {
    /// Parameters for `dim`-dimensional measurements, with the GNN's miss cost consistent with
    /// the JPDA event likelihood, so that GNN picks JPDA's most probable joint event:
    /// miss_cost = ln(P_D / ((1 − P_D) λ)) − (dim/2)·ln 2π.
    pub fn new(pd: f64, clutter_density: f64, dim: usize) -> Self {
        let miss_cost = (pd / ((1.0 - pd) * clutter_density)).ln() - 0.5 * dim as f64 * LN_2PI;
        Self {
            pd,
            clutter_density,
            miss_cost,
        }
    }

    /// The same parameters with another GNN miss cost.
    pub fn with_miss_cost(self, miss_cost: f64) -> Self {
        Self { miss_cost, ..self }
    }
}

/// What an associator decided for one track: weights over its gated detections and the
/// weight of "no detection". Weights are probabilities: they sum to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackWeights {
    /// The track.
    pub track: usize,
    /// Its gated detections, ascending, with their weights (GNN: 1 for the assigned one, 0 for
    /// the others; JPDA: the marginal association probabilities β).
    pub detections: Vec<(usize, f64)>,
    /// The weight of "no detection of this track" (β₀).
    pub miss: f64,
}

impl TrackWeights {
    /// The detection with the largest weight, if that weight exceeds the miss weight (for GNN:
    /// the assigned detection).
    pub fn best(&self) -> Option<(usize, f64)> {
        self.detections
            .iter()
            .copied()
            .filter(|&(_, w)| w > self.miss)
            .fold(None, |best, (d, w)| match best {
                Some((_, bw)) if bw >= w => best,
                _ => Some((d, w)),
            })
    }
}

/// An associator's decision for a scan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Association {
    /// Tracks with at least one gated pair, ascending by track.
    pub tracks: Vec<TrackWeights>,
    /// Detections not claimed by any track (GNN: unassigned; JPDA: gated to no track), ascending:
    /// candidates for track initiation.
    pub unused: Vec<usize>,
}

/// Decides, from the gated pairs, the weight of each detection for each track.
pub trait Associator {
    /// Associates `n_detections` detections with `n_tracks` tracks given the gated `pairs`
    /// (invalid pairs, see [`Clusters`], are ignored).
    fn associate(
        &self,
        n_tracks: usize,
        n_detections: usize,
        pairs: &[Pair],
        params: &AssociationParams,
    ) -> Association;
}

/// Detections in no cluster, plus (GNN) those a cluster left unassigned, ascending.
fn unused_detections(n_detections: usize, claimed: &[bool]) -> Vec<usize> {
    (0..n_detections)
        .filter(|&d| !claimed.get(d).copied().unwrap_or(false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_from_innovation_matches_its_likelihood() {
        use nalgebra::{SMatrix, SVector};
        let cov = SMatrix::<f64, 2, 2>::new(4.0, 1.0, 1.0, 9.0);
        let residual = SVector::<f64, 2>::new(1.0, -2.0);
        let chol = cov.cholesky().unwrap();
        let nis = residual.dot(&chol.solve(&residual));
        let ln_det = cov.determinant().ln();
        let inn = Innovation::<4, 2> {
            residual,
            cov,
            h: SMatrix::zeros(),
            noise: cov,
            nis,
            ln_det,
        };
        let p = Pair::from_innovation(3, 5, &inn);
        assert_eq!((p.track, p.detection), (3, 5));
        assert!((p.likelihood - inn.likelihood()).abs() < 1e-15 * inn.likelihood());
        assert!((p.cost - 0.5 * (nis + ln_det)).abs() < 1e-15);
    }

    #[test]
    fn track_weights_best() {
        let w = TrackWeights {
            track: 0,
            detections: vec![(2, 0.3), (5, 0.4)],
            miss: 0.3,
        };
        assert_eq!(w.best(), Some((5, 0.4)));
        let w = TrackWeights {
            track: 0,
            detections: vec![(2, 0.2), (5, 0.2)],
            miss: 0.6,
        };
        assert_eq!(w.best(), None);
        let w = TrackWeights {
            track: 0,
            detections: vec![(2, 0.5), (5, 0.5)],
            miss: 0.0,
        };
        assert_eq!(w.best(), Some((2, 0.5)));
    }

    #[test]
    fn params_miss_cost_is_the_likelihood_ratio_threshold() {
        let p = AssociationParams::new(0.9, 1e-9, 3);
        // A pair exactly at the threshold: P_D g / λ = 1 − P_D.
        let g: f64 = (1.0 - 0.9) * 1e-9 / 0.9;
        let cost = -g.ln() - 1.5 * LN_2PI;
        assert!((cost - p.miss_cost).abs() < 1e-12);
        assert_eq!(p.with_miss_cost(2.0).miss_cost, 2.0);
        assert_eq!(
            AssociationParams::new(1.0, 1e-9, 3).miss_cost,
            f64::INFINITY
        );
        assert_eq!(AssociationParams::new(0.9, 0.0, 3).miss_cost, f64::INFINITY);
        assert_eq!(
            AssociationParams::new(0.0, 1e-9, 3).miss_cost,
            f64::NEG_INFINITY
        );
    }
}
