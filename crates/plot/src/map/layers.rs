//! The geographic layers of a map, bottom to top: sea, land, graticule, coastlines, then
//! the map's own layers (polygons, lines, points, heat-map cells).

use plotters::prelude::{DrawingBackend, RGBAColor};

use crate::canvas::{Painter, grow, marker_shapes, rgba};
use crate::clip::Rect;
use crate::coastlines::{self, Coastlines, Ring};
use crate::geo::GeoBox;
use crate::palette::{ColourScale, Rgb, map as colours};
use crate::projection::{Graticule, PreparedRing, View, prepare_ring};
use crate::{Layer, Map, MapError, Marker};

use super::{Drawn, PendingLabel, Swatch};

/// Coastline rings to draw for this view, prepared (empty when switched off).
pub(super) fn coast_rings(choice: Coastlines, view: &View) -> Result<Vec<PreparedRing>, MapError> {
    let rings: &[Ring] = match choice {
        Coastlines::Off => return Ok(Vec::new()),
        Coastlines::Low => coastlines::land_110m()?,
        Coastlines::Medium => coastlines::land_50m()?,
        Coastlines::Auto => {
            if view.width_deg() < 100.0 {
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

/// The sea (the plot, or the part of it showing the Earth) and the land on it.
pub(super) fn sea_and_land<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    view: &View,
    coast: &[PreparedRing],
) -> Result<(), MapError> {
    let plot = view.plot();
    match view.disc() {
        Some(disc) => p.fill(&disc, rgba(colours::OCEAN, 1.0), Some(&plot))?,
        None => p.rect(&plot, rgba(colours::OCEAN, 1.0))?,
    }
    for ring in coast {
        for poly in view.fills(&ring.fill) {
            p.fill(&poly, rgba(colours::LAND, 1.0), Some(&plot))?;
        }
    }
    Ok(())
}

/// The graticule's lines, faint, within the plot.
pub(super) fn graticule_lines<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    graticule: &Graticule,
    plot: Rect,
) -> Result<(), MapError> {
    let grid = rgba(colours::GRID, 0.28);
    for line in &graticule.lines {
        p.stroke(line, grid, 1.0, Some(&plot))?;
    }
    Ok(())
}

/// Coastlines in `colour`, 0.8 px wide.
pub(super) fn coast<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    view: &View,
    coast: &[PreparedRing],
    colour: RGBAColor,
) -> Result<(), MapError> {
    let plot = view.plot();
    for ring in coast {
        for stroke in &ring.strokes {
            for path in view.strokes(stroke) {
                p.stroke(&path, colour, 0.8, Some(&plot))?;
            }
        }
    }
    Ok(())
}

/// One of the map's layers, adding to `drawn` where it drew, its labels and legend row.
pub(super) fn data_layer<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    view: &View,
    map: &Map,
    layer: &Layer,
    coast_rings: &[PreparedRing],
    marker_r: f64,
    drawn: &mut Drawn,
) -> Result<(), MapError> {
    match layer {
        Layer::Polygons {
            label,
            colour,
            fill_alpha,
            rings,
        } => {
            polygons(p, view, *colour, *fill_alpha, rings, drawn)?;
            drawn
                .legend
                .push((Swatch::Fill(*colour, *fill_alpha), label.clone()));
        }
        Layer::Lines {
            label,
            colour,
            width_px,
            lines,
        } => {
            for line in lines {
                for run in view.line(line) {
                    drawn.occupied.extend(run.iter().copied());
                    p.stroke(&run, rgba(*colour, 1.0), *width_px, None)?;
                }
            }
            drawn
                .legend
                .push((Swatch::Line(*colour, *width_px), label.clone()));
        }
        Layer::Points {
            label,
            colour,
            marker,
            points,
        } => {
            markers(p, view, *colour, *marker, points, marker_r, drawn)?;
            drawn
                .legend
                .push((Swatch::Point(*colour, *marker), label.clone()));
        }
        Layer::Cells { label, cells } => {
            let Some(scale) = &map.colour_scale else {
                return Ok(());
            };
            heat_cells(p, view, scale, cells, drawn)?;
            coast(p, view, coast_rings, rgba(colours::COAST_OVER_CELLS, 0.75))?;
            drawn.legend.push((Swatch::Gradient, label.clone()));
        }
    }
    Ok(())
}

/// Filled rings with a 1.6 px outline.
fn polygons<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    view: &View,
    colour: Rgb,
    fill_alpha: f64,
    rings: &[Vec<[f64; 2]>],
    drawn: &mut Drawn,
) -> Result<(), MapError> {
    let plot = view.plot();
    for ring in rings {
        let prepared = prepare_ring(ring, false);
        if fill_alpha > 0.0 {
            for poly in view.fills(&prepared.fill) {
                p.fill(&poly, rgba(colour, fill_alpha), Some(&plot))?;
            }
        }
        for s in &prepared.strokes {
            for path in view.strokes(s) {
                drawn
                    .occupied
                    .extend(path.iter().filter(|q| plot.contains(**q)));
                p.stroke(&path, rgba(colour, 1.0), 1.6, Some(&plot))?;
            }
        }
    }
    Ok(())
}

/// Markers with a white halo; their labels wait in `drawn`.
fn markers<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    view: &View,
    colour: Rgb,
    marker: Marker,
    points: &[([f64; 2], Option<String>)],
    marker_r: f64,
    drawn: &mut Drawn,
) -> Result<(), MapError> {
    let plot = view.plot();
    for (point, text) in points {
        for c in view.points(*point) {
            if !plot.contains(c) {
                continue;
            }
            let shapes = marker_shapes(marker, c, marker_r);
            for s in grow(&shapes, c, p.u(1.6)) {
                p.fill(&s, rgba(Rgb::WHITE, 1.0), Some(&plot))?;
            }
            for s in &shapes {
                p.fill(s, rgba(colour, 1.0), Some(&plot))?;
            }
            // A marker weighs like eight points of a line when placing the legend.
            drawn.occupied.extend([c; 8]);
            if let Some(text) = text.as_ref().filter(|t| !t.is_empty()) {
                drawn.labels.push(PendingLabel {
                    text: text.clone(),
                    at: c,
                    marker_r,
                });
            }
        }
    }
    Ok(())
}

/// Heat-map cells coloured through `scale` (NaN cells left out).
fn heat_cells<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    view: &View,
    scale: &ColourScale,
    cells: &[(GeoBox, f64)],
    drawn: &mut Drawn,
) -> Result<(), MapError> {
    let plot = view.plot();
    for (b, value) in cells {
        if value.is_nan() {
            continue;
        }
        for (poly, centre) in view.cells(*b) {
            if plot.contains(centre) {
                drawn.occupied.push(centre);
            }
            p.fill(&poly, rgba(scale.colour_at(*value), 1.0), Some(&plot))?;
        }
    }
    Ok(())
}
