//! Per-object scoring of impact predictions on the teaching scenarios: every prediction is
//! attributed to the object its track followed, scored against that object's true impact, and
//! the Monte Carlo counts are those of the runs' scores.
#![allow(clippy::unwrap_used)]

use vigil_sim::montecarlo::{calibration, rows_of};
use vigil_sim::predictions::{RECENT_UPDATES, TimeToGo, majority};
use vigil_sim::run::run;
use vigil_sim::scenario::Scenario;
use vigil_warning::impact::CHI2_2DOF_95;

fn teaching(name: &str) -> Scenario {
    let text = match name {
        "single-radar" => include_str!("../../../scenarios/teaching/single-radar.toml"),
        _ => include_str!("../../../scenarios/teaching/two-networks.toml"),
    };
    Scenario::from_toml(text).unwrap()
}

/// Every alert with an impact prediction, and only those, is scored; its followed object is
/// the majority of its track's last updates up to the alert (recounted here from the rows); the
/// true impact is that object's flown impact; inside the 95 % ellipse ⇔ miss² ≤ χ²₂(0.95).
/// In the single-radar scenario every prediction follows one object of the launch, purely.
#[test]
fn predictions_are_scored_against_the_object_their_track_followed() {
    for name in ["single-radar", "two-networks"] {
        let s = teaching(name);
        let r = run(&s, 0).unwrap();
        let mut scored = 0;
        for o in &r.architectures {
            assert_eq!(o.alert_scores.len(), o.alerts.len());
            for (a, score) in o.alerts.iter().zip(&o.alert_scores) {
                assert_eq!(a.impact.is_some(), score.is_some(), "{name}: {a:?}");
                let (Some(x), Some(p)) = (score, a.impact) else {
                    continue;
                };
                scored += 1;
                let tags: Vec<_> = o
                    .tracking
                    .rows
                    .iter()
                    .filter(|u| Some(u.track_id) == a.track && u.t_s <= a.t_s)
                    .map(|u| u.truth)
                    .collect();
                let recent = &tags[tags.len().saturating_sub(RECENT_UPDATES)..];
                assert_eq!(x.followed, majority(recent.iter().copied()));
                let m = x.followed.unwrap();
                assert!(m.purity > 0.0 && m.purity <= 1.0 && m.updates > 0);
                let (l, k) = x.object().unwrap();
                let truth = r.flown[l as usize].flight.objects[k as usize]
                    .impact
                    .unwrap();
                let impact = x.true_impact.unwrap();
                assert_eq!(impact.t_s, truth.state.t_s);
                assert_eq!(x.time_to_go_s, Some(truth.state.t_s - a.t_s));
                let miss = x.miss.unwrap();
                let d = miss.miss_sigma.unwrap();
                assert!((d * d - p.mahalanobis2(&impact.point).unwrap()).abs() <= 1e-9 * d * d);
                assert_eq!(miss.inside_95, Some(d * d <= CHI2_2DOF_95));
                assert_eq!(p.contains_95(&impact.point), d * d <= CHI2_2DOF_95);
            }
        }
        assert!(scored > 0, "{name}: no prediction scored");
    }
    // One launch, one radar that sees it come down: every prediction followed one of its
    // objects, without mixing.
    let s = teaching("single-radar");
    let r = run(&s, 0).unwrap();
    let scores: Vec<_> = r.architectures[0].alert_scores.iter().flatten().collect();
    assert!(!scores.is_empty());
    for x in scores {
        assert_eq!(x.object().map(|o| o.0), Some(0), "{x:?}");
        assert_eq!(x.followed.unwrap().purity, 1.0, "{x:?}");
    }
}

/// The Monte Carlo rows count exactly the scored predictions (every one the warning stage
/// made) of each launch per band, and the calibration table sums them; the same for 1 and 2
/// threads.
#[test]
fn monte_carlo_counts_are_the_runs_scores() {
    let s = teaching("two-networks");
    let in_pool = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| (0..3).map(|k| run(&s, k).unwrap()).collect::<Vec<_>>())
    };
    let (runs, again) = (in_pool(1), in_pool(2));
    let mut rows = Vec::new();
    let mut total = [0u32; 3];
    for (k, (r, r2)) in runs.iter().zip(&again).enumerate() {
        for (o, o2) in r.architectures.iter().zip(&r2.architectures) {
            assert_eq!(o.alert_scores, o2.alert_scores);
            assert_eq!(o.prediction_scores, o2.prediction_scores);
            assert_eq!(o.prediction_scores.len(), o.predictions.len());
        }
        let mine = rows_of(&s, k as u32, r);
        for (a, o) in r.architectures.iter().enumerate() {
            for (l, _) in s.launches.iter().enumerate() {
                let mut want = [0u32; 3];
                for x in o.prediction_scores.iter().flatten() {
                    if x.object().map(|o| o.0 as usize) == Some(l) && x.inside_95().is_some() {
                        want[x.band().unwrap().index()] += 1;
                    }
                }
                let row = mine
                    .iter()
                    .find(|w| w.launch == l && w.architecture == a)
                    .unwrap();
                assert_eq!(row.coverage.map(|c| c.predictions), want);
                assert!(row.coverage.iter().all(|c| c.inside <= c.predictions));
                for b in 0..3 {
                    total[b] += want[b];
                }
            }
        }
        rows.extend(mine);
    }
    let cells = calibration(&s, &rows);
    // One class (irbm-generic) and "all", three bands, per architecture.
    assert_eq!(cells.len(), s.architectures.len() * 2 * 3);
    for band in TimeToGo::ALL {
        let n: u64 = cells
            .iter()
            .filter(|c| c.missile.is_none() && c.band == band)
            .map(|c| c.predictions)
            .sum();
        assert_eq!(n, u64::from(total[band.index()]));
    }
    assert!(total.iter().sum::<u32>() > 0);
    for c in &cells {
        if let (Some(p), Some((lo, hi))) = (c.coverage(), c.interval_95()) {
            assert!(lo <= p && p <= hi);
        }
    }
}
