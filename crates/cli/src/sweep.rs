//! `vigil sweep`: warning time over a launch area, per architecture, and what combining
//! networks adds — GeoJSON grid, heat maps and difference maps, coverage figures of merit.

use crate::Failure;
use crate::model_args::parse_numbers;
use crate::montecarlo::parse_shard;
use crate::scenario_args::load;
use crate::sweep_points;
use serde_json::json;
use std::path::PathBuf;
use vigil_earth::Geodetic;
use vigil_flight::vehicle::builtin_classes;
use vigil_report::geojson::{Feature, Geometry, feature_collection};
use vigil_report::scenario_layers::area_ring;
use vigil_report::{ColourScale, GeoBox, Layer, Map, Marker, Rgb, render_png};
use vigil_sim::sweep::{SweepPoint, SweepSpec, fraction_with_warning, grid, sweep};

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
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let [s_lat, w_lon, n_lat, e_lon] = parse_numbers::<4>("launch-area", &a.launch_area)?;
    let sw = Geodetic::from_degrees(s_lat, w_lon, 0.0)
        .map_err(|e| Failure::Input(format!("--launch-area: {e}")))?;
    let ne = Geodetic::from_degrees(n_lat, e_lon, 0.0)
        .map_err(|e| Failure::Input(format!("--launch-area: {e}")))?;
    if !(n_lat > s_lat) {
        return Err(Failure::Input(
            "--launch-area: the north latitude must be above the south one".into(),
        ));
    }
    if !(a.grid_km >= 10.0 && a.grid_km.is_finite()) {
        return Err(Failure::Input(format!(
            "--grid-km must be at least 10, got {}",
            a.grid_km
        )));
    }
    let target_area = s
        .defended_areas
        .iter()
        .position(|d| d.id == a.target)
        .ok_or_else(|| {
            let known: Vec<&str> = s.defended_areas.iter().map(|d| d.id.as_str()).collect();
            Failure::Input(format!(
                "unknown defended area {:?}; known: {}",
                a.target,
                known.join(", ")
            ))
        })?;
    let class = builtin_classes()
        .into_iter()
        .find(|c| c.id == a.missile)
        .ok_or_else(|| Failure::Input(format!("unknown missile class {:?}", a.missile)))?;
    let spec = SweepSpec {
        corners: (sw, ne),
        spacing_m: a.grid_km * 1e3,
        target_area,
        class,
        runs_per_point: a.runs_per_point,
    };
    let cells = grid(&spec);
    let archs: Vec<&str> = s.architectures.iter().map(|x| x.id.as_str()).collect();
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("vigil-out").join(&s.name).join("sweep"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Compute(format!("{}: {e}", dir.display())))?;
    let start = std::time::Instant::now();
    let points = if a.merge.is_empty() {
        let block = match &a.shard {
            Some(t) => {
                let r = parse_shard(t, u32::try_from(cells.len()).unwrap_or(u32::MAX))?;
                r.start as usize..r.end as usize
            }
            None => 0..cells.len(),
        };
        eprintln!(
            "sweeping {} of {} launch points × {} architectures …",
            block.len(),
            cells.len(),
            archs.len()
        );
        let points = sweep(&s, &spec, &cells[block.clone()]);
        sweep_points::write(&dir.join("points.csv"), &archs, block.start, &points)?;
        if a.shard.is_some() {
            println!(
                "shard {}: points {}..{} of {} in {}",
                a.shard.as_deref().unwrap_or_default(),
                block.start,
                block.end,
                cells.len(),
                dir.join("points.csv").display()
            );
            return Ok(());
        }
        points
    } else {
        let points = merged(&a.merge, &cells, archs.len())?;
        sweep_points::write(&dir.join("points.csv"), &archs, 0, &points)?;
        points
    };
    let seconds = start.elapsed().as_secs_f64();
    let big = (0..archs.len())
        .max_by_key(|&i| (s.architectures[i].networks.len(), usize::MAX - i))
        .unwrap_or(0);
    let singles: Vec<usize> = (0..archs.len())
        .filter(|&i| s.architectures[i].networks.len() == 1 && i != big)
        .collect();
    // GeoJSON grid of cells.
    let deg = |x: f64| x.to_degrees();
    let features: Vec<Feature> = points
        .iter()
        .map(|p| {
            let (la, lo) = (deg(p.point.lat_rad), deg(p.point.lon_rad));
            let (hla, hlo) = (deg(p.half_cell_rad.0), deg(p.half_cell_rad.1));
            let mut props = serde_json::Map::new();
            props.insert("lat_deg".into(), json!(la));
            props.insert("lon_deg".into(), json!(lo));
            props.insert("skipped".into(), json!(p.skipped));
            for (i, id) in archs.iter().enumerate() {
                props.insert(format!("warning_min_{id}"), json!(p.warning_s[i] / 60.0));
                props.insert(format!("p_warning_{id}"), json!(p.p_warning[i]));
                props.insert(
                    format!("first_detection_s_{id}"),
                    json!(p.first_detection_s[i]),
                );
                props.insert(format!("sensors_seeing_{id}"), json!(p.sensors_seeing[i]));
            }
            for &i in &singles {
                props.insert(
                    format!("gain_min_{}_vs_{}", archs[big], archs[i]),
                    json!((p.warning_s[big] - p.warning_s[i]) / 60.0),
                );
            }
            Feature {
                geometry: Geometry::Polygon(vec![
                    [lo - hlo, la - hla],
                    [lo + hlo, la - hla],
                    [lo + hlo, la + hla],
                    [lo - hlo, la + hla],
                ]),
                properties: props,
            }
        })
        .collect();
    let io = |e: std::io::Error| Failure::Compute(format!("writing to {}: {e}", dir.display()));
    std::fs::write(
        dir.join("sweep.geojson"),
        serde_json::to_string(&feature_collection(&features)).unwrap_or_default() + "\n",
    )
    .map_err(io)?;
    // Maps: warning per architecture, and the gain of the largest over each single network.
    let cells = |value: &dyn Fn(&vigil_sim::sweep::SweepPoint) -> f64| -> Vec<(GeoBox, f64)> {
        points
            .iter()
            .map(|p| {
                let (la, lo) = (deg(p.point.lat_rad), deg(p.point.lon_rad));
                let (hla, hlo) = (deg(p.half_cell_rad.0), deg(p.half_cell_rad.1));
                let v = if p.skipped.is_some() {
                    f64::NAN
                } else {
                    value(p)
                };
                (
                    GeoBox {
                        lon_min_deg: lo - hlo,
                        lon_max_deg: lo + hlo,
                        lat_min_deg: la - hla,
                        lat_max_deg: la + hla,
                    },
                    v,
                )
            })
            .collect()
    };
    let target_layer = Layer::Polygons {
        label: format!("target: {}", a.target),
        colour: Rgb::VERMILION,
        fill_alpha: 0.4,
        rings: vec![area_ring(&s.defended_areas[target_area].shape)],
    };
    let sites: Vec<([f64; 2], Option<String>)> =
        vigil_report::scenario_layers::sensor_points(&s, 0.0)
            .into_iter()
            .map(|(i, p, _)| (p, Some(s.sensors[i].id.clone())))
            .collect();
    let sites_layer = Layer::Points {
        label: "sensors".into(),
        colour: Rgb::BLACK,
        marker: Marker::Triangle,
        points: sites,
    };
    let max_warning = points
        .iter()
        .flat_map(|p| p.warning_s.iter())
        .fold(0.0f64, |m, w| m.max(*w))
        / 60.0;
    let mut written = vec!["points.csv".to_string(), "sweep.geojson".to_string()];
    let mut draw = |name: String,
                    title: String,
                    scale: ColourScale,
                    values: Vec<(GeoBox, f64)>|
     -> Result<(), Failure> {
        let mut map = Map::new(title);
        map.subtitle = format!(
            "{} from each {:.0} km cell to {} — illustrative scenario",
            a.missile, a.grid_km, a.target
        );
        map.width_px = 1400;
        map.height_px = 900;
        map.colour_scale = Some(scale);
        map.layers = vec![
            Layer::Cells {
                label: String::new(),
                cells: values,
            },
            target_layer.clone(),
            sites_layer.clone(),
        ];
        render_png(&map, &dir.join(&name)).map_err(|e| Failure::Compute(format!("{name}: {e}")))?;
        written.push(name);
        Ok(())
    };
    for (i, id) in archs.iter().enumerate() {
        draw(
            format!("warning-{id}.png"),
            format!("Warning time, architecture {id}"),
            ColourScale {
                label: "warning time, min".into(),
                min: 0.0,
                max: max_warning.max(1.0),
            },
            cells(&|p| p.warning_s[i] / 60.0),
        )?;
    }
    for &i in &singles {
        draw(
            format!("gain-{}-vs-{}.png", archs[big], archs[i]),
            format!("Warning gained by {} over {}", archs[big], archs[i]),
            ColourScale {
                label: "minutes gained".into(),
                min: 0.0,
                max: max_warning.max(1.0),
            },
            cells(&|p| (p.warning_s[big] - p.warning_s[i]) / 60.0),
        )?;
    }
    // Figures of merit.
    let flown_count = points.iter().filter(|p| p.skipped.is_none()).count();
    if a.merge.is_empty() {
        println!(
            "{} points ({flown_count} flown) in {seconds:.1} s ({:.1} points/s)",
            points.len(),
            points.len() as f64 / seconds
        );
    } else {
        println!(
            "{} points ({flown_count} flown) merged from {} shards",
            points.len(),
            a.merge.len()
        );
    }
    println!(
        "{:<13} {:>9} {:>9} {:>9} {:>11} {:>11}",
        "architecture", "≥5 min", "≥10 min", "≥15 min", "mean detect", "sensors"
    );
    let flown: Vec<_> = points.iter().filter(|p| p.skipped.is_none()).collect();
    let f5 = fraction_with_warning(&points, 5.0, archs.len());
    let f10 = fraction_with_warning(&points, 10.0, archs.len());
    let f15 = fraction_with_warning(&points, 15.0, archs.len());
    for (i, id) in archs.iter().enumerate() {
        let det: Vec<f64> = flown
            .iter()
            .filter_map(|p| p.first_detection_s[i])
            .collect();
        let sensors =
            flown.iter().map(|p| p.sensors_seeing[i]).sum::<f64>() / flown.len().max(1) as f64;
        println!(
            "{:<13} {:>8.0}% {:>8.0}% {:>8.0}% {:>11} {:>11.1}",
            id,
            100.0 * f5[i],
            100.0 * f10[i],
            100.0 * f15[i],
            if det.is_empty() {
                "—".into()
            } else {
                format!("{:.0} s", det.iter().sum::<f64>() / det.len() as f64)
            },
            sensors
        );
    }
    println!("files in {}: {}", dir.display(), written.join(", "));
    Ok(())
}

/// The points of shard folders, checked to cover the grid exactly once, in grid order.
fn merged(
    dirs: &[PathBuf],
    cells: &[(Geodetic, (f64, f64))],
    archs: usize,
) -> Result<Vec<SweepPoint>, Failure> {
    let mut slots: Vec<Option<SweepPoint>> = vec![None; cells.len()];
    for d in dirs {
        let path = d.join("points.csv");
        for (i, p) in sweep_points::read(&path, archs)? {
            let same_cell = cells
                .get(i)
                .is_some_and(|(g, _)| g.lat_rad == p.point.lat_rad && g.lon_rad == p.point.lon_rad);
            if !same_cell {
                return Err(Failure::Input(format!(
                    "{}: point {i} is not on this grid (different --launch-area or --grid-km?)",
                    path.display()
                )));
            }
            if slots[i].replace(p).is_some() {
                return Err(Failure::Input(format!(
                    "point {i} appears in more than one shard"
                )));
            }
        }
    }
    let missing = slots.iter().filter(|p| p.is_none()).count();
    if missing > 0 {
        return Err(Failure::Input(format!(
            "{missing} of {} grid points are in no shard",
            cells.len()
        )));
    }
    Ok(slots.into_iter().flatten().collect())
}
