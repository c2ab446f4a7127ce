//! Association benchmarks (divan): one scan of spatial pre-gate + χ² gate + GNN (or JPDA) for
//! 100, 1,000 and 10,000 tracks, reported per detection (the throughput counter).
//!
//! `cargo bench -p vigil-tracking --bench association`.
//!
//! Scene: tracks uniformly in a cube at constant density (one per (2 km)³, so the number of
//! objects near a track does not depend on how many there are), Cartesian position
//! detections with P_D = 0.9 and 5 false alarms per scan. Each track's predicted position
//! covariance is 100² m² per axis and the noise 50 m, so S = (100² + 50²) I; detections are
//! drawn from N(track, S) and gated at χ²₃(0.999) (radius ≈ 450 m). Per-detection time should
//! not grow by more than ~2× from 100 to 10,000 tracks.

use divan::Bencher;
use divan::counter::ItemsCount;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use vigil_tracking::associate::{
    AssignmentSolver, AssociationParams, Associator, Gnn, Jpda, Pair, SpatialGrid, chi2_gate,
};

const SIZES: [usize; 3] = [100, 1_000, 10_000];
/// Mean spacing between objects, m.
const SPACING_M: f64 = 2_000.0;
/// Innovation variance per axis, m².
const S_VAR: f64 = 100.0 * 100.0 + 50.0 * 50.0;
const PD: f64 = 0.9;
const FALSE_ALARMS: usize = 5;

struct Scene {
    tracks: Vec<[f64; 3]>,
    detections: Vec<[f64; 3]>,
    gate: f64,
    radius: f64,
    params: AssociationParams,
}

impl Scene {
    fn new(n: usize, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed * 1_000_003 + n as u64);
        let side = SPACING_M * (n as f64).cbrt();
        let noise = Normal::new(0.0, S_VAR.sqrt()).expect("positive standard deviation");
        let tracks: Vec<[f64; 3]> = (0..n)
            .map(|_| [0, 1, 2].map(|_| rng.random::<f64>() * side))
            .collect();
        let mut detections: Vec<[f64; 3]> = Vec::new();
        for t in &tracks {
            if rng.random::<f64>() < PD {
                detections.push([0, 1, 2].map(|k| t[k] + noise.sample(&mut rng)));
            }
        }
        detections.extend((0..FALSE_ALARMS).map(|_| [0, 1, 2].map(|_| rng.random::<f64>() * side)));
        let gate = chi2_gate(3, 0.999);
        let volume = side * side * side;
        Self {
            tracks,
            detections,
            gate,
            radius: (gate * S_VAR).sqrt(),
            params: AssociationParams::new(PD, FALSE_ALARMS as f64 / volume, 3),
        }
    }

    /// Pre-gate, χ² gate, association: what a tracker does per scan besides filtering.
    fn run(
        &self,
        grid: &mut SpatialGrid,
        pairs: &mut Vec<Pair>,
        candidates: &mut Vec<usize>,
        associator: &impl Associator,
    ) -> usize {
        grid.build(&self.detections);
        pairs.clear();
        let ln_det = 3.0 * S_VAR.ln();
        for (t, p) in self.tracks.iter().enumerate() {
            grid.query(p, self.radius, candidates);
            for &d in candidates.iter() {
                let z = self.detections[d];
                let nis =
                    ((z[0] - p[0]).powi(2) + (z[1] - p[1]).powi(2) + (z[2] - p[2]).powi(2)) / S_VAR;
                if nis <= self.gate {
                    pairs.push(Pair::new(t, d, nis, ln_det, 3));
                }
            }
        }
        let a = associator.associate(
            self.tracks.len(),
            self.detections.len(),
            pairs,
            &self.params,
        );
        a.tracks.len() + a.unused.len()
    }
}

fn main() {
    divan::main();
}

/// Scenes per iteration: 10,000 tracks' worth at every size, so that a small scene is not
/// repeated verbatim (the branch predictor would learn it and flatter small sizes).
fn scenes(n: usize) -> Vec<Scene> {
    (0..(10_000 / n).max(1))
        .map(|k| Scene::new(n, k as u64))
        .collect()
}

fn total_detections(scenes: &[Scene]) -> usize {
    scenes.iter().map(|s| s.detections.len()).sum()
}

fn bench_scenes(bencher: Bencher, n: usize, associator: &impl Associator) {
    let scenes = scenes(n);
    let mut grid = SpatialGrid::new(scenes[0].radius);
    let (mut pairs, mut candidates) = (Vec::new(), Vec::new());
    bencher
        .counter(ItemsCount::new(total_detections(&scenes)))
        .bench_local(|| {
            for scene in &scenes {
                divan::black_box(scene.run(&mut grid, &mut pairs, &mut candidates, associator));
            }
        });
}

/// Grid pre-gate + χ² gate + GNN, one scan; throughput = detections per second.
#[divan::bench(args = SIZES)]
fn gnn_scan(bencher: Bencher, n: usize) {
    bench_scenes(bencher, n, &Gnn);
}

/// The same with JPDA (exact up to 10,000 events per cluster).
#[divan::bench(args = SIZES)]
fn jpda_scan(bencher: Bencher, n: usize) {
    bench_scenes(bencher, n, &Jpda::default());
}

/// Building the grid over the scan's detections.
#[divan::bench(args = SIZES)]
fn grid_build(bencher: Bencher, n: usize) {
    let scenes = scenes(n);
    let mut grid = SpatialGrid::new(scenes[0].radius);
    bencher
        .counter(ItemsCount::new(total_detections(&scenes)))
        .bench_local(|| {
            for scene in &scenes {
                grid.build(&scene.detections);
                divan::black_box(grid.len());
            }
        });
}

/// One pre-gate query per track (grids built beforehand).
#[divan::bench(args = SIZES)]
fn grid_queries(bencher: Bencher, n: usize) {
    let scenes = scenes(n);
    let grids: Vec<SpatialGrid> = scenes
        .iter()
        .map(|s| {
            let mut g = SpatialGrid::new(s.radius);
            g.build(&s.detections);
            g
        })
        .collect();
    let mut out = Vec::new();
    bencher
        .counter(ItemsCount::new(total_detections(&scenes)))
        .bench_local(|| {
            let mut total = 0;
            for (scene, grid) in scenes.iter().zip(&grids) {
                for p in &scene.tracks {
                    grid.query(p, scene.radius, &mut out);
                    total += out.len();
                }
            }
            divan::black_box(total)
        });
}

/// The GNN association alone on the scans' gated pairs (clustering + assignment).
#[divan::bench(args = SIZES)]
fn gnn_only(bencher: Bencher, n: usize) {
    let scenes = scenes(n);
    let mut grid = SpatialGrid::new(scenes[0].radius);
    let mut candidates = Vec::new();
    let pairs: Vec<Vec<Pair>> = scenes
        .iter()
        .map(|s| {
            let mut pairs = Vec::new();
            s.run(&mut grid, &mut pairs, &mut candidates, &Gnn);
            pairs
        })
        .collect();
    bencher
        .counter(ItemsCount::new(total_detections(&scenes)))
        .bench_local(|| {
            for (s, p) in scenes.iter().zip(&pairs) {
                divan::black_box(Gnn.associate(s.tracks.len(), s.detections.len(), p, &s.params));
            }
        });
}

/// Dense random n × n assignment (uniform costs), for the solver's own scaling.
#[divan::bench(args = [10, 50, 200])]
fn dense_assignment(bencher: Bencher, n: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let cost: Vec<f64> = (0..n * n).map(|_| rng.random::<f64>()).collect();
    let mut solver = AssignmentSolver::new();
    let mut out = Vec::new();
    bencher.bench_local(|| {
        solver.solve(&cost, n, n, &mut out);
        divan::black_box(out.len())
    });
}
