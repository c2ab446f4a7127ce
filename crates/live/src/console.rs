//! The browser console (`web/` at the repository root), embedded at build time and served at
//! `/`, with the two read-only routes it needs besides the exercise API:
//!
//! * `GET /api/whoami` — `{"role": "operator" | "controller", "read_only": bool}` for the
//!   request's token (`read_only`: a replay, which takes no acknowledgements or injects);
//! * `GET /api/alert-times` (replays only) — every alert of the log, `[{"id", "t_s", "kind",
//!   "area"}]` in time order, for the scrubber's "next alert";
//! * `GET /api/geometry?height_km=H&t_s=T` — what the map draws that the snapshot does not
//!   carry: networks, architectures, radar sites with each face's ground footprint for targets
//!   at height `H` km, infrared satellites' sub-points at simulation time `T` s with the
//!   ground radius of their field of regard, and the defended areas. It is perception-side
//!   knowledge (the crews know their own sensors), so both roles get it.
//!
//! The files are a fixed table of `include_bytes!` with explicit content types rather than an
//! embedding crate (rust-embed, include_dir): a dozen files do not need a proc macro, a new
//! dependency or MIME guessing, and a missing file fails the build. Static files need no token;
//! every `/api` route does.

use crate::auth::Tokens;
use crate::exercise::ExerciseError;
use crate::exercise::scenario_of;
use crate::inject::InjectError;
use crate::log::LogReader;
use crate::server::ApiError;
use crate::wire::{Body, Role};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use vigil_earth::Geodetic;
use vigil_earth::constants::SPHERE_RADIUS;
use vigil_sim::coverage::radar_footprints;
use vigil_sim::scenario::model::AreaShape;
use vigil_sim::scenario::{Scenario, SensorKind};

/// One embedded file: the URL path it is served at, its content type, its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// URL path (`/` for the page).
    pub path: &'static str,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// The file.
    pub body: &'static [u8],
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";

macro_rules! asset {
    ($path:literal, $ct:expr) => {
        Asset {
            path: concat!("/", $path),
            content_type: $ct,
            body: include_bytes!(concat!("../../../web/", $path)),
        }
    };
}

/// Every file of the console.
pub const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        content_type: HTML,
        body: include_bytes!("../../../web/index.html"),
    },
    asset!("index.html", HTML),
    asset!("css/console.css", CSS),
    asset!("js/main.js", JS),
    asset!("js/store.js", JS),
    asset!("js/map.js", JS),
    asset!("js/net.js", JS),
    asset!("js/panel.js", JS),
    asset!("vendor/d3-array/d3-array.min.js", JS),
    asset!("vendor/d3-geo/d3-geo.min.js", JS),
    asset!("vendor/topojson-client/topojson-client.min.js", JS),
    asset!("vendor/world-atlas/countries-50m.json", JSON),
    asset!("vendor/README.md", TEXT),
    asset!("vendor/d3-array/LICENSE", TEXT),
    asset!("vendor/d3-array/LICENSE-internmap", TEXT),
    asset!("vendor/d3-geo/LICENSE", TEXT),
    asset!("vendor/topojson-client/LICENSE", TEXT),
    asset!("vendor/world-atlas/LICENSE", TEXT),
];

/// The page may load only its own files and talk only to its own server.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
                   script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/// State of the console's routes.
#[derive(Clone)]
struct Console {
    tokens: Arc<Tokens>,
    /// Whether the source is a replay.
    read_only: bool,
    /// The log.
    log: Arc<PathBuf>,
    /// The alerts of a replay's log (read once).
    alert_times: Arc<OnceLock<Vec<AlertTime>>>,
    /// The exercise's scenario, or why it could not be read from the log.
    scenario: Arc<Result<Scenario, String>>,
}

/// The console's routes: the embedded files and `/api/whoami`, `/api/geometry`,
/// `/api/alert-times`. The scenario is read once from the exercise's log `log` (its `meta`
/// table); `read_only` tells a replay.
pub fn router(tokens: Arc<Tokens>, log: &Path, read_only: bool) -> Router {
    let scenario = LogReader::open(log)
        .and_then(|r| r.meta())
        .map_err(|e| e.to_string())
        .and_then(|m| scenario_of(&m.scenario_toml).map_err(|e| e.to_string()));
    let state = Console {
        tokens,
        read_only,
        log: Arc::new(log.to_path_buf()),
        alert_times: Arc::new(OnceLock::new()),
        scenario: Arc::new(scenario),
    };
    let mut r = Router::new()
        .route("/api/whoami", get(whoami))
        .route("/api/geometry", get(geometry))
        .route("/api/alert-times", get(alert_times));
    for a in ASSETS {
        r = r.route(a.path, get(move || async move { serve_asset(a) }));
    }
    r.with_state(state)
}

fn serve_asset(a: &'static Asset) -> Response {
    let mut r = a.body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(a.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if a.content_type == HTML {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    r
}

/// The role of the request's bearer token, or the error answer (401, as the exercise API).
fn role(c: &Console, headers: &HeaderMap) -> Result<Role, Response> {
    crate::server::authorize(&c.tokens, headers, None, None).map_err(IntoResponse::into_response)
}

async fn whoami(State(c): State<Console>, headers: HeaderMap) -> Response {
    match role(&c, &headers) {
        Ok(r) => {
            axum::Json(json!({ "role": r.as_str(), "read_only": c.read_only })).into_response()
        }
        Err(e) => e,
    }
}

/// Query of `GET /api/geometry`.
#[derive(Debug, Deserialize)]
struct GeometryQuery {
    /// Target height of the radar footprints, km (default 300).
    height_km: Option<f64>,
    /// Simulation time of the satellites' sub-points, s after the epoch (default 0).
    t_s: Option<f64>,
}

/// Highest target height of a footprint, km (above it the footprint no longer changes much
/// and the question is likely a mistake).
const MAX_HEIGHT_KM: f64 = 5_000.0;

/// What the map draws of the scenario (`GET /api/geometry`); degrees and km at this edge.
#[derive(Debug, Serialize)]
pub struct Geometry {
    /// Target height of the footprints, km.
    pub height_km: f64,
    /// Simulation time of the sub-points, s.
    pub t_s: f64,
    /// Network ids.
    pub networks: Vec<String>,
    /// Architectures and their networks.
    pub architectures: Vec<ArchitectureView>,
    /// Ground radars.
    pub radars: Vec<RadarView>,
    /// Infrared satellites.
    pub satellites: Vec<SatelliteView>,
    /// Defended areas.
    pub defended_areas: Vec<AreaView>,
}

/// An architecture.
#[derive(Debug, Serialize)]
pub struct ArchitectureView {
    /// Id.
    pub id: String,
    /// Its network ids.
    pub networks: Vec<String>,
}

/// A radar and its faces' coverage.
#[derive(Debug, Serialize)]
pub struct RadarView {
    /// Sensor id.
    pub id: String,
    /// Network id.
    pub network: String,
    /// Site latitude, degrees.
    pub lat_deg: f64,
    /// Site longitude, degrees.
    pub lon_deg: f64,
    /// Instrumented range, km.
    pub max_range_km: f64,
    /// Per face: a closed ring of `[lon_deg, lat_deg]` where targets at `height_km` are seen
    /// (empty if none).
    pub footprints: Vec<Vec<[f64; 2]>>,
}

/// An infrared satellite at one time.
#[derive(Debug, Serialize)]
pub struct SatelliteView {
    /// Sensor id.
    pub id: String,
    /// Network id.
    pub network: String,
    /// Sub-point latitude (geodetic), degrees.
    pub lat_deg: f64,
    /// Sub-point longitude, degrees.
    pub lon_deg: f64,
    /// Height, km.
    pub alt_km: f64,
    /// Surface distance from the sub-point to the edge of the field of regard (the visible
    /// horizon when the field is unlimited or wider than the Earth), km, on a sphere of
    /// radius 6371 km.
    pub regard_radius_km: f64,
}

/// A defended area: a circle or a polygon.
#[derive(Debug, Serialize)]
pub struct AreaView {
    /// Id.
    pub id: String,
    /// Centre `[lon_deg, lat_deg]` of a circle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub center: Option<[f64; 2]>,
    /// Radius of a circle, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<f64>,
    /// Vertices `[lon_deg, lat_deg]` of a polygon, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polygon: Option<Vec<[f64; 2]>>,
}

fn lon_lat(g: &Geodetic) -> [f64; 2] {
    [g.lon_deg(), g.lat_deg()]
}

/// Surface distance (m, sphere of radius [`SPHERE_RADIUS`]) from the sub-point of a satellite
/// at height `h_m` to where a cone of half-angle `half_rad` about nadir meets the Earth, or
/// to the horizon when the cone misses the Earth's edge (or is None).
fn regard_radius_m(h_m: f64, half_rad: Option<f64>) -> f64 {
    let r = SPHERE_RADIUS;
    let h = h_m.max(0.0);
    let horizon = (r / (r + h)).clamp(-1.0, 1.0).acos();
    let angle = match half_rad {
        Some(a) => {
            // Sine rule in the triangle centre–satellite–ground point.
            let s = (r + h) / r * a.sin();
            if s < 1.0 {
                (s.asin() - a).clamp(0.0, horizon)
            } else {
                horizon
            }
        }
        None => horizon,
    };
    angle * r
}

impl Geometry {
    /// The geometry of scenario `s` for targets at `height_m` and satellites at `t_s`.
    pub fn of(s: &Scenario, height_m: f64, t_s: f64) -> Self {
        let network = |i: usize| s.networks.get(i).cloned().unwrap_or_default();
        let footprints = radar_footprints(s, height_m);
        let radars = s
            .sensors
            .iter()
            .enumerate()
            .filter_map(|(i, m)| match &m.kind {
                SensorKind::Radar(r) => Some(RadarView {
                    id: m.id.clone(),
                    network: network(m.network),
                    lat_deg: r.site.geodetic.lat_deg(),
                    lon_deg: r.site.geodetic.lon_deg(),
                    max_range_km: r.max_range_m / 1e3,
                    footprints: footprints
                        .iter()
                        .filter(|f| f.sensor == i)
                        .map(|f| f.ring.iter().map(lon_lat).collect())
                        .collect(),
                }),
                SensorKind::Infrared(_) => None,
            })
            .collect();
        let satellites = s
            .sensors
            .iter()
            .filter_map(|m| match &m.kind {
                SensorKind::Infrared(x) => {
                    let g = Geodetic::from_ecef(&x.orbit.position_ecef(t_s, &x.rotation));
                    Some(SatelliteView {
                        id: m.id.clone(),
                        network: network(m.network),
                        lat_deg: g.lat_deg(),
                        lon_deg: g.lon_deg(),
                        alt_km: g.h_m / 1e3,
                        regard_radius_km: regard_radius_m(g.h_m, x.field_of_regard_rad) / 1e3,
                    })
                }
                SensorKind::Radar(_) => None,
            })
            .collect();
        let defended_areas = s
            .defended_areas
            .iter()
            .map(|d| match &d.shape {
                AreaShape::Circle { center, radius_m } => AreaView {
                    id: d.id.clone(),
                    center: Some(lon_lat(center)),
                    radius_km: Some(radius_m / 1e3),
                    polygon: None,
                },
                AreaShape::Polygon(v) => AreaView {
                    id: d.id.clone(),
                    center: None,
                    radius_km: None,
                    polygon: Some(v.iter().map(lon_lat).collect()),
                },
            })
            .collect();
        Self {
            height_km: height_m / 1e3,
            t_s,
            networks: s.networks.clone(),
            architectures: s
                .architectures
                .iter()
                .map(|a| ArchitectureView {
                    id: a.id.clone(),
                    networks: a.networks.iter().map(|&i| network(i)).collect(),
                })
                .collect(),
            radars,
            satellites,
            defended_areas,
        }
    }
}

async fn geometry(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(q): Query<GeometryQuery>,
) -> Response {
    if let Err(e) = role(&c, &headers) {
        return e;
    }
    // The same answer as a refused inject: the field and the rule.
    let bad = |field: &str, message: String| {
        let refused = InjectError {
            field: field.into(),
            rule: "range",
            message,
        };
        ApiError::from(ExerciseError::Refused(refused)).into_response()
    };
    let height_km = q.height_km.unwrap_or(300.0);
    if !(0.0..=MAX_HEIGHT_KM).contains(&height_km) {
        return bad(
            "height_km",
            format!("{height_km}: between 0 and {MAX_HEIGHT_KM} km"),
        );
    }
    let t_s = q.t_s.unwrap_or(0.0);
    if !t_s.is_finite() {
        return bad("t_s", format!("{t_s}: a finite time in s"));
    }
    let s = match c.scenario.as_ref() {
        Ok(s) => s,
        Err(e) => {
            let message = format!("the scenario of the log: {e}");
            return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message).into_response();
        }
    };
    let g = Geometry::of(s, height_km * 1e3, t_s);
    axum::Json(g).into_response()
}

/// An alert of a replay's log.
#[derive(Debug, Clone, Serialize)]
pub struct AlertTime {
    /// Alert id.
    pub id: String,
    /// Simulation time, s.
    pub t_s: f64,
    /// Kind (`launch-detected`, …).
    pub kind: String,
    /// Defended area named.
    pub area: Option<String>,
}

async fn alert_times(State(c): State<Console>, headers: HeaderMap) -> Response {
    if let Err(e) = role(&c, &headers) {
        return e;
    }
    if !c.read_only {
        let message = "a live exercise has no future alerts to list (replays do)";
        return ApiError::new(StatusCode::CONFLICT, message).into_response();
    }
    if let Some(v) = c.alert_times.get() {
        return axum::Json(v).into_response();
    }
    let log = c.log.clone();
    let read = tokio::task::spawn_blocking(move || {
        LogReader::open(&log).and_then(|r| r.all()).map(|all| {
            all.iter()
                .filter_map(|r| match &r.body {
                    Body::Alert(a) => Some(AlertTime {
                        id: a.id.clone(),
                        t_s: r.sim_time_s,
                        kind: a.kind.clone(),
                        area: a.area.clone(),
                    }),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    })
    .await;
    let failed = |e: &dyn std::fmt::Display| {
        let message = format!("reading the log: {e}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
    };
    match read {
        Ok(Ok(v)) => axum::Json(c.alert_times.get_or_init(|| v)).into_response(),
        Ok(Err(e)) => failed(&e),
        Err(e) => failed(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regard_radius_limits() {
        // Geostationary height 35 786 km: the horizon's central angle is acos(R/(R+h)) =
        // acos(6371/42157) = 81.31°, i.e. 9041 km of surface (closed form; 1 km tolerance).
        let geo = 35_786e3;
        let horizon = regard_radius_m(geo, None);
        assert!((horizon / 1e3 - 9041.0).abs() < 1.0, "{horizon}");
        // A cone wider than the Earth's disc (8.7° seen from GEO) stops at the horizon.
        assert_eq!(regard_radius_m(geo, Some(10f64.to_radians())), horizon);
        // A narrow cone: 1° from GEO: asin(42157/6371·sin 1°) − 1° = 5.6314° → 626.2 km
        // (closed form evaluated with Python's math module; 1 km tolerance).
        let narrow = regard_radius_m(geo, Some(1f64.to_radians()));
        assert!((narrow / 1e3 - 626.2).abs() < 1.0, "{narrow}");
    }

    #[test]
    fn every_asset_has_a_path_and_bytes() {
        for a in ASSETS {
            assert!(a.path.starts_with('/'), "{}", a.path);
            assert!(!a.body.is_empty(), "{}", a.path);
        }
    }
}
