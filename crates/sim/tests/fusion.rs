//! Fusion pays: in the two-network teaching scenario, central fusion and track-to-track
//! fusion both track more accurately and confirm no later (and earlier overall) than either
//! network alone.
#![allow(clippy::unwrap_used)]

use vigil_sim::detect::detect;
use vigil_sim::scenario::Scenario;
use vigil_sim::track::track_architecture;
use vigil_sim::truth::{fly_launches, targets};

#[test]
fn fusion_gives_lower_error_and_earlier_tracks() {
    let text = include_str!("../../../scenarios/teaching/two-networks.toml");
    let s = Scenario::from_toml(text).unwrap();
    let flown = fly_launches(&s).unwrap();
    let (detections, _) = detect(&s, &targets(&flown), s.launches.len(), 0);
    let runs: Vec<_> = (0..s.architectures.len())
        .map(|i| track_architecture(&s, &flown, &detections, i))
        .collect();
    let id = |name: &str| s.architectures.iter().position(|a| a.id == name).unwrap();
    let (west, east, central, track) = (
        &runs[id("west")],
        &runs[id("east")],
        &runs[id("central")],
        &runs[id("track-fusion")],
    );
    for (name, r) in [
        ("west", west),
        ("east", east),
        ("central", central),
        ("track-fusion", track),
    ] {
        println!(
            "{name:<13} RMSE {:>6.0} m  first confirmed {:?}",
            r.position_rmse_m.unwrap(),
            r.first_confirmed_s
        );
    }
    let rmse = |r: &vigil_sim::track::ArchitectureRun| r.position_rmse_m.unwrap();
    let best_single = rmse(west).min(rmse(east));
    assert!(
        rmse(central) < best_single,
        "central {} vs {}",
        rmse(central),
        best_single
    );
    assert!(
        rmse(track) < best_single,
        "track {} vs {}",
        rmse(track),
        best_single
    );
    let total = |r: &vigil_sim::track::ArchitectureRun| -> f64 {
        r.first_confirmed_s.iter().map(|t| t.unwrap()).sum()
    };
    for fused in [central, track] {
        for l in 0..s.launches.len() {
            let single = west.first_confirmed_s[l]
                .unwrap()
                .min(east.first_confirmed_s[l].unwrap());
            assert!(fused.first_confirmed_s[l].unwrap() <= single, "launch {l}");
        }
        assert!(total(fused) < total(west) && total(fused) < total(east));
    }
}
