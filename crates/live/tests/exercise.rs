//! The exercise core without HTTP: the log, write before publish, roles, injects, and the
//! after-action report's parity with `vigil run`.

use std::path::PathBuf;
use std::time::Instant;
use vigil_live::aar::{acknowledgements, write_aar};
use vigil_live::exercise::Exercise;
use vigil_live::log::{LogReader, Meta};
use vigil_live::wire::{Body, ClockCommand, Inject, LatLon, Role, When};
use vigil_report::Projection;
use vigil_report::formats::report_json::RunReport;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::scenario::Scenario;

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vigil-live-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

fn meta() -> Meta {
    Meta {
        scenario_toml: DEFAULT_SCENARIO.into(),
        run: 0,
        vigil_version: "test".into(),
        started_wall_ms: 0,
        msel_toml: None,
    }
}

/// Steps the (paused) exercise `s` seconds as the controller.
fn step(ex: &mut Exercise, s: f64) {
    let c = ClockCommand {
        step_s: Some(s),
        ..ClockCommand::default()
    };
    ex.clock(&c, Role::Controller, Instant::now())
        .expect("step");
}

#[test]
fn flat_out_exercise_then_aar_gives_the_report_of_vigil_run() {
    let dir = scratch("parity");
    let log = dir.join("exercise.sqlite");
    let mut ex = Exercise::start(&meta(), &log, 0.0, false, Instant::now()).expect("start");
    let mut rx = ex.subscribe();
    while !ex.ended() {
        ex.tick(Instant::now()).expect("tick");
    }
    // Every published record is in the log, with strictly increasing seq from 1.
    let logged = LogReader::open(&log).expect("open").all().expect("read");
    // (The channel holds the latest records only: older ones are reported as lagged.)
    let mut last = 0;
    loop {
        match rx.try_recv() {
            Ok(r) => {
                assert!(r.seq > last);
                last = r.seq;
                assert_eq!(*r, logged[r.seq as usize - 1]);
            }
            Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => {}
            Err(_) => break,
        }
    }
    assert_eq!(last as usize, logged.len());
    assert!(
        logged
            .iter()
            .enumerate()
            .all(|(i, r)| r.seq == i as u64 + 1)
    );
    assert!(matches!(logged.last().map(|r| &r.body), Some(Body::End)));

    let out = dir.join("aar");
    write_aar(&log, &out, Projection::Auto).expect("aar");
    let s = Scenario::from_toml(DEFAULT_SCENARIO).expect("scenario");
    let r = vigil_sim::run::run(&s, 0).expect("run");
    let batch = dir.join("batch-report.json");
    RunReport::from_run(&s, &r)
        .write_json(&batch)
        .expect("write");
    let a = std::fs::read(out.join("report.json")).expect("aar report");
    let b = std::fs::read(&batch).expect("batch report");
    assert!(
        a == b,
        "report.json of the AAR differs from the batch run's"
    );
    for f in [
        "alerts.csv",
        "predictions.csv",
        "detections.csv",
        "map.png",
        "acknowledgements.csv",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
}

#[test]
fn injects_acks_and_roles_are_logged_and_replayed() {
    let dir = scratch("injects");
    let log = dir.join("exercise.sqlite");
    let t0 = Instant::now();
    let mut ex = Exercise::start(&meta(), &log, 1.0, true, t0).expect("start");
    step(&mut ex, 100.0);
    // A launch from the northern Pacific onto the default scenario's eastern area.
    let launch = Inject::Launch {
        id: Some("drill-1".into()),
        missile: "slbm-generic".into(),
        from: LatLon {
            lat_deg: 45.0,
            lon_deg: 170.0,
        },
        to: LatLon {
            lat_deg: 55.0,
            lon_deg: 120.0,
        },
        time: When::At(120.0),
        profile: Default::default(),
    };
    let rec = ex
        .inject(&launch, Role::Controller, Instant::now())
        .expect("inject");
    assert_eq!(rec.engine_time_s, Some(100.0));
    let outage = Inject::SensorOutage {
        sensor: "north-r1".into(),
        start: When::Now(vigil_live::wire::Now::Now),
        duration_s: Some(300.0),
    };
    ex.inject(&outage, Role::Controller, Instant::now())
        .expect("outage");
    let bad = Inject::SensorOutage {
        sensor: "nowhere".into(),
        start: When::At(200.0),
        duration_s: None,
    };
    let e = ex
        .inject(&bad, Role::Controller, Instant::now())
        .unwrap_err();
    assert!(e.to_string().contains("sensor"), "{e}");
    for _ in 0..10 {
        step(&mut ex, 120.0);
    }
    let snap = ex.snapshot(Role::Controller, Instant::now());
    assert!(
        snap.launches
            .as_ref()
            .is_some_and(|l| l.iter().any(|x| x.launch == "drill-1"))
    );
    let alert = snap.alerts.first().expect("an alert").alert.id.clone();
    let first = ex.ack(&alert, Role::Operator, Instant::now()).expect("ack");
    let again = ex
        .ack(&alert, Role::Controller, Instant::now())
        .expect("ack again");
    assert_eq!(first, again, "a second acknowledgement changes nothing");
    assert_eq!(first.acknowledged_by, Some(Role::Operator));

    // Operators see no truth, and their seq has no gap.
    let op = ex.snapshot(Role::Operator, Instant::now());
    assert!(op.launches.is_none() && op.injects.is_none());
    assert!(op.alerts.iter().all(|a| a.alert.truth.is_none()));
    let records = LogReader::open(&log).expect("open").all().expect("read");
    let ops: Vec<u64> = records.iter().filter_map(|r| r.op_seq).collect();
    assert_eq!(ops, (1..=ops.len() as u64).collect::<Vec<_>>());
    for r in &records {
        let m = r.message(Role::Operator);
        assert_eq!(m.is_some(), r.op_seq.is_some());
        let text = m
            .map(|m| serde_json::to_string(&m).expect("json"))
            .unwrap_or_default();
        assert!(
            !text.contains("truth") && !text.contains("drill-1"),
            "{text}"
        );
    }

    // The AAR runs it again (the re-run is checked against the log) and scores the launch.
    let out = dir.join("aar");
    let x = write_aar(&log, &out, Projection::Auto).expect("aar");
    assert!(x.scenario.launches.iter().any(|l| l.id == "drill-1"));
    let acks = acknowledgements(&x.records);
    let row = acks.iter().find(|r| r.alert == alert).expect("row");
    assert_eq!(row.acknowledged_by, Some("operator"));
    assert!(row.latency_s.is_some_and(|l| l >= 0.0));
    let report = std::fs::read_to_string(out.join("report.json")).expect("report");
    assert!(report.contains("drill-1"));
}

#[test]
fn a_resumed_exercise_continues_its_log_with_the_same_future() {
    let dir = scratch("resume");
    let launch = Inject::Launch {
        id: Some("late".into()),
        missile: "icbm-generic".into(),
        from: LatLon {
            lat_deg: 40.0,
            lon_deg: -100.0,
        },
        to: LatLon {
            lat_deg: 56.0,
            lon_deg: 38.0,
        },
        time: When::At(1500.0),
        profile: Default::default(),
    };
    // Interrupted at 1000 s (the process gone: only the log remains), then resumed.
    let log = dir.join("resumed.sqlite");
    let mut ex = Exercise::start(&meta(), &log, 1.0, true, Instant::now()).expect("start");
    step(&mut ex, 400.0);
    ex.inject(&launch, Role::Controller, Instant::now())
        .expect("inject");
    step(&mut ex, 600.0);
    let seq = ex.seq(Role::Controller);
    drop(ex);
    let mut ex = Exercise::resume(&log, 1.0, true, Instant::now()).expect("resume");
    assert_eq!(ex.seq(Role::Controller), seq);
    assert!(
        ex.snapshot(Role::Controller, Instant::now())
            .injects
            .is_some_and(|i| i.len() == 1)
    );
    step(&mut ex, 2600.0);
    assert!(ex.ended());
    drop(ex);
    let records = LogReader::open(&log).expect("open").all().expect("read");
    assert!(
        records
            .iter()
            .enumerate()
            .all(|(i, r)| r.seq == i as u64 + 1)
    );

    // The same exercise without interruption.
    let whole = dir.join("whole.sqlite");
    let mut ex = Exercise::start(&meta(), &whole, 1.0, true, Instant::now()).expect("start");
    step(&mut ex, 400.0);
    ex.inject(&launch, Role::Controller, Instant::now())
        .expect("inject");
    step(&mut ex, 600.0);
    step(&mut ex, 2600.0);
    drop(ex);

    let a = write_aar(&log, &dir.join("a"), Projection::Auto).expect("aar resumed");
    let b = write_aar(&whole, &dir.join("b"), Projection::Auto).expect("aar whole");
    assert_eq!(a.result.detections, b.result.detections);
    let read = |d: &str| std::fs::read(dir.join(d).join("report.json")).expect("report");
    assert!(read("a") == read("b"), "same report.json");
}

#[test]
fn false_events_outages_and_links_apply_and_replay() {
    let dir = scratch("false-events");
    let log = dir.join("exercise.sqlite");
    let mut ex = Exercise::start(&meta(), &log, 1.0, true, Instant::now()).expect("start");
    step(&mut ex, 50.0);
    let p = |lat_deg: f64, lon_deg: f64| LatLon { lat_deg, lon_deg };
    let injects = [
        // A plume over the southern ocean, seen by the infrared satellites only (1983).
        Inject::InfraredFalseEvent {
            from: p(-20.0, 80.0),
            to: p(45.0, 100.0),
            time: When::At(100.0),
            missile: "icbm-generic".into(),
        },
        // A fabricated flight in the northern radars' picture (1979).
        Inject::SpuriousTrack {
            network: "north".into(),
            from: p(75.0, -40.0),
            to: p(55.0, 40.0),
            time: When::At(200.0),
            missile: "icbm-generic".into(),
        },
        Inject::LinkOutage {
            architecture: "integrated".into(),
            network: "east".into(),
            start: When::At(300.0),
            duration_s: Some(120.0),
        },
    ];
    for i in &injects {
        ex.inject(i, Role::Controller, Instant::now())
            .expect("inject");
    }
    for _ in 0..12 {
        step(&mut ex, 100.0);
    }
    let snap = ex.snapshot(Role::Controller, Instant::now());
    // The false plume raises launch events, which name the inject's phantom as their truth …
    assert!(
        snap.alerts.iter().any(|a| a.alert.kind == "launch-detected"
            && (100.0..200.0).contains(&a.alert.t_s)
            && a.alert.truth.as_deref() == Some("phantom-1")),
        "the false plume raises a launch event"
    );
    // … and no impact warning rests on infrared data alone.
    let radars: Vec<&str> = snap
        .sensors
        .iter()
        .filter(|x| x.kind == "radar")
        .map(|x| x.id.as_str())
        .collect();
    for a in &snap.alerts {
        if a.alert.kind == "impact-predicted" {
            assert!(
                a.alert.sensors.iter().any(|x| radars.contains(&x.as_str())),
                "{a:?}"
            );
        }
    }
    drop(ex);
    // The fabricated flight (inject 2) gives the northern network confirmed false tracks that
    // the same exercise without injects does not have.
    let false_tracks = |log: &std::path::Path| {
        let records = LogReader::open(log).expect("open").all().expect("read");
        records
            .iter()
            .filter(|r| {
                matches!(&r.body, Body::Track(t) if t.architecture == "north"
                    && t.status == "confirmed"
                    && t.truth.as_deref().is_some_and(|x| x == "false-alarm" || x.starts_with("phantom-2/")))
            })
            .count()
    };
    let quiet = dir.join("quiet.sqlite");
    let mut q = Exercise::start(&meta(), &quiet, 1.0, true, Instant::now()).expect("start");
    step(&mut q, 50.0);
    for _ in 0..12 {
        step(&mut q, 100.0);
    }
    drop(q);
    assert!(false_tracks(&log) > false_tracks(&quiet));
    let x = write_aar(&log, &dir.join("aar"), Projection::Auto).expect("aar");
    assert!(x.result.detections.len() > 100);
}
