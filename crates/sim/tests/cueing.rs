//! Cueing in whole runs of `scenarios/cueing.toml`: an integrated architecture's infrared
//! launch events cue every network's radars (the partner's satellites the home radars), a
//! single network cues only its own and an architecture whose doctrine does not cue has no
//! cue; the cued looks are the same for any step size; the search detections are those of the
//! same scenario without cueing.
#![allow(clippy::unwrap_used)]

use vigil_sim::run::{run, run_stoppable};
use vigil_sim::scenario::Scenario;

fn scenario() -> Scenario {
    Scenario::from_toml(include_str!("../../../scenarios/cueing.toml")).unwrap()
}

#[test]
fn infrared_events_cue_the_architecture_s_radars_and_only_them() {
    let s = scenario();
    let r = run(&s, 0).unwrap();
    let arch = |id: &str| s.architectures.iter().position(|a| a.id == id).unwrap();
    let radar_network = |k: usize| s.networks[s.sensors[k].network].as_str();
    let cues = |id: &str| &r.architectures[arch(id)].cues;
    // North has no satellite: no cue. East cues only its own radars.
    assert!(cues("north").is_empty());
    assert!(!cues("east").is_empty());
    assert!(
        cues("east")
            .iter()
            .all(|c| radar_network(c.radar) == "east")
    );
    // Integrated: the partner's satellites cue the home radars too.
    assert!(
        cues("integrated")
            .iter()
            .any(|c| radar_network(c.radar) == "north")
    );
    assert!(cues("integrated-uncued").is_empty());
    for c in cues("integrated") {
        assert!(c.time_share > 0.0 && c.time_share <= 0.3 + 1e-9, "{c:?}");
        assert!(c.until_s > c.from_s && c.half_width_rad > 0.0);
    }
    // The cued looks reach the tracker: more detections than without cueing.
    let detections = |id: &str| r.architectures[arch(id)].tracking.detections;
    assert!(detections("integrated") > detections("integrated-uncued"));
}

#[test]
fn cued_looks_do_not_depend_on_the_step_size() {
    let s = scenario();
    let whole = run(&s, 3).unwrap();
    let (stepped, _) = run_stoppable(&s, 3, 37.0, || false).unwrap();
    assert_eq!(whole.detections, stepped.detections);
    for (a, b) in whole.architectures.iter().zip(&stepped.architectures) {
        assert_eq!(a.cues, b.cues);
        assert_eq!(a.alerts, b.alerts);
        assert_eq!(a.tracking.detections, b.tracking.detections);
    }
}
