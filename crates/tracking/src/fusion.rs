//! Track-to-track fusion between networks: each network runs its own tracker; a fusion node
//! associates their tracks (χ² gate on the state difference) and fuses them by covariance
//! intersection (Julier & Uhlmann 1997), which stays consistent when the networks' errors are
//! correlated in unknown ways. Fused tracks keep a stable id for as long as any member lives.

use crate::associate::chi2_gate;
use crate::gaussian::Gaussian;
use nalgebra::SMatrix;
use std::collections::BTreeMap;

/// Covariance intersection of two estimates: P⁻¹ = ω A⁻¹ + (1 − ω) B⁻¹, x = P (ω A⁻¹ a + (1 − ω) B⁻¹ b),
/// with ω ∈ [0, 1] minimising trace P (golden-section search). None if either is singular.
pub fn covariance_intersection<const N: usize>(
    a: &Gaussian<N>,
    b: &Gaussian<N>,
) -> Option<Gaussian<N>> {
    let ia = a.cov.try_inverse()?;
    let ib = b.cov.try_inverse()?;
    let fused = |w: f64| -> Option<(SMatrix<f64, N, N>, f64)> {
        let info = ia * w + ib * (1.0 - w);
        let p = info.try_inverse()?;
        Some((p, p.trace()))
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    let g = 0.5 * (5f64.sqrt() - 1.0);
    for _ in 0..40 {
        let (c, d) = (hi - g * (hi - lo), lo + g * (hi - lo));
        let tc = fused(c).map_or(f64::INFINITY, |x| x.1);
        let td = fused(d).map_or(f64::INFINITY, |x| x.1);
        if tc < td { hi = d } else { lo = c }
    }
    let w = 0.5 * (lo + hi);
    let (p, _) = fused(w)?;
    let mean = p * (ia * a.mean * w + ib * b.mean * (1.0 - w));
    let out = Gaussian::new(mean, p);
    out.is_valid().then_some(out)
}

/// A local track as the fusion node sees it: network, local id, evidence and estimate at the
/// fusion time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalTrack<const N: usize> {
    /// Network index.
    pub network: usize,
    /// The local tracker's id.
    pub id: u64,
    /// Whether the local tracker has confirmed it.
    pub confirmed: bool,
    /// Its updates so far.
    pub hits: u32,
    /// Its estimate, at the fusion time.
    pub estimate: Gaussian<N>,
}

/// A fused track at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedTrack<const N: usize> {
    /// Stable fused id.
    pub id: u64,
    /// Confirmed: a member is confirmed, or members of two networks together reach `confirm_hits`.
    pub confirmed: bool,
    /// Fused estimate.
    pub estimate: Gaussian<N>,
    /// Networks contributing.
    pub networks: usize,
}

/// The fusion node: keeps which local tracks form which fused track.
#[derive(Debug, Clone, Default)]
pub struct FusionNode {
    members: BTreeMap<(usize, u64), u64>,
    next_id: u64,
    /// Probability of the χ² gate on the state difference.
    pub gate_probability: f64,
    /// Hits of members of two or more networks that confirm a fused track.
    pub confirm_hits: u32,
}

impl FusionNode {
    /// A fusion node with a gate probability and the combined-hits confirmation threshold.
    pub fn new(gate_probability: f64, confirm_hits: u32) -> Self {
        Self {
            members: BTreeMap::new(),
            next_id: 1,
            gate_probability,
            confirm_hits,
        }
    }

    /// The fused track of `local` given the other networks' tracks at the same time: its stable
    /// id, and the covariance intersection with the best partner of each other network
    /// (the one it is already fused with, else the nearest inside the gate).
    pub fn fuse<const N: usize>(
        &mut self,
        local: &LocalTrack<N>,
        others: &[LocalTrack<N>],
    ) -> FusedTrack<N> {
        let gate = chi2_gate(N, self.gate_probability);
        let mut id = self.members.get(&(local.network, local.id)).copied();
        let mut estimate = local.estimate;
        let mut confirmed = local.confirmed;
        let mut hits = local.hits;
        let mut networks = 1;
        let mut by_network: BTreeMap<usize, Vec<&LocalTrack<N>>> = BTreeMap::new();
        for o in others.iter().filter(|o| o.network != local.network) {
            by_network.entry(o.network).or_default().push(o);
        }
        for (_, candidates) in by_network {
            let already = candidates
                .iter()
                .find(|c| id.is_some() && self.members.get(&(c.network, c.id)) == id.as_ref());
            let partner = already.copied().or_else(|| {
                candidates
                    .iter()
                    .filter_map(|c| {
                        let diff = Gaussian::new(
                            local.estimate.mean - c.estimate.mean,
                            local.estimate.cov + c.estimate.cov,
                        );
                        diff.mahalanobis2(&nalgebra::SVector::<f64, N>::zeros())
                            .map(|d| (d, *c))
                    })
                    .filter(|(d, _)| *d <= gate)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, c)| c)
            });
            if let Some(p) = partner {
                if let Some(f) = covariance_intersection(&estimate, &p.estimate) {
                    estimate = f;
                    networks += 1;
                    confirmed |= p.confirmed;
                    hits += p.hits;
                    if id.is_none() {
                        id = self.members.get(&(p.network, p.id)).copied();
                    }
                    let fused_id = *id.get_or_insert_with(|| self.fresh());
                    self.members.insert((p.network, p.id), fused_id);
                }
            }
        }
        let id = *id.get_or_insert_with(|| self.fresh());
        self.members.insert((local.network, local.id), id);
        confirmed |= networks >= 2 && hits >= self.confirm_hits;
        FusedTrack {
            id,
            confirmed,
            estimate,
            networks,
        }
    }

    /// Forgets local tracks that were deleted.
    pub fn forget(&mut self, network: usize, local_id: u64) {
        self.members.remove(&(network, local_id));
    }

    fn fresh(&mut self) -> u64 {
        let id = self.next_id.max(1);
        self.next_id = id + 1;
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix2, Vector2};

    /// CI of two estimates with complementary information is tighter than each, contains both
    /// (consistency: P_ci ⪰ (A⁻¹ + B⁻¹)⁻¹, the optimistic independent fusion), and is symmetric.
    #[test]
    fn covariance_intersection_is_tighter_and_conservative() {
        let a = Gaussian::new(Vector2::new(0.0, 0.0), Matrix2::new(100.0, 0.0, 0.0, 1.0));
        let b = Gaussian::new(Vector2::new(1.0, 1.0), Matrix2::new(1.0, 0.0, 0.0, 100.0));
        let f = covariance_intersection(&a, &b).unwrap();
        assert!(f.cov.trace() < a.cov.trace() && f.cov.trace() < b.cov.trace());
        let independent = (a.cov.try_inverse().unwrap() + b.cov.try_inverse().unwrap())
            .try_inverse()
            .unwrap();
        let diff = f.cov - independent;
        assert!(diff.symmetric_eigenvalues().iter().all(|e| *e >= -1e-9));
        let g = covariance_intersection(&b, &a).unwrap();
        assert!((f.mean - g.mean).norm() < 1e-6 && (f.cov - g.cov).norm() < 1e-6);
    }

    #[test]
    fn fused_ids_are_stable_and_partners_share_them() {
        let g = Gaussian::new(Vector2::new(0.0, 0.0), Matrix2::identity() * 4.0);
        let mut node = FusionNode::new(0.999, 3);
        let a = LocalTrack {
            network: 0,
            id: 7,
            confirmed: false,
            hits: 2,
            estimate: g,
        };
        let b = LocalTrack {
            network: 1,
            id: 3,
            confirmed: false,
            hits: 2,
            estimate: Gaussian {
                mean: Vector2::new(1.0, 0.5),
                ..g
            },
        };
        let far = LocalTrack {
            network: 1,
            id: 4,
            confirmed: true,
            hits: 9,
            estimate: Gaussian {
                mean: Vector2::new(100.0, 0.0),
                ..g
            },
        };
        let f1 = node.fuse(&a, &[b, far]);
        assert_eq!(f1.networks, 2);
        assert!(f1.confirmed, "2 + 2 hits from two networks confirm");
        let f2 = node.fuse(&b, &[a]);
        assert_eq!(f1.id, f2.id);
        let f3 = node.fuse(&far, &[a]);
        assert_ne!(f3.id, f1.id);
        assert_eq!(f3.networks, 1);
    }
}
