//! What the tracker runs per track: an estimator — one filter with one motion model, or an
//! interacting multiple model (IMM) that switches between several.

use crate::filter::{Filter, FilterError};
use crate::gaussian::Gaussian;
use crate::models::MotionModel;
use crate::observation::{Fit, Observation};
use nalgebra::{SMatrix, SVector};

/// Per-track state estimation behind the tracker.
pub trait Estimator<const N: usize> {
    /// What the estimator keeps per track.
    type State: Clone + std::fmt::Debug;
    /// The state of a new track from its first estimate.
    fn init(&self, g: Gaussian<N>) -> Self::State;
    /// The (combined) Gaussian estimate of a state.
    fn gaussian(&self, s: &Self::State) -> Gaussian<N>;
    /// The state `dt_s` after `t_s`.
    fn predict(&self, s: &Self::State, t_s: f64, dt_s: f64) -> Self::State;
    /// How well an observation fits a (predicted) state.
    fn fit<O: Observation<N>>(&self, s: &Self::State, o: &O) -> Result<Fit, FilterError>;
    /// The state updated with an observation.
    fn update<O: Observation<N>>(&self, s: &Self::State, o: &O)
    -> Result<Self::State, FilterError>;
    /// The weighted mixture of states (weights sum to 1), moment-matched (for PDA updates).
    fn mix(&self, parts: &[(f64, Self::State)]) -> Option<Self::State>;
}

/// One filter with one motion model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Single<F, M> {
    /// The filter.
    pub filter: F,
    /// The motion model.
    pub motion: M,
}

impl<F, M> Single<F, M> {
    /// A filter with a motion model.
    pub fn new(filter: F, motion: M) -> Self {
        Self { filter, motion }
    }
}

/// Moment-matched mixture of weighted Gaussians (weights need not be normalised).
pub fn moment_match<const N: usize>(parts: &[(f64, Gaussian<N>)]) -> Option<Gaussian<N>> {
    let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
    if !(total > 0.0) {
        return None;
    }
    let mean = parts.iter().fold(SVector::<f64, N>::zeros(), |a, (w, g)| {
        a + g.mean * (w.max(0.0) / total)
    });
    let cov = parts
        .iter()
        .fold(SMatrix::<f64, N, N>::zeros(), |a, (w, g)| {
            let d = g.mean - mean;
            a + (g.cov + d * d.transpose()) * (w.max(0.0) / total)
        });
    let out = Gaussian::new(mean, cov);
    out.is_valid().then_some(out)
}

impl<const N: usize, F: Filter<N>, M: MotionModel<N>> Estimator<N> for Single<F, M> {
    type State = Gaussian<N>;
    fn init(&self, g: Gaussian<N>) -> Gaussian<N> {
        g
    }
    fn gaussian(&self, s: &Gaussian<N>) -> Gaussian<N> {
        *s
    }
    fn predict(&self, s: &Gaussian<N>, t_s: f64, dt_s: f64) -> Gaussian<N> {
        self.filter.predict(s, &self.motion, t_s, dt_s)
    }
    fn fit<O: Observation<N>>(&self, s: &Gaussian<N>, o: &O) -> Result<Fit, FilterError> {
        o.fit(&self.filter, s)
    }
    fn update<O: Observation<N>>(
        &self,
        s: &Gaussian<N>,
        o: &O,
    ) -> Result<Gaussian<N>, FilterError> {
        o.update(&self.filter, s)
    }
    fn mix(&self, parts: &[(f64, Gaussian<N>)]) -> Option<Gaussian<N>> {
        moment_match(parts)
    }
}

/// A two-mode interacting multiple model (Blom & Bar-Shalom 1988; Bar-Shalom, Li &
/// Kirubarajan 2001, §11.6): mode 0 and mode 1 run the same filter with their own motion
/// models; the modes interact through time-dependent switching probabilities.
///
/// Designed for boost → ballistic: mode 0 switches to mode 1 with rate 1/`mean_sojourn_0_s`,
/// mode 1 back with rate 1/`mean_sojourn_1_s` (P(switch within dt) = 1 − e^(−dt/τ)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Imm<F, M0, M1> {
    /// The filter of both modes.
    pub filter: F,
    /// Motion model of mode 0 (e.g. boost).
    pub mode0: M0,
    /// Motion model of mode 1 (e.g. ballistic).
    pub mode1: M1,
    /// Mean time in mode 0 before switching, s.
    pub mean_sojourn_0_s: f64,
    /// Mean time in mode 1 before switching, s.
    pub mean_sojourn_1_s: f64,
    /// Probability of mode 0 for a new track.
    pub initial_mode0: f64,
}

/// The IMM's per-track state: one estimate and one probability per mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImmState<const N: usize> {
    /// Mode-matched estimates.
    pub modes: [Gaussian<N>; 2],
    /// Mode probabilities (sum to 1).
    pub probability: [f64; 2],
}

impl<F, M0, M1> Imm<F, M0, M1> {
    /// Switching matrix Π(dt): Π[i][j] = P(mode j at the end | mode i at the start).
    fn switching(&self, dt: f64) -> [[f64; 2]; 2] {
        let p01 = 1.0 - (-dt.abs() / self.mean_sojourn_0_s.max(1e-9)).exp();
        let p10 = 1.0 - (-dt.abs() / self.mean_sojourn_1_s.max(1e-9)).exp();
        [[1.0 - p01, p01], [p10, 1.0 - p10]]
    }
}

impl<const N: usize, F: Filter<N>, M0: MotionModel<N>, M1: MotionModel<N>> Estimator<N>
    for Imm<F, M0, M1>
{
    type State = ImmState<N>;

    fn init(&self, g: Gaussian<N>) -> ImmState<N> {
        let p0 = self.initial_mode0.clamp(0.0, 1.0);
        ImmState {
            modes: [g, g],
            probability: [p0, 1.0 - p0],
        }
    }

    fn gaussian(&self, s: &ImmState<N>) -> Gaussian<N> {
        moment_match(&[
            (s.probability[0], s.modes[0]),
            (s.probability[1], s.modes[1]),
        ])
        .unwrap_or(s.modes[0])
    }

    fn predict(&self, s: &ImmState<N>, t_s: f64, dt_s: f64) -> ImmState<N> {
        let pi = self.switching(dt_s);
        let mut modes = s.modes;
        let mut probability = [0.0; 2];
        for j in 0..2 {
            // Predicted mode probability and the mixing weights μ_{i|j}.
            let c = pi[0][j] * s.probability[0] + pi[1][j] * s.probability[1];
            probability[j] = c;
            let mixed = if c > 1e-300 {
                moment_match(&[
                    (pi[0][j] * s.probability[0] / c, s.modes[0]),
                    (pi[1][j] * s.probability[1] / c, s.modes[1]),
                ])
                .unwrap_or(s.modes[j])
            } else {
                s.modes[j]
            };
            modes[j] = match j {
                0 => self.filter.predict(&mixed, &self.mode0, t_s, dt_s),
                _ => self.filter.predict(&mixed, &self.mode1, t_s, dt_s),
            };
        }
        let total = probability[0] + probability[1];
        ImmState {
            modes,
            probability: if total > 0.0 {
                [probability[0] / total, probability[1] / total]
            } else {
                [0.5, 0.5]
            },
        }
    }

    /// The fit of the mode with the larger probability-weighted likelihood (gating and
    /// association use one fit per observation).
    fn fit<O: Observation<N>>(&self, s: &ImmState<N>, o: &O) -> Result<Fit, FilterError> {
        let fits = [
            o.fit(&self.filter, &s.modes[0]),
            o.fit(&self.filter, &s.modes[1]),
        ];
        let score = |k: usize| {
            fits[k]
                .as_ref()
                .map_or(0.0, |f| s.probability[k] * f.likelihood())
        };
        let best = if score(1) > score(0) { 1 } else { 0 };
        fits[best].or(fits[1 - best])
    }

    fn update<O: Observation<N>>(
        &self,
        s: &ImmState<N>,
        o: &O,
    ) -> Result<ImmState<N>, FilterError> {
        let mut modes = s.modes;
        let mut weight = [0.0; 2];
        for k in 0..2 {
            if let (Ok(fit), Ok(post)) = (
                o.fit(&self.filter, &s.modes[k]),
                o.update(&self.filter, &s.modes[k]),
            ) {
                modes[k] = post;
                weight[k] = s.probability[k] * fit.likelihood();
            }
        }
        let total = weight[0] + weight[1];
        if !(total > 0.0) || !total.is_finite() {
            return Err(FilterError::SingularInnovation);
        }
        // Keep a floor on each probability so a mode can come back.
        let p0 = (weight[0] / total).clamp(1e-6, 1.0 - 1e-6);
        Ok(ImmState {
            modes,
            probability: [p0, 1.0 - p0],
        })
    }

    fn mix(&self, parts: &[(f64, ImmState<N>)]) -> Option<ImmState<N>> {
        let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
        if !(total > 0.0) {
            return None;
        }
        let mut probability = [0.0; 2];
        let mut modes = parts.first()?.1.modes;
        for (k, mode) in modes.iter_mut().enumerate() {
            let weighted: Vec<(f64, Gaussian<N>)> = parts
                .iter()
                .map(|(w, s)| (w.max(0.0) * s.probability[k], s.modes[k]))
                .collect();
            probability[k] = weighted.iter().map(|(w, _)| w).sum::<f64>() / total;
            if let Some(m) = moment_match(&weighted) {
                *mode = m;
            }
        }
        Some(ImmState { modes, probability })
    }
}
