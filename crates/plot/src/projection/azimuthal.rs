//! Azimuthal equidistant projection: distance and direction from the centre are true, so
//! routes over a pole stay straight and readable.
//!
//! A point at angular distance `d` (radians) and azimuth `az` (clockwise from north) from the
//! centre goes to the plane point `(d sin az, d cos az)`. The antipode would be a whole
//! circle of radius π, so geometry is cut at [`CAP_DEG`] from the centre: lines end there,
//! and rings are closed along that circle (a ring whose inside holds the part beyond it is
//! filled out to the circle).

use crate::clip::{Rect, clip_polyline};
use crate::geo::{GeoBox, unwrap_lons};

use super::{Graticule, graticule_step, multiples};

/// Geometry further than this from the centre (degrees of arc) is not drawn.
pub(crate) const CAP_DEG: f64 = 160.0;
/// Longest edge drawn straight (degrees of longitude or latitude); longer ones are divided.
const MAX_EDGE_DEG: f64 = 1.0;
/// Points on the cap circle per degree of azimuth, at least.
const ARC_STEP_DEG: f64 = 2.0;

/// An azimuthal equidistant view: centre, plane window and the pixel rectangle.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Azimuthal {
    /// Centre, `[lon_deg, lat_deg]`.
    centre: [f64; 2],
    lon0: f64,
    sin_lat0: f64,
    cos_lat0: f64,
    /// Cut radius, radians.
    cap: f64,
    /// Plane window: west and north edges (radians) and pixels per radian.
    x_min: f64,
    y_max: f64,
    scale: f64,
    pub(super) plot: Rect,
}

impl Azimuthal {
    /// A view centred on `centre` (`[lon_deg, lat_deg]`) fitting `points` with a margin
    /// (8 % of the span and 2° each side, kept within the cut), widened to the shape of
    /// `avail`; the whole cut disc when no point is within it.
    pub(super) fn fit(centre: [f64; 2], points: &[[f64; 2]], avail: Rect) -> Azimuthal {
        let mut v = Azimuthal {
            centre,
            lon0: centre[0].to_radians(),
            sin_lat0: centre[1].to_radians().sin(),
            cos_lat0: centre[1].to_radians().cos(),
            cap: CAP_DEG.to_radians(),
            x_min: 0.0,
            y_max: 0.0,
            scale: 1.0,
            plot: avail,
        };
        let (mut x0, mut x1, mut y0, mut y1) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for &p in points {
            let (d, az) = v.polar(p);
            if d <= v.cap {
                let [x, y] = plane(d, az);
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
        }
        if !(x1 >= x0 && y1 >= y0) {
            (x0, x1, y0, y1) = (-v.cap, v.cap, -v.cap, v.cap);
        }
        let margin = |span: f64| span * 0.08 + 2f64.to_radians();
        let (mx, my) = (margin(x1 - x0), margin(y1 - y0));
        let (x0, x1) = ((x0 - mx).max(-v.cap), (x1 + mx).min(v.cap));
        let (y0, y1) = ((y0 - my).max(-v.cap), (y1 + my).min(v.cap));
        let (aw, ah) = (avail.x1 - avail.x0, avail.y1 - avail.y0);
        v.scale = (aw / (x1 - x0)).min(ah / (y1 - y0));
        v.x_min = (x0 + x1) / 2.0 - aw / v.scale / 2.0;
        v.y_max = (y0 + y1) / 2.0 + ah / v.scale / 2.0;
        v
    }

    /// Angular distance (radians, 0..=π) and azimuth (radians, clockwise from north) of
    /// `p` (`[lon_deg, lat_deg]`) from the centre.
    fn polar(&self, p: [f64; 2]) -> (f64, f64) {
        let (lat, dlon) = (p[1].to_radians(), p[0].to_radians() - self.lon0);
        let (sin_lat, cos_lat) = lat.sin_cos();
        let (sin_dlon, cos_dlon) = dlon.sin_cos();
        let east = cos_lat * sin_dlon;
        let north = self.cos_lat0 * sin_lat - self.sin_lat0 * cos_lat * cos_dlon;
        let up = self.sin_lat0 * sin_lat + self.cos_lat0 * cos_lat * cos_dlon;
        (east.hypot(north).atan2(up), east.atan2(north))
    }

    /// Pixel position of a plane point.
    fn px(&self, q: [f64; 2]) -> [f64; 2] {
        [
            self.plot.x0 + (q[0] - self.x_min) * self.scale,
            self.plot.y0 + (self.y_max - q[1]) * self.scale,
        ]
    }

    /// Width of the plane window in degrees of arc.
    pub(super) fn width_deg(&self) -> f64 {
        ((self.plot.x1 - self.plot.x0) / self.scale).to_degrees()
    }

    /// `p` in pixels, if within the cut.
    pub(super) fn point(&self, p: [f64; 2]) -> Option<[f64; 2]> {
        let (d, az) = self.polar(p);
        (d <= self.cap).then(|| self.px(plane(d, az)))
    }

    /// The parts of a lon/lat polyline within the cut, in pixels (not clipped to the plot).
    pub(super) fn strokes(&self, path: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let pts = densify(&unwrap_lons(path), false);
        let mut runs = Vec::new();
        let mut run: Vec<[f64; 2]> = Vec::new();
        let mut prev: Option<([f64; 2], bool)> = None;
        for &p in &pts {
            let (d, az) = self.polar(p);
            let inside = d <= self.cap;
            if let Some((a, a_inside)) = prev
                && a_inside != inside
            {
                let (dc, azc) = self.polar(self.crossing(a, p));
                let edge = self.px(plane(dc, azc));
                if a_inside {
                    run.push(edge);
                    if run.len() >= 2 {
                        runs.push(std::mem::take(&mut run));
                    }
                    run.clear();
                } else {
                    run = vec![edge];
                }
            }
            if inside {
                run.push(self.px(plane(d, az)));
            }
            prev = Some((p, inside));
        }
        if run.len() >= 2 {
            runs.push(run);
        }
        runs
    }

    /// A line layer's polyline: within the cut and clipped to the plot, in pixels.
    pub(super) fn line(&self, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        self.strokes(line)
            .iter()
            .flat_map(|run| clip_polyline(run, &self.plot))
            .collect()
    }

    /// The polygon to fill for a closed lon/lat ring whose inside is the inside in
    /// (continuous) longitude and latitude, in pixels: the ring closed along the cut circle
    /// where it leaves the cut, joined to that whole circle when the inside is the side
    /// away from the centre (even-odd and non-zero fills agree). Empty if nothing shows.
    pub(super) fn fill(&self, ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let pts = densify(ring, true);
        let polar: Vec<(f64, f64)> = pts.iter().map(|&p| self.polar(p)).collect();
        let Some(start) = polar.iter().position(|&(d, _)| d <= self.cap) else {
            return if contains(ring, self.centre) {
                self.circle(0.0, 1.0)
            } else {
                Vec::new()
            };
        };
        let n = pts.len();
        let mut out: Vec<[f64; 2]> = vec![plane(polar[start].0, polar[start].1)];
        let mut last_az = polar[start].1;
        for i in 1..=n {
            let (a, b) = ((start + i - 1) % n, (start + i) % n);
            let ((da, _), (db, az_b)) = (polar[a], polar[b]);
            let (a_in, b_in) = (da <= self.cap, db <= self.cap);
            if a_in != b_in {
                let (_, az_c) = self.polar(self.crossing(pts[a], pts[b]));
                if a_in {
                    out.push(plane(self.cap, az_c));
                } else {
                    self.arc(&mut out, last_az, az_c);
                }
                last_az = az_c;
            }
            if b_in {
                out.push(plane(db, az_b));
            } else {
                self.arc(&mut out, last_az, az_b);
                last_az = az_b;
            }
        }
        out.pop(); // the start point again
        let centre_inside = contains(ring, self.centre);
        if crate::clip::contains_even_odd(&out, [0.0, 0.0]) != centre_inside {
            self.join_circle(&mut out);
        }
        out.into_iter().map(|q| self.px(q)).collect()
    }

    /// The point where the lon/lat segment `a`–`b` crosses the cut (bisection; one end
    /// inside, the other outside).
    fn crossing(&self, a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
        let at = |t: f64| [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        let a_inside = self.polar(a).0 <= self.cap;
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if (self.polar(at(mid)).0 <= self.cap) == a_inside {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        at(if a_inside { lo } else { hi })
    }

    /// Appends the cut circle from azimuth `from` to `to` (the shorter way; `to` included).
    fn arc(&self, out: &mut Vec<[f64; 2]>, from: f64, to: f64) {
        let turn = (to - from + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU)
            - std::f64::consts::PI;
        let n = (turn.abs().to_degrees() / ARC_STEP_DEG).ceil().max(1.0) as usize;
        out.extend((1..=n).map(|i| plane(self.cap, from + turn * i as f64 / n as f64)));
    }

    /// The whole cut circle from azimuth `from`, turning clockwise (`sense` 1) or
    /// anticlockwise (−1), both ends included.
    fn circle(&self, from: f64, sense: f64) -> Vec<[f64; 2]> {
        let n = (360.0 / ARC_STEP_DEG) as usize;
        (0..=n)
            .map(|i| {
                plane(
                    self.cap,
                    from + sense * std::f64::consts::TAU * i as f64 / n as f64,
                )
            })
            .collect()
    }

    /// Joins the whole cut circle to `ring` (plane points) by a radial cut at its outermost
    /// point, turning against the ring so that the area between them is the inside.
    fn join_circle(&self, ring: &mut Vec<[f64; 2]>) {
        let Some((m, far)) = ring
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1[0].hypot(a.1[1]).total_cmp(&b.1[0].hypot(b.1[1])))
        else {
            return;
        };
        let area2: f64 = (0..ring.len())
            .map(|i| {
                let (p, q) = (ring[i], ring[(i + 1) % ring.len()]);
                p[0] * q[1] - q[0] * p[1]
            })
            .sum();
        // Anticlockwise rings (positive area) get a clockwise circle (growing azimuth).
        let sense = if area2 > 0.0 { 1.0 } else { -1.0 };
        let mut circle = self.circle(far[0].atan2(far[1]), sense);
        circle.push(far);
        ring.splice(m + 1..m + 1, circle);
    }

    /// Meridians and parallels within the cut, at about one per `lon_px` and `lat_px`
    /// pixels, labelled on the bottom and left edges of the plot or, when they do not reach
    /// them, inside it.
    pub(super) fn graticule(&self, lon_px: f64, lat_px: f64) -> Graticule {
        let plot = self.plot;
        let width = self.width_deg();
        let height = ((plot.y1 - plot.y0) / self.scale).to_degrees();
        let lat_step = graticule_step(height, ((plot.y1 - plot.y0) / lat_px).clamp(3.0, 10.0));
        let lon_step =
            graticule_step(width, ((plot.x1 - plot.x0) / lon_px).clamp(3.0, 16.0)).max(lat_step);
        let mut g = Graticule::default();
        for lon in multiples(-180.0, 180.0 - lon_step / 2.0, lon_step) {
            // Meridians stop a parallel short of the poles (where they crowd), except
            // every 90°.
            let end = if lon % 90.0 == 0.0 {
                90.0
            } else {
                90.0 - lat_step
            };
            let path = multiples(-end, end, 1.0)
                .into_iter()
                .map(|lat| [lon, lat])
                .collect();
            self.graticule_line(&mut g, path, super::format_lon(lon), true);
        }
        for lat in multiples(-90.0 + lat_step / 2.0, 90.0 - lat_step / 2.0, lat_step) {
            let path = multiples(-180.0, 180.0, 1.0)
                .into_iter()
                .map(|lon| [lon, lat])
                .collect();
            self.graticule_line(&mut g, path, super::format_lat(lat), false);
        }
        g.bottom.sort_by(|a, b| a.0.total_cmp(&b.0));
        g.left.sort_by(|a, b| b.0.total_cmp(&a.0));
        g
    }

    /// Adds one meridian or parallel (`path` in degrees) to `g` with its label: a meridian
    /// where it leaves the bottom edge, else beyond its outer end; a parallel where it leaves
    /// the left edge, else at its lowest point.
    fn graticule_line(&self, g: &mut Graticule, path: Vec<[f64; 2]>, text: String, meridian: bool) {
        let plot = self.plot;
        let runs = self.strokes(&path);
        let mut labelled = false;
        for pair in runs.iter().flat_map(|run| run.windows(2)) {
            let (a, b) = (pair[0], pair[1]);
            if meridian && (a[1] - plot.y1) * (b[1] - plot.y1) < 0.0 {
                let x = a[0] + (plot.y1 - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                if (plot.x0..=plot.x1).contains(&x) {
                    g.bottom.push((x, text.clone()));
                    labelled = true;
                }
            }
            if !meridian && (a[0] - plot.x0) * (b[0] - plot.x0) < 0.0 {
                let y = a[1] + (plot.x0 - a[0]) / (b[0] - a[0]) * (b[1] - a[1]);
                if (plot.y0..=plot.y1).contains(&y) {
                    g.left.push((y, text.clone()));
                    labelled = true;
                }
            }
        }
        let centre = self.px([0.0, 0.0]);
        let points = runs.iter().flatten().copied().filter(|q| plot.contains(*q));
        let anchor = if meridian {
            let far = |q: &[f64; 2]| (q[0] - centre[0]).hypot(q[1] - centre[1]);
            points
                .max_by(|a, b| far(a).total_cmp(&far(b)))
                .map(|q| (q, [q[0] - centre[0], q[1] - centre[1]]))
        } else {
            points
                .max_by(|a, b| a[1].total_cmp(&b[1]))
                .map(|q| (q, [0.0, 0.0]))
        };
        if let (false, Some((at, outward))) = (labelled, anchor) {
            let norm = outward[0].hypot(outward[1]).max(1e-9);
            g.inline
                .push((at, [outward[0] / norm, outward[1] / norm], text));
        }
        g.lines.extend(runs);
    }

    /// The cut disc in pixels (the drawn part of the Earth).
    pub(super) fn disc(&self) -> Vec<[f64; 2]> {
        let mut c = self.circle(0.0, 1.0);
        c.pop();
        c.into_iter().map(|q| self.px(q)).collect()
    }

    /// The cell `b` in pixels and its centre, if any of it is within the cut.
    pub(super) fn cell(&self, b: GeoBox) -> Option<(Vec<[f64; 2]>, [f64; 2])> {
        let b = b.normalised();
        let ring = [
            [b.lon_min_deg, b.lat_min_deg],
            [b.lon_max_deg, b.lat_min_deg],
            [b.lon_max_deg, b.lat_max_deg],
            [b.lon_min_deg, b.lat_max_deg],
        ];
        let poly = self.fill(&ring);
        let centre = self.point([
            (b.lon_min_deg + b.lon_max_deg) / 2.0,
            (b.lat_min_deg + b.lat_max_deg) / 2.0,
        ])?;
        (!poly.is_empty()).then_some((poly, centre))
    }
}

/// The plane point at distance `d` and azimuth `az` (radians), rounded to 1e-9 rad (6 mm)
/// so that last-bit differences between maths libraries practically never move a pixel.
fn plane(d: f64, az: f64) -> [f64; 2] {
    let r = |v: f64| (v * 1e9).round() / 1e9;
    [r(d * az.sin()), r(d * az.cos())]
}

/// `points` with edges longer than `MAX_EDGE_DEG` divided evenly (the closing edge too
/// when `closed`).
fn densify(points: &[[f64; 2]], closed: bool) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(points.len());
    let n = points.len();
    let edges = if closed { n } else { n.saturating_sub(1) };
    if n == 1 {
        out.push(points[0]);
    }
    for i in 0..edges {
        let (a, b) = (points[i], points[(i + 1) % n]);
        let steps = ((b[0] - a[0]).abs().max((b[1] - a[1]).abs()) / MAX_EDGE_DEG)
            .ceil()
            .max(1.0) as usize;
        for k in 0..steps {
            let t = k as f64 / steps as f64;
            out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
        }
    }
    if !closed && let Some(&last) = points.last() {
        out.push(last);
    }
    out
}

/// Whether the inside of `ring` (continuous longitudes, as drawn in equirectangular) holds
/// `p`. A pole is inside exactly when the ring reaches it (rings round a pole are closed
/// over it); other points are tested at every 360° copy of their longitude.
fn contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    if p[1].abs() >= 90.0 - 1e-9 {
        return ring.iter().any(|q| q[1] * p[1].signum() >= 90.0 - 1e-9);
    }
    (-2..=2).any(|k| crate::clip::contains_even_odd(ring, [p[0] + 360.0 * f64::from(k), p[1]]))
}
