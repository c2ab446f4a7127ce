//! Sensor load benchmark (whole program): one hour of 1,000 ballistic objects against 20
//! radars and 4 infrared satellites, on one thread. Prints one JSON line.
//!
//! Objects: the 200 ICBM-like burnout states of `bench/icbm_states.json`, each flown five
//! times with launch offsets of 0–2,400 s (so objects come and go during the hour); the first
//! 120 s of each counts as thrusting for the infrared sensors. Radars: 20 sites on a 30° grid
//! of latitudes ±60°, one 120° face each, 4,800 km, 10 s revisit; satellites: GEO every 90°,
//! 5 s revisit. Run: `cargo run --release -p vigil-sim --example sensor_load`.

use std::time::Instant;
use vigil_earth::rotation::EarthRotation;
use vigil_earth::topocentric::Site;
use vigil_earth::{Ecef, Geodetic, Position, Velocity};
use vigil_flight::{Accuracy, Ballistic, Ephemeris, ForceModel, free_flight};
use vigil_sensors::detection::Swerling;
use vigil_sensors::infrared::InfraredSatellite;
use vigil_sensors::orbit::Orbit;
use vigil_sensors::radar::{Face, FalseAlarms, Radar, RadarNoise};
use vigil_sensors::{Sensor, SensorTag, Target, sensor_rng};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = include_str!("../../../bench/icbm_states.json");
    let body = Ballistic::new(ForceModel::default(), None);
    let mut paths: Vec<Ephemeris> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let num = |key: &str, i: usize| v[key][i].as_f64().unwrap_or(f64::NAN);
        let r = Position::<Ecef>::new(num("r0_m", 0), num("r0_m", 1), num("r0_m", 2));
        let vel = Velocity::<Ecef>::new(num("v0_mps", 0), num("v0_mps", 1), num("v0_mps", 2));
        for copy in 0..5 {
            let t0 = (k * 5 + copy) as f64 * 2.4;
            let f = free_flight(&body, t0, &r, &vel, &Accuracy::DEFAULT, t0 + 4_000.0)?;
            paths.push(f.ephemeris);
        }
    }
    let targets: Vec<Target<'_>> = paths
        .iter()
        .enumerate()
        .map(|(i, e)| Target {
            launch: i as u32,
            object: 0,
            ephemeris: e,
            rcs_m2: 0.1,
            thrust_end_s: e.span().map(|(s, _)| s + 120.0),
            plume_w_sr: 1e6,
        })
        .collect();
    let mut radars = Vec::new();
    for lat in [-60.0, -30.0, 0.0, 30.0, 60.0] {
        for lon in [-135.0, -45.0, 45.0, 135.0] {
            radars.push(Radar {
                site: Site::new(Geodetic::from_degrees(lat, lon, 100.0)?),
                faces: vec![Face {
                    boresight_az_rad: 0.0,
                    sector_offset_rad: 0.0,
                    half_width_az_rad: 60f64.to_radians(),
                    min_el_rad: 0.035,
                    max_el_rad: 1.2,
                    scan_phase_s: 0.0,
                    tilt_rad: Some(0.35),
                }],
                max_range_m: 4.8e6,
                reference_snr_db: 20.0,
                reference_rcs_m2: 0.1,
                reference_range_m: 4.0e6,
                pfa: 1e-6,
                swerling: Swerling::One,
                pulses: 1,
                revisit_s: 10.0,
                noise: RadarNoise {
                    range_m: 100.0,
                    angle_rad: 1.5e-3,
                    beamwidth_rad: None,
                    range_rate_mps: None,
                },
                refraction: Some(vigil_sensors::horizon::Refraction::STANDARD),
                range_resolution_m: 150.0,
                angle_resolution_rad: 0.02,
                false_alarms: FalseAlarms::PerLook(0.5),
            });
        }
    }
    let rotation = EarthRotation::aligned();
    let satellites: Vec<InfraredSatellite> = [0.0f64, 90.0, 180.0, 270.0]
        .iter()
        .map(|lon| InfraredSatellite {
            orbit: Orbit::geostationary(lon.to_radians(), &rotation),
            rotation,
            revisit_s: 5.0,
            phase_s: 0.0,
            min_target_height_m: 10e3,
            limb_height_m: 50e3,
            field_of_regard_rad: None,
            nei_w_m2: 5e-12,
            pfa: 1e-6,
            los_sigma_rad: 50e-6,
        })
        .collect();
    let sensors: Vec<&dyn Sensor> = radars
        .iter()
        .map(|r| r as &dyn Sensor)
        .chain(satellites.iter().map(|s| s as &dyn Sensor))
        .collect();
    let start = Instant::now();
    let mut detections = 0usize;
    let mut looks = 0usize;
    for (i, s) in sensors.iter().enumerate() {
        let tag = SensorTag {
            sensor: i as u32,
            network: 0,
        };
        detections += s
            .observe(tag, &targets, 0.0, 3_600.0, &mut sensor_rng(1, 0, i as u32))
            .len();
        looks += s.looks(0.0, 3_600.0);
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "objects": targets.len(), "radars": radars.len(), "satellites": satellites.len(), "span_s": 3600,
            "looks": looks, "detections": detections, "seconds": seconds,
            "detections_per_s": detections as f64 / seconds,
            "object_looks_per_s": (looks * targets.len()) as f64 / seconds,
        })
    );
    Ok(())
}
