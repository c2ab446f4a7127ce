//! Per-object scoring of impact predictions (scoring only: reads the truth tags of the track
//! updates and the flown truth; the tracker and the warning stage never do). For every impact
//! prediction (of an alert, or any the warning stage made): the true object its track followed
//! (the majority of the truth tags of the track's last [`RECENT_UPDATES`] updates up to the
//! prediction) and that majority's share (purity), the
//! object's true impact, whether it fell inside the prediction's 95 % ellipse, and the
//! normalised miss (Mahalanobis distance on the ground, time miss in sigmas).

use crate::track::TrackRow;
use crate::truth::FlownLaunch;
use std::collections::BTreeMap;
use vigil_earth::Geodetic;
use vigil_sensors::Truth;
use vigil_warning::impact::{CHI2_2DOF_95, ImpactPrediction};

/// Time-to-go bands of the calibration (true impact time of the followed object − the
/// prediction's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeToGo {
    /// More than 15 min.
    Over15Min,
    /// 5 to 15 min.
    From5To15Min,
    /// Less than 5 min.
    Under5Min,
}

impl TimeToGo {
    /// Every band, longest first (the order of the files).
    pub const ALL: [TimeToGo; 3] = [
        TimeToGo::Over15Min,
        TimeToGo::From5To15Min,
        TimeToGo::Under5Min,
    ];

    /// The band of a time to go, s (5 min and 15 min belong to the middle band).
    pub fn of(time_to_go_s: f64) -> Self {
        if time_to_go_s > 900.0 {
            TimeToGo::Over15Min
        } else if time_to_go_s >= 300.0 {
            TimeToGo::From5To15Min
        } else {
            TimeToGo::Under5Min
        }
    }

    /// The name in files: `gt15min`, `5-15min`, `lt5min`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeToGo::Over15Min => "gt15min",
            TimeToGo::From5To15Min => "5-15min",
            TimeToGo::Under5Min => "lt5min",
        }
    }

    /// Its index in [`TimeToGo::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Updates of a track that say which object a prediction is about: the last this many up to
/// it. An estimate rests on its recent updates (older ones are forgotten through the process
/// noise), so a track that moved from a stage to the reentry vehicle at separation predicts
/// the vehicle's impact, and is scored against it.
pub const RECENT_UPDATES: usize = 10;

/// The majority truth tag of a track's updates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Majority {
    /// The most frequent tag (ties: the one seen last).
    pub truth: Truth,
    /// Its share of the updates, (0, 1].
    pub purity: f64,
    /// Updates counted.
    pub updates: usize,
}

/// The majority of `tags` (in time order) and its share; None without tags. Among tags of
/// equal count the one seen last wins: the object the track holds now.
pub fn majority(tags: impl IntoIterator<Item = Truth>) -> Option<Majority> {
    let mut counts: BTreeMap<Truth, (usize, usize)> = BTreeMap::new();
    let mut n = 0;
    for t in tags {
        let e = counts.entry(t).or_insert((0, 0));
        e.0 += 1;
        e.1 = n;
        n += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, c)| *c)
        .map(|(truth, (k, _))| Majority {
            truth,
            purity: k as f64 / n as f64,
            updates: n,
        })
}

/// How far a true impact is from a prediction, in the prediction's own uncertainty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Miss {
    /// Mahalanobis distance of the true impact point in the prediction's east-north
    /// covariance (None if that covariance is not positive-definite).
    pub miss_sigma: Option<f64>,
    /// Whether the true point lies in the 95 % ellipse (miss_sigma² ≤ χ²₂(0.95)).
    pub inside_95: Option<bool>,
    /// (true − predicted impact time) / its standard deviation (None for a zero sigma).
    pub time_miss_sigma: Option<f64>,
}

/// The miss of prediction `p` against a true impact at `point` (on the surface) and `t_s`.
pub fn miss(p: &ImpactPrediction, point: &Geodetic, t_s: f64) -> Miss {
    let m2 = p.mahalanobis2(point).filter(|m| m.is_finite());
    Miss {
        miss_sigma: m2.map(|m| m.max(0.0).sqrt()),
        inside_95: m2.map(|m| m <= CHI2_2DOF_95),
        time_miss_sigma: (p.t_sigma_s > 0.0).then(|| (t_s - p.t_s) / p.t_sigma_s),
    }
}

/// Where and when a true object came down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrueImpact {
    /// Impact point (height 0).
    pub point: Geodetic,
    /// Impact time, s.
    pub t_s: f64,
}

/// The per-object score of one alert's impact prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PredictionScore {
    /// The majority truth of the track's updates up to the alert (None: the track had no
    /// update, which the engine never produces).
    pub followed: Option<Majority>,
    /// The true impact of the followed object (None: a false alarm's or phantom's track, or
    /// an object that never comes down).
    pub true_impact: Option<TrueImpact>,
    /// The miss against that impact (None without one).
    pub miss: Option<Miss>,
    /// True time to go at the alert: the followed object's impact time − the alert's, s.
    pub time_to_go_s: Option<f64>,
    /// Whether the 95 % ellipse holds the true impact of any object among the track's recent
    /// updates (the followed one included), for tracks holding objects flying together that
    /// they do not resolve (None: none of them comes down).
    pub inside_95_any_held: Option<bool>,
}

impl PredictionScore {
    /// The launch and object the track followed (None: false alarms or a phantom).
    pub fn object(&self) -> Option<(u32, u32)> {
        self.followed.and_then(|m| m.truth.object())
    }

    /// The time-to-go band, when the followed object comes down.
    pub fn band(&self) -> Option<TimeToGo> {
        self.time_to_go_s.map(TimeToGo::of)
    }

    /// Whether the true impact fell in the 95 % ellipse (None: not scorable).
    pub fn inside_95(&self) -> Option<bool> {
        self.miss.and_then(|m| m.inside_95)
    }
}

/// Scores impact predictions of one architecture — each `(time, track, prediction)`, e.g.
/// its alerts or every prediction its warning stage made — against the object the track
/// followed; `rows` are the architecture's track updates in time order. One entry per item
/// (None: no prediction, or no track).
pub fn score_predictions(
    flown: &[FlownLaunch],
    rows: &[TrackRow],
    items: impl IntoIterator<Item = (f64, Option<u64>, Option<ImpactPrediction>)>,
) -> Vec<Option<PredictionScore>> {
    let mut updates: BTreeMap<u64, Vec<(f64, Truth)>> = BTreeMap::new();
    for r in rows {
        updates
            .entry(r.track_id)
            .or_default()
            .push((r.t_s, r.truth));
    }
    items
        .into_iter()
        .map(|(t_s, track, impact)| {
            let (p, track) = (impact?, track?);
            let history = updates.get(&track).map_or(&[][..], Vec::as_slice);
            let upto = history.partition_point(|(t, _)| *t <= t_s);
            let recent = &history[upto.saturating_sub(RECENT_UPDATES)..upto];
            let followed = majority(recent.iter().map(|(_, t)| *t));
            let impact_of = |truth: Truth| {
                truth
                    .object()
                    .and_then(|(l, o)| flown.get(l as usize)?.flight.objects.get(o as usize))
                    .and_then(|o| o.impact)
                    .map(|e| TrueImpact {
                        point: Geodetic {
                            h_m: 0.0,
                            ..e.geodetic
                        },
                        t_s: e.state.t_s,
                    })
            };
            let true_impact = followed.and_then(|m| impact_of(m.truth));
            let held: Vec<bool> = recent
                .iter()
                .filter_map(|(_, t)| impact_of(*t))
                .filter_map(|x| miss(&p, &x.point, x.t_s).inside_95)
                .collect();
            Some(PredictionScore {
                followed,
                true_impact,
                miss: true_impact.map(|x| miss(&p, &x.point, x.t_s)),
                time_to_go_s: true_impact.map(|x| x.t_s - t_s),
                inside_95_any_held: (!held.is_empty()).then(|| held.contains(&true)),
            })
        })
        .collect()
}

/// The Wilson score interval of a binomial share with `k` successes in `n` trials, at the
/// normal quantile `z` (1.959964 for 95 %); None for n = 0.
pub fn wilson(k: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At k = 0 and k = n a bound is exactly 0 or 1; rounding must not move it inside.
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((lo, hi))
}

/// The normal quantile of a two-sided 95 % interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix2;

    const A: Truth = Truth::Object {
        launch: 0,
        object: 0,
    };
    const B: Truth = Truth::Object {
        launch: 0,
        object: 2,
    };

    #[test]
    fn majority_and_purity() {
        let m = majority([A, A, B, Truth::FalseAlarm, A]).unwrap();
        assert_eq!(m.truth, A);
        assert_eq!(m.updates, 5);
        assert!((m.purity - 0.6).abs() < 1e-15);
        // A tie goes to the tag seen last.
        assert_eq!(majority([A, B, B, A]).unwrap().truth, A);
        assert_eq!(majority([B, A, A, B]).unwrap().truth, B);
        assert_eq!(majority([Truth::FalseAlarm]).unwrap().truth.object(), None);
        assert_eq!(majority([]), None);
    }

    #[test]
    fn time_to_go_bands() {
        assert_eq!(TimeToGo::of(901.0), TimeToGo::Over15Min);
        assert_eq!(TimeToGo::of(900.0), TimeToGo::From5To15Min);
        assert_eq!(TimeToGo::of(300.0), TimeToGo::From5To15Min);
        assert_eq!(TimeToGo::of(299.9), TimeToGo::Under5Min);
        assert_eq!(TimeToGo::of(-10.0), TimeToGo::Under5Min);
        for (i, b) in TimeToGo::ALL.iter().enumerate() {
            assert_eq!(b.index(), i);
        }
    }

    /// A prediction at 45° N 10° E whose 95 % ellipse has semi-axes a = 20 km, b = 5 km, the
    /// major axis at azimuth 30°; a true impact `k` standard deviations along the major axis
    /// (and `j` along the minor) has Mahalanobis distance √(k² + j²), closed form. Tolerance
    /// 1e-3 relative: the offset is placed on the ellipsoid by a first-order step of a few km.
    #[test]
    fn mahalanobis_miss_has_the_closed_form_value() {
        let (sa, sb) = (20e3 / CHI2_2DOF_95.sqrt(), 5e3 / CHI2_2DOF_95.sqrt());
        let az = 30f64.to_radians();
        // Unit vectors (east, north) of the major and minor axes.
        let (u, v) = ([az.sin(), az.cos()], [az.cos(), -az.sin()]);
        let cov = Matrix2::new(
            sa * sa * u[0] * u[0] + sb * sb * v[0] * v[0],
            sa * sa * u[0] * u[1] + sb * sb * v[0] * v[1],
            sa * sa * u[0] * u[1] + sb * sb * v[0] * v[1],
            sa * sa * u[1] * u[1] + sb * sb * v[1] * v[1],
        );
        let point = Geodetic::from_degrees(45.0, 10.0, 0.0).unwrap();
        let p = ImpactPrediction {
            point,
            cov_en_m2: cov,
            t_s: 1000.0,
            t_sigma_s: 4.0,
        };
        let e = p.ellipse_95();
        assert!((e.semi_major_m - 20e3).abs() < 1e-6 && (e.semi_minor_m - 5e3).abs() < 1e-6);
        assert!((e.major_azimuth_rad - az).abs() < 1e-12);
        // A point offset (east, north) metres from the mean, to first order on the ellipsoid.
        let at = |east: f64, north: f64| {
            let [ue, un, _] = point.enu_axes();
            let mut g = Geodetic::from_ecef(&vigil_earth::Position::from_vector(
                point.to_ecef().vector() + ue * east + un * north,
            ));
            g.h_m = 0.0;
            g
        };
        for (k, j) in [(1.0, 0.0), (2.0, 1.0), (0.0, 3.0), (2.4, 0.3)] {
            let east = k * sa * u[0] + j * sb * v[0];
            let north = k * sa * u[1] + j * sb * v[1];
            let m = miss(&p, &at(east, north), 1010.0);
            let expected = (k * k + j * j).sqrt();
            let got = m.miss_sigma.unwrap();
            assert!((got - expected).abs() < 1e-3 * expected, "{k},{j}: {got}");
            assert_eq!(m.inside_95, Some(expected * expected <= CHI2_2DOF_95));
            assert!((m.time_miss_sigma.unwrap() - 2.5).abs() < 1e-12);
        }
        // Just inside and just outside the ellipse along the major axis (2.4477 σ).
        let edge = CHI2_2DOF_95.sqrt();
        for (k, inside) in [(edge - 0.01, true), (edge + 0.01, false)] {
            let m = miss(&p, &at(k * sa * u[0], k * sa * u[1]), 1000.0);
            assert_eq!(m.inside_95, Some(inside), "{k}");
        }
        // A degenerate covariance and a zero time sigma are not scorable.
        let flat = ImpactPrediction {
            cov_en_m2: Matrix2::zeros(),
            t_sigma_s: 0.0,
            ..p
        };
        let m = miss(&flat, &point, 1000.0);
        assert_eq!(
            (m.miss_sigma, m.inside_95, m.time_miss_sigma),
            (None, None, None)
        );
    }

    /// Wilson score interval, 95 %, against Newcombe (1998), "Two-sided confidence intervals
    /// for the single proportion", Statistics in Medicine 17:857, Table I, method 3 (score
    /// interval without continuity correction): 81/263 → [0.2553, 0.3662], 15/148 → [0.0624,
    /// 0.1605], 0/20 → [0, 0.1611], 1/29 → [0.0061, 0.1718]; to the table's 4 decimals.
    #[test]
    fn ref_wilson_interval() {
        let close = |k, n, lo: f64, hi: f64| {
            let (a, b) = wilson(k, n, Z_95).unwrap();
            assert!(
                (a - lo).abs() < 5e-5 && (b - hi).abs() < 5e-5,
                "{k}/{n}: {a} {b}"
            );
        };
        close(81, 263, 0.2553, 0.3662);
        close(15, 148, 0.0624, 0.1605);
        close(0, 20, 0.0, 0.1611);
        close(1, 29, 0.0061, 0.1718);
        assert_eq!(wilson(0, 0, Z_95), None);
        // Every one inside: the upper bound is 1 itself (by symmetry with 0/20), so a cell of
        // 100 % lies in its interval.
        let (lo, hi) = wilson(20, 20, Z_95).unwrap();
        assert_eq!(hi, 1.0);
        assert!((lo - (1.0 - 0.1611)).abs() < 5e-5, "{lo}");
    }
}
