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

/// Uncertain inputs: each run's draw is reproducible; outages happen with their probability,
/// launch times stay within the jitter, points fill their discs uniformly (mean distance 2r/3),
/// class parameters stay within their bounds with the mean and variance of a uniform law, all
/// within 99.9 % intervals over 4,000 runs.
#[test]
fn uncertain_inputs_have_their_distributions() {
    use vigil_sim::uncertainty::{realise, varies};
    let text = include_str!("../../../scenarios/teaching/single-radar.toml")
        .replace(
            "time_s = 30",
            "time_s = 30\ntime_jitter_s = 20\nfrom_radius_km = 200\nto_radius_km = 50\n\
             rv_beta_spread = 0.2\nrv_rcs_spread = 0.5\nplume_spread = 0.3",
        )
        .replace(
            "false_alarms_per_look = 0.0",
            "false_alarms_per_look = 0.0\noutage_probability = 0.3",
        );
    let s = Scenario::from_toml(&text).unwrap();
    assert!(varies(&s));
    let nominal = &s.launches[0];
    let n = 4_000u32;
    let (mut out, mut dist) = (0u32, 0.0);
    let (mut rcs_mean, mut rcs_sq) = (0.0, 0.0);
    for k in 0..n {
        let r = realise(&s, k);
        assert_eq!(r.launches[0].from, realise(&s, k).launches[0].from);
        let l = &r.launches[0];
        assert!((l.time_s - nominal.time_s).abs() <= 20.0);
        let d = vigil_earth::EarthShape::Wgs84
            .path(&nominal.from, &l.from)
            .distance_m;
        assert!(d <= 200e3 + 1.0);
        dist += d / f64::from(n);
        out += u32::from(!r.sensors[0].active);
        let beta = l.class.rv.beta_kg_m2 / nominal.class.rv.beta_kg_m2;
        let plume = l.class.plume_w_sr / nominal.class.plume_w_sr;
        let rcs = l.class.rv.rcs_m2 / nominal.class.rv.rcs_m2;
        assert!((beta - 1.0).abs() <= 0.2 + 1e-12 && (plume - 1.0).abs() <= 0.3 + 1e-12);
        assert!((rcs - 1.0).abs() <= 0.5 + 1e-12);
        rcs_mean += rcs / f64::from(n);
        rcs_sq += (rcs - 1.0).powi(2) / f64::from(n);
    }
    // Uniform on [0.5, 1.5]: mean 1, sd 1/√12; E[(x−1)²] = 1/12 with sd √(1/80 − 1/144).
    let sd = (1.0f64 / 12.0).sqrt();
    assert!(
        (rcs_mean - 1.0).abs() < 3.2905 * sd / f64::from(n).sqrt(),
        "{rcs_mean}"
    );
    let sd_sq = (1.0f64 / 80.0 - 1.0 / 144.0).sqrt();
    assert!(
        (rcs_sq - 1.0 / 12.0).abs() < 3.2905 * sd_sq / f64::from(n).sqrt(),
        "{rcs_sq}"
    );
    let p = f64::from(out) / f64::from(n);
    assert!(
        (p - 0.3).abs() < 3.2905 * (0.3f64 * 0.7 / f64::from(n)).sqrt(),
        "outage {p}"
    );
    // Uniform disc: E[d] = 2r/3, sd r/√18.
    let expect = 2.0 * 200e3 / 3.0;
    assert!(
        (dist - expect).abs() < 3.2905 * 200e3 / 18f64.sqrt() / f64::from(n).sqrt(),
        "mean distance {dist}"
    );
}
