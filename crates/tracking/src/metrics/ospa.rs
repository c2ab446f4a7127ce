//! OSPA and GOSPA: distances between two finite sets of points (e.g. true and estimated
//! positions at one time) that penalise both localisation error and cardinality error.
//!
//! - OSPA (Schuhmacher, Vo & Vo 2008, "A consistent metric for performance evaluation of
//!   multi-object filters", IEEE TSP 56(8)), for |X| = m ≤ n = |Y|:
//!   d̄ = ( (1/n) (min_π Σᵢ d⁽ᶜ⁾(xᵢ, y_π(i))ᵖ + cᵖ (n − m)) )^{1/p}, d⁽ᶜ⁾ = min(c, d).
//! - GOSPA with α = 2 (Rahmathullah, García-Fernández & Svensson 2017, "Generalized optimal
//!   sub-pattern assignment metric", FUSION), as an optimisation over partial assignments γ:
//!   d = ( min_γ Σ_{(i,j)∈γ} d(xᵢ, yⱼ)ᵖ + (cᵖ/2)(|X| + |Y| − 2|γ|) )^{1/p},
//!   which splits into localisation, missed (unassigned truths) and false (unassigned
//!   estimates) terms.
//!
//! Both are computed with the optimal assignment of [`crate::associate::min_cost_assignment`]
//! on cut-off costs min(d, c)ᵖ. Parameters: cut-off `c` > 0 and order `p` ≥ 1 (finite);
//! otherwise the results are NaN. A NaN distance counts as "farther than c".

use crate::associate::min_cost_assignment;

/// An OSPA distance and its two parts (all in the units of the points; distanceᵖ =
/// localisationᵖ + cardinalityᵖ).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ospa {
    /// The OSPA distance, in [0, c].
    pub distance: f64,
    /// Localisation part: ((1/n) min_π Σ d⁽ᶜ⁾ᵖ)^{1/p}.
    pub localisation: f64,
    /// Cardinality part: (cᵖ (n − m) / n)^{1/p}.
    pub cardinality: f64,
}

/// A GOSPA distance (α = 2) and its decomposition. As in Stone Soup's `GOSPAMetric`, the
/// parts are in the p-th power: distance = (localisation + missed + false)^{1/p}.
#[derive(Debug, Clone, PartialEq)]
pub struct Gospa {
    /// The GOSPA distance.
    pub distance: f64,
    /// Σ dᵖ over assigned pairs (those closer than c).
    pub localisation: f64,
    /// (cᵖ/2) × the number of unassigned truths.
    pub missed: f64,
    /// (cᵖ/2) × the number of unassigned estimates.
    pub false_: f64,
    /// Pairs (truth index, estimate index) assigned, ascending by truth.
    pub assignment: Vec<(usize, usize)>,
}

/// OSPA between two point sets in Rᴰ (Euclidean distance), cut-off `c`, order `p`.
/// Symmetric; 0 when both are empty, c when exactly one is.
pub fn ospa<const D: usize>(x: &[[f64; D]], y: &[[f64; D]], c: f64, p: f64) -> Ospa {
    let (m, n) = (x.len(), y.len());
    ospa_from_distances(&distances(x, y), m, n, c, p)
}

/// OSPA from a row-major `m` × `n` matrix of base distances between the elements of the two
/// sets (any metric: e.g. Mahalanobis or Hellinger between estimates).
pub fn ospa_from_distances(dist: &[f64], m: usize, n: usize, c: f64, p: f64) -> Ospa {
    let nan = Ospa {
        distance: f64::NAN,
        localisation: f64::NAN,
        cardinality: f64::NAN,
    };
    if !valid(c, p) {
        return nan;
    }
    let big = m.max(n);
    if big == 0 {
        return Ospa {
            distance: 0.0,
            localisation: 0.0,
            cardinality: 0.0,
        };
    }
    let costs = cut_costs(dist, m, n, c, p);
    let assign = min_cost_assignment(&costs, m, n);
    let small = m.min(n);
    let loc_sum: f64 = assign
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| costs[i * n + j]))
        .sum();
    // Any row (or column) the solver left out counts as a cut-off pair (cannot happen: all
    // costs are finite).
    let assigned = assign.iter().flatten().count();
    let loc_sum = loc_sum + c.powf(p) * (small - assigned) as f64;
    let card_sum = c.powf(p) * (big - small) as f64;
    let nn = big as f64;
    Ospa {
        distance: ((loc_sum + card_sum) / nn).powf(1.0 / p),
        localisation: (loc_sum / nn).powf(1.0 / p),
        cardinality: (card_sum / nn).powf(1.0 / p),
    }
}

/// GOSPA (α = 2) between truths `x` and estimates `y` in Rᴰ, cut-off `c`, order `p`.
/// Symmetric in its distance (missed and false swap); 0 when both are empty.
pub fn gospa<const D: usize>(x: &[[f64; D]], y: &[[f64; D]], c: f64, p: f64) -> Gospa {
    gospa_from_distances(&distances(x, y), x.len(), y.len(), c, p)
}

/// GOSPA (α = 2) from a row-major `m` (truths) × `n` (estimates) matrix of base distances.
pub fn gospa_from_distances(dist: &[f64], m: usize, n: usize, c: f64, p: f64) -> Gospa {
    if !valid(c, p) {
        return Gospa {
            distance: f64::NAN,
            localisation: f64::NAN,
            missed: f64::NAN,
            false_: f64::NAN,
            assignment: Vec::new(),
        };
    }
    let half = 0.5 * c.powf(p);
    let costs = cut_costs(dist, m, n, c, p);
    let assign = min_cost_assignment(&costs, m, n);
    let mut localisation = 0.0;
    let mut assignment = Vec::new();
    for (i, j) in assign.iter().enumerate() {
        // A pair at the cut-off is no better than a miss plus a false estimate: not assigned.
        if let Some(j) = *j
            && dist_at(dist, i, j, n) < c
        {
            localisation += costs[i * n + j];
            assignment.push((i, j));
        }
    }
    let k = assignment.len();
    let missed = half * (m - k) as f64;
    let false_ = half * (n - k) as f64;
    Gospa {
        distance: (localisation + missed + false_).powf(1.0 / p),
        localisation,
        missed,
        false_,
        assignment,
    }
}

fn valid(c: f64, p: f64) -> bool {
    c > 0.0 && c.is_finite() && p >= 1.0 && p.is_finite()
}

/// The base distance (i, j); NaN or missing counts as +∞.
fn dist_at(dist: &[f64], i: usize, j: usize, n: usize) -> f64 {
    dist.get(i * n + j)
        .copied()
        .filter(|d| !d.is_nan())
        .unwrap_or(f64::INFINITY)
}

/// min(d, c)ᵖ for every pair.
fn cut_costs(dist: &[f64], m: usize, n: usize, c: f64, p: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            out.push(dist_at(dist, i, j, n).abs().min(c).powf(p));
        }
    }
    out
}

/// Euclidean distances, row-major |x| × |y|.
fn distances<const D: usize>(x: &[[f64; D]], y: &[[f64; D]]) -> Vec<f64> {
    x.iter()
        .flat_map(|a| {
            y.iter().map(move |b| {
                a.iter()
                    .zip(b)
                    .map(|(u, v)| (u - v) * (u - v))
                    .sum::<f64>()
                    .sqrt()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    /// X = {0, 10} on a line, Y = {1, 30, 31}; c = 5, p = 2. Best: 0↔1 (d = 1), 10 ↔ 30 or 31
    /// cut to 5. OSPA² = (1 + 25 + 25·(3 − 2)) / 3 = 17, localisation² = 26/3,
    /// cardinality² = 25/3. GOSPA: 0↔1 assigned, 10 missed, 30 and 31 false:
    /// 1 + 12.5 + 25 = 38.5.
    #[test]
    fn hand_computed_values() {
        let x = [[0.0, 0.0, 0.0], [10.0, 0.0, 0.0]];
        let y = [[1.0, 0.0, 0.0], [30.0, 0.0, 0.0], [31.0, 0.0, 0.0]];
        let o = ospa(&x, &y, 5.0, 2.0);
        assert!(close(o.distance, 17f64.sqrt(), 1e-15));
        assert!(close(o.localisation, (26.0 / 3.0f64).sqrt(), 1e-15));
        assert!(close(o.cardinality, (25.0 / 3.0f64).sqrt(), 1e-15));
        let g = gospa(&x, &y, 5.0, 2.0);
        assert!(close(g.distance, 38.5f64.sqrt(), 1e-15));
        assert_eq!((g.localisation, g.missed, g.false_), (1.0, 12.5, 25.0));
        assert_eq!(g.assignment, vec![(0, 0)]);
        // p = 1, 2-D: X = {(0,0), (3,4)}, Y = {(0,1), (3,0)}: pairs 1 + 4 = 5 vs 3 + √(9+9)…
        // d(x0,y0) = 1, d(x1,y1) = 4; d(x0,y1) = 3, d(x1,y0) = √18 ≈ 4.24: best 5, OSPA 2.5.
        let o = ospa(
            &[[0.0, 0.0], [3.0, 4.0]],
            &[[0.0, 1.0], [3.0, 0.0]],
            10.0,
            1.0,
        );
        assert!(close(o.distance, 2.5, 1e-15));
        assert_eq!(o.cardinality, 0.0);
    }

    #[test]
    fn empty_sets() {
        let e: [[f64; 3]; 0] = [];
        let y = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        assert_eq!(ospa(&e, &e, 5.0, 2.0).distance, 0.0);
        assert_eq!(ospa(&e, &y, 5.0, 2.0).distance, 5.0);
        assert_eq!(ospa(&y, &e, 5.0, 2.0).distance, 5.0);
        assert_eq!(ospa(&y, &e, 5.0, 2.0).localisation, 0.0);
        let g = gospa(&e, &y, 5.0, 2.0);
        assert_eq!((g.distance, g.missed, g.false_), (25f64.sqrt(), 0.0, 25.0));
        let g = gospa(&y, &e, 5.0, 2.0);
        assert_eq!((g.missed, g.false_), (25.0, 0.0));
        assert_eq!(gospa(&e, &e, 5.0, 1.0).distance, 0.0);
    }

    #[test]
    fn invalid_parameters_and_nan_distances() {
        let x = [[0.0, 0.0, 0.0]];
        for (c, p) in [
            (0.0, 2.0),
            (-1.0, 2.0),
            (f64::NAN, 2.0),
            (f64::INFINITY, 2.0),
            (5.0, 0.5),
            (5.0, f64::NAN),
            (5.0, f64::INFINITY),
        ] {
            assert!(ospa(&x, &x, c, p).distance.is_nan());
            assert!(gospa(&x, &x, c, p).distance.is_nan());
        }
        // A NaN point is farther than c from everything.
        let nan = [[f64::NAN, 0.0, 0.0]];
        assert_eq!(ospa(&x, &nan, 5.0, 1.0).distance, 5.0);
        let g = gospa(&x, &nan, 5.0, 1.0);
        assert_eq!((g.missed, g.false_, g.localisation), (2.5, 2.5, 0.0));
        // Short distance matrices: missing entries likewise.
        assert_eq!(
            ospa_from_distances(&[1.0], 2, 2, 5.0, 1.0).distance,
            (1.0 + 5.0) / 2.0
        );
    }

    fn lcg(state: &mut u64) -> f64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*state >> 11) as f64 / (1u64 << 53) as f64
    }

    fn random_set(state: &mut u64, n: usize, side: f64) -> Vec<[f64; 3]> {
        (0..n)
            .map(|_| [lcg(state) * side, lcg(state) * side, lcg(state) * side])
            .collect()
    }

    /// Symmetry, OSPA ≤ c, the triangle inequality, and GOSPA (α = 2) equal to its definition
    /// as a minimum over partial assignments γ, found by exhaustive search (sets up to 5).
    #[test]
    fn metric_properties_and_gospa_definition() {
        let mut s = 99u64;
        for case in 0..300 {
            let (m, n, k) = (case % 6, (case / 6) % 6, (case / 36) % 4);
            let c = 1.0 + lcg(&mut s) * 4.0;
            let p = [1.0, 2.0, 3.0][case % 3];
            let x = random_set(&mut s, m, 6.0);
            let y = random_set(&mut s, n, 6.0);
            let z = random_set(&mut s, k, 6.0);
            let oxy = ospa(&x, &y, c, p).distance;
            assert!(close(oxy, ospa(&y, &x, c, p).distance, 1e-12));
            assert!(oxy <= c * (1.0 + 1e-12) && oxy >= 0.0);
            let o = ospa(&x, &y, c, p);
            assert!(close(
                o.distance.powf(p),
                o.localisation.powf(p) + o.cardinality.powf(p),
                1e-12
            ));
            assert!(oxy <= ospa(&x, &z, c, p).distance + ospa(&z, &y, c, p).distance + 1e-9);
            let g = gospa(&x, &y, c, p);
            assert!(close(g.distance, gospa(&y, &x, c, p).distance, 1e-12));
            assert!(
                g.distance <= gospa(&x, &z, c, p).distance + gospa(&z, &y, c, p).distance + 1e-9
            );
            // Exhaustive minimum over partial assignments.
            let d = distances(&x, &y);
            let best = brute_gospa(&d, m, n, 0, &mut vec![false; n], c, p);
            assert!(
                close(g.distance.powf(p), best, 1e-12),
                "{} vs {best}",
                g.distance.powf(p)
            );
            assert!(close(g.localisation + g.missed + g.false_, best, 1e-12));
        }
    }

    /// min over γ of Σ_γ dᵖ + (cᵖ/2)(unassigned rows + unassigned columns), rows from `i`.
    fn brute_gospa(
        d: &[f64],
        m: usize,
        n: usize,
        i: usize,
        used: &mut Vec<bool>,
        c: f64,
        p: f64,
    ) -> f64 {
        let half = 0.5 * c.powf(p);
        if i == m {
            return half * used.iter().filter(|u| !**u).count() as f64;
        }
        let mut best = half + brute_gospa(d, m, n, i + 1, used, c, p);
        for j in 0..n {
            if !used[j] {
                used[j] = true;
                best = best.min(d[i * n + j].powf(p) + brute_gospa(d, m, n, i + 1, used, c, p));
                used[j] = false;
            }
        }
        best
    }
}
