//! Every colour of the pictures: the colour type, a colour-blind-safe qualitative set, a few
//! neutral greys, the colours of map and chart furniture ([`map`], [`chart`]) and a viridis
//! scale. Colour *roles* of an application (which network is blue) belong to the
//! application and pick from here.

/// An sRGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// White.
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// Paul Tol's wine, a dark reddish purple that stays distinct from the Okabe–Ito set.
    pub const WINE: Rgb = Rgb(136, 34, 85);
    /// Mid grey.
    pub const GREY: Rgb = Rgb(110, 110, 110);
    /// Light grey.
    pub const LIGHT_GREY: Rgb = Rgb(170, 170, 170);
    /// Okabe–Ito orange.
    pub const ORANGE: Rgb = Rgb(230, 159, 0);
    /// Okabe–Ito sky blue.
    pub const SKY_BLUE: Rgb = Rgb(86, 180, 233);
    /// Okabe–Ito bluish green.
    pub const BLUISH_GREEN: Rgb = Rgb(0, 158, 115);
    /// Okabe–Ito yellow.
    pub const YELLOW: Rgb = Rgb(240, 228, 66);
    /// Okabe–Ito blue.
    pub const BLUE: Rgb = Rgb(0, 114, 178);
    /// Okabe–Ito vermilion.
    pub const VERMILION: Rgb = Rgb(213, 94, 0);
    /// Okabe–Ito reddish purple.
    pub const REDDISH_PURPLE: Rgb = Rgb(204, 121, 167);

    /// The Okabe–Ito colour-blind-safe qualitative palette, for picking layer colours in turn.
    pub const QUALITATIVE: [Rgb; 7] = [
        Rgb::BLUE,
        Rgb::VERMILION,
        Rgb::BLUISH_GREEN,
        Rgb::REDDISH_PURPLE,
        Rgb::ORANGE,
        Rgb::SKY_BLUE,
        Rgb::BLACK,
    ];
}

/// Colours of a map's furniture: sea, land, coastlines, graticule, frame and text.
pub mod map {
    use super::Rgb;
    /// Text: title, legend, labels.
    pub const INK: Rgb = Rgb(34, 34, 34);
    /// Secondary text: subtitle, degree labels.
    pub const SOFT_INK: Rgb = Rgb(90, 90, 90);
    /// Sea (and the plot background).
    pub const OCEAN: Rgb = Rgb(221, 233, 242);
    /// Land fill.
    pub const LAND: Rgb = Rgb(241, 238, 229);
    /// Coastlines.
    pub const COAST: Rgb = Rgb(128, 128, 128);
    /// Coastlines redrawn over heat-map cells (at 75 % opacity).
    pub const COAST_OVER_CELLS: Rgb = Rgb(60, 60, 60);
    /// The border of an inset map.
    pub const INSET_BORDER: Rgb = Rgb(60, 60, 60);
    /// Graticule (drawn at 28 % opacity).
    pub const GRID: Rgb = Rgb(110, 130, 150);
    /// Plot frame and colour-bar outline.
    pub const FRAME: Rgb = Rgb(85, 85, 85);
    /// Legend box outline.
    pub const LEGEND_FRAME: Rgb = Rgb(160, 160, 160);
    /// Attribution line.
    pub const ATTRIBUTION: Rgb = Rgb(120, 120, 120);
}

/// Colours of a chart's furniture: text, grid and axes.
pub mod chart {
    use super::Rgb;
    /// Text: title, legend, tick labels.
    pub const INK: Rgb = Rgb(34, 34, 34);
    /// Notes such as "no runs".
    pub const SOFT_INK: Rgb = Rgb(100, 100, 100);
    /// Grid lines.
    pub const GRID: Rgb = Rgb(225, 225, 225);
    /// Axes.
    pub const FRAME: Rgb = Rgb(120, 120, 120);
}

/// Matplotlib's viridis at nine evenly spaced stops (perceptually uniform, colour-blind safe).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (72, 40, 120),
    (62, 73, 137),
    (49, 104, 142),
    (38, 130, 142),
    (31, 158, 137),
    (53, 183, 121),
    (110, 206, 88),
    (253, 231, 37),
];

/// Maps values to colours for `Layer::Cells` and draws as a colour bar under the map.
#[derive(Debug, Clone, PartialEq)]
pub struct ColourScale {
    /// Caption with units, e.g. "warning time, min".
    pub label: String,
    /// Value at the dark (purple) end; lower values are clamped to it.
    pub min: f64,
    /// Value at the bright (yellow) end; higher values are clamped to it.
    pub max: f64,
}

impl ColourScale {
    /// A scale from `min` to `max` captioned `label`.
    pub fn new(label: impl Into<String>, min: f64, max: f64) -> Self {
        Self {
            label: label.into(),
            min,
            max,
        }
    }

    /// The colour of `value` (clamped to the scale; NaN gives the low end).
    pub fn colour_at(&self, value: f64) -> Rgb {
        let span = self.max - self.min;
        let t = if span > 0.0 {
            ((value - self.min) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        viridis(if t.is_nan() { 0.0 } else { t })
    }

    /// Round tick values (1, 2, 2.5 or 5 × 10ⁿ apart), about five of them, within the scale.
    pub fn ticks(&self) -> Vec<f64> {
        nice_ticks(self.min, self.max, 5)
    }
}

/// Viridis at `t` in [0, 1], linearly interpolated between the stops.
pub(crate) fn viridis(t: f64) -> Rgb {
    let x = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// About `target` round ticks covering [lo, hi].
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(hi > lo) || !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A tick value printed without spurious decimals ("10", "2.5", "0.25").
pub fn format_tick(v: f64) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_ends_and_clamping() {
        let s = ColourScale::new("warning time, min", 0.0, 30.0);
        assert_eq!(s.colour_at(0.0), Rgb(68, 1, 84));
        assert_eq!(s.colour_at(30.0), Rgb(253, 231, 37));
        assert_eq!(s.colour_at(-5.0), s.colour_at(0.0));
        assert_eq!(s.colour_at(99.0), s.colour_at(30.0));
        assert_eq!(s.colour_at(f64::NAN), s.colour_at(0.0));
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(0.0, 30.0, 5), vec![0.0, 10.0, 20.0, 30.0]);
        assert_eq!(
            nice_ticks(0.0, 1.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert_eq!(format_tick(0.6000000000000001), "0.6");
        assert_eq!(format_tick(2.5), "2.5");
        assert_eq!(format_tick(-0.0), "0");
    }
}
