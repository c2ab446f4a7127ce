//! Where each radar face can see: ground footprints for targets at a given height.

use crate::scenario::{Scenario, SensorKind};
use vigil_earth::Geodetic;
use vigil_sensors::radar::footprint;

/// The footprint of one radar face.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceFootprint {
    /// Sensor index.
    pub sensor: usize,
    /// Face index within the sensor.
    pub face: usize,
    /// Closed ring of surface points (empty if the face sees nothing at that height).
    pub ring: Vec<Geodetic>,
}

/// Footprints of every radar face of the scenario for targets at `height_m`.
pub fn radar_footprints(s: &Scenario, height_m: f64) -> Vec<FaceFootprint> {
    s.sensors
        .iter()
        .enumerate()
        .filter_map(|(i, m)| match &m.kind {
            SensorKind::Radar(r) => Some((i, r)),
            SensorKind::Infrared(_) => None,
        })
        .flat_map(|(i, r)| {
            r.faces.iter().enumerate().map(move |(j, f)| FaceFootprint {
                sensor: i,
                face: j,
                ring: footprint(r, f, height_m),
            })
        })
        .collect()
}
