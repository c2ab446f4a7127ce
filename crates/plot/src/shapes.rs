//! Shapes to draw, built on a spherical Earth: circles, ellipses, sensor fans, great circles.
//!
//! These are drawing aids at the rendering boundary (degrees in, `[lon_deg, lat_deg]`
//! out), accurate to the spherical-Earth approximation (~0.5 %); physics belongs to
//! the sensor and flight crates.

/// Mean Earth radius used for the drawing shapes, km (IUGG mean radius R1).
pub const EARTH_MEAN_RADIUS_KM: f64 = 6371.0088;

/// The point reached from `start` ([lon_deg, lat_deg]) after `distance_km` along the
/// great circle leaving at `azimuth_deg` (clockwise from north).
pub fn destination(start: [f64; 2], azimuth_deg: f64, distance_km: f64) -> [f64; 2] {
    let (lon1, lat1) = (start[0].to_radians(), start[1].to_radians());
    let az = azimuth_deg.to_radians();
    let delta = distance_km / EARTH_MEAN_RADIUS_KM;
    let sin_lat2 = lat1.sin() * delta.cos() + lat1.cos() * delta.sin() * az.cos();
    let lat2 = sin_lat2.clamp(-1.0, 1.0).asin();
    let y = az.sin() * delta.sin() * lat1.cos();
    let x = delta.cos() - lat1.sin() * sin_lat2;
    let lon2 = lon1 + y.atan2(x);
    [
        crate::geo::wrap_lon_deg(lon2.to_degrees()),
        lat2.to_degrees(),
    ]
}

/// A closed ring (first point not repeated) of `n_points` points at `radius_km`
/// around `centre`: a defended area or a radar's horizon footprint.
pub fn circle_ring(centre: [f64; 2], radius_km: f64, n_points: usize) -> Vec<[f64; 2]> {
    ellipse_ring(centre, radius_km, radius_km, 0.0, n_points)
}

/// A closed ring approximating an ellipse on the ground (an impact ellipse): semi-axes
/// in km, the major axis pointing along `major_axis_azimuth_deg` (clockwise from north).
pub fn ellipse_ring(
    centre: [f64; 2],
    semi_major_km: f64,
    semi_minor_km: f64,
    major_axis_azimuth_deg: f64,
    n_points: usize,
) -> Vec<[f64; 2]> {
    let n = n_points.max(8);
    (0..n)
        .map(|i| {
            let theta = std::f64::consts::TAU * i as f64 / n as f64;
            let along = semi_major_km * theta.cos();
            let across = semi_minor_km * theta.sin();
            let distance = along.hypot(across);
            let bearing = major_axis_azimuth_deg + across.atan2(along).to_degrees();
            destination(centre, bearing, distance)
        })
        .collect()
}

/// A closed sensor-coverage fan: from `site`, `range_km` out, spanning
/// `boresight_azimuth_deg ± half_width_deg` (both clockwise from north); the arc has
/// `n_arc_points` points and each side 15 more, so the sides curve as great circles.
pub fn sector_ring(
    site: [f64; 2],
    boresight_azimuth_deg: f64,
    half_width_deg: f64,
    range_km: f64,
    n_arc_points: usize,
) -> Vec<[f64; 2]> {
    let n = n_arc_points.max(2);
    // The straight sides are great circles: densify them so they curve on the map.
    const SIDE_POINTS: usize = 16;
    let (az_left, az_right) = (
        boresight_azimuth_deg - half_width_deg,
        boresight_azimuth_deg + half_width_deg,
    );
    let mut ring = Vec::with_capacity(n + 2 * SIDE_POINTS);
    ring.push(site);
    for i in 1..SIDE_POINTS {
        let d = range_km * i as f64 / SIDE_POINTS as f64;
        ring.push(destination(site, az_left, d));
    }
    for i in 0..n {
        let az = az_left + (az_right - az_left) * i as f64 / (n - 1) as f64;
        ring.push(destination(site, az, range_km));
    }
    for i in (1..SIDE_POINTS).rev() {
        let d = range_km * i as f64 / SIDE_POINTS as f64;
        ring.push(destination(site, az_right, d));
    }
    ring
}

/// `n_points` points (ends included) along the shorter great circle from `from` to `to`.
pub fn great_circle(from: [f64; 2], to: [f64; 2], n_points: usize) -> Vec<[f64; 2]> {
    let to_xyz = |p: [f64; 2]| {
        let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let (a, b) = (to_xyz(from), to_xyz(to));
    let dot = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]).clamp(-1.0, 1.0);
    let omega = dot.acos();
    let n = n_points.max(2);
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            let (wa, wb) = if omega.abs() < 1e-12 {
                (1.0 - t, t)
            } else {
                (
                    ((1.0 - t) * omega).sin() / omega.sin(),
                    (t * omega).sin() / omega.sin(),
                )
            };
            let v = [
                wa * a[0] + wb * b[0],
                wa * a[1] + wb * b[1],
                wa * a[2] + wb * b[2],
            ];
            let lat = v[2].atan2(v[0].hypot(v[1])).to_degrees();
            let lon = v[1].atan2(v[0]).to_degrees();
            [lon, lat]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_quarter_circle() {
        let quarter_km = EARTH_MEAN_RADIUS_KM * std::f64::consts::FRAC_PI_2;
        let p = destination([0.0, 0.0], 90.0, quarter_km);
        assert!((p[0] - 90.0).abs() < 1e-9 && p[1].abs() < 1e-9, "{p:?}");
        let n = destination([10.0, 0.0], 0.0, quarter_km);
        assert!((n[1] - 90.0).abs() < 1e-9, "{n:?}");
    }

    #[test]
    fn great_circle_ends_and_midpoint() {
        let gc = great_circle([0.0, 0.0], [90.0, 0.0], 3);
        assert_eq!(gc.len(), 3);
        assert!((gc[1][0] - 45.0).abs() < 1e-9 && gc[1][1].abs() < 1e-9);
        assert!((gc[2][0] - 90.0).abs() < 1e-9);
    }

    #[test]
    fn circle_and_fan_sizes() {
        let ring = circle_ring([0.0, 0.0], 111.2, 36);
        assert_eq!(ring.len(), 36);
        assert!(ring.iter().all(|p| (p[0].hypot(p[1]) - 1.0).abs() < 0.01));
        assert_eq!(
            sector_ring([0.0, 0.0], 0.0, 60.0, 1000.0, 13).len(),
            1 + 15 + 13 + 15
        );
    }
}
