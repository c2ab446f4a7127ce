//! The test radar the sensors' statistical tests share.
#![allow(clippy::unwrap_used, dead_code)]

use vigil_earth::Geodetic;
use vigil_earth::topocentric::Site;
use vigil_flight::Ephemeris;
use vigil_sensors::Target;
use vigil_sensors::detection::Swerling;
use vigil_sensors::radar::{Face, FalseAlarms, Radar, RadarNoise};

/// A radar at 50° N 10° E with one face looking north (±60°, 2–70° elevation), 13 dB on 1 m²
/// at 2,000 km, 5,000 km instrumented, Swerling 1, a look a second, and `false_alarms` per look.
pub fn radar(false_alarms: f64) -> Radar {
    Radar {
        site: Site::new(Geodetic::from_degrees(50.0, 10.0, 100.0).unwrap()),
        faces: vec![Face {
            boresight_az_rad: 0.0,
            sector_offset_rad: 0.0,
            half_width_az_rad: 60f64.to_radians(),
            min_el_rad: 2f64.to_radians(),
            max_el_rad: 70f64.to_radians(),
            scan_phase_s: 0.0,
            tilt_rad: None,
        }],
        max_range_m: 5.0e6,
        reference_snr_db: 13.0,
        reference_rcs_m2: 1.0,
        reference_range_m: 2.0e6,
        pfa: 1e-6,
        swerling: Swerling::One,
        pulses: 1,
        revisit_s: 1.0,
        noise: RadarNoise {
            range_m: 100.0,
            angle_rad: 2e-3,
            beamwidth_rad: None,
            range_rate_mps: Some(5.0),
        },
        refraction: None,
        range_resolution_m: 150.0,
        angle_resolution_rad: 0.02,
        false_alarms: FalseAlarms::PerLook(false_alarms),
    }
}

/// An object of 1 m² following `e` (launch 0, object 0).
pub fn target(e: &Ephemeris) -> Target<'_> {
    Target {
        launch: 0,
        object: 0,
        ephemeris: e,
        rcs_m2: 1.0,
        thrust_end_s: None,
        plume_w_sr: 0.0,
    }
}
