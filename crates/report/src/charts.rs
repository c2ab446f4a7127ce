//! Monte Carlo charts: how the warning time of each architecture is distributed over the runs.
//!
//! [`write_warning_charts`] writes one PNG per launch, `warning-<launch>.png` (1200 × 700):
//!
//! * a title `Warning time over N runs — <launch> (<scenario>)` and a legend with each
//!   architecture's colour (as in the run maps, [`crate::colours::architecture_colour`]) and
//!   "no warning: k of N" (and `identical to <architecture>` when two architectures have
//!   exactly the same warning times; their outlines are then nested, the earlier one wider,
//!   so neither hides the other);
//! * left, the histograms of warning time in minutes, one per architecture, overlaid and
//!   semi-transparent, on bins common to all architectures (the narrowest architecture's
//!   Freedman–Diaconis width 2 IQR / ∛n, moved to the nearest of 30 s, 1, 2, 5, 10, 15, 20,
//!   30, 60 or 120 min, at least 30 s, at most about 60 bins; the width is in the panel's
//!   caption), beside a separate "no warning" bar per architecture on the same count axis;
//! * right, the empirical cumulative distributions as step lines, with runs without warning
//!   at 0 min (so each curve starts at the fraction of runs without warning).
//!
//! Runs without a correct alert (`warning_time_s: None`) and NaN, infinite or absurd
//! (|t| ≥ 10¹² s) warning times count as "no warning". Rows whose architecture index has no
//! name are ignored. N in the title is the number of distinct run indices of the launch. A
//! launch without rows still gets its file (with "no runs" in the panels), so the set of
//! files depends only on `launches`; no launches give no files. Row order does not matter,
//! so `vigil merge` of shards draws exactly the charts of one process.
//!
//! The PNGs are deterministic: the font (DejaVu Sans) ships inside `vigil-plot` and is
//! registered with plotters, the image is drawn 3× larger and box-filtered down by pure Rust
//! code (`vigil_plot::canvas::supersampled_png`), so the same input gives the same bytes on
//! any machine.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{
    BitMapBackend, ChartBuilder, DrawingArea, PathElement, Rectangle, ShapeStyle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, TRANSPARENT, TextStyle};
use vigil_plot::canvas::{drawing_error, rgba, supersampled_png};
use vigil_plot::palette::chart::{FRAME, GRID, INK, SOFT_INK};
use vigil_plot::palette::{Rgb, format_tick};
use vigil_plot::text;
use vigil_sim::montecarlo::Row;

use crate::MapError;
use crate::colours::architecture_colour;

/// Image size in pixels.
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 700;
/// Supersampling factor: drawn `K`× larger, box-filtered down (deterministic anti-aliasing).
const K: u32 = 3;

/// Bin widths the automatic width is moved to, in seconds (beyond them, whole hours).
const NICE_BIN_S: [f64; 10] = [
    30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1800.0, 3600.0, 7200.0,
];
/// Warning times at least this large in magnitude (s; NaN too) count as "no warning".
const ABSURD_S: f64 = 1e12;
/// At most about this many histogram bins.
const MAX_BINS: f64 = 60.0;

/// Writes `warning-<launch>.png` in `dir` (which must exist) for every launch and returns the
/// paths written, in launch order.
///
/// `launches` and `architectures` name the indices in `rows` (`Row::launch`,
/// `Row::architecture`); `scenario_name` goes in the titles. Characters of a launch id other
/// than ASCII letters, digits, `-`, `_` and `.` become `_` in the file name (and `-<index>` is
/// appended should two ids then collide). No launches: `Ok` with no files. See the module
/// documentation for what the charts show.
pub fn write_warning_charts(
    dir: &Path,
    scenario_name: &str,
    launches: &[String],
    architectures: &[String],
    rows: &[Row],
) -> Result<Vec<PathBuf>, MapError> {
    let mut paths = Vec::with_capacity(launches.len());
    let mut used = BTreeSet::new();
    for (l, launch) in launches.iter().enumerate() {
        let stem = format!("warning-{}", file_safe(launch));
        let mut name = format!("{stem}.png");
        let mut k = 0;
        while !used.insert(name.clone()) {
            name = match k {
                0 => format!("{stem}-{l}.png"),
                _ => format!("{stem}-{l}-{k}.png"),
            };
            k += 1;
        }
        let bytes = warning_chart_png(scenario_name, launch, l, architectures, rows)?;
        let path = dir.join(name);
        crate::formats::write_file(&path, &bytes).map_err(|source| MapError::Io {
            path: path.clone(),
            source,
        })?;
        paths.push(path);
    }
    Ok(paths)
}

/// Draws the warning-time chart of launch number `launch` (named `launch_id`) and returns the
/// PNG file's bytes (1200 × 700, RGB); rows of other launches are ignored.
pub fn warning_chart_png(
    scenario_name: &str,
    launch_id: &str,
    launch: usize,
    architectures: &[String],
    rows: &[Row],
) -> Result<Vec<u8>, MapError> {
    text::ensure_font()?;
    let series = series_of(launch, architectures, rows);
    let runs = rows
        .iter()
        .filter(|r| r.launch == launch && r.architecture < architectures.len())
        .map(|r| r.run)
        .collect::<BTreeSet<_>>()
        .len();
    let title = format!(
        "Warning time over {runs} run{} — {launch_id} ({scenario_name})",
        if runs == 1 { "" } else { "s" }
    );
    supersampled_png(WIDTH, HEIGHT, K, |root| draw_chart(root, &title, &series))
}

/// One architecture's warning times on one launch.
struct Series {
    label: String,
    colour: Rgb,
    /// Rows (runs).
    runs: usize,
    /// Warning times (finite, below `ABSURD_S` in magnitude), s, ascending.
    warned_s: Vec<f64>,
    /// Runs without (finite) warning time.
    none: usize,
    /// The first earlier architecture with exactly the same runs and warning times.
    same_as: Option<usize>,
    /// Extra outline width, output px, so that identical curves drawn on top of this one
    /// leave it visible as a border (earlier twins are wider).
    under_px: f64,
}

impl Series {
    fn same_values(&self, other: &Series) -> bool {
        self.runs == other.runs && self.none == other.none && self.warned_s == other.warned_s
    }
}

fn series_of(launch: usize, architectures: &[String], rows: &[Row]) -> Vec<Series> {
    let mut series = architectures
        .iter()
        .enumerate()
        .map(|(a, label)| {
            let mine = rows
                .iter()
                .filter(|r| r.launch == launch && r.architecture == a);
            let runs = mine.clone().count();
            let mut warned_s: Vec<f64> = mine
                .filter_map(|r| r.warning_time_s)
                .filter(|t| t.abs() < ABSURD_S)
                .collect();
            warned_s.sort_by(f64::total_cmp);
            Series {
                label: label.clone(),
                colour: architecture_colour(a),
                runs,
                none: runs - warned_s.len(),
                warned_s,
                same_as: None,
                under_px: 0.0,
            }
        })
        .collect::<Vec<_>>();
    // Identical distributions (common: an architecture that adds nothing on this launch)
    // would hide each other; name the twin in the legend and nest the outlines.
    for a in 0..series.len() {
        let (before, rest) = series.split_at_mut(a);
        if let Some(me) = rest.first_mut() {
            if me.runs > 0 {
                me.same_as = before.iter().position(|b| b.same_values(me));
            }
        }
    }
    for a in 0..series.len() {
        let root = series[a].same_as.unwrap_or(a);
        let later = series[a + 1..]
            .iter()
            .filter(|t| t.same_as == Some(root))
            .count();
        series[a].under_px = 4.0 * later.min(3) as f64;
    }
    series
}

/// Common histogram bins: `count` bins of `width_s` from `lo_s`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bins {
    lo_s: f64,
    width_s: f64,
    count: usize,
}

impl Bins {
    /// Common bins over `groups` (each ascending, finite); `None` if all are empty.
    ///
    /// The width is the smallest Freedman–Diaconis width 2 IQR / ∛n of the groups with at
    /// least four values and some spread (else that of all values pooled; else 30 s), moved
    /// to the nearest (in ratio) of 30 s, 1, 2, 5, 10, 15, 20, 30, 60, 120 min or whole hours,
    /// and widened if need be to keep at most about `MAX_BINS` bins.
    fn over(groups: &[&[f64]]) -> Option<Bins> {
        let min = groups
            .iter()
            .filter_map(|g| g.first())
            .copied()
            .reduce(f64::min)?;
        let max = groups
            .iter()
            .filter_map(|g| g.last())
            .copied()
            .reduce(f64::max)?;
        let fd = |sorted: &[f64]| {
            let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
            2.0 * iqr / (sorted.len() as f64).cbrt()
        };
        let narrowest = groups
            .iter()
            .filter(|g| g.len() >= 4)
            .map(|g| fd(g))
            .filter(|w| *w > 0.0)
            .reduce(f64::min);
        let raw = narrowest.unwrap_or_else(|| {
            let mut pooled: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
            pooled.sort_by(f64::total_cmp);
            fd(&pooled)
        });
        let nice = |w: f64| {
            NICE_BIN_S
                .iter()
                .copied()
                .find(|n| *n >= w)
                .unwrap_or_else(|| (w / 3600.0).ceil() * 3600.0)
        };
        let mut width_s = if raw > 0.0 {
            NICE_BIN_S
                .iter()
                .copied()
                .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
                .unwrap_or(NICE_BIN_S[0])
        } else {
            NICE_BIN_S[0]
        };
        if raw > 2.0 * NICE_BIN_S[NICE_BIN_S.len() - 1] {
            width_s = nice(raw);
        }
        let fewest = (max - min) / MAX_BINS;
        if width_s < fewest {
            width_s = nice(fewest);
        }
        if !(width_s.is_finite() && width_s > 0.0) {
            width_s = NICE_BIN_S[0];
        }
        let lo_s = (min / width_s).floor() * width_s;
        // Bins are [lo, lo + w); the maximum is always inside the last one.
        let count = ((max - lo_s) / width_s).floor().clamp(0.0, 4.0 * MAX_BINS) as usize + 1;
        Some(Bins {
            lo_s,
            width_s,
            count,
        })
    }

    fn index(&self, t_s: f64) -> usize {
        let i = ((t_s - self.lo_s) / self.width_s).floor().max(0.0) as usize;
        i.min(self.count - 1)
    }

    fn counts(&self, sorted: &[f64]) -> Vec<usize> {
        let mut c = vec![0; self.count];
        for &t in sorted {
            c[self.index(t)] += 1;
        }
        c
    }

    /// The bin width in words, e.g. "30 s", "2 min".
    fn width_text(&self) -> String {
        if self.width_s < 60.0 {
            format!("{} s", format_tick(self.width_s))
        } else {
            format!("{} min", format_tick(self.width_s / 60.0))
        }
    }
}

/// Quantile by linear interpolation between order statistics (`q` in [0, 1]; `sorted` not empty).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let x = q * (sorted.len().saturating_sub(1)) as f64;
    let i = x.floor() as usize;
    let (a, b) = (
        sorted.get(i).copied().unwrap_or(f64::NAN),
        sorted
            .get(i + 1)
            .or(sorted.get(i))
            .copied()
            .unwrap_or(f64::NAN),
    );
    a + x.fract() * (b - a)
}

fn file_safe(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.chars().all(|c| c == '.') {
        format!("_{s}")
    } else {
        s
    }
}

/// `v` output pixels in drawing pixels.
fn px(v: f64) -> u32 {
    (v * f64::from(K)).round() as u32
}

fn ipx(v: f64) -> i32 {
    (v * f64::from(K)).round() as i32
}

/// The font at `size` output pixels (ascent to descent).
fn font(size: f64) -> FontDesc<'static> {
    text::font(size * f64::from(K))
}

fn text_style(size: f64, colour: Rgb, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: font(size),
        color: rgba(colour, 1.0).to_backend_color(),
        pos: Pos::new(h, v),
    }
}

fn text_width(text: &str, size: f64) -> f64 {
    text::text_width(text, size * f64::from(K)) / f64::from(K)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn draw_text(area: &Area, text: &str, at: (f64, f64), style: &TextStyle) -> Result<(), MapError> {
    area.draw(&Text::new(text.to_string(), (ipx(at.0), ipx(at.1)), style))
        .map_err(drawing_error)
}

/// Legend entries laid out in rows that fit the image width: text, colour, width (output px).
fn legend_rows(entries: &[(String, Rgb)]) -> Vec<Vec<(String, Rgb, f64)>> {
    const SIZE: f64 = 15.0;
    let max_w = f64::from(WIDTH) - 80.0;
    let mut rows: Vec<Vec<(String, Rgb, f64)>> = vec![Vec::new()];
    let mut used = 0.0;
    for (text, colour) in entries {
        let w = 22.0 + text_width(text, SIZE) + 28.0;
        if used > 0.0 && used + w > max_w {
            rows.push(Vec::new());
            used = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((text.clone(), *colour, w));
        }
        used += w;
    }
    rows
}

fn draw_chart(root: &Area, title: &str, series: &[Series]) -> Result<(), MapError> {
    root.fill(&rgba(Rgb::WHITE, 1.0)).map_err(drawing_error)?;
    let w = f64::from(WIDTH);
    draw_text(
        root,
        title,
        (w / 2.0, 14.0),
        &text_style(22.0, INK, HPos::Center, VPos::Top),
    )?;

    // Legend: colour swatch, architecture, runs without warning.
    let entries: Vec<(String, Rgb)> = series
        .iter()
        .map(|s| {
            let twin = s
                .same_as
                .and_then(|t| series.get(t))
                .map_or(String::new(), |t| format!("; identical to {}", t.label));
            (
                format!("{} (no warning: {} of {}{twin})", s.label, s.none, s.runs),
                s.colour,
            )
        })
        .collect();
    let rows = legend_rows(&entries);
    let mut y = 50.0;
    for row in &rows {
        let total: f64 = row.iter().map(|e| e.2).sum::<f64>() - 28.0;
        let mut x = (w - total) / 2.0;
        for (text, colour, width) in row {
            root.draw(&Rectangle::new(
                [(ipx(x), ipx(y + 2.0)), (ipx(x + 16.0), ipx(y + 16.0))],
                rgba(*colour, 0.35).filled(),
            ))
            .map_err(drawing_error)?;
            root.draw(&Rectangle::new(
                [(ipx(x), ipx(y + 2.0)), (ipx(x + 16.0), ipx(y + 16.0))],
                ShapeStyle::from(rgba(*colour, 1.0)).stroke_width(px(2.0)),
            ))
            .map_err(drawing_error)?;
            draw_text(
                root,
                text,
                (x + 22.0, y + 9.0),
                &text_style(15.0, INK, HPos::Left, VPos::Center),
            )?;
            x += width;
        }
        y += 24.0;
    }
    if series.is_empty() {
        draw_text(
            root,
            "no architectures",
            (w / 2.0, y),
            &text_style(15.0, SOFT_INK, HPos::Center, VPos::Top),
        )?;
        y += 24.0;
    }

    let top = y + 6.0;
    let (_, body) = root.split_vertically(px(top));
    let (left, right) = body.split_horizontally(px(w / 2.0));
    draw_histograms(&left, series)?;
    draw_cdfs(&right, series)?;
    Ok(())
}

const PANEL_CAPTION: f64 = 28.0;
const X_LABEL_AREA: f64 = 46.0;
const Y_LABEL_AREA: f64 = 62.0;
const LABEL_SIZE: f64 = 14.0;
const DESC_SIZE: f64 = 15.0;

fn panel_caption(area: &Area, text: &str) -> Result<(), MapError> {
    let (w, _) = area.dim_in_pixel();
    draw_text(
        area,
        text,
        (f64::from(w) / f64::from(K) / 2.0, 4.0),
        &text_style(16.0, INK, HPos::Center, VPos::Top),
    )
}

fn no_data_note(area: &Area, text: &str) -> Result<(), MapError> {
    let (w, h) = area.dim_in_pixel();
    draw_text(
        area,
        text,
        (
            f64::from(w) / f64::from(K) / 2.0,
            f64::from(h) / f64::from(K) / 2.0,
        ),
        &text_style(16.0, SOFT_INK, HPos::Center, VPos::Center),
    )
}

fn grid_style() -> ShapeStyle {
    ShapeStyle::from(rgba(GRID, 1.0)).stroke_width(px(1.0))
}

fn axis_style() -> ShapeStyle {
    ShapeStyle::from(rgba(FRAME, 1.0)).stroke_width(px(1.0))
}

/// Left panel: "no warning" bars, then the overlaid histograms on a common count axis.
fn draw_histograms(area: &Area, series: &[Series]) -> Result<(), MapError> {
    let groups: Vec<&[f64]> = series.iter().map(|s| s.warned_s.as_slice()).collect();
    let bins = Bins::over(&groups);
    let counts: Vec<Vec<usize>> = series
        .iter()
        .map(|s| bins.map_or_else(Vec::new, |b| b.counts(&s.warned_s)))
        .collect();
    let peak = counts
        .iter()
        .flatten()
        .chain(series.iter().map(|s| &s.none))
        .copied()
        .max()
        .unwrap_or(0);
    // Integer count axis with some headroom.
    let y_top = ((peak as f64 * 1.1).ceil() as i32)
        .max(peak as i32 + 1)
        .max(1);

    panel_caption(
        area,
        &match bins {
            Some(b) => format!("Histogram ({} bins)", b.width_text()),
            None => "Histogram".to_string(),
        },
    )?;
    let (_, plots) = area.split_vertically(px(PANEL_CAPTION));
    let none_w = (40.0 + 22.0 * series.len() as f64).clamp(70.0, 170.0) + Y_LABEL_AREA;
    let (none_area, hist_area) = plots.split_horizontally(px(none_w));

    // "No warning" bars, one per architecture, sharing the count axis.
    let n = series.len().max(1) as f64;
    let mut none_chart = ChartBuilder::on(&none_area)
        .margin_left(px(10.0))
        .margin_top(px(8.0))
        .margin_bottom(px(12.0))
        .x_label_area_size(px(X_LABEL_AREA))
        .y_label_area_size(px(Y_LABEL_AREA - 10.0))
        .build_cartesian_2d(0.0..n, 0..y_top)
        .map_err(drawing_error)?;
    none_chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .light_line_style(TRANSPARENT)
        .bold_line_style(grid_style())
        .axis_style(axis_style())
        .set_all_tick_mark_size(px(5.0))
        .label_style(text_style(LABEL_SIZE, INK, HPos::Center, VPos::Center))
        .axis_desc_style(text_style(DESC_SIZE, INK, HPos::Center, VPos::Center))
        .x_desc("no warning")
        .y_desc("runs")
        .draw()
        .map_err(drawing_error)?;
    for (a, s) in series.iter().enumerate() {
        let (x0, x1) = (a as f64 + 0.15, a as f64 + 0.85);
        let k = i32::try_from(s.none).unwrap_or(i32::MAX);
        if k > 0 {
            none_chart
                .draw_series([
                    Rectangle::new([(x0, 0), (x1, k)], rgba(s.colour, 0.55).filled()),
                    Rectangle::new(
                        [(x0, 0), (x1, k)],
                        ShapeStyle::from(rgba(s.colour, 1.0)).stroke_width(px(1.5)),
                    ),
                ])
                .map_err(drawing_error)?;
        }
    }

    let (lo_min, hi_min) = match bins {
        Some(b) => {
            let pad = b.width_s / 60.0;
            (
                b.lo_s / 60.0 - pad,
                (b.lo_s + b.width_s * b.count as f64) / 60.0 + pad,
            )
        }
        None => (0.0, 10.0),
    };
    let mut chart = ChartBuilder::on(&hist_area)
        .margin_left(px(12.0))
        .margin_right(px(22.0))
        .margin_top(px(8.0))
        .margin_bottom(px(12.0))
        .x_label_area_size(px(X_LABEL_AREA))
        .y_label_area_size(0)
        .build_cartesian_2d(lo_min..hi_min, 0..y_top)
        .map_err(drawing_error)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(8)
        .light_line_style(TRANSPARENT)
        .bold_line_style(grid_style())
        .axis_style(axis_style())
        .set_all_tick_mark_size(px(5.0))
        .x_label_formatter(&|v| format_tick(*v))
        .label_style(text_style(LABEL_SIZE, INK, HPos::Center, VPos::Center))
        .axis_desc_style(text_style(DESC_SIZE, INK, HPos::Center, VPos::Center))
        .x_desc("warning time (min)")
        .draw()
        .map_err(drawing_error)?;
    let Some(b) = bins else {
        let any_runs = series.iter().any(|s| s.runs > 0);
        return no_data_note(
            &hist_area,
            if any_runs {
                "no run gave warning"
            } else {
                "no runs"
            },
        );
    };
    let edge = |i: usize| (b.lo_s + b.width_s * i as f64) / 60.0;
    // Fills first (one per distinct distribution), then every outline on top, so no
    // architecture hides another's shape.
    for (s, c) in series
        .iter()
        .zip(&counts)
        .filter(|(s, _)| s.same_as.is_none())
    {
        chart
            .draw_series(
                c.iter()
                    .enumerate()
                    .filter(|(_, k)| **k > 0)
                    .map(|(i, &k)| {
                        Rectangle::new(
                            [
                                (edge(i), 0),
                                (edge(i + 1), i32::try_from(k).unwrap_or(i32::MAX)),
                            ],
                            rgba(s.colour, 0.28).filled(),
                        )
                    }),
            )
            .map_err(drawing_error)?;
    }
    for (s, c) in series.iter().zip(&counts) {
        // One outline per run of non-empty bins, so nothing is drawn along the axis.
        let mut outlines: Vec<Vec<(f64, i32)>> = Vec::new();
        let mut open = false;
        for (i, &k) in c.iter().enumerate() {
            let k = i32::try_from(k).unwrap_or(i32::MAX);
            if k == 0 {
                if open {
                    if let Some(o) = outlines.last_mut() {
                        o.push((edge(i), 0));
                    }
                }
                open = false;
                continue;
            }
            if !open {
                outlines.push(vec![(edge(i), 0)]);
                open = true;
            }
            if let Some(o) = outlines.last_mut() {
                o.push((edge(i), k));
                o.push((edge(i + 1), k));
            }
        }
        if open {
            if let Some(o) = outlines.last_mut() {
                o.push((edge(c.len()), 0));
            }
        }
        let style = ShapeStyle::from(rgba(s.colour, 1.0)).stroke_width(px(2.0 + s.under_px));
        chart
            .draw_series(outlines.into_iter().map(|o| PathElement::new(o, style)))
            .map_err(drawing_error)?;
    }
    Ok(())
}

/// Right panel: empirical CDFs as step lines, runs without warning at 0 min.
fn draw_cdfs(area: &Area, series: &[Series]) -> Result<(), MapError> {
    panel_caption(
        area,
        "Cumulative distribution (runs without warning at 0 min)",
    )?;
    let (_, plots) = area.split_vertically(px(PANEL_CAPTION));
    let lo = series
        .iter()
        .filter_map(|s| s.warned_s.first())
        .copied()
        .fold(0.0_f64, f64::min)
        / 60.0;
    let hi = series
        .iter()
        .filter_map(|s| s.warned_s.last())
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        / 60.0;
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 10.0) };
    // A little room left of the lowest value, so a jump at 0 shows off the axis.
    let (x0, x1) = (lo - 0.02 * (hi - lo), hi + 0.08 * (hi - lo));
    let mut chart = ChartBuilder::on(&plots)
        .margin_left(px(10.0))
        .margin_right(px(28.0))
        .margin_top(px(8.0))
        .margin_bottom(px(12.0))
        .x_label_area_size(px(X_LABEL_AREA))
        .y_label_area_size(px(Y_LABEL_AREA))
        .build_cartesian_2d(x0..x1, 0.0..1.04)
        .map_err(drawing_error)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(6)
        .light_line_style(TRANSPARENT)
        .bold_line_style(grid_style())
        .axis_style(axis_style())
        .set_all_tick_mark_size(px(5.0))
        .x_label_formatter(&|v| format_tick(*v))
        .y_label_formatter(&|v| format_tick(*v))
        .label_style(text_style(LABEL_SIZE, INK, HPos::Center, VPos::Center))
        .axis_desc_style(text_style(DESC_SIZE, INK, HPos::Center, VPos::Center))
        .x_desc("warning time t (min)")
        .y_desc("fraction of runs with warning ≤ t")
        .draw()
        .map_err(drawing_error)?;
    if series.iter().all(|s| s.runs == 0) {
        return no_data_note(&plots, "no runs");
    }
    for s in series.iter().filter(|s| s.runs > 0) {
        let n = s.runs as f64;
        // Runs without warning at 0, then the warning times in order (negative ones first).
        let mut values: Vec<f64> = s.warned_s.iter().map(|t| t / 60.0).collect();
        values.extend(std::iter::repeat_n(0.0, s.none));
        values.sort_by(f64::total_cmp);
        let mut step = vec![(x0, 0.0)];
        let mut below = 0.0;
        let mut i = 0;
        while i < values.len() {
            let v = values[i];
            let mut j = i;
            while j < values.len() && values[j] == v {
                j += 1;
            }
            let frac = j as f64 / n;
            step.push((v, below));
            step.push((v, frac));
            below = frac;
            i = j;
        }
        step.push((x1, below));
        chart
            .draw_series([PathElement::new(
                step,
                ShapeStyle::from(rgba(s.colour, 1.0)).stroke_width(px(2.5 + s.under_px)),
            )])
            .map_err(drawing_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_are_common_and_round() {
        // 0 … 20 min, uniform: IQR 10 min, n = 1000 → FD 2 × 600 / 10 = 120 s.
        let v: Vec<f64> = (0..1000).map(|i| f64::from(i) * 1.2).collect();
        let b = Bins::over(&[&v]).expect("bins");
        assert_eq!(b.width_s, 120.0);
        assert_eq!(b.lo_s, 0.0);
        assert_eq!(b.count, 10);
        assert_eq!(b.counts(&v).iter().sum::<usize>(), 1000);
        // One value: a single 30 s bin around it.
        let one = Bins::over(&[&[], &[601.0]]).expect("bins");
        assert_eq!((one.lo_s, one.width_s, one.count), (600.0, 30.0, 1));
        assert!(Bins::over(&[]).is_none());
        assert!(Bins::over(&[&[], &[]]).is_none());
        // The narrowest group sets the width; the bins cover every group.
        let narrow: Vec<f64> = (0..50).map(|i| 600.0 + f64::from(i) * 4.8).collect();
        let both = Bins::over(&[&v, &narrow]).expect("bins");
        assert_eq!((both.lo_s, both.width_s, both.count), (0.0, 60.0, 20));
        // A wide outlier caps the bin count.
        let wide = Bins::over(&[&[0.0, 1.0, 2.0, 3.0, 1e6]]).expect("bins");
        assert!(wide.count as f64 <= MAX_BINS + 1.0);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("launch-1"), "launch-1");
        assert_eq!(file_safe("a/b c"), "a_b_c");
        assert_eq!(file_safe(".."), "_..");
        assert_eq!(file_safe(""), "_");
    }
}
