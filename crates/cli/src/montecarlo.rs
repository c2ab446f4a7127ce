//! `vigil montecarlo` and `vigil merge`: many runs of a scenario, in parallel and optionally in
//! shards (`--shard K/N` over N processes or machines), one CSV row per run × launch ×
//! architecture, and summaries; `merge` joins shard outputs into exactly what one process
//! would have written.

use crate::Failure;
use crate::scenario_args::load;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};
use vigil_sim::montecarlo::{Row, run_many, summarise};
use vigil_sim::scenario::Scenario;

/// Arguments of `vigil montecarlo`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    scenario: Option<PathBuf>,
    /// Number of runs (run indices 0 … N−1; each selects its own random streams).
    #[arg(long, default_value_t = 100)]
    runs: u32,
    /// Compute only shard K of N (1-based K): a contiguous block of run indices.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Output folder (default: ./vigil-out/<scenario name>/montecarlo/).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Arguments of `vigil merge`.
#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// Shard output folders (each with runs.csv).
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    /// Scenario file the shards ran (for names); the built-in default when absent.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

/// The block of `0..runs` that `--shard K/N` (1-based K) selects.
pub(crate) fn parse_shard(text: &str, runs: u32) -> Result<std::ops::Range<u32>, Failure> {
    let bad = || Failure::Input(format!("--shard takes K/N with 1 ≤ K ≤ N, got {text:?}"));
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    let start = (u64::from(runs) * u64::from(k - 1) / u64::from(n)) as u32;
    let end = (u64::from(runs) * u64::from(k) / u64::from(n)) as u32;
    Ok(start..end)
}

/// Runs `vigil montecarlo`.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let range = match &a.shard {
        Some(t) => parse_shard(t, a.runs)?,
        None => 0..a.runs,
    };
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("vigil-out").join(&s.name).join("montecarlo"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Compute(format!("{}: {e}", dir.display())))?;
    let io = |e: std::io::Error| Failure::Compute(format!("writing to {}: {e}", dir.display()));
    let mut w = std::io::BufWriter::new(std::fs::File::create(dir.join("runs.csv")).map_err(io)?);
    write_header(&mut w).map_err(io)?;
    let bar = ProgressBar::with_draw_target(
        Some(u64::from(range.end - range.start)),
        ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {per_sec}, ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut all: Vec<Row> = Vec::new();
    let mut failure = None;
    let result = run_many(&s, range.clone(), 256, |rows| {
        if failure.is_none() {
            if let Err(e) = write_rows(&mut w, &s, rows) {
                failure = Some(e);
            }
        }
        // Only the summary's inputs are kept (a few numbers per row), not the runs.
        all.extend_from_slice(rows);
        bar.inc(
            rows.iter()
                .map(|r| r.run)
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u64,
        );
    });
    bar.finish_and_clear();
    result.map_err(|e| Failure::Input(e.to_string()))?;
    if let Some(e) = failure {
        return Err(io(e));
    }
    w.flush().map_err(io)?;
    finish(&dir, &s, &all, range.end - range.start)
}

/// Writes summary.csv and prints the table.
fn finish(dir: &Path, s: &Scenario, rows: &[Row], runs: u32) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure::Compute(format!("writing to {}: {e}", dir.display()));
    #[cfg(feature = "parquet")]
    crate::parquet_out::write_rows(&dir.join("runs.parquet"), s, rows)
        .map_err(|e| Failure::Compute(format!("runs.parquet: {e}")))?;
    let summaries = summarise(rows, s.launches.len(), s.architectures.len());
    let mut w =
        std::io::BufWriter::new(std::fs::File::create(dir.join("summary.csv")).map_err(io)?);
    writeln!(w, "launch,architecture,runs,p_detected,p_warning,p_false_alert,mean_warning_s,p5_warning_s,p50_warning_s,p95_warning_s").map_err(io)?;
    println!(
        "{runs} runs of {:?}: warning time in minutes (runs without warning count as 0 in the percentiles)",
        s.name
    );
    println!(
        "{:<18} {:<13} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "launch", "architecture", "P(det)", "P(warn)", "P(false)", "mean", "p5", "p50", "p95"
    );
    for x in &summaries {
        let (l, a) = (
            &s.launches[x.launch].id,
            &s.architectures[x.architecture].id,
        );
        let [p5, p50, p95] = x.warning_percentiles_s;
        writeln!(
            w,
            "{l},{a},{},{},{},{},{},{p5},{p50},{p95}",
            x.runs,
            x.p_detected,
            x.p_warning,
            x.p_false_alert,
            x.mean_warning_s.map_or(String::new(), |m| m.to_string()),
        )
        .map_err(io)?;
        println!(
            "{:<18} {:<13} {:>7.3} {:>7.3} {:>7.3} {:>7} {:>7.1} {:>7.1} {:>7.1}",
            l,
            a,
            x.p_detected,
            x.p_warning,
            x.p_false_alert,
            x.mean_warning_s
                .map_or("—".into(), |m| format!("{:.1}", m / 60.0)),
            p5 / 60.0,
            p50 / 60.0,
            p95 / 60.0
        );
    }
    w.flush().map_err(io)?;
    let charts = vigil_report::charts::write_warning_charts(
        dir,
        &s.name,
        &s.launches.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
        &s.architectures
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>(),
        rows,
    )
    .map_err(|e| Failure::Compute(e.to_string()))?;
    println!(
        "files in {}: runs.csv, summary.csv{}",
        dir.display(),
        charts
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| format!(", {}", n.to_string_lossy()))
            .collect::<String>()
    );
    Ok(())
}

fn write_header(w: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        w,
        "run,launch,architecture,first_detection_s,first_track_s,first_alert_s,warning_time_s,impact_error_km,false_alert"
    )
}

/// Rows with shortest round-trip floats, so that `merge` reads back exactly the same numbers.
fn write_rows(w: &mut impl Write, s: &Scenario, rows: &[Row]) -> std::io::Result<()> {
    let f = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for r in rows {
        writeln!(
            w,
            "{},{},{},{},{},{},{},{},{}",
            r.run,
            s.launches[r.launch].id,
            s.architectures[r.architecture].id,
            f(r.first_detection_s),
            f(r.first_track_s),
            f(r.first_alert_s),
            f(r.warning_time_s),
            f(r.impact_error_km),
            r.false_alert
        )?;
    }
    Ok(())
}

fn read_rows(path: &Path, s: &Scenario) -> Result<Vec<Row>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    let bad =
        |n: usize, what: &str| Failure::Input(format!("{}:{}: {what}", path.display(), n + 1));
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c.len() != 9 {
            return Err(bad(n, "expected 9 columns"));
        }
        let opt = |x: &str| -> Result<Option<f64>, Failure> {
            if x.is_empty() {
                Ok(None)
            } else {
                x.parse().map(Some).map_err(|_| bad(n, "not a number"))
            }
        };
        rows.push(Row {
            run: c[0].parse().map_err(|_| bad(n, "bad run index"))?,
            launch: s
                .launches
                .iter()
                .position(|l| l.id == c[1])
                .ok_or_else(|| bad(n, "unknown launch for this scenario"))?,
            architecture: s
                .architectures
                .iter()
                .position(|a| a.id == c[2])
                .ok_or_else(|| bad(n, "unknown architecture for this scenario"))?,
            first_detection_s: opt(c[3])?,
            first_track_s: opt(c[4])?,
            first_alert_s: opt(c[5])?,
            warning_time_s: opt(c[6])?,
            impact_error_km: opt(c[7])?,
            false_alert: c[8] == "true",
        });
    }
    Ok(rows)
}

/// Runs `vigil merge`.
pub fn merge(a: &MergeArgs) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let mut rows = Vec::new();
    for dir in &a.shards {
        rows.extend(read_rows(&dir.join("runs.csv"), &s)?);
    }
    // Runs in order, rows of a run in the runner's order (architecture-major, then launch).
    rows.sort_by_key(|r| (r.run, r.architecture, r.launch));
    let mut seen = std::collections::BTreeSet::new();
    for r in &rows {
        if !seen.insert((r.run, r.architecture, r.launch)) {
            return Err(Failure::Input(format!(
                "run {} appears in more than one shard",
                r.run
            )));
        }
    }
    std::fs::create_dir_all(&a.out)
        .map_err(|e| Failure::Compute(format!("{}: {e}", a.out.display())))?;
    let io = |e: std::io::Error| Failure::Compute(format!("writing to {}: {e}", a.out.display()));
    let mut w = std::io::BufWriter::new(std::fs::File::create(a.out.join("runs.csv")).map_err(io)?);
    write_header(&mut w).map_err(io)?;
    write_rows(&mut w, &s, &rows).map_err(io)?;
    w.flush().map_err(io)?;
    let runs = rows
        .iter()
        .map(|r| r.run)
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u32;
    finish(&a.out, &s, &rows, runs)
}
