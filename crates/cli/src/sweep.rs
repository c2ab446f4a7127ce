//! `vigil sweep`: warning time over a launch area, per architecture, and what combining
//! networks adds — GeoJSON grid, heat maps and difference maps, coverage figures of merit.

use crate::interrupt::Interrupt;
use crate::model_args::parse_numbers;
use crate::montecarlo::parse_shard;
use crate::scenario_args::load;
use crate::{Failure, find_id, out_dir, say, show};
use std::path::PathBuf;
use vigil_earth::Geodetic;
use vigil_flight::vehicle::builtin_class;
use vigil_report::formats::sweep::{
    SweepManifest, maps, merge_points, write_geojson, write_points,
};
use vigil_report::formats::tables::MeritTable;
use vigil_report::render_png;
use vigil_sim::sweep::{SweepSpec, grid, merits, sweep};

/// Arguments of `vigil sweep`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent. Its launches are replaced by
    /// one launch per grid point.
    scenario: Option<PathBuf>,
    /// Launch area: SOUTH_LAT,WEST_LON,NORTH_LAT,EAST_LON in degrees.
    #[arg(long, allow_hyphen_values = true, value_name = "S,W,N,E")]
    launch_area: String,
    /// Grid spacing, km.
    #[arg(long, default_value_t = 500.0)]
    grid_km: f64,
    /// Defended area aimed at (id).
    #[arg(long)]
    target: String,
    /// Missile class launched from every point.
    #[arg(long, default_value = "slbm-generic")]
    missile: String,
    /// Runs per point (warning times averaged over them).
    #[arg(long, default_value_t = 1)]
    runs_per_point: u32,
    /// Compute only shard K of N (1-based K): a contiguous block of grid points, written to
    /// points.csv (no maps); join the shards with `--merge`.
    #[arg(long, value_name = "K/N", conflicts_with = "merge")]
    shard: Option<String>,
    /// Instead of computing, join the points.csv of these shard folders (same scenario and
    /// grid arguments) and write what one process would.
    #[arg(long, num_args = 1.., value_name = "DIR")]
    merge: Vec<PathBuf>,
    /// Output folder (default: ./vigil-out/<scenario name>/sweep/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Map projection: auto (equirectangular: sweep maps have no routes), azimuthal or
    /// equirectangular.
    #[arg(long, default_value = "auto")]
    projection: vigil_report::Projection,
}

/// The grid and what flies from it, from the arguments.
fn spec(a: &Args, s: &vigil_sim::scenario::Scenario) -> Result<SweepSpec, Failure> {
    let [s_lat, w_lon, n_lat, e_lon] = parse_numbers::<4>("launch-area", &a.launch_area)?;
    let corner = |lat, lon| {
        Geodetic::from_degrees(lat, lon, 0.0)
            .map_err(|e| Failure::Input(format!("--launch-area: {e}")))
    };
    // West to east, across the antimeridian when E < W; E − W = 360 is the whole circle,
    // whose east corner is then put just short of the west one (the grid measures the width
    // from W eastwards, modulo 360°, and would find 0 for the full circle).
    let span = e_lon - w_lon;
    if span > 360.0 {
        return Err(Failure::Input(format!(
            "--launch-area: from west {w_lon}° to east {e_lon}° is more than 360° of longitude"
        )));
    }
    let e_lon = if span == 360.0 {
        w_lon + 360.0 - 1e-9
    } else {
        e_lon
    };
    if span == 0.0 {
        return Err(Failure::Input(format!(
            "--launch-area: the west and east longitudes are both {w_lon}°: the area has no width (for every longitude, give W and W+360)"
        )));
    }
    let corners = (corner(s_lat, w_lon)?, corner(n_lat, e_lon)?);
    if !(n_lat > s_lat) {
        return Err(Failure::Input(
            "--launch-area: the north latitude must be above the south one".into(),
        ));
    }
    if a.runs_per_point == 0 {
        return Err(Failure::Input("--runs-per-point must be at least 1".into()));
    }
    if !(a.grid_km >= 10.0 && a.grid_km.is_finite()) {
        return Err(Failure::Input(format!(
            "--grid-km must be at least 10, got {}",
            a.grid_km
        )));
    }
    let areas = s.defended_areas.iter().map(|d| d.id.as_str());
    let target_area = find_id("defended area", &a.target, areas)?;
    let class = builtin_class(&a.missile)
        .ok_or_else(|| Failure::Input(format!("unknown missile class {:?}", a.missile)))?;
    Ok(SweepSpec {
        corners,
        spacing_m: a.grid_km * 1e3,
        target_area,
        class,
        runs_per_point: a.runs_per_point,
    })
}

/// Grid points swept between two looks at the interrupt flag.
const BLOCK_POINTS: usize = 64;

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let interrupt = Interrupt::install()?;
    let (src, s) = load(a.scenario.as_ref())?;
    let spec = spec(a, &s)?;
    let cells = grid(&spec);
    let n = cells.len() as u64;
    let manifest = |block: std::ops::Range<u64>| SweepManifest::new(&s, &src.text, &spec, n, block);
    if cells.is_empty() {
        return Err(Failure::Input(format!(
            "--launch-area {} holds no grid point at --grid-km {}: points sit half a spacing inside the area, so it must be more than one spacing across; widen it or lower --grid-km",
            a.launch_area, a.grid_km
        )));
    }
    let dir = out_dir(a.out.as_ref(), &[&s.name, "sweep"])?;
    let points_csv = dir.join("points.csv");
    let start = std::time::Instant::now();
    let points = if a.merge.is_empty() {
        let block = match &a.shard {
            Some(t) => {
                let b = parse_shard(t, cells.len() as u64, "grid points")?;
                // Both ends are at most the number of cells, a usize.
                let index = |x: u64| usize::try_from(x).unwrap_or(cells.len());
                index(b.start)..index(b.end)
            }
            None => 0..cells.len(),
        };
        eprintln!(
            "sweeping {} of {} launch points × {} architectures …",
            block.len(),
            cells.len(),
            s.architectures.len()
        );
        let mut points = Vec::with_capacity(block.len());
        for start in block.clone().step_by(BLOCK_POINTS) {
            if interrupt.requested() {
                break;
            }
            let end = (start + BLOCK_POINTS).min(block.end);
            points.extend(sweep(&s, &spec, &cells[start..end]));
        }
        let done = block.start..block.start + points.len();
        // The files of an earlier sweep go first (those its manifest lists); the folder is
        // complete again only when its new manifest is written, last.
        SweepManifest::remove(&dir)?;
        write_points(&points_csv, &s, block.start, &points)?;
        if done.end < block.end {
            // Interrupted: what is done, as a shard that `--merge` refuses.
            let mut m = manifest(done.start as u64..done.end as u64);
            m.complete = false;
            m.files = vec!["points.csv".into()];
            m.write(&dir)?;
            return interrupt.check(&dir);
        }
        if let Some(shard) = &a.shard {
            let mut m = manifest(block.start as u64..block.end as u64);
            m.files = vec!["points.csv".into()];
            m.write(&dir)?;
            say!(
                "shard {shard}: points {}..{} of {} in {}",
                block.start,
                block.end,
                cells.len(),
                points_csv.display()
            );
            return interrupt.check(&dir);
        }
        points
    } else {
        let shards: Vec<PathBuf> = a.merge.iter().map(|d| d.join("points.csv")).collect();
        let inputs: Vec<(&str, &std::path::Path)> =
            shards.iter().map(|p| ("--merge", p.as_path())).collect();
        crate::refuse_overwrite("the output", &points_csv, &inputs)?;
        let whole = manifest(0..n);
        for d in &a.merge {
            if let Some(why) = whole.mismatch(&SweepManifest::read(d)?) {
                return Err(Failure::Input(format!("--merge {}: {why}", d.display())));
            }
        }
        let points = merge_points(&shards, &s, &cells)?;
        SweepManifest::remove(&dir)?;
        write_points(&points_csv, &s, 0, &points)?;
        points
    };
    let seconds = start.elapsed().as_secs_f64();
    write_geojson(&dir.join("sweep.geojson"), &s, &points)?;
    let mut written = vec!["points.csv".to_string(), "sweep.geojson".to_string()];
    for (name, mut map) in maps(&s, &spec, &points) {
        map.projection = a.projection;
        render_png(&map, &dir.join(&name))?;
        written.push(name);
    }
    let flown = points.iter().filter(|p| p.skipped.is_none()).count();
    if a.merge.is_empty() {
        say!(
            "{} points ({flown} flown) in {seconds:.1} s ({:.1} points/s)",
            points.len(),
            points.len() as f64 / seconds
        );
    } else {
        say!(
            "{} points ({flown} flown) merged from {} shards",
            points.len(),
            a.merge.len()
        );
    }
    show(MeritTable(&s, &merits(&points, s.architectures.len())))?;
    let mut m = manifest(0..n);
    m.files.clone_from(&written);
    m.write(&dir)?;
    written.push("manifest.json".into());
    say!("files in {}: {}", dir.display(), written.join(", "));
    interrupt.check(&dir)
}
