//! What a tracked object is, from what a real system sees of it: its radar cross-section and,
//! on reentry, its deceleration — the tracker's bank of ballistic coefficients (β) says which
//! β the measured track follows. Reentry vehicles are built heavy and slender (β of thousands
//! of kg/m², RCS of hundredths of m²); spent stages are light and big (β of hundreds, RCS of
//! square metres). Reads tracks, never truth.

use crate::impact::Beta;
use vigil_tracking::Gaussian;
use vigil_tracking::amplitude::RcsEstimate;

/// Ballistic coefficients from this up are a reentry vehicle's; below, a stage's, kg/m².
pub const HEAVY_BETA_KG_M2: f64 = 1_000.0;

/// An object class is announced when its probability reaches this.
pub const CLASS_CONFIDENCE: f64 = 0.9;

/// Mean radar cross-sections a reentry vehicle may have, m² (log-uniform prior; generic: small,
/// slender bodies).
const RV_RCS_M2: (f64, f64) = (0.003, 0.5);

/// Mean radar cross-sections a spent stage may have, m² (log-uniform prior; generic: metres-long
/// cylinders).
const STAGE_RCS_M2: (f64, f64) = (0.5, 50.0);

/// What an object is believed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectClass {
    /// A reentry vehicle: heavy, small.
    ReentryVehicle,
    /// A spent booster stage: light, big.
    Stage,
    /// Not known (yet).
    Unknown,
}

impl ObjectClass {
    /// The name in files: `reentry-vehicle`, `stage`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectClass::ReentryVehicle => "reentry-vehicle",
            ObjectClass::Stage => "stage",
            ObjectClass::Unknown => "unknown",
        }
    }

    /// The class whose probability reaches [`CLASS_CONFIDENCE`], given P(stage); else unknown.
    pub fn from_p_stage(p_stage: f64) -> Self {
        if p_stage >= CLASS_CONFIDENCE {
            ObjectClass::Stage
        } else if 1.0 - p_stage >= CLASS_CONFIDENCE {
            ObjectClass::ReentryVehicle
        } else {
            ObjectClass::Unknown
        }
    }
}

/// Probability that an object is a stage from its measured RCS alone, stage and reentry vehicle
/// equally likely before: P = L_stage / (L_stage + L_rv) over the classes' RCS priors.
pub fn p_stage_from_rcs(rcs: &RcsEstimate) -> f64 {
    let (stage, rv) = (rcs.likelihood(STAGE_RCS_M2), rcs.likelihood(RV_RCS_M2));
    if stage + rv > 0.0 {
        stage / (stage + rv)
    } else {
        0.5
    }
}

/// One hypothesis of a coasting object's flight: its ballistic coefficient (None: vacuum),
/// its probability and the state estimate conditioned on it (ECEF [r, v], m, m/s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coast {
    /// Ballistic coefficient and its spread (None: no drag).
    pub beta: Option<Beta>,
    /// Probability (the hypotheses of a track sum to 1).
    pub probability: f64,
    /// The estimate under this hypothesis.
    pub estimate: Gaussian<6>,
}

impl Coast {
    /// Whether the hypothesis is a reentry vehicle's (β ≥ [`HEAVY_BETA_KG_M2`] or vacuum).
    pub fn heavy(&self) -> bool {
        self.beta.is_none_or(|b| b.kg_m2 >= HEAVY_BETA_KG_M2)
    }
}

/// The belief about one object: its class, the class's probability, and the β hypotheses
/// reweighted by the RCS.
#[derive(Debug, Clone, PartialEq)]
pub struct Discrimination {
    /// Most probable class, or unknown below [`CLASS_CONFIDENCE`].
    pub class: ObjectClass,
    /// Probability that the object is a stage (the rest: a reentry vehicle).
    pub p_stage: f64,
    /// The β hypotheses with the RCS folded in (probabilities sum to 1).
    pub coast: Vec<Coast>,
}

impl Discrimination {
    /// The probability of the announced class (of the likelier one when unknown).
    pub fn confidence(&self) -> f64 {
        self.p_stage.max(1.0 - self.p_stage)
    }
}

/// Combines the tracker's β hypotheses (their probabilities are the likelihood of the
/// deceleration seen so far; equal while the object is above the air) with the RCS, as
/// independent evidence: P(h | data) ∝ P_track(h) · L_rcs(class of h).
pub fn discriminate(coast: &[Coast], rcs: Option<RcsEstimate>) -> Discrimination {
    let p_rcs = rcs.as_ref().map_or(0.5, p_stage_from_rcs);
    let rcs_weight = |c: &Coast| if c.heavy() { 1.0 - p_rcs } else { p_rcs };
    let weights: Vec<f64> = coast
        .iter()
        .map(|c| c.probability.max(0.0) * rcs_weight(c))
        .collect();
    let total: f64 = weights.iter().sum();
    let coast: Vec<Coast> = if total > 0.0 && total.is_finite() {
        coast
            .iter()
            .zip(&weights)
            .map(|(c, w)| Coast {
                probability: w / total,
                ..*c
            })
            .collect()
    } else {
        coast.to_vec()
    };
    let p_stage: f64 = coast
        .iter()
        .filter(|c| !c.heavy())
        .map(|c| c.probability)
        .sum::<f64>()
        .clamp(0.0, 1.0);
    Discrimination {
        class: ObjectClass::from_p_stage(p_stage),
        p_stage,
        coast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank(p_heavy: f64) -> Vec<Coast> {
        let g = Gaussian::new(
            nalgebra::SVector::<f64, 6>::repeat(1.0),
            nalgebra::SMatrix::<f64, 6, 6>::identity(),
        );
        vec![
            Coast {
                beta: Some(Beta {
                    kg_m2: 4_000.0,
                    spread: 0.3,
                }),
                probability: p_heavy,
                estimate: g,
            },
            Coast {
                beta: Some(Beta {
                    kg_m2: 300.0,
                    spread: 0.3,
                }),
                probability: 1.0 - p_heavy,
                estimate: g,
            },
        ]
    }

    /// An RCS estimate of `looks` looks all reading `m2` (its mean reads 1.78 × `m2`).
    fn rcs(m2: f64, looks: u32) -> RcsEstimate {
        (1..looks).fold(RcsEstimate::first(m2).unwrap(), |e, _| e.with(m2))
    }

    /// Bayes by hand: with the RCS saying P(stage) = p, equal track evidence gives p and a
    /// deceleration 99:1 for a stage gives 99p / (99p + (1 − p)).
    #[test]
    fn rcs_and_deceleration_combine_as_independent_evidence() {
        let small = rcs(0.05, 1);
        let p = p_stage_from_rcs(&small);
        let d = discriminate(&bank(0.5), Some(small));
        assert!((d.p_stage - p).abs() < 1e-12);
        let d = discriminate(&bank(0.01), Some(small));
        let want = 99.0 * p / (99.0 * p + (1.0 - p));
        assert!((d.p_stage - want).abs() < 1e-12, "{} {want}", d.p_stage);
        let d = discriminate(&bank(0.5), None);
        assert_eq!(d.class, ObjectClass::Unknown);
        assert!((d.p_stage - 0.5).abs() < 1e-12);
        assert!((d.coast.iter().map(|c| c.probability).sum::<f64>() - 1.0).abs() < 1e-12);
    }

    /// One look is weak evidence (its log has a deviation of 0.56 decades), nine looks decide:
    /// an RV-sized 0.03 m² is at worst unknown after one look and a reentry vehicle after nine; a
    /// stage of 2 m² likewise; the border of the two priors stays unknown.
    #[test]
    fn rcs_evidence_grows_with_looks() {
        let p = |m2, looks| p_stage_from_rcs(&rcs(m2, looks));
        let (rv1, rv9) = (p(0.03, 1), p(0.03, 9));
        assert!(rv1 > 0.02 && rv1 < 0.5, "{rv1}");
        assert!(rv9 < 1.0 - CLASS_CONFIDENCE, "{rv9}");
        let (st1, st9) = (p(2.0, 1), p(2.0, 9));
        assert!(st1 > 0.5 && st1 < 0.98, "{st1}");
        assert!(st9 > CLASS_CONFIDENCE, "{st9}");
        // Looks reading x make an estimate of mean x · m2(one look of 1 m²).
        let border = p(0.5 / rcs(1.0, 1).m2(), 20);
        assert!((border - 0.5).abs() < 0.1, "{border}");
    }
}
