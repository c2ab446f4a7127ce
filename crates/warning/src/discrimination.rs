//! What a tracked object is, from what a real system sees of it: its radar cross-section and,
//! on reentry, its deceleration — the tracker's bank of ballistic coefficients (β) says which
//! β the measured track follows. Reentry vehicles are built heavy and slender (β of thousands
//! of kg/m², RCS of hundredths of m²); spent stages are light and big (β of hundreds, RCS of
//! square metres). Reads tracks, never truth.

use crate::impact::Beta;
use vigil_tracking::Gaussian;

/// Ballistic coefficients from this up are a reentry vehicle's; below, a stage's, kg/m².
pub const HEAVY_BETA_KG_M2: f64 = 1_000.0;

/// An object class is announced when its probability reaches this.
pub const CLASS_CONFIDENCE: f64 = 0.9;

/// Likelihood ratio of an RCS hint for its class. Weak on purpose: RCS alone never makes a
/// class (4:1 gives 0.8 < [`CLASS_CONFIDENCE`]) — a big object in mid-course may be the last
/// stage flying with a warhead, or an unresolved cluster holding one; the deceleration on
/// reentry decides.
const RCS_LIKELIHOOD_RATIO: f64 = 4.0;

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

    /// The class an estimated RCS alone suggests (m²): ≥ 1 m² a stage, ≤ 0.3 m² a reentry
    /// vehicle, in between or unmeasured unknown.
    pub fn from_rcs(rcs_m2: Option<f64>) -> Self {
        match rcs_m2 {
            Some(x) if x >= 1.0 => ObjectClass::Stage,
            Some(x) if x <= 0.3 => ObjectClass::ReentryVehicle,
            _ => ObjectClass::Unknown,
        }
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
/// deceleration seen so far; equal while the object is above the air) with the RCS hint, as
/// independent evidence: P(h | data) ∝ P_track(h) · L_rcs(class of h).
pub fn discriminate(coast: &[Coast], rcs_m2: Option<f64>) -> Discrimination {
    let hint = ObjectClass::from_rcs(rcs_m2);
    let rcs_weight = |c: &Coast| match (hint, c.heavy()) {
        (ObjectClass::ReentryVehicle, true) | (ObjectClass::Stage, false) => RCS_LIKELIHOOD_RATIO,
        _ => 1.0,
    };
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
    let class = if p_stage >= CLASS_CONFIDENCE {
        ObjectClass::Stage
    } else if 1.0 - p_stage >= CLASS_CONFIDENCE {
        ObjectClass::ReentryVehicle
    } else {
        ObjectClass::Unknown
    };
    Discrimination {
        class,
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

    /// Bayes by hand: equal track evidence and an RV-sized RCS give 4/5 for the RV (no class
    /// from RCS alone); a deceleration 99:1 for a stage outweighs an RV-sized RCS (99/(99+4) =
    /// 0.961 stage).
    #[test]
    fn rcs_and_deceleration_combine_as_independent_evidence() {
        let d = discriminate(&bank(0.5), Some(0.05));
        assert!((1.0 - d.p_stage - 0.8).abs() < 1e-12);
        assert_eq!(d.class, ObjectClass::Unknown);
        let d = discriminate(&bank(0.5), Some(5.0));
        assert!((d.p_stage - 0.8).abs() < 1e-12);
        assert_eq!(d.class, ObjectClass::Unknown);
        let d = discriminate(&bank(0.01), Some(0.05));
        assert!((d.p_stage - 99.0 / 103.0).abs() < 1e-12, "{}", d.p_stage);
        assert_eq!(d.class, ObjectClass::Stage);
        let d = discriminate(&bank(0.5), None);
        assert_eq!(d.class, ObjectClass::Unknown);
        assert!((d.coast.iter().map(|c| c.probability).sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
