//! The text tables the `vigil` commands print, as [`Display`] values: each ends with a line
//! end and shows "—" for what never happened.

use super::tracks::ArchitectureMetrics;
use std::fmt::{self, Display, Formatter};
use vigil_sim::detect::SensorSummary;
use vigil_sim::montecarlo::{CalibrationCell, FalseWarnings, JudgedCell, Summary};
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;
use vigil_sim::sweep::{Merit, comparisons};

fn minutes(x: Option<f64>) -> String {
    x.map_or("—".into(), |s| format!("{:.1}", s / 60.0))
}

fn after(x: Option<f64>, t0: f64) -> String {
    x.map_or("—".into(), |t| format!("+{:.0}", t - t0))
}

fn fixed(x: Option<f64>, decimals: usize) -> String {
    x.map_or("—".into(), |v| format!("{v:.decimals$}"))
}

/// `<id> +<s>` for each launch with a time (s after launch), or "—".
fn firsts(s: &Scenario, after_launch: impl IntoIterator<Item = Option<f64>>) -> String {
    let v: Vec<String> = s
        .launches
        .iter()
        .zip(after_launch)
        .filter_map(|(l, t)| t.map(|t| format!("{} +{t:.0}", l.id)))
        .collect();
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

/// The headline of `vigil run`: per launch and architecture, when it was seen, tracked and
/// correctly announced, how far off the impact prediction was then, and the warning left;
/// then what the largest architecture adds over each single-network one.
pub struct RunTable<'a>(pub &'a Scenario, pub &'a RunResult);

impl Display for RunTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let RunTable(s, r) = *self;
        writeln!(
            f,
            "Scenario {:?} (seed {}): times in s after launch; warning = impact − first correct alert",
            s.name, s.seed
        )?;
        writeln!(
            f,
            "{:<18} {:<13} {:>7} {:>7} {:>7} {:>7} {:>9} {:>12} {:>9}",
            "launch",
            "architecture",
            "flight",
            "detect",
            "track",
            "alert",
            "err km",
            "warning min",
            "IR min"
        )?;
        for (l, launch) in s.launches.iter().enumerate() {
            for (i, o) in r.architectures.iter().enumerate() {
                let x = &o.launches[l];
                writeln!(
                    f,
                    "{:<18} {:<13} {:>7.0} {:>7} {:>7} {:>7} {:>9} {:>12} {:>9}",
                    if i == 0 { launch.id.as_str() } else { "" },
                    s.architectures[i].id,
                    x.impact_time_s - launch.time_s,
                    after(x.first_detection_s, launch.time_s),
                    after(x.first_track_s, launch.time_s),
                    after(x.first_alert_s, launch.time_s),
                    fixed(x.impact_error_km, 1),
                    minutes(x.warning_time_s),
                    minutes(x.first_launch_alert_s.map(|t| x.impact_time_s - t)),
                )?;
            }
        }
        let (big, singles) = comparisons(s);
        if s.architectures
            .get(big)
            .is_none_or(|b| b.networks.len() < 2)
            || singles.is_empty()
        {
            return Ok(());
        }
        writeln!(
            f,
            "\nWarning gained by {:?}, minutes (\"new\": only the integrated architecture warns):",
            s.architectures[big].id
        )?;
        write!(f, "  {:<18} ", "launch")?;
        for &i in &singles {
            write!(f, "{:>12}", format!("vs {}", s.architectures[i].id))?;
        }
        writeln!(f)?;
        for (l, launch) in s.launches.iter().enumerate() {
            write!(f, "  {:<18} ", launch.id)?;
            let joint = r.architectures[big].launches[l].warning_time_s;
            for &i in &singles {
                let cell = match (joint, r.architectures[i].launches[l].warning_time_s) {
                    (Some(j), Some(b)) => format!("{:+.1}", (j - b) / 60.0),
                    (Some(_), None) => "new".into(),
                    (None, _) => "—".into(),
                };
                write!(f, "{cell:>12}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// The Monte Carlo table: per launch × architecture the probabilities of detection, warning
/// and false alert, and the warning time's mean and percentiles, in minutes.
pub struct SummaryTable<'a> {
    /// The scenario run.
    pub scenario: &'a Scenario,
    /// Number of runs.
    pub runs: u32,
    /// The summaries, in order.
    pub summaries: &'a [Summary],
}

impl Display for SummaryTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = self.scenario;
        writeln!(
            f,
            "{} runs of {:?}: warning time in minutes (runs without warning count as 0 in the percentiles)",
            self.runs, s.name
        )?;
        writeln!(
            f,
            "{:<18} {:<13} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "launch", "architecture", "P(det)", "P(warn)", "P(false)", "mean", "p5", "p50", "p95"
        )?;
        for x in self.summaries {
            let p = |k: usize| minutes(x.warning_percentiles_s.map(|p| p[k]));
            writeln!(
                f,
                "{:<18} {:<13} {:>7.3} {:>7.3} {:>7.3} {:>7} {:>7} {:>7} {:>7}",
                s.launches[x.launch].id,
                s.architectures[x.architecture].id,
                x.p_detected,
                x.p_warning,
                x.p_false_alert,
                minutes(x.mean_warning_s),
                p(0),
                p(1),
                p(2)
            )?;
        }
        Ok(())
    }
}

/// The Monte Carlo calibration table: per architecture, missile class and time-to-go band, the
/// share of impact predictions whose 95 % ellipse held the true impact of the object their
/// track followed, with its 95 % Wilson interval, in percent.
pub struct CalibrationTable<'a> {
    /// The scenario run.
    pub scenario: &'a Scenario,
    /// The cells, in order.
    pub cells: &'a [CalibrationCell],
}

impl Display for CalibrationTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "95 % impact ellipse coverage for the object each track followed (95 % Wilson interval)"
        )?;
        writeln!(
            f,
            "{:<13} {:<16} {:<8} {:>11} {:>8} {:>15}",
            "architecture", "missile", "to go", "predictions", "inside", "interval"
        )?;
        for c in self.cells {
            let pct = |x: f64| format!("{:.1}", 100.0 * x);
            writeln!(
                f,
                "{:<13} {:<16} {:<8} {:>11} {:>8} {:>15}",
                self.scenario.architectures[c.architecture].id,
                c.missile.as_deref().unwrap_or("all"),
                c.band.as_str(),
                c.predictions,
                c.coverage().map_or("—".into(), |x| format!("{}%", pct(x))),
                c.interval_95().map_or("—".into(), |(lo, hi)| format!(
                    "{}–{}%",
                    pct(lo),
                    pct(hi)
                )),
            )?;
        }
        Ok(())
    }
}

/// The false-warning table of a Monte Carlo: per architecture, fabricated tracks warned of per
/// exercise-hour with the 95 % upper bound, beside the warning its real launches got.
pub struct FalseWarningTable<'a> {
    /// The scenario run.
    pub scenario: &'a Scenario,
    /// One per architecture, in order.
    pub rows: &'a [FalseWarnings],
}

impl Display for FalseWarningTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "False warnings: fabricated radar tracks warned of, per exercise-hour (≤: 95 % upper bound); \"others\": those not replaying a real launch at its time; warning of the real launches"
        )?;
        writeln!(
            f,
            "{:<16} {:>5} {:>6} {:>7} {:>9} {:>9} {:>11} {:>9} {:>8} {:>9}",
            "architecture",
            "dual",
            "hours",
            "warned",
            "per hour",
            "≤",
            "others/hour",
            "≤",
            "P(warn)",
            "mean min"
        )?;
        for x in self.rows {
            let a = &self.scenario.architectures[x.architecture];
            writeln!(
                f,
                "{:<16} {:>5} {:>6.0} {:>7} {:>9.4} {:>9.4} {:>11.4} {:>9.4} {:>7.1}% {:>9.1}",
                a.id,
                if a.warning.dual_phenomenology {
                    "yes"
                } else {
                    "no"
                },
                x.exercise_hours,
                x.warned,
                x.per_hour,
                x.per_hour_upper_95,
                x.other_per_hour,
                x.other_per_hour_upper_95,
                100.0 * x.p_warning,
                x.mean_warning_s / 60.0,
            )?;
        }
        Ok(())
    }
}

/// The discrimination table of a Monte Carlo: area alerts against the reentry vehicle, area
/// alerts raised by stage-only tracks, and the classes believed for the predictions.
pub struct DiscriminationTable<'a> {
    /// The scenario run.
    pub scenario: &'a Scenario,
    /// The cells, in order.
    pub cells: &'a [JudgedCell],
}

impl Display for DiscriminationTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Area alerts against the reentry vehicle's impact; classes believed for the predictions (true RV: as rv/stage/unknown; true stage: as rv/stage/unknown)"
        )?;
        writeln!(
            f,
            "{:<13} {:<16} {:>11} {:>15} {:>12} {:>20} {:>20} {:>8}",
            "architecture",
            "missile",
            "area alerts",
            "inside RV 95%",
            "stage-only",
            "RV as rv/st/unk",
            "stage as rv/st/unk",
            "right"
        )?;
        let pct = |x: f64| format!("{:.1}%", 100.0 * x);
        for c in self.cells {
            let j = &c.judged;
            let [rv, st] = j.classes;
            writeln!(
                f,
                "{:<13} {:<16} {:>11} {:>15} {:>12} {:>20} {:>20} {:>8}",
                self.scenario.architectures[c.architecture].id,
                c.missile.as_deref().unwrap_or("all"),
                j.area_alerts.predictions,
                c.area_coverage().map_or("—".into(), |(x, _)| pct(x)),
                j.stage_area_alerts,
                format!("{}/{}/{}", rv[0], rv[1], rv[2]),
                format!("{}/{}/{}", st[0], st[1], st[2]),
                c.correct().map_or("—".into(), pct),
            )?;
        }
        Ok(())
    }
}

/// The sweep's figures of merit per architecture.
pub struct MeritTable<'a>(pub &'a Scenario, pub &'a [Merit]);

impl Display for MeritTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<13} {:>9} {:>9} {:>9} {:>11} {:>11}",
            "architecture", "≥5 min", "≥10 min", "≥15 min", "mean detect", "sensors"
        )?;
        for (arch, m) in self.0.architectures.iter().zip(self.1) {
            let [f5, f10, f15] = m.with_warning.map(|x| 100.0 * x);
            let detect = m
                .mean_detection_s
                .map_or("—".into(), |t| format!("{t:.0} s"));
            writeln!(
                f,
                "{:<13} {f5:>8.0}% {f10:>8.0}% {f15:>8.0}% {detect:>11} {:>11.1}",
                arch.id, m.mean_sensors
            )?;
        }
        Ok(())
    }
}

/// Per sensor: network, looks, detections, false alarms and first detection of each launch.
pub struct SensorTable<'a>(pub &'a Scenario, pub &'a [SensorSummary]);

impl Display for SensorTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = self.0;
        writeln!(
            f,
            "{:<12} {:<8} {:>7} {:>10} {:>12}  first detection (s after launch)",
            "sensor", "network", "looks", "detections", "false alarms"
        )?;
        for (m, x) in s.sensors.iter().zip(self.1) {
            writeln!(
                f,
                "{:<12} {:<8} {:>7} {:>10} {:>12}  {}",
                m.id,
                s.networks[m.network],
                x.looks,
                x.detections,
                x.false_alarms,
                firsts(
                    s,
                    s.launches
                        .iter()
                        .zip(&x.first_detection_s)
                        .map(|(l, t)| t.map(|t| t - l.time_s))
                )
            )?;
        }
        Ok(())
    }
}

/// Tracking figures per architecture, with the first confirmed track on each launch.
pub struct TrackingTable<'a>(pub &'a Scenario, pub &'a [ArchitectureMetrics]);

impl Display for TrackingTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<13} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>6} {:>7} {:>9}  first confirmed track (s after launch)",
            "architecture",
            "dets",
            "tracks",
            "RMSE m",
            "RMSE m/s",
            "false",
            "missed",
            "frag",
            "purity",
            "GOSPA m"
        )?;
        for m in self.1 {
            let times = (self.0.launches.iter())
                .map(|l| m.first_confirmed_track_s.get(&l.id).copied().flatten());
            writeln!(
                f,
                "{:<13} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>6} {:>7} {:>9}  {}",
                m.architecture,
                m.detections,
                m.confirmed_tracks,
                fixed(m.position_rmse_m, 0),
                fixed(m.velocity_rmse_mps, 1),
                m.false_tracks,
                m.missed_objects,
                m.fragmentation,
                fixed(m.mean_purity, 3),
                fixed(m.mean_gospa_m, 0),
                firsts(self.0, times)
            )?;
        }
        Ok(())
    }
}
