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

use crate::dynamics::ForceModel;
use crate::launch::{Booster, Controls, Flight, LaunchError, LaunchOptions, fly_launch};
use crate::propagate::Accuracy;
use std::cell::Cell;
use vigil_earth::Geodetic;
use vigil_earth::geodesic::SurfacePath;
use vigil_earth::geodetic::wrap_pi;

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
}

/// Where the search for each control runs.
struct Bounds {
    tilt: (f64, f64),
    energy: (f64, f64),
}

impl Bounds {
    /// Search bounds: angle of attack 0.1–40° and 2–100 % of the total burn for a class;
    /// γ 1–89° and 200–7,850 m/s for an impulsive burnout.
    fn of(booster: &Booster) -> Self {
        match booster {
            Booster::Class(_) => Bounds {
                tilt: (0.1f64.to_radians(), 40f64.to_radians()),
                energy: (0.02, 1.0),
            },
            Booster::Impulsive { .. } => Bounds {
                tilt: (1f64.to_radians(), 89f64.to_radians()),
                energy: (200.0, 7_850.0),
            },
        }
    }
}

/// A launch flown during the search, with its errors against the target.
struct Shot {
    flight: Flight,
    controls: Controls,
    /// Impact range minus target range, m.
    range_error_m: f64,
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
    options: LaunchOptions,
    bounds: Bounds,
}

/// Largest miss distance accepted as a hit, m.
pub const MAX_MISS_M: f64 = 100.0;

/// Range tolerance of the energy search, m.
const RANGE_TOL_M: f64 = 0.5;

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
    let aimer = Aimer {
        model,
        booster,
        launch: *launch,
        target: *target,
        t_launch_s,
        path,
        azimuth: Cell::new(path.azimuth_start_rad),
        shots: Cell::new(0),
        options: LaunchOptions {
            accuracy: Accuracy {
                max_step_s: f64::INFINITY,
                ..Accuracy::DEFAULT
            },
            all_objects: false,
            ..LaunchOptions::default()
        },
        bounds,
    };
    let shot = aimer.solve(profile, constraint)?;
    let full_energy_lofted = matches!(
        (booster, profile, constraint),
        (Booster::Class(_), Profile::Lofted, Constraint::None)
    );
    aimer.finish(shot, full_energy_lofted)
}

impl Aimer<'_> {
    /// Flies one launch with the current azimuth estimate, then updates the estimate from where
    /// the impact fell.
    fn shoot(&self, tilt_rad: f64, energy: f64) -> Result<Shot, LaunchError> {
        let controls = Controls {
            azimuth_rad: self.azimuth.get(),
            tilt_rad,
            energy,
        };
        self.shots.set(self.shots.get() + 1);
        let flight = fly_launch(
            self.model,
            self.booster,
            &self.launch,
            self.t_launch_s,
            &controls,
            &self.options,
        )?;
        let to_impact = self.model.shape.path(&self.launch, &flight.impact.geodetic);
        // Re-aim only from shots that land near the target's range: the azimuth offset
        // (Earth rotation, Coriolis) depends on the flight time.
        if (to_impact.distance_m - self.path.distance_m).abs() < 0.1 * self.path.distance_m {
            let off = wrap_pi(to_impact.azimuth_start_rad - self.path.azimuth_start_rad);
            self.azimuth.set(wrap_pi(self.azimuth.get() - off));
        }
        Ok(Shot {
            flight,
            controls,
            range_error_m: to_impact.distance_m - self.path.distance_m,
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

    /// The energy that reaches the target's range at this tilt.
    fn energy_for_range(&self, tilt: f64) -> Result<Shot, TargetingError> {
        let (lo, hi) = self.bounds.energy;
        let (f_hi, s_hi) = self.range_error(tilt, hi)?;
        if f_hi < 0.0 {
            // Out of reach at this tilt (callers turn it into the overall figure).
            return Err(TargetingError::OutOfReach {
                range_km: self.path.distance_m / 1e3,
                max_range_km: (self.path.distance_m + f_hi) / 1e3,
                short_km: -f_hi / 1e3,
            });
        }
        let (f_lo, s_lo) = self.range_error(tilt, lo)?;
        if f_lo > 0.0 {
            return Err(TargetingError::TooClose {
                range_km: self.path.distance_m / 1e3,
                min_range_km: (self.path.distance_m + f_lo) / 1e3,
            });
        }
        let mut best = match (s_lo, s_hi) {
            (Some(a), Some(b)) => {
                if f_lo.abs() < f_hi.abs() {
                    Some(a)
                } else {
                    Some(b)
                }
            }
            (a, b) => a.or(b),
        };
        let (mut a, mut fa, mut b, mut fb) = (lo, f_lo, hi, f_hi.min(1e9));
        let mut side = 0;
        for _ in 0..80 {
            if best
                .as_ref()
                .is_some_and(|s| s.range_error_m.abs() < RANGE_TOL_M)
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
        best.ok_or_else(|| TargetingError::Request("no trajectory reaches the target range".into()))
    }

    fn out_of_reach(&self) -> TargetingError {
        let (_, max_range) = self.max_range();
        TargetingError::OutOfReach {
            range_km: self.path.distance_m / 1e3,
            max_range_km: max_range / 1e3,
            short_km: (self.path.distance_m - max_range).max(0.0) / 1e3,
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
            let t = golden_min(self.bounds.tilt, |t| match self.energy_for_range(t) {
                Ok(s) => s.controls.energy,
                Err(TargetingError::OutOfReach { short_km, .. }) => {
                    2.0 * self.bounds.energy.1 * (1.0 + short_km)
                }
                Err(_) => 2.0 * self.bounds.energy.1,
            });
            match self.energy_for_range(t) {
                Ok(_) => Ok(t),
                // Out of reach even at the best tilt: say by how much overall.
                Err(TargetingError::OutOfReach { .. }) => Err(self.out_of_reach()),
                Err(e) => Err(e),
            }
        };
        match (profile, constraint) {
            (Profile::MinEnergy, Constraint::None) => {
                let t = met_tilt()?;
                self.energy_for_range(t)
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
                let met = self.energy_for_range(met_tilt()?)?;
                self.solve(profile, Constraint::BurnoutGammaRad(0.5 * gamma_rad(&met)))
            }
            (_, c) => {
                let t_met = met_tilt()?;
                let met = self.energy_for_range(t_met)?;
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
                let found = root(side, |t| match self.energy_for_range(t) {
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
                let t = found.ok_or_else(|| {
                    TargetingError::Constraint(format!(
                        "no {} trajectory to this target has a {what} of {:.1} {unit} (minimum-energy value: {:.1} {unit})",
                        name(profile),
                        target * scale,
                        value(&met) * scale
                    ))
                })?;
                self.energy_for_range(t)
            }
        }
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
            model.shape.path(launch, &f.impact.geodetic).distance_m
        })
    };
    let t = golden_min(bounds.tilt, |t| -range(t));
    (t, range(t))
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
