//! `vigil`: the command-line front end of the Vigil early-warning modeller.
//!
//! Exit codes: 0 success; 1 the computation failed (e.g. integration error);
//! 2 bad input (command line, values out of range, unreachable target, an option that cannot
//! be honoured or does not apply to the mode, an output that would overwrite an input, shards
//! that do not belong together, a budget exceeded without `--over-budget`, a file too large);
//! 130/143 `run`, `montecarlo`, `sweep`, `detections`, `track` or `coverage` stopped by
//! SIGINT/SIGTERM after writing the work done, marked incomplete; 141 standard output closed
//! by its reader.

mod bus;
mod check;
mod coverage;
mod detections;
mod interrupt;
mod model_args;
mod montecarlo;
mod propagate;
mod run;
mod scenario_args;
mod serve;
mod sweep;
mod track;
mod trajectory;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_report::MapError;
use vigil_report::formats::FormatError;

/// Writes a line to standard output (like `println!`), returning [`Failure::Closed`] from the
/// enclosing function when the reader has gone (`vigil run | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).map_err($crate::Failure::stdout)?
    }};
}
pub(crate) use say;

/// Vigil — ballistic-missile early-warning modeller (illustrative, public textbook physics).
#[derive(Parser, Debug)]
#[command(name = "vigil", version, about, long_about = None)]
struct Cli {
    /// Run past a budget instead of refusing: a scenario's false alarms, the samples of a
    /// path (`--samples`), the detections of one scan of the generic tracker. The work may
    /// then take hours or exhaust memory.
    #[arg(long, global = true)]
    over_budget: bool,
    #[command(subcommand)]
    command: Command,
}

/// Whether `--over-budget` was given (set once, before the command runs).
static OVER_BUDGET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the user chose to run past budgets (`--over-budget`).
pub fn over_budget() -> bool {
    OVER_BUDGET.load(std::sync::atomic::Ordering::Relaxed)
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The main job: truth, detections, tracking and warning for every architecture; the
    /// warning-time table and the run's files.
    Run(run::Args),
    /// Many runs of a scenario (parallel, shardable): warning-time distributions per launch and
    /// architecture.
    Montecarlo(montecarlo::Args),
    /// Join the outputs of `montecarlo --shard K/N` runs into one.
    Merge(montecarlo::MergeArgs),
    /// Warning time over a launch area for every architecture: grid, heat and difference maps.
    Sweep(sweep::Args),
    /// Fly an Earth-fixed state to the ground: impact point and time, apogee, samples.
    Propagate(propagate::Args),
    /// Fly a missile class (or an impulsive burnout) from one point to another.
    Trajectory(trajectory::Args),
    /// Check a scenario file: every problem with file, line, column and rule.
    Check(check::Args),
    /// Print the JSON Schema of scenario files (for editor completion).
    Schema,
    /// Simulate a scenario's sensors: every detection (CSV, JSON Lines) and a per-sensor table.
    Detections(detections::Args),
    /// Where each radar face sees a target at an altitude: GeoJSON and a PNG map.
    Coverage(coverage::Args),
    /// Track a scenario's architectures (or generic Cartesian measurements from CSV).
    Track(track::Args),
    /// Run a live exercise: HTTP/WebSocket server, injects, acknowledgements, event log.
    Serve(serve::Args),
    /// After-action report of an exercise's event log: the files of `vigil run` and
    /// acknowledgement latencies.
    Aar(serve::AarArgs),
    /// Serve a recorded exercise from its log (pause, speed, seek), recomputing nothing.
    Replay(serve::ReplayArgs),
    /// Run one network as its own process: its sensors, trackers and warning, publishing on a
    /// NATS JetStream bus what its sharing policy allows.
    Node(bus::NodeArgs),
    /// Run an architecture's integration centre on its partners' streams (or, without --bus,
    /// its nodes too, in this process); write the files of `vigil run` for it.
    Fusion(bus::FusionArgs),
    /// Write a NATS server configuration whose users and permissions enforce the scenario's
    /// sharing policy.
    BusConfig(bus::ConfigArgs),
    /// Relay an integration centre's picture from the bus to a TAK server as Cursor-on-Target
    /// events.
    Cot(bus::CotArgs),
}

/// A failure with the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// The input was wrong (exit code 2).
    Input(String),
    /// A scenario file has problems, already rendered one per entry (exit code 2).
    Problems(String),
    /// The computation failed (exit code 1).
    Compute(String),
    /// Standard output was closed by its reader: not an error, the command stops quietly
    /// with the shell's SIGPIPE status (141).
    Closed,
    /// Stopped by a signal after writing the work done (exit code 128 + signal, the message).
    Interrupted(u8, String),
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Input(_) | Failure::Problems(_) => ExitCode::from(2),
            Failure::Compute(_) => ExitCode::from(1),
            Failure::Closed => ExitCode::from(141),
            Failure::Interrupted(code, _) => ExitCode::from(*code),
        }
    }

    /// A failed write to standard output.
    fn stdout(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::Compute(format!("writing to standard output: {e}")),
        }
    }
}

impl From<FormatError> for Failure {
    fn from(e: FormatError) -> Self {
        match e {
            FormatError::Write { .. } => Failure::Compute(e.to_string()),
            _ => Failure::Input(e.to_string()),
        }
    }
}

impl From<MapError> for Failure {
    fn from(e: MapError) -> Self {
        Failure::Compute(e.to_string())
    }
}

/// The output folder: `out`, or `vigil-out/<default…>` with each default part made a plain
/// folder name ([`folder_name`](vigil_sim::scenario::ids::folder_name): a scenario called
/// `../../x` writes to `vigil-out/x/`, never outside `vigil-out/`); created if missing.
pub fn out_dir(out: Option<&PathBuf>, default: &[&str]) -> Result<PathBuf, Failure> {
    let dir = out.cloned().unwrap_or_else(|| {
        default.iter().fold(PathBuf::from("vigil-out"), |d, x| {
            d.join(vigil_sim::scenario::ids::folder_name(x))
        })
    });
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Compute(format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

/// Refuses to write `output` (called `what` in the message, e.g. "--out") when it is one of
/// the `inputs` (each called by its option): the same existing file through any path or
/// symbolic link. Vigil never overwrites an input.
pub fn refuse_overwrite(
    what: &str,
    output: &Path,
    inputs: &[(&str, &Path)],
) -> Result<(), Failure> {
    // A file that does not exist yet cannot be an input.
    let Ok(out) = output.canonicalize() else {
        return Ok(());
    };
    for (option, input) in inputs {
        if input.canonicalize().is_ok_and(|i| i == out) {
            return Err(Failure::Input(format!(
                "{what} {} is the {option} file {}: Vigil never overwrites an input",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// The index of the `what` (e.g. "architecture") called `id` among `ids`, or an input
/// failure listing the known ones.
pub fn find_id<'a>(
    what: &str,
    id: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> Result<usize, Failure> {
    ids.clone().position(|x| x == id).ok_or_else(|| {
        let known: Vec<&str> = ids.collect();
        Failure::Input(format!(
            "unknown {what} {id:?}; known: {}",
            known.join(", ")
        ))
    })
}

/// Prints a table (or any text that ends its own lines).
pub fn show(text: impl std::fmt::Display) -> Result<(), Failure> {
    use std::io::Write as _;
    write!(std::io::stdout(), "{text}").map_err(Failure::stdout)
}

/// Prints a value as pretty JSON.
pub fn print_json(v: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(v).map_err(|e| Failure::Compute(e.to_string()))?;
    say!("{text}");
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    OVER_BUDGET.store(cli.over_budget, std::sync::atomic::Ordering::Relaxed);
    let result = match cli.command {
        Command::Run(a) => run::run(&a),
        Command::Montecarlo(a) => montecarlo::run(&a),
        Command::Merge(a) => montecarlo::merge(&a),
        Command::Sweep(a) => sweep::run(&a),
        Command::Propagate(a) => propagate::run(&a),
        Command::Trajectory(a) => trajectory::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Schema => check::schema(),
        Command::Detections(a) => detections::run(&a),
        Command::Coverage(a) => coverage::run(&a),
        Command::Track(a) => track::run(&a),
        Command::Serve(a) => serve::serve(&a),
        Command::Node(a) => bus::node(&a),
        Command::Fusion(a) => bus::fusion(&a),
        Command::BusConfig(a) => bus::config(&a),
        Command::Cot(a) => bus::cot(&a),
        Command::Aar(a) => serve::aar(&a),
        Command::Replay(a) => serve::replay(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            match &f {
                Failure::Input(m) | Failure::Compute(m) => eprintln!("error: {m}"),
                Failure::Problems(report) => eprintln!("{report}"),
                Failure::Closed => {}
                Failure::Interrupted(_, m) => eprintln!("{m}"),
            }
            f.exit_code()
        }
    }
}
