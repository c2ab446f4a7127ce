//! Vigil's pictures and geographic files, drawn with the generic map and chart renderer
//! `vigil-plot`.
//!
//! This crate knows Vigil's types: it reads scenarios and run results from `vigil-sim` (and
//! the types of the crates under it: earth, flight, sensors, tracking, warning) and turns
//! them into map layers, maps, charts and files. `vigil-plot` knows none of that; it draws
//! [`Map`]s of plain `[lon_deg, lat_deg]` data (projections, clipping, coastlines, palette,
//! text). Its drawing vocabulary is re-exported here.
//!
//! * [`scenario_layers`]: a scenario's sensors, radar coverage and defended areas as map
//!   layers and GeoJSON features.
//! * [`run_map`]: the map of a run, with an impact-area inset.
//! * [`run_outputs`]: the files of `vigil run` (`run.geojson`, `run.czml`, `map.png`).
//! * [`czml`]: a run animated for Cesium.
//! * [`charts`]: Monte Carlo warning-time charts.
//! * [`colours`]: which colour stands for what (networks, architectures, classes…).
//! * [`geojson`]: RFC 7946 writing.
//! * [`formats`]: every file Vigil writes or reads as data (`report.json`, alerts, tracks,
//!   detections, Monte Carlo runs and summaries, sweep points), with serde rows and the `csv`
//!   crate, so a library user writes the same files as the `vigil` binary with one call.
#![deny(missing_docs)]

pub mod charts;
pub mod colours;
pub mod czml;
pub mod formats;
pub mod geojson;
pub mod run_geometry;
pub mod run_map;
pub mod run_outputs;
pub mod scenario_layers;

pub use vigil_plot::{
    AUTO_POLAR_LAT_DEG, Coastlines, ColourScale, GeoBox, Inset, Layer, Map, MapError, Marker,
    Projection, Rgb, coastlines, geo, render_png_bytes, render_svg_string, shapes,
    split_at_antimeridian, unwrap_lons, wrap_lon_deg,
};

/// Draws `map` as a PNG file at `path`, written under a temporary name and renamed when
/// complete ([`formats::PartFile`]).
pub fn render_png(map: &Map, path: &std::path::Path) -> Result<(), MapError> {
    write_drawing(path, &render_png_bytes(map)?)
}

/// Draws `map` as an SVG file at `path` (text as `<text>` in DejaVu Sans / sans-serif),
/// written under a temporary name and renamed when complete.
pub fn render_svg(map: &Map, path: &std::path::Path) -> Result<(), MapError> {
    write_drawing(path, render_svg_string(map)?.as_bytes())
}

fn write_drawing(path: &std::path::Path, bytes: &[u8]) -> Result<(), MapError> {
    formats::write_file(path, bytes).map_err(|source| MapError::Io {
        path: path.to_path_buf(),
        source,
    })
}
