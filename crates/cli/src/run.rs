//! `vigil run`: the main job — truth, detections, tracking and warning for every architecture
//! of a scenario, one table of warning times, and the files of the run.

use crate::Failure;
use crate::scenario_args::load;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use vigil_sim::run::{ArchitectureOutcome, RunResult, run as run_scenario};
use vigil_sim::scenario::Scenario;
use vigil_warning::alerts::Alert;

/// Version of the `report.json` format (see docs/report-schema.md).
pub const SCHEMA_VERSION: &str = "1.0";

/// Arguments of `vigil run`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    scenario: Option<PathBuf>,
    /// Output folder (default: ./vigil-out/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Monte Carlo run index (selects the random streams).
    #[arg(long, default_value_t = 0)]
    run: u32,
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let r = run_scenario(&s, a.run).map_err(|e| Failure::Input(e.to_string()))?;
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("vigil-out").join(&s.name));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Compute(format!("{}: {e}", dir.display())))?;
    print_table(&s, &r);
    let io = |e: std::io::Error| Failure::Compute(format!("writing to {}: {e}", dir.display()));
    let report = report_json(&s, &r);
    std::fs::write(
        dir.join("report.json"),
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    )
    .map_err(io)?;
    write_alerts(&dir.join("alerts.csv"), &s, &r).map_err(io)?;
    crate::detections::write_csv(&dir.join("detections.csv"), &s, &r.detections).map_err(io)?;
    for (i, o) in r.architectures.iter().enumerate() {
        crate::track::write_tracks(
            &dir.join(format!("tracks-{}.csv", s.architectures[i].id)),
            &s,
            &o.tracking.rows,
        )
        .map_err(io)?;
    }
    vigil_report::run_outputs::write_run_outputs(&dir, &s, &r)
        .map_err(|e| Failure::Compute(format!("writing maps to {}: {e}", dir.display())))?;
    println!(
        "\nfiles in {}: report.json, alerts.csv, detections.csv, tracks-<architecture>.csv, run.geojson, run.czml, map.png",
        dir.display()
    );
    Ok(())
}

fn minutes(x: Option<f64>) -> String {
    x.map_or("—".into(), |s| format!("{:.1}", s / 60.0))
}

fn after(x: Option<f64>, t0: f64) -> String {
    x.map_or("—".into(), |t| format!("+{:.0}", t - t0))
}

/// The headline: per launch and architecture, when it was seen, tracked and correctly
/// announced, how far off the impact prediction was then, and the warning left; then what
/// the integrated architecture adds.
fn print_table(s: &Scenario, r: &RunResult) {
    println!(
        "Scenario {:?} (seed {}): times in s after launch; warning = impact − first correct alert",
        s.name, s.seed
    );
    println!(
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
    );
    for (l, launch) in s.launches.iter().enumerate() {
        for (i, o) in r.architectures.iter().enumerate() {
            let x = &o.launches[l];
            println!(
                "{:<18} {:<13} {:>7.0} {:>7} {:>7} {:>7} {:>9} {:>12} {:>9}",
                if i == 0 { launch.id.as_str() } else { "" },
                s.architectures[i].id,
                x.impact_time_s - launch.time_s,
                after(x.first_detection_s, launch.time_s),
                after(x.first_track_s, launch.time_s),
                after(x.first_alert_s, launch.time_s),
                x.impact_error_km.map_or("—".into(), |e| format!("{e:.1}")),
                minutes(x.warning_time_s),
                minutes(x.first_launch_alert_s.map(|t| x.impact_time_s - t)),
            );
        }
    }
    // What the largest architecture adds over each single-network one, per launch.
    let Some(big) = (0..s.architectures.len())
        .max_by_key(|&i| (s.architectures[i].networks.len(), usize::MAX - i))
    else {
        return;
    };
    let singles: Vec<usize> = (0..s.architectures.len())
        .filter(|&i| s.architectures[i].networks.len() == 1)
        .collect();
    if s.architectures[big].networks.len() < 2 || singles.is_empty() {
        return;
    }
    let names: Vec<String> = singles
        .iter()
        .map(|&i| format!("vs {}", s.architectures[i].id))
        .collect();
    println!(
        "\nWarning gained by {:?}, minutes (\"new\": only the integrated architecture warns):",
        s.architectures[big].id
    );
    println!(
        "  {:<18} {}",
        "launch",
        names.iter().map(|n| format!("{n:>12}")).collect::<String>()
    );
    for (l, launch) in s.launches.iter().enumerate() {
        let joint = r.architectures[big].launches[l].warning_time_s;
        let cells: String = singles
            .iter()
            .map(|&i| {
                let cell = match (joint, r.architectures[i].launches[l].warning_time_s) {
                    (Some(j), Some(b)) => format!("{:+.1}", (j - b) / 60.0),
                    (Some(_), None) => "new".into(),
                    (None, _) => "—".into(),
                };
                format!("{cell:>12}")
            })
            .collect();
        println!("  {:<18} {cells}", launch.id);
    }
}

fn alert_json(s: &Scenario, a: &Alert) -> Value {
    json!({
        "t_s": a.t_s,
        "kind": a.kind.name(),
        "track": a.track,
        "sensors": a.sensors.iter().map(|i| s.sensors[*i as usize].id.clone()).collect::<Vec<_>>(),
        "area": a.area.map(|i| s.defended_areas[i].id.clone()),
        "probability": a.probability,
        "launch_point": a.launch_point.map(|g| json!({"lat_deg": g.lat_deg(), "lon_deg": g.lon_deg()})),
        "azimuth_deg": a.azimuth_rad.map(f64::to_degrees),
        "impact": a.impact.map(|p| {
            let e = p.ellipse_95();
            json!({
                "lat_deg": p.point.lat_deg(), "lon_deg": p.point.lon_deg(), "t_s": p.t_s, "t_sigma_s": p.t_sigma_s,
                "ellipse_95": {"semi_major_km": e.semi_major_m / 1e3, "semi_minor_km": e.semi_minor_m / 1e3, "major_azimuth_deg": e.major_azimuth_rad.to_degrees()},
            })
        }),
    })
}

/// `report.json`: versioned, documented in docs/report-schema.md.
pub fn report_json(s: &Scenario, r: &RunResult) -> Value {
    let archs: Vec<Value> = r
        .architectures
        .iter()
        .enumerate()
        .map(|(i, o): (usize, &ArchitectureOutcome)| {
            let launches: Vec<Value> = s
                .launches
                .iter()
                .zip(&o.launches)
                .map(|(l, x)| {
                    json!({
                        "launch_id": l.id,
                        "missile": l.class.id,
                        "launch_time_s": l.time_s,
                        "impact_time_s": x.impact_time_s,
                        "impact_lat_deg": x.impact_point.lat_deg(),
                        "impact_lon_deg": x.impact_point.lon_deg(),
                        "threatened_areas": x.threatened_areas.iter().map(|k| s.defended_areas[*k].id.clone()).collect::<Vec<_>>(),
                        "first_detection_s": x.first_detection_s,
                        "first_track_s": x.first_track_s,
                        "first_launch_alert_s": x.first_launch_alert_s,
                        "first_alert_s": x.first_alert_s,
                        "warning_time_s": x.warning_time_s,
                        "detection_warning_s": x.first_detection_s.map(|t| x.impact_time_s - t),
                        "track_warning_s": x.first_track_s.map(|t| x.impact_time_s - t),
                        "launch_alert_warning_s": x.first_launch_alert_s.map(|t| x.impact_time_s - t),
                        "impact_error_km": x.impact_error_km,
                        "alerts": x.alerts.iter().map(|k| alert_json(s, &o.alerts[*k])).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let t = &o.tracking;
            json!({
                "id": s.architectures[i].id,
                "networks": s.architectures[i].networks.iter().map(|n| s.networks[*n].clone()).collect::<Vec<_>>(),
                "fusion": match s.architectures[i].fusion { vigil_sim::scenario::file::FusionSpec::Central => "central", vigil_sim::scenario::file::FusionSpec::Track => "track" },
                "launches": launches,
                "tracking": {
                    "detections": t.detections, "confirmed_tracks": t.confirmed_tracks,
                    "position_rmse_m": t.position_rmse_m, "velocity_rmse_mps": t.velocity_rmse_mps,
                    "false_tracks": t.quality.false_tracks, "missed_objects": t.quality.missed_objects,
                    "mean_gospa_m": t.mean_gospa_m,
                },
                "alerts_total": o.alerts.len(),
                "raid": raid_json(s, o),
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "scenario": s.name,
        "description": s.description,
        "seed": s.seed,
        "epoch": s.epoch.to_string(),
        "duration_s": s.duration_s,
        "architectures": archs,
    })
}

/// Raid assessment from the alerts alone (what the warning centre knows, no truth): launch
/// events seen by infrared with their areas, tracks predicted to come down, and per defended
/// area the tracks threatening it.
fn raid_json(s: &Scenario, o: &ArchitectureOutcome) -> Value {
    use vigil_warning::alerts::AlertKind;
    let launches: Vec<Value> = o
        .alerts
        .iter()
        .filter(|a| a.kind == AlertKind::LaunchDetected && a.azimuth_rad.is_none())
        .map(|a| json!({"t_s": a.t_s, "lat_deg": a.launch_point.map(|g| g.lat_deg()), "lon_deg": a.launch_point.map(|g| g.lon_deg())}))
        .collect();
    let mut latest: std::collections::BTreeMap<u64, Option<usize>> =
        std::collections::BTreeMap::new();
    for a in &o.alerts {
        if let (Some(t), AlertKind::ImpactPredicted | AlertKind::Updated) = (a.track, a.kind) {
            latest.insert(t, a.area);
        } else if let (Some(t), AlertKind::Cancelled) = (a.track, a.kind) {
            latest.remove(&t);
        }
    }
    let areas: Vec<Value> = s
        .defended_areas
        .iter()
        .enumerate()
        .map(|(k, d)| json!({"area": d.id, "threatening_tracks": latest.values().filter(|a| **a == Some(k)).count()}))
        .collect();
    json!({
        "launch_events": launches.len(),
        "launches": launches,
        "tracks_with_impact_predictions": latest.len(),
        "areas": areas,
    })
}

fn write_alerts(path: &Path, s: &Scenario, r: &RunResult) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "architecture,t_s,kind,track,area,probability,impact_lat_deg,impact_lon_deg,impact_t_s,semi_major_km,semi_minor_km,major_azimuth_deg,launch_lat_deg,launch_lon_deg,azimuth_deg,sensors,launch"
    )?;
    for (i, o) in r.architectures.iter().enumerate() {
        for (a, l) in o.alerts.iter().zip(&o.alert_launch) {
            let f = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
            let e = a.impact.map(|p| p.ellipse_95());
            writeln!(
                w,
                "{},{:.3},{},{},{},{:.4},{},{},{},{},{},{},{},{},{},{},{}",
                s.architectures[i].id,
                a.t_s,
                a.kind.name(),
                a.track.map_or(String::new(), |t| t.to_string()),
                a.area
                    .map_or(String::new(), |k| s.defended_areas[k].id.clone()),
                a.probability,
                f(a.impact.map(|p| p.point.lat_deg())),
                f(a.impact.map(|p| p.point.lon_deg())),
                f(a.impact.map(|p| p.t_s)),
                f(e.map(|e| e.semi_major_m / 1e3)),
                f(e.map(|e| e.semi_minor_m / 1e3)),
                f(e.map(|e| e.major_azimuth_rad.to_degrees())),
                f(a.launch_point.map(|g| g.lat_deg())),
                f(a.launch_point.map(|g| g.lon_deg())),
                f(a.azimuth_rad.map(f64::to_degrees)),
                a.sensors
                    .iter()
                    .map(|k| s.sensors[*k as usize].id.clone())
                    .collect::<Vec<_>>()
                    .join(";"),
                l.map_or("false-alarm".to_string(), |k| s.launches[k as usize]
                    .id
                    .clone()),
            )?;
        }
    }
    w.flush()
}
