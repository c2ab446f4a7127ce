//! `vigil trajectory` (in progress).

use crate::Failure;

/// Arguments of `vigil trajectory`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs the command.
pub fn run(_a: &Args) -> Result<(), Failure> {
    Err(Failure::Compute("not yet available".into()))
}
