//! Targeting: the launch azimuth, pitch programme and energy that put the reentry vehicle on a
//! target on the rotating, J2, drag-affected Earth, for minimum-energy, lofted and depressed
//! profiles, a given apogee or burnout flight-path angle, or a fixed time of flight.
//!
//! Three controls shape a launch ([`Controls`]): azimuth, tilt (pitch-over kick, or 90° − γ for
//! an impulsive burnout) and energy (burnt fraction of the last stage — thrust termination —
//! or burnout speed). For a given tilt, the energy that reaches the target's range is found by
//! a bracketed root search, re-aiming the azimuth after every shot; the profile then picks the
//! tilt: the minimum energy (golden-section search), full energy on the lofted or depressed side
//! of it, or the tilt where apogee, γ or time of flight take the requested value.
//!
//! An impulsive burnout starts from the closed form ([`kepler::lambert_min_energy`]): the
//! minimum-energy Kepler arc from the burnout point to the target, with the target carried along
//! by the Earth's rotation, gives the first azimuth, the tilt window of the minimum-energy search
//! and the first energy of every range search; each range shot is then put on the target by
//! Newton's method on azimuth and energy together (near the antipode of a rotating Earth,
//! re-aiming the azimuth alone diverges). On the non-rotating sphere without J2 or drag the seed
//! is the answer, so the search agrees with the closed form up to the antipode.
//!
//! Ranges are measured along the flight: a shot that passes the launch point's antipode reads as
//! longer than half the Earth's circumference, never as the shorter surface distance back to
//! its impact. A target is **beyond reach** when even full energy (every stage burnt; for an
//! impulsive burnout, the escape speed from the burnout point plus the Earth's surface speed,
//! above which nothing comes down) falls short of it at every tilt in the search bounds.

use crate::dynamics::ForceModel;
use crate::integrator::IntegrationError;
use crate::kepler;
use crate::launch::{Booster, Controls, Flight, LaunchError, LaunchOptions, fly_launch};
use crate::propagate::{Accuracy, FlightError};
use std::cell::Cell;
use std::f64::consts::{FRAC_PI_2, PI, TAU};
use vigil_earth::Geodetic;
use vigil_earth::constants::{MU, OMEGA, SPHERE_RADIUS, WGS84_A, WGS84_B};
use vigil_earth::geodesic::SurfacePath;
use vigil_earth::geodetic::wrap_pi;
use vigil_earth::math::Vec3;
use vigil_earth::rotation::EarthRotation;

/// The family of trajectory wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The least energy that reaches the target.
    MinEnergy,
    /// Steeper than minimum energy (higher apogee, longer flight).
    Lofted,
    /// Flatter than minimum energy (lower apogee, shorter flight).
    Depressed,
}

/// An extra condition on the trajectory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Constraint {
    /// None: minimum energy, or full energy when lofted or depressed.
    None,
    /// The reentry vehicle's apogee height, m.
    ApogeeM(f64),
    /// Flight-path angle at burnout, rad.
    BurnoutGammaRad(f64),
    /// Time of flight from launch to impact, s (picks the lofted or depressed side itself).
    TimeOfFlightS(f64),
}

/// A solved launch.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The flight, with every object.
    pub flight: Flight,
    /// The controls that fly it.
    pub controls: Controls,
    /// Distance from the reentry vehicle's impact to the target, m.
    pub miss_m: f64,
    /// Surface distance from launch to target, m.
    pub target_range_m: f64,
    /// Number of launches flown to find it.
    pub shots: usize,
}

/// Why no launch reaches the target as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TargetingError {
    /// The target is beyond the vehicle's reach on this azimuth.
    #[error(
        "the target is {range_km:.0} km away, beyond reach: at most {max_range_km:.0} km on this azimuth (short by {short_km:.0} km)"
    )]
    OutOfReach {
        /// Launch-to-target distance, km.
        range_km: f64,
        /// Longest range on this azimuth, km.
        max_range_km: f64,
        /// How much is missing, km.
        short_km: f64,
    },
    /// The target is closer than the vehicle can fly with this profile.
    #[error(
        "the target is {range_km:.0} km away, closer than this vehicle and profile can fly ({min_range_km:.0} km at the least)"
    )]
    TooClose {
        /// Launch-to-target distance, km.
        range_km: f64,
        /// Shortest range, km.
        min_range_km: f64,
    },
    /// The constraint cannot be met on the requested side.
    #[error("{0}")]
    Constraint(String),
    /// The request is inconsistent.
    #[error("{0}")]
    Request(String),
    /// A launch could not be flown.
    #[error(transparent)]
    Launch(#[from] LaunchError),
    /// The search flew [`MAX_AIM_STEPS`] integration steps without converging (stiff flights:
    /// a tiny ballistic coefficient).
    #[error(
        "the search for a launch to the target did not converge within {steps} integration steps over {shots} flights (is the ballistic coefficient of the reentry vehicle far too small?)"
    )]
    NoConvergence {
        /// Integration steps flown.
        steps: usize,
        /// Flights flown.
        shots: usize,
    },
}

/// Most integration steps one search ([`aim`]) may fly, over all its flights: about twenty
/// times the most a search of the tests takes; beyond, the search stops with
/// [`TargetingError::NoConvergence`] instead of running for hours.
pub const MAX_AIM_STEPS: usize = 2_000_000;

/// Where the search for each control runs.
struct Bounds {
    tilt: (f64, f64),
    energy: (f64, f64),
}

impl Bounds {
    /// Search bounds: angle of attack 0.1–40° and 2–100 % of the total burn for a class;
    /// γ 1–89° and from 200 m/s up to the escape speed at the burnout height (over the polar
    /// radius) plus the equator's rotation speed for an impulsive burnout: no faster shot
    /// comes down, whatever its direction.
    fn of(booster: &Booster) -> Self {
        match booster {
            Booster::Class(_) => Bounds {
                tilt: (0.1f64.to_radians(), 40f64.to_radians()),
                energy: (0.02, 1.0),
            },
            Booster::Impulsive {
                burnout_height_m, ..
            } => {
                let h = burnout_height_m.max(0.0);
                Bounds {
                    tilt: (1f64.to_radians(), 89f64.to_radians()),
                    energy: (
                        200.0,
                        (2.0 * MU / (WGS84_B + h)).sqrt() + OMEGA * (WGS84_A + h),
                    ),
                }
            }
        }
    }
}

/// An energy bracket of the target's range: low energy and its range error (m, ≤ 0), high
/// energy and its range error (m, ≥ 0), and the shot closest to the range so far.
type Bracket = (f64, f64, f64, f64, Option<Shot>);

/// A launch flown during the search, with its errors against the target.
#[derive(Clone)]
struct Shot {
    flight: Flight,
    controls: Controls,
    /// Impact range (measured along the flight, [`flown_range_m`]) minus target range, m.
    range_error_m: f64,
    /// Surface path from the launch point to the impact.
    to_impact: SurfacePath,
    /// Whether the flight passed the launch point's antipode ([`past_antipode`]).
    past_antipode: bool,
}

/// The search state for one launch point and target.
struct Aimer<'a> {
    model: &'a ForceModel,
    booster: &'a Booster,
    launch: Geodetic,
    target: Geodetic,
    t_launch_s: f64,
    path: SurfacePath,
    azimuth: Cell<f64>,
    shots: Cell<usize>,
    /// Integration steps flown so far, over all shots.
    steps: Cell<usize>,
    options: LaunchOptions,
    bounds: Bounds,
    /// Closed-form start for an impulsive burnout ([`closed_form_seed`]).
    seed: Option<Controls>,
    /// Energy the next range search starts from (seeded searches: the last one found).
    energy_guess: Cell<Option<f64>>,
}

/// Half-width of the tilt window the minimum-energy search scans about the closed-form seed,
/// rad (3°: on the rotating, oblate Earth the minimum lay within 2.5° of the seed in the tests;
/// the window moves on if not).
const SEED_WINDOW_RAD: f64 = 3.0 * PI / 180.0;

/// Largest miss distance accepted as a hit, m.
pub const MAX_MISS_M: f64 = 100.0;

/// Range tolerance of the energy search, m.
const RANGE_TOL_M: f64 = 0.5;

/// Miss distance [`Aimer::hit`] aims for, m.
const HIT_TOL_M: f64 = 0.01;

/// Range tolerance of an energy search seeded from the closed form, m: its bracket starts
/// within a few m/s, so a millimetre costs a shot or two, and it keeps range noise from
/// blurring the flat minimum of energy over tilt (1 mm of range is ~1e-7 m/s of speed; 0.5 m
/// let the minimum-energy flight-path angle wander by 0.01° and the time of flight by 0.3 s).
const SEEDED_RANGE_TOL_M: f64 = 1e-3;

/// Finds the launch that puts the reentry vehicle on `target`.
pub fn aim(
    model: &ForceModel,
    booster: &Booster,
    launch: &Geodetic,
    target: &Geodetic,
    t_launch_s: f64,
    profile: Profile,
    constraint: Constraint,
) -> Result<Solution, TargetingError> {
    let path = model.shape.path(launch, target);
    if !(path.distance_m > 10_000.0) {
        return Err(TargetingError::Request(format!(
            "launch and target points are {:.1} km apart; targeting needs at least 10 km",
            path.distance_m / 1e3
        )));
    }
    if path.distance_m > 19_000_000.0 {
        return Err(TargetingError::Request(format!(
            "launch and target points are {:.0} km apart; Vigil targets up to 19,000 km",
            path.distance_m / 1e3
        )));
    }
    let bounds = Bounds::of(booster);
    let seed = match booster {
        Booster::Impulsive {
            burnout_height_m, ..
        } => closed_form_seed(model, launch, target, &path, *burnout_height_m, &bounds),
        Booster::Class(_) => None,
    };
    let aimer = Aimer {
        model,
        booster,
        launch: *launch,
        target: *target,
        t_launch_s,
        path,
        azimuth: Cell::new(seed.map_or(path.azimuth_start_rad, |s| s.azimuth_rad)),
        shots: Cell::new(0),
        steps: Cell::new(0),
        options: LaunchOptions {
            accuracy: Accuracy {
                max_step_s: f64::INFINITY,
                ..Accuracy::DEFAULT
            },
            all_objects: false,
            ..LaunchOptions::default()
        },
        bounds,
        seed,
        energy_guess: Cell::new(seed.map(|s| s.energy)),
    };
    let shot = aimer.solve(profile, constraint);
    if aimer.steps.get() >= MAX_AIM_STEPS {
        return Err(TargetingError::NoConvergence {
            steps: aimer.steps.get(),
            shots: aimer.shots.get(),
        });
    }
    let shot = shot?;
    let full_energy_lofted = matches!(
        (booster, profile, constraint),
        (Booster::Class(_), Profile::Lofted, Constraint::None)
    );
    aimer.finish(shot, full_energy_lofted)
}

impl Aimer<'_> {
    /// Flies one launch with the current azimuth estimate, then (unseeded searches) updates the
    /// estimate from where the impact fell; seeded searches aim with [`Aimer::hit`] instead.
    fn shoot(&self, tilt_rad: f64, energy: f64) -> Result<Shot, LaunchError> {
        let shot = self.fire(&Controls {
            azimuth_rad: self.azimuth.get(),
            tilt_rad,
            energy,
        })?;
        // Re-aim only from shots that land near the target's range, short of the antipode: the
        // azimuth offset (Earth rotation, Coriolis) depends on the flight time.
        if self.seed.is_none()
            && !shot.past_antipode
            && shot.range_error_m.abs() < 0.1 * self.path.distance_m
        {
            let off = wrap_pi(shot.to_impact.azimuth_start_rad - self.path.azimuth_start_rad);
            self.azimuth.set(wrap_pi(self.azimuth.get() - off));
        }
        Ok(shot)
    }

    /// Flies one launch with these controls.
    fn fire(&self, controls: &Controls) -> Result<Shot, LaunchError> {
        if self.steps.get() >= MAX_AIM_STEPS {
            return Err(LaunchError::Flight(FlightError::Integration(
                IntegrationError::TooManySteps {
                    max_steps: MAX_AIM_STEPS,
                },
            )));
        }
        self.shots.set(self.shots.get() + 1);
        let flight = fly_launch(
            self.model,
            self.booster,
            &self.launch,
            self.t_launch_s,
            controls,
            &self.options,
        );
        let steps = match &flight {
            Ok(f) => f.objects.iter().map(|o| o.ephemeris.nodes().len()).sum(),
            Err(LaunchError::Flight(FlightError::Integration(
                IntegrationError::TooManySteps { max_steps },
            ))) => *max_steps,
            Err(_) => 0,
        };
        self.steps.set(self.steps.get().saturating_add(steps));
        let flight = flight?;
        let to_impact = self.model.shape.path(&self.launch, &flight.impact.geodetic);
        let past_antipode = past_antipode(&flight);
        Ok(Shot {
            controls: *controls,
            range_error_m: flown_range_m(to_impact.distance_m, past_antipode)
                - self.path.distance_m,
            to_impact,
            past_antipode,
            flight,
        })
    }

    /// Where a shot's impact lies from the target in the target's local horizontal plane:
    /// (east, north), m.
    fn miss_en(&self, shot: &Shot) -> (f64, f64) {
        let [east, north, _] = self.target.enu_axes();
        let target = self.model.shape.to_ecef(&Geodetic {
            h_m: 0.0,
            ..self.target
        });
        let d = shot.flight.impact.state.position.vector() - target.vector();
        (east.dot(&d), north.dot(&d))
    }

    /// Puts a shot's impact on the target by Newton's method on azimuth and energy at its tilt
    /// (finite-difference Jacobian of the impact's east/north offset, steps limited to 0.05 rad
    /// and 2 % of the energy, halved while the miss grows), to [`HIT_TOL_M`]. None if it does
    /// not get there in 20 steps. Azimuth and range couple near the antipode on the rotating
    /// Earth (its rotation carries the impact sideways by as much as the impact's distance from
    /// the antipode), where re-aiming the azimuth alone diverges.
    fn hit(&self, start: &Shot) -> Option<Shot> {
        let norm = |(e, n): (f64, f64)| e.hypot(n);
        let mut shot = start.clone();
        let mut miss = self.miss_en(&shot);
        for _ in 0..20 {
            if norm(miss) < HIT_TOL_M {
                return Some(shot);
            }
            let c = shot.controls;
            let (d_az, d_energy) = (1e-5, 1e-6 * c.energy);
            let m_az = self.miss_en(
                &self
                    .fire(&Controls {
                        azimuth_rad: c.azimuth_rad + d_az,
                        ..c
                    })
                    .ok()?,
            );
            let m_energy = self.miss_en(
                &self
                    .fire(&Controls {
                        energy: c.energy + d_energy,
                        ..c
                    })
                    .ok()?,
            );
            let (a, b) = ((m_az.0 - miss.0) / d_az, (m_energy.0 - miss.0) / d_energy);
            let (cc, d) = ((m_az.1 - miss.1) / d_az, (m_energy.1 - miss.1) / d_energy);
            let det = a * d - b * cc;
            if !(det.is_finite() && det != 0.0) {
                return None;
            }
            let mut step_az = (-d * miss.0 + b * miss.1) / det;
            let mut step_energy = (cc * miss.0 - a * miss.1) / det;
            let scale = (0.05 / step_az.abs())
                .min(0.02 * c.energy / step_energy.abs())
                .min(1.0);
            (step_az, step_energy) = (step_az * scale, step_energy * scale);
            let mut improved = false;
            for _ in 0..10 {
                let next = Controls {
                    azimuth_rad: wrap_pi(c.azimuth_rad + step_az),
                    energy: (c.energy + step_energy)
                        .clamp(self.bounds.energy.0, self.bounds.energy.1),
                    ..c
                };
                if let Ok(s) = self.fire(&next) {
                    let m = self.miss_en(&s);
                    if norm(m) < norm(miss) {
                        (shot, miss, improved) = (s, m, true);
                        break;
                    }
                }
                (step_az, step_energy) = (0.5 * step_az, 0.5 * step_energy);
            }
            if !improved {
                return None;
            }
        }
        (norm(miss) < HIT_TOL_M).then_some(shot)
    }

    /// The shot at this tilt that reaches the target: the energy for its range, then for a
    /// seeded search [`Aimer::hit`] onto the target (kept as the next search's start), or the
    /// range shot if that fails.
    fn reach(&self, tilt: f64) -> Result<Shot, TargetingError> {
        let shot = self.energy_for_range(tilt)?;
        if self.seed.is_none() {
            return Ok(shot);
        }
        Ok(match self.hit(&shot) {
            Some(hit) => {
                self.azimuth.set(hit.controls.azimuth_rad);
                self.energy_guess.set(Some(hit.controls.energy));
                hit
            }
            None => shot,
        })
    }

    /// Range error (m) of a shot, with a boost-phase crash counting as no range at all.
    fn range_error(&self, tilt: f64, energy: f64) -> Result<(f64, Option<Shot>), TargetingError> {
        match self.shoot(tilt, energy) {
            Ok(s) => Ok((s.range_error_m, Some(s))),
            // A crash in boost, or a boost the integrator cannot follow, reaches nowhere.
            Err(LaunchError::GroundDuringBoost | LaunchError::Flight(_)) => {
                Ok((-self.path.distance_m, None))
            }
            Err(LaunchError::NoImpact(_)) => Ok((f64::INFINITY, None)),
        }
    }

    /// Out of reach at this tilt with full energy falling `f_hi` (m, negative) short (callers
    /// turn it into the overall figure).
    fn short_at_full_energy(&self, f_hi: f64) -> TargetingError {
        TargetingError::OutOfReach {
            range_km: self.path.distance_m / 1e3,
            max_range_km: (self.path.distance_m + f_hi) / 1e3,
            short_km: -f_hi / 1e3,
        }
    }

    /// Too close at this tilt with the least energy going `f_lo` (m, positive) too far; an
    /// infinite `f_lo` is a reentry vehicle that never comes down (a tiny ballistic
    /// coefficient), which says nothing of range and is reported as such.
    fn long_at_least_energy(&self, f_lo: f64) -> TargetingError {
        if !f_lo.is_finite() {
            return TargetingError::Launch(LaunchError::NoImpact(self.options.max_flight_s));
        }
        TargetingError::TooClose {
            range_km: self.path.distance_m / 1e3,
            min_range_km: (self.path.distance_m + f_lo) / 1e3,
        }
    }

    /// An energy bracket of the target's range at this tilt from the energy bounds:
    /// (low energy, its range error, high energy, its range error, the better shot).
    fn bracket_from_bounds(&self, tilt: f64) -> Result<Bracket, TargetingError> {
        let (lo, hi) = self.bounds.energy;
        let (f_hi, s_hi) = self.range_error(tilt, hi)?;
        if f_hi < 0.0 {
            return Err(self.short_at_full_energy(f_hi));
        }
        let (f_lo, s_lo) = self.range_error(tilt, lo)?;
        if f_lo > 0.0 {
            return Err(self.long_at_least_energy(f_lo));
        }
        let best = match (s_lo, s_hi) {
            (Some(a), Some(b)) => {
                if f_lo.abs() < f_hi.abs() {
                    Some(a)
                } else {
                    Some(b)
                }
            }
            (a, b) => a.or(b),
        };
        Ok((lo, f_lo, hi, f_hi, best))
    }

    /// An energy bracket of the target's range at this tilt grown from a guess: steps of 1 %
    /// of the guess, doubling, towards the target's range until the range error changes sign
    /// (or a bound is passed: out of reach, or too close).
    fn bracket_from_guess(&self, tilt: f64, guess: f64) -> Result<Bracket, TargetingError> {
        let (lo, hi) = self.bounds.energy;
        let mut x = guess.clamp(lo, hi);
        let (mut f, shot) = self.range_error(tilt, x)?;
        let mut best = shot;
        let mut step = 0.01 * x;
        loop {
            if f == 0.0 {
                return Ok((x, f, x, f, best));
            }
            let up = f < 0.0;
            if (up && x >= hi) || (!up && x <= lo) {
                return Err(if up {
                    self.short_at_full_energy(f)
                } else {
                    self.long_at_least_energy(f)
                });
            }
            let next = if up { x + step } else { x - step }.clamp(lo, hi);
            let (f_next, shot) = self.range_error(tilt, next)?;
            if let Some(s) = shot {
                if best
                    .as_ref()
                    .is_none_or(|b| s.range_error_m.abs() < b.range_error_m.abs())
                {
                    best = Some(s);
                }
            }
            if (f_next >= 0.0) == up {
                return Ok(if up {
                    (x, f, next, f_next, best)
                } else {
                    (next, f_next, x, f, best)
                });
            }
            (x, f) = (next, f_next);
            step *= 2.0;
        }
    }

    /// Range tolerance of the energy search, m: [`RANGE_TOL_M`], or [`SEEDED_RANGE_TOL_M`] when
    /// the search starts from the closed form.
    fn range_tol_m(&self) -> f64 {
        if self.seed.is_some() {
            SEEDED_RANGE_TOL_M
        } else {
            RANGE_TOL_M
        }
    }

    /// The energy that reaches the target's range at this tilt.
    fn energy_for_range(&self, tilt: f64) -> Result<Shot, TargetingError> {
        let hi = self.bounds.energy.1;
        let (mut a, mut fa, mut b, mut fb, mut best) = match self.energy_guess.get() {
            Some(guess) => self.bracket_from_guess(tilt, guess)?,
            None => self.bracket_from_bounds(tilt)?,
        };
        fb = fb.min(1e9);
        let mut side = 0;
        for _ in 0..80 {
            if best
                .as_ref()
                .is_some_and(|s| s.range_error_m.abs() < self.range_tol_m())
                || (b - a) < 1e-12 * hi
            {
                break;
            }
            // Illinois regula falsi, falling back to bisection.
            let mut x = (a * fb - b * fa) / (fb - fa);
            if !(x > a && x < b) {
                x = 0.5 * (a + b);
            }
            let (fx, shot) = self.range_error(tilt, x)?;
            if let Some(s) = shot {
                if best
                    .as_ref()
                    .is_none_or(|b| s.range_error_m.abs() < b.range_error_m.abs())
                {
                    best = Some(s);
                }
            }
            if fx > 0.0 {
                (b, fb) = (x, fx.min(1e9));
                if side == 1 {
                    fa *= 0.5;
                }
                side = 1;
            } else {
                (a, fa) = (x, fx);
                if side == -1 {
                    fb *= 0.5;
                }
                side = -1;
            }
        }
        let best = best.ok_or_else(|| {
            TargetingError::Request("no trajectory reaches the target range".into())
        })?;
        if self.seed.is_some() {
            self.energy_guess.set(Some(best.controls.energy));
        }
        Ok(best)
    }

    /// The target is beyond reach at every tilt tried: by how much overall, or, when full
    /// energy does reach the target's range on this azimuth (the tilts that reach it fail the
    /// profile's search), a failure of the search rather than a shortfall of range.
    fn out_of_reach(&self) -> TargetingError {
        let (_, max_range) = self.max_range();
        if max_range >= self.path.distance_m {
            return TargetingError::Request(format!(
                "no launch of this profile was found to the target {:.0} km away, although full energy reaches {:.0} km on this azimuth",
                self.path.distance_m / 1e3,
                max_range / 1e3
            ));
        }
        TargetingError::OutOfReach {
            range_km: self.path.distance_m / 1e3,
            max_range_km: max_range / 1e3,
            short_km: (self.path.distance_m - max_range) / 1e3,
        }
    }

    /// Longest range at full energy on the current azimuth: (tilt, range m).
    fn max_range(&self) -> (f64, f64) {
        max_range(
            self.model,
            self.booster,
            &self.launch,
            self.azimuth.get(),
            &self.bounds,
        )
    }

    /// The shot fulfilling the profile and constraint.
    fn solve(&self, profile: Profile, constraint: Constraint) -> Result<Shot, TargetingError> {
        let is_class = matches!(self.booster, Booster::Class(_));
        let met_tilt = || -> Result<f64, TargetingError> {
            // Minimum energy: unreachable tilts cost more than any reachable one, the more so
            // the farther they fall short.
            let cost = |t: f64| match self.reach(t) {
                Ok(s) => s.controls.energy,
                Err(TargetingError::OutOfReach { short_km, .. }) => {
                    2.0 * self.bounds.energy.1 * (1.0 + short_km)
                }
                Err(_) => 2.0 * self.bounds.energy.1,
            };
            let t = match self.seed {
                Some(seed) => self.golden_around(seed.tilt_rad, cost),
                None => golden_min(self.bounds.tilt, cost),
            };
            match self.reach(t) {
                Ok(_) => Ok(t),
                // Out of reach even at the best tilt: say by how much overall.
                Err(TargetingError::OutOfReach { .. }) => Err(self.out_of_reach()),
                Err(e) => Err(e),
            }
        };
        match (profile, constraint) {
            (Profile::MinEnergy, Constraint::None) => {
                let t = met_tilt()?;
                self.reach(t)
            }
            (Profile::Lofted, Constraint::None) => {
                if !is_class {
                    return Err(TargetingError::Request(
                        "with an impulsive burnout (--boost none), a lofted profile needs an apogee, a burnout flight-path angle or a time of flight".into(),
                    ));
                }
                // Full energy on the steep side of the maximum-range tilt.
                let full = self.bounds.energy.1;
                let (t_max, r_max) = self.max_range();
                if r_max < self.path.distance_m {
                    return Err(self.out_of_reach());
                }
                let t = root(self.side(profile, t_max), |t| Ok(self.range_error(t, full)?.0))?
                    .ok_or_else(|| {
                        TargetingError::Constraint(
                            "no full-energy lofted trajectory reaches the target inside the pitch-over limits".into(),
                        )
                    })?;
                Ok(self.shoot(t, full)?)
            }
            (Profile::Depressed, Constraint::None) => {
                // Half the minimum-energy burnout flight-path angle (full energy on the flat
                // side would skim the atmosphere).
                let met = self.reach(met_tilt()?)?;
                self.solve(profile, Constraint::BurnoutGammaRad(0.5 * gamma_rad(&met)))
            }
            (_, c) => {
                let t_met = met_tilt()?;
                let met = self.reach(t_met)?;
                type Measure = fn(&Shot) -> f64;
                let (value, target, what, unit, scale): (Measure, f64, &str, &str, f64) = match c {
                    Constraint::ApogeeM(a) => (apogee_m, a, "apogee", "km", 1e-3),
                    Constraint::BurnoutGammaRad(g) => (
                        gamma_rad,
                        g,
                        "burnout flight-path angle",
                        "°",
                        180.0 / std::f64::consts::PI,
                    ),
                    Constraint::TimeOfFlightS(t) => (flight_time_s, t, "time of flight", "s", 1.0),
                    // Handled by the arms above; answered as minimum energy for completeness.
                    Constraint::None => return self.solve(Profile::MinEnergy, Constraint::None),
                };
                // The constraint decides the side for a time of flight; otherwise the profile does.
                let profile = match (c, profile) {
                    (Constraint::TimeOfFlightS(t), _) => {
                        if t >= flight_time_s(&met) {
                            Profile::Lofted
                        } else {
                            Profile::Depressed
                        }
                    }
                    (_, Profile::MinEnergy) => {
                        return Err(TargetingError::Request(format!(
                            "a {what} constraint needs --profile lofted or depressed"
                        )));
                    }
                    (_, p) => p,
                };
                let side = self.side(profile, t_met);
                let found = root(side, |t| match self.reach(t) {
                    Ok(s) => Ok(value(&s) - target),
                    // Out of reach: beyond the reachable span, the steep side reads as "too
                    // high" and the flat side as "too low" (values decrease with tilt).
                    Err(TargetingError::OutOfReach { .. } | TargetingError::TooClose { .. }) => {
                        Ok(if t < t_met {
                            f64::INFINITY
                        } else {
                            f64::NEG_INFINITY
                        })
                    }
                    Err(e) => Err(e),
                })?;
                // No root, or a root at the edge of the reachable span (where the measure jumps
                // to ±∞, so the sign changes without the value being met): either way no
                // trajectory meets the constraint, and answering with another one would fly
                // something else than asked. A true root meets the value far inside 1 %.
                let unmet = |closest: Option<f64>| {
                    TargetingError::Constraint(format!(
                        "no {} trajectory to this target has {} {what} of {:.1} {unit}{} (minimum-energy value: {:.1} {unit})",
                        name(profile),
                        if what.starts_with('a') { "an" } else { "a" },
                        target * scale,
                        closest
                            .map(|c| format!(": the closest it flies is {:.1} {unit}", c * scale))
                            .unwrap_or_default(),
                        value(&met) * scale
                    ))
                };
                let t = found.ok_or_else(|| unmet(None))?;
                let shot = match self.reach(t) {
                    Ok(shot) => shot,
                    Err(TargetingError::OutOfReach { .. } | TargetingError::TooClose { .. }) => {
                        return Err(unmet(None));
                    }
                    Err(e) => return Err(e),
                };
                let got = value(&shot);
                if !((got - target).abs() <= 0.01 * target.abs()) {
                    return Err(unmet(Some(got)));
                }
                Ok(shot)
            }
        }
    }

    /// Golden-section minimum of `cost` in a window of ±[`SEED_WINDOW_RAD`] about `centre`
    /// (inside the tilt bounds), moved on (at most 30 times, enough to cross the bounds) while
    /// the minimum sits at an edge of the window that is not a bound.
    fn golden_around(&self, centre: f64, mut cost: impl FnMut(f64) -> f64) -> f64 {
        let (lo, hi) = self.bounds.tilt;
        let mut centre = centre.clamp(lo, hi);
        let mut t = centre;
        for _ in 0..30 {
            let window = (
                (centre - SEED_WINDOW_RAD).max(lo),
                (centre + SEED_WINDOW_RAD).min(hi),
            );
            t = golden_min(window, &mut cost);
            let edge = 0.01 * (window.1 - window.0);
            centre = if t - window.0 < edge && window.0 > lo {
                window.0
            } else if window.1 - t < edge && window.1 < hi {
                window.1
            } else {
                break;
            };
        }
        t
    }

    /// The tilt interval on one side of `t_split`.
    fn side(&self, profile: Profile, t_split: f64) -> (f64, f64) {
        match profile {
            Profile::Lofted => (self.bounds.tilt.0, t_split),
            _ => (t_split, self.bounds.tilt.1),
        }
    }

    /// Re-aims until the impact is on the target, then flies the launch with every object.
    /// A miss above 100 m is an error, never a silent answer.
    ///
    /// Polishing is a secant iteration on the energy for the range (the azimuth re-aims itself
    /// in every shot), from the best shot of the search.
    fn finish(&self, mut shot: Shot, free_tilt: bool) -> Result<Solution, TargetingError> {
        // The control left free by the profile: energy, or tilt for full-energy lofting.
        let bounds = if free_tilt {
            self.bounds.tilt
        } else {
            self.bounds.energy
        };
        let get = |c: &Controls| if free_tilt { c.tilt_rad } else { c.energy };
        let fire = |x: f64, c: &Controls| {
            if free_tilt {
                self.shoot(x, c.energy)
            } else {
                self.shoot(c.tilt_rad, x)
            }
        };
        let mut previous: Option<(f64, f64)> = None;
        for _ in 0..12 {
            let miss = self
                .model
                .shape
                .path(&shot.flight.impact.geodetic, &self.target)
                .distance_m;
            if miss < 1.0 {
                break;
            }
            let (x, f) = (get(&shot.controls), shot.range_error_m);
            let slope = match previous {
                Some((x0, f0)) if x0 != x && f0 != f => (f - f0) / (x - x0),
                _ => {
                    // First pass: slope from a small step inside the bounds.
                    let dx = 1e-6 * (bounds.1 - bounds.0);
                    let xp = if x - dx >= bounds.0 { x - dx } else { x + dx };
                    let probe = fire(xp, &shot.controls)?;
                    (f - probe.range_error_m) / (x - xp)
                }
            };
            previous = Some((x, f));
            let next = if slope.is_finite() && slope != 0.0 {
                (x - f / slope).clamp(bounds.0, bounds.1)
            } else {
                x
            };
            shot = fire(next, &shot.controls)?;
        }
        let options = LaunchOptions {
            all_objects: true,
            ..LaunchOptions::default()
        };
        let flight = fly_launch(
            self.model,
            self.booster,
            &self.launch,
            self.t_launch_s,
            &shot.controls,
            &options,
        )?;
        let miss_m = self
            .model
            .shape
            .path(&flight.impact.geodetic, &self.target)
            .distance_m;
        if !(miss_m < MAX_MISS_M) {
            return Err(TargetingError::Constraint(format!(
                "targeting did not converge: the best trajectory misses by {:.1} km",
                miss_m / 1e3
            )));
        }
        Ok(Solution {
            flight,
            controls: shot.controls,
            miss_m,
            target_range_m: self.path.distance_m,
            shots: self.shots.get(),
        })
    }
}

fn name(p: Profile) -> &'static str {
    match p {
        Profile::MinEnergy => "minimum-energy",
        Profile::Lofted => "lofted",
        Profile::Depressed => "depressed",
    }
}

fn apogee_m(s: &Shot) -> f64 {
    s.flight.apogee.map_or(0.0, |a| a.geodetic.h_m)
}

fn gamma_rad(s: &Shot) -> f64 {
    crate::launch::burnout_figures(&s.flight).gamma_rad
}

fn flight_time_s(s: &Shot) -> f64 {
    s.flight.impact.state.t_s - s.flight.t_launch_s
}

/// Longest range (m) of a launch at full energy on a fixed azimuth, over the tilt range, with
/// the tilt that gives it.
fn max_range(
    model: &ForceModel,
    booster: &Booster,
    launch: &Geodetic,
    azimuth_rad: f64,
    bounds: &Bounds,
) -> (f64, f64) {
    let options = LaunchOptions {
        accuracy: Accuracy {
            max_step_s: f64::INFINITY,
            ..Accuracy::DEFAULT
        },
        all_objects: false,
        ..LaunchOptions::default()
    };
    let range = |tilt_rad: f64| {
        let controls = Controls {
            azimuth_rad,
            tilt_rad,
            energy: bounds.energy.1,
        };
        fly_launch(model, booster, launch, 0.0, &controls, &options).map_or(0.0, |f| {
            let distance_m = model.shape.path(launch, &f.impact.geodetic).distance_m;
            flown_range_m(distance_m, past_antipode(&f))
        })
    };
    let t = golden_min(bounds.tilt, |t| -range(t));
    (t, range(t))
}

/// Whether a flight passed the launch point's antipode: the launch point, burnout and the
/// reentry vehicle's path (Earth-fixed) sweep more than half a turn about the Earth's centre.
fn past_antipode(flight: &Flight) -> bool {
    let angle = |a: &Vec3, b: &Vec3| a.cross(b).norm().atan2(a.dot(b));
    let mut previous = flight.shape.to_ecef(&flight.launch).vector();
    let mut swept = 0.0;
    let path = flight.objects.first().map(|o| o.ephemeris.nodes());
    for r in path
        .into_iter()
        .flatten()
        .map(|n| n.position.vector())
        .chain([flight.impact.state.position.vector()])
    {
        swept += angle(&previous, &r);
        previous = r;
    }
    swept > PI
}

/// Ground range (m) measured along the flight: the surface distance `distance_m` from launch to
/// impact, or, past the antipode, a great circle of the 6,371 km sphere less that distance, so
/// that such a flight reads as farther than half the Earth's circumference, not as the shorter
/// way back.
fn flown_range_m(distance_m: f64, past_antipode: bool) -> f64 {
    if past_antipode {
        TAU * SPHERE_RADIUS - distance_m
    } else {
        distance_m
    }
}

/// The closed-form start of the search for an impulsive burnout at `burnout_height_m` above
/// `launch`: the minimum-energy Lambert arc ([`kepler::lambert_min_energy`], point-mass μ) from
/// the burnout point to `target` on the surface, in the inertial frame that coincides with the
/// Earth-fixed one at burnout, the target carried along by the Earth's rotation (when the model
/// rotates) for the arc's time of flight (fixed-point iteration), its burnout velocity less
/// the Earth's rotation (ω × r) read as azimuth, tilt (90° − γ, clamped to the bounds) and
/// speed relative to the Earth.
///
/// Exact on the non-rotating sphere without J2 or drag. None when the inertial arc would go
/// the other way round (the target moved past the launch point's antipode) or the numbers fail.
fn closed_form_seed(
    model: &ForceModel,
    launch: &Geodetic,
    target: &Geodetic,
    path: &SurfacePath,
    burnout_height_m: f64,
    bounds: &Bounds,
) -> Option<Controls> {
    let site = Geodetic {
        h_m: 0.0,
        ..*launch
    };
    let [east, north, up] = site.enu_axes();
    let r1 = model
        .shape
        .to_ecef(&Geodetic {
            h_m: burnout_height_m,
            ..site
        })
        .vector();
    let r1_hat = r1.try_normalize(0.0)?;
    let target_ecef = model.shape.to_ecef(&Geodetic {
        h_m: 0.0,
        ..*target
    });
    let (sa, ca) = path.azimuth_start_rad.sin_cos();
    // Normal of the plane of travel along the surface path (direction of angular momentum).
    let travel_normal = r1_hat.cross(&(north * ca + east * sa));
    let rotation = EarthRotation::aligned();
    let mut tof_s = 0.0;
    let mut arc = None;
    for _ in 0..50 {
        let r2 = if model.rotation {
            rotation.eci_position(tof_s, &target_ecef).vector()
        } else {
            target_ecef.vector()
        };
        let normal = r1.cross(&r2);
        if normal.dot(&travel_normal) <= 0.0 {
            return None;
        }
        let dnu = normal.norm().atan2(r1.dot(&r2));
        let l = kepler::lambert_min_energy(r1.norm(), r2.norm(), dnu, MU).ok()?;
        let converged = (l.tof_s - tof_s).abs() < 1e-6;
        tof_s = l.tof_s;
        arc = Some((l, normal));
        if converged {
            break;
        }
    }
    let (l, normal) = arc?;
    // Near Δν = π the plane of r₁ and r₂ is ill-defined; the surface path's plane is not.
    let normal = if normal.norm() > 1e-6 * r1.norm() * r1.norm() {
        normal.normalize()
    } else {
        travel_normal.try_normalize(0.0)?
    };
    let (sg, cg) = l.gamma1_rad.sin_cos();
    let v_inertial = (normal.cross(&r1_hat) * cg + r1_hat * sg) * l.v1_mps;
    let v = v_inertial - model.omega().cross(&r1);
    let speed = v.norm();
    let elevation = (up.dot(&v) / speed).clamp(-1.0, 1.0).asin();
    let controls = Controls {
        azimuth_rad: east.dot(&v).atan2(north.dot(&v)),
        tilt_rad: (FRAC_PI_2 - elevation).clamp(bounds.tilt.0, bounds.tilt.1),
        energy: speed.clamp(bounds.energy.0, bounds.energy.1),
    };
    [controls.azimuth_rad, controls.tilt_rad, controls.energy]
        .iter()
        .all(|x| x.is_finite())
        .then_some(controls)
}

/// The reach of a booster: the longest ground range (m) it flies from `launch` on
/// `azimuth_rad` (rad clockwise from north), at full energy and the best pitch-over.
pub fn reach_m(model: &ForceModel, booster: &Booster, launch: &Geodetic, azimuth_rad: f64) -> f64 {
    max_range(model, booster, launch, azimuth_rad, &Bounds::of(booster)).1
}

/// Golden-section minimisation of `f` over `(a, b)` to 1e-4 of the interval.
fn golden_min(bounds: (f64, f64), mut f: impl FnMut(f64) -> f64) -> f64 {
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut a, mut b) = bounds;
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while (b - a) > 1e-4 * (bounds.1 - bounds.0) {
        if fc < fd {
            (b, d, fd) = (d, c, fc);
            c = b - g * (b - a);
            fc = f(c);
        } else {
            (a, c, fc) = (c, d, fd);
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    if fc < fd { c } else { d }
}

/// A root of `f` on `(a, b)` where it changes sign (Illinois regula falsi to 1e-9 rad), or None
/// if it does not.
fn root(
    (a0, b0): (f64, f64),
    mut f: impl FnMut(f64) -> Result<f64, TargetingError>,
) -> Result<Option<f64>, TargetingError> {
    let (mut a, mut b) = (a0, b0);
    let (mut fa, mut fb) = (f(a)?, f(b)?);
    if fa == 0.0 {
        return Ok(Some(a));
    }
    if fb == 0.0 {
        return Ok(Some(b));
    }
    if fa.signum() == fb.signum() {
        return Ok(None);
    }
    let mut side = 0;
    for _ in 0..100 {
        if (b - a).abs() < 1e-9 {
            break;
        }
        let finite = fa.is_finite() && fb.is_finite();
        let mut x = if finite {
            (a * fb - b * fa) / (fb - fa)
        } else {
            0.5 * (a + b)
        };
        if !(x > a.min(b) && x < a.max(b)) {
            x = 0.5 * (a + b);
        }
        let fx = f(x)?;
        if fx == 0.0 {
            return Ok(Some(x));
        }
        if fx.signum() == fb.signum() {
            (b, fb) = (x, fx);
            if side == 1 {
                fa *= 0.5;
            }
            side = 1;
        } else {
            (a, fa) = (x, fx);
            if side == -1 {
                fb *= 0.5;
            }
            side = -1;
        }
    }
    Ok(Some(0.5 * (a + b)))
}
