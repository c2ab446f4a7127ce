//! The gater: which observations of a scan may update which track. A spatial pre-gate (a
//! [`SpatialGrid`] over the observations' points) proposes, for each track, the observations
//! near its straight-line extrapolation; each proposal is then tested by the χ² gate
//! ([`chi2_gate`]) on its innovation against the track's prediction. Observations without a
//! point (e.g. lines of sight) skip the pre-gate and are tested against every track.

use super::Track;
use crate::associate::{Pair, SpatialGrid, chi2_gate};
use crate::estimator::Estimator;
use crate::gaussian::Gaussian;
use crate::observation::Observation;
use vigil_earth::math::Vec3;

/// The gates of one gate probability: χ² thresholds per measurement dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Gater {
    /// Probability that the true observation falls inside the gate.
    probability: f64,
    /// χ² thresholds for measurement dimensions 0…6 (computed once; others on demand).
    thresholds: [f64; 7],
}

/// What gating found in one scan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Gated<S> {
    /// Per track, its state predicted to the scan time — only for tracks that had a candidate
    /// observation (the others are not predicted).
    pub predicted: Vec<Option<S>>,
    /// The (track, observation) pairs inside the χ² gate, by track then candidate order.
    pub pairs: Vec<Pair>,
}

impl Gater {
    /// Gates that keep the true observation with `probability`.
    pub fn new(probability: f64) -> Self {
        Self {
            probability,
            thresholds: std::array::from_fn(|dof| {
                if dof == 0 {
                    0.0
                } else {
                    chi2_gate(dof, probability)
                }
            }),
        }
    }

    /// The χ² threshold on the NIS of a `dof`-dimensional innovation.
    pub fn threshold(&self, dof: usize) -> f64 {
        self.thresholds
            .get(dof)
            .copied()
            .unwrap_or_else(|| chi2_gate(dof, self.probability))
    }

    /// Predicts (on demand) and gates: the pairs of `tracks` and `obs` (one scan at `t_s`)
    /// inside the χ² gate, with the predictions they were tested against.
    pub fn gate<const N: usize, E: Estimator<N>, O: Observation<N>>(
        &self,
        estimator: &E,
        tracks: &[Track<N, E::State>],
        obs: &[O],
        t_s: f64,
    ) -> Gated<E::State> {
        let points: Vec<_> = obs.iter().map(|o| o.point()).collect();
        let located: Vec<(usize, Vec3)> = points
            .iter()
            .enumerate()
            .filter_map(|(j, p)| p.map(|(z, _)| (j, z)))
            .collect();
        let unlocated: Vec<usize> = (0..obs.len()).filter(|&j| points[j].is_none()).collect();
        let largest_r = points
            .iter()
            .flatten()
            .map(|(_, c)| c.trace())
            .fold(0.0, f64::max);
        let k3 = self.thresholds[3].sqrt();
        let regions: Vec<([f64; 3], f64)> = tracks
            .iter()
            .map(|track| pregate_region(&track.estimate, t_s - track.t_s, k3, largest_r))
            .collect();
        let grid = grid_of(&located, &regions);
        let mut predicted: Vec<Option<E::State>> = vec![None; tracks.len()];
        let mut pairs = Vec::new();
        let mut candidates = Vec::new();
        for (i, track) in tracks.iter().enumerate() {
            candidates.clear();
            grid.query(&regions[i].0, regions[i].1, &mut candidates);
            let proposed = candidates.iter().map(|&c| located[c].0);
            for j in proposed.chain(unlocated.iter().copied()) {
                let g = predicted[i].get_or_insert_with(|| {
                    estimator.predict(&track.state, track.t_s, t_s - track.t_s)
                });
                if let Ok(fit) = estimator.fit(g, &obs[j]) {
                    if fit.nis <= self.threshold(fit.dof) {
                        pairs.push(Pair::new(i, j, fit.nis, fit.ln_det, fit.dof));
                    }
                }
            }
        }
        Gated { predicted, pairs }
    }
}

/// The pre-gate sphere of an estimate `dt_s` ahead (centre and radius, m): its straight-line
/// extrapolation, and `k3` (the 3-dof gate's square root) times a standard deviation bounded
/// from the position and velocity variances (trace ≥ largest eigenvalue) plus the largest
/// observation variance `largest_r`; the margin 5·dt² covers gravity (10 m/s²) over the step.
fn pregate_region<const N: usize>(
    estimate: &Gaussian<N>,
    dt_s: f64,
    k3: f64,
    largest_r: f64,
) -> ([f64; 3], f64) {
    let (x, p) = (&estimate.mean, &estimate.cov);
    let r = Vec3::new(x[0], x[1], x[2]);
    let v = if N >= 6 {
        Vec3::new(x[3], x[4], x[5])
    } else {
        Vec3::zeros()
    };
    let var = p.fixed_view::<3, 3>(0, 0).trace()
        + if N >= 6 {
            dt_s * dt_s * p.fixed_view::<3, 3>(3, 3).trace()
        } else {
            0.0
        };
    let c = r + v * dt_s;
    (
        [c.x, c.y, c.z],
        k3 * (var + largest_r).sqrt() + 5.0 * dt_s * dt_s,
    )
}

/// A grid over the located observations, its cell the median finite pre-gate radius (≥ 1 m).
fn grid_of(located: &[(usize, Vec3)], regions: &[([f64; 3], f64)]) -> SpatialGrid {
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
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ekf;
    use crate::estimator::Single;
    use crate::models::linear::ConstantVelocity;
    use crate::observation::Point;
    use crate::tracker::Status;
    use nalgebra::{SMatrix, SVector};

    fn track(id: u64, x: [f64; 6], sigma_m: f64) -> Track<6, Gaussian<6>> {
        let mut cov = SMatrix::<f64, 6, 6>::identity() * 1.0;
        for i in 0..3 {
            cov[(i, i)] = sigma_m * sigma_m;
        }
        let g = Gaussian::new(SVector::from(x), cov);
        Track {
            id,
            status: Status::Confirmed,
            estimate: g,
            state: g,
            t_s: 0.0,
            source: 0,
            born_s: 0.0,
            first: None,
            confirmed_s: Some(0.0),
            last_update_s: 0.0,
            scans: 1,
            hits: 1,
            rcs: None,
        }
    }

    fn point(x: f64, y: f64) -> Point {
        Point {
            t_s: 1.0,
            source: 0,
            z: Vec3::new(x, y, 0.0),
            sigma_m: Vec3::repeat(1.0),
        }
    }

    #[test]
    fn thresholds_are_the_chi2_quantiles() {
        let g = Gater::new(0.99);
        assert_eq!(g.threshold(0), 0.0);
        for dof in [1, 3, 6, 9] {
            assert_eq!(g.threshold(dof), chi2_gate(dof, 0.99));
        }
    }

    /// Two tracks moving at 10 m/s along x; observations one second later near each, one far
    /// from both. Only the near ones pair, each with its own track, and a track with no
    /// candidate is not predicted.
    #[test]
    fn pairs_only_observations_inside_the_gate() {
        let estimator = Single::new(Ekf, ConstantVelocity { q: 1.0 });
        let tracks = [
            track(1, [0.0, 0.0, 0.0, 10.0, 0.0, 0.0], 2.0),
            track(2, [1000.0, 0.0, 0.0, 10.0, 0.0, 0.0], 2.0),
            track(3, [-1e6, 0.0, 0.0, 0.0, 0.0, 0.0], 2.0),
        ];
        let obs = [point(1010.5, 0.3), point(5e4, 0.0), point(9.0, -0.5)];
        let gated = Gater::new(0.9999).gate(&estimator, &tracks, &obs, 1.0);
        let found: Vec<(usize, usize)> =
            gated.pairs.iter().map(|p| (p.track, p.detection)).collect();
        assert_eq!(found, [(0, 2), (1, 0)]);
        assert!(gated.predicted[0].is_some() && gated.predicted[1].is_some());
        assert!(gated.predicted[2].is_none());
        // Their NIS are 0.054 and 0.197: a 1 % gate (χ² 0.115) keeps only the first.
        let tight = Gater::new(0.01).gate(&estimator, &tracks, &obs, 1.0);
        let found: Vec<(usize, usize)> =
            tight.pairs.iter().map(|p| (p.track, p.detection)).collect();
        assert_eq!(found, [(1, 0)]);
    }

    #[test]
    fn pregate_region_extrapolates_and_grows_with_time() {
        let g = Gaussian::new(
            SVector::<f64, 6>::new(1.0, 2.0, 3.0, 10.0, 0.0, -1.0),
            SMatrix::<f64, 6, 6>::identity(),
        );
        let (c, r0) = pregate_region(&g, 0.0, 2.0, 0.0);
        assert_eq!((c, r0), ([1.0, 2.0, 3.0], 2.0 * 3f64.sqrt()));
        let (c, r2) = pregate_region(&g, 2.0, 2.0, 1.0);
        assert_eq!(c, [21.0, 2.0, 1.0]);
        assert_eq!(r2, 2.0 * (3.0 + 4.0 * 3.0 + 1.0f64).sqrt() + 20.0);
    }
}
