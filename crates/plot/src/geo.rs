//! Longitude/latitude boxes, antimeridian handling and view fitting (degrees).
//!
//! Everything here is plain `f64` arithmetic (no trigonometry), so results are
//! bit-identical on every IEEE-754 machine.

/// A longitude/latitude box in degrees.
///
/// `lon_max_deg` may exceed 180 (for example 150..210) to describe a box that
/// straddles the antimeridian; `lon_min_deg > lon_max_deg` (for example 150..-150)
/// is read the same way by the renderer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBox {
    /// Western edge, degrees east.
    pub lon_min_deg: f64,
    /// Eastern edge, degrees east.
    pub lon_max_deg: f64,
    /// Southern edge, degrees north.
    pub lat_min_deg: f64,
    /// Northern edge, degrees north.
    pub lat_max_deg: f64,
}

impl GeoBox {
    /// A box from its western, eastern, southern and northern edges in degrees.
    pub fn new(lon_min_deg: f64, lon_max_deg: f64, lat_min_deg: f64, lat_max_deg: f64) -> Self {
        Self {
            lon_min_deg,
            lon_max_deg,
            lat_min_deg,
            lat_max_deg,
        }
    }

    /// The whole world, -180..180 by -90..90.
    pub fn world() -> Self {
        Self::new(-180.0, 180.0, -90.0, 90.0)
    }

    /// Width in degrees of longitude (boxes given as 150..-150 count as 60° wide).
    pub fn lon_span_deg(&self) -> f64 {
        let span = self.lon_max_deg - self.lon_min_deg;
        if span < 0.0 { span + 360.0 } else { span }
    }

    /// Height in degrees of latitude.
    pub fn lat_span_deg(&self) -> f64 {
        self.lat_max_deg - self.lat_min_deg
    }

    /// The same box with `lon_min_deg` in [-180, 180) and `lon_max_deg > lon_min_deg`.
    pub(crate) fn normalised(&self) -> Self {
        let lon_min = wrap_lon_deg(self.lon_min_deg);
        let span = self.lon_span_deg().min(360.0);
        Self::new(lon_min, lon_min + span, self.lat_min_deg, self.lat_max_deg)
    }

    /// True when every edge is finite, latitudes lie in [-90, 90] and the box has area.
    pub(crate) fn is_valid(&self) -> bool {
        let finite = [
            self.lon_min_deg,
            self.lon_max_deg,
            self.lat_min_deg,
            self.lat_max_deg,
        ]
        .iter()
        .all(|v| v.is_finite());
        finite
            && (-90.0..=90.0).contains(&self.lat_min_deg)
            && (-90.0..=90.0).contains(&self.lat_max_deg)
            && self.lat_max_deg > self.lat_min_deg
            && self.lon_span_deg() > 0.0
    }
}

/// Wrap a longitude into [-180, 180) degrees.
pub fn wrap_lon_deg(lon_deg: f64) -> f64 {
    let wrapped = (lon_deg + 180.0).rem_euclid(360.0) - 180.0;
    // rem_euclid can round up to exactly 360 for tiny negative inputs.
    if wrapped >= 180.0 {
        wrapped - 360.0
    } else {
        wrapped
    }
}

/// Make a path's longitudes continuous: each point is moved by a multiple of 360°
/// so that it lies within 180° of the previous one. The first point is wrapped into
/// [-180, 180); later points may leave that range (e.g. 170, 185, 200).
pub fn unwrap_lons(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for &[lon, lat] in points {
        let lon = match out.last() {
            None => wrap_lon_deg(lon),
            Some(prev) => prev[0] + wrap_lon_deg(lon - prev[0]),
        };
        out.push([lon, lat]);
    }
    out
}

/// Split a polyline at the antimeridian.
///
/// Longitudes are first wrapped into [-180, 180). Wherever a segment crosses ±180°
/// (the shorter way round the globe is taken, as for any segment more than 180° long
/// in longitude) the line is cut: the piece before ends on one side at the
/// interpolated crossing latitude and the next piece starts on the other side.
/// Pieces with fewer than two points are dropped. This is also what GeoJSON
/// (RFC 7946 §3.1.9) asks of lines that cross the antimeridian.
pub fn split_at_antimeridian(line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let mut pieces: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    let mut prev: Option<[f64; 2]> = None;
    for &[lon, lat] in line {
        let point = [wrap_lon_deg(lon), lat];
        if let Some(a) = prev {
            let delta = point[0] - a[0];
            if delta.abs() > 180.0 {
                // Eastward across +180 when the wrapped step is negative, westward otherwise.
                let (edge, far_lon) = if delta < 0.0 {
                    (180.0, point[0] + 360.0)
                } else {
                    (-180.0, point[0] - 360.0)
                };
                let t = (edge - a[0]) / (far_lon - a[0]);
                let lat_cross = a[1] + t * (point[1] - a[1]);
                push_distinct(&mut current, [edge, lat_cross]);
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
                current.push([-edge, lat_cross]);
            }
        }
        push_distinct(&mut current, point);
        prev = Some(point);
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

fn push_distinct(line: &mut Vec<[f64; 2]>, point: [f64; 2]) {
    if line.last() != Some(&point) {
        line.push(point);
    }
}

/// Smallest longitude interval (degrees, `min` in [-180, 180), `max > min`, span
/// at most 360) that contains every given longitude, found from the largest gap
/// between them around the circle. `None` when there are no longitudes.
pub(crate) fn fit_lon_range(lons: &[f64]) -> Option<(f64, f64)> {
    let mut wrapped: Vec<f64> = lons
        .iter()
        .filter(|v| v.is_finite())
        .map(|&v| wrap_lon_deg(v))
        .collect();
    if wrapped.is_empty() {
        return None;
    }
    wrapped.sort_by(f64::total_cmp);
    let n = wrapped.len();
    let first = wrapped[0];
    let last = wrapped[n - 1];
    // The gap across the antimeridian first: ties keep the conventional -180..180 frame.
    let mut best_gap = first + 360.0 - last;
    let mut range = (first, last);
    for i in 0..n - 1 {
        let gap = wrapped[i + 1] - wrapped[i];
        if gap > best_gap {
            best_gap = gap;
            range = (wrapped[i + 1], wrapped[i] + 360.0);
        }
    }
    Some(range)
}

/// Fit a view box around all the given `[lon_deg, lat_deg]` points with a margin (8 % of
/// the span and 2° on each side; across the antimeridian when that is shorter; the whole
/// world's width when the points span over 300°); the world when there are no points.
pub fn fit_bounds(points: &[[f64; 2]]) -> GeoBox {
    let lons: Vec<f64> = points.iter().map(|p| p[0]).collect();
    let Some((lon_lo, lon_hi)) = fit_lon_range(&lons) else {
        return GeoBox::world();
    };
    let (mut lat_lo, mut lat_hi) = points
        .iter()
        .map(|p| p[1])
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !(lat_hi >= lat_lo) {
        return GeoBox::world();
    }
    let lon_margin = (lon_hi - lon_lo) * 0.08 + 2.0;
    let lat_margin = (lat_hi - lat_lo) * 0.08 + 2.0;
    let (mut lon_min, mut lon_max) = (lon_lo - lon_margin, lon_hi + lon_margin);
    if lon_max - lon_min >= 300.0 {
        // Nearly global: show the whole world, centred on Greenwich unless the data
        // leave their widest gap away from the antimeridian.
        let gap_centre = wrap_lon_deg(lon_hi + (360.0 - (lon_hi - lon_lo)) / 2.0);
        let centre = if gap_centre.abs() >= 90.0 { 0.0 } else { 180.0 };
        lon_min = centre - 180.0;
        lon_max = centre + 180.0;
    }
    lat_lo = (lat_lo - lat_margin).max(-90.0);
    lat_hi = (lat_hi + lat_margin).min(90.0);
    GeoBox::new(lon_min, lon_max, lat_lo, lat_hi).normalised()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_is_half_open() {
        assert_eq!(wrap_lon_deg(180.0), -180.0);
        assert_eq!(wrap_lon_deg(-180.0), -180.0);
        assert_eq!(wrap_lon_deg(190.0), -170.0);
        assert_eq!(wrap_lon_deg(-190.0), 170.0);
        assert_eq!(wrap_lon_deg(540.0), -180.0);
        assert_eq!(wrap_lon_deg(12.5), 12.5);
    }

    #[test]
    fn unwrap_makes_longitudes_continuous() {
        let u = unwrap_lons(&[[170.0, 0.0], [-175.0, 1.0], [-160.0, 2.0], [170.0, 3.0]]);
        assert_eq!(
            u,
            vec![[170.0, 0.0], [185.0, 1.0], [200.0, 2.0], [170.0, 3.0]]
        );
    }

    #[test]
    fn split_eastward_crossing() {
        let pieces = split_at_antimeridian(&[[170.0, 10.0], [-170.0, 20.0], [-160.0, 20.0]]);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0], vec![[170.0, 10.0], [180.0, 15.0]]);
        assert_eq!(
            pieces[1],
            vec![[-180.0, 15.0], [-170.0, 20.0], [-160.0, 20.0]]
        );
    }

    #[test]
    fn split_westward_crossing_and_back() {
        let pieces = split_at_antimeridian(&[[-175.0, 0.0], [175.0, 10.0], [-175.0, 20.0]]);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], vec![[-175.0, 0.0], [-180.0, 5.0]]);
        assert_eq!(pieces[1], vec![[180.0, 5.0], [175.0, 10.0], [180.0, 15.0]]);
        assert_eq!(pieces[2], vec![[-180.0, 15.0], [-175.0, 20.0]]);
        for piece in &pieces {
            for pair in piece.windows(2) {
                assert!((pair[1][0] - pair[0][0]).abs() <= 180.0);
            }
        }
    }

    #[test]
    fn split_leaves_ordinary_lines_alone() {
        let line = vec![[-10.0, 0.0], [10.0, 5.0], [179.0, 5.0]];
        assert_eq!(split_at_antimeridian(&line), vec![line.clone()]);
        // Longitudes outside [-180, 180) are wrapped first.
        let pieces = split_at_antimeridian(&[[170.0, 0.0], [190.0, 0.0]]);
        assert_eq!(
            pieces,
            vec![
                vec![[170.0, 0.0], [180.0, 0.0]],
                vec![[-180.0, 0.0], [-170.0, 0.0]]
            ]
        );
        assert!(split_at_antimeridian(&[[1.0, 1.0]]).is_empty());
    }

    #[test]
    fn split_starting_on_the_antimeridian_drops_degenerate_piece() {
        let pieces = split_at_antimeridian(&[[180.0, 0.0], [179.0, 0.0]]);
        // 180 wraps to -180; the crossing happens at the first point itself.
        assert_eq!(pieces, vec![vec![[180.0, 0.0], [179.0, 0.0]]]);
    }

    #[test]
    fn lon_range_picks_the_short_way() {
        assert_eq!(fit_lon_range(&[10.0, 20.0, -5.0]), Some((-5.0, 20.0)));
        let (lo, hi) = fit_lon_range(&[170.0, -170.0, 175.0]).unwrap_or_default();
        assert_eq!((lo, hi), (170.0, 190.0));
        assert_eq!(fit_lon_range(&[]), None);
    }

    #[test]
    fn bounds_fit_with_margin_and_across_the_antimeridian() {
        let b = fit_bounds(&[[170.0, 50.0], [-170.0, 60.0]]);
        assert!(b.lon_min_deg < 170.0 && b.lon_min_deg > 160.0, "{b:?}");
        assert!(b.lon_max_deg > 190.0 && b.lon_max_deg < 200.0, "{b:?}");
        assert!(b.lat_min_deg < 50.0 && b.lat_max_deg > 60.0);
        let w = fit_bounds(&[]);
        assert_eq!(w, GeoBox::world());
        let g = fit_bounds(&[
            [-170.0, -60.0],
            [-90.0, 0.0],
            [0.0, 5.0],
            [90.0, 10.0],
            [170.0, 70.0],
        ]);
        assert_eq!(g.lon_span_deg(), 360.0);
        // The widest gap (-90..0) is far from the antimeridian: a Pacific-centred world.
        assert_eq!(g.lon_min_deg, 0.0);
    }
}
