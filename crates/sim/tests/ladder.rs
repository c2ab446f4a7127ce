//! The alert ladder: event (one phenomenology), assessment (infrared and radar agree on one
//! launch), warning (an area named) — and the dual-phenomenology doctrine, under which a radar
//! track alone never becomes a warning.
#![allow(clippy::unwrap_used)]

use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::engine::{Engine, Event, Input, PhantomScope};
use vigil_sim::scenario::Scenario;
use vigil_warning::alerts::AlertKind;

/// The default scenario with the `integrated` architecture under the dual-phenomenology rule
/// (or not).
fn default(dual: bool) -> Scenario {
    let old = "networks = [\"north\", \"east\"]\nfusion = \"central\"";
    assert!(DEFAULT_SCENARIO.contains(old));
    let text = DEFAULT_SCENARIO.replace(
        old,
        &format!("{old}\nwarning = {{ dual_phenomenology = {dual} }}"),
    );
    Scenario::from_toml(&text).unwrap()
}

/// The alerts of architecture `a`, in order, with the track each is about.
fn alerts(events: &[Event], a: usize) -> Vec<(AlertKind, Option<u64>, bool)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Alert {
                architecture,
                alert,
                truth,
                ..
            } if *architecture == a => Some((alert.kind, alert.track, truth.launch().is_some())),
            _ => None,
        })
        .collect()
}

/// Every event of a run of `s` with `inputs`.
fn events(s: &Scenario, inputs: Vec<Input>) -> Vec<Event> {
    let mut engine = Engine::new(s, 0).unwrap();
    for i in inputs {
        engine.input(i).unwrap();
    }
    engine.advance_to(s.duration_s)
}

fn is_warning(k: AlertKind) -> bool {
    matches!(k, AlertKind::ImpactPredicted | AlertKind::Updated)
}

#[test]
fn under_dual_phenomenology_every_warning_rests_on_an_assessment() {
    let s = default(true);
    let integrated = s
        .architectures
        .iter()
        .position(|a| a.id == "integrated")
        .unwrap();
    let north = s
        .architectures
        .iter()
        .position(|a| a.id == "north")
        .unwrap();
    let ev = events(&s, vec![]);
    let mine = alerts(&ev, integrated);
    // Infrared and radar agree on the ocean launches the partner's satellites see.
    assert!(mine.iter().any(|(k, _, _)| *k == AlertKind::Assessed));
    for (i, (k, track, _)) in mine.iter().enumerate() {
        if is_warning(*k) {
            assert!(
                mine[..i]
                    .iter()
                    .any(|(k2, t2, _)| *k2 == AlertKind::Assessed && t2 == track),
                "a warning on track {track:?} without an assessment before it"
            );
        }
    }
    // Every assessment is about a real launch (the gates do not join unrelated data).
    assert!(
        mine.iter()
            .filter(|(k, _, _)| *k == AlertKind::Assessed)
            .all(|(_, _, real)| *real)
    );
    // An architecture without infrared (north, single phenomenology) never assesses.
    assert!(
        alerts(&ev, north)
            .iter()
            .all(|(k, _, _)| *k != AlertKind::Assessed)
    );
}

#[test]
fn a_fabricated_radar_track_warns_only_without_the_rule() {
    let spurious = |s: &Scenario| {
        // A flight seen only by the eastern network's radars, onto the eastern area.
        let mut tape = s.launches[4].clone();
        tape.id = "tape".into();
        tape.time_s += 1_000.0;
        let east = s.networks.iter().position(|n| n == "east").unwrap();
        Input::Phantom {
            launch: Box::new(tape),
            scope: PhantomScope::RadarsOf(east),
        }
    };
    let phantom_warnings = |dual: bool| {
        let s = default(dual);
        let integrated = s
            .architectures
            .iter()
            .position(|a| a.id == "integrated")
            .unwrap();
        let ev = events(&s, vec![spurious(&s)]);
        ev.iter()
            .filter(|e| {
                matches!(e, Event::Alert { architecture, alert, truth, .. }
                if *architecture == integrated && is_warning(alert.kind)
                    && matches!(truth, vigil_sensors::Truth::Phantom { .. }))
            })
            .count()
    };
    assert!(
        phantom_warnings(false) > 0,
        "single phenomenology: the fabricated track is warned of"
    );
    assert_eq!(
        phantom_warnings(true),
        0,
        "dual phenomenology: no warning without infrared"
    );
}

#[test]
fn check_refuses_dual_phenomenology_without_infrared() {
    let text = DEFAULT_SCENARIO.replace(
        "id = \"north\"\nnetworks = [\"north\"]",
        "id = \"north\"\nnetworks = [\"north\"]\nwarning = { dual_phenomenology = true }",
    );
    let problems = Scenario::from_toml(&text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].rule, "value");
    assert!(problems[0].message.contains("no infrared sensor"));
    let at = &text[problems[0].span.clone()];
    assert_eq!(at, "true", "located at the flag");
}

/// A β bank whose heavy mode is not a reentry vehicle's (≥ 1,000 kg/m²) or whose light mode is
/// not a stage's is refused at the heavy mode's value: the classes would be meaningless.
#[test]
fn check_refuses_a_beta_bank_that_cannot_tell_vehicles_from_stages() {
    for tracker in [
        "tracker = { heavy_beta_kg_m2 = 800 }",
        "tracker = { heavy_beta_kg_m2 = 5000, light_beta_kg_m2 = 1200 }",
    ] {
        let text = DEFAULT_SCENARIO.replace(
            "id = \"north\"\nnetworks = [\"north\"]",
            &format!("id = \"north\"\nnetworks = [\"north\"]\n{tracker}"),
        );
        let problems = Scenario::from_toml(&text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].rule, "value");
        assert!(problems[0].message.contains("β bank"), "{problems:?}");
        let at = &text[problems[0].span.clone()];
        assert!(tracker.contains(at), "located in the tracker table: {at}");
    }
    // Off, the bank is not checked.
    let text = DEFAULT_SCENARIO.replace(
        "id = \"north\"\nnetworks = [\"north\"]",
        "id = \"north\"\nnetworks = [\"north\"]\ntracker = { beta_estimation = false, heavy_beta_kg_m2 = 800 }",
    );
    assert!(Scenario::from_toml(&text).is_ok());
}
