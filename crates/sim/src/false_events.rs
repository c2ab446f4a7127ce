//! False events that look real, drawn per run from the scenario's `[false_events]` rates:
//! sunlight glints on high cloud seen by one infrared satellite, and fabricated radar tracks
//! seen by one network's radars. Each run draws from its own stream of the scenario seed (no
//! sensor and no uncertain input shares it), so a run's false events can be recomputed alone.

use crate::detect::PhantomScope;
use crate::scenario::{Scenario, SensorKind};
use crate::truth::FlownLaunch;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};
use vigil_earth::constants::SPHERE_RADIUS;
use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Geodetic, Velocity};
use vigil_flight::ephemeris::Node;
use vigil_flight::launch::{Flight, FlightObject, ObjectKind};
use vigil_flight::{Ephemeris, Event, State};

/// One false event of a run: data with no missile behind them.
#[derive(Debug, Clone)]
pub struct FalseEvent {
    /// Its id (`glint-K`, `false-track-K`).
    pub id: String,
    /// What the data follow.
    pub flown: FlownLaunch,
    /// Who sees it.
    pub scope: PhantomScope,
    /// The launch (scenario index) a fabricated track copies; None for a glint.
    pub copy_of: Option<usize>,
}

/// How long a glint lasts, s (uniform).
const GLINT_S: (f64, f64) = (10.0, 60.0);

/// Glints lie within this share of the angle from the sub-satellite point to the horizon.
const GLINT_CAP_SHARE: f64 = 0.8;

/// Height of a glint above the satellite's cloud tops, m.
const GLINT_ABOVE_CLOUDS_M: f64 = 1_000.0;

/// The false events of run `run` of `s`, whose launches flew as `flown`: per infrared
/// satellite, a Poisson number of glints (rate × duration) at uniform times, each at a uniform
/// point of the Earth the satellite sees (within 80 % of the angle to its horizon) and with the
/// mean plume intensity of the scenario's missiles; per network with radars, a Poisson number
/// of fabricated tracks, each a copy of a uniformly chosen launch at a uniform time. Nothing
/// is drawn at zero rates.
pub fn draw(s: &Scenario, flown: &[FlownLaunch], run: u32) -> Vec<FalseEvent> {
    let rates = s.false_events;
    if !rates.any() {
        return Vec::new();
    }
    // Seed mixed with its own constant: no sensor or uncertain input draws from this stream.
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed ^ 0x6a09_e667_f3bc_c908);
    rng.set_stream(u64::from(run));
    let hours = s.duration_s / 3_600.0;
    // A zero rate (the other one is not) has no Poisson distribution: nothing is drawn.
    let count = |rate: f64, rng: &mut ChaCha8Rng| -> u64 {
        match Poisson::new(rate * hours) {
            Ok(p) => p.sample(rng) as u64,
            Err(_) => 0,
        }
    };
    let mut out = Vec::new();
    let plume = mean_plume_w_sr(flown);
    for (index, m) in s.sensors.iter().enumerate() {
        let SensorKind::Infrared(ir) = &m.kind else {
            continue;
        };
        for _ in 0..count(rates.infrared_per_satellite_hour, &mut rng) {
            let t_s = rng.random::<f64>() * s.duration_s;
            let lasts_s = GLINT_S.0 + rng.random::<f64>() * (GLINT_S.1 - GLINT_S.0);
            let (u, v): (f64, f64) = (rng.random(), rng.random());
            let sat = ir.orbit.position_ecef(t_s, &ir.rotation);
            let mut under = EarthShape::Wgs84.geodetic(&sat);
            under.h_m = 0.0;
            let horizon = (SPHERE_RADIUS / sat.vector().norm()).min(1.0).acos();
            // Uniform on the spherical cap: cos θ uniform.
            let cap = GLINT_CAP_SHARE * horizon;
            let theta = (1.0 - u * (1.0 - cap.cos())).acos();
            let mut at = EarthShape::Wgs84.destination(
                &under,
                std::f64::consts::TAU * v,
                theta * SPHERE_RADIUS,
            );
            at.h_m = ir.min_target_height_m + GLINT_ABOVE_CLOUDS_M;
            out.push(FalseEvent {
                id: format!("glint-{}", out.len()),
                flown: glint(&at, t_s, lasts_s, plume),
                scope: PhantomScope::Sensor(index),
                copy_of: None,
            });
        }
    }
    for network in 0..s.networks.len() {
        let has_radar = s
            .sensors
            .iter()
            .any(|m| m.network == network && matches!(m.kind, SensorKind::Radar(_)));
        if !has_radar || flown.is_empty() {
            continue;
        }
        for _ in 0..count(rates.radar_tracks_per_network_hour, &mut rng) {
            let launch = rng.random_range(0..flown.len());
            let t_s = rng.random::<f64>() * s.duration_s;
            let original = &flown[launch];
            out.push(FalseEvent {
                id: format!("false-track-{}", out.len()),
                flown: FlownLaunch {
                    flight: original.flight.shifted(t_s - original.flight.t_launch_s),
                    plume_w_sr: original.plume_w_sr,
                },
                scope: PhantomScope::RadarsOf(network),
                copy_of: Some(launch),
            });
        }
    }
    out
}

/// The mean plume intensity of the scenario's launches (of the built-in classes without any).
fn mean_plume_w_sr(flown: &[FlownLaunch]) -> f64 {
    if flown.is_empty() {
        let classes = vigil_flight::vehicle::builtin_classes();
        classes.iter().map(|c| c.plume_w_sr).sum::<f64>() / classes.len().max(1) as f64
    } else {
        flown.iter().map(|f| f.plume_w_sr).sum::<f64>() / flown.len() as f64
    }
}

/// A glint as a "flight": one object standing still at `at` from `t_s` for `lasts_s`, whose
/// plume shines the whole time.
fn glint(at: &Geodetic, t_s: f64, lasts_s: f64, plume_w_sr: f64) -> FlownLaunch {
    let position = at.to_ecef();
    let still = |t_s: f64| Node {
        t_s,
        position,
        velocity: Velocity::from_vector(Vec3::zeros()),
        a_mps2: Vec3::zeros(),
    };
    let mut ephemeris = Ephemeris::new();
    ephemeris.push(still(t_s));
    ephemeris.push(still(t_s + lasts_s));
    let state = |t_s: f64| State {
        t_s,
        position,
        velocity: Velocity::from_vector(Vec3::zeros()),
    };
    let end = Event {
        state: state(t_s + lasts_s),
        geodetic: *at,
    };
    FlownLaunch {
        flight: Flight {
            shape: EarthShape::Wgs84,
            launch: *at,
            t_launch_s: t_s,
            burnout: state(t_s + lasts_s),
            apogee: None,
            impact: end,
            objects: vec![FlightObject {
                kind: ObjectKind::Booster,
                beta_kg_m2: 0.0,
                rcs_m2: 0.0,
                thrust_end_s: Some(t_s + lasts_s),
                ephemeris,
                impact: None,
            }],
        },
        plume_w_sr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::truth::fly_launches;

    fn scenario(rates: &str) -> Scenario {
        let text = format!("{}\n[false_events]\n{rates}\n", crate::DEFAULT_SCENARIO);
        Scenario::from_toml(&text).unwrap()
    }

    /// Counts follow the rates (Poisson over 400 runs: mean within 4 standard errors), every
    /// event lies inside the run, glints sit above the cloud tops of the satellite that sees
    /// them, copies are the original flight shifted in time, and a run draws the same events
    /// every time.
    #[test]
    fn draws_follow_the_rates_and_repeat() {
        let s = scenario("infrared_per_satellite_hour = 3.0\nradar_tracks_per_network_hour = 0.5");
        let flown = fly_launches(&s).unwrap();
        let (mut glints, mut tracks) = (0usize, 0usize);
        let runs = 400;
        for run in 0..runs {
            let events = draw(&s, &flown, run);
            for e in &events {
                let (t0, t1) = e.flown.flight.objects[0].ephemeris.span().unwrap();
                match e.copy_of {
                    None => {
                        glints += 1;
                        assert!(t0 >= 0.0 && t0 < s.duration_s && t1 - t0 <= GLINT_S.1);
                        let PhantomScope::Sensor(i) = e.scope else {
                            panic!("{:?}", e.scope)
                        };
                        let SensorKind::Infrared(ir) = &s.sensors[i].kind else {
                            panic!("glint seen by a radar")
                        };
                        let h = e.flown.flight.launch.h_m;
                        assert!((h - ir.min_target_height_m - GLINT_ABOVE_CLOUDS_M).abs() < 1e-6);
                    }
                    Some(l) => {
                        tracks += 1;
                        let original = &flown[l].flight;
                        let dt = e.flown.flight.t_launch_s - original.t_launch_s;
                        let t = original.t_launch_s + 300.0;
                        let (a, b) = (
                            original.objects[0].ephemeris.state_at(t).unwrap(),
                            e.flown.flight.objects[0]
                                .ephemeris
                                .state_at(t + dt)
                                .unwrap(),
                        );
                        assert!((a.position - b.position).norm() < 1e-6);
                        assert!(e.flown.flight.t_launch_s < s.duration_s);
                    }
                }
            }
            assert_eq!(events.len(), draw(&s, &flown, run).len());
        }
        let hours = runs as f64 * s.duration_s / 3_600.0;
        // Two infrared satellites, two networks with radars.
        let expect = |rate: f64, n: f64| rate * n * hours;
        for (got, want) in [(glints, expect(3.0, 2.0)), (tracks, expect(0.5, 2.0))] {
            assert!(
                (got as f64 - want).abs() < 4.0 * want.sqrt(),
                "{got} drawn, {want} expected"
            );
        }
        assert!(draw(&scenario(""), &flown, 0).is_empty());
    }
}
