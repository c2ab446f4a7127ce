//! Everything around and over the map's data: an inset, degree labels, the legend, point
//! labels, title, colour bar and attribution.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::HPos;

use crate::canvas::{Painter, grow, marker_shapes, rgba};
use crate::clip::Rect;
use crate::coastlines::{self, Coastlines};
use crate::palette::{ColourScale, Rgb, format_tick, map as colours, viridis};
use crate::projection::Graticule;
use crate::text::CAP_PER_HEIGHT;
use crate::{Inset, Map, MapError};

use super::{Drawn, Layout, PendingLabel, Sizes, Swatch, draw_map};

/// Draws `inset` over the corner of `plot` with the fewest `occupied` pixels, on a
/// sub-area of the drawing with its own layout and projection, framed; returns where.
pub(super) fn inset<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: Rect,
    inset: &Inset,
    occupied: &[[f64; 2]],
) -> Result<Rect, MapError> {
    // Whole output pixels, so the inset's pixels are what it gives drawn on its own.
    let out_px = |v: f64| (v / p.k).round();
    let (pw, ph) = (plot.x1 - plot.x0, plot.y1 - plot.y0);
    let (w, h) = (out_px(pw * inset.size[0]), out_px(ph * inset.size[1]));
    if w < 64.0 || h < 64.0 {
        return Err(MapError::Invalid(
            "image too small for the inset (under 64 pixels)".into(),
        ));
    }
    let best = emptiest_corner(p, plot, w, h, occupied);
    let mut map = inset.map.clone();
    (map.width_px, map.height_px) = (w as u32, h as u32);
    let sub = p.area.clone().shrink(
        (best.x0 as u32, best.y0 as u32),
        ((w * p.k) as u32, (h * p.k) as u32),
    );
    draw_map(&sub, &map, p.k, p.svg)?;
    let b = p.u(2.0);
    let border = rgba(colours::INSET_BORDER, 1.0);
    for side in [
        Rect {
            y1: best.y0 + b,
            ..best
        },
        Rect {
            y0: best.y1 - b,
            ..best
        },
        Rect {
            x1: best.x0 + b,
            ..best
        },
        Rect {
            x0: best.x1 - b,
            ..best
        },
    ] {
        p.rect(&side, border)?;
    }
    Ok(best)
}

/// The `w` × `h` (output pixels, placed on whole output pixels) box in a corner of `plot`,
/// 1.5 % and 2 % of the plot in from its edges, holding the fewest `occupied` pixels
/// (bottom left, bottom right, top left, top right on ties).
fn emptiest_corner<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: Rect,
    w: f64,
    h: f64,
    occupied: &[[f64; 2]],
) -> Rect {
    let out_px = |v: f64| (v / p.k).round();
    let (mx, my) = ((plot.x1 - plot.x0) * 0.015, (plot.y1 - plot.y0) * 0.02);
    let (left, right) = (out_px(plot.x0 + mx), out_px(plot.x1 - mx) - w);
    let (top, bottom) = (out_px(plot.y0 + my), out_px(plot.y1 - my) - h);
    let corner = |x: f64, y: f64| Rect {
        x0: x * p.k,
        y0: y * p.k,
        x1: (x + w) * p.k,
        y1: (y + h) * p.k,
    };
    let mut best = corner(left, bottom);
    let mut best_n = usize::MAX;
    for c in [
        best,
        corner(right, bottom),
        corner(left, top),
        corner(right, top),
    ] {
        let n = occupied.iter().filter(|q| c.contains(**q)).count();
        if n < best_n {
            (best, best_n) = (c, n);
        }
    }
    best
}

/// Degree labels under and left of the plot, skipping any that would crowd the last one.
pub(super) fn degree_labels<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    graticule: &Graticule,
    plot: Rect,
    layout: &Layout,
    s: &Sizes,
) -> Result<(), MapError> {
    let soft = rgba(colours::SOFT_INK, 1.0);
    let w = layout.width;
    let mut last_right = f64::NEG_INFINITY;
    for (x, text) in &graticule.bottom {
        let half = p.text_width(text, s.tick) / 2.0;
        if x - half < last_right + p.u(8.0) || x + half > w - p.u(2.0) || x - half < p.u(2.0) {
            continue;
        }
        p.text(
            text,
            *x,
            plot.y1 + layout.tick_row,
            s.tick,
            soft,
            HPos::Center,
        )?;
        last_right = x + half;
    }
    let mut last_y = f64::INFINITY;
    for (y, text) in &graticule.left {
        if *y > last_y - s.tick * 1.2 {
            continue;
        }
        let baseline = y + s.tick * CAP_PER_HEIGHT / 2.0;
        p.text(
            text,
            plot.x0 - p.u(6.0),
            baseline,
            s.tick,
            soft,
            HPos::Right,
        )?;
        last_y = *y;
    }
    let cap = s.tick * CAP_PER_HEIGHT;
    let mut placed: Vec<Rect> = Vec::new();
    for (at, outward, text) in &graticule.inline {
        let tw = p.text_width(text, s.tick);
        let shift = outward[0].abs() * tw / 2.0 + outward[1].abs() * cap / 2.0 + p.u(4.0);
        let (x, y) = (at[0] + outward[0] * shift, at[1] + outward[1] * shift);
        let boxed = Rect {
            x0: x - tw / 2.0,
            y0: y - cap / 2.0,
            x1: x + tw / 2.0,
            y1: y + cap / 2.0,
        };
        let inside = plot.contains([boxed.x0, boxed.y0]) && plot.contains([boxed.x1, boxed.y1]);
        if inside && !placed.iter().any(|r| r.intersects(&boxed)) {
            p.halo_text(text, x, y + cap / 2.0, s.tick, soft, HPos::Center)?;
            placed.push(boxed);
        }
    }
    Ok(())
}

/// Size of the legend box in drawing pixels, and its rows with a label.
fn legend_size<'a, DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    legend: &'a [(Swatch, String)],
    s: &Sizes,
) -> (f64, f64, Vec<&'a (Swatch, String)>) {
    let rows: Vec<&(Swatch, String)> = legend.iter().filter(|(_, l)| !l.is_empty()).collect();
    let row_h = s.legend * 1.55;
    let pad = p.u(9.0);
    let width = rows
        .iter()
        .map(|(_, l)| p.text_width(l, s.legend))
        .fold(0.0, f64::max)
        + p.u(26.0)
        + p.u(8.0)
        + 2.0 * pad;
    let height = row_h * rows.len() as f64 + 2.0 * pad - (row_h - s.legend) * 0.5;
    (width, height, rows)
}

/// The corner of the plot for the legend that covers the least data and the fewest point
/// labels and never the inset; `None` when no layer has a label.
pub(super) fn place_legend<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    drawn: &Drawn,
    plot: Rect,
    inset: Option<Rect>,
    s: &Sizes,
) -> Option<Rect> {
    let (legend_w, legend_h, rows) = legend_size(p, &drawn.legend, s);
    if rows.is_empty() {
        return None;
    }
    let gap = p.u(10.0);
    let candidates = [
        Rect {
            x0: plot.x1 - gap - legend_w,
            y0: plot.y0 + gap,
            x1: plot.x1 - gap,
            y1: plot.y0 + gap + legend_h,
        },
        Rect {
            x0: plot.x0 + gap,
            y0: plot.y0 + gap,
            x1: plot.x0 + gap + legend_w,
            y1: plot.y0 + gap + legend_h,
        },
        Rect {
            x0: plot.x1 - gap - legend_w,
            y0: plot.y1 - gap - legend_h,
            x1: plot.x1 - gap,
            y1: plot.y1 - gap,
        },
        Rect {
            x0: plot.x0 + gap,
            y0: plot.y1 - gap - legend_h,
            x1: plot.x0 + gap + legend_w,
            y1: plot.y1 - gap,
        },
    ];
    let label_boxes: Vec<Rect> = drawn
        .labels
        .iter()
        .map(|l| Rect {
            x0: l.at[0] - l.marker_r,
            y0: l.at[1] - l.marker_r,
            x1: l.at[0] + l.marker_r + p.text_width(&l.text, s.tick) + p.u(6.0),
            y1: l.at[1] + l.marker_r,
        })
        .collect();
    let score = |r: &Rect| {
        drawn.occupied.iter().filter(|q| r.contains(**q)).count()
            + 20 * label_boxes.iter().filter(|b| b.intersects(r)).count()
            + inset
                .filter(|i| i.intersects(r))
                .map_or(0, |_| usize::MAX / 2)
    };
    let mut best = candidates[0];
    let mut best_score = usize::MAX;
    for c in candidates {
        let score = score(&c);
        if score < best_score {
            best = c;
            best_score = score;
        }
    }
    Some(best)
}

/// Point labels beside their markers: the first of eight places around each that stays in
/// the plot and clear of `taken` boxes (legend, inset), other markers and earlier labels.
pub(super) fn point_labels<'r, DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    labels: &[PendingLabel],
    plot: Rect,
    taken: impl Iterator<Item = &'r Rect>,
    s: &Sizes,
) -> Result<(), MapError> {
    let ink = rgba(colours::INK, 1.0);
    let mut taken: Vec<Rect> = taken.copied().collect();
    for l in labels {
        let m = l.marker_r * 1.3;
        taken.push(Rect {
            x0: l.at[0] - m,
            y0: l.at[1] - m,
            x1: l.at[0] + m,
            y1: l.at[1] + m,
        });
    }
    for l in labels {
        let tw = p.text_width(&l.text, s.tick);
        let cap = s.tick * CAP_PER_HEIGHT;
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
            y1: y + s.tick * 0.25 + halo,
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
            p.halo_text(&l.text, x, y, s.tick, ink, HPos::Left)?;
            taken.push(boxed((x, y)));
        }
    }
    Ok(())
}

/// The legend in box `lb`: a swatch and the label of every layer that has one.
pub(super) fn legend<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    lb: Rect,
    legend: &[(Swatch, String)],
    s: &Sizes,
) -> Result<(), MapError> {
    let (_, _, rows) = legend_size(p, legend, s);
    let ink = rgba(colours::INK, 1.0);
    let row_h = s.legend * 1.55;
    let pad = p.u(9.0);
    let swatch_w = p.u(26.0);
    p.rect(&lb, rgba(Rgb::WHITE, 0.9))?;
    p.rect_outline(&lb, rgba(colours::LEGEND_FRAME, 1.0), 1.0)?;
    for (i, (swatch, label)) in rows.iter().enumerate() {
        let cy = lb.y0 + pad + row_h * i as f64 + s.legend * 0.5;
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
                let shapes = marker_shapes(*m, centre, s.marker_r);
                for shape in grow(&shapes, centre, p.u(1.6)) {
                    p.fill(&shape, rgba(Rgb::WHITE, 1.0), None)?;
                }
                for shape in &shapes {
                    p.fill(shape, rgba(*c, 1.0), None)?;
                }
            }
            Swatch::Gradient => {
                let n = 12;
                for j in 0..n {
                    let x0 = sw.x0 + (sw.x1 - sw.x0) * j as f64 / n as f64;
                    let x1 = sw.x0 + (sw.x1 - sw.x0) * (j + 1) as f64 / n as f64;
                    let c = viridis((j as f64 + 0.5) / n as f64);
                    p.rect(&Rect { x0, x1, ..sw }, rgba(c, 1.0))?;
                }
            }
        }
        let baseline = cy + s.legend * CAP_PER_HEIGHT / 2.0;
        p.text(label, sw.x1 + p.u(8.0), baseline, s.legend, ink, HPos::Left)?;
    }
    Ok(())
}

/// Title and subtitle above the plot.
pub(super) fn titles<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    map: &Map,
    plot: Rect,
    layout: &Layout,
    s: &Sizes,
) -> Result<(), MapError> {
    let ink = rgba(colours::INK, 1.0);
    p.text(
        &map.title,
        plot.x0,
        layout.title_baseline,
        s.title,
        ink,
        HPos::Left,
    )?;
    if !map.subtitle.is_empty() {
        p.text(
            &map.subtitle,
            plot.x0,
            layout.subtitle_baseline,
            s.subtitle,
            rgba(colours::SOFT_INK, 1.0),
            HPos::Left,
        )?;
    }
    Ok(())
}

/// The colour bar (if the map has a scale) and the coastline credit under the plot.
pub(super) fn colour_bar_and_attribution<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    map: &Map,
    plot: Rect,
    layout: &Layout,
    s: &Sizes,
) -> Result<(), MapError> {
    let row2_top = plot.y1 + layout.tick_row + p.u(12.0);
    let mut attribution_baseline = plot.y1 + layout.tick_row + p.u(8.0) + s.small * 0.8;
    if let Some(scale) = &map.colour_scale {
        colour_bar(p, scale, plot, row2_top, layout.bar_h, s.tick)?;
        attribution_baseline = row2_top + layout.bar_h + p.u(5.0) + s.tick * 0.8;
    }
    if map.coastlines != Coastlines::Off {
        p.text(
            coastlines::ATTRIBUTION,
            plot.x1,
            attribution_baseline,
            s.small,
            rgba(colours::ATTRIBUTION, 1.0),
            HPos::Right,
        )?;
    }
    Ok(())
}

fn colour_bar<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    scale: &ColourScale,
    plot: Rect,
    top: f64,
    bar_h: f64,
    tick_size: f64,
) -> Result<(), MapError> {
    let ink = rgba(colours::INK, 1.0);
    let frame = rgba(colours::FRAME, 1.0);
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
                x1: b,
                ..bar
            },
            rgba(c, 1.0),
        )?;
    }
    p.rect_outline(&bar, frame, 0.8)?;
    for v in scale.ticks() {
        let x = bar.x0 + width * (v - scale.min) / (scale.max - scale.min);
        p.stroke(&[[x, bar.y1], [x, bar.y1 + p.u(4.0)]], frame, 1.0, None)?;
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
