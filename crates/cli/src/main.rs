//! `vigil`: the command-line front end of the Vigil early-warning modeller.
//!
//! Exit codes: 0 success; 1 the computation failed (e.g. integration error);
//! 2 bad input (command line, values out of range, unreachable target).

mod model_args;
mod output;
mod propagate;
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
    /// Fly an Earth-fixed state to the ground: impact point and time, apogee, samples.
    Propagate(propagate::Args),
    /// Fly a missile class (or an impulsive burnout) from one point to another.
    Trajectory(trajectory::Args),
}

/// A failure with the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// The input was wrong (exit code 2).
    Input(String),
    /// The computation failed (exit code 1).
    Compute(String),
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Input(_) => ExitCode::from(2),
            Failure::Compute(_) => ExitCode::from(1),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Propagate(a) => propagate::run(&a),
        Command::Trajectory(a) => trajectory::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let (Failure::Input(m) | Failure::Compute(m)) = &f;
            eprintln!("error: {m}");
            f.exit_code()
        }
    }
}
