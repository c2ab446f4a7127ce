//! Equirectangular projection with the standard parallel at the view's centre latitude.

use crate::clip::{Rect, clip_polyline};
use crate::coastlines;
use crate::geo::{GeoBox, unwrap_lons, wrap_lon_deg};

use super::{Graticule, graticule_step, multiples};

/// The drawn view: lon/lat window and the pixel rectangle it maps to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Equirect {
    pub(super) lon_min: f64,
    pub(super) lon_max: f64,
    pub(super) lat_min: f64,
    pub(super) lat_max: f64,
    pub(super) plot: Rect,
    px_per_deg_lon: f64,
    px_per_deg_lat: f64,
}

impl Equirect {
    /// Fit `b` into `avail`, widening it along one axis to the rectangle's shape.
    pub(super) fn fit(b: GeoBox, avail: Rect) -> Equirect {
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
        Equirect {
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

    pub(super) fn xy(&self, p: [f64; 2], offset: f64) -> [f64; 2] {
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

    pub(super) fn lat_visible(&self, lo: f64, hi: f64) -> bool {
        hi >= self.lat_min && lo <= self.lat_max
    }

    /// Project a lon/lat path (already unwrapped) at every 360° copy that meets the view.
    pub(super) fn project_copies(&self, path: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let (lo, hi, lat_lo, lat_hi) = coastlines::extent(path);
        if path.is_empty() || !self.lat_visible(lat_lo, lat_hi) {
            return Vec::new();
        }
        self.offsets(lo, hi)
            .into_iter()
            .map(|o| path.iter().map(|&p| self.xy(p, o)).collect())
            .collect()
    }

    /// A polyline in pixels for every 360° copy of `line` in the view, clipped to the plot:
    /// a line crossing the antimeridian is continuous when the view spans it and split at
    /// the frame otherwise, never drawn across the whole map.
    pub(super) fn project_line(&self, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let unwrapped = unwrap_lons(line);
        self.project_copies(&unwrapped)
            .iter()
            .flat_map(|copy| clip_polyline(copy, &self.plot))
            .collect()
    }

    /// Every copy of the point `p` in the view, in pixels.
    pub(super) fn point_copies(&self, p: [f64; 2]) -> Vec<[f64; 2]> {
        let lon = wrap_lon_deg(p[0]);
        self.offsets(lon, lon)
            .into_iter()
            .map(|offset| self.xy([lon, p[1]], offset))
            .collect()
    }

    /// Every copy of the cell `b` in the view: its pixel corners and centre.
    pub(super) fn cell(&self, b: GeoBox) -> Vec<(Vec<[f64; 2]>, [f64; 2])> {
        let b = b.normalised();
        let corners = [
            [b.lon_min_deg, b.lat_min_deg],
            [b.lon_max_deg, b.lat_min_deg],
            [b.lon_max_deg, b.lat_max_deg],
            [b.lon_min_deg, b.lat_max_deg],
        ];
        self.project_copies(&corners)
            .into_iter()
            .map(|copy| {
                let centre = [
                    (copy[0][0] + copy[2][0]) / 2.0,
                    (copy[0][1] + copy[2][1]) / 2.0,
                ];
                (copy, centre)
            })
            .collect()
    }

    /// Straight meridians and parallels, at most about one per `lon_px` and `lat_px`
    /// pixels, labelled below and left of the plot.
    pub(super) fn graticule(&self, lon_px: f64, lat_px: f64) -> Graticule {
        let plot = self.plot;
        let lon_step = graticule_step(
            self.lon_max - self.lon_min,
            ((plot.x1 - plot.x0) / lon_px).clamp(3.0, 16.0),
        );
        let lat_step = graticule_step(
            self.lat_max - self.lat_min,
            ((plot.y1 - plot.y0) / lat_px).clamp(3.0, 10.0),
        );
        let meridians = multiples(self.lon_min, self.lon_max, lon_step);
        let parallels = multiples(
            self.lat_min.max(-89.999),
            self.lat_max.min(89.999),
            lat_step,
        );
        let mut g = Graticule::default();
        for &lon in &meridians {
            let x = self.xy([lon, 0.0], 0.0)[0];
            g.lines.push(vec![[x, plot.y0], [x, plot.y1]]);
        }
        for &lat in &parallels {
            let y = self.xy([0.0, lat], 0.0)[1];
            g.lines.push(vec![[plot.x0, y], [plot.x1, y]]);
        }
        g.bottom = meridians
            .iter()
            .map(|&lon| (self.xy([lon, 0.0], 0.0)[0], super::format_lon(lon)))
            .collect();
        g.left = parallels
            .iter()
            .map(|&lat| (self.xy([0.0, lat], 0.0)[1], super::format_lat(lat)))
            .collect();
        g
    }
}
