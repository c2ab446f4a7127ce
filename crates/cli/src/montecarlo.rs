//! `vigil montecarlo` and `vigil merge`: many runs of a scenario, in parallel and optionally in
//! shards (`--shard K/N` over N processes or machines), one CSV row per run × launch ×
//! architecture, and summaries; `merge` joins shard outputs into exactly what one process
//! would have written.

use crate::interrupt::Interrupt;
use crate::scenario_args::load;
use crate::{Failure, out_dir, say, show};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use vigil_report::formats::montecarlo::{
    RunsManifest, RunsWriter, merge_shards, write_calibration, write_discrimination,
    write_false_warnings, write_runs, write_summary,
};
use vigil_report::formats::tables::{
    CalibrationTable, DiscriminationTable, FalseWarningTable, SummaryTable,
};
use vigil_sim::montecarlo::{
    Row, calibration, discrimination, false_warnings, run_many_while, summarise,
};
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
    /// Shard output folders (each with runs.csv and the manifest.json `montecarlo` writes last):
    /// same scenario file, seed and --runs, covering every run exactly once.
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    /// Scenario file the shards ran (for names); the built-in default when absent.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

/// The block of `0..n` that `--shard K/N` (1-based K) selects: `n·(K−1)/N .. n·K/N`, computed
/// in 128 bits so no `n`, `K` or `N` can wrap. Refused: anything but two whole numbers with
/// 1 ≤ K ≤ N, and N greater than `n` (some shards would be empty); `what` names the items
/// shared out ("runs", "grid points") in that message.
pub(crate) fn parse_shard(text: &str, n: u64, what: &str) -> Result<std::ops::Range<u64>, Failure> {
    let bad = || Failure::Input(format!("--shard takes K/N with 1 ≤ K ≤ N, got {text:?}"));
    let (k, of) = text.split_once('/').ok_or_else(bad)?;
    let (k, of): (u64, u64) = (
        k.trim().parse().map_err(|_| bad())?,
        of.trim().parse().map_err(|_| bad())?,
    );
    if of == 0 || k == 0 || k > of {
        return Err(bad());
    }
    if of > n {
        return Err(Failure::Input(format!(
            "--shard {text}: {of} shards of {n} {what} would leave some shards empty; use at most {n} shards"
        )));
    }
    // n·j/N ≤ n, so it fits back into u64.
    let at = |j: u64| u64::try_from(u128::from(n) * u128::from(j) / u128::from(of)).unwrap_or(n);
    Ok(at(k - 1)..at(k))
}

fn distinct_runs(rows: &[Row]) -> u32 {
    rows.iter().map(|r| r.run).collect::<BTreeSet<_>>().len() as u32
}

/// Runs `vigil montecarlo`.
pub fn run(a: &Args) -> Result<(), Failure> {
    if a.runs == 0 {
        return Err(Failure::Input("--runs must be at least 1".into()));
    }
    let interrupt = Interrupt::install()?;
    let (src, s) = load(a.scenario.as_ref())?;
    let range = match &a.shard {
        Some(t) => parse_shard(t, u64::from(a.runs), "runs")?,
        None => 0..u64::from(a.runs),
    };
    // Both ends are at most --runs, a u32.
    let index = |x: u64| u32::try_from(x).unwrap_or(a.runs);
    let range = index(range.start)..index(range.end);
    let dir = out_dir(a.out.as_ref(), &[&s.name, "montecarlo"])?;
    // The files of an earlier run go first (those its manifest lists); the folder is complete
    // again only when its new manifest is written, last.
    RunsManifest::remove(&dir)?;
    let mut w = RunsWriter::create(&dir.join("runs.csv"))?;
    let bar = ProgressBar::with_draw_target(
        Some(u64::from(range.end - range.start)),
        ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {per_sec}, ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut all: Vec<Row> = Vec::new();
    let mut written = Ok(());
    // A write error (a full disk) or a signal stops the work after the block under way.
    let end = run_many_while(&s, range.clone(), 256, |rows| {
        written = w.write(&s, rows);
        // Only the summary's inputs are kept (a few numbers per row), not the runs.
        all.extend_from_slice(rows);
        bar.inc(u64::from(distinct_runs(rows)));
        written.is_ok() && !interrupt.requested()
    });
    bar.finish_and_clear();
    let end = end.map_err(|e| Failure::Input(e.to_string()))?;
    written?;
    w.finish()?;
    let mut manifest = RunsManifest::new(&s, &src.text, a.runs, range.start..end);
    manifest.complete = end == range.end;
    manifest.files = finish(&dir, &s, &all, end - range.start)?;
    manifest.write(&dir)?;
    interrupt.check(&dir)
}

/// Runs `vigil merge`.
pub fn merge(a: &MergeArgs) -> Result<(), Failure> {
    let (src, s) = load(a.scenario.as_ref())?;
    let paths: Vec<PathBuf> = a.shards.iter().map(|d| d.join("runs.csv")).collect();
    let inputs: Vec<(&str, &Path)> = paths.iter().map(|p| ("shard", p.as_path())).collect();
    crate::refuse_overwrite("merge --out", &a.out.join("runs.csv"), &inputs)?;
    let (rows, mut manifest) = merge_shards(&a.shards, &s, &src.text)?;
    let dir = out_dir(Some(&a.out), &[])?;
    RunsManifest::remove(&dir)?;
    write_runs(&dir.join("runs.csv"), &s, &rows)?;
    manifest.files = finish(&dir, &s, &rows, manifest.runs)?;
    manifest.write(&dir)?;
    Ok(())
}

/// Writes summary.csv, calibration.csv (and runs.parquet, charts) and prints the tables;
/// returns the names of the folder's files (runs.csv and these) for its manifest.
fn finish(dir: &Path, s: &Scenario, rows: &[Row], runs: u32) -> Result<Vec<String>, Failure> {
    #[cfg(feature = "parquet")]
    vigil_report::formats::runs_parquet::write_runs_parquet(&dir.join("runs.parquet"), s, rows)?;
    let summaries = summarise(rows, s.launches.len(), s.architectures.len());
    write_summary(&dir.join("summary.csv"), s, &summaries)?;
    show(SummaryTable {
        scenario: s,
        runs,
        summaries: &summaries,
    })?;
    let cells = calibration(s, rows);
    write_calibration(&dir.join("calibration.csv"), s, &cells)?;
    show(CalibrationTable {
        scenario: s,
        cells: &cells,
    })?;
    let judged = discrimination(s, rows);
    write_discrimination(&dir.join("discrimination.csv"), s, &judged)?;
    show(DiscriminationTable {
        scenario: s,
        cells: &judged,
    })?;
    // Only scenarios that draw false events have false warnings to count.
    let fabricated = s.false_events.any();
    if fabricated {
        let counted = false_warnings(s, rows);
        write_false_warnings(&dir.join("false_warnings.csv"), s, &counted)?;
        show(FalseWarningTable {
            scenario: s,
            rows: &counted,
        })?;
    }
    let launches: Vec<String> = s.launches.iter().map(|l| l.id.clone()).collect();
    let archs: Vec<String> = s.architectures.iter().map(|a| a.id.clone()).collect();
    let charts = vigil_report::charts::write_warning_charts(dir, &s.name, &launches, &archs, rows)?;
    let names: String = charts
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| format!(", {}", n.to_string_lossy()))
        .collect();
    say!(
        "files in {}: runs.csv, summary.csv, calibration.csv, discrimination.csv{}{names}, manifest.json",
        dir.display(),
        if fabricated {
            ", false_warnings.csv"
        } else {
            ""
        }
    );
    let mut files = vec!["runs.csv".to_string()];
    if cfg!(feature = "parquet") {
        files.push("runs.parquet".into());
    }
    files.extend([
        "summary.csv".into(),
        "calibration.csv".into(),
        "discrimination.csv".into(),
    ]);
    if fabricated {
        files.push("false_warnings.csv".into());
    }
    files.extend(vigil_report::formats::file_names(
        charts.iter().map(PathBuf::as_path),
    ));
    Ok(files)
}
