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
    fn new(n: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
        let side = SPACING_M * (n as f64).cbrt();
        let noise = Normal::new(0.0, S_VAR.sqrt()).expect("positive standard deviation");
        let tracks: Vec<[f64; 3]> = (0..n)
            .map(|_| [0, 1, 2].map(|_| rng.random::<f64>() * side))
            .collect();
        let mut detections: Vec<[f64; 3]> = tracks
            .iter()
            .filter(|_| rng.random::<f64>() < PD)
            .map(|t| [0, 1, 2].map(|k| t[k] + noise.sample(&mut rng)))
            .collect();
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

fn bench_scene(bencher: Bencher, n: usize, associator: &impl Associator) {
    let scene = Scene::new(n);
    let mut grid = SpatialGrid::new(scene.radius);
    let (mut pairs, mut candidates) = (Vec::new(), Vec::new());
    bencher
        .counter(ItemsCount::new(scene.detections.len()))
        .bench_local(|| {
            divan::black_box(scene.run(&mut grid, &mut pairs, &mut candidates, associator))
        });
}

/// Grid pre-gate + χ² gate + GNN, one scan; throughput = detections per second.
#[divan::bench(args = SIZES)]
fn gnn_scan(bencher: Bencher, n: usize) {
    bench_scene(bencher, n, &Gnn);
}

/// The same with JPDA (exact up to 10,000 events per cluster).
#[divan::bench(args = SIZES)]
fn jpda_scan(bencher: Bencher, n: usize) {
    bench_scene(bencher, n, &Jpda::default());
}

/// The GNN association alone on the scan's gated pairs (clustering + assignment).
#[divan::bench(args = SIZES)]
fn gnn_only(bencher: Bencher, n: usize) {
    let scene = Scene::new(n);
    let mut grid = SpatialGrid::new(scene.radius);
    let (mut pairs, mut candidates) = (Vec::new(), Vec::new());
    scene.run(&mut grid, &mut pairs, &mut candidates, &Gnn);
    bencher
        .counter(ItemsCount::new(scene.detections.len()))
        .bench_local(|| {
            divan::black_box(Gnn.associate(
                scene.tracks.len(),
                scene.detections.len(),
                &pairs,
                &scene.params,
            ))
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
