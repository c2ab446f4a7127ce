//! Drawing a [`Map`]: layout, then named layers from the sea up to the title.
//!
//! All geometry is projected and clipped in `f64` pixel space ([`View`]), then rounded to
//! integer pixels for plotters. PNGs are drawn `k`× larger and box-filtered down, which
//! anti-aliases every edge deterministically.

mod furniture;
mod layers;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use crate::canvas::{Painter, drawing_error, rgba, supersampled_png};
use crate::clip::Rect;
use crate::palette::{Rgb, map as colours};
use crate::projection::{Projection, View};
use crate::text::ensure_font;
use crate::{Layer, Map, MapError, Marker};

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
    if let Projection::Azimuthal {
        centre_deg: Some(c),
    } = map.projection
        && !(c[0].is_finite() && (-90.0..=90.0).contains(&c[1]))
    {
        return invalid(format!("azimuthal centre {c:?} is not a finite lon/lat"));
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
    if let Some(inset) = &map.inset {
        if !inset.size.iter().all(|s| *s > 0.0 && *s < 1.0) {
            return invalid(format!(
                "inset size {:?} is not a share of the plot in (0, 1)",
                inset.size
            ));
        }
        // The inset's own size is set when it is placed.
        let mut m = inset.map.clone();
        (m.width_px, m.height_px) = (64, 64);
        validate(&m)?;
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

/// Text sizes and spacings of a map, in drawing pixels.
struct Sizes {
    title: f64,
    subtitle: f64,
    tick: f64,
    legend: f64,
    small: f64,
    margin: f64,
    marker_r: f64,
}

impl Sizes {
    fn of<DB: DrawingBackend>(p: &Painter<'_, DB>, map: &Map) -> Sizes {
        let base = f64::from(map.width_px.min(map.height_px * 3 / 2));
        let title = p.u((base / 45.0).clamp(15.0, 30.0));
        let tick = p.u((base / 85.0).clamp(11.0, 16.0));
        Sizes {
            title,
            subtitle: title * 0.64,
            tick,
            legend: tick * 1.05,
            small: tick * 0.85,
            margin: p.u(14.0),
            marker_r: p.u(5.0),
        }
    }
}

/// Where the parts of the map go, in drawing pixels.
struct Layout {
    /// Image width.
    width: f64,
    title_baseline: f64,
    subtitle_baseline: f64,
    /// Height of the row of degree labels under the plot.
    tick_row: f64,
    /// Height of the colour bar.
    bar_h: f64,
    /// The rectangle the plot is fitted into.
    avail: Rect,
}

impl Layout {
    fn of<DB: DrawingBackend>(
        p: &Painter<'_, DB>,
        map: &Map,
        s: &Sizes,
    ) -> Result<Layout, MapError> {
        let (w, h) = (
            f64::from(map.width_px) * p.k,
            f64::from(map.height_px) * p.k,
        );
        let title_baseline = s.margin + s.title * 0.8;
        let subtitle_baseline = title_baseline + s.subtitle * 1.45;
        let header_bottom = if map.subtitle.is_empty() {
            title_baseline
        } else {
            subtitle_baseline
        };
        let lat_label_w = p
            .text_width("90°N", s.tick)
            .max(p.text_width("88.5°N", s.tick));
        let tick_row = p.u(6.0) + s.tick * 0.8;
        let bar_h = p.u(12.0);
        let bottom_block = if map.colour_scale.is_some() {
            tick_row + p.u(12.0) + bar_h + p.u(5.0) + s.tick * 0.9
        } else {
            tick_row + p.u(8.0) + s.small * 0.8
        };
        let avail = Rect {
            x0: s.margin + lat_label_w + p.u(8.0),
            y0: header_bottom + p.u(14.0),
            x1: w - s.margin - p.u(8.0),
            y1: h - s.margin - bottom_block,
        };
        if avail.x1 - avail.x0 < p.u(40.0) || avail.y1 - avail.y0 < p.u(40.0) {
            return Err(MapError::Invalid(
                "image too small for the map layout".into(),
            ));
        }
        Ok(Layout {
            width: w,
            title_baseline,
            subtitle_baseline,
            tick_row,
            bar_h,
            avail,
        })
    }
}

/// One legend row: what swatch to draw and the label.
enum Swatch {
    Fill(Rgb, f64),
    Line(Rgb, f64),
    Point(Rgb, Marker),
    Gradient,
}

/// A point label waiting for a place (after the legend's).
struct PendingLabel {
    text: String,
    at: [f64; 2],
    marker_r: f64,
}

/// What the layers left for the furniture: where data was drawn (pixels; the legend and
/// an inset avoid it), labels to place and legend rows.
#[derive(Default)]
struct Drawn {
    occupied: Vec<[f64; 2]>,
    labels: Vec<PendingLabel>,
    legend: Vec<(Swatch, String)>,
}

/// Draws `map` on `area`, `k` drawing pixels per output pixel.
fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &Map,
    k: f64,
    svg: bool,
) -> Result<(), MapError> {
    let p = Painter { area, k, svg };
    let sizes = Sizes::of(&p, map);
    area.fill(&rgba(Rgb::WHITE, 1.0)).map_err(drawing_error)?;
    let layout = Layout::of(&p, map, &sizes)?;
    let view = View::fit(map, layout.avail);
    let plot = view.plot();

    let coast = layers::coast_rings(map.coastlines, &view)?;
    layers::sea_and_land(&p, &view, &coast)?;
    let graticule = view.graticule(p.u(90.0), p.u(55.0));
    layers::graticule_lines(&p, &graticule, plot)?;
    layers::coast(&p, &view, &coast, rgba(colours::COAST, 1.0))?;
    let mut drawn = Drawn::default();
    for layer in &map.layers {
        layers::data_layer(&p, &view, map, layer, &coast, sizes.marker_r, &mut drawn)?;
    }
    let inset = match &map.inset {
        Some(inset) => Some(furniture::inset(&p, plot, inset, &drawn.occupied)?),
        None => None,
    };

    p.rect_outline(&plot, rgba(colours::FRAME, 1.0), 1.0)?;
    furniture::degree_labels(&p, &graticule, plot, &layout, &sizes)?;
    let legend_box = furniture::place_legend(&p, &drawn, plot, inset, &sizes);
    furniture::point_labels(
        &p,
        &drawn.labels,
        plot,
        legend_box.iter().chain(&inset),
        &sizes,
    )?;
    if let Some(lb) = legend_box {
        furniture::legend(&p, lb, &drawn.legend, &sizes)?;
    }
    furniture::titles(&p, map, plot, &layout, &sizes)?;
    furniture::colour_bar_and_attribution(&p, map, plot, &layout, &sizes)
}
