//! Flying a launch: the boost phase of a missile class (vertical rise, pitch-over kick, gravity
//! turn at zero angle of attack, staging, optional thrust termination) or an impulsive burnout,
//! then the free flight of every object the launch produces.

use crate::dynamics::{Ballistic, ForceModel, velocity};
use crate::ephemeris::{Ephemeris, State};
use crate::integrator::OdeSystem;
use crate::propagate::{Accuracy, Event, FlightError, Stop, fly};
use crate::vehicle::MissileClass;
use vigil_earth::math::{Vec3, Vec6, Vec7};
use vigil_earth::{EarthShape, Ecef, Geodetic, Position, Velocity};

/// How the missile gets to burnout.
#[derive(Debug, Clone, PartialEq)]
pub enum Booster {
    /// A missile class flown through its boost phase.
    Class(MissileClass),
    /// Impulsive burnout at a height above the launch point (textbook model); the reentry
    /// vehicle takes these drag and radar properties.
    Impulsive {
        /// Burnout height above the launch point, m.
        burnout_height_m: f64,
        /// The reentry vehicle's ballistic coefficient and RCS.
        rv: crate::vehicle::Body,
    },
}

/// What the flight controls set: the launch azimuth, the trajectory's shape and its energy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Controls {
    /// Launch azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
    /// Shape: angle of attack held during the pitch-over (class) or 90° − flight-path angle at
    /// burnout (impulsive), rad. Larger is flatter.
    pub tilt_rad: f64,
    /// Energy: the fraction of the total burn time before thrust termination, (0, 1] (class;
    /// termination may fall in any stage), or burnout speed relative to the Earth, m/s
    /// (impulsive).
    pub energy: f64,
}

/// What a launch object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// The reentry vehicle.
    ReentryVehicle,
    /// The booster: the powered stack, then its spent last stage.
    Booster,
    /// A spent lower stage (1-based stage number).
    Stage(usize),
}

/// One object a launch produces, from its release (or launch) to its impact.
#[derive(Debug, Clone, PartialEq)]
pub struct FlightObject {
    /// What it is.
    pub kind: ObjectKind,
    /// Ballistic coefficient in free flight, kg/m².
    pub beta_kg_m2: f64,
    /// Radar cross-section, m².
    pub rcs_m2: f64,
    /// Time its thrust ends (booster only), s.
    pub thrust_end_s: Option<f64>,
    /// Its path.
    pub ephemeris: Ephemeris,
    /// Where and when it comes down (None if it has not by the time limit).
    pub impact: Option<Event>,
}

impl FlightObject {
    /// A short name: `rv`, `booster`, `stage-1`…
    pub fn name(&self) -> String {
        match self.kind {
            ObjectKind::ReentryVehicle => "rv".into(),
            ObjectKind::Booster => "booster".into(),
            ObjectKind::Stage(n) => format!("stage-{n}"),
        }
    }
}

/// The flown launch.
#[derive(Debug, Clone, PartialEq)]
pub struct Flight {
    /// The Earth shape the flight was computed on.
    pub shape: EarthShape,
    /// Launch point.
    pub launch: Geodetic,
    /// Launch time, s.
    pub t_launch_s: f64,
    /// State at burnout (release of the reentry vehicle).
    pub burnout: State,
    /// Highest point of the reentry vehicle.
    pub apogee: Option<Event>,
    /// The reentry vehicle's impact.
    pub impact: Event,
    /// Every object: the reentry vehicle first.
    pub objects: Vec<FlightObject>,
}

impl Flight {
    /// The same flight launched `dt_s` seconds later (see [`Ephemeris::shifted`]).
    pub fn shifted(&self, dt_s: f64) -> Self {
        let event = |e: &Event| Event {
            state: State {
                t_s: e.state.t_s + dt_s,
                ..e.state
            },
            ..*e
        };
        Self {
            t_launch_s: self.t_launch_s + dt_s,
            burnout: State {
                t_s: self.burnout.t_s + dt_s,
                ..self.burnout
            },
            apogee: self.apogee.as_ref().map(event),
            impact: event(&self.impact),
            objects: self
                .objects
                .iter()
                .map(|o| FlightObject {
                    thrust_end_s: o.thrust_end_s.map(|t| t + dt_s),
                    ephemeris: o.ephemeris.shifted(dt_s),
                    impact: o.impact.as_ref().map(event),
                    ..*o
                })
                .collect(),
            ..*self
        }
    }
}

/// Powered flight of the stack: state (r, v, m) with thrust along a steering direction.
struct Powered {
    model: ForceModel,
    thrust_n: f64,
    mass_flow_kg_s: f64,
    cd_area_m2: f64,
    steering: Steering,
}

/// Where the thrust points.
#[derive(Clone, Copy)]
enum Steering {
    /// A fixed Earth-fixed direction (vertical rise).
    Fixed(Vec3),
    /// At an angle of attack `aoa_rad` from the Earth-relative velocity, towards the
    /// horizontal direction `toward` (pitch-over kick).
    Kick { toward: Vec3, aoa_rad: f64 },
    /// Along the Earth-relative velocity (gravity turn, zero angle of attack).
    AlongVelocity,
}

impl OdeSystem<7> for Powered {
    fn derivative(&self, _t: f64, y: &Vec7) -> Vec7 {
        let r = Vec3::new(y[0], y[1], y[2]);
        let v = velocity(y);
        let m = y[6].max(1e-9);
        let dir = match self.steering {
            Steering::Fixed(d) => d,
            Steering::Kick { toward, aoa_rad } => {
                let along = v
                    .try_normalize(1e-6)
                    .unwrap_or_else(|| self.model.shape.height_and_up(&r).1);
                let across = (toward - along * along.dot(&toward))
                    .try_normalize(1e-12)
                    .unwrap_or(toward);
                let (s, c) = aoa_rad.sin_cos();
                along * c + across * s
            }
            Steering::AlongVelocity => {
                let n = v.norm();
                if n > 1e-6 {
                    v / n
                } else {
                    self.model.shape.height_and_up(&r).1
                }
            }
        };
        let a = self.model.acceleration(&r, &v, self.cd_area_m2 / m) + dir * (self.thrust_n / m);
        Vec7::from([v.x, v.y, v.z, a.x, a.y, a.z, -self.mass_flow_kg_s])
    }
}

/// Why a launch could not be flown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LaunchError {
    /// The flight computation failed.
    #[error(transparent)]
    Flight(#[from] FlightError),
    /// The missile hit the ground while thrusting.
    #[error("the missile hits the ground during boost (pitch-over too steep)")]
    GroundDuringBoost,
    /// The reentry vehicle did not come down in time.
    #[error("the reentry vehicle does not come down within {0:.0} s")]
    NoImpact(f64),
}

/// Integration settings of a launch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaunchOptions {
    /// Integration accuracy.
    pub accuracy: Accuracy,
    /// Longest free flight, s.
    pub max_flight_s: f64,
    /// Also fly the booster and spent stages to the ground (not needed while targeting).
    pub all_objects: bool,
}

impl Default for LaunchOptions {
    fn default() -> Self {
        Self {
            accuracy: Accuracy::DEFAULT,
            max_flight_s: 7200.0,
            all_objects: true,
        }
    }
}

/// Flies a launch from `launch` at `t_launch_s` with the given controls.
pub fn fly_launch(
    model: &ForceModel,
    booster: &Booster,
    launch: &Geodetic,
    t_launch_s: f64,
    controls: &Controls,
    options: &LaunchOptions,
) -> Result<Flight, LaunchError> {
    let site = Geodetic {
        h_m: 0.0,
        ..*launch
    };
    let [east, north, up] = site.enu_axes();
    let (sa, ca) = controls.azimuth_rad.sin_cos();
    let horizontal = north * ca + east * sa;
    let (burnout, rv_body, boosted) = match booster {
        Booster::Impulsive {
            burnout_height_m,
            rv,
        } => {
            let r = model.shape.to_ecef(&Geodetic {
                h_m: *burnout_height_m,
                ..site
            });
            let (sg, cg) = (std::f64::consts::FRAC_PI_2 - controls.tilt_rad).sin_cos();
            let v = (horizontal * cg + up * sg) * controls.energy;
            let state = State {
                t_s: t_launch_s,
                position: r,
                velocity: Velocity::from_vector(v),
            };
            (state, *rv, None)
        }
        Booster::Class(class) => {
            let b = boost(
                model, class, &site, up, horizontal, t_launch_s, controls, options,
            )?;
            (b.burnout, class.rv, Some(b))
        }
    };
    let rv_flight = coast(model, rv_body.beta_kg_m2, &burnout, options)?;
    let impact = rv_flight
        .impact
        .ok_or(LaunchError::NoImpact(options.max_flight_s))?;
    let mut objects = vec![FlightObject {
        kind: ObjectKind::ReentryVehicle,
        beta_kg_m2: rv_body.beta_kg_m2,
        rcs_m2: rv_body.rcs_m2,
        thrust_end_s: None,
        ephemeris: rv_flight.ephemeris,
        impact: Some(impact),
    }];
    if let (true, Some(mut b), Booster::Class(class)) = (options.all_objects, boosted, booster) {
        // The booster: the powered stack, then the stage burning at burnout, coasting from
        // where it separated, backing away from the reentry vehicle.
        let body = &class.stage[b.final_stage - 1];
        let flight = coast(
            model,
            body.beta_kg_m2,
            &backed_away(&burnout, class.separation_mps),
            options,
        )?;
        for n in flight.ephemeris.nodes() {
            b.ephemeris.push(*n);
        }
        objects.push(FlightObject {
            kind: ObjectKind::Booster,
            beta_kg_m2: body.beta_kg_m2,
            rcs_m2: body.rcs_m2,
            thrust_end_s: Some(burnout.t_s),
            ephemeris: b.ephemeris,
            impact: flight.impact,
        });
        for (n, at) in b.spent {
            let body = &class.stage[n - 1];
            let flight = coast(model, body.beta_kg_m2, &at, options)?;
            objects.push(FlightObject {
                kind: ObjectKind::Stage(n),
                beta_kg_m2: body.beta_kg_m2,
                rcs_m2: body.rcs_m2,
                thrust_end_s: None,
                ephemeris: flight.ephemeris,
                impact: flight.impact,
            });
        }
    }
    let apogee = rv_flight.apogee;
    Ok(Flight {
        shape: model.shape,
        launch: site,
        t_launch_s,
        burnout,
        apogee,
        impact,
        objects,
    })
}

/// Burnout seen from the ground below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurnoutFigures {
    /// Time after launch, s.
    pub t_after_launch_s: f64,
    /// Speed relative to the Earth, m/s.
    pub speed_mps: f64,
    /// Flight-path angle of the Earth-relative velocity above the local horizontal, rad.
    pub gamma_rad: f64,
    /// Azimuth of the Earth-relative velocity, rad clockwise from north, in [0, 2π).
    pub azimuth_rad: f64,
    /// Height above the surface, m.
    pub h_m: f64,
}

/// Burnout figures of a flight.
pub fn burnout_figures(f: &Flight) -> BurnoutFigures {
    let g = f.shape.geodetic(&f.burnout.position);
    let [east, north, up] = g.enu_axes();
    let v = f.burnout.velocity.vector();
    let speed = v.norm();
    BurnoutFigures {
        t_after_launch_s: f.burnout.t_s - f.t_launch_s,
        speed_mps: speed,
        gamma_rad: (up.dot(&v) / speed).clamp(-1.0, 1.0).asin(),
        azimuth_rad: east
            .dot(&v)
            .atan2(north.dot(&v))
            .rem_euclid(std::f64::consts::TAU),
        h_m: g.h_m,
    }
}

/// Unpowered flight of a body of ballistic coefficient `beta_kg_m2` from `from` to the ground.
fn coast(
    model: &ForceModel,
    beta_kg_m2: f64,
    from: &State,
    options: &LaunchOptions,
) -> Result<crate::propagate::Segment<6>, FlightError> {
    let stop = Stop {
        height_m: 0.0,
        t_max_s: from.t_s + options.max_flight_s,
    };
    let body = Ballistic::new(*model, Some(beta_kg_m2));
    fly(
        &body,
        model.shape,
        from.t_s,
        state6(from),
        stop,
        &options.accuracy,
    )
}

/// `s` with its velocity slowed by `dv_mps` along itself (a stage backing away at separation).
fn backed_away(s: &State, dv_mps: f64) -> State {
    let v = s.velocity.vector();
    let speed = v.norm();
    if speed <= 0.0 || dv_mps <= 0.0 {
        return *s;
    }
    State {
        velocity: Velocity::from_vector(v * (1.0 - dv_mps / speed)),
        ..*s
    }
}

fn state6(s: &State) -> Vec6 {
    let (r, v) = (s.position.vector(), s.velocity.vector());
    Vec6::new(r.x, r.y, r.z, v.x, v.y, v.z)
}

/// The outcome of a boost phase.
struct Boosted {
    /// State at burnout (thrust termination), when the reentry vehicle separates.
    burnout: State,
    /// The powered stack's path.
    ephemeris: Ephemeris,
    /// Separation states of the spent lower stages, with their 1-based stage numbers.
    spent: Vec<(usize, State)>,
    /// The 1-based number of the stage burning at burnout (it stays with the booster).
    final_stage: usize,
}

/// The boost phase, up to burnout or thrust termination.
#[allow(clippy::too_many_arguments)]
fn boost(
    model: &ForceModel,
    class: &MissileClass,
    site: &Geodetic,
    up: Vec3,
    horizontal: Vec3,
    t0: f64,
    controls: &Controls,
    options: &LaunchOptions,
) -> Result<Boosted, LaunchError> {
    let r0 = model.shape.to_ecef(site).vector();
    let mut y = Vec7::from([r0.x, r0.y, r0.z, 0.0, 0.0, 0.0, class.launch_mass_kg()]);
    let mut t = t0;
    let mut ephemeris = Ephemeris::new();
    let mut spent = Vec::new();
    let last = class.stage.len();
    let t_rise = t0 + class.vertical_rise_s;
    let t_turn = t_rise + class.pitch_over_s;
    let total_burn_s: f64 = class.stage.iter().map(|s| s.burn_s).sum();
    let t_cut = t0 + controls.energy.clamp(1e-3, 1.0) * total_burn_s;
    for (i, stage) in class.stage.iter().enumerate() {
        let t_end = (t + stage.burn_s).min(t_cut);
        // Split the burn where the steering law changes so no step straddles a kink.
        let mut cuts = vec![t_rise, t_turn, t_end];
        cuts.retain(|&c| c > t && c <= t_end);
        cuts.dedup();
        for &cut in &cuts {
            let steering = if t < t_rise {
                Steering::Fixed(up)
            } else if t < t_turn {
                Steering::Kick {
                    toward: horizontal,
                    aoa_rad: controls.tilt_rad,
                }
            } else {
                Steering::AlongVelocity
            };
            let system = Powered {
                model: *model,
                thrust_n: stage.thrust(),
                mass_flow_kg_s: stage.mass_flow_kg_s(),
                cd_area_m2: class.cd_area_m2,
                steering,
            };
            let seg = fly(
                &system,
                model.shape,
                t,
                y,
                Stop {
                    height_m: -1.0,
                    t_max_s: cut,
                },
                &options.accuracy,
            )?;
            if seg.impact.is_some() {
                return Err(LaunchError::GroundDuringBoost);
            }
            for n in seg.ephemeris.nodes() {
                ephemeris.push(*n);
            }
            (t, y) = (seg.t_end_s, seg.end);
        }
        let state = State {
            t_s: t,
            position: Position::<Ecef>::from_vector(Vec3::new(y[0], y[1], y[2])),
            velocity: Velocity::<Ecef>::from_vector(velocity(&y)),
        };
        if i + 1 == last || t >= t_cut {
            return Ok(Boosted {
                burnout: state,
                ephemeris,
                spent,
                final_stage: i + 1,
            });
        }
        spent.push((i + 1, state));
        // Drop the spent stage (it burnt to depletion).
        y[6] -= stage.dry_kg;
    }
    Err(LaunchError::GroundDuringBoost)
}
