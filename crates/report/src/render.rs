//! Map layout and drawing on a plotters drawing area (bitmap or SVG).
//!
//! All geometry is projected and clipped here in `f64` pixel space, then rounded to
//! integer pixels for plotters. PNGs are drawn `k`× larger and box-filtered down,
//! which anti-aliases every edge deterministically.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::{
    BitMapBackend, Circle, DrawingArea, DrawingBackend, IntoDrawingArea, PathElement, Polygon,
    RGBAColor, SVGBackend, ShapeStyle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, TextStyle};

use crate::clip::{Rect, clip_polygon, clip_polyline};
use crate::coastlines::{self, Coastlines, Ring};
use crate::geo::{GeoBox, unwrap_lons, wrap_lon_deg};
use crate::palette::{ColourScale, Rgb, format_tick, viridis};
use crate::{Layer, Map, MapError, Marker};

/// Family name the embedded font is registered under; also the SVG `font-family` list.
/// The family name the shipped font is registered under.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";
static FONT_BYTES: &[u8] = include_bytes!("../data/DejaVuSans.ttf");
/// DejaVu Sans (ascent - descent) / em, and cap height / (ascent - descent).
const HEIGHT_PER_EM: f64 = 2384.0 / 2048.0;
const CAP_PER_HEIGHT: f64 = 1493.0 / 2384.0;

const WHITE: Rgb = Rgb(255, 255, 255);
const INK: Rgb = Rgb(34, 34, 34);
const SOFT_INK: Rgb = Rgb(90, 90, 90);
const OCEAN: Rgb = Rgb(221, 233, 242);
const LAND: Rgb = Rgb(241, 238, 229);
const COAST: Rgb = Rgb(128, 128, 128);
const GRID: Rgb = Rgb(110, 130, 150);
const FRAME: Rgb = Rgb(85, 85, 85);

fn rgba(c: Rgb, alpha: f64) -> RGBAColor {
    RGBAColor(c.0, c.1, c.2, alpha)
}

/// Registers the shipped font once (all pictures of the crate use it).
pub(crate) fn ensure_font() -> Result<(), MapError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(MapError::Font(
            "embedded DejaVuSans.ttf did not load".into(),
        ))
    }
}

/// Supersampling factor for a PNG of this size (bounded memory for big images).
fn supersampling(map: &Map) -> u32 {
    let pixels = u64::from(map.width_px) * u64::from(map.height_px);
    if pixels <= 4_000_000 {
        3
    } else if pixels <= 9_000_000 {
        2
    } else {
        1
    }
}

pub(crate) fn png_bytes(map: &Map) -> Result<Vec<u8>, MapError> {
    validate(map)?;
    ensure_font()?;
    let k = supersampling(map);
    supersampled_png(map.width_px, map.height_px, k, |area| {
        draw_map(area, map, f64::from(k), false)
    })
}

/// Draws with `draw` on a white canvas `k`× the output size in each direction, box-filters it
/// down to `w` × `h` and encodes it as an RGB PNG: supersampling is the anti-aliasing that
/// plotters' bitmap backend lacks.
pub(crate) fn supersampled_png(
    w: u32,
    h: u32,
    k: u32,
    draw: impl FnOnce(&DrawingArea<BitMapBackend, Shift>) -> Result<(), MapError>,
) -> Result<Vec<u8>, MapError> {
    let (big_w, big_h) = (w * k, h * k);
    let mut big = vec![255u8; big_w as usize * big_h as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut big, (big_w, big_h)).into_drawing_area();
        draw(&area)?;
        area.present().map_err(drawing_error)?;
    }
    let small = downsample(&big, w as usize, h as usize, k as usize);
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&small)?;
        writer.finish()?;
    }
    Ok(out)
}

pub(crate) fn svg_string(map: &Map) -> Result<String, MapError> {
    validate(map)?;
    ensure_font()?;
    // plotters writes integer coordinates: draw at 4× in user units and declare the
    // real size, so the viewBox keeps quarter-pixel precision.
    const K: u32 = 4;
    let (w, h) = (map.width_px, map.height_px);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w * K, h * K)).into_drawing_area();
        draw_map(&area, map, f64::from(K), true)?;
        area.present().map_err(drawing_error)?;
    }
    let plotters_header = format!(r#"<svg width="{}" height="{}" "#, w * K, h * K);
    let header = format!(r#"<svg width="{w}" height="{h}" "#);
    match svg.strip_prefix(&plotters_header) {
        Some(rest) => Ok(format!("{header}{rest}")),
        None => Err(MapError::Drawing(
            "unexpected SVG header from plotters".into(),
        )),
    }
}

/// Box-filter an RGB image `k`× larger in each direction down to `w` × `h`.
fn downsample(big: &[u8], w: usize, h: usize, k: usize) -> Vec<u8> {
    if k == 1 {
        return big.to_vec();
    }
    let big_w = w * k;
    let n = (k * k) as u32;
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 3];
            for dy in 0..k {
                let row = (y * k + dy) * big_w;
                for dx in 0..k {
                    let i = (row + x * k + dx) * 3;
                    sum[0] += u32::from(big[i]);
                    sum[1] += u32::from(big[i + 1]);
                    sum[2] += u32::from(big[i + 2]);
                }
            }
            let o = (y * w + x) * 3;
            for c in 0..3 {
                out[o + c] = ((sum[c] + n / 2) / n) as u8;
            }
        }
    }
    out
}

pub(crate) fn drawing_error<E: std::fmt::Display>(e: E) -> MapError {
    MapError::Drawing(e.to_string())
}

// ---------------------------------------------------------------- validation

fn validate(map: &Map) -> Result<(), MapError> {
    let invalid = |m: String| Err(MapError::Invalid(m));
    for (name, v) in [("width_px", map.width_px), ("height_px", map.height_px)] {
        if !(64..=6000).contains(&v) {
            return invalid(format!("{name} = {v}, expected 64..=6000"));
        }
    }
    if let Some(b) = &map.bounds
        && !b.is_valid()
    {
        return invalid(format!(
            "bounds {b:?} are not a finite box within ±90° latitude"
        ));
    }
    if let Some(s) = &map.colour_scale
        && !(s.min.is_finite() && s.max.is_finite() && s.max > s.min)
    {
        return invalid(format!(
            "colour scale {} .. {} is empty or not finite",
            s.min, s.max
        ));
    }
    let bad_point = |p: &[f64; 2]| !p[0].is_finite() || !(-90.0..=90.0).contains(&p[1]);
    for layer in &map.layers {
        let label = layer.label();
        let ok = match layer {
            Layer::Polygons {
                fill_alpha, rings, ..
            } => (0.0..=1.0).contains(fill_alpha) && !rings.iter().flatten().any(bad_point),
            Layer::Lines {
                width_px, lines, ..
            } => *width_px > 0.0 && *width_px <= 50.0 && !lines.iter().flatten().any(bad_point),
            Layer::Points { points, .. } => !points.iter().any(|(p, _)| bad_point(p)),
            Layer::Cells { cells, .. } => {
                if map.colour_scale.is_none() && !cells.is_empty() {
                    return invalid(format!("cells layer '{label}' needs map.colour_scale"));
                }
                cells.iter().all(|(b, _)| b.is_valid())
            }
        };
        if !ok {
            return invalid(format!(
                "layer '{label}': non-finite coordinate, latitude outside ±90°, \
                 fill_alpha outside 0..=1 or width_px outside (0, 50]"
            ));
        }
    }
    Ok(())
}

/// Every coordinate the layers use, for fitting the view.
pub(crate) fn layer_points(layers: &[Layer]) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for layer in layers {
        match layer {
            Layer::Polygons { rings, .. } => out.extend(rings.iter().flatten().copied()),
            Layer::Lines { lines, .. } => out.extend(lines.iter().flatten().copied()),
            Layer::Points { points, .. } => out.extend(points.iter().map(|(p, _)| *p)),
            Layer::Cells { cells, .. } => {
                for (b, v) in cells {
                    if !v.is_nan() {
                        let b = b.normalised();
                        out.push([b.lon_min_deg, b.lat_min_deg]);
                        out.push([b.lon_max_deg, b.lat_max_deg]);
                    }
                }
            }
        }
    }
    out.retain(|p| p[0].is_finite() && p[1].is_finite());
    out
}

// ---------------------------------------------------------------- projection

/// The drawn view: lon/lat window and the pixel rectangle it maps to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View {
    lon_min: f64,
    lon_max: f64,
    lat_min: f64,
    lat_max: f64,
    plot: Rect,
    px_per_deg_lon: f64,
    px_per_deg_lat: f64,
}

impl View {
    /// Fit `b` into `avail`, widening it along one axis to the rectangle's shape.
    fn fit(b: GeoBox, avail: Rect) -> View {
        let b = b.normalised();
        let lat_mid = (b.lat_min_deg + b.lat_max_deg) / 2.0;
        // Equirectangular with the standard parallel at the view's centre; cos rounded
        // so that libm differences in the last bit cannot move a pixel.
        let kx = (lat_mid.clamp(-60.0, 60.0).to_radians().cos() * 1e6).round() / 1e6;
        let (aw, ah) = (avail.x1 - avail.x0, avail.y1 - avail.y0);
        let (lon_span, lat_span) = (b.lon_span_deg(), b.lat_span_deg());
        let s = (aw / (lon_span * kx)).min(ah / lat_span);
        let new_lon_span = (aw / (s * kx)).min(360.0);
        let new_lat_span = (ah / s).min(180.0);
        let lon_c = b.lon_min_deg + lon_span / 2.0;
        let lon_min = lon_c - new_lon_span / 2.0;
        let mut lat_min = lat_mid - new_lat_span / 2.0;
        if lat_min + new_lat_span > 90.0 {
            lat_min = 90.0 - new_lat_span;
        }
        lat_min = lat_min.max(-90.0);
        let (pw, ph) = (new_lon_span * s * kx, new_lat_span * s);
        let x0 = avail.x0 + (aw - pw) / 2.0;
        let y0 = avail.y0 + (ah - ph) / 2.0;
        View {
            lon_min,
            lon_max: lon_min + new_lon_span,
            lat_min,
            lat_max: lat_min + new_lat_span,
            plot: Rect {
                x0,
                y0,
                x1: x0 + pw,
                y1: y0 + ph,
            },
            px_per_deg_lon: s * kx,
            px_per_deg_lat: s,
        }
    }

    fn xy(&self, p: [f64; 2], offset: f64) -> [f64; 2] {
        [
            self.plot.x0 + (p[0] + offset - self.lon_min) * self.px_per_deg_lon,
            self.plot.y0 + (self.lat_max - p[1]) * self.px_per_deg_lat,
        ]
    }

    /// Multiples of 360° that bring longitudes `lo..=hi` into the view.
    fn offsets(&self, lo: f64, hi: f64) -> Vec<f64> {
        if !(lo.is_finite() && hi.is_finite()) {
            return Vec::new();
        }
        let first = ((self.lon_min - hi) / 360.0).ceil() as i64;
        let last = ((self.lon_max - lo) / 360.0).floor() as i64;
        (first..=last).map(|j| j as f64 * 360.0).collect()
    }

    fn lat_visible(&self, lo: f64, hi: f64) -> bool {
        hi >= self.lat_min && lo <= self.lat_max
    }

    /// Project a lon/lat path (already unwrapped) at every 360° copy that meets the view.
    fn project_copies(&self, path: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let (lo, hi, lat_lo, lat_hi) = coastlines::extent(path);
        if path.is_empty() || !self.lat_visible(lat_lo, lat_hi) {
            return Vec::new();
        }
        self.offsets(lo, hi)
            .into_iter()
            .map(|o| path.iter().map(|&p| self.xy(p, o)).collect())
            .collect()
    }
}

/// A polyline in pixels for every 360° copy of `line` in the view, clipped to the plot:
/// a line crossing the antimeridian is continuous when the view spans it and split at
/// the frame otherwise, never drawn across the whole map.
pub(crate) fn project_line(view: &View, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let unwrapped = unwrap_lons(line);
    view.project_copies(&unwrapped)
        .iter()
        .flat_map(|copy| clip_polyline(copy, &view.plot))
        .collect()
}

/// A ring ready to draw: fill outline (closed over the pole if it encircles one) and
/// the edges to stroke, all with continuous longitudes.
struct PreparedRing {
    fill: Vec<[f64; 2]>,
    strokes: Vec<Vec<[f64; 2]>>,
}

fn prepare_ring(ring: &[[f64; 2]], skip_cut_edges: bool) -> PreparedRing {
    let mut fill = unwrap_lons(ring);
    let mut strokes: Vec<Vec<[f64; 2]>> = Vec::new();
    let (Some(&first), Some(&last)) = (fill.first(), fill.last()) else {
        return PreparedRing { fill, strokes };
    };
    let closing_lon = last[0] + wrap_lon_deg(first[0] - last[0]);
    let net = closing_lon - first[0];
    // Stroke every edge (closing one included) except Natural Earth's cuts along the
    // antimeridian and the poles, which are not coastline.
    let mut current: Vec<[f64; 2]> = vec![first];
    let n = ring.len();
    for i in 1..=n {
        // Edge from ring[i - 1] to ring[i % n]; its far end in continuous longitudes.
        let (a, b) = (ring[i - 1], ring[i % n]);
        let b_unwrapped = if i < n {
            fill[i]
        } else {
            [closing_lon, first[1]]
        };
        let cut = skip_cut_edges
            && ((a[0].abs() == 180.0 && b[0].abs() == 180.0)
                || (a[1].abs() == 90.0 && b[1].abs() == 90.0));
        if cut {
            if current.len() >= 2 {
                strokes.push(std::mem::take(&mut current));
            }
            current = vec![b_unwrapped];
        } else {
            current.push(b_unwrapped);
        }
    }
    if current.len() >= 2 {
        strokes.push(current);
    }
    if net.abs() > 180.0 {
        // The ring goes once round a pole: close it over that pole.
        let mean_lat = fill.iter().map(|p| p[1]).sum::<f64>() / fill.len() as f64;
        let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
        fill.push([closing_lon, first[1]]);
        fill.push([closing_lon, pole]);
        fill.push([first[0], pole]);
    }
    PreparedRing { fill, strokes }
}

// ---------------------------------------------------------------- painter

struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// Pixels of the drawing per output pixel.
    k: f64,
    svg: bool,
}

impl<DB: DrawingBackend> Painter<'_, DB> {
    fn u(&self, output_px: f64) -> f64 {
        output_px * self.k
    }

    fn round(points: &[[f64; 2]]) -> Vec<(i32, i32)> {
        let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len());
        for p in points {
            let q = (p[0].round() as i32, p[1].round() as i32);
            if out.last() != Some(&q) {
                out.push(q);
            }
        }
        out
    }

    /// Fill a polygon (pixel coordinates), clipped to `clip` if given.
    fn fill(
        &self,
        points: &[[f64; 2]],
        colour: RGBAColor,
        clip: Option<&Rect>,
    ) -> Result<(), MapError> {
        let clipped;
        let pts = match clip {
            Some(r) => {
                clipped = clip_polygon(points, r);
                &clipped[..]
            }
            None => points,
        };
        let pts = Self::round(pts);
        if pts.len() < 3 {
            return Ok(());
        }
        self.area
            .draw(&Polygon::new(pts, colour.filled()))
            .map_err(drawing_error)
    }

    /// Stroke a polyline (pixel coordinates), clipped to `clip` if given.
    fn stroke(
        &self,
        points: &[[f64; 2]],
        colour: RGBAColor,
        width_px: f64,
        clip: Option<&Rect>,
    ) -> Result<(), MapError> {
        let runs = match clip {
            Some(r) => clip_polyline(points, r),
            None => vec![points.to_vec()],
        };
        let w = self.u(width_px);
        for run in runs {
            if self.svg || w < 1.5 {
                let pts = Self::round(&run);
                if pts.len() < 2 {
                    continue;
                }
                let style = ShapeStyle {
                    color: colour,
                    filled: false,
                    stroke_width: (w.round() as u32).max(1),
                };
                self.area
                    .draw(&PathElement::new(pts, style))
                    .map_err(drawing_error)?;
            } else {
                self.thick_line(&run, colour, w)?;
            }
        }
        Ok(())
    }

    /// A thick bitmap line as one quad per segment, with round joins when wide.
    fn thick_line(&self, run: &[[f64; 2]], colour: RGBAColor, w: f64) -> Result<(), MapError> {
        if run.len() < 2 {
            return Ok(());
        }
        let half = w / 2.0;
        for pair in run.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len = (dx * dx + dy * dy).sqrt();
            if len < 1e-9 {
                continue;
            }
            let (nx, ny) = (-dy / len * half, dx / len * half);
            let quad = [
                [a[0] + nx, a[1] + ny],
                [b[0] + nx, b[1] + ny],
                [b[0] - nx, b[1] - ny],
                [a[0] - nx, a[1] - ny],
            ];
            self.fill(&quad, colour, None)?;
        }
        if w >= 3.5 && colour.3 >= 1.0 {
            let r = half.round() as u32;
            for p in &run[1..run.len().saturating_sub(1)] {
                let c = (p[0].round() as i32, p[1].round() as i32);
                self.area
                    .draw(&Circle::new(c, r, colour.filled()))
                    .map_err(drawing_error)?;
            }
        }
        Ok(())
    }

    fn font(&self, size: f64) -> FontDesc<'static> {
        FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal)
    }

    /// Advance width of `text` at `size` (ascent-to-descent pixel height).
    fn text_width(&self, text: &str, size: f64) -> f64 {
        self.font(size)
            .box_size(text)
            .map(|(w, _)| f64::from(w))
            .unwrap_or(text.chars().count() as f64 * size * 0.55)
    }

    /// Draw `text` with its baseline at `baseline_y`; `size` is the ascent-to-descent
    /// height in drawing pixels.
    fn text(
        &self,
        text: &str,
        x: f64,
        baseline_y: f64,
        size: f64,
        colour: RGBAColor,
        h: HPos,
    ) -> Result<(), MapError> {
        if text.is_empty() {
            return Ok(());
        }
        let (font_size, top) = if self.svg {
            // plotters writes font-size = size / 1.24 and dy = 0.76em for VPos::Top.
            let em = size / HEIGHT_PER_EM;
            ((em * 124.0).round() / 100.0, baseline_y - 0.76 * em)
        } else {
            // plotters' ab_glyph puts the baseline half a size below the anchor.
            (size, baseline_y - size / 2.0)
        };
        let style = TextStyle::from(self.font(font_size))
            .color(&colour)
            .pos(Pos::new(h, VPos::Top));
        self.area
            .draw(&Text::new(
                text.to_string(),
                (x.round() as i32, top.round() as i32),
                style,
            ))
            .map_err(drawing_error)
    }

    /// Text with a white halo, for labels over the map.
    fn halo_text(
        &self,
        text: &str,
        x: f64,
        baseline_y: f64,
        size: f64,
        colour: RGBAColor,
        h: HPos,
    ) -> Result<(), MapError> {
        let d = self.u(1.3);
        for (dx, dy) in [
            (-d, 0.0),
            (d, 0.0),
            (0.0, -d),
            (0.0, d),
            (-d * 0.7, -d * 0.7),
            (d * 0.7, -d * 0.7),
            (-d * 0.7, d * 0.7),
            (d * 0.7, d * 0.7),
        ] {
            self.text(text, x + dx, baseline_y + dy, size, rgba(WHITE, 0.9), h)?;
        }
        self.text(text, x, baseline_y, size, colour, h)
    }

    fn rect(&self, r: &Rect, colour: RGBAColor) -> Result<(), MapError> {
        self.fill(
            &[[r.x0, r.y0], [r.x1, r.y0], [r.x1, r.y1], [r.x0, r.y1]],
            colour,
            None,
        )
    }

    fn rect_outline(&self, r: &Rect, colour: RGBAColor, width_px: f64) -> Result<(), MapError> {
        self.stroke(
            &[
                [r.x0, r.y0],
                [r.x1, r.y0],
                [r.x1, r.y1],
                [r.x0, r.y1],
                [r.x0, r.y0],
            ],
            colour,
            width_px,
            None,
        )
    }
}

/// cos/sin of 0°, 15°, …, 345° from literals: marker shapes use no libm calls, so they
/// rasterise identically everywhere.
const UNIT_24: [[f64; 2]; 24] = {
    const C15: f64 = 0.965_925_826_289_068_3; // cos 15°
    const S15: f64 = 0.258_819_045_102_520_74; // sin 15°
    const R3: f64 = 0.866_025_403_784_438_6; // cos 30°
    const R2: f64 = std::f64::consts::FRAC_1_SQRT_2;
    [
        [1.0, 0.0],
        [C15, S15],
        [R3, 0.5],
        [R2, R2],
        [0.5, R3],
        [S15, C15],
        [0.0, 1.0],
        [-S15, C15],
        [-0.5, R3],
        [-R2, R2],
        [-R3, 0.5],
        [-C15, S15],
        [-1.0, 0.0],
        [-C15, -S15],
        [-R3, -0.5],
        [-R2, -R2],
        [-0.5, -R3],
        [-S15, -C15],
        [0.0, -1.0],
        [S15, -C15],
        [0.5, -R3],
        [R2, -R2],
        [R3, -0.5],
        [C15, -S15],
    ]
};

/// Marker outline polygons around `c` with nominal radius `r`.
fn marker_shapes(marker: Marker, c: [f64; 2], r: f64) -> Vec<Vec<[f64; 2]>> {
    // `n` vertices starting at `start_deg` (a multiple of 15°; y grows downwards).
    let poly = |n: usize, radius: f64, start_deg: i32| -> Vec<[f64; 2]> {
        let start = (start_deg.rem_euclid(360) / 15) as usize;
        (0..n)
            .map(|i| {
                let [cos, sin] = UNIT_24[(start + i * 24 / n) % 24];
                [c[0] + radius * cos, c[1] + radius * sin]
            })
            .collect()
    };
    match marker {
        Marker::Circle => vec![poly(24, r, 0)],
        Marker::Square => vec![poly(4, r * 1.25, 45)],
        Marker::Triangle => {
            let t = poly(3, r * 1.45, -90);
            // Sit the triangle's centroid slightly low so it looks centred.
            vec![t.iter().map(|p| [p[0], p[1] + r * 0.2]).collect()]
        }
        Marker::Diamond => vec![poly(4, r * 1.35, 0)],
        Marker::Cross => {
            let (l, w) = (r * 1.3, r * 0.38);
            let bar = |ux: f64, uy: f64| {
                let (nx, ny) = (-uy * w, ux * w);
                vec![
                    [c[0] + ux * l + nx, c[1] + uy * l + ny],
                    [c[0] - ux * l + nx, c[1] - uy * l + ny],
                    [c[0] - ux * l - nx, c[1] - uy * l - ny],
                    [c[0] + ux * l - nx, c[1] + uy * l - ny],
                ]
            };
            let s = std::f64::consts::FRAC_1_SQRT_2;
            vec![bar(s, s), bar(s, -s)]
        }
    }
}

fn grow(shapes: &[Vec<[f64; 2]>], c: [f64; 2], by: f64) -> Vec<Vec<[f64; 2]>> {
    shapes
        .iter()
        .map(|s| {
            s.iter()
                .map(|p| {
                    let (dx, dy) = (p[0] - c[0], p[1] - c[1]);
                    let d = (dx * dx + dy * dy).sqrt().max(1e-9);
                    [p[0] + dx / d * by, p[1] + dy / d * by]
                })
                .collect()
        })
        .collect()
}

fn format_lon(lon: f64) -> String {
    let v = wrap_lon_deg(lon);
    let a = format_deg(v.abs());
    if v == 0.0 || v == -180.0 {
        format!("{a}°")
    } else if v > 0.0 {
        format!("{a}°E")
    } else {
        format!("{a}°W")
    }
}

fn format_lat(lat: f64) -> String {
    let a = format_deg(lat.abs());
    if lat == 0.0 {
        "0°".to_string()
    } else if lat > 0.0 {
        format!("{a}°N")
    } else {
        format!("{a}°S")
    }
}

fn format_deg(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Graticule spacing: the finest of 0.5..30° giving at most `max_lines` lines.
fn graticule_step(span_deg: f64, max_lines: f64) -> f64 {
    [0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0]
        .into_iter()
        .find(|s| span_deg / s <= max_lines)
        .unwrap_or(30.0)
}

/// One legend row: what swatch to draw and the label.
enum Swatch {
    Fill(Rgb, f64),
    Line(Rgb, f64),
    Point(Rgb, Marker),
    Gradient,
}

struct PendingLabel {
    text: String,
    at: [f64; 2],
    marker_r: f64,
}

// ---------------------------------------------------------------- the map

fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &Map,
    k: f64,
    svg: bool,
) -> Result<(), MapError> {
    let p = Painter { area, k, svg };
    let (w, h) = (f64::from(map.width_px) * k, f64::from(map.height_px) * k);
    let base = f64::from(map.width_px.min(map.height_px * 3 / 2));
    let title_size = p.u((base / 45.0).clamp(15.0, 30.0));
    let subtitle_size = title_size * 0.64;
    let tick_size = p.u((base / 85.0).clamp(11.0, 16.0));
    let legend_size = tick_size * 1.05;
    let small_size = tick_size * 0.85;
    let margin = p.u(14.0);

    area.fill(&rgba(WHITE, 1.0)).map_err(drawing_error)?;

    // --- layout
    let title_baseline = margin + title_size * 0.8;
    let mut header_bottom = title_baseline;
    let subtitle_baseline = title_baseline + subtitle_size * 1.45;
    if !map.subtitle.is_empty() {
        header_bottom = subtitle_baseline;
    }
    let lat_label_w = p
        .text_width("90°N", tick_size)
        .max(p.text_width("88.5°N", tick_size));
    let tick_row = p.u(6.0) + tick_size * 0.8;
    let bar_h = p.u(12.0);
    let bottom_block = if map.colour_scale.is_some() {
        tick_row + p.u(12.0) + bar_h + p.u(5.0) + tick_size * 0.9
    } else {
        tick_row + p.u(8.0) + small_size * 0.8
    };
    let avail = Rect {
        x0: margin + lat_label_w + p.u(8.0),
        y0: header_bottom + p.u(14.0),
        x1: w - margin - p.u(8.0),
        y1: h - margin - bottom_block,
    };
    if avail.x1 - avail.x0 < p.u(40.0) || avail.y1 - avail.y0 < p.u(40.0) {
        return Err(MapError::Invalid(
            "image too small for the map layout".into(),
        ));
    }
    let view = View::fit(map.fitted_bounds(), avail);
    let plot = view.plot;

    // --- background, land, graticule, coast
    p.rect(&plot, rgba(OCEAN, 1.0))?;
    let coast = coast_rings(map.coastlines, &view)?;
    for ring in &coast {
        for copy in view.project_copies(&ring.fill) {
            p.fill(&copy, rgba(LAND, 1.0), Some(&plot))?;
        }
    }
    let lon_step = graticule_step(
        view.lon_max - view.lon_min,
        ((plot.x1 - plot.x0) / p.u(90.0)).clamp(3.0, 16.0),
    );
    let lat_step = graticule_step(
        view.lat_max - view.lat_min,
        ((plot.y1 - plot.y0) / p.u(55.0)).clamp(3.0, 10.0),
    );
    let meridians: Vec<f64> = multiples(view.lon_min, view.lon_max, lon_step);
    let parallels: Vec<f64> = multiples(
        view.lat_min.max(-89.999),
        view.lat_max.min(89.999),
        lat_step,
    );
    let grid = rgba(GRID, 0.28);
    for &lon in &meridians {
        let x = view.xy([lon, 0.0], 0.0)[0];
        p.stroke(&[[x, plot.y0], [x, plot.y1]], grid, 1.0, Some(&plot))?;
    }
    for &lat in &parallels {
        let y = view.xy([0.0, lat], 0.0)[1];
        p.stroke(&[[plot.x0, y], [plot.x1, y]], grid, 1.0, Some(&plot))?;
    }
    let draw_coast = |colour: RGBAColor, width: f64| -> Result<(), MapError> {
        for ring in &coast {
            for stroke in &ring.strokes {
                for copy in view.project_copies(stroke) {
                    p.stroke(&copy, colour, width, Some(&plot))?;
                }
            }
        }
        Ok(())
    };
    draw_coast(rgba(COAST, 1.0), 0.8)?;

    // --- layers
    let mut labels: Vec<PendingLabel> = Vec::new();
    let mut occupied: Vec<[f64; 2]> = Vec::new();
    let mut legend: Vec<(Swatch, String)> = Vec::new();
    let marker_r = p.u(5.0);
    for layer in &map.layers {
        match layer {
            Layer::Polygons {
                label,
                colour,
                fill_alpha,
                rings,
            } => {
                for ring in rings {
                    let prepared = prepare_ring(ring, false);
                    if *fill_alpha > 0.0 {
                        for copy in view.project_copies(&prepared.fill) {
                            p.fill(&copy, rgba(*colour, *fill_alpha), Some(&plot))?;
                        }
                    }
                    for s in &prepared.strokes {
                        for copy in view.project_copies(s) {
                            occupied.extend(copy.iter().filter(|q| plot.contains(**q)));
                            p.stroke(&copy, rgba(*colour, 1.0), 1.6, Some(&plot))?;
                        }
                    }
                }
                legend.push((Swatch::Fill(*colour, *fill_alpha), label.clone()));
            }
            Layer::Lines {
                label,
                colour,
                width_px,
                lines,
            } => {
                for line in lines {
                    for run in project_line(&view, line) {
                        occupied.extend(run.iter().copied());
                        p.stroke(&run, rgba(*colour, 1.0), *width_px, None)?;
                    }
                }
                legend.push((Swatch::Line(*colour, *width_px), label.clone()));
            }
            Layer::Points {
                label,
                colour,
                marker,
                points,
            } => {
                for (point, text) in points {
                    let lon = wrap_lon_deg(point[0]);
                    for offset in view.offsets(lon, lon) {
                        let c = view.xy([lon, point[1]], offset);
                        if !plot.contains(c) {
                            continue;
                        }
                        let shapes = marker_shapes(*marker, c, marker_r);
                        for s in grow(&shapes, c, p.u(1.6)) {
                            p.fill(&s, rgba(WHITE, 1.0), Some(&plot))?;
                        }
                        for s in &shapes {
                            p.fill(s, rgba(*colour, 1.0), Some(&plot))?;
                        }
                        for _ in 0..8 {
                            occupied.push(c);
                        }
                        if let Some(text) = text.as_ref().filter(|t| !t.is_empty()) {
                            labels.push(PendingLabel {
                                text: text.clone(),
                                at: c,
                                marker_r,
                            });
                        }
                    }
                }
                legend.push((Swatch::Point(*colour, *marker), label.clone()));
            }
            Layer::Cells { label, cells } => {
                let Some(scale) = &map.colour_scale else {
                    continue;
                };
                for (b, value) in cells {
                    if value.is_nan() {
                        continue;
                    }
                    let b = b.normalised();
                    let corners = [
                        [b.lon_min_deg, b.lat_min_deg],
                        [b.lon_max_deg, b.lat_min_deg],
                        [b.lon_max_deg, b.lat_max_deg],
                        [b.lon_min_deg, b.lat_max_deg],
                    ];
                    for copy in view.project_copies(&corners) {
                        let centre = [
                            (copy[0][0] + copy[2][0]) / 2.0,
                            (copy[0][1] + copy[2][1]) / 2.0,
                        ];
                        if plot.contains(centre) {
                            occupied.push(centre);
                        }
                        p.fill(&copy, rgba(scale.colour_at(*value), 1.0), Some(&plot))?;
                    }
                }
                draw_coast(rgba(Rgb(60, 60, 60), 0.75), 0.8)?;
                legend.push((Swatch::Gradient, label.clone()));
            }
        }
    }

    // --- frame and degree labels
    p.rect_outline(&plot, rgba(FRAME, 1.0), 1.0)?;
    let ink = rgba(INK, 1.0);
    let soft = rgba(SOFT_INK, 1.0);
    let mut last_right = f64::NEG_INFINITY;
    for &lon in &meridians {
        let x = view.xy([lon, 0.0], 0.0)[0];
        let text = format_lon(lon);
        let half = p.text_width(&text, tick_size) / 2.0;
        if x - half < last_right + p.u(8.0) || x + half > w - p.u(2.0) || x - half < p.u(2.0) {
            continue;
        }
        p.text(&text, x, plot.y1 + tick_row, tick_size, soft, HPos::Center)?;
        last_right = x + half;
    }
    let mut last_y = f64::INFINITY;
    for &lat in &parallels {
        let y = view.xy([0.0, lat], 0.0)[1];
        if y > last_y - tick_size * 1.2 {
            continue;
        }
        let baseline = y + tick_size * CAP_PER_HEIGHT / 2.0;
        p.text(
            &format_lat(lat),
            plot.x0 - p.u(6.0),
            baseline,
            tick_size,
            soft,
            HPos::Right,
        )?;
        last_y = y;
    }

    // --- legend (placed where it covers the least data), then point labels around it
    let legend_rows: Vec<&(Swatch, String)> =
        legend.iter().filter(|(_, l)| !l.is_empty()).collect();
    let row_h = legend_size * 1.55;
    let pad = p.u(9.0);
    let swatch_w = p.u(26.0);
    let legend_w = legend_rows
        .iter()
        .map(|(_, l)| p.text_width(l, legend_size))
        .fold(0.0, f64::max)
        + swatch_w
        + p.u(8.0)
        + 2.0 * pad;
    let legend_h = row_h * legend_rows.len() as f64 + 2.0 * pad - (row_h - legend_size) * 0.5;
    let inset = p.u(10.0);
    let legend_box = if legend_rows.is_empty() {
        None
    } else {
        let candidates = [
            Rect {
                x0: plot.x1 - inset - legend_w,
                y0: plot.y0 + inset,
                x1: plot.x1 - inset,
                y1: plot.y0 + inset + legend_h,
            },
            Rect {
                x0: plot.x0 + inset,
                y0: plot.y0 + inset,
                x1: plot.x0 + inset + legend_w,
                y1: plot.y0 + inset + legend_h,
            },
            Rect {
                x0: plot.x1 - inset - legend_w,
                y0: plot.y1 - inset - legend_h,
                x1: plot.x1 - inset,
                y1: plot.y1 - inset,
            },
            Rect {
                x0: plot.x0 + inset,
                y0: plot.y1 - inset - legend_h,
                x1: plot.x0 + inset + legend_w,
                y1: plot.y1 - inset,
            },
        ];
        let label_boxes: Vec<Rect> = labels
            .iter()
            .map(|l| Rect {
                x0: l.at[0] - l.marker_r,
                y0: l.at[1] - l.marker_r,
                x1: l.at[0] + l.marker_r + p.text_width(&l.text, tick_size) + p.u(6.0),
                y1: l.at[1] + l.marker_r,
            })
            .collect();
        let score = |r: &Rect| {
            occupied.iter().filter(|q| r.contains(**q)).count()
                + 20 * label_boxes.iter().filter(|b| b.intersects(r)).count()
        };
        let mut best = candidates[0];
        let mut best_score = usize::MAX;
        for c in candidates {
            let s = score(&c);
            if s < best_score {
                best = c;
                best_score = s;
            }
        }
        Some(best)
    };

    let mut taken: Vec<Rect> = legend_box.iter().copied().collect();
    for l in &labels {
        let m = l.marker_r * 1.3;
        taken.push(Rect {
            x0: l.at[0] - m,
            y0: l.at[1] - m,
            x1: l.at[0] + m,
            y1: l.at[1] + m,
        });
    }
    for l in &labels {
        let tw = p.text_width(&l.text, tick_size);
        let cap = tick_size * CAP_PER_HEIGHT;
        let gap = l.marker_r + p.u(5.0);
        let halo = p.u(2.0);
        // (left x, baseline y) candidates: right, left, above, below, diagonals.
        let candidates = [
            (l.at[0] + gap, l.at[1] + cap / 2.0),
            (l.at[0] - gap - tw, l.at[1] + cap / 2.0),
            (l.at[0] - tw / 2.0, l.at[1] - gap),
            (l.at[0] - tw / 2.0, l.at[1] + gap + cap),
            (l.at[0] + gap * 0.8, l.at[1] - gap * 0.6),
            (l.at[0] + gap * 0.8, l.at[1] + gap * 0.6 + cap),
            (l.at[0] - gap * 0.8 - tw, l.at[1] - gap * 0.6),
            (l.at[0] - gap * 0.8 - tw, l.at[1] + gap * 0.6 + cap),
        ];
        let boxed = |(x, y): (f64, f64)| Rect {
            x0: x - halo,
            y0: y - cap - halo,
            x1: x + tw + halo,
            y1: y + tick_size * 0.25 + halo,
        };
        let inside =
            |r: &Rect| r.x0 >= plot.x0 && r.x1 <= plot.x1 && r.y0 >= plot.y0 && r.y1 <= plot.y1;
        let others: Vec<&Rect> = taken.iter().filter(|t| !(t.contains(l.at))).collect();
        let choice = candidates
            .iter()
            .copied()
            .find(|&c| inside(&boxed(c)) && !others.iter().any(|t| t.intersects(&boxed(c))))
            .or_else(|| candidates.iter().copied().find(|&c| inside(&boxed(c))));
        if let Some((x, y)) = choice {
            p.halo_text(&l.text, x, y, tick_size, ink, HPos::Left)?;
            taken.push(boxed((x, y)));
        }
    }

    if let Some(lb) = legend_box {
        p.rect(&lb, rgba(WHITE, 0.9))?;
        p.rect_outline(&lb, rgba(Rgb(160, 160, 160), 1.0), 1.0)?;
        for (i, (swatch, label)) in legend_rows.iter().enumerate() {
            let cy = lb.y0 + pad + row_h * i as f64 + legend_size * 0.5;
            let sx = lb.x0 + pad;
            let sw = Rect {
                x0: sx,
                y0: cy - p.u(6.0),
                x1: sx + swatch_w,
                y1: cy + p.u(6.0),
            };
            match swatch {
                Swatch::Fill(c, a) => {
                    p.rect(&sw, rgba(*c, a.max(0.15)))?;
                    p.rect_outline(&sw, rgba(*c, 1.0), 1.6)?;
                }
                Swatch::Line(c, width) => {
                    p.stroke(&[[sw.x0, cy], [sw.x1, cy]], rgba(*c, 1.0), *width, None)?;
                }
                Swatch::Point(c, m) => {
                    let centre = [(sw.x0 + sw.x1) / 2.0, cy];
                    let shapes = marker_shapes(*m, centre, marker_r);
                    for s in grow(&shapes, centre, p.u(1.6)) {
                        p.fill(&s, rgba(WHITE, 1.0), None)?;
                    }
                    for s in &shapes {
                        p.fill(s, rgba(*c, 1.0), None)?;
                    }
                }
                Swatch::Gradient => {
                    let n = 12;
                    for j in 0..n {
                        let x0 = sw.x0 + (sw.x1 - sw.x0) * j as f64 / n as f64;
                        let x1 = sw.x0 + (sw.x1 - sw.x0) * (j + 1) as f64 / n as f64;
                        let c = viridis((j as f64 + 0.5) / n as f64);
                        p.rect(
                            &Rect {
                                x0,
                                y0: sw.y0,
                                x1,
                                y1: sw.y1,
                            },
                            rgba(c, 1.0),
                        )?;
                    }
                }
            }
            let baseline = cy + legend_size * CAP_PER_HEIGHT / 2.0;
            p.text(
                label,
                sw.x1 + p.u(8.0),
                baseline,
                legend_size,
                ink,
                HPos::Left,
            )?;
        }
    }

    // --- title, colour bar, attribution
    p.text(
        &map.title,
        plot.x0,
        title_baseline,
        title_size,
        ink,
        HPos::Left,
    )?;
    if !map.subtitle.is_empty() {
        p.text(
            &map.subtitle,
            plot.x0,
            subtitle_baseline,
            subtitle_size,
            soft,
            HPos::Left,
        )?;
    }
    let row2_top = plot.y1 + tick_row + p.u(12.0);
    let mut attribution_baseline = plot.y1 + tick_row + p.u(8.0) + small_size * 0.8;
    if let Some(scale) = &map.colour_scale {
        draw_colour_bar(&p, scale, plot, row2_top, bar_h, tick_size)?;
        attribution_baseline = row2_top + bar_h + p.u(5.0) + tick_size * 0.8;
    }
    if map.coastlines != Coastlines::Off {
        p.text(
            coastlines::ATTRIBUTION,
            plot.x1,
            attribution_baseline,
            small_size,
            rgba(Rgb(120, 120, 120), 1.0),
            HPos::Right,
        )?;
    }
    Ok(())
}

fn draw_colour_bar<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    scale: &ColourScale,
    plot: Rect,
    top: f64,
    bar_h: f64,
    tick_size: f64,
) -> Result<(), MapError> {
    let ink = rgba(INK, 1.0);
    let label_w = p.text_width(&scale.label, tick_size);
    let x0 = plot.x0 + label_w + p.u(12.0);
    let width = ((plot.x1 - plot.x0) * 0.42).min(p.u(380.0));
    let bar = Rect {
        x0,
        y0: top,
        x1: x0 + width,
        y1: top + bar_h,
    };
    let baseline = top + bar_h / 2.0 + tick_size * CAP_PER_HEIGHT / 2.0;
    p.text(&scale.label, plot.x0, baseline, tick_size, ink, HPos::Left)?;
    let n = (width / p.k).round().max(1.0) as usize;
    for j in 0..n {
        let a = bar.x0 + width * j as f64 / n as f64;
        let b = bar.x0 + width * (j + 1) as f64 / n as f64;
        let c = viridis((j as f64 + 0.5) / n as f64);
        p.rect(
            &Rect {
                x0: a,
                y0: bar.y0,
                x1: b,
                y1: bar.y1,
            },
            rgba(c, 1.0),
        )?;
    }
    p.rect_outline(&bar, rgba(FRAME, 1.0), 0.8)?;
    for v in scale.ticks() {
        let x = bar.x0 + width * (v - scale.min) / (scale.max - scale.min);
        p.stroke(
            &[[x, bar.y1], [x, bar.y1 + p.u(4.0)]],
            rgba(FRAME, 1.0),
            1.0,
            None,
        )?;
        p.text(
            &format_tick(v),
            x,
            bar.y1 + p.u(5.0) + tick_size * 0.8,
            tick_size * 0.9,
            ink,
            HPos::Center,
        )?;
    }
    Ok(())
}

/// Multiples of `step` in [lo, hi].
fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Coastline rings to draw for this view, prepared (empty when switched off).
fn coast_rings(choice: Coastlines, view: &View) -> Result<Vec<PreparedRing>, MapError> {
    let rings: &[Ring] = match choice {
        Coastlines::Off => return Ok(Vec::new()),
        Coastlines::Low => coastlines::land_110m()?,
        Coastlines::Medium => coastlines::land_50m()?,
        Coastlines::Auto => {
            if view.lon_max - view.lon_min < 100.0 {
                coastlines::land_50m()?
            } else {
                coastlines::land_110m()?
            }
        }
    };
    Ok(rings
        .iter()
        .filter(|r| {
            let (_, _, lo, hi) = coastlines::extent(r);
            view.lat_visible(lo, hi)
        })
        .map(|r| prepare_ring(r, true))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(b: GeoBox) -> View {
        View::fit(
            b,
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 1000.0,
                y1: 500.0,
            },
        )
    }

    #[test]
    fn world_view_is_plate_carree() {
        let v = view(GeoBox::world());
        assert_eq!(
            (v.lon_min, v.lon_max, v.lat_min, v.lat_max),
            (-180.0, 180.0, -90.0, 90.0)
        );
        assert_eq!(v.xy([0.0, 0.0], 0.0), [500.0, 250.0]);
    }

    #[test]
    fn line_across_the_antimeridian_is_split_in_a_greenwich_view() {
        let v = view(GeoBox::world());
        let runs = project_line(&v, &[[170.0, 10.0], [-170.0, 20.0]]);
        assert_eq!(runs.len(), 2, "{runs:?}");
        for run in &runs {
            for pair in run.windows(2) {
                assert!(
                    (pair[1][0] - pair[0][0]).abs() < 100.0,
                    "segment spans the map: {run:?}"
                );
            }
        }
    }

    #[test]
    fn line_across_the_antimeridian_is_whole_in_a_pacific_view() {
        let v = view(GeoBox::new(150.0, -150.0, 0.0, 40.0));
        assert!(v.lon_min < 150.0 && v.lon_max > 210.0);
        let runs = project_line(&v, &[[170.0, 10.0], [-170.0, 20.0]]);
        assert_eq!(runs.len(), 1);
        assert!(runs[0][1][0] > runs[0][0][0]);
    }

    #[test]
    fn polar_ring_is_closed_over_the_pole() {
        let ring: Vec<[f64; 2]> = (0..36)
            .map(|i| [-180.0 + 10.0 * f64::from(i), -70.0])
            .collect();
        let prepared = prepare_ring(&ring, true);
        assert_eq!(prepared.fill.last(), Some(&[-180.0, -90.0]));
        assert_eq!(prepared.strokes.len(), 1);
    }

    #[test]
    fn natural_earth_cut_edges_are_not_stroked() {
        let ring = vec![
            [-180.0, 60.0],
            [-170.0, 60.0],
            [-170.0, 70.0],
            [-180.0, 70.0],
        ];
        let prepared = prepare_ring(&ring, true);
        // The closing edge runs along the antimeridian: dropped.
        assert_eq!(prepared.strokes, vec![ring.clone()]);
    }

    #[test]
    fn degree_labels() {
        assert_eq!(format_lon(-150.0), "150°W");
        assert_eq!(format_lon(180.0), "180°");
        assert_eq!(format_lon(210.0), "150°W");
        assert_eq!(format_lon(0.0), "0°");
        assert_eq!(format_lat(-30.0), "30°S");
        assert_eq!(format_lat(2.5), "2.5°N");
        assert_eq!(graticule_step(360.0, 12.0), 30.0);
        assert_eq!(graticule_step(40.0, 10.0), 5.0);
    }
}
