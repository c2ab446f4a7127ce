//! Drawing on a plotters area in `f64` pixel space: the painter (fills, strokes and text,
//! clipped and rounded to integer pixels for plotters), marker shapes, and the supersampled
//! PNG path shared by maps and charts (drawn `k`× larger and box-filtered down, which
//! anti-aliases every edge deterministically).

use plotters::coord::Shift;
use plotters::prelude::{
    BitMapBackend, Circle, DrawingArea, DrawingBackend, IntoDrawingArea, PathElement, Polygon,
    RGBAColor, ShapeStyle, Text,
};
use plotters::style::Color;
use plotters::style::TextStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::clip::{Rect, clip_polygon, clip_polyline};
use crate::palette::Rgb;
use crate::text::{HEIGHT_PER_EM, font, text_width};
use crate::{MapError, Marker};

/// `c` at opacity `alpha` as a plotters colour.
pub fn rgba(c: Rgb, alpha: f64) -> RGBAColor {
    RGBAColor(c.0, c.1, c.2, alpha)
}

/// A plotters error as a [`MapError::Drawing`].
pub fn drawing_error<E: std::fmt::Display>(e: E) -> MapError {
    MapError::Drawing(e.to_string())
}

/// Draws with `draw` on a white canvas `k`× the output size in each direction, box-filters it
/// down to `w` × `h` and encodes it as an RGB PNG: supersampling is the anti-aliasing that
/// plotters' bitmap backend lacks.
pub fn supersampled_png(
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

/// Draws on a plotters area in drawing pixels (`k` per output pixel); SVG output writes
/// text and thin lines differently from bitmaps.
pub(crate) struct Painter<'a, DB: DrawingBackend> {
    pub(crate) area: &'a DrawingArea<DB, Shift>,
    /// Pixels of the drawing per output pixel.
    pub(crate) k: f64,
    /// Drawing for the SVG backend (text and thin lines are written differently).
    pub(crate) svg: bool,
}

impl<DB: DrawingBackend> Painter<'_, DB> {
    pub(crate) fn u(&self, output_px: f64) -> f64 {
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
    pub(crate) fn fill(
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
    pub(crate) fn stroke(
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

    /// Advance width of `text` at `size` (ascent-to-descent pixel height).
    pub(crate) fn text_width(&self, text: &str, size: f64) -> f64 {
        text_width(text, size)
    }

    /// Draw `text` with its baseline at `baseline_y`; `size` is the ascent-to-descent
    /// height in drawing pixels.
    pub(crate) fn text(
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
        let style = TextStyle::from(font(font_size))
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
    pub(crate) fn halo_text(
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
            self.text(
                text,
                x + dx,
                baseline_y + dy,
                size,
                rgba(Rgb::WHITE, 0.9),
                h,
            )?;
        }
        self.text(text, x, baseline_y, size, colour, h)
    }

    pub(crate) fn rect(&self, r: &Rect, colour: RGBAColor) -> Result<(), MapError> {
        self.fill(
            &[[r.x0, r.y0], [r.x1, r.y0], [r.x1, r.y1], [r.x0, r.y1]],
            colour,
            None,
        )
    }

    pub(crate) fn rect_outline(
        &self,
        r: &Rect,
        colour: RGBAColor,
        width_px: f64,
    ) -> Result<(), MapError> {
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
pub(crate) fn marker_shapes(marker: Marker, c: [f64; 2], r: f64) -> Vec<Vec<[f64; 2]>> {
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

/// `shapes` pushed out by `by` pixels from `c` (a halo under a marker).
pub(crate) fn grow(shapes: &[Vec<[f64; 2]>], c: [f64; 2], by: f64) -> Vec<Vec<[f64; 2]>> {
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
