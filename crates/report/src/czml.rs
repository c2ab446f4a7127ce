//! CZML output: a run animated in Cesium.
//!
//! CZML is a JSON array of packets, each describing one entity by `id`; the first packet is
//! the `document` packet with the format version and the clock (see the packet reference,
//! <https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/Packet>). [`run_czml`] writes:
//!
//! * `document`: name, version 1.0 and a clock over the run (from the scenario epoch to the
//!   end of the scenario or of the last flight, ×60, looping).
//! * `launch/<launch>/<object>` (`rv`, `booster`, `stage-1`, …): `availability` over the
//!   object's ephemeris, `position` as Earth-fixed samples
//!   (`referenceFrame: FIXED`, `cartesian: [t, x, y, z, …]`, m, every 10 s and at the end,
//!   `t` in seconds after the scenario epoch, Lagrange interpolation), a `path` (colour by
//!   object kind) and a `point`; the reentry vehicle is labelled with its launch.
//! * `sensor/<id>`: radars at their site (`cartographicDegrees`), infrared satellites as
//!   Earth-fixed samples every 60 s; a `point` in the network's colour and a `label`.
//! * `area/<id>`: defended areas, circles as `ellipse`, polygons as `polygon`, labelled.
//! * `alert/<architecture>/<index>`: every impact-predicted or updated alert with an impact
//!   prediction, available from the alert to the predicted impact (or to the track's next
//!   impact alert or cancellation, if earlier): a `point` at the predicted impact, a `label`
//!   with the architecture and the area named, and its 95 % `ellipse`.
//!
//! Times are UTC ISO 8601 (`2026-01-01T00:05:00Z`). Output is deterministic.

use crate::Rgb;
use crate::colours::{DEFENDED_AREA, OUTLINE, architecture_colour, network_colour, object_colour};
use crate::run_geometry::round;
use hifitime::{Duration, Epoch};
use serde_json::{Value, json};
use vigil_earth::{Ecef, Geodetic, Position};
use vigil_flight::launch::{FlightObject, ObjectKind};
use vigil_sim::run::RunResult;
use vigil_sim::scenario::model::AreaShape;
use vigil_sim::scenario::{Scenario, SensorKind};
use vigil_warning::alerts::AlertKind;

/// Time between position samples of launch objects, s.
pub const OBJECT_STEP_S: f64 = 10.0;
/// Time between position samples of satellites, s.
pub const SATELLITE_STEP_S: f64 = 60.0;
/// Clock multiplier of the document packet (simulated seconds per real second).
pub const CLOCK_MULTIPLIER: f64 = 60.0;

/// The UTC ISO 8601 time stamp `t_s` seconds after `epoch`, to the millisecond, e.g.
/// `2026-01-01T00:05:00Z` or `2026-01-01T00:05:00.25Z`.
pub fn iso8601_utc(epoch: Epoch, t_s: f64) -> String {
    let ms = if t_s.is_finite() {
        (t_s * 1e3).round() as i128
    } else {
        0
    };
    let e = epoch + Duration::from_total_nanoseconds(ms * 1_000_000);
    let (y, mo, d, h, mi, s, ns) = e.to_gregorian_utc();
    let fraction = if ns == 0 {
        String::new()
    } else {
        format!(".{ns:09}").trim_end_matches('0').to_string()
    };
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z")
}

/// A CZML time interval `start/end` (ISO 8601), seconds after `epoch`.
pub fn interval(epoch: Epoch, start_s: f64, end_s: f64) -> String {
    format!(
        "{}/{}",
        iso8601_utc(epoch, start_s),
        iso8601_utc(epoch, end_s)
    )
}

fn rgba(c: Rgb, alpha: u8) -> Value {
    json!({"rgba": [c.0, c.1, c.2, alpha]})
}

fn solid(c: Rgb, alpha: u8) -> Value {
    json!({"solidColor": {"color": rgba(c, alpha)}})
}

fn label(text: &str, c: Rgb) -> Value {
    json!({"text": text, "font": "12pt sans-serif", "fillColor": rgba(c, 255),
           "outlineColor": rgba(OUTLINE, 255), "outlineWidth": 2, "style": "FILL_AND_OUTLINE",
           "horizontalOrigin": "LEFT", "pixelOffset": {"cartesian2": [8, 0]}})
}

/// Earth-fixed position samples `[t, x, y, z, …]` (s after the epoch, m).
fn fixed_samples(epoch: Epoch, samples: impl Iterator<Item = (f64, Position<Ecef>)>) -> Value {
    let mut cartesian = Vec::new();
    for (t, p) in samples {
        let [x, y, z] = p.to_array();
        if [t, x, y, z].iter().all(|v| v.is_finite()) {
            cartesian.extend([round(t, 3), round(x, 1), round(y, 1), round(z, 1)]);
        }
    }
    json!({"epoch": iso8601_utc(epoch, 0.0), "referenceFrame": "FIXED",
           "interpolationAlgorithm": "LAGRANGE", "interpolationDegree": 5,
           "cartesian": cartesian})
}

/// Point size of a flight object, px.
fn object_size(kind: ObjectKind) -> f64 {
    match kind {
        ObjectKind::ReentryVehicle => 9.0,
        ObjectKind::Booster => 7.0,
        ObjectKind::Stage(_) => 5.0,
    }
}

fn object_packet(epoch: Epoch, launch: &str, o: &FlightObject) -> Option<Value> {
    let (t0, t1) = o.ephemeris.span()?;
    let (colour, size) = (object_colour(o.kind), object_size(o.kind));
    let samples = o
        .ephemeris
        .sample(OBJECT_STEP_S)
        .into_iter()
        .map(|st| (st.t_s, st.position));
    let mut p = json!({
        "id": format!("launch/{launch}/{}", o.name()),
        "name": format!("{launch} {}", o.name()),
        "availability": interval(epoch, t0, t1),
        "position": fixed_samples(epoch, samples),
        "path": {"material": solid(colour, 255), "width": 2, "leadTime": 0,
                 "trailTime": 86_400, "resolution": OBJECT_STEP_S},
        "point": {"color": rgba(colour, 255), "pixelSize": size,
                  "outlineColor": rgba(OUTLINE, 255), "outlineWidth": 1},
    });
    if o.kind == ObjectKind::ReentryVehicle {
        p["label"] = label(launch, colour);
    }
    Some(p)
}

/// Mean direction of surface points (a label position for a polygon).
fn centroid(points: &[Geodetic]) -> Option<Geodetic> {
    let sum = points
        .iter()
        .map(|g| Geodetic { h_m: 0.0, ..*g }.to_ecef().vector())
        .reduce(|a, b| a + b)?;
    let g = Geodetic::from_ecef(&Position::from_vector(sum));
    (g.lat_rad.is_finite() && g.lon_rad.is_finite()).then_some(Geodetic { h_m: 0.0, ..g })
}

fn degrees(g: &Geodetic) -> [f64; 3] {
    [
        round(g.lon_deg(), 7),
        round(g.lat_deg(), 7),
        round(g.h_m, 1),
    ]
}

/// The CZML document of run `r` of scenario `s` (see the module documentation).
pub fn run_czml(s: &Scenario, r: &RunResult) -> Value {
    let epoch = s.epoch;
    let end_s = r
        .flown
        .iter()
        .flat_map(|f| &f.flight.objects)
        .filter_map(|o| o.ephemeris.span().map(|(_, t1)| t1))
        .fold(s.duration_s, f64::max);
    let mut packets = vec![json!({
        "id": "document",
        "name": format!("Vigil run — {}", s.name),
        "description": s.description,
        "version": "1.0",
        "clock": {"interval": interval(epoch, 0.0, end_s), "currentTime": iso8601_utc(epoch, 0.0),
                  "multiplier": CLOCK_MULTIPLIER, "range": "LOOP_STOP",
                  "step": "SYSTEM_CLOCK_MULTIPLIER"},
    })];

    for (launch, flown) in s.launches.iter().zip(&r.flown) {
        packets.extend(
            flown
                .flight
                .objects
                .iter()
                .filter_map(|o| object_packet(epoch, &launch.id, o)),
        );
    }

    for m in &s.sensors {
        let colour = network_colour(m.network);
        let network = s.networks.get(m.network).map_or("", String::as_str);
        let mut p = json!({
            "id": format!("sensor/{}", m.id),
            "name": m.id,
            "description": format!("network {network}"),
            "point": {"color": rgba(colour, 255), "pixelSize": 8,
                      "outlineColor": rgba(OUTLINE, 255), "outlineWidth": 1},
            "label": label(&m.id, colour),
        });
        match &m.kind {
            SensorKind::Radar(radar) => {
                p["position"] = json!({"cartographicDegrees": degrees(&radar.site.geodetic)});
            }
            SensorKind::Infrared(ir) => {
                let n = (end_s / SATELLITE_STEP_S).ceil().max(1.0) as usize;
                let samples = (0..=n).map(|k| {
                    let t = (k as f64 * SATELLITE_STEP_S).min(end_s);
                    (t, ir.orbit.position_ecef(t, &ir.rotation))
                });
                p["position"] = fixed_samples(epoch, samples);
                p["path"] = json!({"material": solid(colour, 200), "width": 1, "leadTime": 0,
                                   "trailTime": 3_600, "resolution": SATELLITE_STEP_S});
            }
        }
        packets.push(p);
    }

    for d in &s.defended_areas {
        let mut p = json!({"id": format!("area/{}", d.id), "name": d.id,
                           "label": label(&d.id, DEFENDED_AREA)});
        let outline = json!({"material": solid(DEFENDED_AREA, 90), "height": 0, "outline": true,
                             "outlineColor": rgba(DEFENDED_AREA, 255)});
        match &d.shape {
            AreaShape::Circle { center, radius_m } => {
                p["position"] =
                    json!({"cartographicDegrees": degrees(&Geodetic { h_m: 0.0, ..*center })});
                let mut e = outline;
                e["semiMajorAxis"] = json!(round(*radius_m, 1));
                e["semiMinorAxis"] = json!(round(*radius_m, 1));
                p["ellipse"] = e;
            }
            AreaShape::Polygon(vertices) => {
                if let Some(c) = centroid(vertices) {
                    p["position"] = json!({"cartographicDegrees": degrees(&c)});
                }
                let flat: Vec<f64> = vertices
                    .iter()
                    .flat_map(|g| degrees(&Geodetic { h_m: 0.0, ..*g }))
                    .collect();
                let mut poly = outline;
                poly["positions"] = json!({"cartographicDegrees": flat});
                p["polygon"] = poly;
            }
        }
        packets.push(p);
    }

    for (a, o) in r.architectures.iter().enumerate() {
        let Some(arch) = s.architectures.get(a) else {
            continue;
        };
        let colour = architecture_colour(a);
        for (i, alert) in o.alerts.iter().enumerate() {
            if !matches!(alert.kind, AlertKind::ImpactPredicted | AlertKind::Updated) {
                continue;
            }
            let Some(pred) = alert.impact else {
                continue;
            };
            let e = pred.ellipse_95();
            if !(e.semi_major_m.is_finite() && e.semi_minor_m.is_finite()) {
                continue;
            }
            // Shown until the predicted impact, or until the same track's next impact alert
            // or cancellation replaces it.
            let next = o.alerts[i + 1..]
                .iter()
                .find(|b| {
                    b.track == alert.track
                        && matches!(
                            b.kind,
                            AlertKind::ImpactPredicted | AlertKind::Updated | AlertKind::Cancelled
                        )
                })
                .map_or(f64::INFINITY, |b| b.t_s);
            let end = pred.t_s.min(next).max(alert.t_s + 1.0);
            let named = alert.area.and_then(|k| s.defended_areas.get(k));
            let area = named.map_or("impact region".to_string(), |d| d.id.clone());
            let text = match named {
                Some(d) => format!("{}: {} ({:.0} %)", arch.id, d.id, alert.probability * 100.0),
                None => format!("{}: impact region", arch.id),
            };
            let launch = o
                .alert_launch
                .get(i)
                .copied()
                .flatten()
                .and_then(|l| s.launches.get(l as usize))
                .map_or("false alarm", |l| l.id.as_str());
            // Cesium's ellipse `rotation` is counter-clockwise from east (its major axis lies
            // east–west at 0; CesiumGS/cesium#8682), our azimuth clockwise from north.
            let rotation = (std::f64::consts::FRAC_PI_2 - e.major_azimuth_rad)
                .rem_euclid(std::f64::consts::TAU);
            packets.push(json!({
                "id": format!("alert/{}/{i}", arch.id),
                "name": format!("{}: {} {area}", arch.id, alert.kind.name()),
                "description": format!(
                    "{} alert at t = {:.0} s ({}): {area}, probability {:.2}; predicted impact at \
                     t = {:.0} s ± {:.0} s; 95 % ellipse {:.1} × {:.1} km; scored against launch {launch}",
                    alert.kind.name(), alert.t_s, arch.id, alert.probability, pred.t_s,
                    pred.t_sigma_s, e.semi_major_m / 1e3, e.semi_minor_m / 1e3),
                "availability": interval(epoch, alert.t_s, end),
                "position": {"cartographicDegrees": degrees(&Geodetic { h_m: 0.0, ..pred.point })},
                "point": {"color": rgba(colour, 255), "pixelSize": 6},
                "label": label(&text, colour),
                "ellipse": {"semiMajorAxis": round(e.semi_major_m.max(1.0), 1),
                            "semiMinorAxis": round(e.semi_minor_m.max(1.0), 1),
                            "rotation": round(rotation, 6), "height": 0,
                            "material": solid(colour, 80), "outline": true,
                            "outlineColor": rgba(colour, 255)},
            }));
        }
    }
    Value::Array(packets)
}
