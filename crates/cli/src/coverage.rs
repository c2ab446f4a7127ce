//! `vigil coverage`: where each radar face can see a target at a given altitude, as GeoJSON
//! and a PNG map.

use crate::Failure;
use crate::interrupt::Interrupt;
use crate::scenario_args::load;
use std::path::PathBuf;
use vigil_report::formats::{CommandManifest, command_manifest_name, remove_manifest_named};
use vigil_report::render_png;
use vigil_report::scenario_layers::{coverage_map, write_coverage_geojson};
use vigil_sim::coverage::radar_footprints;

/// Arguments of `vigil coverage`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    scenario: Option<PathBuf>,
    /// Target altitude, km.
    #[arg(long, default_value_t = 500.0, allow_hyphen_values = true)]
    altitude_km: f64,
    /// Output folder (default: ./vigil-out/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Map projection: auto (equirectangular: coverage maps have no routes), azimuthal or
    /// equirectangular.
    #[arg(long, default_value = "auto")]
    projection: vigil_report::Projection,
}

/// Runs the command: the footprints are one block of work, so SIGINT/SIGTERM lets it finish
/// and write its files and `manifest-coverage-<altitude>km.json`, then exit 130/143.
pub fn run(a: &Args) -> Result<(), Failure> {
    if !(a.altitude_km >= 0.0 && a.altitude_km <= 40_000.0) {
        return Err(Failure::Input(format!(
            "--altitude-km must be between 0 and 40,000, got {}",
            a.altitude_km
        )));
    }
    let interrupt = Interrupt::install()?;
    let (src, s) = load(a.scenario.as_ref())?;
    let footprints = radar_footprints(&s, a.altitude_km * 1e3);
    let dir = crate::out_dir(a.out.as_ref(), &[&s.name])?;
    let stem = format!("coverage-{}km", a.altitude_km);
    let manifest = command_manifest_name(&stem);
    remove_manifest_named(&dir, &manifest)?;
    let geojson = dir.join(format!("{stem}.geojson"));
    write_coverage_geojson(&geojson, &s, &footprints, a.altitude_km)?;
    let mut map = coverage_map(&s, &footprints, a.altitude_km);
    map.projection = a.projection;
    let png = dir.join(format!("{stem}.png"));
    render_png(&map, &png).map_err(|e| Failure::Compute(format!("{}: {e}", png.display())))?;
    CommandManifest::new(
        "coverage",
        &s,
        &src.text,
        None,
        &[geojson.clone(), png.clone()],
    )
    .write(&dir, &manifest)?;
    interrupt.check_manifest(&dir, &manifest)?;
    let faces = footprints.iter().filter(|f| f.ring.len() >= 4).count();
    crate::say!(
        "{faces} radar face footprints at {} km → {} and {}",
        a.altitude_km,
        geojson.display(),
        png.display()
    );
    Ok(())
}
