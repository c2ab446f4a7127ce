//! `vigil detections`: what each sensor detects of a scenario's launches, and when.

use crate::Failure;
use crate::scenario_args::load;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use vigil_sensors::{Detection, Measurement, Truth};
use vigil_sim::detect::detect;
use vigil_sim::scenario::Scenario;
use vigil_sim::truth::{fly_launches, targets};

/// Arguments of `vigil detections`.
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
    let flown = fly_launches(&s).map_err(|e| Failure::Input(e.to_string()))?;
    let t = targets(&flown);
    let (detections, summaries) = detect(&s, &t, s.launches.len(), a.run);
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("vigil-out").join(&s.name));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Compute(format!("{}: {e}", dir.display())))?;
    let io = |e: std::io::Error| Failure::Compute(format!("writing to {}: {e}", dir.display()));
    write_csv(&dir.join("detections.csv"), &s, &detections).map_err(io)?;
    write_jsonl(&dir.join("detections.jsonl"), &s, &detections).map_err(io)?;
    println!(
        "{} detections of {} launches by {} sensors → {}",
        detections.len(),
        s.launches.len(),
        s.sensors.len(),
        dir.display()
    );
    println!(
        "{:<12} {:<8} {:>7} {:>10} {:>12}  first detection (s after launch)",
        "sensor", "network", "looks", "detections", "false alarms"
    );
    for (m, x) in s.sensors.iter().zip(&summaries) {
        let firsts: Vec<String> = s
            .launches
            .iter()
            .zip(&x.first_detection_s)
            .filter_map(|(l, t)| t.map(|t| format!("{} +{:.0}", l.id, t - l.time_s)))
            .collect();
        println!(
            "{:<12} {:<8} {:>7} {:>10} {:>12}  {}",
            m.id,
            s.networks[m.network],
            x.looks,
            x.detections,
            x.false_alarms,
            if firsts.is_empty() {
                "—".to_string()
            } else {
                firsts.join(", ")
            }
        );
    }
    Ok(())
}

fn truth_label(s: &Scenario, t: &Truth) -> String {
    match t {
        Truth::FalseAlarm => "false-alarm".into(),
        Truth::Object { launch, object } => {
            format!("{}/{}", s.launches[*launch as usize].id, object)
        }
    }
}

/// CSV, one detection a row; angles in degrees, the covariance as standard deviations.
pub fn write_csv(path: &Path, s: &Scenario, d: &[Detection]) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "t_s,sensor,network,kind,range_m,azimuth_deg,elevation_deg,range_rate_mps,alpha_deg,delta_deg,\
         sigma_range_m,sigma_angle_mrad,sigma_range_rate_mps,sigma_los_urad,sensor_x_m,sensor_y_m,sensor_z_m,snr_db,truth"
    )?;
    let opt = |x: Option<f64>, p: usize| x.map_or(String::new(), |v| format!("{v:.p$}"));
    for x in d {
        let sensor = &s.sensors[x.tag.sensor as usize].id;
        let network = &s.networks[x.tag.network as usize];
        let truth = truth_label(s, &x.truth);
        match x.measurement {
            Measurement::Radar {
                site,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                sigma_range_m,
                sigma_angle_rad,
                sigma_range_rate_mps,
            } => {
                let [sx, sy, sz] = site.to_array();
                writeln!(
                    w,
                    "{:.3},{sensor},{network},radar,{range_m:.2},{:.6},{:.6},{},,,{sigma_range_m:.3},{:.4},{},,{sx:.2},{sy:.2},{sz:.2},{:.2},{truth}",
                    x.t_s,
                    azimuth_rad.to_degrees(),
                    elevation_rad.to_degrees(),
                    opt(range_rate_mps, 3),
                    sigma_angle_rad * 1e3,
                    opt(sigma_range_rate_mps, 3),
                    x.snr_db
                )?;
            }
            Measurement::LineOfSight {
                observer,
                alpha_rad,
                delta_rad,
                sigma_rad,
            } => {
                let [sx, sy, sz] = observer.to_array();
                writeln!(
                    w,
                    "{:.3},{sensor},{network},infrared,,,,,{:.7},{:.7},,,,{:.2},{sx:.2},{sy:.2},{sz:.2},{:.2},{truth}",
                    x.t_s,
                    alpha_rad.to_degrees(),
                    delta_rad.to_degrees(),
                    sigma_rad * 1e6,
                    x.snr_db
                )?;
            }
        }
    }
    w.flush()
}

/// JSON Lines, one detection a line, SI units, with the measurement covariance.
pub fn write_jsonl(path: &Path, s: &Scenario, d: &[Detection]) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for x in d {
        let c = x.measurement.covariance();
        let (measurement, cov) = match x.measurement {
            Measurement::Radar {
                site,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                ..
            } => (
                json!({"kind": "radar", "sensor_ecef_m": site.to_array(), "range_m": range_m, "azimuth_rad": azimuth_rad,
                       "elevation_rad": elevation_rad, "range_rate_mps": range_rate_mps}),
                if range_rate_mps.is_some() { 4 } else { 3 },
            ),
            Measurement::LineOfSight {
                observer,
                alpha_rad,
                delta_rad,
                ..
            } => (
                json!({"kind": "line_of_sight", "sensor_ecef_m": observer.to_array(), "alpha_rad": alpha_rad, "delta_rad": delta_rad}),
                2,
            ),
        };
        let covariance: Vec<Vec<f64>> = (0..cov)
            .map(|i| (0..cov).map(|j| c[(i, j)]).collect())
            .collect();
        let line = json!({
            "t_s": x.t_s,
            "sensor": s.sensors[x.tag.sensor as usize].id,
            "network": s.networks[x.tag.network as usize],
            "measurement": measurement,
            "covariance": covariance,
            "snr_db": x.snr_db,
            "truth": truth_label(s, &x.truth),
        });
        writeln!(w, "{line}")?;
    }
    w.flush()
}
