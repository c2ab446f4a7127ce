//! A Monte Carlo estimate with a known answer: the probability that one radar detects a
//! reentry vehicle at least once, 1 − Π(1 − Pd_i) over the looks that see it (Pd_i from the
//! radar model along the true path), against the fraction of runs (each run its own random
//! stream) in which it does — inside the binomial 99.9 % interval.
#![allow(clippy::unwrap_used)]

use vigil_sensors::radar::FalseAlarms;
use vigil_sensors::{Sensor, SensorTag, look_times, sensor_rng};
use vigil_sim::scenario::{Scenario, SensorKind};
use vigil_sim::truth::{fly_launches, targets};

#[test]
fn monte_carlo_matches_cumulative_detection_probability() {
    let text = include_str!("../../../scenarios/teaching/single-radar.toml")
        .replace("snr_db = 20", "snr_db = 5");
    let s = Scenario::from_toml(&text).unwrap();
    let flown = fly_launches(&s).unwrap();
    let rv: Vec<_> = targets(&flown)
        .into_iter()
        .filter(|t| t.object == 0)
        .collect();
    let SensorKind::Radar(radar) = &s.sensors[0].kind else {
        panic!("a radar")
    };
    let mut radar = radar.clone();
    radar.false_alarms = FalseAlarms::PerLook(0.0);
    // Known answer along the true path, over the first 30 s after the vehicle rises into view
    // (at long range, where Pd is far from 1; later it comes straight at the radar).
    let face = radar.faces[0];
    let visible = |t: f64| {
        rv[0]
            .ephemeris
            .state_at(t)
            .is_some_and(|st| radar.face_sees(&face, &radar.sight(&st.position)))
    };
    let first = look_times(radar.revisit_s, face.scan_phase_s, 0.0, s.duration_s)
        .find(|t| visible(*t))
        .unwrap();
    let t_end = first + 30.0;
    let mut miss_all = 1.0;
    for t in look_times(radar.revisit_s, face.scan_phase_s, 0.0, t_end) {
        let Some(st) = rv[0].ephemeris.state_at(t) else {
            continue;
        };
        let sight = radar.sight(&st.position);
        if radar.face_sees(&face, &sight) {
            let snr = radar.snr(rv[0].rcs_m2, sight.aer.range_m)
                * face.scan_loss(sight.aer.azimuth_rad, sight.aer.elevation_rad);
            miss_all *= 1.0 - radar.pd(snr);
        }
    }
    let p = 1.0 - miss_all;
    assert!(
        (0.2..0.8).contains(&p),
        "choose a more telling SNR: p = {p}"
    );
    let runs = 2_000u32;
    let hits = (0..runs)
        .filter(|&k| {
            !radar
                .observe(
                    SensorTag {
                        sensor: 0,
                        network: 0,
                    },
                    &rv,
                    0.0,
                    t_end,
                    &mut sensor_rng(s.seed, k, 0),
                )
                .is_empty()
        })
        .count();
    let estimate = hits as f64 / f64::from(runs);
    let half = 3.2905 * (p * (1.0 - p) / f64::from(runs)).sqrt();
    println!("P(detected) = {p:.4}; Monte Carlo {estimate:.4} ± {half:.4} over {runs} runs");
    assert!((estimate - p).abs() < half);
}
