//! The end-to-end run on the built-in default scenario: warning times in the published ranges,
//! and integration of the partner network adding warning for the distant-ocean SLBMs.
#![allow(clippy::unwrap_used)]

use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::run::run;
use vigil_sim::scenario::Scenario;

/// Published figures (von Hippel 2020; docs/physics.md §6): ICBM warning roughly
/// 15–30 min, SLBM from a few to ~15 min (our partner network's forward radars see the ocean
/// SLBMs in early ascent, so up to 18 min is accepted). Integration strictly adds warning for
/// the distant-ocean SLBMs over the home network alone.
#[test]
fn default_scenario_warning_times_are_plausible() {
    let s = Scenario::from_toml(DEFAULT_SCENARIO).unwrap();
    let r = run(&s, 0).unwrap();
    let arch = |id: &str| s.architectures.iter().position(|a| a.id == id).unwrap();
    let launch = |id: &str| s.launches.iter().position(|l| l.id == id).unwrap();
    let warning = |a: &str, l: &str| {
        r.architectures[arch(a)].launches[launch(l)]
            .warning_time_s
            .map(|w| w / 60.0)
    };
    for l in &s.launches {
        let w =
            warning("integrated", &l.id).unwrap_or_else(|| panic!("no correct alert for {}", l.id));
        let band = if l.id.starts_with("icbm") {
            15.0..=30.0
        } else {
            3.0..=18.0
        };
        assert!(band.contains(&w), "{}: {w:.1} min", l.id);
        let x = &r.architectures[arch("integrated")].launches[launch(&l.id)];
        assert!(x.impact_error_km.unwrap() < 200.0);
        assert!(x.first_detection_s.unwrap() <= x.first_track_s.unwrap());
        assert!(x.first_track_s.unwrap() <= x.first_alert_s.unwrap());
    }
    for l in ["slbm-south-ocean", "slbm-east-ocean"] {
        let (joint, home) = (
            warning("integrated", l).unwrap(),
            warning("north", l).unwrap(),
        );
        assert!(
            joint > home + 1.0,
            "{l}: integrated {joint:.1} vs north {home:.1} min"
        );
    }
    // The infrared satellites announce the ocean launches well before any radar track.
    let x = &r.architectures[arch("east")].launches[launch("slbm-south-ocean")];
    assert!(x.first_launch_alert_s.unwrap() + 120.0 < x.first_track_s.unwrap());
}

/// Same scenario and seed: identical outcomes for 1 and 2 threads.
#[test]
fn run_is_independent_of_threads() {
    let s = Scenario::from_toml(DEFAULT_SCENARIO).unwrap();
    let in_pool = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| run(&s, 0).unwrap())
    };
    let (a, b) = (in_pool(1), in_pool(2));
    for (x, y) in a.architectures.iter().zip(&b.architectures) {
        assert_eq!(x.launches, y.launches);
        assert_eq!(x.alerts, y.alerts);
    }
}
