//! Threat assessment: the probability that a predicted impact falls inside a defended area,
//! from the impact distribution (bivariate normal in the local east/north plane), integrated by
//! a fixed quasi-random point set (deterministic; 2,048 Halton points, error ≲ 1 %).

use crate::impact::ImpactPrediction;
use nalgebra::Vector2;
use std::sync::LazyLock;
use vigil_earth::{EarthShape, Geodetic};

/// A defended area on the surface.
#[derive(Debug, Clone, PartialEq)]
pub enum Area {
    /// All points within `radius_m` (surface distance) of `center`.
    Circle {
        /// Centre.
        center: Geodetic,
        /// Radius, m.
        radius_m: f64,
    },
    /// A polygon of surface points (in order; small enough to treat as planar around its
    /// centroid).
    Polygon(Vec<Geodetic>),
}

impl Area {
    /// Whether a surface point is inside.
    pub fn contains(&self, g: &Geodetic) -> bool {
        match self {
            Area::Circle { center, radius_m } => {
                EarthShape::Wgs84.path(center, g).distance_m <= *radius_m
            }
            Area::Polygon(vertices) => {
                // Even-odd rule on (lon, lat), longitudes unwrapped around the point.
                let unwrap = |lon: f64| {
                    let d = (lon - g.lon_rad + std::f64::consts::PI)
                        .rem_euclid(std::f64::consts::TAU)
                        - std::f64::consts::PI;
                    g.lon_rad + d
                };
                let pts: Vec<Vector2<f64>> = vertices
                    .iter()
                    .map(|v| Vector2::new(unwrap(v.lon_rad), v.lat_rad))
                    .collect();
                inside_polygon(&pts, &Vector2::new(g.lon_rad, g.lat_rad))
            }
        }
    }
}

/// Whether point `d` lies inside the planar polygon `pts` (in order), by the even-odd rule.
fn inside_polygon(pts: &[Vector2<f64>], d: &Vector2<f64>) -> bool {
    let mut inside = false;
    for k in 0..pts.len() {
        let (a, b) = (pts[k], pts[(k + 1) % pts.len()]);
        if (a.y > d.y) != (b.y > d.y) && d.x < a.x + (d.y - a.y) * (b.x - a.x) / (b.y - a.y) {
            inside = !inside;
        }
    }
    inside
}

/// The k-th point of the base-b van der Corput sequence in (0, 1).
fn van_der_corput(mut k: usize, b: usize) -> f64 {
    let (mut q, mut bk) = (0.0, 1.0 / b as f64);
    k += 1;
    while k > 0 {
        q += (k % b) as f64 * bk;
        k /= b;
        bk /= b as f64;
    }
    q
}

/// Number of quasi-random points for the probability.
const POINTS: usize = 2048;

/// The standard normal pairs the probability integrates with: Box–Muller on the first
/// [`POINTS`] 2-D Halton points (bases 2 and 3), computed once — the same for every call.
static NORMALS: LazyLock<Vec<Vector2<f64>>> = LazyLock::new(|| {
    (0..POINTS)
        .map(|k| {
            let (u1, u2) = (van_der_corput(k, 2), van_der_corput(k, 3));
            let r = (-2.0 * u1.ln()).sqrt();
            let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
            Vector2::new(r * c, r * s)
        })
        .collect()
});

/// Probability that the impact falls inside `area`.
pub fn probability_inside(p: &ImpactPrediction, area: &Area) -> f64 {
    let Some(chol) = p.cov_en_m2.cholesky() else {
        return 0.0;
    };
    let l = chol.l();
    // The area in the local (east, north) plane of the mean impact: planar within a few
    // hundred km (error ~ (d/R)², below 0.1 % here), no geodesic per sample.
    let inside = match area {
        Area::Circle { center, radius_m } => {
            let c = p.offset_en(center);
            let r2 = radius_m * radius_m;
            NORMALS
                .iter()
                .filter(|z| (l * *z - c).norm_squared() <= r2)
                .count()
        }
        Area::Polygon(v) => {
            let pts: Vec<Vector2<f64>> = v.iter().map(|g| p.offset_en(g)).collect();
            NORMALS
                .iter()
                .filter(|z| inside_polygon(&pts, &(l * *z)))
                .count()
        }
    };
    inside as f64 / POINTS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square polygon 2° (~220 km) on a side around an impact with σ = 5 km: the impact is
    /// inside with probability 1; with the mean on the square's western edge, 1/2 (the normal
    /// is symmetric about the edge). Bars: 1 % (the quasi-random sum's stated error).
    #[test]
    fn polygon_probability_by_symmetry() {
        let g = |lat: f64, lon: f64| Geodetic::from_degrees(lat, lon, 0.0).unwrap();
        let square = Area::Polygon(vec![
            g(44.0, 99.0),
            g(44.0, 101.0),
            g(46.0, 101.0),
            g(46.0, 99.0),
        ]);
        let at = |point| ImpactPrediction {
            point,
            cov_en_m2: nalgebra::Matrix2::identity() * 25e6,
            t_s: 0.0,
            t_sigma_s: 1.0,
        };
        let centred = probability_inside(&at(g(45.0, 100.0)), &square);
        assert!((centred - 1.0).abs() < 0.01, "{centred}");
        let on_edge = probability_inside(&at(g(45.0, 99.0)), &square);
        assert!((on_edge - 0.5).abs() < 0.01, "{on_edge}");
    }

    #[test]
    fn polygon_contains_and_wraps_the_antimeridian() {
        let sq = |lat: f64, lon: f64| Geodetic::from_degrees(lat, lon, 0.0).unwrap();
        let area = Area::Polygon(vec![
            sq(-1.0, 179.0),
            sq(-1.0, -179.0),
            sq(1.0, -179.0),
            sq(1.0, 179.0),
        ]);
        assert!(area.contains(&sq(0.0, 180.0)));
        assert!(area.contains(&sq(0.5, -179.5)));
        assert!(!area.contains(&sq(0.0, 170.0)));
    }
}
