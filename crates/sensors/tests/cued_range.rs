//! A cued radar detects farther: with a dwell gain G the single-look SNR at range R is the
//! search's at R / G^¼ (radar equation, SNR ∝ 1/R⁴), so the Swerling 1 detection probability
//! curve stretches in range by G^¼ and so does the range of first detection of an incoming
//! object. Expected: the median first-detection range grows by 10^(6/40) = 1.413 for 6 dB,
//! within 3 % (400 draws each; the looks fall at the same times, and the discreteness of
//! looks — 5 km apart here — is far below that).
#![allow(clippy::unwrap_used)]

use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Geodetic, Velocity};
use vigil_flight::Ephemeris;
use vigil_flight::ephemeris::Node;
use vigil_sensors::radar::{CuedSearch, Face, Radar};
use vigil_sensors::{Sensor, SensorTag, sensor_rng};

mod common;

/// The shared test radar, seeing from the horizon to 80° and far enough for the object to be
/// limited by its SNR alone (26 dB on 1 m² at 1,000 km, 20,000 km instrumented).
fn radar() -> Radar {
    let base = common::radar(0.0);
    Radar {
        faces: vec![Face {
            min_el_rad: 0.0,
            max_el_rad: 80f64.to_radians(),
            ..base.faces[0]
        }],
        max_range_m: 2.0e7,
        reference_snr_db: 26.0,
        reference_range_m: 1.0e6,
        ..base
    }
}

/// An object at 3,000 km height coming straight in from 7,000 km north at 5 km/s over the
/// ground (above the horizon from 5,200 km), one node a second.
fn incoming(r: &Radar) -> Ephemeris {
    let mut e = Ephemeris::new();
    let at = |t: f64| {
        let g = EarthShape::Wgs84.destination(&r.site.geodetic, 0.0, 7.0e6 - 5_000.0 * t);
        Geodetic { h_m: 3.0e6, ..g }.to_ecef()
    };
    for k in 0..1_500 {
        let t = f64::from(k);
        e.push(Node {
            t_s: t,
            position: at(t),
            velocity: Velocity::from_vector((at(t + 0.5) - at(t - 0.5)).vector()),
            a_mps2: Vec3::zeros(),
        });
    }
    e
}

fn median_first_range(r: &Radar, e: &Ephemeris) -> f64 {
    let target = common::target(e);
    let tag = SensorTag {
        sensor: 0,
        network: 0,
    };
    let mut ranges: Vec<f64> = (0..400)
        .map(|run| {
            let mut rng = sensor_rng(7, run, 0);
            let first = r.observe(tag, &[target], 0.0, 1_400.0, &mut rng)[0].t_s;
            let p = e.state_at(first).unwrap().position;
            (p - r.site.ecef).norm()
        })
        .collect();
    ranges.sort_by(f64::total_cmp);
    ranges[ranges.len() / 2]
}

#[test]
fn a_cued_radar_detects_farther_by_the_fourth_root_of_its_dwell_gain() {
    let search = radar();
    let e = incoming(&search);
    let cued = search
        .cued(
            &CuedSearch {
                dwell_gain_db: 6.0,
                revisit_s: 1.0,
                fence_rad: 80f64.to_radians(),
            },
            0.0,
            5f64.to_radians(),
            0.0,
        )
        .unwrap();
    let (r_search, r_cued) = (
        median_first_range(&search, &e),
        median_first_range(&cued.radar, &e),
    );
    let ratio = r_cued / r_search;
    println!(
        "median first detection: search {:.0} km, cued {:.0} km, ratio {ratio:.3} (expected 1.413); time share {:.2}",
        r_search / 1e3,
        r_cued / 1e3,
        cued.time_share
    );
    assert!((ratio / 10f64.powf(0.15) - 1.0).abs() < 0.03, "{ratio}");
    // Cost: 10^0.6 × (5°/60° of the sector) × (the whole elevation span) × (same revisit).
    assert!((cued.time_share - 10f64.powf(0.6) * 5.0 / 60.0).abs() < 1e-9);
}
