//! Scenario files: the built-in ones are valid; broken ones get every problem located; no
//! input panics; detections are reproducible whatever the thread count.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use vigil_sensors::Truth;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::detect::detect;
use vigil_sim::scenario::{Scenario, line_col};
use vigil_sim::truth::{fly_launches, targets};

#[test]
fn shipped_scenarios_are_valid() {
    let s = Scenario::from_toml(DEFAULT_SCENARIO).unwrap();
    assert_eq!(s.networks, vec!["north", "east"]);
    assert_eq!(
        s.architectures
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        vec!["north", "east", "integrated"]
    );
    assert!(s.description.contains("illustrative"));
    for entry in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/teaching"
    ))
    .unwrap()
    {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let result = Scenario::from_toml(&text);
        if path.file_name().unwrap() == "broken.toml" {
            assert!(result.is_err());
        } else {
            assert!(result.is_ok(), "{}: {:?}", path.display(), result.err());
        }
    }
}

/// The deliberately broken teaching scenario: every problem, located, in one pass.
#[test]
fn broken_scenario_reports_every_problem_with_line_and_column() {
    let text = include_str!("../../../scenarios/teaching/broken.toml");
    let problems = Scenario::from_toml(text).unwrap_err();
    let found: Vec<(usize, usize, &str)> = problems
        .iter()
        .map(|p| {
            let (l, c) = line_col(text, p.span.start);
            (l, c, p.rule)
        })
        .collect();
    for expected in [
        (6, 9, "value"),         // epoch month 13
        (15, 11, "reference"),   // network "nett"
        (17, 20, "range"),       // latitude 95
        (19, 16, "range"),       // negative range
        (22, 21, "finite"),      // NaN
        (22, 44, "unknown-key"), // colour
        (25, 6, "duplicate"),    // sensor id r1 twice
        (27, 8, "value"),        // kind "sonar"
        (31, 11, "reference"),   // unknown missile class
        (34, 10, "type"),        // time_s is a string
        (38, 20, "reference"),   // unknown network in an architecture
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    assert_eq!(found.len(), 11, "{problems:#?}");
}

fn default_with(from: &str, to: &str) -> String {
    assert!(DEFAULT_SCENARIO.contains(from));
    DEFAULT_SCENARIO.replacen(from, to, 1)
}

#[test]
fn meaning_problems_are_found() {
    let text = default_with(
        "min_el_deg = 2, max_el_deg = 70",
        "min_el_deg = 75, max_el_deg = 70",
    );
    let p = Scenario::from_toml(&text).unwrap_err();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].rule, "order");
    let text = default_with(
        "radius_km = 150",
        "radius_km = 150\npolygon = [{ lat_deg = 1, lon_deg = 2 }]",
    );
    assert!(Scenario::from_toml(&text).is_err());
    let text = default_with("time_s = 60", "time_s = 6000");
    assert_eq!(Scenario::from_toml(&text).unwrap_err()[0].rule, "range");
    let text = default_with("[[network]]\nid = \"east\"", "[[network]]\nid = \"north\"");
    let rules: Vec<&str> = Scenario::from_toml(&text)
        .unwrap_err()
        .iter()
        .map(|p| p.rule)
        .collect();
    assert!(
        rules.contains(&"duplicate") && rules.contains(&"reference"),
        "{rules:?}"
    );
    let p = Scenario::from_toml("not toml at all = = =").unwrap_err();
    assert_eq!(p[0].rule, "syntax");
    let p = Scenario::from_toml("").unwrap_err();
    assert_eq!(p[0].rule, "missing");
}

/// Tracker tuning per architecture: optional, checked with located problems, and used.
#[test]
fn architecture_tracker_settings_are_checked_and_used() {
    let default = Scenario::from_toml(DEFAULT_SCENARIO).unwrap();
    assert_eq!(
        default.architectures[2].tracker,
        vigil_sim::scenario::file::TrackerSpec::default()
    );
    let tuned = "fusion = \"central\"\ntracker = { confirm_m = 2, confirm_n = 2, pd = 0.8 }";
    let s = Scenario::from_toml(&default_with("fusion = \"central\"", tuned)).unwrap();
    let t = s.architectures[2].tracker;
    assert_eq!((t.confirm_m, t.confirm_n, t.pd), (2, 2, 0.8));
    assert_eq!(t.max_coast_s, 60.0);
    // 2-of-2 confirms no later than 3-of-5, and differs somewhere.
    let (a, b) = (
        vigil_sim::run::run(&default, 0).unwrap(),
        vigil_sim::run::run(&s, 0).unwrap(),
    );
    let (a, b) = (&a.architectures[2].tracking, &b.architectures[2].tracking);
    assert_ne!(a.rows, b.rows);
    for (x, y) in a.first_confirmed_s.iter().zip(&b.first_confirmed_s) {
        assert!(y.unwrap() <= x.unwrap());
    }

    let text = default_with(
        "fusion = \"central\"",
        "fusion = \"central\"\ntracker = { confirm_m = 6 }",
    );
    let p = Scenario::from_toml(&text).unwrap_err();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].rule, "range");
    assert!(p[0].message.contains("confirm_m"), "{}", p[0].message);
    assert_eq!(&text[p[0].span.clone()], "6");
    let text = default_with(
        "fusion = \"central\"",
        "fusion = \"central\"\ntracker = { gate_probability = 1.5, clutter = 1 }",
    );
    let rules: Vec<&str> = Scenario::from_toml(&text)
        .unwrap_err()
        .iter()
        .map(|p| p.rule)
        .collect();
    assert!(
        rules.contains(&"range") && rules.contains(&"unknown-key"),
        "{rules:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    /// No input makes the scenario reader panic: random edits of the default scenario (and
    /// random text) give a scenario or located problems inside the text.
    #[test]
    fn no_input_panics(at in 0usize..DEFAULT_SCENARIO.len(), cut in 0usize..40, junk in "[ -~\n]{0,12}") {
        let mut text = DEFAULT_SCENARIO.as_bytes().to_vec();
        let end = (at + cut).min(text.len());
        text.splice(at..end, junk.bytes());
        let text = String::from_utf8_lossy(&text).into_owned();
        if let Err(problems) = Scenario::from_toml(&text) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(p.span.start <= text.len() && p.span.end <= text.len());
            }
        }
    }
}

/// Same scenario and seed ⇒ identical detections, for 1 and 2 threads; another run index
/// (another random stream) differs.
#[test]
fn detections_do_not_depend_on_threads() {
    let s = Scenario::from_toml(DEFAULT_SCENARIO).unwrap();
    let flown = fly_launches(&s).unwrap();
    let t = targets(&flown);
    let in_pool = |threads: usize, run: u32| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| detect(&s, &t, s.launches.len(), run).0)
    };
    let one = in_pool(1, 0);
    let two = in_pool(2, 0);
    assert!(!one.is_empty());
    assert_eq!(one, two);
    assert_ne!(one, in_pool(2, 1));
    // Plausibility (Kommersant 2015: satellites see a launch about a minute before radars):
    // the infrared satellites see the southern-ocean SLBM long before any radar.
    let launch = s
        .launches
        .iter()
        .position(|l| l.id == "slbm-south-ocean")
        .unwrap() as u32;
    let first = |kind: &str| {
        one.iter()
            .filter(|d| matches!(d.truth, Truth::Object { launch: l, .. } if l == launch))
            .filter(|d| s.sensors[d.tag.sensor as usize].id.contains(kind))
            .map(|d| d.t_s)
            .next()
    };
    let (ir, radar) = (first("-ir").unwrap(), first("-r").unwrap());
    assert!(ir + 60.0 < radar, "infrared {ir} s, radar {radar} s");
}
