//! Maps and chart basics: projections, clipping, coastlines, palette and text, drawn with
//! plotters to deterministic PNG and SVG. Plain data in degrees (`[lon_deg, lat_deg]`) in,
//! pictures out; nothing here knows what is being mapped (Vigil's outputs are drawn on top
//! of this by `vigil-report`).
//!
//! # Maps
//!
//! [`render_png`] and [`render_svg`] draw a [`Map`]: Natural Earth coastlines (embedded,
//! public domain), a graticule with degree labels, the map's [`Layer`]s in order
//! (coverage polygons, trajectories, sensor sites, heat-map cells), an optional [`Inset`]
//! map over a corner, a legend, a title and an optional colour bar.
//!
//! * Projection ([`Projection`]): equirectangular, with the standard parallel at the
//!   centre latitude of the view (clamped to ±60°), or azimuthal equidistant (chosen
//!   automatically for routes beyond ±60° latitude). The view is widened along one axis to
//!   fill the image.
//! * Antimeridian: in equirectangular, geometry is unwrapped to continuous longitudes and
//!   drawn at every 360° copy that meets the view, so a Pacific view (e.g. 120°E..120°W) is
//!   continuous and a line crossing ±180° in a Greenwich-centred view is split at the frame
//!   edge. Azimuthal views have no seam; they end 160° from their centre.
//! * Determinism: the font (DejaVu Sans) and coastlines ship inside the crate and the
//!   PNG is drawn and encoded by pure Rust code, so the same [`Map`] gives the same
//!   bytes on any machine (with the same locked dependency versions). Equirectangular
//!   maps use no trigonometry beyond one rounded cosine; azimuthal maps round their
//!   projected points to 1e-9 rad, so last-bit differences between maths libraries
//!   practically never move a pixel.
//!
//! ```no_run
//! use vigil_plot::{render_png, shapes, Layer, Map, Marker, Rgb};
//! let mut map = Map::new("Sensor coverage");
//! map.layers.push(Layer::Polygons {
//!     label: "radar fan".into(),
//!     colour: Rgb::BLUE,
//!     fill_alpha: 0.25,
//!     rings: vec![shapes::sector_ring([-0.6, 54.4], 0.0, 60.0, 4800.0, 40)],
//! });
//! map.layers.push(Layer::Points {
//!     label: "radar".into(),
//!     colour: Rgb::VERMILION,
//!     marker: Marker::Triangle,
//!     points: vec![([-0.6, 54.4], Some("site A".into()))],
//! });
//! render_png(&map, std::path::Path::new("target/coverage.png"))?;
//! # Ok::<(), vigil_plot::MapError>(())
//! ```
//!
//! # Charts
//!
//! Charts draw with plotters directly and share the font ([`text`]), the colours
//! ([`palette::chart`]) and the supersampled PNG path ([`canvas::supersampled_png`]).
#![deny(missing_docs)]

pub mod canvas;
mod clip;
pub mod coastlines;
pub mod geo;
mod map;
pub mod palette;
mod projection;
pub mod shapes;
pub mod text;

use std::path::{Path, PathBuf};

pub use coastlines::Coastlines;
pub use geo::{GeoBox, fit_bounds, split_at_antimeridian, unwrap_lons, wrap_lon_deg};
pub use palette::{ColourScale, Rgb};
pub use projection::{AUTO_POLAR_LAT_DEG, Projection, UnknownProjection};

/// Why a picture could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// The map description is unusable (bad size, bounds, coordinates or options).
    #[error("invalid map: {0}")]
    Invalid(String),
    /// The embedded coastline data could not be parsed.
    #[error("coastline data: {0}")]
    Coastlines(String),
    /// The embedded font could not be loaded.
    #[error("font: {0}")]
    Font(String),
    /// The drawing backend failed.
    #[error("drawing: {0}")]
    Drawing(String),
    /// PNG encoding failed.
    #[error("PNG encoding: {0}")]
    Png(#[from] png::EncodingError),
    /// Writing the output file failed.
    #[error("writing {path}: {source}")]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// How a `Layer::Points` site is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Marker {
    /// A filled disc.
    #[default]
    Circle,
    /// A filled square.
    Square,
    /// A filled upward triangle (radars, by convention here).
    Triangle,
    /// A filled diamond.
    Diamond,
    /// A diagonal cross (impact points).
    Cross,
}

/// One drawable layer; layers are drawn in order, later ones on top.
#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    /// Filled, outlined areas: coverage fans, defended areas, impact ellipses.
    Polygons {
        /// Legend text (empty: not in the legend).
        label: String,
        /// Outline colour; the fill is the same colour at `fill_alpha`.
        colour: Rgb,
        /// Fill opacity, 0 (outline only) to 1 (opaque).
        fill_alpha: f64,
        /// Closed rings of `[lon_deg, lat_deg]` (first point need not be repeated).
        rings: Vec<Vec<[f64; 2]>>,
    },
    /// Polylines: trajectories, ground tracks, great circles.
    Lines {
        /// Legend text (empty: not in the legend).
        label: String,
        /// Line colour.
        colour: Rgb,
        /// Line width in output pixels.
        width_px: f64,
        /// Open polylines of `[lon_deg, lat_deg]`.
        lines: Vec<Vec<[f64; 2]>>,
    },
    /// Marked sites with optional text labels.
    Points {
        /// Legend text (empty: not in the legend).
        label: String,
        /// Marker colour.
        colour: Rgb,
        /// Marker shape.
        marker: Marker,
        /// Each site's `[lon_deg, lat_deg]` and optional label drawn beside it.
        points: Vec<([f64; 2], Option<String>)>,
    },
    /// Heat-map cells: lon/lat rectangles coloured through the map's `colour_scale`
    /// (NaN values are left undrawn).
    Cells {
        /// Legend text (empty: not in the legend).
        label: String,
        /// Each cell's box and value.
        cells: Vec<(GeoBox, f64)>,
    },
}

impl Layer {
    /// The layer's legend text.
    pub fn label(&self) -> &str {
        match self {
            Layer::Polygons { label, .. }
            | Layer::Lines { label, .. }
            | Layer::Points { label, .. }
            | Layer::Cells { label, .. } => label,
        }
    }
}

/// A smaller map drawn over a corner of another: a detail of part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inset {
    /// The map drawn in the inset, with its own title, layers, bounds and projection (its
    /// `width_px` and `height_px` are set from `size`).
    pub map: Map,
    /// Width and height as shares of the main map's plot area, each in (0, 1).
    pub size: [f64; 2],
}

/// A map to draw: what to show and how big.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// Title drawn above the map.
    pub title: String,
    /// Smaller second line under the title (empty: none), e.g. "Illustrative data".
    pub subtitle: String,
    /// Region that must be visible (widened to fill the image); `None` fits the layers.
    pub bounds: Option<GeoBox>,
    /// Layers, drawn in order over the coastlines.
    pub layers: Vec<Layer>,
    /// Image width in pixels (64..=6000).
    pub width_px: u32,
    /// Image height in pixels (64..=6000).
    pub height_px: u32,
    /// Colour scale for `Layer::Cells`, drawn as a colour bar; required if any cells.
    pub colour_scale: Option<ColourScale>,
    /// Which coastlines to draw.
    pub coastlines: Coastlines,
    /// How longitude and latitude are projected.
    pub projection: Projection,
    /// A detail map drawn over the corner of the plot with the least data (the legend and
    /// point labels keep clear of it).
    pub inset: Option<Box<Inset>>,
}

impl Map {
    /// An empty 1200 × 800 map with automatic bounds, coastlines and projection.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            subtitle: String::new(),
            bounds: None,
            layers: Vec::new(),
            width_px: 1200,
            height_px: 800,
            colour_scale: None,
            coastlines: Coastlines::Auto,
            projection: Projection::Auto,
            inset: None,
        }
    }

    /// The region the map must show: `bounds` if given, else a fit around every layer
    /// (with a margin; across the antimeridian when that is shorter; the world if empty).
    /// An equirectangular view is this box widened along one axis to the image's shape.
    pub fn fitted_bounds(&self) -> GeoBox {
        match self.bounds {
            Some(b) => b.normalised(),
            None => geo::fit_bounds(&map::layer_points(&self.layers)),
        }
    }
}

/// Draw `map` as a PNG file at `path` (RGB, 8 bits, anti-aliased).
pub fn render_png(map: &Map, path: &Path) -> Result<(), MapError> {
    let bytes = render_png_bytes(map)?;
    write_file(path, &bytes)
}

/// Draw `map` as an SVG file at `path` (text as `<text>` in DejaVu Sans / sans-serif).
pub fn render_svg(map: &Map, path: &Path) -> Result<(), MapError> {
    let svg = render_svg_string(map)?;
    write_file(path, svg.as_bytes())
}

/// Draw `map` and return the PNG file's bytes.
pub fn render_png_bytes(map: &Map) -> Result<Vec<u8>, MapError> {
    map::png_bytes(map)
}

/// Draw `map` and return the SVG document.
pub fn render_svg_string(map: &Map) -> Result<String, MapError> {
    map::svg_string(map)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), MapError> {
    std::fs::write(path, bytes).map_err(|source| MapError::Io {
        path: path.to_path_buf(),
        source,
    })
}
