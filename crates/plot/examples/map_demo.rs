//! Draws `target/map-demo.png` (and `.svg`): illustrative sensor sites, a coverage fan,
//! a great-circle track across the antimeridian and a warning-time heat map.
//!
//! Run with `cargo run -p vigil-plot --example map_demo`. All data are made up.

use std::path::Path;

use vigil_plot::{ColourScale, GeoBox, Layer, Map, Marker, Rgb, render_png, render_svg, shapes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let launch = [131.0, 43.0];
    let aim = [-118.5, 36.0];
    let site_a = [174.1, 52.7];
    let site_b = [-149.2, 64.3];
    let site_c = [-100.5, 48.7];

    // Fake warning time, minutes: grows with distance from the aim point.
    let mut cells = Vec::new();
    let step = 2.5;
    let mut lon = -140.0;
    while lon < -100.0 {
        let mut lat = 25.0;
        while lat < 50.0 {
            let centre = [lon + step / 2.0, lat + step / 2.0];
            let d_km = shapes::great_circle(aim, centre, 2)
                .windows(2)
                .map(|w| {
                    let dlon = (w[1][0] - w[0][0]).to_radians() * (w[0][1].to_radians().cos());
                    let dlat = (w[1][1] - w[0][1]).to_radians();
                    dlon.hypot(dlat) * shapes::EARTH_MEAN_RADIUS_KM
                })
                .sum::<f64>();
            cells.push((
                GeoBox::new(lon, lon + step, lat, lat + step),
                12.0 + d_km / 160.0,
            ));
            lat += step;
        }
        lon += step;
    }

    let mut map = Map::new("Early-warning coverage, North Pacific");
    map.subtitle = "Illustrative sites and data only: not a real scenario".into();
    map.width_px = 1400;
    map.height_px = 860;
    map.colour_scale = Some(ColourScale::new("warning time, min", 10.0, 30.0));
    map.layers = vec![
        Layer::Cells {
            label: "warning time (illustrative)".into(),
            cells,
        },
        Layer::Polygons {
            label: "radar coverage".into(),
            colour: Rgb::BLUE,
            fill_alpha: 0.18,
            rings: vec![
                shapes::sector_ring(site_a, 285.0, 60.0, 3500.0, 60),
                shapes::sector_ring(site_b, 250.0, 60.0, 4800.0, 60),
            ],
        },
        Layer::Polygons {
            label: "defended area".into(),
            colour: Rgb::BLUISH_GREEN,
            fill_alpha: 0.3,
            rings: vec![shapes::circle_ring(aim, 350.0, 72)],
        },
        Layer::Lines {
            label: "ground track".into(),
            colour: Rgb::VERMILION,
            width_px: 2.5,
            lines: vec![shapes::great_circle(launch, aim, 120)],
        },
        Layer::Points {
            label: "radar site".into(),
            colour: Rgb::BLUE,
            marker: Marker::Triangle,
            points: vec![
                (site_a, Some("Site A".into())),
                (site_b, Some("Site B".into())),
                (site_c, Some("Site C".into())),
            ],
        },
        Layer::Points {
            label: "launch / aim point".into(),
            colour: Rgb::VERMILION,
            marker: Marker::Cross,
            points: vec![(launch, Some("Launch".into())), (aim, Some("Aim".into()))],
        },
    ];

    std::fs::create_dir_all("target")?;
    render_png(&map, Path::new("target/map-demo.png"))?;
    render_svg(&map, Path::new("target/map-demo.svg"))?;
    println!("wrote target/map-demo.png and target/map-demo.svg");
    Ok(())
}
