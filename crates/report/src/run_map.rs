//! The map of a run (`map.png`): coverage, sensors, true ground tracks and each
//! architecture's first-correct-alert impact ellipses, with an impact-area detail inset
//! when the ellipses are small on it.

use vigil_sim::coverage::radar_footprints;
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

use crate::colours::{DEFENDED_AREA, TRUE_IMPACT, architecture_colour, class_colour};
use crate::run_geometry::{classes, ellipse_of, first_correct_alert, lon_lat, track_from_launch};
use crate::run_outputs::COVERAGE_HEIGHT_M;
use crate::scenario_layers::{area_ring, coverage_layers, sensor_points};
use crate::{GeoBox, Inset, Layer, Map, Marker, Projection, geo};

/// Width and height of the impact detail as shares of the main map's plot.
const DETAIL_SIZE: [f64; 2] = [0.36, 0.40];
/// The detail is drawn when the main view is at least this many times wider.
const DETAIL_ZOOM: f64 = 4.0;

/// The map of the run: light radar coverage per network, defended areas, sensors, true
/// reentry-vehicle ground tracks coloured by missile class with launch and impact points,
/// and each architecture's first-correct-alert 95 % impact ellipses; 1600 × 1000.
///
/// `projection` [`Projection::Auto`] is azimuthal when a ground track passes poleward of
/// ±60° latitude ([`crate::AUTO_POLAR_LAT_DEG`]), equirectangular otherwise. An
/// equirectangular view fits the tracks, areas, radar sites and ellipses; an azimuthal one
/// is centred on and fits every layer. When the view is over four times wider than the
/// [`impact_detail_map`], that detail is drawn as an inset over the corner with the least
/// data.
pub fn run_map(s: &Scenario, r: &RunResult, projection: Projection) -> Map {
    let mut map = Map::new(format!("Vigil run — {}", s.name));
    map.subtitle = "Illustrative scenario: true RV ground tracks, and the 95 % impact ellipse \
                    of each architecture's first correct alert"
        .into();
    map.width_px = 1600;
    map.height_px = 1000;
    let footprints = radar_footprints(s, COVERAGE_HEIGHT_M);
    let scenario_layers = coverage_layers(s, &footprints, COVERAGE_HEIGHT_M / 1e3);
    // Coverage first and light; sensors last, on top.
    let (mut sites, mut rest): (Vec<Layer>, Vec<Layer>) = scenario_layers
        .into_iter()
        .partition(|l| matches!(l, Layer::Points { .. }));
    for l in &mut rest {
        if let Layer::Polygons {
            label, fill_alpha, ..
        } = l
        {
            if label.contains("radar coverage") {
                *fill_alpha = 0.08;
            }
        }
    }
    map.layers.append(&mut rest);
    let mut data: Vec<[f64; 2]> = track_layers(s, r, &mut map.layers);
    map.layers.extend(true_impacts(r));
    for (a, rings) in ellipse_rings(s, r).into_iter().enumerate() {
        data.extend(rings.iter().flatten());
        map.layers.push(Layer::Polygons {
            label: format!(
                "{}: 95 % impact ellipse at first correct alert ({} of {})",
                s.architectures[a].id,
                rings.len(),
                s.launches.len()
            ),
            colour: architecture_colour(a),
            fill_alpha: 0.15,
            rings,
        });
    }
    map.layers.append(&mut sites);

    for d in &s.defended_areas {
        data.extend(area_ring(&d.shape));
    }
    for (i, p, satellite) in sensor_points(s, 0.0) {
        if !satellite && i < s.sensors.len() {
            data.push(p);
        }
    }
    map.projection = projection.resolve(&map.layers);
    if !matches!(map.projection, Projection::Azimuthal { .. }) {
        map.bounds = Some(data_bounds(&data));
    }
    if let Some(detail) = impact_detail_map(s, r, projection)
        && map.fitted_bounds().lon_span_deg() >= DETAIL_ZOOM * detail.fitted_bounds().lon_span_deg()
    {
        map.inset = Some(Box::new(Inset {
            map: detail,
            size: DETAIL_SIZE,
        }));
    }
    map
}

/// Per missile class, the reentry vehicles' ground tracks from launch and the labelled
/// launch points, appended to `layers`; returns the tracks' points.
fn track_layers(s: &Scenario, r: &RunResult, layers: &mut Vec<Layer>) -> Vec<[f64; 2]> {
    let (class_ids, class_of) = classes(s);
    let mut data = Vec::new();
    for (k, id) in class_ids.iter().enumerate() {
        let mut lines = Vec::new();
        let mut starts = Vec::new();
        for (l, launch) in s.launches.iter().enumerate() {
            if class_of[l] != k {
                continue;
            }
            let Some(flown) = r.flown.get(l) else {
                continue;
            };
            let track = track_from_launch(&flown.flight.objects);
            if track.len() >= 2 {
                data.extend(&track);
                lines.push(track);
            }
            starts.push((lon_lat(&flown.flight.launch), Some(launch.id.clone())));
        }
        layers.push(Layer::Lines {
            label: format!("{id}: reentry-vehicle ground track (from launch)"),
            colour: class_colour(k),
            width_px: 2.0,
            lines,
        });
        layers.push(Layer::Points {
            label: String::new(),
            colour: class_colour(k),
            marker: Marker::Circle,
            points: starts,
        });
    }
    data
}

/// The true impact points (none if nothing flew).
fn true_impacts(r: &RunResult) -> Option<Layer> {
    let impacts: Vec<([f64; 2], Option<String>)> = r
        .flown
        .iter()
        .map(|f| (lon_lat(&f.flight.impact.geodetic), None))
        .collect();
    (!impacts.is_empty()).then(|| Layer::Points {
        label: "true impact".into(),
        colour: TRUE_IMPACT,
        marker: Marker::Cross,
        points: impacts,
    })
}

/// Per architecture of the scenario, the 95 % ellipse rings of its first correct alerts.
fn ellipse_rings(s: &Scenario, r: &RunResult) -> Vec<Vec<Vec<[f64; 2]>>> {
    r.architectures
        .iter()
        .take(s.architectures.len())
        .map(|o| {
            (0..s.launches.len())
                .filter_map(|l| first_correct_alert(o, l).and_then(ellipse_of))
                .map(|(ring, ..)| ring)
                .collect()
        })
        .collect()
}

/// A view around the data: the fitted box, widened to the world's width when it spans
/// most of it, kept within the poles.
fn data_bounds(points: &[[f64; 2]]) -> GeoBox {
    let b = geo::fit_bounds(points);
    let lat = (b.lat_min_deg.max(-90.0), b.lat_max_deg.min(90.0));
    if b.lon_span_deg() > 270.0 {
        GeoBox::new(-180.0, 180.0, lat.0, lat.1)
    } else {
        GeoBox::new(b.lon_min_deg, b.lon_max_deg, lat.0, lat.1)
    }
}

/// The impact-area detail of the run: defended areas, reentry-vehicle tracks, true impacts
/// and the architectures' first-correct-alert 95 % ellipses, framed on the ellipses, areas
/// and impacts. None when no architecture correctly warned of any launch. A small area:
/// `Auto` is equirectangular here, and an azimuthal detail is centred on itself.
pub fn impact_detail_map(s: &Scenario, r: &RunResult, projection: Projection) -> Option<Map> {
    let mut map = Map::new("Detail: impact areas and 95 % ellipses at first correct alert");
    map.projection = match projection {
        Projection::Auto | Projection::Equirectangular => Projection::Equirectangular,
        Projection::Azimuthal { .. } => Projection::Azimuthal { centre_deg: None },
    };
    let mut frame: Vec<[f64; 2]> = Vec::new();
    let areas: Vec<Vec<[f64; 2]>> = s
        .defended_areas
        .iter()
        .map(|a| area_ring(&a.shape))
        .collect();
    frame.extend(areas.iter().flatten());
    map.layers.push(Layer::Polygons {
        label: String::new(),
        colour: DEFENDED_AREA,
        fill_alpha: 0.3,
        rings: areas,
    });
    let (_, class_of) = classes(s);
    for (l, flown) in r.flown.iter().enumerate() {
        map.layers.push(Layer::Lines {
            label: String::new(),
            colour: class_colour(class_of.get(l).copied().unwrap_or(0)),
            width_px: 1.5,
            lines: vec![track_from_launch(&flown.flight.objects)],
        });
    }
    let mut any = false;
    for (a, rings) in ellipse_rings(s, r).into_iter().enumerate() {
        any |= !rings.is_empty();
        frame.extend(rings.iter().flatten());
        map.layers.push(Layer::Polygons {
            label: String::new(),
            colour: architecture_colour(a),
            fill_alpha: 0.12,
            rings,
        });
    }
    if let Some(mut impacts) = true_impacts(r) {
        if let Layer::Points { label, points, .. } = &mut impacts {
            label.clear();
            frame.extend(points.iter().map(|(p, _)| *p));
        }
        map.layers.push(impacts);
    }
    map.bounds = Some(geo::fit_bounds(&frame));
    any.then_some(map)
}
