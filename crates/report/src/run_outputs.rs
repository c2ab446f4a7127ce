//! The geographic outputs of `vigil run`: what happened, where.
//!
//! [`write_run_outputs`] writes three files into the run's folder:
//!
//! * `run.geojson` — RFC 7946 features ([`run_features`]): radar sites and infrared
//!   satellites' sub-points at t = 0, radar coverage at 500 km, defended areas, the true
//!   ground tracks of every launch's reentry vehicle and booster (every 20 s), launch and
//!   true impact points, and per architecture the 95 % impact ellipse of its first correct
//!   alert on each launch. Property names carry their units (`t_s`, `semi_major_km`, …);
//!   every feature has a `layer` property naming what it is.
//! * `run.czml` — the same run animated for Cesium ([`crate::czml::run_czml`]).
//! * `map.png` — a 1600 × 1000 map of the run ([`run_map`]); when the impact ellipses are
//!   only a few pixels across on it (a world view), an impact-area detail
//!   ([`impact_detail_map`]) is drawn over the corner of the view with the least data
//!   ([`run_map_png`]).
//!
//! The three files are deterministic: the same scenario and run give the same bytes.

use crate::geojson::{Feature, Geometry, feature_collection};
use crate::scenario_layers::{coverage_features, coverage_layers};
use crate::{GeoBox, Layer, Map, MapError, Marker, Rgb, geo, render_png_bytes, shapes};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use vigil_earth::Geodetic;
use vigil_flight::ephemeris::Ephemeris;
use vigil_flight::launch::{FlightObject, ObjectKind};
use vigil_sim::coverage::radar_footprints;
use vigil_sim::run::{ArchitectureOutcome, RunResult};
use vigil_sim::scenario::Scenario;
use vigil_warning::alerts::{Alert, AlertKind};

/// File name of the GeoJSON output.
pub const GEOJSON_FILE: &str = "run.geojson";
/// File name of the CZML output.
pub const CZML_FILE: &str = "run.czml";
/// File name of the map.
pub const MAP_FILE: &str = "map.png";
/// Target height of the radar coverage drawn and written, m.
pub const COVERAGE_HEIGHT_M: f64 = 500_000.0;
/// Time between ground-track points, s.
pub const GROUND_TRACK_STEP_S: f64 = 20.0;
/// Points on an impact-ellipse ring.
const ELLIPSE_POINTS: usize = 72;

/// The alert that `vigil run` scored as architecture `o`'s first correct alert on launch `l`
/// (`LaunchOutcome::first_alert_s`): the first impact-predicted or updated alert about the
/// launch, at that time, naming one of its threatened areas (or, when it threatens none,
/// naming none with its 95 % ellipse around the true impact). None if there was none.
pub fn first_correct_alert(o: &ArchitectureOutcome, l: usize) -> Option<&Alert> {
    let lo = o.launches.get(l)?;
    let t = lo.first_alert_s?;
    lo.alerts.iter().filter_map(|&i| o.alerts.get(i)).find(|a| {
        a.t_s == t
            && matches!(a.kind, AlertKind::ImpactPredicted | AlertKind::Updated)
            && match (lo.threatened_areas.is_empty(), a.area) {
                (false, Some(area)) => lo.threatened_areas.contains(&area),
                (true, None) => a.impact.is_some_and(|p| p.contains_95(&lo.impact_point)),
                _ => false,
            }
    })
}

/// Colour of missile class number `k` (in order of first use by the scenario's launches).
pub fn class_colour(k: usize) -> Rgb {
    const CLASSES: [Rgb; 3] = [Rgb::BLACK, Rgb(136, 34, 85), Rgb(110, 110, 110)];
    CLASSES[k % CLASSES.len()]
}

/// Colour of architecture `a`'s impact ellipses (distinct from the network colours of
/// the first two networks, from the defended areas' vermilion and from the ground tracks).
pub fn architecture_colour(a: usize) -> Rgb {
    const ARCHITECTURES: [Rgb; 5] = [
        Rgb::ORANGE,
        Rgb::REDDISH_PURPLE,
        Rgb::SKY_BLUE,
        Rgb::YELLOW,
        Rgb::BLUE,
    ];
    ARCHITECTURES[a % ARCHITECTURES.len()]
}

/// The missile classes of the scenario's launches, in order of first use, and each
/// launch's index into that list.
fn classes(s: &Scenario) -> (Vec<String>, Vec<usize>) {
    let mut ids: Vec<String> = Vec::new();
    let of = s
        .launches
        .iter()
        .map(|l| match ids.iter().position(|c| *c == l.class.id) {
            Some(k) => k,
            None => {
                ids.push(l.class.id.clone());
                ids.len() - 1
            }
        })
        .collect();
    (ids, of)
}

fn lon_lat(g: &Geodetic) -> [f64; 2] {
    [g.lon_deg(), g.lat_deg()]
}

/// Rounds to `digits` decimals (stable, short numbers in the files).
pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

/// The sub-object points `[lon, lat]` of an ephemeris every `step_s` (and at its end).
fn ground_track(e: &Ephemeris, step_s: f64) -> Vec<[f64; 2]> {
    e.sample(step_s)
        .iter()
        .map(|st| lon_lat(&Geodetic::from_ecef(&st.position)))
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .collect()
}

/// The reentry vehicle's ground track from launch: the booster's powered flight until the
/// vehicle's release, then the vehicle's own track (points every `GROUND_TRACK_STEP_S`).
fn track_from_launch(objects: &[FlightObject]) -> Vec<[f64; 2]> {
    let Some(rv) = object(objects, ObjectKind::ReentryVehicle) else {
        return Vec::new();
    };
    let release_s = rv.ephemeris.span().map_or(f64::NEG_INFINITY, |(t0, _)| t0);
    let mut track: Vec<[f64; 2]> = object(objects, ObjectKind::Booster)
        .map(|b| {
            b.ephemeris
                .sample(GROUND_TRACK_STEP_S)
                .iter()
                .filter(|st| st.t_s < release_s)
                .map(|st| lon_lat(&Geodetic::from_ecef(&st.position)))
                .filter(|p| p[0].is_finite() && p[1].is_finite())
                .collect()
        })
        .unwrap_or_default();
    track.extend(ground_track(&rv.ephemeris, GROUND_TRACK_STEP_S));
    track
}

fn object(objects: &[FlightObject], kind: ObjectKind) -> Option<&FlightObject> {
    objects.iter().find(|o| o.kind == kind)
}

/// A 95 % impact ellipse as a ring and its axes (km) and major-axis azimuth (deg), if
/// the alert has a finite one.
fn ellipse_of(a: &Alert) -> Option<(Vec<[f64; 2]>, f64, f64, f64)> {
    let p = a.impact?;
    let e = p.ellipse_95();
    let (major_km, minor_km, az_deg) = (
        e.semi_major_m / 1e3,
        e.semi_minor_m / 1e3,
        e.major_azimuth_rad.to_degrees(),
    );
    if !(major_km.is_finite() && minor_km.is_finite() && az_deg.is_finite()) {
        return None;
    }
    let ring = shapes::ellipse_ring(
        lon_lat(&p.point),
        major_km,
        minor_km,
        az_deg,
        ELLIPSE_POINTS,
    );
    Some((ring, major_km, minor_km, az_deg))
}

fn feature(geometry: Geometry, properties: Value) -> Feature {
    Feature {
        geometry,
        properties: match properties {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        },
    }
}

/// Every GeoJSON feature of the run (see the module documentation), in a fixed order:
/// the scenario's coverage, sites and areas; per launch its launch point, ground tracks and
/// true impact; per architecture and launch the first correct alert's impact ellipse.
pub fn run_features(s: &Scenario, r: &RunResult) -> Vec<Feature> {
    let footprints = radar_footprints(s, COVERAGE_HEIGHT_M);
    let mut out = coverage_features(s, &footprints, COVERAGE_HEIGHT_M / 1e3);
    for (l, (launch, flown)) in s.launches.iter().zip(&r.flown).enumerate() {
        let flight = &flown.flight;
        out.push(feature(
            Geometry::Point(lon_lat(&flight.launch)),
            json!({"layer": "launch-point", "launch": launch.id, "missile": launch.class.id,
                   "t_s": round(flight.t_launch_s, 3)}),
        ));
        for kind in [ObjectKind::ReentryVehicle, ObjectKind::Booster] {
            let Some(o) = object(&flight.objects, kind) else {
                continue;
            };
            let track = ground_track(&o.ephemeris, GROUND_TRACK_STEP_S);
            let Some((t0, t1)) = o.ephemeris.span() else {
                continue;
            };
            if track.len() >= 2 {
                out.push(feature(
                    Geometry::LineString(track),
                    json!({"layer": "ground-track", "launch": launch.id,
                           "missile": launch.class.id, "object": o.name(),
                           "step_s": GROUND_TRACK_STEP_S, "t_start_s": round(t0, 3),
                           "t_end_s": round(t1, 3)}),
                ));
            }
        }
        let impact = &flight.impact;
        out.push(feature(
            Geometry::Point(lon_lat(&impact.geodetic)),
            json!({"layer": "true-impact", "launch": launch.id, "object": "rv",
                   "t_s": round(impact.state.t_s, 3),
                   "threatened_areas": r.architectures.first().and_then(|o| o.launches.get(l))
                       .map(|lo| lo.threatened_areas.iter()
                           .filter_map(|&i| s.defended_areas.get(i).map(|a| a.id.clone()))
                           .collect::<Vec<_>>())
                       .unwrap_or_default()}),
        ));
    }
    for (a, o) in r.architectures.iter().enumerate() {
        let Some(arch) = s.architectures.get(a) else {
            continue;
        };
        for (l, launch) in s.launches.iter().enumerate() {
            let Some(alert) = first_correct_alert(o, l) else {
                continue;
            };
            let (Some(p), Some((ring, major_km, minor_km, az_deg))) =
                (alert.impact, ellipse_of(alert))
            else {
                continue;
            };
            let lo = &o.launches[l];
            out.push(feature(
                Geometry::Polygon(ring),
                json!({"layer": "impact-ellipse-95", "architecture": arch.id,
                       "launch": launch.id, "kind": alert.kind.name(),
                       "t_s": round(alert.t_s, 3),
                       "area": alert.area.and_then(|i| s.defended_areas.get(i)).map(|d| d.id.clone()),
                       "probability": round(alert.probability, 4),
                       "predicted_lon_deg": round(p.point.lon_deg(), 5),
                       "predicted_lat_deg": round(p.point.lat_deg(), 5),
                       "predicted_impact_t_s": round(p.t_s, 3),
                       "semi_major_km": round(major_km, 3),
                       "semi_minor_km": round(minor_km, 3),
                       "major_azimuth_deg": round(az_deg, 2),
                       "impact_error_km": lo.impact_error_km.map(|x| round(x, 3)),
                       "warning_time_s": lo.warning_time_s.map(|x| round(x, 3))}),
            ));
        }
    }
    out
}

/// The map of the run: light radar coverage per network, defended areas, sensors, true
/// reentry-vehicle ground tracks coloured by missile class with launch and impact points,
/// and each architecture's first-correct-alert 95 % impact ellipses. The view fits the
/// tracks, areas, radar sites and ellipses.
pub fn run_map(s: &Scenario, r: &RunResult) -> Map {
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

    let (class_ids, class_of) = classes(s);
    let mut data: Vec<[f64; 2]> = Vec::new();
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
        map.layers.push(Layer::Lines {
            label: format!("{id}: reentry-vehicle ground track (from launch)"),
            colour: class_colour(k),
            width_px: 2.0,
            lines,
        });
        map.layers.push(Layer::Points {
            label: String::new(),
            colour: class_colour(k),
            marker: Marker::Circle,
            points: starts,
        });
    }
    let impacts: Vec<([f64; 2], Option<String>)> = r
        .flown
        .iter()
        .map(|f| (lon_lat(&f.flight.impact.geodetic), None))
        .collect();
    if !impacts.is_empty() {
        map.layers.push(Layer::Points {
            label: "true impact".into(),
            colour: Rgb::BLACK,
            marker: Marker::Cross,
            points: impacts,
        });
    }
    for (a, o) in r.architectures.iter().enumerate() {
        let Some(arch) = s.architectures.get(a) else {
            continue;
        };
        let rings: Vec<Vec<[f64; 2]>> = (0..s.launches.len())
            .filter_map(|l| first_correct_alert(o, l).and_then(ellipse_of))
            .map(|(ring, ..)| ring)
            .collect();
        data.extend(rings.iter().flatten());
        map.layers.push(Layer::Polygons {
            label: format!(
                "{}: 95 % impact ellipse at first correct alert ({} of {})",
                arch.id,
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
        data.extend(crate::scenario_layers::area_ring(&d.shape));
    }
    for (i, p, satellite) in crate::scenario_layers::sensor_points(s, 0.0) {
        if !satellite && i < s.sensors.len() {
            data.push(p);
        }
    }
    map.bounds = Some(data_bounds(&data));
    map
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
/// and impacts. None when no architecture correctly warned of any launch.
pub fn impact_detail_map(s: &Scenario, r: &RunResult) -> Option<Map> {
    let mut map = Map::new("Detail: impact areas and 95 % ellipses at first correct alert");
    let mut frame: Vec<[f64; 2]> = Vec::new();
    let areas: Vec<Vec<[f64; 2]>> = s
        .defended_areas
        .iter()
        .map(|a| crate::scenario_layers::area_ring(&a.shape))
        .collect();
    frame.extend(areas.iter().flatten());
    map.layers.push(Layer::Polygons {
        label: String::new(),
        colour: Rgb::VERMILION,
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
    for (a, o) in r.architectures.iter().enumerate() {
        let rings: Vec<Vec<[f64; 2]>> = (0..s.launches.len())
            .filter_map(|l| first_correct_alert(o, l).and_then(ellipse_of))
            .map(|(ring, ..)| ring)
            .collect();
        any |= !rings.is_empty();
        frame.extend(rings.iter().flatten());
        map.layers.push(Layer::Polygons {
            label: String::new(),
            colour: architecture_colour(a),
            fill_alpha: 0.12,
            rings,
        });
    }
    let impacts: Vec<([f64; 2], Option<String>)> = r
        .flown
        .iter()
        .map(|f| (lon_lat(&f.flight.impact.geodetic), None))
        .collect();
    frame.extend(impacts.iter().map(|(p, _)| *p));
    map.layers.push(Layer::Points {
        label: String::new(),
        colour: Rgb::BLACK,
        marker: Marker::Cross,
        points: impacts,
    });
    map.bounds = Some(geo::fit_bounds(&frame));
    any.then_some(map)
}

/// Approximate shape (width / height) of the main map's plot area.
const PLOT_ASPECT: f64 = 1.74;
/// Share of the main map's width and height the impact detail takes.
const DETAIL_SHARE: [f64; 2] = [0.36, 0.40];
/// Colour of the placeholder drawn where the detail goes (found again in the pixels).
const PLACEHOLDER: Rgb = Rgb(255, 0, 255);

/// The part of the view `b` is widened to on a plot of shape `PLOT_ASPECT` (as the
/// renderer does; approximate, for choosing where the detail goes).
fn widened(b: GeoBox) -> GeoBox {
    let b = b.normalised();
    let lat_mid = (b.lat_min_deg + b.lat_max_deg) / 2.0;
    let kx = lat_mid.clamp(-60.0, 60.0).to_radians().cos();
    let (lon_span, lat_span) = (b.lon_span_deg(), b.lat_span_deg());
    let scale = (PLOT_ASPECT / (lon_span * kx)).min(1.0 / lat_span);
    let new_lon = (PLOT_ASPECT / (scale * kx)).min(360.0);
    let new_lat = (1.0 / scale).min(180.0);
    let lon_min = b.lon_min_deg + lon_span / 2.0 - new_lon / 2.0;
    let lat_min = (lat_mid - new_lat / 2.0).min(90.0 - new_lat).max(-90.0);
    GeoBox::new(lon_min, lon_min + new_lon, lat_min, lat_min + new_lat)
}

/// Layers marking the corner of the map's view with the least data as taken: a filled
/// placeholder box (to find in the pixels) and a dense zig-zag through it (so the legend
/// goes elsewhere). Both end up under the detail.
fn placeholder_layers(map: &Map) -> Vec<Layer> {
    let v = widened(map.fitted_bounds());
    let (w, h) = (
        v.lon_span_deg() * DETAIL_SHARE[0],
        v.lat_span_deg() * DETAIL_SHARE[1],
    );
    let (mx, my) = (v.lon_span_deg() * 0.015, v.lat_span_deg() * 0.02);
    let corners = [
        (v.lon_min_deg + mx, v.lat_min_deg + my),
        (v.lon_max_deg - mx - w, v.lat_min_deg + my),
        (v.lon_min_deg + mx, v.lat_max_deg - my - h),
        (v.lon_max_deg - mx - w, v.lat_max_deg - my - h),
    ];
    let points = crate::render::layer_points(&map.layers);
    let inside = |x0: f64, y0: f64, p: &[f64; 2]| {
        let dx = (p[0] - x0).rem_euclid(360.0);
        dx <= w && (y0..=y0 + h).contains(&p[1])
    };
    let mut best = corners[0];
    let mut best_n = usize::MAX;
    for c in corners {
        let n = points.iter().filter(|p| inside(c.0, c.1, p)).count();
        if n < best_n {
            (best, best_n) = (c, n);
        }
    }
    let (x0, y0) = best;
    let ring = vec![[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h]];
    let zigzag: Vec<[f64; 2]> = (0..=40)
        .flat_map(|i| {
            let y = y0 + h * i as f64 / 40.0;
            (0..=20).map(move |j| {
                let f = j as f64 / 20.0;
                [x0 + w * if i % 2 == 0 { f } else { 1.0 - f }, y]
            })
        })
        .collect();
    vec![
        Layer::Lines {
            label: String::new(),
            colour: PLACEHOLDER,
            width_px: 1.0,
            lines: vec![zigzag],
        },
        Layer::Polygons {
            label: String::new(),
            colour: PLACEHOLDER,
            fill_alpha: 1.0,
            rings: vec![ring],
        },
    ]
}

fn drawing(e: impl std::fmt::Display) -> MapError {
    MapError::Drawing(e.to_string())
}

/// An RGB8 image decoded from PNG bytes: width, height, pixels.
fn decode(bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), MapError> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .map_err(drawing)?;
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut buf).map_err(drawing)?;
    if info.color_type != png::ColorType::Rgb || info.bit_depth != png::BitDepth::Eight {
        return Err(MapError::Drawing("unexpected PNG pixel format".into()));
    }
    buf.truncate(info.buffer_size());
    Ok((info.width as usize, info.height as usize, buf))
}

/// The pixel box `[x0, y0, x1, y1]` (inclusive) of the placeholder: the columns and rows
/// with at least 8 placeholder pixels.
fn placeholder_box(w: usize, h: usize, rgb: &[u8]) -> Option<[usize; 4]> {
    let is = |x: usize, y: usize| {
        let i = 3 * (y * w + x);
        rgb.get(i..i + 3) == Some(&[PLACEHOLDER.0, PLACEHOLDER.1, PLACEHOLDER.2][..])
    };
    let cols: Vec<usize> = (0..w)
        .filter(|&x| (0..h).filter(|&y| is(x, y)).count() >= 8)
        .collect();
    let rows: Vec<usize> = (0..h)
        .filter(|&y| (0..w).filter(|&x| is(x, y)).count() >= 8)
        .collect();
    Some([*cols.first()?, *rows.first()?, *cols.last()?, *rows.last()?])
}

/// The run's map as PNG bytes ([`run_map`]); when the ellipses are small on it, with the
/// [`impact_detail_map`] drawn over the corner of the view with the least data.
pub fn run_map_png(s: &Scenario, r: &RunResult) -> Result<Vec<u8>, MapError> {
    let mut map = run_map(s, r);
    let Some(mut detail) = impact_detail_map(s, r) else {
        return render_png_bytes(&map);
    };
    // No detail when the main view is already close in (less than 4× wider).
    let (main_b, detail_b) = (map.fitted_bounds(), detail.fitted_bounds());
    if main_b.lon_span_deg() < 4.0 * detail_b.lon_span_deg() {
        return render_png_bytes(&map);
    }
    let marks = placeholder_layers(&map);
    map.layers.extend(marks);
    let (w, h, mut rgb) = decode(&render_png_bytes(&map)?)?;
    let Some([bx0, by0, bx1, by1]) = placeholder_box(w, h, &rgb) else {
        return Err(MapError::Drawing(
            "no room found for the impact detail".into(),
        ));
    };
    // Cover the placeholder's anti-aliased edge too; a dark frame around the detail.
    const PAD: usize = 3;
    let (x0, y0) = (bx0.saturating_sub(PAD), by0.saturating_sub(PAD));
    let (x1, y1) = ((bx1 + PAD).min(w - 1), (by1 + PAD).min(h - 1));
    let (dw, dh) = (x1 - x0 + 1, y1 - y0 + 1);
    detail.width_px = u32::try_from(dw).map_err(drawing)?;
    detail.height_px = u32::try_from(dh).map_err(drawing)?;
    let (iw, ih, inset) = decode(&render_png_bytes(&detail)?)?;
    for y in 0..dh.min(ih) {
        for x in 0..dw.min(iw) {
            let border = x < 2 || y < 2 || x + 2 >= dw || y + 2 >= dh;
            let src = 3 * (y * iw + x);
            let dst = 3 * ((y0 + y) * w + x0 + x);
            let px = if border {
                [60, 60, 60]
            } else {
                [inset[src], inset[src + 1], inset[src + 2]]
            };
            rgb[dst..dst + 3].copy_from_slice(&px);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), MapError> {
    std::fs::write(path, bytes).map_err(|source| MapError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `run.geojson`, `run.czml` and `map.png` for run `r` of scenario `s` into `dir`
/// (which must exist) and returns their paths in that order.
pub fn write_run_outputs(
    dir: &Path,
    s: &Scenario,
    r: &RunResult,
) -> Result<Vec<PathBuf>, MapError> {
    let json = |v: &Value| {
        serde_json::to_string(v)
            .map(|t| t + "\n")
            .map_err(|e| MapError::Invalid(format!("JSON: {e}")))
    };
    let geojson = dir.join(GEOJSON_FILE);
    write(
        &geojson,
        json(&feature_collection(&run_features(s, r)))?.as_bytes(),
    )?;
    let czml = dir.join(CZML_FILE);
    write(&czml, json(&crate::czml::run_czml(s, r))?.as_bytes())?;
    let png = dir.join(MAP_FILE);
    write(&png, &run_map_png(s, r)?)?;
    Ok(vec![geojson, czml, png])
}
