//! Networks run apart: nodes and a fusion centre, fed in simulation-time order, reproduce the
//! one-process engine's integrated architecture exactly — tracks, alerts and scores — for
//! central and track fusion, whatever the nodes' step sizes. The expected values are the
//! one-process run's own (`vigil_sim::run::run`).

use vigil_sim::partner::{FusionCentre, NetworkNode, Release};
use vigil_sim::run::{RunResult, run};
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::ShareLevel;

fn scenario(path: &str) -> Scenario {
    let text = std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("scenario file");
    Scenario::from_toml(&text).expect("valid scenario")
}

/// Runs architecture `arch` split into nodes stepping by `step_s` and a fusion centre that
/// releases what every node has reached.
fn split(s: &Scenario, arch: usize, step_s: f64) -> RunResult {
    let networks = s.architectures[arch].networks.clone();
    let mut nodes: Vec<NetworkNode> = networks
        .iter()
        .map(|n| NetworkNode::new(s, 0, *n).expect("flies"))
        .collect();
    let mut centre = FusionCentre::new(s, arch);
    let mut t = 0.0;
    while t < s.duration_s {
        t = (t + step_s).min(s.duration_s);
        let mut release = Release::default();
        for (node, n) in nodes.iter_mut().zip(&networks) {
            let step = node.advance_to(t);
            let level = s.sharing[*n][arch];
            for (a, scans) in step.scans {
                if a == arch {
                    release.scans.extend(scans);
                }
            }
            if level == ShareLevel::Detections {
                release.detections.extend(step.detections);
            } else {
                release.infrared.extend(step.detections.iter().copied());
                centre.score_with(step.detections);
            }
        }
        centre.feed(release);
    }
    centre.finish(Vec::new()).expect("scores")
}

fn same(s: &Scenario, arch: usize, step_s: f64) {
    let whole = run(s, 0).expect("runs");
    let apart = split(s, arch, step_s);
    let (w, a) = (&whole.architectures[arch], &apart.architectures[0]);
    assert_eq!(
        w.tracking.rows, a.tracking.rows,
        "track rows, step {step_s} s"
    );
    assert_eq!(w.alerts, a.alerts, "alerts, step {step_s} s");
    assert_eq!(w.alert_launch, a.alert_launch);
    assert_eq!(w.launches, a.launches, "scores, step {step_s} s");
    assert!(!a.alerts.is_empty(), "the case is not empty");
}

#[test]
fn central_fusion_apart_equals_together() {
    let s = scenario("scenarios/teaching/two-networks.toml");
    let arch = s
        .architectures
        .iter()
        .position(|a| {
            a.networks.len() > 1 && a.fusion == vigil_sim::scenario::file::FusionSpec::Central
        })
        .expect("a central architecture");
    same(&s, arch, 10.0);
    same(&s, arch, 37.0);
}

#[test]
fn track_fusion_apart_equals_together() {
    let s = scenario("scenarios/teaching/two-networks.toml");
    let arch = s
        .architectures
        .iter()
        .position(|a| a.fusion == vigil_sim::scenario::file::FusionSpec::Track)
        .expect("a track-fusion architecture");
    same(&s, arch, 10.0);
    same(&s, arch, 37.0);
}
