//! A run as plain geometry for the pictures and files: ground tracks, impact ellipses, the
//! scored first correct alert, missile classes. Shared by the run map, `run.geojson` and
//! `run.czml`.

use vigil_earth::Geodetic;
use vigil_flight::ephemeris::Ephemeris;
use vigil_flight::launch::{FlightObject, ObjectKind};
use vigil_sim::run::ArchitectureOutcome;
use vigil_sim::scenario::Scenario;
use vigil_warning::alerts::{Alert, AlertKind};

use crate::shapes;

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

/// The missile classes of the scenario's launches, in order of first use, and each
/// launch's index into that list.
pub(crate) fn classes(s: &Scenario) -> (Vec<String>, Vec<usize>) {
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

/// `[lon_deg, lat_deg]` of a geodetic point.
pub(crate) fn lon_lat(g: &Geodetic) -> [f64; 2] {
    [g.lon_deg(), g.lat_deg()]
}

/// Rounds to `digits` decimals (stable, short numbers in the files).
pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

/// The sub-object points `[lon, lat]` of an ephemeris every `step_s` (and at its end).
pub(crate) fn ground_track(e: &Ephemeris, step_s: f64) -> Vec<[f64; 2]> {
    e.sample(step_s)
        .iter()
        .map(|st| lon_lat(&Geodetic::from_ecef(&st.position)))
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .collect()
}

/// The reentry vehicle's ground track from launch: the booster's powered flight until the
/// vehicle's release, then the vehicle's own track (points every `GROUND_TRACK_STEP_S`).
pub(crate) fn track_from_launch(objects: &[FlightObject]) -> Vec<[f64; 2]> {
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

/// The first flight object of `kind`.
pub(crate) fn object(objects: &[FlightObject], kind: ObjectKind) -> Option<&FlightObject> {
    objects.iter().find(|o| o.kind == kind)
}

/// A 95 % impact ellipse as a ring and its axes (km) and major-axis azimuth (deg), if
/// the alert has a finite one.
pub(crate) fn ellipse_of(a: &Alert) -> Option<(Vec<[f64; 2]>, f64, f64, f64)> {
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
