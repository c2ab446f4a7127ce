//! Monte Carlo warning-time charts: files, PNG format, determinism, degenerate input.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use vigil_report::charts::{warning_chart_png, write_warning_charts};
use vigil_sim::montecarlo::Row;

const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vigil-charts-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}-{}", i + 1)).collect()
}

fn row(run: u32, launch: usize, architecture: usize, warning_time_s: Option<f64>) -> Row {
    Row {
        run,
        launch,
        architecture,
        first_detection_s: warning_time_s.map(|_| 60.0),
        first_track_s: None,
        first_alert_s: None,
        warning_time_s,
        impact_error_km: None,
        last_rv_miss_km: None,
        last_rv_time_to_go_s: None,
        false_alert: false,
        false_track_warnings: 0,
        false_track_warnings_coincident: 0,
        coverage: Default::default(),
        judged: Default::default(),
    }
}

/// 2 launches × 3 architectures × 50 runs; a deterministic spread of warning times (minutes
/// apart between architectures) and some runs without warning.
fn synthetic_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for run in 0..50u32 {
        for a in 0..3usize {
            for l in 0..2usize {
                // A cheap deterministic pseudo-random number in [0, 1).
                let u = f64::from((run * 7919 + a as u32 * 104_729 + l as u32 * 15_485_863) % 1000)
                    / 1000.0;
                let none = (run + a as u32 * 3 + l as u32) % (6 - a as u32 * 2).max(2) == 0;
                let w = 360.0 + 150.0 * a as f64 + 120.0 * l as f64 + 240.0 * u;
                rows.push(row(run, l, a, (!none).then_some(w)));
            }
        }
    }
    rows
}

#[test]
fn one_png_per_launch_byte_identical_across_calls() {
    let rows = synthetic_rows();
    let launches = names("launch", 2);
    let archs = vec![
        "baseline".to_string(),
        "plus-radar".into(),
        "plus-ir".into(),
    ];
    let (d1, d2) = (temp_dir("a"), temp_dir("b"));
    let p1 = write_warning_charts(&d1, "synthetic", &launches, &archs, &rows).unwrap();
    let p2 = write_warning_charts(&d2, "synthetic", &launches, &archs, &rows).unwrap();
    assert_eq!(
        p1,
        vec![
            d1.join("warning-launch-1.png"),
            d1.join("warning-launch-2.png")
        ]
    );
    assert_eq!(p2.len(), 2);
    for (a, b) in p1.iter().zip(&p2) {
        let (x, y) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
        assert_eq!(x[..8], PNG_MAGIC);
        // IHDR: width and height.
        assert_eq!(x[16..24], [0, 0, 4, 176, 0, 0, 2, 188]);
        assert!(x == y, "{} and {} differ", a.display(), b.display());
    }
    // The two launches differ.
    assert_ne!(
        std::fs::read(&p1[0]).unwrap(),
        std::fs::read(&p1[1]).unwrap()
    );
    // Row order does not matter.
    let mut reversed = rows.clone();
    reversed.reverse();
    assert_eq!(
        warning_chart_png("synthetic", "launch-1", 0, &archs, &reversed).unwrap(),
        std::fs::read(&p1[0]).unwrap()
    );
    for d in [d1, d2] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn empty_and_degenerate_input() {
    let dir = temp_dir("degenerate");
    let archs = names("arch", 3);
    // No launches: no files.
    assert!(
        write_warning_charts(&dir, "s", &[], &archs, &[])
            .unwrap()
            .is_empty()
    );
    // Launches but no rows: one "no runs" chart per launch.
    let paths = write_warning_charts(&dir, "s", &names("l", 2), &archs, &[]).unwrap();
    assert_eq!(paths.len(), 2);
    assert!(paths.iter().all(|p| p.is_file()));
    // No architectures.
    assert_eq!(
        write_warning_charts(&dir, "s", &names("l", 1), &[], &[])
            .unwrap()
            .len(),
        1
    );
    let cases: Vec<Vec<Row>> = vec![
        // All without warning.
        (0..20).map(|r| row(r, 0, r as usize % 3, None)).collect(),
        // A single run.
        vec![row(0, 0, 1, Some(612.0))],
        // Identical warning times.
        (0..30).map(|r| row(r, 0, 0, Some(600.0))).collect(),
        // NaN, infinities, negative and huge values, unknown architecture and launch indices.
        vec![
            row(0, 0, 0, Some(f64::NAN)),
            row(1, 0, 0, Some(f64::INFINITY)),
            row(2, 0, 1, Some(f64::NEG_INFINITY)),
            row(3, 0, 1, Some(-30.0)),
            row(4, 0, 2, Some(1e9)),
            row(5, 0, 7, Some(100.0)),
            row(6, 9, 0, Some(100.0)),
        ],
    ];
    for rows in &cases {
        let bytes = warning_chart_png("s", "l-1", 0, &archs, rows).unwrap();
        assert_eq!(bytes[..8], PNG_MAGIC);
    }
    // Awkward launch ids still give distinct files inside `dir`.
    let odd = vec!["a/b".to_string(), "a b".into(), "".into()];
    let paths = write_warning_charts(&dir, "s", &odd, &archs, &[]).unwrap();
    assert_eq!(
        paths,
        vec![
            dir.join("warning-a_b.png"),
            dir.join("warning-a_b-1.png"),
            dir.join("warning-_.png")
        ]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Writes the synthetic charts to target/ for looking at (`cargo test -- --ignored`).
#[test]
#[ignore]
fn demo_pictures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/charts-demo");
    std::fs::create_dir_all(&dir).unwrap();
    let archs = vec![
        "baseline".to_string(),
        "plus-radar".into(),
        "plus-ir".into(),
    ];
    write_warning_charts(
        &dir,
        "synthetic",
        &names("launch", 2),
        &archs,
        &synthetic_rows(),
    )
    .unwrap();
    let all_none: Vec<Row> = (0..20).map(|r| row(r, 0, r as usize % 3, None)).collect();
    write_warning_charts(&dir, "all-none", &["none".to_string()], &archs, &all_none).unwrap();
    write_warning_charts(&dir, "empty", &["empty".to_string()], &archs, &[]).unwrap();
    let single = vec![row(0, 0, 1, Some(612.0))];
    write_warning_charts(&dir, "single", &["single".to_string()], &archs, &single).unwrap();
}
