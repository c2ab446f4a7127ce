//! `Accuracy::REENTRY` against `Accuracy::DEFAULT` for flights through the air: a reentry
//! vehicle (β 4,000 kg/m²) and a light stage (β 200 and 300 kg/m²) from 300 km, descending at
//! 1.5 km/s and moving at 5 km/s, over the U.S. Standard Atmosphere 1976: impact points
//! within 10 m (the bar `Accuracy::REENTRY` documents) and impact times within 0.1 s.
#![allow(clippy::unwrap_used)]

use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::{EarthShape, Ecef, Geodetic, Velocity};
use vigil_flight::{Accuracy, Ballistic, ForceModel, free_flight};

#[test]
fn reentry_accuracy_lands_within_ten_metres_of_the_default() {
    let model = ForceModel {
        atmosphere: AtmosphereModel::Ussa1976,
        ..ForceModel::default()
    };
    for (lat, lon) in [(50.0, 40.0), (10.0, -120.0), (-35.0, 150.0)] {
        let start = Geodetic::from_degrees(lat, lon, 300_000.0).unwrap();
        let [e, n, up] = start.enu_axes();
        let v = Velocity::<Ecef>::from_vector(e * 4_000.0 + n * 3_000.0 - up * 1_500.0);
        for beta in [4_000.0, 300.0, 200.0] {
            let body = Ballistic::new(model, Some(beta));
            let fly = |acc: &Accuracy| {
                free_flight(&body, 0.0, &start.to_ecef(), &v, acc, 7_200.0)
                    .unwrap()
                    .impact
                    .unwrap()
            };
            let (fine, coarse) = (fly(&Accuracy::DEFAULT), fly(&Accuracy::REENTRY));
            let d = EarthShape::Wgs84
                .path(&fine.geodetic, &coarse.geodetic)
                .distance_m;
            assert!(d < 10.0, "β {beta} at ({lat}, {lon}): {d} m");
            assert!((fine.state.t_s - coarse.state.t_s).abs() < 0.1);
        }
    }
}
