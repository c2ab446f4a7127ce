//! Monte Carlo: many runs of a scenario (each run index selects its own random streams, so any
//! run can be recomputed alone and results do not depend on threads, processes or shards),
//! one row per run × launch × architecture, and their summaries; the calibration of the impact
//! predictions per time-to-go band and missile class.

use crate::predictions::{TimeToGo, Z_95, wilson};
use crate::run::{RunResult, run_with_truth};
use crate::scenario::Scenario;
use crate::truth::{FlownLaunch, TruthError, fly_launches};
use crate::uncertainty::{realise, varies};
use rayon::prelude::*;
use std::collections::BTreeSet;
use vigil_earth::{EarthShape, Geodetic};
use vigil_flight::launch::ObjectKind;
use vigil_warning::alerts::AlertKind;
use vigil_warning::discrimination::ObjectClass;

/// The figures of one launch under one architecture in one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Run index.
    pub run: u32,
    /// Launch index.
    pub launch: usize,
    /// Architecture index.
    pub architecture: usize,
    /// First detection, s after launch.
    pub first_detection_s: Option<f64>,
    /// First confirmed track, s after launch.
    pub first_track_s: Option<f64>,
    /// First correct impact alert, s after launch.
    pub first_alert_s: Option<f64>,
    /// Impact time − first correct alert, s.
    pub warning_time_s: Option<f64>,
    /// Impact-point error at the first correct alert, km.
    pub impact_error_km: Option<f64>,
    /// Distance from the true impact of this launch's reentry vehicle to the last impact
    /// prediction (announced or not) of a track that followed it, km.
    pub last_rv_miss_km: Option<f64>,
    /// That prediction's true time to go, s.
    pub last_rv_time_to_go_s: Option<f64>,
    /// Whether any impact alert about this launch named a defended area it does not hit.
    pub false_alert: bool,
    /// Fabricated radar tracks copying this launch (the scenario's false events) that raised
    /// a warning: an impact alert naming a defended area.
    pub false_track_warnings: u32,
    /// Of those, the copies launched within the architecture's corroboration time gate of
    /// this launch: from its launch point at nearly its time, so its real infrared event
    /// corroborates them and no dual-phenomenology rule can tell them apart.
    pub false_track_warnings_coincident: u32,
    /// Per time-to-go band ([`TimeToGo::ALL`] order): impact predictions whose track followed
    /// one of this launch's objects that comes down, and how many held its true impact in
    /// their 95 % ellipse.
    pub coverage: [BandCount; 3],
    /// How the warning stage judged this launch's objects.
    pub judged: Judged,
}

/// How the warning stage judged one launch's objects in one run (integer counts, so shards
/// merge exactly).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Judged {
    /// Alerts about this launch naming a defended area (impact predicted or updated), and how
    /// many held its reentry vehicle's true impact in their 95 % ellipse.
    pub area_alerts: BandCount,
    /// Of those, alerts whose track followed only a stage or the booster (purity 1).
    pub stage_area_alerts: u32,
    /// Impact predictions whose track followed one of this launch's objects: rows the true
    /// object (reentry vehicle; stage or booster), columns what the warning stage believed
    /// (reentry vehicle, stage, unknown).
    pub classes: [[u32; 3]; 2],
}

impl Judged {
    /// The names of [`Judged::counts`] in files.
    pub const COLUMNS: [&'static str; 9] = [
        "area_alerts",
        "area_alerts_inside_rv",
        "stage_area_alerts",
        "rv_as_rv",
        "rv_as_stage",
        "rv_as_unknown",
        "stage_as_rv",
        "stage_as_stage",
        "stage_as_unknown",
    ];

    /// The counts, in [`Judged::COLUMNS`] order.
    pub fn counts(&self) -> [u32; 9] {
        let [rv, stage] = self.classes;
        [
            self.area_alerts.predictions,
            self.area_alerts.inside,
            self.stage_area_alerts,
            rv[0],
            rv[1],
            rv[2],
            stage[0],
            stage[1],
            stage[2],
        ]
    }

    /// The counts read back ([`Judged::COLUMNS`] order).
    pub fn from_counts(c: [u32; 9]) -> Self {
        Judged {
            area_alerts: BandCount {
                predictions: c[0],
                inside: c[1],
            },
            stage_area_alerts: c[2],
            classes: [[c[3], c[4], c[5]], [c[6], c[7], c[8]]],
        }
    }

    /// Adds another's counts.
    fn add(&mut self, o: &Judged) {
        let sum = |a: [u32; 9], b: [u32; 9]| std::array::from_fn(|i| a[i] + b[i]);
        *self = Judged::from_counts(sum(self.counts(), o.counts()));
    }
}

/// The column of a believed class in [`Judged::classes`].
fn class_column(c: ObjectClass) -> usize {
    match c {
        ObjectClass::ReentryVehicle => 0,
        ObjectClass::Stage => 1,
        ObjectClass::Unknown => 2,
    }
}

/// Impact predictions scored in one time-to-go band, and how many held the true impact of the
/// object their track followed in their 95 % ellipse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BandCount {
    /// Predictions scored.
    pub predictions: u32,
    /// Those whose 95 % ellipse held the true impact.
    pub inside: u32,
}

/// The rows of one run.
pub fn rows_of(s: &Scenario, run: u32, r: &RunResult) -> Vec<Row> {
    let mut rows = Vec::new();
    for (a, o) in r.architectures.iter().enumerate() {
        // The phantoms this architecture warned of: an impact alert naming a defended area.
        let warned_of: BTreeSet<u32> = o
            .alerts
            .iter()
            .zip(&o.alert_phantom)
            .filter(|(al, _)| al.area.is_some() && al.kind == AlertKind::ImpactPredicted)
            .filter_map(|(_, ph)| *ph)
            .collect();
        let gate_s = s.architectures[a].warning.corroboration_s;
        for (l, x) in o.launches.iter().enumerate() {
            let t0 = s.launches[l].time_s;
            let false_alert = x.alerts.iter().map(|&k| &o.alerts[k]).any(|al| {
                matches!(al.kind, AlertKind::ImpactPredicted | AlertKind::Updated)
                    && al
                        .area
                        .is_some_and(|area| !x.threatened_areas.contains(&area))
            });
            let mut coverage = [BandCount::default(); 3];
            for score in o.prediction_scores.iter().flatten() {
                if let (Some((launch, _)), Some(band), Some(inside)) =
                    (score.object(), score.band(), score.inside_95())
                    && launch as usize == l
                {
                    let c = &mut coverage[band.index()];
                    c.predictions += 1;
                    c.inside += u32::from(inside);
                }
            }
            let mut judged = Judged::default();
            let flight = &r.flown[l].flight;
            let is_rv = |object: u32| {
                flight
                    .objects
                    .get(object as usize)
                    .is_some_and(|o| o.kind == ObjectKind::ReentryVehicle)
            };
            let rv_impact = Geodetic {
                h_m: 0.0,
                ..flight.impact.geodetic
            };
            for &k in &x.alerts {
                let al = &o.alerts[k];
                let (Some(p), Some(_), AlertKind::ImpactPredicted | AlertKind::Updated) =
                    (al.impact, al.area, al.kind)
                else {
                    continue;
                };
                judged.area_alerts.predictions += 1;
                judged.area_alerts.inside += u32::from(p.contains_95(&rv_impact));
                let stage_only = o.alert_scores.get(k).copied().flatten().is_some_and(|x| {
                    x.object().is_some_and(|(_, ob)| !is_rv(ob))
                        && x.followed.is_some_and(|m| m.purity >= 1.0)
                });
                judged.stage_area_alerts += u32::from(stage_only);
            }
            let (mut last_rv_miss_km, mut last_rv_time_to_go_s) = (None, None);
            for (p, score) in o.predictions.iter().zip(&o.prediction_scores) {
                if let Some(x) = score
                    && let Some((launch, object)) = x.object()
                    && launch as usize == l
                {
                    let row = usize::from(!is_rv(object));
                    judged.classes[row][class_column(p.object)] += 1;
                    if is_rv(object)
                        && let Some(truth) = x.true_impact
                    {
                        let miss = EarthShape::Wgs84.path(&p.impact.point, &truth.point);
                        last_rv_miss_km = Some(miss.distance_m / 1e3);
                        last_rv_time_to_go_s = x.time_to_go_s;
                    }
                }
            }
            // Launch-time offsets of the warned copies of this launch, s.
            let warned: Vec<f64> = warned_of
                .iter()
                .filter_map(|&k| r.phantoms.get(k as usize))
                .filter(|p| p.copy_of == Some(l))
                .map(|p| p.flown.flight.t_launch_s - r.flown[l].flight.t_launch_s)
                .collect();
            let false_track_warnings = warned.len() as u32;
            let false_track_warnings_coincident =
                warned.iter().filter(|dt| dt.abs() <= gate_s).count() as u32;
            rows.push(Row {
                run,
                launch: l,
                architecture: a,
                first_detection_s: x.first_detection_s.map(|t| t - t0),
                first_track_s: x.first_track_s.map(|t| t - t0),
                first_alert_s: x.first_alert_s.map(|t| t - t0),
                warning_time_s: x.warning_time_s,
                impact_error_km: x.impact_error_km,
                last_rv_miss_km,
                last_rv_time_to_go_s,
                false_alert,
                false_track_warnings,
                false_track_warnings_coincident,
                coverage,
                judged,
            });
        }
    }
    rows
}

/// Runs `runs` (in parallel over runs; rows come back in run order), calling `sink` with the
/// rows of each block of runs as soon as the block is done, so memory stays bounded.
pub fn run_many(
    s: &Scenario,
    runs: std::ops::Range<u32>,
    block: u32,
    mut sink: impl FnMut(&[Row]),
) -> Result<(), TruthError> {
    run_many_while(s, runs, block, |rows| {
        sink(rows);
        true
    })
    .map(drop)
}

/// [`run_many`] whose `sink` says, after each block, whether to go on: returns the end of the
/// runs done (`runs.end` unless `sink` stopped it), so an interrupted or failing caller stops
/// after the block under way.
pub fn run_many_while(
    s: &Scenario,
    runs: std::ops::Range<u32>,
    block: u32,
    mut sink: impl FnMut(&[Row]) -> bool,
) -> Result<u32, TruthError> {
    // Without uncertain inputs one truth serves every run; with them each run draws its own
    // scenario and flies it.
    let shared: Option<Vec<FlownLaunch>> = if varies(s) {
        None
    } else {
        Some(fly_launches(s)?)
    };
    let mut start = runs.start;
    while start < runs.end {
        // Saturating: a block near u32::MAX must not wrap back to run 0.
        let end = start.saturating_add(block.max(1)).min(runs.end);
        let blocks: Result<Vec<Vec<Row>>, TruthError> = (start..end)
            .into_par_iter()
            .map(|k| match &shared {
                Some(flown) => run_with_truth(s, flown.clone(), k).map(|r| rows_of(s, k, &r)),
                None => {
                    let one = realise(s, k);
                    run_with_truth(&one, fly_launches(&one)?, k).map(|r| rows_of(&one, k, &r))
                }
            })
            .collect();
        let rows: Vec<Row> = blocks?.into_iter().flatten().collect();
        start = end;
        if !sink(&rows) {
            break;
        }
    }
    Ok(start)
}

/// Summary of one launch × architecture over the runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Launch index.
    pub launch: usize,
    /// Architecture index.
    pub architecture: usize,
    /// Runs.
    pub runs: usize,
    /// Mean warning time over runs with a correct alert, s.
    pub mean_warning_s: Option<f64>,
    /// 5th, 50th and 95th percentiles of the warning time (runs without warning count as 0),
    /// s; None, like the mean, when no run warned.
    pub warning_percentiles_s: Option<[f64; 3]>,
    /// Fraction of runs with a correct alert.
    pub p_warning: f64,
    /// Fraction of runs with a false area alert.
    pub p_false_alert: f64,
    /// Fraction of runs in which the launch was detected at all.
    pub p_detected: f64,
    /// Median and 95th percentile of [`Row::last_rv_miss_km`] over the runs that have one,
    /// km.
    pub last_rv_miss_km: Option<[f64; 2]>,
}

/// False warnings of one architecture over the runs: fabricated tracks it warned of, per
/// exercise-hour, with the warning its real launches got (the price of a stricter doctrine).
#[derive(Debug, Clone, PartialEq)]
pub struct FalseWarnings {
    /// Architecture index.
    pub architecture: usize,
    /// Runs.
    pub runs: usize,
    /// Simulated hours: runs × the scenario's duration.
    pub exercise_hours: f64,
    /// Fabricated tracks that raised a warning.
    pub warned: u64,
    /// Their rate per exercise-hour.
    pub per_hour: f64,
    /// One-sided 95 % upper bound of that rate ([`poisson_upper_95`] over the hours), per
    /// exercise-hour.
    pub per_hour_upper_95: f64,
    /// Of the warned, copies coinciding with their real launch
    /// ([`Row::false_track_warnings_coincident`]).
    pub coincident: u64,
    /// The rate of the others per exercise-hour.
    pub other_per_hour: f64,
    /// Its one-sided 95 % upper bound, per exercise-hour.
    pub other_per_hour_upper_95: f64,
    /// Share of real launch-runs with a correct warning.
    pub p_warning: f64,
    /// Mean warning time over every real launch-run, 0 where none, s.
    pub mean_warning_s: f64,
}

/// The false warnings of each architecture over `rows` (the Monte Carlo of `s`).
pub fn false_warnings(s: &Scenario, rows: &[Row]) -> Vec<FalseWarnings> {
    (0..s.architectures.len())
        .map(|a| {
            let mine: Vec<&Row> = rows.iter().filter(|r| r.architecture == a).collect();
            let runs = mine.len() / s.launches.len().max(1);
            let exercise_hours = runs as f64 * s.duration_s / 3_600.0;
            let warned: u64 = mine.iter().map(|r| u64::from(r.false_track_warnings)).sum();
            let coincident: u64 = mine
                .iter()
                .map(|r| u64::from(r.false_track_warnings_coincident))
                .sum();
            let other = warned - coincident.min(warned);
            let n = mine.len().max(1) as f64;
            FalseWarnings {
                architecture: a,
                runs,
                exercise_hours,
                warned,
                per_hour: warned as f64 / exercise_hours,
                per_hour_upper_95: poisson_upper_95(warned) / exercise_hours,
                coincident,
                other_per_hour: other as f64 / exercise_hours,
                other_per_hour_upper_95: poisson_upper_95(other) / exercise_hours,
                p_warning: mine.iter().filter(|r| r.warning_time_s.is_some()).count() as f64 / n,
                mean_warning_s: mine.iter().filter_map(|r| r.warning_time_s).sum::<f64>() / n,
            }
        })
        .collect()
}

/// One-sided 95 % upper confidence limit of a Poisson mean after `k` events (Garwood 1936):
/// half the 95 % quantile of χ² with 2(k + 1) degrees of freedom (3.00 for k = 0).
pub fn poisson_upper_95(k: u64) -> f64 {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    ChiSquared::new(2.0 * (k as f64 + 1.0)).map_or(f64::NAN, |c| 0.5 * c.inverse_cdf(0.95))
}

/// Percentile by linear interpolation between order statistics (`q` in [0, 1]).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let x = q * (sorted.len() - 1) as f64;
    let (i, f) = (x.floor() as usize, x.fract());
    let next = sorted.get(i + 1).copied().unwrap_or(sorted[i]);
    sorted[i] + f * (next - sorted[i])
}

/// Summaries per launch × architecture (launch-major order).
pub fn summarise(rows: &[Row], launches: usize, architectures: usize) -> Vec<Summary> {
    let mut out = Vec::new();
    for l in 0..launches {
        for a in 0..architectures {
            let mine: Vec<&Row> = rows
                .iter()
                .filter(|r| r.launch == l && r.architecture == a)
                .collect();
            let n = mine.len().max(1) as f64;
            let warned: Vec<f64> = mine.iter().filter_map(|r| r.warning_time_s).collect();
            let mut all: Vec<f64> = mine
                .iter()
                .map(|r| r.warning_time_s.unwrap_or(0.0))
                .collect();
            all.sort_by(f64::total_cmp);
            let mut misses: Vec<f64> = mine.iter().filter_map(|r| r.last_rv_miss_km).collect();
            misses.sort_by(f64::total_cmp);
            out.push(Summary {
                launch: l,
                architecture: a,
                runs: mine.len(),
                mean_warning_s: (!warned.is_empty())
                    .then(|| warned.iter().sum::<f64>() / warned.len() as f64),
                warning_percentiles_s: (!warned.is_empty()).then(|| {
                    [
                        percentile(&all, 0.05),
                        percentile(&all, 0.5),
                        percentile(&all, 0.95),
                    ]
                }),
                p_warning: warned.len() as f64 / n,
                p_false_alert: mine.iter().filter(|r| r.false_alert).count() as f64 / n,
                p_detected: mine
                    .iter()
                    .filter(|r| r.first_detection_s.is_some())
                    .count() as f64
                    / n,
                last_rv_miss_km: (!misses.is_empty())
                    .then(|| [percentile(&misses, 0.5), percentile(&misses, 0.95)]),
            });
        }
    }
    out
}

/// Coverage of the 95 % impact ellipse over many runs, for one architecture, missile class
/// and time-to-go band.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationCell {
    /// Architecture index.
    pub architecture: usize,
    /// Missile class id (None: every class).
    pub missile: Option<String>,
    /// Time-to-go band.
    pub band: TimeToGo,
    /// Predictions scored.
    pub predictions: u64,
    /// Those whose 95 % ellipse held the true impact.
    pub inside: u64,
}

impl CalibrationCell {
    /// Share of predictions whose ellipse held the true impact (None without predictions).
    pub fn coverage(&self) -> Option<f64> {
        (self.predictions > 0).then(|| self.inside as f64 / self.predictions as f64)
    }

    /// Its 95 % Wilson score interval (None without predictions).
    pub fn interval_95(&self) -> Option<(f64, f64)> {
        wilson(self.inside, self.predictions, Z_95)
    }
}

/// The calibration table of `rows` (of scenario `s`): per architecture, per missile class (in
/// order of first launch, then every class together) and per time-to-go band, the coverage of
/// the 95 % ellipse for the object each track followed.
pub fn calibration(s: &Scenario, rows: &[Row]) -> Vec<CalibrationCell> {
    let classes = missile_classes(s);
    let mut out = Vec::new();
    for a in 0..s.architectures.len() {
        for class in &classes {
            for band in TimeToGo::ALL {
                let (mut predictions, mut inside) = (0u64, 0u64);
                for r in rows
                    .iter()
                    .filter(|r| r.architecture == a && of_class(s, r, *class))
                {
                    predictions += u64::from(r.coverage[band.index()].predictions);
                    inside += u64::from(r.coverage[band.index()].inside);
                }
                out.push(CalibrationCell {
                    architecture: a,
                    missile: class.map(str::to_string),
                    band,
                    predictions,
                    inside,
                });
            }
        }
    }
    out
}

/// Discrimination over many runs for one architecture and missile class (None: every class).
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedCell {
    /// Architecture index.
    pub architecture: usize,
    /// Missile class id (None: every class).
    pub missile: Option<String>,
    /// The runs' counts summed.
    pub judged: Judged,
}

impl JudgedCell {
    /// Share of judged predictions whose class was right (unknown counts as not right).
    pub fn correct(&self) -> Option<f64> {
        let [rv, stage] = self.judged.classes;
        let total: u32 = rv.iter().chain(&stage).sum();
        (total > 0).then(|| f64::from(rv[0] + stage[1]) / f64::from(total))
    }

    /// Share of area alerts whose ellipse held the reentry vehicle's impact, with its 95 %
    /// Wilson interval.
    pub fn area_coverage(&self) -> Option<(f64, (f64, f64))> {
        let c = self.judged.area_alerts;
        let ci = wilson(u64::from(c.inside), u64::from(c.predictions), Z_95)?;
        Some((f64::from(c.inside) / f64::from(c.predictions), ci))
    }
}

/// The discrimination table of `rows` (of scenario `s`): per architecture and missile class
/// (in order of first launch, then every class together), the summed [`Judged`] counts.
pub fn discrimination(s: &Scenario, rows: &[Row]) -> Vec<JudgedCell> {
    let classes = missile_classes(s);
    let mut out = Vec::new();
    for a in 0..s.architectures.len() {
        for class in &classes {
            let mut judged = Judged::default();
            for r in rows
                .iter()
                .filter(|r| r.architecture == a && of_class(s, r, *class))
            {
                judged.add(&r.judged);
            }
            out.push(JudgedCell {
                architecture: a,
                missile: class.map(str::to_string),
                judged,
            });
        }
    }
    out
}

/// The missile classes of `s` in order of first launch, then None (every class).
fn missile_classes(s: &Scenario) -> Vec<Option<&str>> {
    let mut classes: Vec<Option<&str>> = Vec::new();
    for l in &s.launches {
        if !classes.contains(&Some(l.class.id.as_str())) {
            classes.push(Some(l.class.id.as_str()));
        }
    }
    classes.push(None);
    classes
}

/// Whether row `r` is of missile class `class` (None: any).
fn of_class(s: &Scenario, r: &Row, class: Option<&str>) -> bool {
    class.is_none_or(|c| s.launches.get(r.launch).is_some_and(|l| l.class.id == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Garwood's limits against published values (e.g. Gehrels 1986, Table 1, one-sided
    /// 0.95: 3.00 for 0 events, 4.744 for 1, 6.296 for 2, 16.96 for 10), to 0.2 %.
    #[test]
    fn poisson_upper_limits_match_the_tables() {
        for (k, want) in [(0, 2.996), (1, 4.744), (2, 6.296), (10, 16.96)] {
            let got = poisson_upper_95(k);
            assert!((got - want).abs() < 2e-3 * want, "{k}: {got} vs {want}");
        }
    }

    #[test]
    fn percentiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert!((percentile(&v, 0.95) - 4.8).abs() < 1e-12);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn no_warning_in_any_run_leaves_mean_and_percentiles_empty() {
        let row = |run, warning_time_s| Row {
            run,
            launch: 0,
            architecture: 0,
            first_detection_s: None,
            first_track_s: None,
            first_alert_s: None,
            warning_time_s,
            impact_error_km: None,
            last_rv_miss_km: None,
            last_rv_time_to_go_s: None,
            false_alert: false,
            false_track_warnings: 0,
            false_track_warnings_coincident: 0,
            coverage: Default::default(),
            judged: Judged::default(),
        };
        let none = summarise(&[row(0, None), row(1, None)], 1, 1);
        assert_eq!(none[0].mean_warning_s, None);
        assert_eq!(none[0].warning_percentiles_s, None);
        let some = summarise(&[row(0, None), row(1, Some(100.0))], 1, 1);
        assert_eq!(some[0].mean_warning_s, Some(100.0));
        assert_eq!(some[0].warning_percentiles_s, Some([5.0, 50.0, 95.0]));
        // No runs at all: nothing to average either.
        assert_eq!(summarise(&[], 1, 1)[0].warning_percentiles_s, None);
    }
}
