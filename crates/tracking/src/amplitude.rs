//! A track's radar cross-section, from the RCS its radar detections measure, and what it says
//! about which detection is the track's: amplitude-aided association (Lerro & Bar-Shalom 1993,
//! "Interacting multiple model tracking with target amplitude feature", IEEE Trans. AES 29(2)).
//! A small object's track does not take a big object's plot when the two fly inside each
//! other's gates, as a reentry vehicle and the stage that released it do for minutes.
//!
//! Every look of a fluctuating target (Swerling 1/2) measures an exponentially distributed RCS
//! about the target's mean σ̄; the estimate is the mean of log RCS over recent looks.

/// Weight of the newest look once a track holds more than 1/weight looks: older looks are
/// forgotten, so a track that moves from a cluster to one object follows the object.
const NEWEST_WEIGHT: f64 = 0.2;

/// Standard deviation of log₁₀ of one look's RCS (exponential power): π/√6 / ln 10.
const LOOK_SIGMA_LOG10: f64 = 0.557_0;

/// How far the mean of log₁₀ of an exponential variate lies below log₁₀ of its mean: γ / ln 10
/// (γ Euler's constant).
const LOOK_BIAS_LOG10: f64 = 0.250_7;

/// Mean RCS any object may have, m²: the log-uniform prior a plot's RCS is weighed against
/// when it is not the track's object (so a track with no RCS yet is neither helped nor hurt).
const ANY_OBJECT_M2: (f64, f64) = (1e-3, 1e2);

/// Bound on the association term, nats: one plot's amplitude never outweighs its geometry
/// beyond this.
const MAX_COST: f64 = 20.0;

/// Gauss–Hermite nodes and weights for a standard normal (5 points, exact to degree 9).
const HERMITE: [(f64, f64); 5] = [
    (-2.856_970_013_872_806, 0.011_257_411_327_720_7),
    (-1.355_626_179_974_266, 0.222_075_922_005_612_6),
    (0.0, 0.533_333_333_333_333_3),
    (1.355_626_179_974_266, 0.222_075_922_005_612_6),
    (2.856_970_013_872_806, 0.011_257_411_327_720_7),
];

/// A track's radar cross-section as measured: the mean of log₁₀ of its looks' RCS, recent
/// looks weighted more, and how many looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RcsEstimate {
    /// Mean of log₁₀ of the looks' RCS (m²).
    log10_mean: f64,
    /// Looks taken.
    looks: u32,
}

impl RcsEstimate {
    /// The estimate from a first look of `rcs_m2` (None unless positive and finite).
    pub fn first(rcs_m2: f64) -> Option<Self> {
        (rcs_m2 > 0.0 && rcs_m2.is_finite()).then(|| Self {
            log10_mean: rcs_m2.log10(),
            looks: 1,
        })
    }

    /// The estimate after one more look of `rcs_m2` (None: no look), starting from `old`.
    pub fn update(old: Option<Self>, rcs_m2: Option<f64>) -> Option<Self> {
        match (old, rcs_m2) {
            (Some(e), Some(x)) => Some(e.with(x)),
            (None, Some(x)) => Self::first(x),
            (e, None) => e,
        }
    }

    /// The estimate with one more look of `rcs_m2` (unchanged by a look that is not positive
    /// and finite): a running mean, forgetting at [`NEWEST_WEIGHT`] once it holds enough.
    pub fn with(self, rcs_m2: f64) -> Self {
        if !(rcs_m2 > 0.0 && rcs_m2.is_finite()) {
            return self;
        }
        let looks = self.looks.saturating_add(1);
        let w = (1.0 / f64::from(looks)).max(NEWEST_WEIGHT);
        Self {
            log10_mean: (1.0 - w) * self.log10_mean + w * rcs_m2.log10(),
            looks,
        }
    }

    /// The mean RCS this estimates, m² (the log mean corrected for an exponential's skew).
    pub fn m2(&self) -> f64 {
        10f64.powf(self.log10_mean + LOOK_BIAS_LOG10)
    }

    /// Standard deviation of log₁₀ of the estimated mean: one look's over √n, n the effective
    /// looks of the forgetting mean (at most (2 − w)/w).
    fn sigma_log10(&self) -> f64 {
        let n_max = (2.0 - NEWEST_WEIGHT) / NEWEST_WEIGHT;
        LOOK_SIGMA_LOG10 / f64::from(self.looks).clamp(1.0, n_max).sqrt()
    }

    /// Likelihood of this estimate for an object whose mean RCS is log-uniform over
    /// `[lo, hi]` m², per decade: the log mean is normal about log₁₀ σ̄ − [`LOOK_BIAS_LOG10`].
    pub fn likelihood(&self, (lo, hi): (f64, f64)) -> f64 {
        let (s, m) = (self.sigma_log10(), self.log10_mean + LOOK_BIAS_LOG10);
        let cdf = |x: f64| 0.5 * libm::erfc(-(x - m) / (s * std::f64::consts::SQRT_2));
        let (a, b) = (lo.log10(), hi.log10());
        (cdf(b) - cdf(a)) / (b - a)
    }

    /// Association cost of a plot measuring `rcs_m2` for this track, nats: −ln of the density
    /// of its log RCS for the track's object (σ̄ uncertain as estimated) over that for any
    /// object ([`ANY_OBJECT_M2`]); 0 for a plot without a positive finite RCS.
    pub fn association_cost(&self, rcs_m2: f64) -> f64 {
        if !(rcs_m2 > 0.0 && rcs_m2.is_finite()) {
            return 0.0;
        }
        // Density of u = ln x when x is exponential of mean σ̄: (x/σ̄)·exp(−x/σ̄).
        let density = |ln_mean: f64| {
            let r = (rcs_m2.ln() - ln_mean).exp();
            r * (-r).exp()
        };
        let ln10 = std::f64::consts::LN_10;
        let (mu, s) = (self.m2().ln(), self.sigma_log10() * ln10);
        let track: f64 = HERMITE.iter().map(|(z, w)| w * density(mu + s * z)).sum();
        let (lo, hi) = ANY_OBJECT_M2;
        let any = ((-rcs_m2 / hi).exp() - (-rcs_m2 / lo).exp()) / (hi / lo).ln();
        let cost = -(track / any).ln();
        if cost.is_nan() {
            0.0
        } else {
            cost.clamp(-MAX_COST, MAX_COST)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An estimate of `m2` from `looks` looks, every look reading the same.
    fn steady(m2: f64, looks: u32) -> RcsEstimate {
        let one = m2 / 10f64.powf(LOOK_BIAS_LOG10);
        (1..looks).fold(RcsEstimate::first(one).unwrap(), |e, _| e.with(one))
    }

    /// The log mean of many exponential looks comes back to the mean RCS (the skew
    /// correction γ/ln 10 is right): 200,000 draws (σ of the mean 0.3 %), within 1 %.
    #[test]
    fn mean_of_exponential_looks_recovers_the_mean_rcs() {
        use rand::SeedableRng;
        use rand_distr::{Distribution, Exp1};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let n = 200_000;
        let sum: f64 = (0..n)
            .map(|_| {
                let e: f64 = Exp1.sample(&mut rng);
                (2.0 * e).log10()
            })
            .sum();
        let m = 10f64.powf(sum / f64::from(n) + LOOK_BIAS_LOG10);
        assert!((m / 2.0 - 1.0).abs() < 0.01, "{m}");
    }

    /// The cost prefers the plot of the track's own size: a 3 m² track takes a 3 m² plot at a
    /// negative cost and a 0.05 m² plot at a positive one; a 0.05 m² track all but refuses a 3 m²
    /// plot (> 15 nats, at most the bound); an estimate of one look weighs less than one of many.
    #[test]
    fn association_cost_prefers_plots_of_the_track_s_size() {
        let big = steady(3.0, 10);
        let small = steady(0.05, 10);
        assert!(
            big.association_cost(3.0) < -1.0,
            "{}",
            big.association_cost(3.0)
        );
        assert!(
            big.association_cost(0.05) > 1.0,
            "{}",
            big.association_cost(0.05)
        );
        assert!(small.association_cost(0.05) < -1.0);
        assert!(small.association_cost(3.0) > 15.0);
        assert!(small.association_cost(300.0) <= MAX_COST);
        let one = steady(0.05, 1);
        assert!(one.association_cost(3.0) < small.association_cost(3.0));
        assert_eq!(big.association_cost(f64::NAN), 0.0);
        assert_eq!(big.association_cost(0.0), 0.0);
    }

    /// The predictive density of log RCS integrates to one over a wide range (the Hermite
    /// sum and the Gumbel-type density are normalised): trapezoid over u in [−30, 10].
    #[test]
    fn predictive_density_is_normalised() {
        for e in [steady(0.05, 1), steady(3.0, 10)] {
            let (lo, hi, n) = (-30.0f64, 10.0f64, 40_000);
            let h = (hi - lo) / f64::from(n);
            let integral: f64 = (0..=n)
                .map(|i| {
                    let u = lo + h * f64::from(i);
                    let w = if i == 0 || i == n { 0.5 } else { 1.0 };
                    let (l, hh) = ANY_OBJECT_M2;
                    let x = u.exp();
                    let any = ((-x / hh).exp() - (-x / l).exp()) / (hh / l).ln();
                    w * h * any * (-e.association_cost(x)).exp()
                })
                .sum();
            assert!((integral - 1.0).abs() < 2e-3, "{integral}");
        }
    }

    /// The mean forgets: a track that held a big cluster for 30 looks and then a small object
    /// for 20 reads as the small object (within 10 %: 0.8²⁰ of the old log mean is left).
    #[test]
    fn estimate_follows_the_newest_object() {
        let bias = 10f64.powf(LOOK_BIAS_LOG10);
        let stage = steady(3.0, 30);
        let rv = (0..20).fold(stage, |e, _| e.with(0.05 / bias));
        assert!((rv.m2() / 0.05 - 1.0).abs() < 0.1, "{}", rv.m2());
        assert_eq!(stage.with(f64::NAN), stage);
        assert!(RcsEstimate::first(0.0).is_none());
        assert_eq!(RcsEstimate::update(None, None), None);
        assert_eq!(RcsEstimate::update(Some(stage), None), Some(stage));
    }
}
