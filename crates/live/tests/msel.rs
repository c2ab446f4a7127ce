//! MSEL files: checked with located errors; their injects fire at their times (also across a
//! resume); the after-action report scores each expected response.

use std::path::PathBuf;
use std::time::Instant;
use vigil_live::aar::{MSEL_FILE, write_aar};
use vigil_live::exercise::Exercise;
use vigil_live::log::{LogReader, Meta};
use vigil_live::msel::{Score, parse};
use vigil_live::wire::{Body, ClockCommand, Role};
use vigil_report::Projection;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::check::line_col;

const TEACHING: &str = include_str!("../../../scenarios/default.msel.toml");

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vigil-msel-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

fn default() -> Scenario {
    Scenario::from_toml(DEFAULT_SCENARIO).expect("default scenario")
}

#[test]
fn the_teaching_msel_reads_in_time_order() {
    let m = parse(TEACHING, &default()).expect("teaching MSEL");
    let ids: Vec<&str> = m.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "false-ir-pacific",
            "radar-down",
            "launch-pacific",
            "false-track-east"
        ]
    );
    assert!(m.events.windows(2).all(|w| w[0].at_s <= w[1].at_s));
}

#[test]
fn a_bad_msel_gets_every_problem_with_its_line_and_rule() {
    let text = r#"[msel]
name = "bad"
scenario = "other"

[[event]]
id = "a"
at_s = 99999
inject = { kind = "sensor_outage", sensor = "north-r1", start = "now" }

[[event]]
id = "b"
at_s = 10
inject = { kind = "sensor_outage", sensor = "nowhere", start = "now" }
expect = [{ acknowledged_within_s = 60, not_beyond = "event" }]

[[event]]
id = "b"
at_s = 20
inject = { kind = "infrared_false_event", missile = "slbm-generic", from = { lat_deg = 30.0, lon_deg = 160.0 }, to = { lat_deg = 45.0, lon_deg = 100.0 }, time = "now" }
expect = [{ warning_for = "area-east" }, { not_beyond = "event", architecture = "mars" }]
"#;
    let problems = parse(text, &default()).expect_err("problems");
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (line_col(text, p.span.start).0, p.rule))
        .collect();
    // Scenario name (line 3), at_s past the end (7), unknown sensor (13), two kinds in one
    // expectation (14), duplicate id (17), warning for a phantom (20), unknown architecture (20).
    assert_eq!(
        found,
        [
            (3, "reference"),
            (7, "range"),
            (13, "reference"),
            (14, "value"),
            (17, "duplicate"),
            (20, "value"),
            (20, "value"),
        ],
        "{problems:#?}"
    );
    // A syntax or type error is located too.
    let p = parse("[msel]\nname = \"x\"\n[[event]]\nid = 3\n", &default()).expect_err("type");
    assert_eq!(
        line_col("[msel]\nname = \"x\"\n[[event]]\nid = 3\n", p[0].span.start).0,
        4
    );
}

/// Runs the exercise flat out to `until_s` (the end when None), acknowledging at once every
/// alert about launch `ack`.
fn run(ex: &mut Exercise, until_s: Option<f64>, ack: &str) {
    while !ex.ended() && until_s.is_none_or(|t| ex.sim_time_s(Instant::now()) < t) {
        ex.tick(Instant::now()).expect("tick");
        let snap = ex.snapshot(Role::Controller, Instant::now());
        for a in snap.alerts {
            if a.acknowledged_by.is_none() && a.alert.truth.as_deref() == Some(ack) {
                ex.ack(&a.alert.id, Role::Operator, Instant::now())
                    .expect("ack");
            }
        }
    }
}

#[test]
fn msel_injects_fire_on_time_across_a_resume_and_the_aar_scores_them() {
    let dir = scratch("teaching");
    let log = dir.join("exercise.sqlite");
    let meta = Meta {
        scenario_toml: DEFAULT_SCENARIO.into(),
        run: 0,
        vigil_version: "test".into(),
        started_wall_ms: 0,
        msel_toml: Some(TEACHING.into()),
    };
    let mut ex = Exercise::start(&meta, &log, 0.0, false, Instant::now()).expect("start");
    run(&mut ex, Some(650.0), "launch-pacific");
    let status = |ex: &Exercise| -> Vec<String> {
        let snap = ex.snapshot(Role::Controller, Instant::now());
        snap.msel
            .expect("progress")
            .events
            .into_iter()
            .map(|e| e.status)
            .collect()
    };
    assert_eq!(status(&ex), ["fired", "fired", "pending", "pending"]);
    // Live scores: decided where they can be, open where they cannot yet.
    let live = |ex: &Exercise, event: &str, expected: &str| -> String {
        let snap = ex.snapshot(Role::Controller, Instant::now());
        let scores = snap.msel.expect("progress").scores;
        scores
            .iter()
            .find(|s| s.event == event && s.expected.starts_with(expected))
            .map(|s| s.status.clone())
            .unwrap_or_default()
    };
    // The false event's alert came at 72.5 s and nobody acknowledged it within 120 s.
    assert_eq!(live(&ex, "false-ir-pacific", "acknowledged"), "missed");
    // It stayed an event so far: that can still change until the end.
    assert_eq!(live(&ex, "false-ir-pacific", "not_beyond"), "open");
    assert_eq!(live(&ex, "launch-pacific", "warning_for"), "open");
    drop(ex);
    let mut ex = Exercise::resume(&log, 0.0, false, Instant::now()).expect("resume");
    // Flat out to the end of the scenario (a clock command keeps it flat out).
    ex.clock(
        &ClockCommand {
            speed: Some(0.0),
            ..ClockCommand::default()
        },
        Role::Controller,
        Instant::now(),
    )
    .expect("clock");
    run(&mut ex, None, "launch-pacific");
    // Controllers see the MSEL's progress; operators do not see the MSEL at all.
    assert_eq!(status(&ex), ["fired"; 4]);
    // At the end nothing is open, and the live scores are the after-action report's.
    let end = ex
        .snapshot(Role::Controller, Instant::now())
        .msel
        .expect("progress")
        .scores;
    assert!(end.iter().all(|s| s.status != "open"), "{end:#?}");
    assert!(ex.snapshot(Role::Operator, Instant::now()).msel.is_none());

    // Each scheduled inject is in the log once, at its time, marked with its event.
    let records = LogReader::open(&log).expect("open").all().expect("read");
    let fired: Vec<(String, f64)> = records
        .iter()
        .filter_map(|r| match &r.body {
            Body::Inject(i) => Some((i.msel.clone()?, r.sim_time_s)),
            _ => None,
        })
        .collect();
    assert_eq!(
        fired,
        [
            ("false-ir-pacific".to_string(), 30.0),
            ("radar-down".to_string(), 600.0),
            ("launch-pacific".to_string(), 700.0),
            ("false-track-east".to_string(), 1500.0),
        ]
    );

    let out = dir.join("aar");
    let x = write_aar(&log, &out, Projection::Auto).expect("aar");
    assert_eq!(x.msel, end);
    assert!(out.join(MSEL_FILE).exists());
    let row = |event: &str, expected: &str, architecture: &str| -> &Score {
        x.msel
            .iter()
            .find(|s| {
                s.event == event
                    && s.expected.starts_with(expected)
                    && s.architecture == architecture
            })
            .unwrap_or_else(|| panic!("no row {event} {expected} {architecture}: {:#?}", x.msel))
    };
    // The false infrared event raised launch events only (the east satellites saw it; the
    // north network has no infrared) and nobody acknowledged it.
    for a in ["north", "east", "integrated"] {
        assert!(row("false-ir-pacific", "not_beyond", a).met);
    }
    let r = row("false-ir-pacific", "acknowledged", "");
    assert!(!r.met && r.detail.contains("never acknowledged"), "{r:?}");
    // The real launch was acknowledged at once and warned the eastern area in time.
    let r = row("launch-pacific", "acknowledged", "");
    assert!(r.met, "{r:?}");
    let r = row("launch-pacific", "warning_for", "integrated");
    assert!(r.met && r.detail.contains("min of warning"), "{r:?}");
    // Today's warning doctrine escalates a single-phenomenology radar track to a warning: the
    // teaching MSEL shows it (a dual-phenomenology rule would make this expectation met).
    let r = row("false-track-east", "not_beyond", "integrated");
    assert!(!r.met && r.detail.contains("warning"), "{r:?}");
}
