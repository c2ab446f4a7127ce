//! Space-based infrared early warning: a satellite on a Keplerian orbit that sees boosters by
//! their plumes — above the cloud tops, not hidden behind the Earth or its atmosphere's limb,
//! inside its field of regard — and measures the line of sight.

use crate::detection::{Swerling, linear_to_db, pd_single_pulse};
use crate::measurement::{Detection, Measurement, SensorTag, Truth};
use crate::orbit::Orbit;
use crate::{Sensor, SensorRng, Target, look_times};
use rand::RngExt;
use rand_distr::StandardNormal;
use vigil_earth::math::Vec3;
use vigil_earth::rotation::EarthRotation;
use vigil_earth::{EarthShape, Ecef, Position};

/// Mean Earth radius for limb geometry, m.
const LIMB_EARTH_RADIUS_M: f64 = 6_371_000.0;

/// An infrared early-warning satellite.
#[derive(Debug, Clone, PartialEq)]
pub struct InfraredSatellite {
    /// The orbit.
    pub orbit: Orbit,
    /// The scenario's Earth rotation (ECI ↔ ECEF).
    pub rotation: EarthRotation,
    /// Time between looks at a given point (scan period; small for staring sensors), s.
    pub revisit_s: f64,
    /// Time of the first look, s.
    pub phase_s: f64,
    /// Plumes below this height are hidden (cloud tops), m.
    pub min_target_height_m: f64,
    /// A line of sight passing below this height above the Earth before reaching the target
    /// is blocked by the atmosphere's limb, m.
    pub limb_height_m: f64,
    /// Half-angle of the field of regard about nadir, rad (None: the whole visible Earth).
    pub field_of_regard_rad: Option<f64>,
    /// Noise-equivalent irradiance, W/m².
    pub nei_w_m2: f64,
    /// Probability of false alarm per look and target cell (sets the threshold).
    pub pfa: f64,
    /// Standard deviation of the line-of-sight angular error, rad.
    pub los_sigma_rad: f64,
}

impl InfraredSatellite {
    /// Whether the line of sight from `sat` to `target` (Earth-fixed, m) is clear: the Earth does
    /// not block it, and where it grazes the atmosphere before reaching the target it stays above
    /// the limb height. A target seen from above against the Earth is visible.
    pub fn line_of_sight_clear(&self, sat: &Vec3, target: &Vec3) -> bool {
        let d = target - sat;
        let len2 = d.norm_squared();
        if len2 == 0.0 {
            return true;
        }
        // Closest approach of the segment to the Earth's centre.
        let s = (-sat.dot(&d) / len2).clamp(0.0, 1.0);
        if s >= 1.0 {
            return true; // still descending towards the target: it is in front of the Earth
        }
        let closest = sat + d * s;
        closest.norm() >= LIMB_EARTH_RADIUS_M + self.limb_height_m
    }

    /// Whether the target is inside the field of regard.
    fn in_field_of_regard(&self, sat: &Vec3, target: &Vec3) -> bool {
        match self.field_of_regard_rad {
            None => true,
            Some(half) => (-sat).angle(&(target - sat)) <= half,
        }
    }

    /// Signal-to-noise ratio (linear) of a plume of `intensity_w_sr` at `range_m`.
    pub fn snr(&self, intensity_w_sr: f64, range_m: f64) -> f64 {
        intensity_w_sr / (range_m * range_m).max(1.0) / self.nei_w_m2
    }

    fn look(
        &self,
        tag: SensorTag,
        targets: &[Target<'_>],
        t_s: f64,
        rng: &mut SensorRng,
    ) -> Vec<Detection> {
        let sat = self.orbit.position_ecef(t_s, &self.rotation);
        let sv = sat.vector();
        let mut out = Vec::new();
        for target in targets {
            let Some(end) = target.thrust_end_s else {
                continue;
            };
            let Some((start, _)) = target.ephemeris.span() else {
                continue;
            };
            if t_s < start || t_s > end {
                continue;
            }
            let Some(state) = target.ephemeris.state_at(t_s) else {
                continue;
            };
            let p = state.position.vector();
            if EarthShape::Wgs84.height_m(&p) < self.min_target_height_m
                || !self.line_of_sight_clear(&sv, &p)
                || !self.in_field_of_regard(&sv, &p)
            {
                continue;
            }
            let range = (p - sv).norm();
            let snr = self.snr(target.plume_w_sr, range);
            if rng.random::<f64>() >= pd_single_pulse(snr, self.pfa, Swerling::Zero) {
                continue;
            }
            let u = noisy_direction(&((p - sv) / range), self.los_sigma_rad, rng);
            out.push(Detection {
                t_s,
                tag,
                measurement: Measurement::LineOfSight {
                    observer: Position::<Ecef>::from_vector(sv),
                    alpha_rad: u.y.atan2(u.x),
                    delta_rad: u.z.clamp(-1.0, 1.0).asin(),
                    sigma_rad: self.los_sigma_rad,
                },
                snr_db: linear_to_db(snr),
                rcs_m2: None,
                truth: Truth::Object {
                    launch: target.launch,
                    object: target.object,
                },
            });
        }
        out
    }
}

/// A unit vector perturbed by an isotropic angular error of standard deviation `sigma` (rad).
fn noisy_direction(u: &Vec3, sigma: f64, rng: &mut SensorRng) -> Vec3 {
    let helper = if u.x.abs() < 0.9 {
        Vec3::x()
    } else {
        Vec3::y()
    };
    let e1 = u.cross(&helper).normalize();
    let e2 = u.cross(&e1);
    let (a, b): (f64, f64) = (rng.sample(StandardNormal), rng.sample(StandardNormal));
    (u + e1 * (sigma * a) + e2 * (sigma * b)).normalize()
}

impl Sensor for InfraredSatellite {
    fn looks(&self, t0_s: f64, t1_s: f64) -> usize {
        look_times(self.revisit_s, self.phase_s, t0_s, t1_s).count()
    }

    fn observe(
        &self,
        tag: SensorTag,
        targets: &[Target<'_>],
        t0_s: f64,
        t1_s: f64,
        rng: &mut SensorRng,
    ) -> Vec<Detection> {
        let mut out = Vec::new();
        for t in look_times(self.revisit_s, self.phase_s, t0_s, t1_s) {
            out.extend(self.look(tag, targets, t, rng));
        }
        out
    }
}
