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

/// An interacting multiple model with `K` modes (Blom & Bar-Shalom 1988; Bar-Shalom, Li &
/// Kirubarajan 2001, §11.6): every mode runs the same filter with its own motion model; the
/// modes interact through time-dependent switching probabilities.
///
/// Switching is a continuous-time Markov chain with rates `rates[i][j]` (1/s, i ≠ j; the
/// diagonal is ignored): over a step dt, mode i stays with probability e^(−λᵢ dt), λᵢ = Σⱼ
/// rates[i][j], and leaves to j with probability (1 − e^(−λᵢ dt)) rates[i][j]/λᵢ (one switch
/// per step at most, exact for chains that leave a mode for good, like boost → coast).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Imm<F, M, const K: usize> {
    /// The filter of every mode.
    pub filter: F,
    /// Motion model of each mode.
    pub models: [M; K],
    /// Switching rates between modes, 1/s.
    pub rates: [[f64; K]; K],
    /// Mode probabilities of a new track (normalised on use).
    pub initial: [f64; K],
}

/// The IMM's per-track state: one estimate and one probability per mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImmState<const N: usize, const K: usize> {
    /// Mode-matched estimates.
    pub modes: [Gaussian<N>; K],
    /// Mode probabilities (sum to 1).
    pub probability: [f64; K],
}

/// Probabilities normalised to sum 1 (uniform if they do not sum to a positive number).
fn normalised<const K: usize>(p: [f64; K]) -> [f64; K] {
    let total: f64 = p.iter().map(|x| x.max(0.0)).sum();
    if total > 0.0 && total.is_finite() {
        p.map(|x| x.max(0.0) / total)
    } else {
        [1.0 / K as f64; K]
    }
}

impl<F, M, const K: usize> Imm<F, M, K> {
    /// Switching matrix Π(dt): Π[i][j] = P(mode j at the end | mode i at the start).
    fn switching(&self, dt: f64) -> [[f64; K]; K] {
        std::array::from_fn(|i| {
            let rate = |j: usize| {
                if j == i {
                    0.0
                } else {
                    self.rates[i][j].max(0.0)
                }
            };
            let total: f64 = (0..K).map(rate).sum();
            let stay = (-dt.abs() * total).exp();
            std::array::from_fn(|j| {
                if j == i {
                    stay
                } else if total > 0.0 {
                    (1.0 - stay) * rate(j) / total
                } else {
                    0.0
                }
            })
        })
    }
}

impl<const N: usize, const K: usize, F: Filter<N>, M: MotionModel<N>> Estimator<N>
    for Imm<F, M, K>
{
    type State = ImmState<N, K>;

    fn init(&self, g: Gaussian<N>) -> ImmState<N, K> {
        ImmState {
            modes: [g; K],
            probability: normalised(self.initial),
        }
    }

    fn gaussian(&self, s: &ImmState<N, K>) -> Gaussian<N> {
        let parts: [(f64, Gaussian<N>); K] =
            std::array::from_fn(|k| (s.probability[k], s.modes[k]));
        moment_match(&parts).unwrap_or(s.modes[0])
    }

    fn predict(&self, s: &ImmState<N, K>, t_s: f64, dt_s: f64) -> ImmState<N, K> {
        let pi = self.switching(dt_s);
        let mut modes = s.modes;
        let mut probability = [0.0; K];
        for j in 0..K {
            // Predicted mode probability and the mixing weights μ_{i|j}.
            let c: f64 = (0..K).map(|i| pi[i][j] * s.probability[i]).sum();
            probability[j] = c;
            let mixed = if c > 1e-300 {
                let parts: [(f64, Gaussian<N>); K] =
                    std::array::from_fn(|i| (pi[i][j] * s.probability[i] / c, s.modes[i]));
                moment_match(&parts).unwrap_or(s.modes[j])
            } else {
                s.modes[j]
            };
            modes[j] = self.filter.predict(&mixed, &self.models[j], t_s, dt_s);
        }
        ImmState {
            modes,
            probability: normalised(probability),
        }
    }

    /// The fit of the mode with the largest probability-weighted likelihood (gating and
    /// association use one fit per observation).
    fn fit<O: Observation<N>>(&self, s: &ImmState<N, K>, o: &O) -> Result<Fit, FilterError> {
        let fits: [Result<Fit, FilterError>; K] =
            std::array::from_fn(|k| o.fit(&self.filter, &s.modes[k]));
        let score = |k: usize| {
            fits[k]
                .as_ref()
                .map_or(0.0, |f| s.probability[k] * f.likelihood())
        };
        let best = (1..K).fold(0, |b, k| if score(k) > score(b) { k } else { b });
        match fits[best] {
            Ok(f) => Ok(f),
            Err(e) => fits.iter().find_map(|f| f.ok()).ok_or(e),
        }
    }

    fn update<O: Observation<N>>(
        &self,
        s: &ImmState<N, K>,
        o: &O,
    ) -> Result<ImmState<N, K>, FilterError> {
        let mut modes = s.modes;
        let mut weight = [0.0; K];
        for k in 0..K {
            if let (Ok(fit), Ok(post)) = (
                o.fit(&self.filter, &s.modes[k]),
                o.update(&self.filter, &s.modes[k]),
            ) {
                modes[k] = post;
                weight[k] = s.probability[k] * fit.likelihood();
            }
        }
        let total: f64 = weight.iter().sum();
        if !(total > 0.0) || !total.is_finite() {
            return Err(FilterError::SingularInnovation);
        }
        // Keep a floor on each probability so a mode can come back.
        Ok(ImmState {
            modes,
            probability: normalised(weight.map(|w| (w / total).max(1e-6))),
        })
    }

    fn mix(&self, parts: &[(f64, ImmState<N, K>)]) -> Option<ImmState<N, K>> {
        let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
        if !(total > 0.0) {
            return None;
        }
        let mut probability = [0.0; K];
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
