//! Track quality against truth: position and velocity RMSE, track purity, fragmentation, false
//! tracks, missed objects and time from first detection to a confirmed track.
//!
//! The inputs are plain records that any tracker (Vigil's or another) can produce from its
//! output and the truth tags of the detections it used; nothing here depends on the tracker's
//! internals. Scoring reads truth; the tracker never does.
//!
//! Definitions (one [`TrackUpdate`] per detection a track used):
//! - a track's *dominant truth* is the most frequent label among its updates, clutter (`None`)
//!   included; ties go to an object over clutter, then to the smallest object id;
//! - *purity* is the fraction of the track's updates whose label is the dominant one (clutter
//!   updates count against it);
//! - a track is *confirmed* if any of its updates was made while confirmed;
//! - a *false track* is a confirmed track whose dominant truth is clutter or whose purity is
//!   below ½;
//! - an object's *tracks* are the confirmed, non-false tracks whose dominant truth it is;
//!   *fragmentation* is their number minus 1 (0 if none);
//! - an object is *covered* once a confirmed update uses one of its detections, and *missed*
//!   if never; its *time to confirmation* is the time of its first covered update minus its
//!   first detection time.

use nalgebra::Vector3;
use std::collections::BTreeMap;

/// The error of one track state against the truth object it is associated with at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StateError {
    /// Time, s.
    pub t_s: f64,
    /// Track id.
    pub track_id: u64,
    /// Truth object id.
    pub truth_id: u32,
    /// Estimated minus true position, m.
    pub position_m: Vector3<f64>,
    /// Estimated minus true velocity, m/s.
    pub velocity_mps: Vector3<f64>,
}

/// Root-mean-square errors over a set of associations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rmse {
    /// RMS of the 3-D position error, √(mean |Δr|²), m.
    pub position_m: f64,
    /// RMS of the 3-D velocity error, √(mean |Δv|²), m/s.
    pub velocity_mps: f64,
    /// Number of associations averaged.
    pub samples: usize,
}

/// RMSE over all the associations given (the caller chooses which (time, track, truth)
/// pairs count). `None` if there is none or an error is not finite.
pub fn rmse(errors: &[StateError]) -> Option<Rmse> {
    let n = errors.len();
    if n == 0 {
        return None;
    }
    let (sp, sv) = errors.iter().fold((0.0, 0.0), |(p, v), e| {
        (
            p + e.position_m.norm_squared(),
            v + e.velocity_mps.norm_squared(),
        )
    });
    let out = Rmse {
        position_m: (sp / n as f64).sqrt(),
        velocity_mps: (sv / n as f64).sqrt(),
        samples: n,
    };
    (out.position_m.is_finite() && out.velocity_mps.is_finite()).then_some(out)
}

/// RMSE per truth object, in object-id order (objects whose errors are not finite are left
/// out).
pub fn rmse_by_truth(errors: &[StateError]) -> BTreeMap<u32, Rmse> {
    let mut groups: BTreeMap<u32, Vec<StateError>> = BTreeMap::new();
    for e in errors {
        groups.entry(e.truth_id).or_default().push(*e);
    }
    groups
        .into_iter()
        .filter_map(|(id, es)| rmse(&es).map(|r| (id, r)))
        .collect()
}

/// One detection used by a track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackUpdate {
    /// Track id.
    pub track_id: u64,
    /// Time of the detection, s.
    pub t_s: f64,
    /// Truth object that produced the detection; `None` for clutter (false alarms).
    pub truth: Option<u32>,
    /// Whether the track was confirmed after this update.
    pub confirmed: bool,
}

/// A truth object to be tracked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruthObject {
    /// Object id.
    pub id: u32,
    /// Time of its first detection by any sensor, s; `None` if never detected.
    pub first_detection_t_s: Option<f64>,
}

/// How one track scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackScore {
    /// Track id.
    pub track_id: u64,
    /// Number of updates (detections used).
    pub updates: usize,
    /// Dominant truth object (`None`: clutter).
    pub dominant_truth: Option<u32>,
    /// Fraction of updates from the dominant truth, in (0, 1].
    pub purity: f64,
    /// Whether the track was ever confirmed.
    pub confirmed: bool,
    /// Whether it is a false track (confirmed; clutter-dominated or purity < ½).
    pub false_track: bool,
}

/// How one truth object was tracked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectScore {
    /// Object id.
    pub id: u32,
    /// Number of confirmed, non-false tracks dominated by this object.
    pub tracks: usize,
    /// `tracks − 1`, or 0 if there is none.
    pub fragmentation: usize,
    /// Whether a confirmed update ever used one of its detections.
    pub covered: bool,
    /// First covered update minus first detection, s (`None` if not covered or never
    /// detected).
    pub time_to_confirm_s: Option<f64>,
}

/// Track-quality scores of a whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityReport {
    /// Per track, in track-id order.
    pub tracks: Vec<TrackScore>,
    /// Per truth object, in the order given.
    pub objects: Vec<ObjectScore>,
    /// Number of false tracks.
    pub false_tracks: usize,
    /// Number of objects never covered by a confirmed track.
    pub missed_objects: usize,
    /// Sum of the objects' fragmentation.
    pub fragmentation: usize,
    /// Mean purity of the confirmed tracks (`None` if there is none).
    pub mean_purity: Option<f64>,
    /// Mean time to confirmation over the covered objects, s (`None` if there is none).
    pub mean_time_to_confirm_s: Option<f64>,
}

/// Scores tracks against truth (definitions in the module documentation). Updates may come
/// in any order; updates labelled with an object not in `objects` still count for purity.
pub fn score_tracks(updates: &[TrackUpdate], objects: &[TruthObject]) -> QualityReport {
    // Label counts and confirmation per track.
    let mut per_track: BTreeMap<u64, (BTreeMap<Option<u32>, usize>, bool)> = BTreeMap::new();
    // Earliest confirmed update per object.
    let mut covered_at: BTreeMap<u32, f64> = BTreeMap::new();
    for u in updates {
        let entry = per_track.entry(u.track_id).or_default();
        *entry.0.entry(u.truth).or_default() += 1;
        entry.1 |= u.confirmed;
        if let (true, Some(id)) = (u.confirmed, u.truth) {
            let t = covered_at.entry(id).or_insert(u.t_s);
            // f64::min ignores a NaN operand.
            *t = t.min(u.t_s);
        }
    }
    let tracks: Vec<TrackScore> = per_track
        .iter()
        .map(|(&track_id, (labels, confirmed))| {
            let updates: usize = labels.values().sum();
            // Most frequent label; ties: object over clutter (Some > None), then smaller id.
            let (dominant_truth, count) = labels
                .iter()
                .max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then_with(|| a.0.is_some().cmp(&b.0.is_some()))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map_or((None, 0), |(l, c)| (*l, *c));
            let purity = if updates > 0 {
                count as f64 / updates as f64
            } else {
                0.0
            };
            let false_track = *confirmed && (dominant_truth.is_none() || purity < 0.5);
            TrackScore {
                track_id,
                updates,
                dominant_truth,
                purity,
                confirmed: *confirmed,
                false_track,
            }
        })
        .collect();
    let mut tracks_per_object: BTreeMap<u32, usize> = BTreeMap::new();
    for t in tracks.iter().filter(|t| t.confirmed && !t.false_track) {
        if let Some(id) = t.dominant_truth {
            *tracks_per_object.entry(id).or_default() += 1;
        }
    }
    let objects: Vec<ObjectScore> = objects
        .iter()
        .map(|o| {
            let n = tracks_per_object.get(&o.id).copied().unwrap_or(0);
            let covered = covered_at.get(&o.id).copied();
            let time_to_confirm_s = match (covered, o.first_detection_t_s) {
                (Some(c), Some(f)) if (c - f).is_finite() => Some(c - f),
                _ => None,
            };
            ObjectScore {
                id: o.id,
                tracks: n,
                fragmentation: n.saturating_sub(1),
                covered: covered.is_some(),
                time_to_confirm_s,
            }
        })
        .collect();
    let confirmed: Vec<f64> = tracks
        .iter()
        .filter(|t| t.confirmed)
        .map(|t| t.purity)
        .collect();
    let times: Vec<f64> = objects.iter().filter_map(|o| o.time_to_confirm_s).collect();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    QualityReport {
        false_tracks: tracks.iter().filter(|t| t.false_track).count(),
        missed_objects: objects.iter().filter(|o| !o.covered).count(),
        fragmentation: objects.iter().map(|o| o.fragmentation).sum(),
        mean_purity: mean(&confirmed),
        mean_time_to_confirm_s: mean(&times),
        tracks,
        objects,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upd(track_id: u64, t_s: f64, truth: Option<u32>, confirmed: bool) -> TrackUpdate {
        TrackUpdate {
            track_id,
            t_s,
            truth,
            confirmed,
        }
    }

    #[test]
    fn rmse_of_known_errors() {
        let e = |p: [f64; 3], v: [f64; 3], truth_id| StateError {
            t_s: 0.0,
            track_id: 1,
            truth_id,
            position_m: Vector3::from(p),
            velocity_mps: Vector3::from(v),
        };
        let errors = [
            e([3.0, 4.0, 0.0], [1.0, 0.0, 0.0], 7),
            e([0.0, 0.0, 0.0], [0.0, 1.0, 0.0], 7),
            e([1.0, 2.0, 2.0], [0.0, 0.0, 0.0], 9),
        ];
        let r = rmse(&errors).unwrap();
        assert!((r.position_m - (34.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((r.velocity_mps - (2.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(r.samples, 3);
        let by = rmse_by_truth(&errors);
        assert_eq!(by.len(), 2);
        assert!((by[&7].position_m - 12.5_f64.sqrt()).abs() < 1e-12);
        assert!((by[&9].position_m - 3.0).abs() < 1e-12);
        assert!(rmse(&[]).is_none());
        assert!(rmse(&[e([f64::NAN, 0.0, 0.0], [0.0; 3], 1)]).is_none());
    }

    #[test]
    fn purity_fragmentation_false_and_missed() {
        let updates = [
            // Track 1: object 10 throughout, confirmed at t = 3.
            upd(1, 1.0, Some(10), false),
            upd(1, 2.0, Some(10), false),
            upd(1, 3.0, Some(10), true),
            upd(1, 4.0, None, true),
            // Track 2: a second (fragment) track on object 10, confirmed.
            upd(2, 8.0, Some(10), false),
            upd(2, 9.0, Some(10), true),
            // Track 3: clutter-dominated, confirmed: false track.
            upd(3, 1.0, None, false),
            upd(3, 2.0, None, true),
            upd(3, 3.0, Some(11), true),
            // Track 4: mixed, purity 1/3 for each label: tie → object 11 (smaller id than 12),
            // purity < ½ → false track, but it still covers objects 11 and 12.
            upd(4, 5.0, Some(12), true),
            upd(4, 6.0, Some(11), true),
            upd(4, 7.0, None, true),
            // Track 5: tentative only, on object 13.
            upd(5, 2.0, Some(13), false),
        ];
        let objects = [
            TruthObject {
                id: 10,
                first_detection_t_s: Some(0.5),
            },
            TruthObject {
                id: 11,
                first_detection_t_s: Some(1.0),
            },
            TruthObject {
                id: 12,
                first_detection_t_s: None,
            },
            TruthObject {
                id: 13,
                first_detection_t_s: Some(2.0),
            },
            TruthObject {
                id: 14,
                first_detection_t_s: None,
            },
        ];
        let r = score_tracks(&updates, &objects);
        let t: BTreeMap<u64, TrackScore> = r.tracks.iter().map(|t| (t.track_id, *t)).collect();
        assert_eq!(
            (t[&1].dominant_truth, t[&1].purity, t[&1].false_track),
            (Some(10), 0.75, false)
        );
        assert_eq!((t[&2].dominant_truth, t[&2].purity), (Some(10), 1.0));
        assert!(t[&3].false_track && t[&3].dominant_truth.is_none());
        assert!(
            t[&4].false_track
                && t[&4].dominant_truth == Some(11)
                && (t[&4].purity - 1.0 / 3.0).abs() < 1e-15
        );
        assert!(!t[&5].confirmed && !t[&5].false_track);
        assert_eq!(r.false_tracks, 2);
        let o: BTreeMap<u32, ObjectScore> = r.objects.iter().map(|o| (o.id, *o)).collect();
        assert_eq!((o[&10].tracks, o[&10].fragmentation), (2, 1));
        assert_eq!(o[&10].time_to_confirm_s, Some(2.5));
        assert!(o[&11].covered && o[&11].tracks == 0 && o[&11].time_to_confirm_s == Some(2.0));
        assert!(o[&12].covered && o[&12].time_to_confirm_s.is_none());
        assert!(!o[&13].covered && !o[&14].covered);
        assert_eq!(r.missed_objects, 2);
        assert_eq!(r.fragmentation, 1);
        assert_eq!(r.mean_time_to_confirm_s, Some(2.25));
        let mean_purity = (0.75 + 1.0 + 2.0 / 3.0 + 1.0 / 3.0) / 4.0;
        assert!((r.mean_purity.unwrap() - mean_purity).abs() < 1e-15);
    }

    #[test]
    fn empty_and_degenerate_inputs() {
        let r = score_tracks(&[], &[]);
        assert!(
            r.tracks.is_empty()
                && r.objects.is_empty()
                && r.mean_purity.is_none()
                && r.mean_time_to_confirm_s.is_none()
        );
        let r = score_tracks(
            &[upd(1, f64::NAN, Some(1), true)],
            &[TruthObject {
                id: 1,
                first_detection_t_s: Some(0.0),
            }],
        );
        assert!(r.objects[0].covered && r.objects[0].time_to_confirm_s.is_none());
    }
}
