//! Rendering tests: every layer type to PNG and SVG, determinism, bounds, errors.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use vigil_plot::{
    Coastlines, ColourScale, GeoBox, Inset, Layer, Map, MapError, Marker, Projection, Rgb,
    render_png, render_png_bytes, render_svg, render_svg_string, shapes,
};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vigil-plot-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn every_layer_map() -> Map {
    let mut map = Map::new("Every layer");
    map.subtitle = "test".into();
    map.width_px = 480;
    map.height_px = 320;
    map.colour_scale = Some(ColourScale::new("warning time, min", 0.0, 30.0));
    map.layers = vec![
        Layer::Cells {
            label: "warning time".into(),
            cells: (0..6)
                .map(|i| {
                    let lon = -10.0 + 5.0 * f64::from(i);
                    (GeoBox::new(lon, lon + 5.0, 40.0, 45.0), 5.0 * f64::from(i))
                })
                .chain([(GeoBox::new(20.0, 25.0, 45.0, 50.0), f64::NAN)])
                .collect(),
        },
        Layer::Polygons {
            label: "coverage".into(),
            colour: Rgb::BLUE,
            fill_alpha: 0.25,
            rings: vec![shapes::sector_ring([0.0, 52.0], 90.0, 45.0, 1500.0, 30)],
        },
        Layer::Lines {
            label: "track".into(),
            colour: Rgb::VERMILION,
            width_px: 2.0,
            lines: vec![shapes::great_circle([-10.0, 38.0], [25.0, 60.0], 50)],
        },
        Layer::Points {
            label: "sites".into(),
            colour: Rgb::BLUISH_GREEN,
            marker: Marker::Triangle,
            points: vec![([0.0, 52.0], Some("A".into())), ([10.0, 48.0], None)],
        },
        Layer::Points {
            label: String::new(),
            colour: Rgb::BLACK,
            marker: Marker::Cross,
            points: vec![([25.0, 60.0], Some("impact".into()))],
        },
    ];
    map
}

/// Width and height from the IHDR chunk, after checking the PNG signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!(bytes[24], 8, "bit depth");
    assert_eq!(bytes[25], 2, "colour type RGB");
    (w, h)
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn every_layer_to_png_and_svg_deterministically() {
    let dir = temp_dir("every-layer");
    let map = every_layer_map();
    let (png1, png2) = (dir.join("a.png"), dir.join("b.png"));
    let (svg1, svg2) = (dir.join("a.svg"), dir.join("b.svg"));
    render_png(&map, &png1).unwrap();
    render_png(&map, &png2).unwrap();
    render_svg(&map, &svg1).unwrap();
    render_svg(&map, &svg2).unwrap();

    let a = std::fs::read(&png1).unwrap();
    assert_eq!(png_size(&a), (480, 320));
    assert_eq!(a, std::fs::read(&png2).unwrap(), "PNG not byte-identical");
    assert_eq!(a, render_png_bytes(&map).unwrap());

    let s = std::fs::read_to_string(&svg1).unwrap();
    assert!(
        s.starts_with(r#"<svg width="480" height="320" viewBox="0 0 1920 1280""#),
        "{}",
        &s[..80]
    );
    assert!(s.trim_end().ends_with("</svg>"));
    for text in [
        "Every layer",
        "warning time, min",
        "coverage",
        "track",
        "sites",
        "impact",
    ] {
        assert!(
            s.contains(&format!("\n{text}\n</text>")),
            "SVG lacks text {text}"
        );
    }
    assert_eq!(
        s,
        std::fs::read_to_string(&svg2).unwrap(),
        "SVG not identical"
    );
    assert_eq!(s, render_svg_string(&map).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn png_has_land_ocean_and_white_margin() {
    let mut map = Map::new("World");
    map.width_px = 360;
    map.height_px = 240;
    map.coastlines = Coastlines::Low;
    let (w, h, rgb) = decode(&render_png_bytes(&map).unwrap());
    assert_eq!((w, h), (360, 240));
    let px = |x: u32, y: u32| {
        let i = ((y * w + x) * 3) as usize;
        [rgb[i], rgb[i + 1], rgb[i + 2]]
    };
    assert_eq!(px(0, 0), [255, 255, 255]);
    let count = |c: [u8; 3]| {
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| px(x, y) == c)
            .count()
    };
    assert!(count([221, 233, 242]) > 5_000, "ocean colour missing");
    assert!(count([241, 238, 229]) > 2_000, "land colour missing");
}

#[test]
fn antimeridian_line_is_split_not_drawn_across_the_world() {
    let mut map = Map::new("");
    map.width_px = 400;
    map.height_px = 260;
    map.coastlines = Coastlines::Off;
    map.bounds = Some(GeoBox::world());
    map.layers = vec![Layer::Lines {
        label: String::new(),
        colour: Rgb(255, 0, 0),
        width_px: 3.0,
        lines: vec![vec![[160.0, 0.0], [-160.0, 0.0]]],
    }];
    let (w, h, rgb) = decode(&render_png_bytes(&map).unwrap());
    let red_columns: Vec<u32> = (0..w)
        .filter(|&x| {
            (0..h).any(|y| {
                let i = ((y * w + x) * 3) as usize;
                rgb[i] > 200 && rgb[i + 1] < 80 && rgb[i + 2] < 80
            })
        })
        .collect();
    assert!(!red_columns.is_empty());
    // Red only within ~20° of either edge of the map, nothing in the middle.
    let (first, last) = (red_columns[0], red_columns[red_columns.len() - 1]);
    assert!(
        red_columns.iter().all(|&x| x < first + 40 || x > last - 40),
        "{red_columns:?}"
    );
    assert!(last - first > w / 2, "both halves drawn");
}

#[test]
fn auto_bounds_fit_the_layers() {
    let mut map = Map::new("fit");
    map.layers.push(Layer::Points {
        label: String::new(),
        colour: Rgb::BLUE,
        marker: Marker::Circle,
        points: vec![([10.0, 50.0], None), ([30.0, 60.0], None)],
    });
    let b = map.fitted_bounds();
    assert!(b.lon_min_deg < 10.0 && b.lon_min_deg > 0.0, "{b:?}");
    assert!(b.lon_max_deg > 30.0 && b.lon_max_deg < 40.0, "{b:?}");
    assert!(b.lat_min_deg < 50.0 && b.lat_max_deg > 60.0, "{b:?}");

    // Across the antimeridian the fit stays small and continuous.
    map.layers.push(Layer::Lines {
        label: String::new(),
        colour: Rgb::BLUE,
        width_px: 1.0,
        lines: vec![vec![[170.0, 50.0], [-170.0, 55.0]]],
    });
    map.layers.remove(0);
    let b = map.fitted_bounds();
    assert!(b.lon_min_deg > 150.0 && b.lon_min_deg < 170.0, "{b:?}");
    assert!(b.lon_max_deg > 190.0 && b.lon_max_deg < 210.0, "{b:?}");
    assert!(render_png_bytes(&map).is_ok());

    // Explicit bounds win; empty maps show the world.
    map.bounds = Some(GeoBox::new(-5.0, 5.0, -5.0, 5.0));
    assert_eq!(map.fitted_bounds(), GeoBox::new(-5.0, 5.0, -5.0, 5.0));
    assert_eq!(Map::new("empty").fitted_bounds(), GeoBox::world());
}

#[test]
fn pacific_view_renders_with_50m_coastlines() {
    let mut map = Map::new("Bering Strait");
    map.width_px = 300;
    map.height_px = 200;
    map.bounds = Some(GeoBox::new(160.0, -150.0, 50.0, 72.0));
    map.coastlines = Coastlines::Medium;
    let bytes = render_png_bytes(&map).unwrap();
    assert_eq!(png_size(&bytes), (300, 200));
}

/// Pixels of exactly colour `c`, as (x, y).
fn pixels_of(bytes: &[u8], c: [u8; 3]) -> Vec<(u32, u32)> {
    let (w, h, rgb) = decode(bytes);
    (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let i = ((y * w + x) * 3) as usize;
            rgb[i..i + 3] == c
        })
        .collect()
}

fn polar_route_map() -> Map {
    let mut map = Map::new("Over the pole");
    map.width_px = 600;
    map.height_px = 400;
    map.layers = vec![
        Layer::Lines {
            label: "route".into(),
            colour: Rgb::BLACK,
            width_px: 2.0,
            lines: vec![shapes::great_circle([-100.0, 45.0], [60.0, 55.0], 80)],
        },
        Layer::Polygons {
            label: "area".into(),
            colour: Rgb::VERMILION,
            fill_alpha: 0.3,
            rings: vec![shapes::circle_ring([60.0, 55.0], 300.0, 36)],
        },
    ];
    map
}

#[test]
fn routes_over_the_pole_are_drawn_azimuthal() {
    let map = polar_route_map();
    assert_eq!(
        map.projection.resolve(&map.layers),
        Projection::Azimuthal { centre_deg: None }
    );
    let auto = render_png_bytes(&map).unwrap();
    assert_eq!(auto, render_png_bytes(&map).unwrap(), "not deterministic");
    let mut forced = map.clone();
    forced.projection = Projection::Azimuthal { centre_deg: None };
    assert_eq!(auto, render_png_bytes(&forced).unwrap());
    let mut flat = map.clone();
    flat.projection = Projection::Equirectangular;
    assert_ne!(auto, render_png_bytes(&flat).unwrap());
    assert!(pixels_of(&auto, [221, 233, 242]).len() > 20_000, "ocean");
    assert!(pixels_of(&auto, [241, 238, 229]).len() > 20_000, "land");
    let svg = render_svg_string(&map).unwrap();
    assert!(svg.contains("\nroute\n</text>"));
}

#[test]
fn azimuthal_world_ends_at_the_cut_circle() {
    for centre in [[0.0, 90.0], [0.0, -90.0], [10.0, 50.0], [-170.0, 10.0]] {
        let mut map = Map::new("");
        map.width_px = 600;
        map.height_px = 400;
        map.projection = Projection::Azimuthal {
            centre_deg: Some(centre),
        };
        let bytes = render_png_bytes(&map).unwrap();
        let (w, h, rgb) = decode(&bytes);
        // The disc is centred; the plot's corners lie beyond the cut and stay white.
        let px = |x: u32, y: u32| {
            let i = ((y * w + x) * 3) as usize;
            [rgb[i], rgb[i + 1], rgb[i + 2]]
        };
        for (x, y) in [(72, 55), (w - 30, 55), (72, h - 75), (w - 30, h - 75)] {
            assert_eq!(px(x, y), [255, 255, 255], "{centre:?} at {x},{y}");
        }
        assert!(
            pixels_of(&bytes, [241, 238, 229]).len() > 2_000,
            "{centre:?}: land"
        );
        assert!(
            pixels_of(&bytes, [221, 233, 242]).len() > 2_000,
            "{centre:?}: ocean"
        );
    }
}

#[test]
fn inset_is_drawn_on_the_emptiest_corner() {
    let magenta = Rgb(255, 0, 255);
    let mut detail = Map::new("detail");
    detail.coastlines = Coastlines::Off;
    detail.bounds = Some(GeoBox::new(0.0, 10.0, 40.0, 50.0));
    detail.layers = vec![Layer::Polygons {
        label: String::new(),
        colour: magenta,
        fill_alpha: 1.0,
        rings: vec![vec![
            [-20.0, 30.0],
            [30.0, 30.0],
            [30.0, 60.0],
            [-20.0, 60.0],
        ]],
    }];
    let mut map = Map::new("with inset");
    map.width_px = 600;
    map.height_px = 400;
    map.bounds = Some(GeoBox::new(-40.0, 40.0, -20.0, 40.0));
    // Data in the top and bottom right: the inset goes bottom left.
    map.layers = vec![Layer::Points {
        label: "sites".into(),
        colour: Rgb::BLUE,
        marker: Marker::Circle,
        points: vec![
            ([30.0, 30.0], None),
            ([30.0, -10.0], None),
            ([-30.0, 30.0], None),
        ],
    }];
    map.inset = Some(Box::new(Inset {
        map: detail,
        size: [0.36, 0.4],
    }));
    let bytes = render_png_bytes(&map).unwrap();
    std::fs::write("/tmp/inset-test.png", &bytes).unwrap();
    assert_eq!(bytes, render_png_bytes(&map).unwrap());
    let inset = pixels_of(&bytes, [255, 0, 255]);
    assert!(inset.len() > 3_000, "{} inset pixels", inset.len());
    assert!(
        inset.iter().all(|&(x, y)| x < 300 && y > 200),
        "inset not bottom left"
    );
    assert!(
        render_svg_string(&map)
            .unwrap()
            .contains("\ndetail\n</text>")
    );
    let mut tiny = map.clone();
    tiny.width_px = 120;
    tiny.height_px = 100;
    assert!(matches!(render_png_bytes(&tiny), Err(MapError::Invalid(_))));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let mut map = every_layer_map();
    map.width_px = 10;
    assert!(matches!(render_png_bytes(&map), Err(MapError::Invalid(_))));

    let mut map = every_layer_map();
    map.colour_scale = None;
    assert!(matches!(render_png_bytes(&map), Err(MapError::Invalid(_))));

    let mut map = every_layer_map();
    map.layers.push(Layer::Lines {
        label: "bad".into(),
        colour: Rgb::BLUE,
        width_px: 1.0,
        lines: vec![vec![[0.0, f64::NAN], [1.0, 1.0]]],
    });
    assert!(matches!(render_svg_string(&map), Err(MapError::Invalid(_))));

    let mut map = every_layer_map();
    map.bounds = Some(GeoBox::new(0.0, 10.0, 50.0, 95.0));
    assert!(matches!(render_png_bytes(&map), Err(MapError::Invalid(_))));

    let mut map = every_layer_map();
    map.projection = Projection::Azimuthal {
        centre_deg: Some([0.0, 91.0]),
    };
    assert!(matches!(render_png_bytes(&map), Err(MapError::Invalid(_))));

    let map = every_layer_map();
    let nowhere = temp_dir("nowhere").join("missing-dir").join("x.png");
    assert!(matches!(
        render_png(&map, &nowhere),
        Err(MapError::Io { .. })
    ));
}
