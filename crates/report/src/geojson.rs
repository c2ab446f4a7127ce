//! GeoJSON (RFC 7946) output: WGS-84 longitude/latitude in degrees, no `crs` member, and
//! geometries that cross the antimeridian split in two (§3.1.9).

use crate::geo::{split_at_antimeridian, unwrap_lons, wrap_lon_deg};
use serde_json::{Map, Value, json};

/// A geometry in `[lon_deg, lat_deg]` points.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// One position.
    Point([f64; 2]),
    /// A polyline.
    LineString(Vec<[f64; 2]>),
    /// An area bounded by one ring (closed or not; it is closed on output).
    Polygon(Vec<[f64; 2]>),
}

/// A feature: a geometry and its properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The geometry.
    pub geometry: Geometry,
    /// Its properties (names carry units, e.g. `altitude_km`).
    pub properties: Map<String, Value>,
}

/// A `FeatureCollection` of the features, ready to write.
pub fn feature_collection(features: &[Feature]) -> Value {
    let features: Vec<Value> = features
        .iter()
        .map(|f| json!({"type": "Feature", "geometry": geometry(&f.geometry), "properties": f.properties}))
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

fn position(p: [f64; 2]) -> Value {
    // 1e-7° is about 1 cm: enough, and keeps files small and stable.
    let r = |x: f64| (x * 1e7).round() / 1e7;
    json!([r(wrap_lon_deg(p[0])), r(p[1])])
}

fn geometry(g: &Geometry) -> Value {
    match g {
        Geometry::Point(p) => json!({"type": "Point", "coordinates": position(*p)}),
        Geometry::LineString(line) => {
            let pieces = split_at_antimeridian(line);
            let lines: Vec<Vec<Value>> = pieces
                .iter()
                .map(|l| l.iter().map(|p| position(*p)).collect())
                .collect();
            match lines.len() {
                1 => json!({"type": "LineString", "coordinates": lines[0]}),
                _ => json!({"type": "MultiLineString", "coordinates": lines}),
            }
        }
        Geometry::Polygon(ring) => {
            let parts = split_ring(ring);
            let rings: Vec<Vec<Vec<Value>>> = parts.iter().map(|r| vec![closed(r)]).collect();
            match rings.len() {
                1 => json!({"type": "Polygon", "coordinates": rings[0]}),
                _ => json!({"type": "MultiPolygon", "coordinates": rings}),
            }
        }
    }
}

fn closed(ring: &[[f64; 2]]) -> Vec<Value> {
    let mut out: Vec<Value> = ring.iter().map(|p| position(*p)).collect();
    if ring.first() != ring.last() {
        if let Some(first) = ring.first() {
            out.push(position(*first));
        }
    }
    out
}

/// A ring made continuous in longitude, then cut at ±180° into pieces that each lie within
/// [−180°, 180°] (Sutherland–Hodgman against the meridian, the far piece shifted by 360°).
fn split_ring(ring: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let ring = unwrap_lons(ring);
    let (lo, hi) = ring
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p[0]), b.max(p[0]))
        });
    if lo >= -180.0 && hi <= 180.0 {
        return vec![ring];
    }
    let cut = if hi > 180.0 { 180.0 } else { -180.0 };
    let shift = if hi > 180.0 { -360.0 } else { 360.0 };
    let inside = clip(&ring, cut, hi <= 180.0);
    let outside: Vec<[f64; 2]> = clip(&ring, cut, hi > 180.0)
        .into_iter()
        .map(|p| [p[0] + shift, p[1]])
        .collect();
    [inside, outside]
        .into_iter()
        .filter(|r| r.len() >= 3)
        .collect()
}

/// The part of a ring east (`keep_east`) or west of the meridian `lon`.
fn clip(ring: &[[f64; 2]], lon: f64, keep_east: bool) -> Vec<[f64; 2]> {
    let inside = |p: &[f64; 2]| if keep_east { p[0] >= lon } else { p[0] <= lon };
    let mut out = Vec::new();
    for (i, p) in ring.iter().enumerate() {
        let q = ring[(i + 1) % ring.len()];
        if inside(p) {
            out.push(*p);
        }
        if inside(p) != inside(&q) {
            let t = (lon - p[0]) / (q[0] - p[0]);
            out.push([lon, p[1] + t * (q[1] - p[1])]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_across_the_antimeridian_is_split() {
        let ring = vec![[170.0, 10.0], [-170.0, 10.0], [-170.0, 20.0], [170.0, 20.0]];
        let v = geometry(&Geometry::Polygon(ring));
        assert_eq!(v["type"], "MultiPolygon");
        for poly in v["coordinates"].as_array().unwrap() {
            for p in poly[0].as_array().unwrap() {
                let lon = p[0].as_f64().unwrap();
                assert!((-180.0..=180.0).contains(&lon));
            }
            let r = poly[0].as_array().unwrap();
            assert_eq!(r.first(), r.last());
        }
    }

    #[test]
    fn ordinary_polygon_stays_whole_and_closed() {
        let v = geometry(&Geometry::Polygon(vec![
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
        ]));
        assert_eq!(v["type"], "Polygon");
        assert_eq!(v["coordinates"][0].as_array().unwrap().len(), 4);
        let fc = feature_collection(&[Feature {
            geometry: Geometry::Point([1.0, 2.0]),
            properties: Map::new(),
        }]);
        assert_eq!(fc["type"], "FeatureCollection");
        assert!(fc.get("crs").is_none());
    }
}
