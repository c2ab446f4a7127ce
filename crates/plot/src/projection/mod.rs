//! Map projections: `[lon_deg, lat_deg]` to pixels of the plot, with the clipping each needs.
//!
//! * [`Projection::Equirectangular`]: the standard parallel at the centre latitude of the
//!   view (clamped to ±60°), so global views are plate carrée and regional views keep their
//!   shape. Geometry is unwrapped to continuous longitudes and drawn at every 360° copy that
//!   meets the view, so a Pacific view is continuous and a line crossing ±180° in a
//!   Greenwich-centred view is split at the frame edge.
//! * [`Projection::Azimuthal`]: azimuthal equidistant, cut 160° from the centre.

mod azimuthal;
mod equirect;

use std::str::FromStr;

use crate::clip::Rect;
use crate::geo::{GeoBox, unwrap_lons, wrap_lon_deg};
use crate::{Layer, Map};

use azimuthal::Azimuthal;
use equirect::Equirect;

/// Latitude (degrees, either hemisphere) beyond which a route makes [`Projection::Auto`]
/// choose the azimuthal projection.
pub const AUTO_POLAR_LAT_DEG: f64 = 60.0;

/// How a map turns longitude and latitude into the plane.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Projection {
    /// Azimuthal (centred on the data) when any point of a [`Layer::Lines`] lies poleward of
    /// ±[`AUTO_POLAR_LAT_DEG`] (routes over high latitudes are unreadable in
    /// equirectangular), equirectangular otherwise.
    #[default]
    Auto,
    /// Equirectangular, with the standard parallel at the view's centre latitude (clamped
    /// to ±60°): plate carrée for global views, true shapes for regional ones.
    Equirectangular,
    /// Azimuthal equidistant: distance and direction from the centre are true, great circles
    /// through it are straight. Geometry more than 160° from the centre is not drawn.
    Azimuthal {
        /// Centre `[lon_deg, lat_deg]`; `None`: the mean direction of the points the view
        /// fits (the map's `bounds` if given, else its layers).
        centre_deg: Option<[f64; 2]>,
    },
}

impl Projection {
    /// The projection `Auto` stands for with these layers (other choices unchanged).
    pub fn resolve(self, layers: &[Layer]) -> Projection {
        if self != Projection::Auto {
            return self;
        }
        let polar = layers.iter().any(|l| match l {
            Layer::Lines { lines, .. } => lines
                .iter()
                .flatten()
                .any(|p| p[1].abs() > AUTO_POLAR_LAT_DEG),
            _ => false,
        });
        if polar {
            Projection::Azimuthal { centre_deg: None }
        } else {
            Projection::Equirectangular
        }
    }
}

/// Why a projection name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown projection '{0}': expected auto, azimuthal or equirectangular")]
pub struct UnknownProjection(String);

impl FromStr for Projection {
    type Err = UnknownProjection;

    /// `auto`, `azimuthal` (centred on the data) or `equirectangular`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Projection::Auto),
            "azimuthal" => Ok(Projection::Azimuthal { centre_deg: None }),
            "equirectangular" => Ok(Projection::Equirectangular),
            _ => Err(UnknownProjection(s.to_string())),
        }
    }
}

/// A fitted projection: what the layers of a map are drawn through.
#[derive(Debug, Clone, Copy)]
pub(crate) enum View {
    Equirect(Equirect),
    Azimuthal(Azimuthal),
}

impl View {
    /// The view of `map` in the pixel rectangle `avail` (equirectangular views may use
    /// only part of it, to keep their shape).
    pub(crate) fn fit(map: &Map, avail: Rect) -> View {
        match map.projection.resolve(&map.layers) {
            Projection::Auto | Projection::Equirectangular => {
                View::Equirect(Equirect::fit(map.fitted_bounds(), avail))
            }
            Projection::Azimuthal { centre_deg } => {
                let points = match map.bounds {
                    Some(b) => box_outline(b),
                    None => crate::map::layer_points(&map.layers),
                };
                let centre = centre_deg.unwrap_or_else(|| mean_direction(&points));
                View::Azimuthal(Azimuthal::fit(centre, &points, avail))
            }
        }
    }

    /// The pixel rectangle the map occupies.
    pub(crate) fn plot(&self) -> Rect {
        match self {
            View::Equirect(v) => v.plot,
            View::Azimuthal(v) => v.plot,
        }
    }

    /// Width of the view in degrees (of longitude, or of arc in azimuthal views).
    pub(crate) fn width_deg(&self) -> f64 {
        match self {
            View::Equirect(v) => v.lon_max - v.lon_min,
            View::Azimuthal(v) => v.width_deg(),
        }
    }

    /// Whether a ring with latitudes `lo..=hi` can show at all (a quick cull).
    pub(crate) fn lat_visible(&self, lo: f64, hi: f64) -> bool {
        match self {
            View::Equirect(v) => v.lat_visible(lo, hi),
            View::Azimuthal(_) => true,
        }
    }

    /// The pixel polygons filling a prepared ring ([`PreparedRing::fill`]).
    pub(crate) fn fills(&self, fill: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        match self {
            View::Equirect(v) => v.project_copies(fill),
            View::Azimuthal(v) => {
                let poly = v.fill(fill);
                if poly.len() >= 3 {
                    vec![poly]
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// The pixel polylines of an outline or coastline edge (continuous longitudes), to be
    /// clipped to the plot when stroked.
    pub(crate) fn strokes(&self, path: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        match self {
            View::Equirect(v) => v.project_copies(path),
            View::Azimuthal(v) => v.strokes(path),
        }
    }

    /// The pixel polylines of a line layer's line, clipped to the plot.
    pub(crate) fn line(&self, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        match self {
            View::Equirect(v) => v.project_line(line),
            View::Azimuthal(v) => v.line(line),
        }
    }

    /// Every place the point `p` is drawn, in pixels (not clipped to the plot).
    pub(crate) fn points(&self, p: [f64; 2]) -> Vec<[f64; 2]> {
        match self {
            View::Equirect(v) => v.point_copies(p),
            View::Azimuthal(v) => v.point(p).into_iter().collect(),
        }
    }

    /// Every drawn copy of a heat-map cell: its pixel polygon and centre.
    pub(crate) fn cells(&self, b: GeoBox) -> Vec<(Vec<[f64; 2]>, [f64; 2])> {
        match self {
            View::Equirect(v) => v.cell(b),
            View::Azimuthal(v) => v.cell(b).into_iter().collect(),
        }
    }

    /// The part of the plot that shows the Earth, if not all of it (azimuthal views end at
    /// their cut circle).
    pub(crate) fn disc(&self) -> Option<Vec<[f64; 2]>> {
        match self {
            View::Equirect(_) => None,
            View::Azimuthal(v) => Some(v.disc()),
        }
    }

    /// Graticule lines and degree labels, about one line per `lon_px` and `lat_px` pixels.
    pub(crate) fn graticule(&self, lon_px: f64, lat_px: f64) -> Graticule {
        match self {
            View::Equirect(v) => v.graticule(lon_px, lat_px),
            View::Azimuthal(v) => v.graticule(lon_px, lat_px),
        }
    }
}

/// Graticule lines (pixels) and their degree labels along the plot's bottom edge (x, text;
/// left to right), its left edge (y, text; bottom to top) and inside it (anchor point, unit
/// direction to move the text off the anchor or zero to centre it there, text).
#[derive(Debug, Default)]
pub(crate) struct Graticule {
    pub(crate) lines: Vec<Vec<[f64; 2]>>,
    pub(crate) bottom: Vec<(f64, String)>,
    pub(crate) left: Vec<(f64, String)>,
    pub(crate) inline: Vec<([f64; 2], [f64; 2], String)>,
}

/// Points along the edges of `b`, one per degree or closer.
fn box_outline(b: GeoBox) -> Vec<[f64; 2]> {
    let b = b.normalised();
    let along = |lo: f64, hi: f64| {
        let n = (hi - lo).ceil().max(1.0) as usize;
        (0..=n).map(move |i| lo + (hi - lo) * i as f64 / n as f64)
    };
    let mut out = Vec::new();
    for lon in along(b.lon_min_deg, b.lon_max_deg) {
        out.push([lon, b.lat_min_deg]);
        out.push([lon, b.lat_max_deg]);
    }
    for lat in along(b.lat_min_deg, b.lat_max_deg) {
        out.push([b.lon_min_deg, lat]);
        out.push([b.lon_max_deg, lat]);
    }
    out
}

/// The mean direction of `points` on the sphere as `[lon_deg, lat_deg]`; the North Pole
/// when there are none or they cancel out.
fn mean_direction(points: &[[f64; 2]]) -> [f64; 2] {
    let mut sum = [0.0; 3];
    for p in points {
        let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
        sum[0] += lat.cos() * lon.cos();
        sum[1] += lat.cos() * lon.sin();
        sum[2] += lat.sin();
    }
    let horizontal = sum[0].hypot(sum[1]);
    if horizontal.hypot(sum[2]) < 1e-9 * points.len().max(1) as f64 {
        return [0.0, 90.0];
    }
    [
        sum[1].atan2(sum[0]).to_degrees(),
        sum[2].atan2(horizontal).to_degrees(),
    ]
}

/// A ring ready to draw: fill outline (closed over the pole if it encircles one) and
/// the edges to stroke, all with continuous longitudes.
pub(crate) struct PreparedRing {
    pub(crate) fill: Vec<[f64; 2]>,
    pub(crate) strokes: Vec<Vec<[f64; 2]>>,
}

/// Prepares `ring` for drawing; with `skip_cut_edges`, edges along ±180° or a pole
/// (Natural Earth's cuts, not coastline) are not stroked.
pub(crate) fn prepare_ring(ring: &[[f64; 2]], skip_cut_edges: bool) -> PreparedRing {
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

/// Multiples of `step` in [lo, hi].
fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Graticule spacing: the finest of 0.5..30° giving at most `max_lines` lines.
fn graticule_step(span_deg: f64, max_lines: f64) -> f64 {
    [0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0]
        .into_iter()
        .find(|s| span_deg / s <= max_lines)
        .unwrap_or(30.0)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rect() -> Rect {
        Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 1000.0,
            y1: 500.0,
        }
    }

    fn view(b: GeoBox) -> Equirect {
        Equirect::fit(b, rect())
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
        let runs = v.project_line(&[[170.0, 10.0], [-170.0, 20.0]]);
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
        let runs = v.project_line(&[[170.0, 10.0], [-170.0, 20.0]]);
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

    #[test]
    fn auto_is_azimuthal_only_for_routes_beyond_60_degrees() {
        let line = |lat: f64| Layer::Lines {
            label: String::new(),
            colour: crate::Rgb::BLACK,
            width_px: 1.0,
            lines: vec![vec![[0.0, 10.0], [20.0, lat]]],
        };
        let point = Layer::Points {
            label: String::new(),
            colour: crate::Rgb::BLACK,
            marker: crate::Marker::Circle,
            points: vec![([0.0, 80.0], None)],
        };
        let auto = Projection::Auto;
        assert_eq!(
            auto.resolve(&[line(60.0), point]),
            Projection::Equirectangular
        );
        let polar = Projection::Azimuthal { centre_deg: None };
        assert_eq!(auto.resolve(&[line(-61.0)]), polar);
        assert_eq!(
            Projection::Equirectangular.resolve(&[line(80.0)]),
            Projection::Equirectangular
        );
        assert_eq!("azimuthal".parse::<Projection>(), Ok(polar));
        assert_eq!("auto".parse::<Projection>(), Ok(auto));
        assert!("mercator".parse::<Projection>().is_err());
    }

    fn polar_view() -> Azimuthal {
        Azimuthal::fit([0.0, 90.0], &[], rect())
    }

    #[test]
    fn azimuthal_distances_are_true_from_the_centre() {
        let v = polar_view();
        let centre = v.point([0.0, 90.0]).unwrap();
        // 30° from the pole in every direction: one radius.
        let r = |p: [f64; 2]| {
            let q = v.point(p).unwrap();
            (q[0] - centre[0]).hypot(q[1] - centre[1])
        };
        let r0 = r([0.0, 60.0]);
        for lon in [45.0, 90.0, 180.0, -100.0] {
            assert!((r([lon, 60.0]) - r0).abs() < 1e-6);
        }
        assert!((r([0.0, 0.0]) - 3.0 * r0).abs() < 1e-6);
        // Lon 0 is straight down from the North Pole, 90°E to the right.
        let down = v.point([0.0, 60.0]).unwrap();
        assert!((down[0] - centre[0]).abs() < 1e-6 && down[1] > centre[1]);
        assert!(v.point([90.0, 60.0]).unwrap()[0] > centre[0]);
        // Beyond the cut: not drawn.
        assert!(v.point([0.0, -75.0]).is_none());
    }

    #[test]
    fn azimuthal_lines_stop_at_the_cut() {
        let v = polar_view();
        // A meridian from the North to the South Pole: drawn to 160° from the centre only.
        let runs = v.strokes(&[[10.0, 80.0], [10.0, -89.0]]);
        assert_eq!(runs.len(), 1);
        let centre = v.point([0.0, 90.0]).unwrap();
        let end = runs[0][runs[0].len() - 1];
        let r_end = (end[0] - centre[0]).hypot(end[1] - centre[1]);
        let r_70s = {
            let q = v.point([10.0, -70.0]).unwrap();
            (q[0] - centre[0]).hypot(q[1] - centre[1])
        };
        assert!((r_end - r_70s).abs() < 1e-3, "{r_end} vs {r_70s}");
    }

    #[test]
    fn azimuthal_ring_round_the_antipode_fills_out_to_the_cut() {
        let v = polar_view();
        // Antarctica-like: a ring round the South Pole at 65°S, closed over the pole.
        let ring: Vec<[f64; 2]> = (0..36)
            .map(|i| [-180.0 + 10.0 * f64::from(i), -65.0])
            .collect();
        let prepared = prepare_ring(&ring, true);
        let poly = v.fill(&prepared.fill);
        let centre = v.point([0.0, 90.0]).unwrap();
        let inside = |p: [f64; 2]| crate::clip::contains_even_odd(&poly, v.point(p).unwrap());
        assert!(inside([40.0, -68.0]), "between the coast and the cut");
        assert!(!inside([40.0, -60.0]), "north of the coast");
        assert!(!crate::clip::contains_even_odd(&poly, centre));
        // A ring away from the antipode fills only its inside.
        let square = [[0.0, 40.0], [20.0, 40.0], [20.0, 50.0], [0.0, 50.0]];
        let poly = v.fill(&square);
        assert!(crate::clip::contains_even_odd(
            &poly,
            v.point([10.0, 45.0]).unwrap()
        ));
        assert!(!crate::clip::contains_even_odd(&poly, centre));
    }

    #[test]
    fn azimuthal_ring_crossing_the_cut_is_closed_along_it() {
        // Centre on the equator: a box straddling the 160° cut near the antipode.
        let v = Azimuthal::fit([0.0, 0.0], &[], rect());
        let square = [[150.0, -10.0], [170.0, -10.0], [170.0, 10.0], [150.0, 10.0]];
        let poly = v.fill(&square);
        assert!(poly.len() > 4);
        assert!(crate::clip::contains_even_odd(
            &poly,
            v.point([152.0, 0.0]).unwrap()
        ));
        let centre = v.point([0.0, 0.0]).unwrap();
        let r_cut = (v.point([160.0, 0.0]).unwrap()[0] - centre[0]).abs();
        for q in &poly {
            assert!((q[0] - centre[0]).hypot(q[1] - centre[1]) <= r_cut + 1e-6);
        }
    }

    #[test]
    fn mean_direction_of_points() {
        let c = mean_direction(&[[10.0, 0.0], [-10.0, 0.0]]);
        assert!(c[0].abs() < 1e-12 && c[1].abs() < 1e-12);
        assert_eq!(mean_direction(&[]), [0.0, 90.0]);
        let c = mean_direction(&[[0.0, 80.0], [180.0, 80.0]]);
        assert!((c[1] - 90.0).abs() < 1e-9);
    }
}
