//! A scenario's geography as map layers and GeoJSON features: sensor sites, radar coverage,
//! infrared satellites' sub-points and defended areas, coloured by network.

use crate::colours::{DEFENDED_AREA, network_colour};
use crate::formats::{FormatError, write_pretty_json};
use crate::geojson::{Feature, Geometry, feature_collection};
use crate::{Layer, Marker, shapes};
use serde_json::{Map, Value, json};
use std::path::Path;
use vigil_earth::Geodetic;
use vigil_sim::coverage::FaceFootprint;
use vigil_sim::scenario::model::AreaShape;
use vigil_sim::scenario::{Scenario, SensorKind};

fn lon_lat(g: &Geodetic) -> [f64; 2] {
    [g.lon_deg(), g.lat_deg()]
}

fn props(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Where each sensor is at time `t_s`: radar sites, satellites' sub-satellite points.
pub fn sensor_points(s: &Scenario, t_s: f64) -> Vec<(usize, [f64; 2], bool)> {
    s.sensors
        .iter()
        .enumerate()
        .map(|(i, m)| match &m.kind {
            SensorKind::Radar(r) => (i, lon_lat(&r.site.geodetic), false),
            SensorKind::Infrared(ir) => {
                let p = ir.orbit.position_ecef(t_s, &ir.rotation);
                (i, lon_lat(&Geodetic::from_ecef(&p)), true)
            }
        })
        .collect()
}

/// Rings of a defended area, `[lon, lat]` degrees.
pub fn area_ring(shape: &AreaShape) -> Vec<[f64; 2]> {
    match shape {
        AreaShape::Circle { center, radius_m } => {
            shapes::circle_ring(lon_lat(center), radius_m / 1e3, 72)
        }
        AreaShape::Polygon(p) => p.iter().map(lon_lat).collect(),
    }
}

/// GeoJSON features of the scenario's coverage at one altitude.
pub fn coverage_features(
    s: &Scenario,
    footprints: &[FaceFootprint],
    altitude_km: f64,
) -> Vec<Feature> {
    let mut out = Vec::new();
    for f in footprints.iter().filter(|f| f.ring.len() >= 4) {
        let m = &s.sensors[f.sensor];
        out.push(Feature {
            geometry: Geometry::Polygon(f.ring.iter().map(lon_lat).collect()),
            properties: props(&[
                ("layer", json!("radar-coverage")),
                ("sensor", json!(m.id)),
                ("network", json!(s.networks[m.network])),
                ("face", json!(f.face + 1)),
                ("altitude_km", json!(altitude_km)),
            ]),
        });
    }
    for (i, p, satellite) in sensor_points(s, 0.0) {
        let m = &s.sensors[i];
        out.push(Feature {
            geometry: Geometry::Point(p),
            properties: props(&[
                (
                    "layer",
                    json!(if satellite {
                        "satellite-subpoint-t0"
                    } else {
                        "radar-site"
                    }),
                ),
                ("sensor", json!(m.id)),
                ("network", json!(s.networks[m.network])),
            ]),
        });
    }
    for a in &s.defended_areas {
        out.push(Feature {
            geometry: Geometry::Polygon(area_ring(&a.shape)),
            properties: props(&[("layer", json!("defended-area")), ("id", json!(a.id))]),
        });
    }
    out
}

/// Map layers of the scenario's coverage: footprints and sites per network, defended areas.
pub fn coverage_layers(s: &Scenario, footprints: &[FaceFootprint], altitude_km: f64) -> Vec<Layer> {
    let mut layers = Vec::new();
    for (n, name) in s.networks.iter().enumerate() {
        let rings: Vec<Vec<[f64; 2]>> = footprints
            .iter()
            .filter(|f| s.sensors[f.sensor].network == n && f.ring.len() >= 4)
            .map(|f| f.ring.iter().map(lon_lat).collect())
            .collect();
        if !rings.is_empty() {
            layers.push(Layer::Polygons {
                label: format!("{name}: radar coverage at {altitude_km:.0} km"),
                colour: network_colour(n),
                fill_alpha: 0.18,
                rings,
            });
        }
    }
    let areas: Vec<Vec<[f64; 2]>> = s
        .defended_areas
        .iter()
        .map(|a| area_ring(&a.shape))
        .collect();
    if !areas.is_empty() {
        layers.push(Layer::Polygons {
            label: "defended areas".into(),
            colour: DEFENDED_AREA,
            fill_alpha: 0.35,
            rings: areas,
        });
    }
    let points = sensor_points(s, 0.0);
    for (n, name) in s.networks.iter().enumerate() {
        for satellite in [false, true] {
            let pts: Vec<([f64; 2], Option<String>)> = points
                .iter()
                .filter(|(i, _, sat)| s.sensors[*i].network == n && *sat == satellite)
                .map(|(i, p, _)| (*p, Some(s.sensors[*i].id.clone())))
                .collect();
            if !pts.is_empty() {
                layers.push(Layer::Points {
                    label: format!(
                        "{name}: {}",
                        if satellite {
                            "infrared satellite (sub-point)"
                        } else {
                            "radar"
                        }
                    ),
                    colour: network_colour(n),
                    marker: if satellite {
                        Marker::Diamond
                    } else {
                        Marker::Triangle
                    },
                    points: pts,
                });
            }
        }
    }
    layers
}

/// The map of `vigil coverage`, 1600 × 1000 px: [`coverage_layers`] under a title naming the
/// altitude and the scenario.
pub fn coverage_map(s: &Scenario, footprints: &[FaceFootprint], altitude_km: f64) -> crate::Map {
    let mut map = crate::Map::new(format!(
        "Radar coverage at {altitude_km} km altitude — {}",
        s.name
    ));
    map.subtitle =
        "Illustrative scenario: generic sites and parameters, not real installations".into();
    map.width_px = 1600;
    map.height_px = 1000;
    map.layers = coverage_layers(s, footprints, altitude_km);
    map
}

/// Writes the GeoJSON of `vigil coverage`: [`coverage_features`] as a pretty feature
/// collection and a line end.
pub fn write_coverage_geojson(
    path: &Path,
    s: &Scenario,
    footprints: &[FaceFootprint],
    altitude_km: f64,
) -> Result<(), FormatError> {
    let features = coverage_features(s, footprints, altitude_km);
    write_pretty_json(path, &feature_collection(&features))
}
