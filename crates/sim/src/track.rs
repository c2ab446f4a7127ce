//! Tracking an architecture: its networks' detections into one central tracker (EKF, ballistic
//! motion, GNN, two-point initiation, 3-of-5 confirmation), and scoring against the truth.
//! Scoring reads the detections' truth tags; the tracker never does.

use crate::scenario::Scenario;
use crate::scenario::file::FusionSpec;
use crate::truth::FlownLaunch;
use vigil_sensors::{Detection, Truth};
use vigil_tracking::Ekf;
use vigil_tracking::associate::Gnn;
use vigil_tracking::estimator::Single;
use vigil_tracking::initiate::TwoPoint;
use vigil_tracking::models::ballistic::Ballistic;
use vigil_tracking::observation::SensorObservation;
use vigil_tracking::tracker::{Config, Status, Tracker};

/// One state of a track at one of its updates.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRow {
    /// Track id.
    pub track_id: u64,
    /// Time, s.
    pub t_s: f64,
    /// ECEF position and velocity, m and m/s.
    pub state: [f64; 6],
    /// Standard deviations of the six components.
    pub sigma: [f64; 6],
    /// `tentative` or `confirmed`.
    pub status: &'static str,
    /// Truth of the detection that updated it (scoring only).
    pub truth: Truth,
    /// Position error against that object's true position, m (None for false alarms).
    pub position_error_m: Option<f64>,
}

/// The tracking of one architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchitectureRun {
    /// Every track state at every update, in time order.
    pub rows: Vec<TrackRow>,
    /// Detections the architecture received.
    pub detections: usize,
    /// Tracks ever confirmed.
    pub confirmed_tracks: usize,
    /// First confirmed track of each launch (any of its objects), s.
    pub first_confirmed_s: Vec<Option<f64>>,
    /// RMS position error of confirmed-track updates from real objects, m.
    pub position_rmse_m: Option<f64>,
}

/// Why an architecture could not be tracked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrackError {
    /// Track-to-track fusion is not available yet.
    #[error(
        "architecture {0:?} asks for track-to-track fusion, which this version does not implement yet; use fusion = \"central\""
    )]
    FusionNotAvailable(String),
}

/// The tracker used for scenarios.
pub fn scenario_tracker() -> Tracker<6, Single<Ekf, Ballistic>, Gnn, TwoPoint> {
    Tracker::new(
        Single::new(Ekf, Ballistic::vacuum(1.0)),
        Gnn,
        TwoPoint::new(9_000.0, 35.0, 1.0),
        Config {
            clutter_density: 1e-7,
            ..Config::default()
        },
    )
}

/// Tracks architecture `arch` of the scenario on the given detections (all networks' detections
/// in time order; those of other networks are skipped).
pub fn track_architecture(
    s: &Scenario,
    flown: &[FlownLaunch],
    detections: &[Detection],
    arch: usize,
) -> Result<ArchitectureRun, TrackError> {
    let a = &s.architectures[arch];
    if a.fusion == FusionSpec::Track {
        return Err(TrackError::FusionNotAvailable(a.id.clone()));
    }
    let mine: Vec<&Detection> = detections
        .iter()
        .filter(|d| a.networks.contains(&(d.tag.network as usize)))
        .collect();
    let observations: Vec<SensorObservation> = mine
        .iter()
        .map(|d| SensorObservation::from_detection(d))
        .collect();
    let mut tracker = scenario_tracker();
    let mut rows = Vec::new();
    let mut confirmed = std::collections::BTreeSet::new();
    let mut first_confirmed = vec![None; s.launches.len()];
    let mut offset = 0;
    tracker.run(&observations, |t, report, scan| {
        for (id, j) in &report.updates {
            let Some(track) = t.track(*id) else { continue };
            let truth = mine[offset + j].truth;
            let status = if track.status == Status::Confirmed {
                "confirmed"
            } else {
                "tentative"
            };
            if track.status == Status::Confirmed {
                confirmed.insert(*id);
                if let Truth::Object { launch, .. } = truth {
                    let slot = &mut first_confirmed[launch as usize];
                    if slot.is_none() {
                        *slot = Some(report.t_s);
                    }
                }
            }
            let m = track.estimate.mean;
            let position_error_m = match truth {
                Truth::Object { launch, object } => flown[launch as usize].flight.objects
                    [object as usize]
                    .ephemeris
                    .state_at(report.t_s)
                    .map(|st| {
                        (st.position.vector() - vigil_earth::math::Vec3::new(m[0], m[1], m[2]))
                            .norm()
                    }),
                Truth::FalseAlarm => None,
            };
            rows.push(TrackRow {
                track_id: *id,
                t_s: report.t_s,
                state: [m[0], m[1], m[2], m[3], m[4], m[5]],
                sigma: std::array::from_fn(|i| track.estimate.cov[(i, i)].sqrt()),
                status,
                truth,
                position_error_m,
            });
        }
        offset += scan.len();
    });
    let errors: Vec<f64> = rows
        .iter()
        .filter(|r| r.status == "confirmed")
        .filter_map(|r| r.position_error_m)
        .collect();
    let position_rmse_m = (!errors.is_empty())
        .then(|| (errors.iter().map(|e| e * e).sum::<f64>() / errors.len() as f64).sqrt());
    Ok(ArchitectureRun {
        rows,
        detections: mine.len(),
        confirmed_tracks: confirmed.len(),
        first_confirmed_s: first_confirmed,
        position_rmse_m,
    })
}
