//! Missile classes: multi-stage boosters, payload and reentry vehicle, with the drag and radar
//! cross-section of every object a launch produces. Built-in classes are illustrative.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Standard gravity for specific impulse, m/s².
pub const G0: f64 = 9.806_65;

/// A missile class: stages from first to last, payload, reentry vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MissileClass {
    /// Name used to refer to the class (e.g. `icbm-generic`).
    pub id: String,
    /// One line on what the class is.
    #[serde(default)]
    pub description: String,
    /// Mass above the last stage that separates at burnout (reentry vehicle and bus), kg.
    pub payload_kg: f64,
    /// Duration of the vertical rise after launch, s.
    pub vertical_rise_s: f64,
    /// Duration of the pitch-over manoeuvre that follows, s.
    pub pitch_over_s: f64,
    /// Drag area C_D·A of the stack during boost, m².
    pub cd_area_m2: f64,
    /// Radiant intensity of the plume while thrusting, W/sr (what infrared satellites see).
    #[serde(default = "default_plume_w_sr")]
    pub plume_w_sr: f64,
    /// The reentry vehicle.
    pub rv: Body,
    /// Speed at which the spent last stage backs away from the reentry vehicle at burnout
    /// (retro-thrust or springs at separation), m/s; 0: the two coast together until the air
    /// tells them apart.
    #[serde(default)]
    pub separation_mps: f64,
    /// Stages, first to last.
    pub stage: Vec<Stage>,
}

/// Drag and radar properties of an unpowered object.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Ballistic coefficient β = m/(C_D·A), kg/m².
    pub beta_kg_m2: f64,
    /// Radar cross-section, m².
    pub rcs_m2: f64,
}

/// One booster stage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Propellant mass, kg.
    pub propellant_kg: f64,
    /// Mass of the stage without propellant, kg.
    pub dry_kg: f64,
    /// Burn time at full thrust, s.
    pub burn_s: f64,
    /// Vacuum thrust, N (give this or `isp_s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thrust_n: Option<f64>,
    /// Vacuum specific impulse, s (give this or `thrust_n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isp_s: Option<f64>,
    /// Ballistic coefficient of the spent stage, kg/m².
    pub beta_kg_m2: f64,
    /// Radar cross-section of the spent stage, m².
    pub rcs_m2: f64,
}

impl Stage {
    /// Propellant mass flow, kg/s.
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.propellant_kg / self.burn_s
    }

    /// Thrust, N (from `thrust_n`, or from `isp_s` and the mass flow).
    pub fn thrust(&self) -> f64 {
        self.thrust_n
            .unwrap_or_else(|| self.isp_s.unwrap_or(0.0) * G0 * self.mass_flow_kg_s())
    }
}

impl MissileClass {
    /// Lift-off mass, kg.
    pub fn launch_mass_kg(&self) -> f64 {
        self.payload_kg
            + self
                .stage
                .iter()
                .map(|s| s.propellant_kg + s.dry_kg)
                .sum::<f64>()
    }

    /// Ideal velocity increment of the whole booster (Tsiolkovsky, no losses), m/s.
    pub fn ideal_delta_v(&self) -> f64 {
        let mut m = self.launch_mass_kg();
        let mut dv = 0.0;
        for s in &self.stage {
            let ve = s.thrust() / s.mass_flow_kg_s();
            dv += ve * (m / (m - s.propellant_kg)).ln();
            m -= s.propellant_kg + s.dry_kg;
        }
        dv
    }

    /// Every rule the class breaks, as readable sentences (empty when valid).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        let id = &self.id;
        let positive = |p: &mut Vec<String>, what: &str, x: f64| {
            if !(x > 0.0 && x.is_finite()) {
                p.push(format!(
                    "missile {id:?}: {what} must be a positive number, got {x}"
                ));
            }
        };
        positive(&mut p, "payload_kg", self.payload_kg);
        positive(&mut p, "cd_area_m2", self.cd_area_m2);
        positive(&mut p, "plume_w_sr", self.plume_w_sr);
        positive(&mut p, "rv.beta_kg_m2", self.rv.beta_kg_m2);
        positive(&mut p, "rv.rcs_m2", self.rv.rcs_m2);
        for (what, x) in [
            ("vertical_rise_s", self.vertical_rise_s),
            ("pitch_over_s", self.pitch_over_s),
            ("separation_mps", self.separation_mps),
        ] {
            if !(x >= 0.0 && x.is_finite()) {
                p.push(format!(
                    "missile {id:?}: {what} must be zero or positive, got {x}"
                ));
            }
        }
        if self.stage.is_empty() {
            p.push(format!("missile {id:?}: needs at least one stage"));
        }
        for (i, s) in self.stage.iter().enumerate() {
            let n = i + 1;
            positive(&mut p, &format!("stage {n} propellant_kg"), s.propellant_kg);
            positive(&mut p, &format!("stage {n} dry_kg"), s.dry_kg);
            positive(&mut p, &format!("stage {n} burn_s"), s.burn_s);
            positive(&mut p, &format!("stage {n} beta_kg_m2"), s.beta_kg_m2);
            positive(&mut p, &format!("stage {n} rcs_m2"), s.rcs_m2);
            match (s.thrust_n, s.isp_s) {
                (Some(t), None) => positive(&mut p, &format!("stage {n} thrust_n"), t),
                (None, Some(i)) => positive(&mut p, &format!("stage {n} isp_s"), i),
                _ => p.push(format!(
                    "missile {id:?}: stage {n} needs exactly one of thrust_n and isp_s"
                )),
            }
        }
        if p.is_empty() {
            let twr = self.stage[0].thrust() / (self.launch_mass_kg() * G0);
            if twr <= 1.05 {
                p.push(format!(
                    "missile {id:?}: lift-off thrust-to-weight ratio is {twr:.2}; it must exceed 1.05 to lift off"
                ));
            }
        }
        p
    }
}

/// Plume radiant intensity when a class does not give one, W/sr (order of magnitude of
/// published solid-rocket plume figures in the short-wave infrared; illustrative).
pub fn default_plume_w_sr() -> f64 {
    1.0e6
}

/// A file of missile classes: `[[missile]]` tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissileFile {
    /// The classes.
    pub missile: Vec<MissileClass>,
}

/// The built-in, illustrative classes (`icbm-generic`, `slbm-generic`, `irbm-generic`).
pub fn builtin_classes() -> Vec<MissileClass> {
    const TEXT: &str = include_str!("../data/missiles.toml");
    match toml::from_str::<MissileFile>(TEXT) {
        Ok(f) => f.missile,
        // The file is part of the build and checked by a test; an empty list cannot happen in
        // a released binary.
        Err(_) => Vec::new(),
    }
}

/// Looks a class up by id among the built-in classes.
pub fn builtin_class(id: &str) -> Option<MissileClass> {
    builtin_classes().into_iter().find(|c| c.id == id)
}

/// Why [`choose_class`] found no usable class.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassError {
    /// No class has the id.
    #[error("unknown missile class {id:?}; known: {}", known.join(", "))]
    Unknown {
        /// The id asked for.
        id: String,
        /// The ids there are, in order.
        known: Vec<String>,
    },
    /// The class breaks rules ([`MissileClass::problems`]).
    #[error("{}", .0.join("; "))]
    Invalid(Vec<String>),
}

/// The class called `id` among `classes` (the last one of that id, so later definitions
/// override earlier ones), if it is valid.
pub fn choose_class(classes: Vec<MissileClass>, id: &str) -> Result<MissileClass, ClassError> {
    let known: Vec<String> = classes.iter().map(|c| c.id.clone()).collect();
    let Some(class) = classes.into_iter().rev().find(|c| c.id == id) else {
        let id = id.to_string();
        return Err(ClassError::Unknown { id, known });
    };
    match class.problems() {
        p if p.is_empty() => Ok(class),
        p => Err(ClassError::Invalid(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last class of an id wins; an unknown id lists the known ones; an invalid class is
    /// refused with its problems.
    #[test]
    fn choose_class_takes_the_last_valid_definition() {
        let mut classes = builtin_classes();
        let mut heavy = classes[0].clone();
        heavy.payload_kg *= 2.0;
        classes.push(heavy.clone());
        assert_eq!(choose_class(classes.clone(), &heavy.id), Ok(heavy.clone()));
        let unknown = choose_class(classes.clone(), "nope")
            .unwrap_err()
            .to_string();
        assert!(unknown.starts_with("unknown missile class \"nope\"; known: icbm-generic, "));
        heavy.payload_kg = -1.0;
        classes.push(heavy.clone());
        let invalid = choose_class(classes, &heavy.id).unwrap_err();
        assert_eq!(invalid, ClassError::Invalid(heavy.problems()));
    }

    #[test]
    fn builtin_file_parses_and_is_valid() {
        let text = include_str!("../data/missiles.toml");
        let f: MissileFile = toml::from_str(text).unwrap();
        assert_eq!(f.missile.len(), 3);
        for c in &f.missile {
            assert!(c.problems().is_empty(), "{:?}", c.problems());
            assert!(c.description.contains("not a real system"));
        }
        assert!(builtin_class("icbm-generic").is_some());
        assert!(builtin_class("nope").is_none());
    }

    #[test]
    fn problems_are_all_reported() {
        let mut c = builtin_class("irbm-generic").unwrap();
        c.payload_kg = -1.0;
        c.stage[1].isp_s = None;
        c.stage[0].burn_s = f64::NAN;
        let p = c.problems();
        assert_eq!(p.len(), 3, "{p:?}");
    }

    /// Tsiolkovsky: one stage of exhaust velocity vₑ from m0 to m1 gives vₑ ln(m0/m1).
    #[test]
    fn ideal_delta_v_single_stage() {
        let c = MissileClass {
            id: "t".into(),
            description: String::new(),
            payload_kg: 100.0,
            vertical_rise_s: 0.0,
            pitch_over_s: 0.0,
            cd_area_m2: 1.0,
            plume_w_sr: 1e6,
            rv: Body {
                beta_kg_m2: 1.0,
                rcs_m2: 1.0,
            },
            separation_mps: 0.0,
            stage: vec![Stage {
                propellant_kg: 800.0,
                dry_kg: 100.0,
                burn_s: 10.0,
                thrust_n: None,
                isp_s: Some(300.0),
                beta_kg_m2: 1.0,
                rcs_m2: 1.0,
            }],
        };
        let expect = 300.0 * G0 * (1000.0f64 / 200.0).ln();
        assert!((c.ideal_delta_v() - expect).abs() < 1e-9);
    }
}
