//! Flying a state forward: integration into an ephemeris, with the apogee and the impact
//! (crossing a given height, going down) located on the dense output.

use crate::dynamics::{position, velocity};
use crate::ephemeris::{Ephemeris, Node, State, hermite};
use crate::integrator::{
    Flow, IntegrationError, OdeSystem, Stats, Step, Tolerance, integrate, single_step,
};
use nalgebra::SVector;
use vigil_earth::{EarthShape, Ecef, Geodetic, Position, Velocity};

/// Integration accuracy: relative tolerance and absolute tolerances on position and velocity
/// (other state components, such as mass, use `atol_m` in their own unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute position tolerance, m.
    pub atol_m: f64,
    /// Absolute velocity tolerance, m/s.
    pub atol_mps: f64,
    /// Longest step, s: bounds the error of the dense output (quintic Hermite between steps,
    /// error ∝ step⁶) where an ephemeris will be sampled; events are exact regardless.
    pub max_step_s: f64,
}

impl Accuracy {
    /// Default accuracy: impact points well within 1 m of a converged reference, ephemerides
    /// good to about a millimetre between steps (30 s steps at most).
    pub const DEFAULT: Accuracy = Accuracy {
        rtol: 1e-10,
        atol_m: 1e-4,
        atol_mps: 1e-7,
        max_step_s: 30.0,
    };
    /// Fast impact prediction: impact points within 10 m of a converged reference for
    /// ICBM-range free flight — worst 2.2 m, mean 0.3 m over the 200 states of
    /// `bench/icbm_states.json` (`examples/impact_rate.rs`, `benches/impact.rs`, see
    /// `BENCHMARKS.md`). The loosest half-decade rtol with a 2× margin on the 10 m bar
    /// (3e-7 reaches 5.6 m). The ephemeris between steps is coarse.
    pub const FAST: Accuracy = Accuracy {
        rtol: 1e-7,
        atol_m: 1e-1,
        atol_mps: 1e-4,
        max_step_s: f64::INFINITY,
    };

    /// Impact prediction through the air (drag): impact points within 10 m of
    /// [`Accuracy::DEFAULT`]'s for reentry vehicles and stages from 300 km (measured 0.1–2 m,
    /// `tests/reentry_accuracy.rs`), with about half [`Accuracy::FAST`]'s steps where drag
    /// slows the integration down — the impact ellipses it serves are kilometres wide.
    pub const REENTRY: Accuracy = Accuracy {
        rtol: 1e-5,
        atol_m: 10.0,
        atol_mps: 1e-2,
        max_step_s: f64::INFINITY,
    };

    /// The per-component tolerance for a state vector of dimension `N` laid out as (r, v, …).
    pub fn tolerance<const N: usize>(&self) -> Tolerance<N> {
        let mut atol = SVector::<f64, N>::repeat(self.atol_m);
        for i in 3..N.min(6) {
            atol[i] = self.atol_mps;
        }
        Tolerance {
            rtol: self.rtol,
            atol,
        }
    }
}

/// A located event on a trajectory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Earth-fixed state at the event.
    pub state: State,
    /// Where the event is on the Earth model's surface (height included).
    pub geodetic: Geodetic,
}

/// Where a flight stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    /// The height (m) whose downward crossing ends the flight (0 for impact).
    pub height_m: f64,
    /// Time (s) at which the flight ends if it has not come down.
    pub t_max_s: f64,
}

/// A flown segment: ephemeris, events, final state and counters.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<const N: usize> {
    /// The trajectory.
    pub ephemeris: Ephemeris,
    /// The highest point, if reached inside the segment.
    pub apogee: Option<Event>,
    /// The downward crossing of the stop height, if reached.
    pub impact: Option<Event>,
    /// The state at the end of the segment (at the impact, when there is one).
    pub end: SVector<f64, N>,
    /// Time at the end of the segment, s.
    pub t_end_s: f64,
    /// Integrator counters.
    pub stats: Stats,
}

/// Why a flight could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlightError {
    /// The integrator failed.
    #[error(transparent)]
    Integration(#[from] IntegrationError),
    /// The initial state is not finite.
    #[error("the initial state is not a finite number")]
    NonFinite,
    /// The initial state lies below the surface.
    #[error("the initial state is {0:.1} m below the surface")]
    BelowSurface(f64),
}

fn node<const N: usize>(t: f64, y: &SVector<f64, N>, f: &SVector<f64, N>) -> Node {
    Node {
        t_s: t,
        position: Position::from_vector(position(y)),
        velocity: Velocity::from_vector(velocity(y)),
        a_mps2: velocity(f),
    }
}

/// Flies `system` from (t0, y0) until the stop height is crossed going down or `stop.t_max_s`,
/// recording the ephemeris and locating apogee and impact on the dense output.
pub fn fly<const N: usize, S: OdeSystem<N>>(
    system: &S,
    shape: EarthShape,
    t0: f64,
    y0: SVector<f64, N>,
    stop: Stop,
    accuracy: &Accuracy,
) -> Result<Segment<N>, FlightError> {
    if !y0.iter().all(|x| x.is_finite()) {
        return Err(FlightError::NonFinite);
    }
    let tol = accuracy.tolerance::<N>();
    let mut ephemeris = Ephemeris::new();
    let mut apogee = None;
    let mut impact = None;
    let mut end = y0;
    let mut t_end_s = t0;
    let height_rate = |r: &Position<Ecef>, v: &Velocity<Ecef>| {
        shape.height_and_up(&r.vector()).1.dot(&v.vector())
    };
    let height_above_stop =
        |r: &Position<Ecef>, _: &Velocity<Ecef>| shape.height_m(&r.vector()) - stop.height_m;
    // (height above the stop, height rate) of a step's end, which is the next step's start:
    // each node's height is computed once.
    let probe = |n: &Node| {
        (
            height_above_stop(&n.position, &n.velocity),
            height_rate(&n.position, &n.velocity),
        )
    };
    let mut last: Option<(f64, (f64, f64))> = None;
    let stats = integrate(
        system,
        t0,
        y0,
        stop.t_max_s,
        &tol,
        accuracy.max_step_s,
        |s: &Step<N>| {
            let (a, b) = (node(s.t0, &s.y0, &s.f0), node(s.t1, &s.y1, &s.f1));
            let (above_a, rate_a) = match last {
                Some((t, p)) if t == a.t_s => p,
                _ => probe(&a),
            };
            let (above_b, rate_b) = probe(&b);
            last = Some((b.t_s, (above_b, rate_b)));
            if ephemeris.nodes().is_empty() {
                ephemeris.push(a);
                // Already descending at the start: the start is the highest point.
                if rate_a <= 0.0 {
                    apogee = Some(event_at(shape, a.t_s, a.position, a.velocity));
                }
            }
            ephemeris.push(b);
            (end, t_end_s) = (s.y1, s.t1);
            if apogee.is_none() && rate_a > 0.0 && rate_b <= 0.0 {
                let t = locate(&a, &b, height_rate);
                let (y, f) = single_step(system, s.t0, &s.y0, &s.f0, t - s.t0, &tol);
                let (r, v, acc) = (position(&y), velocity(&y), velocity(&f));
                // Newton on ḣ = n̂·v, whose rate is n̂·a to first order.
                let up = shape.height_and_up(&r).1;
                let dt = -up.dot(&v) / up.dot(&acc);
                let dt = if dt.is_finite() && dt.abs() < 1.0 {
                    dt
                } else {
                    0.0
                };
                apogee = Some(event_at(
                    shape,
                    t + dt,
                    Position::from_vector(r + v * dt + acc * (0.5 * dt * dt)),
                    Velocity::from_vector(v + acc * dt),
                ));
            }
            if above_a >= 0.0 && above_b < 0.0 {
                // Locate on the dense output, step there exactly, then one Newton correction on the
                // height (|correction| is the interpolation error over the speed: milliseconds).
                let t = locate(&a, &b, height_above_stop);
                let (y, f) = single_step(system, s.t0, &s.y0, &s.f0, t - s.t0, &tol);
                let (r, v, acc) = (position(&y), velocity(&y), velocity(&f));
                let (h, up) = shape.height_and_up(&r);
                let dt = -(h - stop.height_m) / up.dot(&v);
                let dt = if dt.is_finite() && dt.abs() < 1.0 {
                    dt
                } else {
                    0.0
                };
                let (t, r, v) = (t + dt, r + v * dt + acc * (0.5 * dt * dt), v + acc * dt);
                let (position, velocity) = (Position::from_vector(r), Velocity::from_vector(v));
                ephemeris.truncate_at(Node {
                    t_s: t,
                    position,
                    velocity,
                    a_mps2: acc,
                });
                end = y + f * dt;
                for i in 0..3 {
                    end[i] = r[i];
                    end[i + 3] = v[i];
                }
                t_end_s = t;
                impact = Some(event_at(shape, t, position, velocity));
                return Flow::Stop;
            }
            Flow::Continue
        },
    )?;
    Ok(Segment {
        ephemeris,
        apogee,
        impact,
        end,
        t_end_s,
        stats,
    })
}

/// Checks an initial Earth-fixed state: finite and not below the surface (1 mm slack).
pub fn check_initial_state(
    shape: EarthShape,
    r: &Position<Ecef>,
    v: &Velocity<Ecef>,
) -> Result<(), FlightError> {
    if !r.is_finite() || !v.is_finite() {
        return Err(FlightError::NonFinite);
    }
    let h = shape.height_m(&r.vector());
    if h < -1e-3 {
        return Err(FlightError::BelowSurface(-h));
    }
    Ok(())
}

fn event_at(
    shape: EarthShape,
    t: f64,
    position: Position<Ecef>,
    velocity: Velocity<Ecef>,
) -> Event {
    Event {
        state: State {
            t_s: t,
            position,
            velocity,
        },
        geodetic: shape.geodetic(&position),
    }
}

/// The time in [a, b] where `g` (positive at a, non-positive at b) crosses zero along the
/// Hermite interpolant: Illinois regula falsi to 1 µs.
fn locate(a: &Node, b: &Node, g: impl Fn(&Position<Ecef>, &Velocity<Ecef>) -> f64) -> f64 {
    let eval = |t: f64| {
        let (r, v) = hermite(a, b, t);
        g(&r, &v)
    };
    let (mut t0, mut t1) = (a.t_s, b.t_s);
    let (mut g0, mut g1) = (eval(t0), eval(t1));
    let mut side = 0;
    for _ in 0..100 {
        if (t1 - t0).abs() < 1e-6 || g1 == 0.0 {
            break;
        }
        let t = if g0 != g1 {
            (t0 * g1 - t1 * g0) / (g1 - g0)
        } else {
            0.5 * (t0 + t1)
        };
        let t = if t > t0.min(t1) && t < t0.max(t1) {
            t
        } else {
            0.5 * (t0 + t1)
        };
        let gt = eval(t);
        if gt > 0.0 {
            (t0, g0) = (t, gt);
            if side == -1 {
                g1 *= 0.5;
            }
            side = -1;
        } else {
            (t1, g1) = (t, gt);
            if side == 1 {
                g0 *= 0.5;
            }
            side = 1;
        }
    }
    t1
}

/// Free flight of a body from an Earth-fixed state at `t0_s` until it comes down to the
/// surface (or `t_max_s`): the common "where and when does it land" query.
pub fn free_flight(
    ballistic: &crate::dynamics::Ballistic,
    t0_s: f64,
    r: &Position<Ecef>,
    v: &Velocity<Ecef>,
    accuracy: &Accuracy,
    t_max_s: f64,
) -> Result<Segment<6>, FlightError> {
    check_initial_state(ballistic.model.shape, r, v)?;
    let (r, v) = (r.vector(), v.vector());
    let y0 = vigil_earth::math::Vec6::new(r.x, r.y, r.z, v.x, v.y, v.z);
    let stop = Stop {
        height_m: 0.0,
        t_max_s,
    };
    fly(ballistic, ballistic.model.shape, t0_s, y0, stop, accuracy)
}
