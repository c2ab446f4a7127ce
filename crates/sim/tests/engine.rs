//! The engine advanced in steps of any size gives the events and the run of a single step;
//! inputs (a launch added, a sensor going down and back) act at their own times.
#![allow(clippy::unwrap_used)]

use vigil_sensors::Truth;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::engine::{Engine, Event, Input, InputError, PhantomScope};
use vigil_sim::run::run;
use vigil_sim::scenario::Scenario;
use vigil_warning::alerts::AlertKind;

fn default() -> Scenario {
    Scenario::from_toml(DEFAULT_SCENARIO).unwrap()
}

/// Drives a run to the end in steps of `step_s` (None: one step), applying `inputs` before the
/// first step; returns every event and the scored run (as its debug text: every field).
fn drive(s: &Scenario, step_s: Option<f64>, inputs: &[Input]) -> (Vec<Event>, String) {
    let mut engine = Engine::new(s, 0).unwrap();
    for i in inputs {
        engine.input(i.clone()).unwrap();
    }
    let mut events = Vec::new();
    match step_s {
        None => events.extend(engine.advance_to(s.duration_s)),
        Some(dt) => {
            let mut t = 0.0;
            while t < s.duration_s {
                t = (t + dt).min(s.duration_s);
                events.extend(engine.advance_to(t));
            }
        }
    }
    (events, format!("{:?}", engine.finish()))
}

#[test]
fn events_and_run_do_not_depend_on_step_size() {
    let s = default();
    let (one_events, one_run) = drive(&s, None, &[]);
    for dt in [1.0, 37.0] {
        let (events, run) = drive(&s, Some(dt), &[]);
        assert!(events == one_events, "events differ with {dt} s steps");
        assert!(run == one_run, "run differs with {dt} s steps");
    }
    // The batch runner is the engine driven in one step.
    assert_eq!(format!("{:?}", run(&s, 0).unwrap()), one_run);
    // Events come in time order, every kind present.
    assert!(one_events.windows(2).all(|w| w[0].t_s() <= w[1].t_s()));
    let count = |f: fn(&Event) -> bool| one_events.iter().filter(|e| f(e)).count();
    assert_eq!(
        count(|e| matches!(e, Event::Launch { .. })),
        s.launches.len()
    );
    assert!(count(|e| matches!(e, Event::Detection(_))) > 1_000);
    assert!(count(|e| matches!(e, Event::Track { .. })) > 100);
    assert!(count(|e| matches!(e, Event::Alert { .. })) > 10);
}

#[test]
fn inputs_act_at_their_own_times_whatever_the_steps() {
    let mut s = default();
    // A copy of the first launch, 10 minutes later, added while the run goes on.
    let mut late = s.launches[0].clone();
    late.id = "injected".into();
    late.time_s += 600.0;
    s.launches.truncate(1);
    let radar = s.sensors.iter().position(|m| m.id == "north-r1").unwrap();
    let inputs = [
        Input::SensorDown {
            sensor: radar,
            at_s: 900.0,
        },
        Input::SensorUp {
            sensor: radar,
            at_s: 1_200.0,
        },
        Input::Launch(Box::new(late.clone())),
    ];
    let (events, run) = drive(&s, Some(37.0), &inputs);
    assert_eq!(drive(&s, None, &inputs), (events.clone(), run));

    // Inputs given mid-run, just before they act, change nothing either.
    let mut engine = Engine::new(&s, 0).unwrap();
    let mut mid = engine.advance_to(500.0);
    engine.input(inputs[2].clone()).unwrap();
    mid.extend(engine.advance_to(899.0));
    engine.input(inputs[0].clone()).unwrap();
    mid.extend(engine.advance_to(1_100.0));
    engine.input(inputs[1].clone()).unwrap();
    mid.extend(engine.advance_to(s.duration_s));
    assert!(mid == events);

    // The radar is silent while down, and looks before and after.
    let radar_times: Vec<f64> = events
        .iter()
        .filter_map(|e| match e {
            Event::Detection(d) if d.tag.sensor == radar as u32 => Some(d.t_s),
            _ => None,
        })
        .collect();
    assert!(radar_times.iter().all(|t| !(900.0..1_200.0).contains(t)));
    assert!(radar_times.iter().any(|t| *t < 900.0));
    assert!(radar_times.iter().any(|t| *t >= 1_200.0));
    // The injected launch is flown, seen and warned of like the scenario's own.
    assert!(events.contains(&Event::Launch {
        t_s: late.time_s,
        launch: 1
    }));
    assert!(events.iter().any(|e| matches!(e,
        Event::Alert { truth: Truth::Object { launch: 1, .. }, alert, .. } if alert.area.is_some())));
    assert!(events.iter().any(|e| matches!(e,
        Event::Detection(d) if d.truth == Truth::Object { launch: 1, object: 0 })));
}

#[test]
fn bad_inputs_are_refused() {
    let s = default();
    let mut engine = Engine::new(&s, 0).unwrap();
    engine.advance_to(100.0);
    let mut past = s.launches[0].clone();
    past.id = "past".into();
    past.time_s = 50.0;
    assert!(matches!(
        engine.input(Input::Launch(Box::new(past))),
        Err(InputError::LaunchInPast { .. })
    ));
    let mut dup = s.launches[0].clone();
    dup.time_s = 500.0;
    assert!(matches!(
        engine.input(Input::Launch(Box::new(dup))),
        Err(InputError::DuplicateLaunch(_))
    ));
    assert!(matches!(
        engine.input(Input::SensorDown {
            sensor: 999,
            at_s: 0.0
        }),
        Err(InputError::NoSuchSensor { .. })
    ));
    assert!(matches!(
        engine.input(Input::SensorUp {
            sensor: 0,
            at_s: f64::NAN
        }),
        Err(InputError::BadTime(_))
    ));
    // Going back in time, or to a time that is not a number, does nothing.
    assert!(engine.advance_to(50.0).is_empty());
    assert!(engine.advance_to(f64::NAN).is_empty());
    assert_eq!(engine.time_s(), Some(100.0));
}

/// Runs the default scenario to the end with `inputs`; returns the events.
fn events_with(s: &Scenario, inputs: Vec<Input>) -> Vec<Event> {
    let mut engine = Engine::new(s, 0).unwrap();
    for i in inputs {
        engine.input(i).unwrap();
    }
    engine.advance_to(s.duration_s)
}

/// Alerts of architecture `arch` of kind `kind` about no launch (false alarms' or phantoms'
/// data).
fn false_alerts(events: &[Event], arch: usize, kinds: &[AlertKind]) -> usize {
    events
        .iter()
        .filter(|e| {
            matches!(e, Event::Alert { architecture, alert, truth, .. }
            if *architecture == arch && kinds.contains(&alert.kind) && truth.launch().is_none())
        })
        .count()
}

#[test]
fn phantoms_reach_only_their_sensors_and_are_false_alarms() {
    let s = default();
    let arch = |id: &str| s.architectures.iter().position(|a| a.id == id).unwrap();
    let base = events_with(&s, vec![]);
    let impact = [AlertKind::ImpactPredicted, AlertKind::Updated];

    // A false infrared launch event where the east satellites look (an ocean SLBM's boost).
    let mut glint = s.launches[3].clone();
    glint.time_s += 1_000.0;
    let ir = events_with(
        &s,
        vec![Input::Phantom {
            launch: Box::new(glint),
            scope: PhantomScope::Infrared,
        }],
    );
    let launch_detected = [AlertKind::LaunchDetected];
    // Its alerts name the phantom (for the after-action report), never a launch.
    assert!(ir.iter().any(|e| matches!(
        e,
        Event::Alert {
            truth: Truth::Phantom { phantom: 0, .. },
            ..
        }
    )));
    assert!(
        false_alerts(&ir, arch("east"), &launch_detected)
            > false_alerts(&base, arch("east"), &launch_detected)
    );
    // No radar sees it, so no impact warning comes of it.
    for a in 0..s.architectures.len() {
        assert_eq!(
            false_alerts(&ir, a, &impact),
            false_alerts(&base, a, &impact)
        );
    }

    // A fabricated ICBM in the north network's radars only.
    let mut tape = s.launches[0].clone();
    tape.time_s += 900.0;
    let north = s.networks.iter().position(|n| n == "north").unwrap();
    let spurious = events_with(
        &s,
        vec![Input::Phantom {
            launch: Box::new(tape),
            scope: PhantomScope::RadarsOf(north),
        }],
    );
    assert!(
        false_alerts(&spurious, arch("north"), &impact)
            > false_alerts(&base, arch("north"), &impact)
    );
    let of = |events: &[Event], a: usize| -> Vec<Event> {
        events
            .iter()
            .filter(|e| matches!(e, Event::Track { architecture, .. } | Event::Alert { architecture, .. } if *architecture == a))
            .cloned()
            .collect()
    };
    assert!(of(&spurious, arch("east")) == of(&base, arch("east")));
    let bad = Input::Phantom {
        launch: Box::new(s.launches[0].clone()),
        scope: PhantomScope::RadarsOf(9),
    };
    assert!(matches!(
        Engine::new(&s, 0).unwrap().input(bad),
        Err(InputError::NoSuchNetwork { .. })
    ));
}

#[test]
fn a_link_down_for_the_whole_run_leaves_the_home_network_alone() {
    let s = default();
    let arch = |id: &str| s.architectures.iter().position(|a| a.id == id).unwrap();
    let east = s.networks.iter().position(|n| n == "east").unwrap();
    let mut engine = Engine::new(&s, 0).unwrap();
    engine
        .input(Input::LinkDown {
            architecture: arch("integrated"),
            network: east,
            at_s: 0.0,
        })
        .unwrap();
    assert!(matches!(
        engine.input(Input::LinkDown {
            architecture: arch("north"),
            network: east,
            at_s: 0.0,
        }),
        Err(InputError::NotInArchitecture { .. })
    ));
    engine.run_to_end();
    let r = engine.finish();
    let (integrated, north) = (
        &r.architectures[arch("integrated")],
        &r.architectures[arch("north")],
    );
    assert_eq!(integrated.launches, north.launches);
    assert_eq!(integrated.alerts, north.alerts);
    assert_eq!(integrated.tracking.rows, north.tracking.rows);
}

/// A first step to exactly 0 s, steps ending on look times and steps of a fraction of a
/// second take every look once.
#[test]
fn steps_at_look_times_take_each_look_once() {
    let s = default();
    let mut one = Engine::new(&s, 0).unwrap();
    let whole = one.advance_to(300.0);
    let mut engine = Engine::new(&s, 0).unwrap();
    let mut parts = Vec::new();
    for t in [0.0, 0.0, 5e-324, 0.3, 10.0, 10.0, 20.0, 123.4, 300.0] {
        parts.extend(engine.advance_to(t));
    }
    assert!(parts == whole, "{} events vs {}", parts.len(), whole.len());
}
