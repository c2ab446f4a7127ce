//! Stereo infrared: the 3-D boost-phase track of a booster that two or more infrared
//! satellites see, from their lines of sight alone.
//!
//! One satellite measures only a direction: the booster could be anywhere along it. A second
//! satellite's line of sight crosses the first, so an extended Kalman filter on the booster's
//! position, velocity and acceleration pins it in 3-D — a *fix* once its position is
//! known to a few km. Its motion model is constant acceleration with white jerk (thrust
//! growing as the propellant burns, the pitch programme); a look that does not fit (a new
//! stage lighting: the acceleration drops at once) opens the acceleration's variance before
//! the update. From a fix come:
//!
//! - **the launch point**: the ground under the first fix, which comes a few looks after the
//!   plume clears the clouds, while the booster still climbs almost straight up;
//! - **the impact corridor**: the booster's present state flown on for any burn left `τ` in
//!   `[0, τ_max]` and then in free flight. While it burns, τ_max is what would take it to a
//!   generic top speed ([`StereoConfig::max_burnout_speed_mps`]); once the plume is gone
//!   (each satellite that saw it missed a look), the burn ended between the last look that saw
//!   it and the first that did not. The corridor is wide and honest early, and shrinks.

use crate::impact::{ImpactError, ImpactPrediction, mixture, predict_impact};
use crate::threat::{Area, probability_inside};
use nalgebra::{SMatrix, SVector, Vector2};
use vigil_earth::math::Vec3;
use vigil_earth::{Ecef, Geodetic, Position};
use vigil_flight::ForceModel;
use vigil_sensors::{Detection, Measurement};
use vigil_tracking::Gaussian;
use vigil_tracking::MotionModel;
use vigil_tracking::filter::{Ekf, Filter};
use vigil_tracking::models::linear::ConstantAcceleration;
use vigil_tracking::models::measurement::LineOfSight;

/// Settings of the boost-phase tracks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StereoConfig {
    /// Spectral density of the white jerk, m²/s⁵.
    pub jerk_psd: f64,
    /// Standard deviation added to each axis of the acceleration when a look does not fit (a
    /// new stage), m/s².
    pub staging_mps2: f64,
    /// A track is a fix once its largest position standard deviation is below this, m.
    pub fix_sigma_m: f64,
    /// Generic top burnout speed of a threat (Earth-fixed), m/s: bounds the burn left.
    pub max_burnout_speed_mps: f64,
    /// Most burn left considered, s.
    pub max_burn_left_s: f64,
    /// Spacing of the corridor's hypotheses of burn left, s.
    pub corridor_step_s: f64,
    /// Whether impact corridors are flown (off: the tracks give only the launch point and
    /// azimuth, as for cueing).
    pub corridors: bool,
}

impl Default for StereoConfig {
    fn default() -> Self {
        Self {
            jerk_psd: 10.0,
            staging_mps2: 30.0,
            fix_sigma_m: 5_000.0,
            max_burnout_speed_mps: 7_400.0,
            max_burn_left_s: 240.0,
            corridor_step_s: 0.5,
            corridors: true,
        }
    }
}

/// One infrared line of sight: the observer and the measured direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Time, s.
    pub t_s: f64,
    /// Sensor index.
    pub sensor: u32,
    /// Observer position.
    pub observer: Position<Ecef>,
    /// Unit direction to the plume, Earth-fixed.
    pub u: Vec3,
    /// Angular noise standard deviation, rad.
    pub sigma_rad: f64,
}

impl Look {
    /// The look an infrared detection makes (None for a radar's).
    pub fn of(d: &Detection) -> Option<Self> {
        let Measurement::LineOfSight {
            observer,
            sigma_rad,
            ..
        } = d.measurement
        else {
            return None;
        };
        Some(Self {
            t_s: d.t_s,
            sensor: d.tag.sensor,
            observer,
            u: d.measurement.ecef_vector(),
            sigma_rad,
        })
    }

    fn model(&self) -> (LineOfSight, SVector<f64, 2>) {
        let delta = self.u.z.clamp(-1.0, 1.0).asin();
        let model = LineOfSight {
            observer: self.observer.vector(),
            sigma_rad: self.sigma_rad,
            delta_rad: delta,
        };
        (
            model,
            SVector::<f64, 2>::new(self.u.y.atan2(self.u.x), delta),
        )
    }
}

/// The last look of one satellite at the booster, and the interval between its looks.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seen {
    sensor: u32,
    last_s: f64,
    revisit_s: Option<f64>,
}

/// A booster's boost-phase track from lines of sight ([module docs](self)).
#[derive(Debug, Clone, PartialEq)]
pub struct BoostTrack {
    /// Time of the estimate, s.
    t_s: f64,
    /// Earth-fixed [r, v, a], m, m/s, m/s².
    estimate: Gaussian<9>,
    seen: Vec<Seen>,
    /// The launch, placed at the first fix.
    launch: Option<LaunchEstimate>,
}

/// Where a boost-phase track puts the launch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaunchEstimate {
    /// The launch point (surface).
    pub point: Geodetic,
    /// Its covariance in the local (east, north) plane, m².
    pub cov_en_m2: nalgebra::Matrix2<f64>,
}

impl LaunchEstimate {
    /// The ground under an estimate's position, with the horizontal part of its covariance.
    fn under(g: &Gaussian<9>) -> Self {
        let p = Vec3::new(g.mean[0], g.mean[1], g.mean[2]);
        let mut point = Geodetic::from_ecef(&Position::from_vector(p));
        point.h_m = 0.0;
        let [e, n, _] = point.enu_axes();
        let h = nalgebra::Matrix2x3::from_rows(&[e.transpose(), n.transpose()]);
        let cov = h * g.cov.fixed_view::<3, 3>(0, 0) * h.transpose();
        Self {
            point,
            cov_en_m2: (cov + cov.transpose()) * 0.5,
        }
    }
}

/// The filter's motion model.
fn motion(config: &StereoConfig) -> ConstantAcceleration {
    ConstantAcceleration { q: config.jerk_psd }
}

/// A look whose normalised innovation squared is above this (χ²₂ at 0.999) opens the
/// acceleration's variance: a new stage.
const STAGING_NIS: f64 = 13.8;

/// Most hypotheses of burn left in a corridor, less one.
const MAX_CORRIDOR_STEPS: f64 = 8.0;

/// Height where the first line of sight is assumed to meet the plume, m.
const FIRST_PLUME_HEIGHT_M: f64 = 30_000.0;

impl BoostTrack {
    /// A track started by one look: somewhere along the line of sight near the plume height
    /// (100 km standard deviation), climbing at 500 m/s and accelerating upwards at 20 m/s²
    /// (700 m/s and 30 m/s² standard deviations per axis). None for a line of sight that
    /// misses the Earth.
    pub fn start(look: &Look, config: &StereoConfig) -> Option<Self> {
        let g =
            crate::alerts::ray_at_height(&look.observer.vector(), &look.u, FIRST_PLUME_HEIGHT_M)?;
        let up = g.enu_axes()[2];
        let p = Geodetic {
            h_m: FIRST_PLUME_HEIGHT_M,
            ..g
        }
        .to_ecef()
        .vector();
        let (v, a) = (up * 500.0, up * 20.0);
        let mean =
            SVector::<f64, 9>::from_column_slice(&[p.x, p.y, p.z, v.x, v.y, v.z, a.x, a.y, a.z]);
        let sd = [1e5, 1e5, 1e5, 700.0, 700.0, 700.0, 30.0, 30.0, 30.0];
        let cov =
            SMatrix::<f64, 9, 9>::from_diagonal(&SVector::<f64, 9>::from_fn(|i, _| sd[i] * sd[i]));
        let mut track = Self {
            t_s: look.t_s,
            estimate: Gaussian::new(mean, cov),
            seen: Vec::new(),
            launch: None,
        };
        track.absorb(look, config).ok()?;
        Some(track)
    }

    /// Time of the estimate, s.
    pub fn t_s(&self) -> f64 {
        self.t_s
    }

    /// The estimate, Earth-fixed [r, v, a].
    pub fn estimate(&self) -> &Gaussian<9> {
        &self.estimate
    }

    /// The satellites that have seen it.
    pub fn sensors(&self) -> Vec<u32> {
        self.seen.iter().map(|s| s.sensor).collect()
    }

    /// The estimate predicted to `t_s` (not before the track's time).
    fn predicted(&self, t_s: f64, config: &StereoConfig) -> Gaussian<9> {
        Ekf.predict(
            &self.estimate,
            &motion(config),
            self.t_s,
            (t_s - self.t_s).max(0.0),
        )
    }

    /// The azimuth of the velocity over the ground (rad clockwise from north) and its standard
    /// deviation, rad (linearised: the velocity's spread across its horizontal direction over
    /// the horizontal speed). None while the booster has no horizontal speed.
    pub fn heading(&self) -> Option<(f64, f64)> {
        let m = &self.estimate.mean;
        let here = Geodetic::from_ecef(&Position::from_vector(Vec3::new(m[0], m[1], m[2])));
        let [e, n, _] = here.enu_axes();
        let v = Vec3::new(m[3], m[4], m[5]);
        let (ve, vn) = (e.dot(&v), n.dot(&v));
        let speed = ve.hypot(vn);
        if speed <= 0.0 {
            return None;
        }
        let across = (e * vn - n * ve) / speed;
        let p = self.estimate.cov.fixed_view::<3, 3>(3, 3).into_owned();
        let sigma = across.dot(&(p * across)).max(0.0).sqrt() / speed;
        Some((ve.atan2(vn).rem_euclid(std::f64::consts::TAU), sigma))
    }

    /// Normalised innovation squared of a look against the track (for association).
    pub fn nis(&self, look: &Look, config: &StereoConfig) -> Option<f64> {
        let (model, z) = look.model();
        Ekf.innovation(&self.predicted(look.t_s, config), &model, &z)
            .ok()
            .map(|i| i.nis)
    }

    /// Updates the track with a look (not earlier than its time); the estimate is unchanged
    /// when the update is refused.
    pub fn update(&mut self, look: &Look, config: &StereoConfig) {
        if look.t_s < self.t_s {
            return;
        }
        self.estimate = self.predicted(look.t_s, config);
        self.t_s = look.t_s;
        if self.absorb(look, config).is_ok() && self.launch.is_none() && self.is_fix(config) {
            self.launch = Some(LaunchEstimate::under(&self.estimate));
        }
    }

    fn absorb(
        &mut self,
        look: &Look,
        config: &StereoConfig,
    ) -> Result<(), vigil_tracking::filter::FilterError> {
        let (model, z) = look.model();
        let (mut updated, innovation) = Ekf.update(&self.estimate, &model, &z)?;
        if innovation.nis > STAGING_NIS {
            let mut opened = self.estimate;
            for i in 6..9 {
                opened.cov[(i, i)] += config.staging_mps2 * config.staging_mps2;
            }
            updated = Ekf.update(&opened, &model, &z)?.0;
        }
        self.estimate = updated;
        match self.seen.iter_mut().find(|s| s.sensor == look.sensor) {
            Some(s) => {
                if look.t_s > s.last_s {
                    s.revisit_s = Some(look.t_s - s.last_s);
                    s.last_s = look.t_s;
                }
            }
            None => self.seen.push(Seen {
                sensor: look.sensor,
                last_s: look.t_s,
                revisit_s: None,
            }),
        }
        Ok(())
    }

    /// Whether the track is a 3-D fix: two satellites or more, position known to
    /// [`StereoConfig::fix_sigma_m`].
    pub fn is_fix(&self, config: &StereoConfig) -> bool {
        let p = self.estimate.cov.fixed_view::<3, 3>(0, 0).into_owned();
        self.seen.len() >= 2
            && p.symmetric_eigen().eigenvalues.max() <= config.fix_sigma_m * config.fix_sigma_m
    }

    /// When the plume is gone at `now_s` — every satellite that saw it (and whose revisit is
    /// known) has missed a look — the most burn there can have been after the track's time:
    /// up to the first look that did not see it, s. None while it may still burn.
    pub fn plume_lost(&self, now_s: f64) -> Option<f64> {
        let mut first_miss = f64::INFINITY;
        for s in &self.seen {
            let r = s.revisit_s?;
            if now_s < s.last_s + 1.5 * r {
                return None;
            }
            first_miss = first_miss.min(s.last_s + r);
        }
        first_miss
            .is_finite()
            .then(|| (first_miss - self.t_s).max(0.0))
    }

    /// The most burn left while the plume burns: the time the model takes to reach the top
    /// burnout speed from the present estimate (1 s steps), at most
    /// [`StereoConfig::max_burn_left_s`], s.
    pub fn burn_left_bound_s(&self, config: &StereoConfig) -> f64 {
        let model = motion(config);
        let mut x = self.estimate.mean;
        let mut tau = 0.0;
        while tau < config.max_burn_left_s {
            if x.fixed_rows::<3>(3).norm() >= config.max_burnout_speed_mps {
                break;
            }
            x = model.transition(&x, self.t_s + tau, 1.0).0;
            tau += 1.0;
        }
        tau
    }

    /// The launch point: the ground under the first fix (the booster then still climbs
    /// almost straight up, a few km downrange). None before a fix.
    pub fn launch(&self) -> Option<LaunchEstimate> {
        self.launch
    }

    /// The impact corridor for any burn left in `[0, burn_left_s]` ([module docs](self)).
    pub fn corridor(
        &self,
        burn_left_s: f64,
        config: &StereoConfig,
        model: &ForceModel,
    ) -> Result<Corridor, ImpactError> {
        let burn_left_s = burn_left_s.max(0.0);
        let steps = (burn_left_s / config.corridor_step_s)
            .ceil()
            .clamp(1.0, MAX_CORRIDOR_STEPS) as usize;
        let dt = burn_left_s / steps as f64;
        let motion = motion(config);
        let mut burning = self.estimate;
        let mut nodes = Vec::with_capacity(steps + 1);
        for k in 0..=steps {
            let t_s = self.t_s + dt * k as f64;
            if k > 0 {
                burning = Ekf.predict(&burning, &motion, t_s - dt, dt);
            }
            let g = Gaussian::new(
                burning.mean.fixed_rows::<6>(0).into_owned(),
                burning.cov.fixed_view::<6, 6>(0, 0).into_owned(),
            );
            // A longer burn flies farther: past the first hypothesis that does not come down
            // (in orbit within the flight limit), none does.
            match predict_impact(&g, t_s, model, None, 7_200.0) {
                Ok(p) => nodes.push(p),
                Err(e) if nodes.is_empty() => return Err(e),
                Err(_) => break,
            }
        }
        Ok(Corridor { nodes })
    }
}

/// χ²₁ quantile at 0.95 (1.96²): the corridor's half-width across its centre line.
const CHI2_1DOF_95: f64 = 3.841_458_820_694_124;

/// Every impact a booster could reach for the burn left: impact predictions for burn left
/// equally spaced from none to the most, each equally likely.
#[derive(Debug, Clone, PartialEq)]
pub struct Corridor {
    /// The impact predictions, from no burn left to the most.
    pub nodes: Vec<ImpactPrediction>,
}

impl Corridor {
    /// Weight of node `k` (trapezoid rule over a uniform burn left).
    fn weight(&self, k: usize) -> f64 {
        let n = self.nodes.len();
        match n {
            1 => 1.0,
            _ if k == 0 || k == n - 1 => 0.5 / (n - 1) as f64,
            _ => 1.0 / (n - 1) as f64,
        }
    }

    /// The probability that the impact falls inside a defended area.
    pub fn probability_inside(&self, area: &Area) -> f64 {
        (0..self.nodes.len())
            .map(|k| self.weight(k) * probability_inside(&self.nodes[k], area))
            .sum()
    }

    /// One prediction summing the corridor up (moment-matched: its mean and spread).
    pub fn summary(&self) -> Option<ImpactPrediction> {
        let parts: Vec<(f64, ImpactPrediction)> = (0..self.nodes.len())
            .map(|k| (self.weight(k), self.nodes[k]))
            .collect();
        mixture(&parts)
    }

    /// Length of the corridor's centre line, m.
    pub fn length_m(&self) -> f64 {
        self.nodes
            .windows(2)
            .map(|w| w[0].offset_en(&w[1].point).norm())
            .sum()
    }

    /// Whether a surface point lies inside the corridor's 95 % region: within 1.96 σ across
    /// the centre line between two hypotheses (σ of the nearer, interpolated), or inside the
    /// 95 % ellipse of the first or last hypothesis.
    pub fn contains_95(&self, g: &Geodetic) -> bool {
        let ends = [self.nodes.first(), self.nodes.last()];
        if ends.iter().flatten().any(|p| p.contains_95(g)) {
            return true;
        }
        self.nodes.windows(2).any(|w| {
            let (a, b) = (&w[0], &w[1]);
            let d = a.offset_en(&b.point);
            let q = a.offset_en(g);
            let len2 = d.norm_squared();
            if len2 <= 0.0 {
                return false;
            }
            let s = q.dot(&d) / len2;
            if !(0.0..=1.0).contains(&s) {
                return false;
            }
            let n = Vector2::new(-d.y, d.x) / len2.sqrt();
            let c = a.cov_en_m2 * (1.0 - s) + b.cov_en_m2 * s;
            let across = q.dot(&n);
            across * across <= CHI2_1DOF_95 * n.dot(&(c * n))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GEO_M: f64 = 42_164e3;

    /// A geostationary observer over `lon_deg` (Earth-fixed, m).
    fn geo(lon_deg: f64) -> Vec3 {
        let l = lon_deg.to_radians();
        Vec3::new(GEO_M * l.cos(), GEO_M * l.sin(), 0.0)
    }

    /// A booster 40 km up over 10° N 110° E at `t_s` (s after 100 s), climbing at 1 km/s and
    /// accelerating at 30 m/s² (both straight up).
    fn booster(t_s: f64) -> Vec3 {
        let g = Geodetic::from_degrees(10.0, 110.0, 40_000.0).unwrap();
        let up = g.enu_axes()[2];
        let dt = t_s - 100.0;
        g.to_ecef().vector() + up * (1_000.0 * dt + 15.0 * dt * dt)
    }

    fn look(t_s: f64, sensor: u32, observer: Vec3) -> Look {
        Look {
            t_s,
            sensor,
            observer: Position::from_vector(observer),
            u: (booster(t_s) - observer).normalize(),
            sigma_rad: 50e-6,
        }
    }

    /// One satellite's lines of sight leave the booster's place along them unknown: no fix.
    /// A second satellite 60° away pins it (exact lines of sight): within 500 m, with the
    /// first fix a few looks in.
    #[test]
    fn two_satellites_fix_a_booster_one_does_not() {
        let config = StereoConfig::default();
        let (a, b) = (geo(80.0), geo(140.0));
        let mut mono = BoostTrack::start(&look(100.0, 0, a), &config).unwrap();
        let mut stereo = mono.clone();
        for k in 1..=20 {
            let t = 100.0 + 2.5 * f64::from(k);
            mono.update(&look(t, 0, a), &config);
            let (sensor, observer) = if k % 2 == 1 { (1, b) } else { (0, a) };
            stereo.update(&look(t, sensor, observer), &config);
        }
        assert!(!mono.is_fix(&config));
        // Climbing straight up, it has no heading to announce yet.
        assert!(stereo.heading().is_none_or(|(_, sigma)| sigma > 0.087));
        // Not only the count of satellites: along the line of sight it is still unknown.
        let p = mono.estimate().cov.fixed_view::<3, 3>(0, 0).into_owned();
        assert!(p.symmetric_eigen().eigenvalues.max().sqrt() > 20_000.0);
        assert!(stereo.is_fix(&config));
        let m = stereo.estimate().mean;
        let miss = (Vec3::new(m[0], m[1], m[2]) - booster(stereo.t_s())).norm();
        assert!(miss < 500.0, "{miss}");
        let launch = stereo.launch().unwrap();
        let under = Geodetic::from_degrees(10.0, 110.0, 0.0).unwrap();
        let off = vigil_earth::EarthShape::Wgs84
            .path(&launch.point, &under)
            .distance_m;
        assert!(off < 2_000.0, "{off}");
    }

    /// The plume is lost only when every satellite that saw it has missed a look (1.5 of its
    /// revisits after its last one); the burn can have gone on until the first missed look.
    #[test]
    fn plume_is_lost_when_every_satellite_misses_a_look() {
        let config = StereoConfig::default();
        let (a, b) = (geo(80.0), geo(140.0));
        let mut t = BoostTrack::start(&look(100.0, 0, a), &config).unwrap();
        for (time, sensor, observer) in [(102.0, 1, b), (105.0, 0, a), (107.0, 1, b), (110.0, 0, a)]
        {
            t.update(&look(time, sensor, observer), &config);
        }
        // Revisits: a 5 s (last 110), b 5 s (last 107).
        assert_eq!(t.plume_lost(114.0), None); // a not yet missed (117.5)
        assert_eq!(t.plume_lost(117.4), None);
        // First missed look: b's at 112 s, 2 s after the last look (110 s).
        assert_eq!(t.plume_lost(117.5), Some(2.0));
    }

    /// A corridor of one hypothesis is that hypothesis: the same area probability and the
    /// same 95 % region.
    #[test]
    fn a_corridor_of_one_hypothesis_is_its_prediction() {
        let point = Geodetic::from_degrees(45.0, 100.0, 0.0).unwrap();
        let p = ImpactPrediction {
            point,
            cov_en_m2: nalgebra::Matrix2::new(4e10, 1e10, 1e10, 1e10),
            t_s: 1_000.0,
            t_sigma_s: 10.0,
        };
        let c = Corridor { nodes: vec![p] };
        let area = Area::Circle {
            center: Geodetic::from_degrees(46.0, 101.0, 0.0).unwrap(),
            radius_m: 150e3,
        };
        assert_eq!(c.probability_inside(&area), probability_inside(&p, &area));
        for (lat, lon) in [(45.0, 100.0), (46.5, 101.0), (44.0, 97.0), (47.0, 104.0)] {
            let g = Geodetic::from_degrees(lat, lon, 0.0).unwrap();
            assert_eq!(c.contains_95(&g), p.contains_95(&g), "{lat} {lon}");
        }
    }
}
