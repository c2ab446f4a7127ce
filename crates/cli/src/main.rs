//! `vigil`: the command-line front end of the Vigil early-warning modeller.
//!
//! Exit codes: 0 success; 1 the computation failed (e.g. integration error);
//! 2 bad input (command line, values out of range, unreachable target).

mod check;
mod coverage;
mod detections;
mod model_args;
mod montecarlo;
mod output;
#[cfg(feature = "parquet")]
mod parquet_out;
mod propagate;
mod run;
mod scenario_args;
mod sweep;
mod sweep_points;
mod track;
mod trajectory;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Vigil — ballistic-missile early-warning modeller (illustrative, public textbook physics).
#[derive(Parser, Debug)]
#[command(name = "vigil", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Input(_) | Failure::Problems(_) => ExitCode::from(2),
            Failure::Compute(_) => ExitCode::from(1),
        }
    }
}

fn main() -> ExitCode {
    // Output piped into a program that stops reading (`vigil run | head`) is not an error:
    // leave quietly with the shell's SIGPIPE status instead of a panic message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        if message.contains("failed printing to stdout") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            match &f {
                Failure::Input(m) | Failure::Compute(m) => eprintln!("error: {m}"),
                Failure::Problems(report) => eprintln!("{report}"),
            }
            f.exit_code()
        }
    }
}
