//! The end-to-end run: truth → detections → tracking → warning, for every architecture of a
//! scenario (driven by the [`Engine`] to the end), scored per launch: first detection,
//! confirmed track, first correct alert, impact error at that alert, and warning time; and per
//! impact prediction against the object its track followed ([`crate::predictions`]).

use crate::cueing::CueRecord;
use crate::detect::SensorSummary;
use crate::engine::Engine;
use crate::false_events::FalseEvent;
use crate::predictions::{PredictionScore, score_predictions};
use crate::scenario::Scenario;
use crate::scenario::model::AreaShape;
use crate::track::{ArchitectureRun, TrackRow, flight_model};
use crate::truth::{FlownLaunch, TruthError, fly_launches};
use std::ops::Range;
use vigil_earth::Geodetic;
use vigil_sensors::{Detection, Measurement, Truth};
use vigil_tracking::tracker::Status;
use vigil_warning::alerts::{Alert, AlertKind, Prediction, TrackCue, WarningConfig, WarningEngine};
use vigil_warning::stereo::Look;
use vigil_warning::threat::Area;

/// How one launch fared under one architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchOutcome {
    /// The true impact time of its reentry vehicle, s.
    pub impact_time_s: f64,
    /// Its true impact point.
    pub impact_point: Geodetic,
    /// Defended areas the reentry vehicle lands in (indices).
    pub threatened_areas: Vec<usize>,
    /// First detection of any of its objects, s.
    pub first_detection_s: Option<f64>,
    /// First confirmed track on any of its objects, s.
    pub first_track_s: Option<f64>,
    /// First infrared launch alert attributed to it, s.
    pub first_launch_alert_s: Option<f64>,
    /// First assessment (a radar track of it corroborated by an infrared launch event), s.
    pub first_assessment_s: Option<f64>,
    /// First alert that correctly names its threatened area (or, if it threatens none, whose
    /// 95 % impact ellipse contains its impact point), s.
    pub first_alert_s: Option<f64>,
    /// Distance from the predicted to the true impact at that alert, km.
    pub impact_error_km: Option<f64>,
    /// Impact time − first correct alert, s.
    pub warning_time_s: Option<f64>,
    /// Indices (into the architecture's alerts) of the alerts about this launch.
    pub alerts: Vec<usize>,
}

/// One architecture's run.
#[derive(Debug, Clone)]
pub struct ArchitectureOutcome {
    /// Tracking output and metrics.
    pub tracking: ArchitectureRun,
    /// Every alert, in time order.
    pub alerts: Vec<Alert>,
    /// The launch each alert is about (scoring only; None: a false alarm's).
    pub alert_launch: Vec<Option<u32>>,
    /// The phantom ([`RunResult::phantoms`] index) each alert is about (scoring only).
    pub alert_phantom: Vec<Option<u32>>,
    /// Per alert, the per-object score of its impact prediction: the object its track
    /// followed, its true impact and the miss (scoring only; None: no prediction).
    pub alert_scores: Vec<Option<PredictionScore>>,
    /// Every impact prediction the warning stage made, announced or not, in time order.
    pub predictions: Vec<Prediction>,
    /// Per prediction, its per-object score (scoring only).
    pub prediction_scores: Vec<Option<PredictionScore>>,
    /// Per launch, in scenario order.
    pub launches: Vec<LaunchOutcome>,
    /// The architecture's radars cued by its infrared launch events ([`crate::cueing`]).
    pub cues: Vec<CueRecord>,
}

/// A whole run.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Every launch flown.
    pub flown: Vec<FlownLaunch>,
    /// Every detection, in time order.
    pub detections: Vec<Detection>,
    /// Per-sensor summaries.
    pub sensors: Vec<SensorSummary>,
    /// Data with no missile behind them: the false events drawn for the run, then injected
    /// phantoms (the order of [`Truth::Phantom`]'s index).
    pub phantoms: Vec<FalseEvent>,
    /// Per architecture, in scenario order.
    pub architectures: Vec<ArchitectureOutcome>,
}

/// The defended areas as the warning stage sees them.
pub fn areas(s: &Scenario) -> Vec<Area> {
    s.defended_areas
        .iter()
        .map(|a| match &a.shape {
            AreaShape::Circle { center, radius_m } => Area::Circle {
                center: *center,
                radius_m: *radius_m,
            },
            AreaShape::Polygon(p) => Area::Polygon(p.clone()),
        })
        .collect()
}

/// Runs run number `run` of the scenario (its random streams), every architecture.
pub fn run(s: &Scenario, run: u32) -> Result<RunResult, TruthError> {
    run_with_truth(s, fly_launches(s)?, run)
}

/// [`run`] simulated in steps of `step_s` of scenario time (at least 1 s; the same result,
/// since looks happen at their own times), asking `stop` before each step: the result up to
/// where it stopped, and that time, s (the scenario's duration when it ran to the end).
pub fn run_stoppable(
    s: &Scenario,
    run: u32,
    step_s: f64,
    stop: impl Fn() -> bool,
) -> Result<(RunResult, f64), TruthError> {
    let mut engine = Engine::with_truth(s.clone(), fly_launches(s)?, run);
    let mut t_s = 0.0;
    while t_s < s.duration_s && !stop() {
        t_s = (t_s + step_s.max(1.0)).min(s.duration_s);
        engine.run_to(t_s);
    }
    Ok((engine.finish(), t_s))
}

/// Runs run number `run` on launches already flown (Monte Carlo reuses one truth when no
/// launch parameter varies).
pub fn run_with_truth(
    s: &Scenario,
    flown: Vec<FlownLaunch>,
    run: u32,
) -> Result<RunResult, TruthError> {
    let mut engine = Engine::with_truth(s.clone(), flown, run);
    engine.run_to_end();
    Ok(engine.finish())
}

/// The warning stage of one architecture, fed step by step.
#[derive(Debug, Clone)]
pub struct ArchitectureWarning {
    engine: WarningEngine,
    /// The truth tag of the data that raised each alert (scoring only).
    alert_truth: Vec<Truth>,
    /// Per infrared launch event, the truth tag of its latest line of sight (scoring only).
    event_truth: Vec<Truth>,
    /// The engine's clock: it has ticked every whole second up to here, s.
    clock_s: f64,
}

/// What the warning stage consumes, in time order: infrared looks before track states.
enum Cue<'a> {
    Infrared(&'a Detection),
    Track(&'a TrackRow),
}

impl ArchitectureWarning {
    /// The warning stage of architecture `a` of `s` (its doctrine, the defended areas).
    pub fn new(s: &Scenario, a: usize) -> Self {
        let doctrine = s.architectures[a].warning;
        let config = WarningConfig {
            dual_phenomenology: doctrine.dual_phenomenology,
            corroboration_m: doctrine.corroboration_km * 1e3,
            corroboration_s: doctrine.corroboration_s,
            ..WarningConfig::default()
        };
        Self {
            engine: WarningEngine::new(config, areas(s), flight_model()),
            alert_truth: Vec::new(),
            event_truth: Vec::new(),
            clock_s: 0.0,
        }
    }

    /// Every alert so far and the truth tag of the data that raised each (scoring only).
    pub fn alerts(&self) -> (&[Alert], &[Truth]) {
        (self.engine.alerts(), &self.alert_truth)
    }

    /// Feeds the architecture's detections and track updates of one step (all later than the
    /// previous step's) and returns the range of the alerts raised.
    pub fn feed(&mut self, mine: &[&Detection], rows: &[TrackRow]) -> Range<usize> {
        let first = self.alert_truth.len();
        let mut cues: Vec<(f64, u8, Cue<'_>)> = mine
            .iter()
            .filter(|d| matches!(d.measurement, Measurement::LineOfSight { .. }))
            .map(|d| (d.t_s, 0, Cue::Infrared(d)))
            .chain(rows.iter().map(|r| (r.t_s, 1, Cue::Track(r))))
            .collect();
        cues.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for (t_s, _, cue) in cues {
            self.tick_to(t_s);
            let (raised, truth) = match cue {
                Cue::Infrared(d) => {
                    let Some((event, raised)) =
                        Look::of(d).and_then(|l| self.engine.on_infrared(&l))
                    else {
                        continue;
                    };
                    if event == self.event_truth.len() {
                        self.event_truth.push(d.truth);
                    }
                    self.event_truth[event] = d.truth;
                    (raised, d.truth)
                }
                Cue::Track(r) => (
                    self.engine.on_track(&TrackCue {
                        t_s: r.t_s,
                        track: r.track_id,
                        estimate: &r.estimate,
                        confirmed: r.status == Status::Confirmed,
                        ballistic: r.ballistic,
                        sensors: &[r.sensor],
                        coast: &r.coast,
                        rcs: r.rcs,
                    }),
                    r.truth,
                ),
            };
            self.alert_truth
                .extend(std::iter::repeat_n(truth, raised.len()));
        }
        first..self.alert_truth.len()
    }

    /// Ticks the warning engine's clock at every whole second before `t_s` not yet ticked (so
    /// a boost-phase track notices its plume is gone at the same time whatever the steps).
    fn tick_to(&mut self, t_s: f64) {
        let mut next = self.clock_s.floor() + 1.0;
        while next < t_s {
            for (event, alert) in self.engine.tick(next) {
                debug_assert_eq!(alert, self.alert_truth.len());
                self.alert_truth.push(self.event_truth[event]);
            }
            self.clock_s = next;
            next += 1.0;
        }
    }

    /// Scores the architecture's alerts against the truth, per launch.
    pub(crate) fn score(
        self,
        s: &Scenario,
        flown: &[FlownLaunch],
        mine: &[&Detection],
        tracking: ArchitectureRun,
    ) -> ArchitectureOutcome {
        let areas = areas(s);
        let alerts = self.engine.alerts().to_vec();
        let alert_launch: Vec<Option<u32>> = self.alert_truth.iter().map(|t| t.launch()).collect();
        let alert_phantom = self
            .alert_truth
            .iter()
            .map(|t| match t {
                Truth::Phantom { phantom, .. } => Some(*phantom),
                _ => None,
            })
            .collect();
        let launches = (0..flown.len())
            .map(|l| {
                score_launch(
                    l as u32,
                    &flown[l],
                    &areas,
                    mine,
                    &tracking,
                    &alerts,
                    &alert_launch,
                )
            })
            .collect();
        let alert_scores = score_predictions(
            flown,
            &tracking.rows,
            alerts.iter().map(|a| (a.t_s, a.track, a.impact)),
        );
        let predictions = self.engine.predictions().to_vec();
        let prediction_scores = score_predictions(
            flown,
            &tracking.rows,
            predictions
                .iter()
                .map(|p| (p.t_s, Some(p.track), Some(p.impact))),
        );
        ArchitectureOutcome {
            tracking,
            alerts,
            alert_launch,
            alert_phantom,
            alert_scores,
            predictions,
            prediction_scores,
            launches,
            cues: Vec::new(),
        }
    }
}

fn score_launch(
    l: u32,
    flown: &FlownLaunch,
    areas: &[Area],
    mine: &[&Detection],
    tracking: &ArchitectureRun,
    alerts: &[Alert],
    alert_launch: &[Option<u32>],
) -> LaunchOutcome {
    let impact = flown.flight.impact;
    let impact_point = Geodetic {
        h_m: 0.0,
        ..impact.geodetic
    };
    let threatened: Vec<usize> = areas
        .iter()
        .enumerate()
        .filter(|(_, a)| a.contains(&impact_point))
        .map(|(i, _)| i)
        .collect();
    let first_detection_s = mine
        .iter()
        .find(|d| matches!(d.truth, Truth::Object { launch, .. } if launch == l))
        .map(|d| d.t_s);
    let mine: Vec<usize> = (0..alerts.len())
        .filter(|&i| alert_launch[i] == Some(l))
        .collect();
    let first_launch_alert_s = mine
        .iter()
        .map(|&i| &alerts[i])
        .find(|a| a.kind == AlertKind::LaunchDetected)
        .map(|a| a.t_s);
    let first_assessment_s = mine
        .iter()
        .map(|&i| &alerts[i])
        .find(|a| a.kind == AlertKind::Assessed)
        .map(|a| a.t_s);
    let correct = mine.iter().map(|&i| &alerts[i]).find(|a| {
        matches!(a.kind, AlertKind::ImpactPredicted | AlertKind::Updated)
            && match (threatened.is_empty(), a.area) {
                (false, Some(area)) => threatened.contains(&area),
                (true, None) => a.impact.is_some_and(|p| p.contains_95(&impact_point)),
                _ => false,
            }
    });
    let impact_error_km = correct.and_then(|a| a.impact).map(|p| {
        vigil_earth::EarthShape::Wgs84
            .path(&p.point, &impact_point)
            .distance_m
            / 1e3
    });
    let first_alert_s = correct.map(|a| a.t_s);
    LaunchOutcome {
        impact_time_s: impact.state.t_s,
        impact_point,
        threatened_areas: threatened,
        first_detection_s,
        first_track_s: tracking.first_confirmed_s[l as usize],
        first_launch_alert_s,
        first_assessment_s,
        first_alert_s,
        impact_error_km,
        warning_time_s: first_alert_s.map(|t| impact.state.t_s - t),
        alerts: mine,
    }
}
