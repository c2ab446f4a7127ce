//! Spatial pre-gate: a uniform 3-D hash grid over points, queried by ball, so that gating
//! tests each track against the detections near it only (cost ~linear in the number of
//! objects instead of quadratic).
//!
//! Points are bucketed by cell, (⌊x/s⌋, ⌊y/s⌋, ⌊z/s⌋) for cell size `s`, the cell coordinates
//! packed into 21 bits each (wrapping: far-apart cells may share a bucket, which costs only
//! extra distance checks, never a wrong answer) and looked up in an open-addressing table
//! behind a small occupancy bitset (most cells near a track are empty; the bitset answers
//! those from L1 cache). A query visits the cells overlapping the ball's bounding box and
//! checks exact distances; when that box spans more cells than there are points to check, it
//! scans all points instead. Measured per query (`benches/association.rs`): ~0.2 µs at 100,
//! 1,000 and 10,000 points alike.

/// Cell coordinates keep this many bits each in a bucket key.
const BITS: u32 = 21;
const MASK: u64 = (1 << BITS) - 1;
const EMPTY: u32 = u32::MAX;

/// A uniform 3-D hash grid over a set of points (e.g. detection positions in metres,
/// Earth-fixed), answering "which points lie within r of c". Build once per scan with
/// [`SpatialGrid::build`] (buffers are reused), then query per track.
#[derive(Debug, Clone)]
pub struct SpatialGrid {
    /// Cell edge length (units of the points), and its inverse.
    cell: f64,
    inv_cell: f64,
    /// Valid points, grouped by bucket: (position, index in the input).
    sorted: Vec<([f64; 3], usize)>,
    /// Open-addressing table: (key, start in `sorted`, count); `count == EMPTY` marks a free slot.
    table: Vec<(u64, u32, u32)>,
    /// 64 − log₂(table length): the slot of a key is the top bits of its Fibonacci hash.
    shift: u32,
    /// Occupancy filter: one bit per value of more top bits of the hash (≥ 8 bits per
    /// bucket, small enough to stay in L1), so that most empty cells cost no table probe.
    occupied: Vec<u64>,
    /// 64 − log₂(number of bits in `occupied`).
    occupied_shift: u32,
    /// Scratch: (key, index) for sorting.
    keys: Vec<(u64, usize)>,
}

impl SpatialGrid {
    /// An empty grid with cells of edge `cell_size` (same units as the points). Choose about the
    /// typical query radius; a non-finite or non-positive size falls back to 1.
    pub fn new(cell_size: f64) -> Self {
        let cell = if cell_size.is_finite() && cell_size > 0.0 {
            cell_size
        } else {
            1.0
        };
        Self {
            cell,
            inv_cell: 1.0 / cell,
            sorted: Vec::new(),
            table: Vec::new(),
            shift: 64,
            occupied: Vec::new(),
            occupied_shift: 64,
            keys: Vec::new(),
        }
    }

    /// The cell edge length.
    pub fn cell_size(&self) -> f64 {
        self.cell
    }

    /// The number of points held (those with finite coordinates).
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Whether no point is held.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Replaces the contents with `points`; a point with a non-finite coordinate is skipped
    /// (never returned by a query). Indices returned by queries are positions in `points`.
    pub fn build(&mut self, points: &[[f64; 3]]) {
        self.keys.clear();
        for (i, p) in points.iter().enumerate() {
            if p.iter().all(|x| x.is_finite()) {
                let c = self.cell_of(p);
                self.keys.push((pack(c), i));
            }
        }
        self.keys.sort_unstable();
        self.sorted.clear();
        self.sorted
            .extend(self.keys.iter().map(|&(_, i)| (points[i], i)));
        let n_buckets = self.keys.chunk_by(|a, b| a.0 == b.0).count();
        let capacity = (2 * n_buckets).next_power_of_two().max(16);
        self.table.clear();
        self.table.resize(capacity, (0, 0, EMPTY));
        let mask = capacity - 1;
        self.shift = 64 - capacity.trailing_zeros();
        let bits = (8 * n_buckets).next_power_of_two().max(64);
        self.occupied.clear();
        self.occupied.resize(bits / 64, 0);
        self.occupied_shift = 64 - bits.trailing_zeros();
        let mut start = 0usize;
        for run in self.keys.chunk_by(|a, b| a.0 == b.0) {
            let key = run[0].0;
            let bit = hash(key, self.occupied_shift);
            self.occupied[bit / 64] |= 1 << (bit % 64);
            let mut slot = hash(key, self.shift);
            while self.table[slot].2 != EMPTY {
                slot = (slot + 1) & mask;
            }
            // Counts fit in u32 unless there are 4 billion points: saturate rather than panic.
            self.table[slot] = (
                key,
                u32::try_from(start).unwrap_or(u32::MAX - 1),
                u32::try_from(run.len()).unwrap_or(u32::MAX - 1),
            );
            start += run.len();
        }
    }

    /// Writes into `out` (cleared first) the indices of the points within Euclidean distance
    /// `radius` of `centre` (boundary included), ascending. Nothing for a non-finite centre or
    /// a NaN or negative radius; every point for an infinite radius.
    pub fn query(&self, centre: &[f64; 3], radius: f64, out: &mut Vec<usize>) {
        out.clear();
        if !(radius >= 0.0) || !centre.iter().all(|x| x.is_finite()) || self.sorted.is_empty() {
            return;
        }
        let r2 = radius * radius;
        // Squares overflow beyond ~1e154: then compare in units of the radius.
        let scale = if r2.is_finite() { 1.0 } else { 1.0 / radius };
        let r2s = if r2.is_finite() { r2 } else { 1.0 };
        let within = |p: &[f64; 3]| {
            let d = [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]];
            if d.iter().any(|x| x.abs() > radius) {
                return false;
            }
            let d = d.map(|x| x * scale);
            d[0] * d[0] + d[1] * d[1] + d[2] * d[2] <= r2s
        };
        let lo = self.cell_of(&[centre[0] - radius, centre[1] - radius, centre[2] - radius]);
        let hi = self.cell_of(&[centre[0] + radius, centre[1] + radius, centre[2] + radius]);
        let span = |a: i64, b: i64| (b as f64 - a as f64) + 1.0;
        let n_cells = span(lo[0], hi[0]) * span(lo[1], hi[1]) * span(lo[2], hi[2]);
        let wraps = (0..3).any(|k| span(lo[k], hi[k]) >= (1u64 << BITS) as f64);
        if !radius.is_finite() || wraps || n_cells > self.sorted.len() as f64 {
            // Brute force is cheaper (or the only correct option).
            out.extend(
                self.sorted
                    .iter()
                    .filter(|(p, _)| radius.is_infinite() || within(p))
                    .map(|&(_, i)| i),
            );
        } else {
            let mask = self.table.len() - 1;
            for x in lo[0]..=hi[0] {
                for y in lo[1]..=hi[1] {
                    for z in lo[2]..=hi[2] {
                        let key = pack([x, y, z]);
                        let bit = hash(key, self.occupied_shift);
                        if self
                            .occupied
                            .get(bit / 64)
                            .is_none_or(|w| w & (1 << (bit % 64)) == 0)
                        {
                            continue;
                        }
                        let mut slot = hash(key, self.shift);
                        loop {
                            let (k, start, count) = self.table[slot];
                            if count == EMPTY {
                                break;
                            }
                            if k == key {
                                let (s, c) = (start as usize, count as usize);
                                let bucket = self.sorted.get(s..s + c).unwrap_or(&[]);
                                out.extend(
                                    bucket.iter().filter(|(p, _)| within(p)).map(|&(_, i)| i),
                                );
                                break;
                            }
                            slot = (slot + 1) & mask;
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        // Wrapped buckets can be visited twice only when wrapping, excluded above; keep the
        // guarantee anyway.
        out.dedup();
    }

    fn cell_of(&self, p: &[f64; 3]) -> [i64; 3] {
        // `as` saturates (and maps NaN to 0): no overflow for huge coordinates.
        [
            (p[0] * self.inv_cell).floor() as i64,
            (p[1] * self.inv_cell).floor() as i64,
            (p[2] * self.inv_cell).floor() as i64,
        ]
    }
}

impl Default for SpatialGrid {
    /// A grid with 1 km cells.
    fn default() -> Self {
        Self::new(1000.0)
    }
}

fn pack(c: [i64; 3]) -> u64 {
    (c[0] as u64 & MASK) | ((c[1] as u64 & MASK) << BITS) | ((c[2] as u64 & MASK) << (2 * BITS))
}

/// Fibonacci hashing: the top bits of key × 2⁶⁴/φ, which depend on all bits of the key.
fn hash(key: u64, shift: u32) -> usize {
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .checked_shr(shift)
        .unwrap_or(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn brute(points: &[[f64; 3]], c: &[f64; 3], r: f64) -> Vec<usize> {
        (0..points.len())
            .filter(|&i| {
                let p = points[i];
                p.iter().all(|x| x.is_finite())
                    && (0..3).map(|k| (p[k] - c[k]).powi(2)).sum::<f64>() <= r * r
            })
            .collect()
    }

    /// Random clouds, random balls (small to larger than the cloud): same answer as brute force.
    #[test]
    fn matches_brute_force() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut grid = SpatialGrid::new(500.0);
        let mut out = Vec::new();
        for round in 0..20 {
            let n = [0, 1, 10, 500, 3000][round % 5];
            let side = 2e4;
            let mut points: Vec<[f64; 3]> = (0..n)
                .map(|_| [0, 1, 2].map(|_| rng.random::<f64>() * side - side / 2.0))
                .collect();
            // Clustered duplicates and negative coordinates across cell boundaries.
            if n > 2 {
                points[1] = points[0];
                points[2] = [-0.0, -1e-12, 499.999_999];
            }
            grid.build(&points);
            assert_eq!(grid.len(), n);
            for _ in 0..100 {
                let c = [0, 1, 2].map(|_| rng.random::<f64>() * side * 1.2 - side * 0.6);
                let r = [10.0, 400.0, 1500.0, 3e4][rng.random_range(0..4)];
                grid.query(&c, r, &mut out);
                assert_eq!(out, brute(&points, &c, r));
            }
        }
    }

    #[test]
    fn degenerate_inputs() {
        let mut grid = SpatialGrid::new(f64::NAN);
        assert_eq!(grid.cell_size(), 1.0);
        let mut out = vec![99];
        grid.query(&[0.0; 3], 1.0, &mut out);
        assert!(out.is_empty());
        let points = [
            [0.0, 0.0, 0.0],
            [f64::NAN, 0.0, 0.0],
            [1e300, -1e300, 0.0],
            [f64::INFINITY, 0.0, 0.0],
            [0.5, 0.0, 0.0],
        ];
        grid = SpatialGrid::new(1.0);
        grid.build(&points);
        assert_eq!(grid.len(), 3);
        grid.query(&[0.0; 3], 1.0, &mut out);
        assert_eq!(out, vec![0, 4]);
        grid.query(&[0.0; 3], f64::INFINITY, &mut out);
        assert_eq!(out, vec![0, 2, 4]);
        grid.query(&[0.0; 3], 1e200, &mut out);
        assert_eq!(out, vec![0, 4]); // 1e300 is farther than 1e200.
        grid.query(&[1e300, -1e300, 0.0], 0.0, &mut out);
        assert_eq!(out, vec![2]);
        grid.query(&[0.0; 3], f64::NAN, &mut out);
        assert!(out.is_empty());
        grid.query(&[0.0; 3], -1.0, &mut out);
        assert!(out.is_empty());
        grid.query(&[f64::NAN, 0.0, 0.0], 10.0, &mut out);
        assert!(out.is_empty());
        // Points a multiple of 2^21 cells apart share a bucket but are told apart.
        let far = (1u64 << BITS) as f64;
        grid.build(&[[0.5, 0.5, 0.5], [far + 0.5, 0.5, 0.5]]);
        grid.query(&[0.5, 0.5, 0.5], 0.1, &mut out);
        assert_eq!(out, vec![0]);
    }
}
