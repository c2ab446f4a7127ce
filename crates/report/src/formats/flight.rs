//! Flight outputs of `vigil propagate` and `vigil trajectory`: their JSON documents (numbers
//! rounded to stable, readable decimals), their readable summaries and the sampled-path CSV.
//!
//! JSON fields are declared in alphabetical order, the documents' key order.

use super::num::fixed;
use super::{FormatError, round, write_csv};
use serde::Serialize;
use std::fmt::{self, Display, Formatter};
use std::path::Path;
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::{EarthShape, Geodetic};
use vigil_flight::launch::{BurnoutFigures, Flight};
use vigil_flight::targeting::Solution;
use vigil_flight::{Event, ForceModel, State};

fn vec3(v: [f64; 3], decimals: i32) -> [f64; 3] {
    v.map(|x| round(x, decimals))
}

/// An event of a flight (impact, apogee): time, place, height, ECEF state and speed.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct EventJson {
    pub h_m: f64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub r_m: [f64; 3],
    pub speed_mps: f64,
    pub t_s: f64,
    pub v_mps: [f64; 3],
}

impl EventJson {
    /// The event `e`, rounded.
    pub fn new(e: &Event) -> Self {
        EventJson {
            h_m: round(e.geodetic.h_m, 3),
            lat_deg: round(e.geodetic.lat_deg(), 7),
            lon_deg: round(e.geodetic.lon_deg(), 7),
            r_m: vec3(e.state.position.to_array(), 3),
            speed_mps: round(e.state.velocity.norm(), 4),
            t_s: round(e.state.t_s, 4),
            v_mps: vec3(e.state.velocity.to_array(), 4),
        }
    }
}

/// One sample of a path: ECEF state, place and height.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct SampleJson {
    pub h_m: f64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub r_m: [f64; 3],
    pub t_s: f64,
    pub v_mps: [f64; 3],
}

impl SampleJson {
    /// The sample `s` over an Earth of shape `shape`, rounded.
    pub fn new(shape: EarthShape, s: &State) -> Self {
        let g = shape.geodetic(&s.position);
        SampleJson {
            h_m: round(g.h_m, 3),
            lat_deg: round(g.lat_deg(), 7),
            lon_deg: round(g.lon_deg(), 7),
            r_m: vec3(s.position.to_array(), 3),
            t_s: round(s.t_s, 4),
            v_mps: vec3(s.velocity.to_array(), 4),
        }
    }
}

/// The force model of a computation.
#[derive(Debug, Clone, Serialize)]
pub struct ModelJson {
    /// Ballistic coefficient, kg/m².
    pub beta_kg_m2: Option<f64>,
    /// `none`, `exponential` or `ussa1976`.
    pub drag: &'static str,
    /// `wgs84` or `sphere`.
    pub earth: &'static str,
    /// J2 oblateness term on.
    pub j2: bool,
    /// Earth rotation on.
    pub rotation: bool,
}

impl ModelJson {
    /// Describes `m` (and the ballistic coefficient used with it).
    pub fn new(m: &ForceModel, beta_kg_m2: Option<f64>) -> Self {
        ModelJson {
            beta_kg_m2,
            drag: match m.atmosphere {
                AtmosphereModel::None => "none",
                AtmosphereModel::Exponential => "exponential",
                AtmosphereModel::Ussa1976 => "ussa1976",
            },
            earth: match m.shape {
                EarthShape::Wgs84 => "wgs84",
                EarthShape::Sphere => "sphere",
            },
            j2: m.gravity.j2,
            rotation: m.rotation,
        }
    }
}

/// A point on the ground, degrees (and height, m, where given).
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct PlaceJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h_m: Option<f64>,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

impl PlaceJson {
    fn exact(g: &Geodetic) -> Self {
        PlaceJson {
            h_m: None,
            lat_deg: g.lat_deg(),
            lon_deg: g.lon_deg(),
        }
    }
}

/// `vigil propagate --json`: where and when a free-flying object comes down.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct PropagateJson {
    pub apogee: Option<EventJson>,
    pub flight_time_s: f64,
    pub ground_range_km: f64,
    pub impact: EventJson,
    pub initial: PlaceJson,
    pub model: ModelJson,
    /// The path sampled at a fixed step, if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<Vec<SampleJson>>,
}

impl PropagateJson {
    /// The document of a flight from `start` (at time 0) under `model` reaching `impact`
    /// (and `apogee`), with `samples` of its path.
    pub fn new(
        model: &ForceModel,
        beta_kg_m2: Option<f64>,
        start: &Geodetic,
        impact: &Event,
        apogee: Option<&Event>,
        samples: Option<&[State]>,
    ) -> Self {
        PropagateJson {
            apogee: apogee.map(EventJson::new),
            flight_time_s: round(impact.state.t_s, 4),
            ground_range_km: round(
                model.shape.path(start, &impact.geodetic).distance_m / 1e3,
                4,
            ),
            impact: EventJson::new(impact),
            initial: PlaceJson {
                h_m: Some(round(start.h_m, 3)),
                lat_deg: round(start.lat_deg(), 7),
                lon_deg: round(start.lon_deg(), 7),
            },
            model: ModelJson::new(model, beta_kg_m2),
            samples: samples.map(|v| v.iter().map(|s| SampleJson::new(model.shape, s)).collect()),
        }
    }
}

/// The readable summary of `vigil propagate`: impact, apogee (if any) and ground range, one
/// line each.
#[derive(Debug, Clone, Copy)]
pub struct PropagateSummary<'a> {
    /// Force model (its Earth shape measures the ground range).
    pub model: &'a ForceModel,
    /// Where the flight started.
    pub start: &'a Geodetic,
    /// Impact.
    pub impact: &'a Event,
    /// Apogee, if the flight rose.
    pub apogee: Option<&'a Event>,
}

impl Display for PropagateSummary<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let impact = self.impact;
        writeln!(
            f,
            "impact   t = {:>9.2} s   lat {:>9.4}°  lon {:>9.4}°   speed {:.0} m/s",
            impact.state.t_s,
            impact.geodetic.lat_deg(),
            impact.geodetic.lon_deg(),
            impact.state.velocity.norm()
        )?;
        if let Some(ap) = self.apogee {
            writeln!(
                f,
                "apogee   t = {:>9.2} s   h {:>9.1} km",
                ap.state.t_s,
                ap.geodetic.h_m / 1e3
            )?;
        }
        let path = self.model.shape.path(self.start, &impact.geodetic);
        writeln!(f, "ground range {:.1} km", path.distance_m / 1e3)
    }
}

/// Burnout of a flight, rounded.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct BurnoutJson {
    pub azimuth_deg: f64,
    pub gamma_deg: f64,
    pub h_m: f64,
    pub speed_mps: f64,
    pub t_s: f64,
}

/// The launch controls found by targeting.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ControlsJson {
    pub azimuth_deg: f64,
    pub energy: f64,
    pub tilt_deg: f64,
}

/// One object of a flight (reentry vehicle, booster stages…).
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ObjectJson {
    pub beta_kg_m2: f64,
    pub impact: Option<EventJson>,
    pub object: String,
    pub rcs_m2: f64,
    pub thrust_end_s: Option<f64>,
}

/// One object's sampled path.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ObjectSamplesJson {
    pub object: String,
    pub samples: Vec<SampleJson>,
}

/// `vigil trajectory --json`: a missile flown from one point to another.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct TrajectoryJson {
    pub apogee: Option<EventJson>,
    pub burnout: BurnoutJson,
    pub controls: ControlsJson,
    pub flight_time_s: f64,
    pub from: PlaceJson,
    pub ground_range_km: f64,
    pub impact: EventJson,
    pub miss_m: f64,
    pub model: ModelJson,
    pub objects: Vec<ObjectJson>,
    /// Profile name (`min-energy`, `lofted`, `depressed`).
    pub profile: Option<String>,
    /// Every object's path sampled at a fixed step, if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<Vec<ObjectSamplesJson>>,
    pub shots: usize,
    pub target_range_km: f64,
    pub to: PlaceJson,
    pub vehicle: String,
}

/// What a trajectory was asked for: vehicle, profile, end points and force model.
#[derive(Debug, Clone)]
pub struct TrajectoryRequest<'a> {
    /// Missile class id, or `impulsive`.
    pub vehicle: &'a str,
    /// Profile name.
    pub profile: Option<String>,
    /// Launch point.
    pub from: Geodetic,
    /// Target point.
    pub to: Geodetic,
    /// Force model.
    pub model: ForceModel,
    /// Ballistic coefficient of the reentry vehicle, kg/m².
    pub beta_kg_m2: Option<f64>,
}

impl TrajectoryJson {
    /// The document of targeting solution `sol` (burnout figures `bo`) for request `q`, with
    /// every object's path sampled every `sample_step_s` if given.
    pub fn new(
        q: &TrajectoryRequest<'_>,
        sol: &Solution,
        bo: &BurnoutFigures,
        sample_step_s: Option<f64>,
    ) -> Self {
        let f = &sol.flight;
        TrajectoryJson {
            apogee: f.apogee.as_ref().map(EventJson::new),
            burnout: BurnoutJson {
                azimuth_deg: round(bo.azimuth_rad.to_degrees(), 5),
                gamma_deg: round(bo.gamma_rad.to_degrees(), 5),
                h_m: round(bo.h_m, 2),
                speed_mps: round(bo.speed_mps, 3),
                t_s: round(bo.t_after_launch_s, 4),
            },
            controls: ControlsJson {
                azimuth_deg: round(sol.controls.azimuth_rad.to_degrees(), 6),
                energy: round(sol.controls.energy, 9),
                tilt_deg: round(sol.controls.tilt_rad.to_degrees(), 6),
            },
            flight_time_s: round(f.impact.state.t_s - f.t_launch_s, 4),
            from: PlaceJson::exact(&q.from),
            ground_range_km: round(
                q.model.shape.path(&q.from, &f.impact.geodetic).distance_m / 1e3,
                4,
            ),
            impact: EventJson::new(&f.impact),
            miss_m: round(sol.miss_m, 3),
            model: ModelJson::new(&q.model, q.beta_kg_m2),
            objects: f
                .objects
                .iter()
                .map(|o| ObjectJson {
                    beta_kg_m2: o.beta_kg_m2,
                    impact: o.impact.as_ref().map(EventJson::new),
                    object: o.name(),
                    rcs_m2: o.rcs_m2,
                    thrust_end_s: o.thrust_end_s.map(|t| round(t, 4)),
                })
                .collect(),
            profile: q.profile.clone(),
            samples: sample_step_s.map(|step| {
                f.objects
                    .iter()
                    .map(|o| ObjectSamplesJson {
                        object: o.name(),
                        samples: o
                            .ephemeris
                            .sample(step)
                            .iter()
                            .map(|s| SampleJson::new(q.model.shape, s))
                            .collect(),
                    })
                    .collect()
            }),
            shots: sol.shots,
            target_range_km: round(sol.target_range_m / 1e3, 4),
            to: PlaceJson::exact(&q.to),
            vehicle: q.vehicle.to_string(),
        }
    }
}

/// The readable summary of `vigil trajectory` (after its heading line): burnout, apogee,
/// impact, ground range and objects, one indented line each.
#[derive(Debug, Clone, Copy)]
pub struct TrajectorySummary<'a> {
    /// What was asked for.
    pub request: &'a TrajectoryRequest<'a>,
    /// The targeting solution.
    pub solution: &'a Solution,
    /// Its burnout figures.
    pub burnout: &'a BurnoutFigures,
}

impl Display for TrajectorySummary<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let (bo, flight) = (self.burnout, &self.solution.flight);
        writeln!(
            f,
            "  burnout   t = {:7.1} s  speed {:6.0} m/s  γ {:5.2}°  azimuth {:6.2}°  h {:6.1} km",
            bo.t_after_launch_s,
            bo.speed_mps,
            bo.gamma_rad.to_degrees(),
            bo.azimuth_rad.to_degrees(),
            bo.h_m / 1e3
        )?;
        if let Some(ap) = &flight.apogee {
            writeln!(
                f,
                "  apogee    t = {:7.1} s  h {:7.1} km",
                ap.state.t_s,
                ap.geodetic.h_m / 1e3
            )?;
        }
        let impact = &flight.impact;
        writeln!(
            f,
            "  impact    t = {:7.1} s  ({:.1} min)  lat {:.4}°  lon {:.4}°  miss {:.1} m",
            impact.state.t_s,
            impact.state.t_s / 60.0,
            impact.geodetic.lat_deg(),
            impact.geodetic.lon_deg(),
            self.solution.miss_m
        )?;
        let q = self.request;
        let range_km = q.model.shape.path(&q.from, &impact.geodetic).distance_m / 1e3;
        let objects: Vec<String> = flight.objects.iter().map(|o| o.name()).collect();
        writeln!(
            f,
            "  ground range {range_km:.1} km; objects: {}",
            objects.join(", ")
        )
    }
}

/// The columns of a sampled-path CSV.
pub const SAMPLES_HEADER: [&str; 11] = [
    "object", "t_s", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps", "lat_deg", "lon_deg", "h_m",
];

/// One sample of an object's path: ECEF state (m, m/s), place and height.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct SampleRow {
    pub object: String,
    #[serde(serialize_with = "fixed::<4, _>")]
    pub t_s: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub x_m: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub y_m: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub z_m: f64,
    #[serde(serialize_with = "fixed::<4, _>")]
    pub vx_mps: f64,
    #[serde(serialize_with = "fixed::<4, _>")]
    pub vy_mps: f64,
    #[serde(serialize_with = "fixed::<4, _>")]
    pub vz_mps: f64,
    #[serde(serialize_with = "fixed::<7, _>")]
    pub lat_deg: f64,
    #[serde(serialize_with = "fixed::<7, _>")]
    pub lon_deg: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub h_m: f64,
}

/// Every object of flight `f` sampled every `step_s` seconds, object by object: the rows of
/// [`write_samples_csv`].
pub fn sample_rows(f: &Flight, step_s: f64) -> impl Iterator<Item = SampleRow> + '_ {
    f.objects.iter().flat_map(move |o| {
        let object = o.name();
        o.ephemeris.sample(step_s).into_iter().map(move |s| {
            let g = f.shape.geodetic(&s.position);
            let [x_m, y_m, z_m] = s.position.to_array();
            let [vx_mps, vy_mps, vz_mps] = s.velocity.to_array();
            SampleRow {
                object: object.clone(),
                t_s: s.t_s,
                x_m,
                y_m,
                z_m,
                vx_mps,
                vy_mps,
                vz_mps,
                lat_deg: g.lat_deg(),
                lon_deg: g.lon_deg(),
                h_m: g.h_m,
            }
        })
    })
}

/// Writes every object of flight `f` sampled every `step_s` seconds, object by object.
pub fn write_samples_csv(path: &Path, f: &Flight, step_s: f64) -> Result<(), FormatError> {
    write_csv(path, &SAMPLES_HEADER, sample_rows(f, step_s))
}
