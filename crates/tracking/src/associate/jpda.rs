//! Joint probabilistic data association: per cluster, the marginal probability β that each
//! detection (or none) is the track's.

use super::clusters::{Cluster, Clusters};
use super::{Association, AssociationParams, Associator, Pair, TrackWeights, unused_detections};

const NONE: usize = usize::MAX;

/// Joint probabilistic data association (Bar-Shalom, Daum & Huang 2009, "The probabilistic
/// data association filter", IEEE Control Systems 29(6), §JPDAF).
///
/// Per cluster, every feasible joint event (each track takes at most one of its gated
/// detections, each detection goes to at most one track) is enumerated track by track, with
/// probability ∝ Π_assigned (P_D g_ij / λ) · Π_missed (1 − P_D), and marginalised to β_ij (track
/// i takes detection j) and β_i0 (track i missed); the β of a track sum to 1. Computed in log
/// space with a running maximum, so tiny clutter densities or likelihoods do not overflow.
///
/// When a cluster has more than `max_hypotheses` joint events, it falls back to Fitzgerald's
/// "cheap JPDA" (Fitzgerald 1990, "Development of practical PDA logic for multitarget
/// tracking by microprocessor"), in likelihood-ratio form L_ij = P_D g_ij / ((1 − P_D) λ):
/// β_ij = L_ij / (1 + Σ_k L_ik + Σ_{t≠i} L_tj), β_i0 = 1 − Σ_j β_ij (> 0). It is exact for a track
/// that shares no detection (then it is the PDAF's β), and discounts a detection by the other
/// tracks' claims on it otherwise.
///
/// Degenerate parameters: P_D is clamped to [0, 1 − 1e-12] (NaN counts as 0), λ to at least
/// the smallest positive normal f64; a pair with zero or non-finite likelihood gets β = 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jpda {
    /// The most joint events enumerated exactly in one cluster (0: always the approximation).
    pub max_hypotheses: usize,
}

impl Default for Jpda {
    /// Exact up to 10,000 joint events per cluster.
    fn default() -> Self {
        Self {
            max_hypotheses: 10_000,
        }
    }
}

impl Associator for Jpda {
    fn associate(
        &self,
        n_tracks: usize,
        n_detections: usize,
        pairs: &[Pair],
        params: &AssociationParams,
    ) -> Association {
        let clusters = Clusters::new(n_tracks, n_detections, pairs);
        let pd = if params.pd.is_nan() {
            0.0
        } else {
            params.pd.clamp(0.0, 1.0 - 1e-12)
        };
        let lambda = if params.clutter_density >= f64::MIN_POSITIVE {
            params.clutter_density
        } else {
            f64::MIN_POSITIVE
        };
        // ln L = ln g + ln P_D − ln λ − ln(1 − P_D).
        let ln_ratio = pd.ln() - lambda.ln() - (1.0 - pd).ln();
        let ln_l = |p: &Pair| {
            if p.likelihood > 0.0 && p.likelihood.is_finite() {
                p.likelihood.ln() + ln_ratio
            } else {
                f64::NEG_INFINITY
            }
        };
        let mut claimed = vec![false; n_detections];
        let mut tracks = Vec::with_capacity(clusters.iter().map(|k| k.tracks.len()).sum());
        let mut s = Scratch::default();
        for cluster in clusters.iter() {
            s.prepare(&cluster, &clusters, pairs, &ln_l);
            let exact = self.max_hypotheses > 0 && s.enumerate(self.max_hypotheses);
            if !exact {
                s.cheap_jpda();
            }
            for &d in cluster.detections {
                claimed[d] = true;
            }
            let nt = cluster.tracks.len();
            for (t, &track) in cluster.tracks.iter().enumerate() {
                let (a, b) = (s.offsets[t], s.offsets[t + 1]);
                let detections = (a..b)
                    .map(|k| (pairs[cluster.pairs[k]].detection, s.beta[nt + k]))
                    .collect();
                tracks.push(TrackWeights {
                    track,
                    detections,
                    miss: s.beta[t],
                });
            }
        }
        tracks.sort_unstable_by_key(|w: &TrackWeights| w.track);
        Association {
            tracks,
            unused: unused_detections(n_detections, &claimed),
        }
    }
}

/// Buffers for one cluster, reused across clusters.
///
/// Options of local track t: 0 = missed, 1 + k for its k-th pair (the cluster's pairs are
/// sorted by track, so track t's are `offsets[t]..offsets[t + 1]` of them). `beta` holds the
/// nt "missed" weights, then one weight per cluster pair: see `slot`.
#[derive(Debug, Default)]
struct Scratch {
    /// Per local track, start of its pairs in the cluster's pair list (nt + 1 entries).
    offsets: Vec<usize>,
    /// Per cluster pair: local detection and ln L.
    det: Vec<usize>,
    ln_l: Vec<f64>,
    /// Output: β of track t missed at `beta[t]`, of cluster pair k at `beta[nt + k]`.
    beta: Vec<f64>,
    /// Enumeration state.
    choice: Vec<usize>,
    lw: Vec<f64>,
    used: Vec<bool>,
    /// Per local detection, the cluster pairs gating it (CSR), for the approximation.
    det_offsets: Vec<usize>,
    det_pairs: Vec<usize>,
}

impl Scratch {
    fn prepare(
        &mut self,
        cluster: &Cluster<'_>,
        clusters: &Clusters,
        pairs: &[Pair],
        ln_l: &impl Fn(&Pair) -> f64,
    ) {
        let nt = cluster.tracks.len();
        let nd = cluster.detections.len();
        self.offsets.clear();
        self.det.clear();
        self.ln_l.clear();
        let mut t = 0;
        self.offsets.push(0);
        for (k, &i) in cluster.pairs.iter().enumerate() {
            let p = &pairs[i];
            while cluster.tracks.get(t).is_some_and(|&tr| tr != p.track) {
                self.offsets.push(k);
                t += 1;
            }
            self.det
                .push(clusters.local_detection(p.detection).unwrap_or(0));
            self.ln_l.push(ln_l(p));
        }
        while self.offsets.len() < nt + 1 {
            self.offsets.push(cluster.pairs.len());
        }
        self.beta.clear();
        self.beta.resize(nt + cluster.pairs.len(), 0.0);
        self.used.clear();
        self.used.resize(nd, false);
    }

    /// Index in `beta` of option `option` (0 = missed) of local track `t`.
    fn slot(&self, t: usize, option: usize) -> usize {
        if option == 0 {
            t
        } else {
            self.offsets.len() - 1 + self.offsets[t] + option - 1
        }
    }

    /// Exact marginals by enumeration; false (β undefined) if there are more than `max` events.
    fn enumerate(&mut self, max: usize) -> bool {
        let nt = self.offsets.len() - 1;
        if nt == 0 {
            return true;
        }
        self.choice.clear();
        self.choice.resize(nt, NONE);
        self.lw.clear();
        self.lw.resize(nt + 1, 0.0);
        self.beta.fill(0.0);
        let mut total = 0.0_f64;
        // Event log-weights are relative to the all-missed event (ln weight 0) and shifted by
        // the largest seen so far: weights ≤ 1, total ≥ 1.
        let mut reference = 0.0_f64;
        let mut count = 0usize;
        let mut level = 0;
        loop {
            let deg = self.offsets[level + 1] - self.offsets[level];
            let current = self.choice[level];
            if current != NONE && current > 0 {
                let d = self.det[self.offsets[level] + current - 1];
                self.used[d] = false;
            }
            let mut next = if current == NONE { 0 } else { current + 1 };
            while next > 0 && next <= deg {
                let k = self.offsets[level] + next - 1;
                if !self.used[self.det[k]] && self.ln_l[k] > f64::NEG_INFINITY {
                    break;
                }
                next += 1;
            }
            if next > deg {
                self.choice[level] = NONE;
                if level == 0 {
                    break;
                }
                level -= 1;
                continue;
            }
            self.choice[level] = next;
            let gain = if next > 0 {
                let k = self.offsets[level] + next - 1;
                self.used[self.det[k]] = true;
                self.ln_l[k]
            } else {
                0.0
            };
            self.lw[level + 1] = self.lw[level] + gain;
            if level + 1 < nt {
                level += 1;
                self.choice[level] = NONE;
                continue;
            }
            // A complete joint event.
            count += 1;
            if count > max {
                return false;
            }
            let lw = self.lw[nt];
            if lw > reference {
                let scale = (reference - lw).exp();
                total *= scale;
                for b in &mut self.beta {
                    *b *= scale;
                }
                reference = lw;
            }
            let w = (lw - reference).exp();
            total += w;
            for t in 0..nt {
                let s = self.slot(t, self.choice[t]);
                self.beta[s] += w;
            }
        }
        for b in &mut self.beta {
            *b /= total;
        }
        true
    }

    /// Fitzgerald's cheap JPDA (see [`Jpda`]), in log space.
    fn cheap_jpda(&mut self) {
        let nt = self.offsets.len() - 1;
        let nd = self.used.len();
        // Detection → pairs (CSR).
        self.det_offsets.clear();
        self.det_offsets.resize(nd + 1, 0);
        for &d in &self.det {
            self.det_offsets[d + 1] += 1;
        }
        for d in 0..nd {
            self.det_offsets[d + 1] += self.det_offsets[d];
        }
        self.det_pairs.clear();
        self.det_pairs.resize(self.det.len(), 0);
        let mut next = self.det_offsets.clone();
        for (k, &d) in self.det.iter().enumerate() {
            self.det_pairs[next[d]] = k;
            next[d] += 1;
        }
        self.beta.fill(0.0);
        for t in 0..nt {
            let own = self.offsets[t]..self.offsets[t + 1];
            let mut sum = 0.0;
            for k in own.clone() {
                if self.ln_l[k] == f64::NEG_INFINITY {
                    continue;
                }
                let d = self.det[k];
                let others = self.det_pairs[self.det_offsets[d]..self.det_offsets[d + 1]]
                    .iter()
                    .filter(|&&k2| !own.contains(&k2));
                let terms = std::iter::once(0.0)
                    .chain(own.clone().map(|k2| self.ln_l[k2]))
                    .chain(others.map(|&k2| self.ln_l[k2]));
                let b = (self.ln_l[k] - log_sum_exp(terms)).exp();
                let s = self.slot(t, k - self.offsets[t] + 1);
                self.beta[s] = b;
                sum += b;
            }
            self.beta[t] = (1.0 - sum).max(0.0);
        }
    }
}

/// ln Σ exp(x) over finite-or-−∞ terms (−∞ if all are).
fn log_sum_exp(terms: impl Iterator<Item = f64> + Clone) -> f64 {
    let m = terms.clone().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + terms.map(|x| (x - m).exp()).sum::<f64>().ln()
}

impl Jpda {
    /// Every feasible joint event of a problem (test reference): per track, its detection.
    #[cfg(test)]
    pub(crate) fn enumerate_events(
        n_tracks: usize,
        n_detections: usize,
        pairs: &[Pair],
    ) -> Vec<Vec<Option<usize>>> {
        fn go(
            t: usize,
            nt: usize,
            pairs: &[Pair],
            used: &mut Vec<bool>,
            cur: &mut Vec<Option<usize>>,
            out: &mut Vec<Vec<Option<usize>>>,
        ) {
            if t == nt {
                out.push(cur.clone());
                return;
            }
            cur[t] = None;
            go(t + 1, nt, pairs, used, cur, out);
            for p in pairs.iter().filter(|p| p.track == t) {
                if !used[p.detection] {
                    used[p.detection] = true;
                    cur[t] = Some(p.detection);
                    go(t + 1, nt, pairs, used, cur, out);
                    used[p.detection] = false;
                }
            }
            cur[t] = None;
        }
        let mut out = Vec::new();
        go(
            0,
            n_tracks,
            pairs,
            &mut vec![false; n_detections],
            &mut vec![None; n_tracks],
            &mut out,
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn pair(track: usize, detection: usize, likelihood: f64) -> Pair {
        Pair {
            track,
            detection,
            cost: -likelihood.ln(),
            likelihood,
        }
    }

    fn params(pd: f64, lambda: f64) -> AssociationParams {
        AssociationParams {
            pd,
            clutter_density: lambda,
            miss_cost: 0.0,
        }
    }

    fn beta(a: &Association, track: usize, detection: Option<usize>) -> f64 {
        let w = a.tracks.iter().find(|w| w.track == track).unwrap();
        match detection {
            None => w.miss,
            Some(d) => w.detections.iter().find(|x| x.0 == d).unwrap().1,
        }
    }

    fn assert_rows_sum_to_one(a: &Association) {
        for w in &a.tracks {
            let s: f64 = w.miss + w.detections.iter().map(|x| x.1).sum::<f64>();
            assert!((s - 1.0).abs() < 1e-12, "track {}: Σβ = {s}", w.track);
            assert!(w.miss >= 0.0 && w.detections.iter().all(|x| x.1 >= 0.0));
        }
    }

    /// Two tracks, two detections, all four pairs gated; P_D = 0.5, λ = 1 so that L = g:
    /// g1a = 2, g1b = 1, g2a = 1, g2b = 0.5. Events (÷ Π(1 − P_D)): ∅ 1; 1a 2; 1b 1; 2a 1;
    /// 2b 0.5; 1a2b 1; 1b2a 1; Z = 7.5. β1a = (2 + 1)/7.5 = 0.4, β1b = (1 + 1)/7.5, β10 =
    /// (1 + 1 + 0.5)/7.5; β2a = (1 + 1)/7.5, β2b = (0.5 + 1)/7.5 = 0.2, β20 = (1 + 2 + 1)/7.5.
    #[test]
    fn hand_computed_two_by_two() {
        let pairs = [
            pair(0, 0, 2.0),
            pair(0, 1, 1.0),
            pair(1, 0, 1.0),
            pair(1, 1, 0.5),
        ];
        let a = Jpda::default().associate(2, 2, &pairs, &params(0.5, 1.0));
        let expect = [
            (0, Some(0), 3.0 / 7.5),
            (0, Some(1), 2.0 / 7.5),
            (0, None, 2.5 / 7.5),
            (1, Some(0), 2.0 / 7.5),
            (1, Some(1), 1.5 / 7.5),
            (1, None, 4.0 / 7.5),
        ];
        for (t, d, b) in expect {
            assert!(
                (beta(&a, t, d) - b).abs() < 1e-15,
                "β({t}, {d:?}) = {} ≠ {b}",
                beta(&a, t, d)
            );
        }
        assert_rows_sum_to_one(&a);
        assert!(a.unused.is_empty());
        // Fitzgerald's cheap JPDA on the same problem: β1a = 2 / (1 + 3 + 1) = 0.4,
        // β1b = 1 / (1 + 3 + 0.5), β10 = 1 − 0.4 − 1/4.5.
        let c = Jpda { max_hypotheses: 0 }.associate(2, 2, &pairs, &params(0.5, 1.0));
        assert!((beta(&c, 0, Some(0)) - 0.4).abs() < 1e-15);
        assert!((beta(&c, 0, Some(1)) - 1.0 / 4.5).abs() < 1e-15);
        assert!((beta(&c, 0, None) - (0.6 - 1.0 / 4.5)).abs() < 1e-15);
        assert_rows_sum_to_one(&c);
    }

    /// One track is the PDAF: β_j = L_j / (1 + Σ L), exactly and in the approximation.
    #[test]
    fn single_track_is_pdaf() {
        let (pd, lambda) = (0.9, 1e-3);
        let pairs = [pair(0, 1, 2e-3), pair(0, 3, 5e-4), pair(0, 4, 1e-5)];
        let l: Vec<f64> = pairs
            .iter()
            .map(|p| pd * p.likelihood / (lambda * (1.0 - pd)))
            .collect();
        let z = 1.0 + l.iter().sum::<f64>();
        for jpda in [Jpda::default(), Jpda { max_hypotheses: 0 }] {
            let a = jpda.associate(1, 5, &pairs, &params(pd, lambda));
            for (p, li) in pairs.iter().zip(&l) {
                assert!((beta(&a, 0, Some(p.detection)) - li / z).abs() < 1e-14);
            }
            assert!((beta(&a, 0, None) - 1.0 / z).abs() < 1e-14);
            assert_eq!(a.unused, vec![0, 2]);
        }
    }

    /// Random clusters: β from the track-oriented enumeration equals a direct, independent
    /// marginalisation over all events (recursive enumeration, linear space), rows sum to 1.
    #[test]
    fn matches_brute_force_marginals() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        for _ in 0..200 {
            let nt = rng.random_range(1..=5);
            let nd = rng.random_range(1..=5);
            let (pd, lambda) = (
                rng.random_range(0.3..0.99),
                10f64.powf(rng.random_range(-3.0..0.0)),
            );
            let mut pairs = Vec::new();
            for t in 0..nt {
                for d in 0..nd {
                    if rng.random::<f64>() < 0.6 {
                        pairs.push(pair(t, d, 10f64.powf(rng.random_range(-3.0..0.0))));
                    }
                }
            }
            let a = Jpda::default().associate(nt, nd, &pairs, &params(pd, lambda));
            assert_rows_sum_to_one(&a);
            let events = Jpda::enumerate_events(nt, nd, &pairs);
            let weight = |e: &[Option<usize>]| -> f64 {
                e.iter()
                    .enumerate()
                    .map(|(t, d)| match d {
                        Some(d) => {
                            pd * pairs
                                .iter()
                                .find(|p| p.track == t && p.detection == *d)
                                .unwrap()
                                .likelihood
                                / lambda
                        }
                        None => 1.0 - pd,
                    })
                    .product()
            };
            let z: f64 = events.iter().map(|e| weight(e)).sum();
            for w in &a.tracks {
                let miss: f64 = events
                    .iter()
                    .filter(|e| e[w.track].is_none())
                    .map(|e| weight(e))
                    .sum::<f64>()
                    / z;
                assert!((w.miss - miss).abs() < 1e-12);
                for &(d, b) in &w.detections {
                    let m: f64 = events
                        .iter()
                        .filter(|e| e[w.track] == Some(d))
                        .map(|e| weight(e))
                        .sum::<f64>()
                        / z;
                    assert!((b - m).abs() < 1e-12, "{b} vs {m}");
                }
            }
            // The approximation is a distribution too.
            assert_rows_sum_to_one(&Jpda { max_hypotheses: 0 }.associate(
                nt,
                nd,
                &pairs,
                &params(pd, lambda),
            ));
        }
    }

    /// A cluster too large to enumerate (a chain of 60 tracks: ~1e27 events) falls back to
    /// the approximation quickly; a smaller limit than the event count does too.
    #[test]
    fn large_cluster_falls_back() {
        let mut pairs = Vec::new();
        for t in 0..60 {
            pairs.push(pair(t, t, 0.5));
            pairs.push(pair(t, t + 1, 0.3));
        }
        let a = Jpda::default().associate(60, 61, &pairs, &params(0.9, 0.1));
        assert_eq!(a.tracks.len(), 60);
        assert_rows_sum_to_one(&a);
        let approx = Jpda { max_hypotheses: 0 }.associate(60, 61, &pairs, &params(0.9, 0.1));
        assert_eq!(a, approx);
        // 2×2 has 7 events: a limit of 6 falls back, 7 is exact.
        let small = [
            pair(0, 0, 2.0),
            pair(0, 1, 1.0),
            pair(1, 0, 1.0),
            pair(1, 1, 0.5),
        ];
        let p = params(0.5, 1.0);
        assert_eq!(
            Jpda { max_hypotheses: 6 }.associate(2, 2, &small, &p),
            Jpda { max_hypotheses: 0 }.associate(2, 2, &small, &p)
        );
        assert_eq!(
            Jpda { max_hypotheses: 7 }.associate(2, 2, &small, &p),
            Jpda::default().associate(2, 2, &small, &p)
        );
    }

    #[test]
    fn degenerate_parameters() {
        let pairs = [
            pair(0, 0, 2.0),
            pair(0, 1, 1.0),
            pair(1, 0, 1.0),
            pair(1, 1, 0.5),
        ];
        for jpda in [Jpda::default(), Jpda { max_hypotheses: 0 }] {
            for (pd, lambda) in [
                (1.0, 1.0),
                (0.9, 0.0),
                (0.0, 1.0),
                (f64::NAN, f64::NAN),
                (0.9, 1e-300),
                (0.9, f64::INFINITY),
            ] {
                let a = jpda.associate(2, 2, &pairs, &params(pd, lambda));
                assert_rows_sum_to_one(&a);
            }
            // P_D = 0: all missed.
            let a = jpda.associate(2, 2, &pairs, &params(0.0, 1.0));
            assert!(a.tracks.iter().all(|w| w.miss == 1.0));
            // Zero, NaN and infinite likelihoods get β = 0.
            let odd = [0.0, f64::NAN, f64::INFINITY].map(|likelihood| Pair {
                track: 0,
                detection: 0,
                cost: 1.0,
                likelihood,
            });
            let odd = [
                odd[0],
                Pair {
                    detection: 1,
                    ..odd[1]
                },
                Pair {
                    detection: 2,
                    ..odd[2]
                },
            ];
            let a = jpda.associate(1, 3, &odd, &params(0.9, 1.0));
            assert_rows_sum_to_one(&a);
            assert_eq!(a.tracks[0].miss, 1.0);
        }
        // Tiny λ: the two full events dominate (2·0.5 vs 1·1: equally likely).
        let a = Jpda::default().associate(2, 2, &pairs, &params(0.9, 1e-300));
        assert!(a.tracks.iter().all(|w| w.miss < 1e-12));
        assert!((beta(&a, 0, Some(0)) - 0.5).abs() < 1e-12);
        let a = Jpda::default().associate(0, 3, &[], &params(0.9, 1.0));
        assert_eq!(
            a,
            Association {
                tracks: vec![],
                unused: vec![0, 1, 2]
            }
        );
    }
}
