//! Clipping of polygons and polylines to an axis-aligned pixel rectangle.

/// A rectangle in pixel space: `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub(crate) fn contains(&self, p: [f64; 2]) -> bool {
        p[0] >= self.x0 && p[0] <= self.x1 && p[1] >= self.y0 && p[1] <= self.y1
    }

    pub(crate) fn intersects(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// Whether `p` is inside the closed polygon `points` by the even-odd rule (ray casting).
pub(crate) fn contains_even_odd(points: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    let n = points.len();
    for i in 0..n {
        let (a, b) = (points[i], points[(i + 1) % n]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if x > p[0] {
                inside = !inside;
            }
        }
    }
    inside
}

/// Sutherland–Hodgman clipping of a closed polygon (first point not repeated).
pub(crate) fn clip_polygon(points: &[[f64; 2]], r: &Rect) -> Vec<[f64; 2]> {
    let mut poly = points.to_vec();
    // (axis, bound, keep-if-greater)
    let edges = [
        (0, r.x0, true),
        (0, r.x1, false),
        (1, r.y0, true),
        (1, r.y1, false),
    ];
    for (axis, bound, greater) in edges {
        if poly.is_empty() {
            break;
        }
        let inside = |p: &[f64; 2]| {
            if greater {
                p[axis] >= bound
            } else {
                p[axis] <= bound
            }
        };
        let mut out = Vec::with_capacity(poly.len() + 4);
        let mut prev = poly[poly.len() - 1];
        for &cur in &poly {
            let (cur_in, prev_in) = (inside(&cur), inside(&prev));
            if cur_in != prev_in {
                let t = (bound - prev[axis]) / (cur[axis] - prev[axis]);
                let mut p = [
                    prev[0] + t * (cur[0] - prev[0]),
                    prev[1] + t * (cur[1] - prev[1]),
                ];
                p[axis] = bound;
                out.push(p);
            }
            if cur_in {
                out.push(cur);
            }
            prev = cur;
        }
        poly = out;
    }
    poly
}

/// Liang–Barsky clipping of one segment; `None` when it misses the rectangle.
fn clip_segment(a: [f64; 2], b: [f64; 2], r: &Rect) -> Option<([f64; 2], [f64; 2])> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a[0] - r.x0),
        (dx, r.x1 - a[0]),
        (-dy, a[1] - r.y0),
        (dy, r.y1 - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| [a[0] + t * dx, a[1] + t * dy];
    Some((
        if t0 == 0.0 { a } else { at(t0) },
        if t1 == 1.0 { b } else { at(t1) },
    ))
}

/// Clip an open polyline; returns the visible runs (each with at least two points).
pub(crate) fn clip_polyline(points: &[[f64; 2]], r: &Rect) -> Vec<Vec<[f64; 2]>> {
    let mut runs: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], r) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() >= 2 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        runs.push(current);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 10.0,
        y1: 10.0,
    };

    #[test]
    fn polygon_inside_unchanged_and_outside_removed() {
        let sq = vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0]];
        assert_eq!(clip_polygon(&sq, &R), sq);
        assert!(clip_polygon(&[[20.0, 1.0], [30.0, 1.0], [30.0, 5.0]], &R).is_empty());
    }

    #[test]
    fn polygon_straddling_is_cut_to_the_edge() {
        let big = vec![[-5.0, -5.0], [15.0, -5.0], [15.0, 15.0], [-5.0, 15.0]];
        let c = clip_polygon(&big, &R);
        assert!(c.iter().all(|p| R.contains(*p)));
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn polyline_runs() {
        let line = vec![
            [-5.0, 5.0],
            [5.0, 5.0],
            [15.0, 5.0],
            [15.0, 6.0],
            [5.0, 6.0],
        ];
        let runs = clip_polyline(&line, &R);
        assert_eq!(
            runs,
            vec![
                vec![[0.0, 5.0], [5.0, 5.0], [10.0, 5.0]],
                vec![[10.0, 6.0], [5.0, 6.0]]
            ]
        );
        assert!(clip_polyline(&[[20.0, 20.0], [30.0, 30.0]], &R).is_empty());
    }
}
