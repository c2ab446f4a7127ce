//! Optimal rectangular assignment (linear sum assignment) on dense `f64` costs.
//!
//! The solver is the shortest-augmenting-path form of Jonker–Volgenant without its
//! initialisation heuristics, as given by Crouse (2016), "On implementing 2D rectangular
//! assignment algorithms", IEEE TAES 52(4), Algorithm 1 (the algorithm behind scipy's
//! `linear_sum_assignment`): one Dijkstra-like search per row on reduced costs, with duals kept
//! feasible, O(n²·m) in the worst case.
//!
//! Why hand-written rather than a crate: `lapjv` (0.3) takes only square `ndarray` matrices and
//! brings `ndarray` and `log`; `pathfinding`'s `kuhn_munkres` wants integer weights (so scaled,
//! rounded costs), maximises, and also needs rows ≤ columns. Tracking solves thousands of tiny
//! rectangular problems per scan (clusters of 1–10 tracks), where allocation and set-up dominate:
//! [`AssignmentSolver`] reuses its buffers across problems, handles rectangles and forbidden
//! entries directly, and is ~150 lines that the tests check against exhaustive enumeration.

/// Costs at or beyond this magnitude are treated as forbidden (they would overflow the duals).
const COST_LIMIT: f64 = 1e250;
const NONE: usize = usize::MAX;

/// The minimum-cost assignment of the rows of a `rows` × `cols` row-major cost matrix to its
/// columns, each column used at most once: `result[i]` is the column of row `i`, or `None`.
///
/// Every row is assigned when `rows ≤ cols` (every column when `rows > cols`) unless forbidden
/// entries make that impossible; then as many as possible are, and the cost is minimal among
/// those. Forbidden entries: +∞, −∞, NaN, magnitudes ≥ 1e250, and entries missing when
/// `cost.len() < rows·cols`. They are never in the result. Allocates; for many problems, reuse
/// an [`AssignmentSolver`].
pub fn min_cost_assignment(cost: &[f64], rows: usize, cols: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    AssignmentSolver::default().solve(cost, rows, cols, &mut out);
    out
}

/// A reusable assignment solver: the buffers of [`min_cost_assignment`], kept between calls.
#[derive(Debug, Clone, Default)]
pub struct AssignmentSolver {
    /// Sanitised (and transposed if rows > cols) costs.
    c: Vec<f64>,
    u: Vec<f64>,
    v: Vec<f64>,
    shortest: Vec<f64>,
    pred: Vec<usize>,
    row4col: Vec<usize>,
    col4row: Vec<usize>,
    remaining: Vec<usize>,
    scanned_rows: Vec<usize>,
    scanned_cols: Vec<usize>,
}

impl AssignmentSolver {
    /// A solver with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Solves as [`min_cost_assignment`], writing the row → column result into `out` (cleared
    /// first, then `rows` long).
    pub fn solve(&mut self, cost: &[f64], rows: usize, cols: usize, out: &mut Vec<Option<usize>>) {
        out.clear();
        out.resize(rows, None);
        let Some(total) = rows.checked_mul(cols) else {
            return;
        };
        if total == 0 {
            return;
        }
        let allowed = |x: f64| x.is_finite() && x.abs() < COST_LIMIT;
        let entry = |i: usize, j: usize| cost.get(i * cols + j).copied().filter(|&x| allowed(x));
        // Orient so that the solver's rows are the smaller side.
        let transpose = rows > cols;
        let (n, m) = if transpose {
            (cols, rows)
        } else {
            (rows, cols)
        };
        self.c.clear();
        self.c.reserve(total);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut any_forbidden = false;
        for r in 0..n {
            for k in 0..m {
                let x = if transpose { entry(k, r) } else { entry(r, k) };
                match x {
                    Some(x) => {
                        lo = lo.min(x);
                        hi = hi.max(x);
                        self.c.push(x);
                    }
                    None => {
                        any_forbidden = true;
                        self.c.push(f64::NAN);
                    }
                }
            }
        }
        if lo > hi {
            return; // Everything forbidden.
        }
        if any_forbidden {
            // A cost so large that one more forbidden entry always costs more than any change
            // among allowed ones: F > hi + n·(hi − lo), with margin for rounding.
            let span = hi - lo;
            let big = hi + (n as f64 + 1.0) * (span + hi.abs() + 1.0);
            for x in &mut self.c {
                if x.is_nan() {
                    *x = big;
                }
            }
        }
        self.solve_dense(n, m);
        for r in 0..n {
            let k = self.col4row[r];
            if k == NONE {
                continue;
            }
            let (i, j) = if transpose { (k, r) } else { (r, k) };
            if entry(i, j).is_some() {
                out[i] = Some(j);
            }
        }
    }

    /// Crouse's Algorithm 1 on the finite `n` × `m` matrix `self.c`, n ≤ m.
    fn solve_dense(&mut self, n: usize, m: usize) {
        let c = &self.c;
        self.u.clear();
        self.u.resize(n, 0.0);
        self.v.clear();
        self.v.resize(m, 0.0);
        self.col4row.clear();
        self.col4row.resize(n, NONE);
        self.row4col.clear();
        self.row4col.resize(m, NONE);
        self.shortest.resize(m, f64::INFINITY);
        self.pred.resize(m, NONE);
        for cur_row in 0..n {
            self.shortest.fill(f64::INFINITY);
            self.remaining.clear();
            self.remaining.extend((0..m).rev());
            self.scanned_rows.clear();
            self.scanned_cols.clear();
            let mut min_val = 0.0;
            let mut i = cur_row;
            let sink = loop {
                self.scanned_rows.push(i);
                let ui = self.u[i];
                let row = &c[i * m..(i + 1) * m];
                let mut lowest = f64::INFINITY;
                let mut index_lowest = NONE;
                for (idx, &j) in self.remaining.iter().enumerate() {
                    let r = min_val + row[j] - ui - self.v[j];
                    if r < self.shortest[j] {
                        self.pred[j] = i;
                        self.shortest[j] = r;
                    }
                    let s = self.shortest[j];
                    if s < lowest || (s == lowest && self.row4col[j] == NONE) {
                        lowest = s;
                        index_lowest = idx;
                    }
                }
                if index_lowest == NONE || !lowest.is_finite() {
                    break NONE; // Unreachable with finite costs; leave the row out.
                }
                min_val = lowest;
                let j = self.remaining.swap_remove(index_lowest);
                self.scanned_cols.push(j);
                if self.row4col[j] == NONE {
                    break j;
                }
                i = self.row4col[j];
            };
            if sink == NONE {
                continue;
            }
            // Dual update.
            self.u[cur_row] += min_val;
            for &r in &self.scanned_rows {
                if r != cur_row {
                    let j = self.col4row[r];
                    self.u[r] += min_val - self.shortest[j];
                }
            }
            for &j in &self.scanned_cols {
                self.v[j] -= min_val - self.shortest[j];
            }
            // Augment along the alternating path back to cur_row.
            let mut j = sink;
            loop {
                let r = self.pred[j];
                self.row4col[j] = r;
                let prev = std::mem::replace(&mut self.col4row[r], j);
                if r == cur_row {
                    break;
                }
                j = prev;
            }
        }
    }
}

/// The total cost of an assignment (forbidden or out-of-range entries count as +∞).
pub fn assignment_cost(cost: &[f64], cols: usize, assignment: &[Option<usize>]) -> f64 {
    assignment
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .map(|(i, j)| {
            if j < cols {
                cost.get(i * cols + j).copied().unwrap_or(f64::INFINITY)
            } else {
                f64::INFINITY
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The minimum over all assignments of max-cardinality (allowed entries only), by
    /// exhaustive search: (cardinality, cost).
    fn brute_force(cost: &[f64], rows: usize, cols: usize) -> (usize, f64) {
        #[allow(clippy::too_many_arguments)]
        fn go(
            cost: &[f64],
            rows: usize,
            cols: usize,
            i: usize,
            used: &mut Vec<bool>,
            card: usize,
            sum: f64,
            best: &mut (usize, f64),
        ) {
            if i == rows {
                if card > best.0 || (card == best.0 && sum < best.1) {
                    *best = (card, sum);
                }
                return;
            }
            go(cost, rows, cols, i + 1, used, card, sum, best);
            for j in 0..cols {
                let x = cost[i * cols + j];
                if !used[j] && x.is_finite() {
                    used[j] = true;
                    go(cost, rows, cols, i + 1, used, card + 1, sum + x, best);
                    used[j] = false;
                }
            }
        }
        let mut best = (0, 0.0);
        go(
            cost,
            rows,
            cols,
            0,
            &mut vec![false; cols],
            0,
            0.0,
            &mut best,
        );
        best
    }

    fn check(cost: &[f64], rows: usize, cols: usize, solver: &mut AssignmentSolver) {
        let mut out = Vec::new();
        solver.solve(cost, rows, cols, &mut out);
        assert_eq!(out.len(), rows);
        // A valid assignment: distinct columns, allowed entries.
        let mut used = vec![false; cols];
        for (i, j) in out.iter().enumerate() {
            if let Some(j) = *j {
                assert!(!used[j], "column {j} used twice");
                used[j] = true;
                assert!(cost[i * cols + j].is_finite());
            }
        }
        let card = out.iter().flatten().count();
        let (best_card, best_cost) = brute_force(cost, rows, cols);
        assert_eq!(card, best_card, "{cost:?} {rows}x{cols}: {out:?}");
        let got = assignment_cost(cost, cols, &out);
        assert!(
            (got - best_cost).abs() <= 1e-9 * best_cost.abs().max(1.0),
            "{rows}x{cols} {cost:?}: {got} vs {best_cost}"
        );
    }

    /// 200 random problems per shape family against exhaustive enumeration, n ≤ 6: square,
    /// wide, tall, with and without forbidden entries, and with ties (integer costs).
    #[test]
    fn matches_exhaustive_enumeration() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut solver = AssignmentSolver::new();
        for case in 0..200 {
            let rows = rng.random_range(1..=6);
            let cols = rng.random_range(1..=6);
            let forbid = if case % 2 == 0 { 0.0 } else { 0.4 };
            let integer = case % 3 == 0;
            let cost: Vec<f64> = (0..rows * cols)
                .map(|_| {
                    if rng.random::<f64>() < forbid {
                        f64::INFINITY
                    } else if integer {
                        f64::from(rng.random_range(0..4_u8))
                    } else {
                        rng.random::<f64>() * 100.0 - 20.0
                    }
                })
                .collect();
            check(&cost, rows, cols, &mut solver);
        }
    }

    #[test]
    fn small_known_cases() {
        // The classic 3×3: optimum 0→1, 1→0, 2→2 = 1 + 2 + 2 = 5.
        let cost = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0];
        assert_eq!(
            min_cost_assignment(&cost, 3, 3),
            vec![Some(1), Some(0), Some(2)]
        );
        // Wide and tall.
        assert_eq!(min_cost_assignment(&[5.0, 1.0, 3.0], 1, 3), vec![Some(1)]);
        assert_eq!(
            min_cost_assignment(&[5.0, 1.0, 3.0], 3, 1),
            vec![None, Some(0), None]
        );
        // Forbidden entries force the second-best.
        let inf = f64::INFINITY;
        assert_eq!(
            min_cost_assignment(&[1.0, 2.0, inf, 100.0], 2, 2),
            vec![Some(0), Some(1)]
        );
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        assert!(min_cost_assignment(&[], 0, 0).is_empty());
        assert_eq!(min_cost_assignment(&[], 2, 0), vec![None, None]);
        assert!(min_cost_assignment(&[], 0, 3).is_empty());
        assert_eq!(min_cost_assignment(&[f64::NAN; 4], 2, 2), vec![None, None]);
        // NaN is forbidden, the rest solved.
        assert_eq!(
            min_cost_assignment(&[f64::NAN, 1.0, 1.0, 5.0], 2, 2),
            vec![Some(1), Some(0)]
        );
        // Short slice: the missing entries are forbidden.
        assert_eq!(min_cost_assignment(&[3.0, 1.0], 2, 2), vec![Some(1), None]);
        // Huge and tiny magnitudes.
        assert_eq!(
            min_cost_assignment(&[1e300, 1.0, 1.0, f64::MAX], 2, 2),
            vec![Some(1), Some(0)]
        );
        assert_eq!(
            min_cost_assignment(&[1e200, 1e200, 2e200, 1e199], 2, 2),
            vec![Some(0), Some(1)]
        );
        assert_eq!(
            min_cost_assignment(&[-1e-300, 0.0, 0.0, -1e-300], 2, 2),
            vec![Some(0), Some(1)]
        );
        // Overflowing dimensions.
        assert_eq!(min_cost_assignment(&[1.0], 2, usize::MAX).len(), 2);
    }

    /// A 200×300 random problem: the solver's optimum is no worse than every one of 2,000
    /// random 2-swaps of it nor than moving a row to a free column (local-optimality checks
    /// where enumeration is impossible).
    #[test]
    fn large_problem_is_locally_optimal() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let (rows, cols) = (200, 300);
        let cost: Vec<f64> = (0..rows * cols).map(|_| rng.random::<f64>()).collect();
        let out = min_cost_assignment(&cost, rows, cols);
        assert!(out.iter().all(Option::is_some));
        let base = assignment_cost(&cost, cols, &out);
        let frees: Vec<usize> = (0..cols).filter(|j| !out.contains(&Some(*j))).collect();
        for _ in 0..2000 {
            let a = rng.random_range(0..rows);
            let b = rng.random_range(0..rows);
            let mut alt = out.clone();
            alt.swap(a, b);
            assert!(assignment_cost(&cost, cols, &alt) >= base - 1e-12);
            let mut alt = out.clone();
            let free = frees[rng.random_range(0..frees.len())];
            alt[a] = Some(free);
            assert!(assignment_cost(&cost, cols, &alt) >= base - 1e-12);
        }
    }
}
