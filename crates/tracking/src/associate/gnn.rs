//! Global nearest neighbour: per cluster, the assignment of detections to tracks that minimises
//! Σ pair cost + miss_cost × (unassigned tracks), solved exactly.

use super::assignment::AssignmentSolver;
use super::clusters::{Cluster, Clusters};
use super::{Association, AssociationParams, Associator, Pair, TrackWeights, unused_detections};

/// Global nearest neighbour association: weights 0/1 from the optimal assignment in each
/// cluster, minimising Σ [`Pair::cost`] over assigned pairs plus
/// [`AssociationParams::miss_cost`] per unassigned track. With
/// [`AssociationParams::new`] this is the most probable joint association event.
///
/// Clusters of one track or one detection (the common case) are decided directly; larger ones
/// by [`AssignmentSolver`] on a tracks × (detections + tracks) matrix whose extra columns are
/// the tracks' "missed" options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gnn;

impl Associator for Gnn {
    fn associate(
        &self,
        n_tracks: usize,
        n_detections: usize,
        pairs: &[Pair],
        params: &AssociationParams,
    ) -> Association {
        let clusters = Clusters::new(n_tracks, n_detections, pairs);
        let mut solver = AssignmentSolver::new();
        let mut scratch = Scratch::default();
        let mut claimed = vec![false; n_detections];
        let mut tracks = Vec::with_capacity(clusters.iter().map(|k| k.tracks.len()).sum());
        for cluster in clusters.iter() {
            solve_cluster(
                &cluster,
                &clusters,
                pairs,
                params.miss_cost,
                &mut solver,
                &mut scratch,
            );
            // Pairs are sorted by (track, detection): one run per track.
            let mut start = 0;
            for (local, &track) in cluster.tracks.iter().enumerate() {
                let mut end = start;
                while end < cluster.pairs.len() && pairs[cluster.pairs[end]].track == track {
                    end += 1;
                }
                let chosen = scratch
                    .assigned
                    .get(local)
                    .copied()
                    .flatten()
                    .and_then(|c| cluster.detections.get(c).copied());
                if let Some(d) = chosen {
                    claimed[d] = true;
                }
                let detections = cluster.pairs[start..end]
                    .iter()
                    .map(|&i| {
                        let d = pairs[i].detection;
                        (d, if Some(d) == chosen { 1.0 } else { 0.0 })
                    })
                    .collect();
                tracks.push(TrackWeights {
                    track,
                    detections,
                    miss: if chosen.is_some() { 0.0 } else { 1.0 },
                });
                start = end;
            }
        }
        tracks.sort_unstable_by_key(|w: &TrackWeights| w.track);
        Association {
            tracks,
            unused: unused_detections(n_detections, &claimed),
        }
    }
}

/// Buffers reused across clusters.
#[derive(Debug, Default)]
struct Scratch {
    /// Per local track: the local detection assigned, if any.
    assigned: Vec<Option<usize>>,
    matrix: Vec<f64>,
    result: Vec<Option<usize>>,
}

/// Fills `scratch.assigned` for one cluster.
fn solve_cluster(
    cluster: &Cluster<'_>,
    clusters: &Clusters,
    pairs: &[Pair],
    miss_cost: f64,
    solver: &mut AssignmentSolver,
    scratch: &mut Scratch,
) {
    let (nt, nd) = (cluster.tracks.len(), cluster.detections.len());
    scratch.assigned.clear();
    scratch.assigned.resize(nt, None);
    if miss_cost == f64::NEG_INFINITY {
        return;
    }
    let local = |i: usize| {
        let p = &pairs[i];
        (
            clusters.local_track(p.track).unwrap_or(0),
            clusters.local_detection(p.detection).unwrap_or(0),
            p.cost,
        )
    };
    let (lo, hi) = cluster
        .pairs
        .iter()
        .map(|&i| pairs[i].cost)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c), hi.max(c))
        });
    // "Assign as many as possible": a miss costs more than any reorganisation of the pairs.
    let miss = if miss_cost.is_nan() || miss_cost == f64::INFINITY {
        hi + (nt.min(nd) as f64 + 1.0) * (hi - lo + hi.abs() + 1.0)
    } else {
        miss_cost
    };
    if nt == 1 || nd == 1 {
        // One track: its cheapest detection; one detection: its cheapest track.
        let best = cluster.pairs.iter().map(|&i| local(i)).fold(
            None,
            |best: Option<(usize, usize, f64)>, x| match best {
                Some(b) if b.2 <= x.2 => Some(b),
                _ => Some(x),
            },
        );
        if let Some((t, d, c)) = best
            && c < miss
        {
            scratch.assigned[t] = Some(d);
        }
        return;
    }
    let cols = nd + nt;
    scratch.matrix.clear();
    scratch.matrix.resize(nt * cols, f64::INFINITY);
    for &i in cluster.pairs {
        let (t, d, c) = local(i);
        scratch.matrix[t * cols + d] = c;
    }
    for t in 0..nt {
        scratch.matrix[t * cols + nd + t] = miss;
    }
    solver.solve(&scratch.matrix, nt, cols, &mut scratch.result);
    for (t, r) in scratch.result.iter().enumerate() {
        scratch.assigned[t] = r.filter(|&c| c < nd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::associate::{Jpda, min_cost_assignment};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn pair(track: usize, detection: usize, cost: f64) -> Pair {
        Pair {
            track,
            detection,
            cost,
            likelihood: (-cost).exp(),
        }
    }

    fn assigned(a: &Association) -> Vec<(usize, Option<usize>)> {
        a.tracks
            .iter()
            .map(|w| (w.track, w.best().map(|(d, _)| d)))
            .collect()
    }

    fn params(miss: f64) -> AssociationParams {
        AssociationParams {
            pd: 0.9,
            clutter_density: 1e-6,
            miss_cost: miss,
        }
    }

    /// Greedy nearest neighbour gives track 0 its nearest detection (cost 1), leaving track 1
    /// the expensive one (10): 11. The optimum crosses: 2 + 3 = 5.
    #[test]
    fn optimal_where_greedy_fails() {
        let pairs = [
            pair(0, 0, 1.0),
            pair(0, 1, 2.0),
            pair(1, 0, 3.0),
            pair(1, 1, 10.0),
        ];
        let a = Gnn.associate(2, 2, &pairs, &params(100.0));
        assert_eq!(assigned(&a), vec![(0, Some(1)), (1, Some(0))]);
        assert!(a.unused.is_empty());
        assert_eq!(a.tracks[0].detections, vec![(0, 0.0), (1, 1.0)]);
        assert_eq!(a.tracks[0].miss, 0.0);
    }

    #[test]
    fn unassigned_at_miss_cost() {
        // Alone, a pair is taken iff cheaper than the miss cost.
        let a = Gnn.associate(1, 1, &[pair(0, 0, 4.0)], &params(5.0));
        assert_eq!(assigned(&a), vec![(0, Some(0))]);
        let a = Gnn.associate(1, 1, &[pair(0, 0, 6.0)], &params(5.0));
        assert_eq!(assigned(&a), vec![(0, None)]);
        assert_eq!(a.tracks[0].miss, 1.0);
        assert_eq!(a.unused, vec![0]);
        // Two tracks want one detection, the other's alternative costs more than missing:
        // t0: d0 = 1, d1 = 9; t1: d0 = 2. Miss 5: t1 takes d0 (2 + 5 = 7 < 1 + 5 … no: compare
        // t0→d0 & t1 missed = 1 + 5 = 6 vs t1→d0 & t0 missed = 2 + 5 = 7 vs t0→d1 & t1→d0 = 11).
        let pairs = [pair(0, 0, 1.0), pair(0, 1, 9.0), pair(1, 0, 2.0)];
        let a = Gnn.associate(2, 2, &pairs, &params(5.0));
        assert_eq!(assigned(&a), vec![(0, Some(0)), (1, None)]);
        assert_eq!(a.unused, vec![1]);
        // With a larger miss cost both are assigned (9 + 2 = 11 < 1 + 20).
        let a = Gnn.associate(2, 2, &pairs, &params(20.0));
        assert_eq!(assigned(&a), vec![(0, Some(1)), (1, Some(0))]);
        // +∞ and NaN: as many as possible; −∞: none.
        for m in [f64::INFINITY, f64::NAN] {
            assert_eq!(
                assigned(&Gnn.associate(2, 2, &pairs, &params(m))),
                vec![(0, Some(1)), (1, Some(0))]
            );
        }
        let a = Gnn.associate(2, 2, &pairs, &params(f64::NEG_INFINITY));
        assert_eq!(assigned(&a), vec![(0, None), (1, None)]);
        assert_eq!(a.unused, vec![0, 1]);
    }

    /// Two far-apart groups solved together give the same answer as each alone.
    #[test]
    fn clusters_are_independent() {
        let g1 = [
            pair(0, 0, 1.0),
            pair(0, 1, 2.0),
            pair(1, 0, 3.0),
            pair(1, 1, 10.0),
        ];
        let g2 = [
            pair(0, 0, 5.0),
            pair(1, 0, 1.0),
            pair(1, 1, 1.5),
            pair(2, 1, 1.0),
        ];
        let mut both: Vec<Pair> = g1.to_vec();
        both.extend(g2.iter().map(|p| Pair {
            track: p.track + 2,
            detection: p.detection + 3,
            ..*p
        }));
        let a = Gnn.associate(5, 5, &both, &params(50.0));
        let a1 = Gnn.associate(2, 2, &g1, &params(50.0));
        let a2 = Gnn.associate(3, 2, &g2, &params(50.0));
        let mut expected = assigned(&a1);
        expected.extend(
            assigned(&a2)
                .into_iter()
                .map(|(t, d)| (t + 2, d.map(|d| d + 3))),
        );
        assert_eq!(assigned(&a), expected);
        assert_eq!(a.unused, vec![2]);
    }

    fn total_cost(a: &Association, pairs: &[Pair], miss: f64) -> f64 {
        a.tracks
            .iter()
            .map(|w| match w.best() {
                Some((d, _)) => pairs
                    .iter()
                    .filter(|p| p.track == w.track && p.detection == d)
                    .map(|p| p.cost)
                    .fold(f64::INFINITY, f64::min),
                None => miss,
            })
            .sum()
    }

    /// Random sparse problems: GNN's total equals the optimum of one unclustered assignment
    /// over the whole augmented matrix (200 cases up to 30 × 30), and, for n ≤ 6, exhaustive
    /// enumeration of joint events via JPDA's MAP event (same likelihood).
    #[test]
    fn matches_unclustered_reference() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for case in 0..200 {
            let nt = rng.random_range(0..=30);
            let nd = rng.random_range(0..=30);
            let density = rng.random_range(0.02..0.3);
            let miss = rng.random_range(1.0..10.0);
            let mut pairs = Vec::new();
            for t in 0..nt {
                for d in 0..nd {
                    if rng.random::<f64>() < density {
                        pairs.push(pair(t, d, rng.random_range(0.0..12.0)));
                    }
                }
            }
            let a = Gnn.associate(nt, nd, &pairs, &params(miss));
            // Reference: tracks × (detections + tracks), unclustered.
            let cols = nd + nt;
            let mut m = vec![f64::INFINITY; nt * cols];
            for p in &pairs {
                m[p.track * cols + p.detection] = p.cost;
            }
            for t in 0..nt {
                m[t * cols + nd + t] = miss;
            }
            let r = min_cost_assignment(&m, nt, cols);
            let reference: f64 = r
                .iter()
                .enumerate()
                .map(|(t, c)| c.map_or(f64::INFINITY, |c| m[t * cols + c]))
                .sum();
            let tracked: f64 = total_cost(&a, &pairs, miss)
                + (0..nt)
                    .filter(|t| !a.tracks.iter().any(|w| w.track == *t))
                    .count() as f64
                    * miss;
            assert!(
                (tracked - reference).abs() < 1e-9,
                "case {case}: {tracked} vs {reference}"
            );
            // Consistency of the output.
            let claimed: usize = a.tracks.iter().filter(|w| w.best().is_some()).count();
            assert_eq!(claimed + a.unused.len(), nd);
        }
    }

    /// GNN picks the most probable joint event of the JPDA likelihood: with
    /// [`AssociationParams::new`] its assignment has the highest event probability among all
    /// enumerated (checked by brute force over events, n ≤ 5).
    #[test]
    fn gnn_is_the_map_joint_event() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..200 {
            let nt = rng.random_range(1..=5);
            let nd = rng.random_range(1..=5);
            let params = AssociationParams::new(
                rng.random_range(0.5..0.99),
                10f64.powf(rng.random_range(-4.0..-1.0)),
                2,
            );
            let mut pairs = Vec::new();
            for t in 0..nt {
                for d in 0..nd {
                    if rng.random::<f64>() < 0.6 {
                        pairs.push(Pair::new(
                            t,
                            d,
                            rng.random_range(0.0..9.0),
                            rng.random_range(-2.0..2.0),
                            2,
                        ));
                    }
                }
            }
            let a = Gnn.associate(nt, nd, &pairs, &params);
            let ln_p = |assign: &[Option<usize>]| -> f64 {
                assign
                    .iter()
                    .enumerate()
                    .map(|(t, d)| match d {
                        Some(d) => {
                            let p = pairs
                                .iter()
                                .find(|p| p.track == t && p.detection == *d)
                                .unwrap();
                            (params.pd * p.likelihood / params.clutter_density).ln()
                        }
                        None => (1.0 - params.pd).ln(),
                    })
                    .sum()
            };
            let mut gnn = vec![None; nt];
            for w in &a.tracks {
                gnn[w.track] = w.best().map(|(d, _)| d);
            }
            let best = Jpda::enumerate_events(nt, nd, &pairs)
                .into_iter()
                .map(|e| ln_p(&e))
                .fold(f64::NEG_INFINITY, f64::max);
            assert!((ln_p(&gnn) - best).abs() < 1e-9, "{} vs {best}", ln_p(&gnn));
        }
    }

    #[test]
    fn degenerate_inputs() {
        let p = params(5.0);
        assert_eq!(Gnn.associate(0, 0, &[], &p), Association::default());
        assert_eq!(Gnn.associate(3, 2, &[], &p).unused, vec![0, 1]);
        assert!(Gnn.associate(3, 2, &[], &p).tracks.is_empty());
        // Out-of-range and NaN pairs are ignored.
        let a = Gnn.associate(
            1,
            1,
            &[pair(0, 0, f64::NAN), pair(0, 5, 1.0), pair(4, 0, 1.0)],
            &p,
        );
        assert_eq!(
            a,
            Association {
                tracks: vec![],
                unused: vec![0]
            }
        );
    }
}
