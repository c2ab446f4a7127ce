//! Issue 16, class 2, tried from the user's side: scenarios and options that pass every range
//! yet would exhaust memory or never finish. Where a product of fields can explode (false
//! alarms per look × looks × duration, samples × flight time) `check` and the commands
//! estimate it and refuse with the estimate and the limit; a search that cannot converge (a
//! reentry vehicle with a tiny ballistic coefficient) stops at its step limit with an error.
//! Data files and the generic tracker's scans have size limits; `--over-budget` runs past a
//! budget on the user's explicit choice.
#![allow(clippy::unwrap_used)]

mod common;

use common::{repo, workdir};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// Longest any command here may take: each must refuse or fail well within it.
const HANG: Duration = Duration::from_secs(120);

/// Runs `vigil args` in `cwd`, killing it (and failing the test) after [`HANG`].
fn vigil(cwd: &Path, args: &[&str]) -> Output {
    common::run(cwd, args, HANG)
}

/// Fails with exit code 2 and an error output containing every one of `needles`.
fn refuses(cwd: &Path, args: &[&str], needles: &[&str]) {
    common::refuses(cwd, args, needles, HANG);
}

/// The one-radar teaching scenario with `edits` applied, written to `dir/name`; its path.
fn scenario(dir: &Path, name: &str, edits: &[(&str, &str)]) -> String {
    common::scenario(dir, name, edits).0
}

/// False alarms: 10,000 per look (within the documented range) every 5 s for 25 min, 100 per
/// look every 0.01 s, and `pfa = 0.1` over the resolution cells of a face passed `check` and
/// ran for ever or took gigabytes. `check`, `run` and `montecarlo` now refuse them at the
/// field, naming the estimate and the budget; the scenario just inside the budget still runs.
#[test]
fn false_alarm_budgets_are_checked_with_the_estimate() {
    let dir = workdir("false-alarms");
    let fa = "false_alarms_per_look = 0.0";
    let cases = [
        (
            scenario(&dir, "many.toml", &[(fa, "false_alarms_per_look = 10000")]),
            "many.toml:24:25: error[budget]: about 3,000,000 false alarms over the run",
            "the budget is 1,000,000 a radar",
        ),
        (
            scenario(
                &dir,
                "often.toml",
                &[
                    (fa, "false_alarms_per_look = 100"),
                    ("revisit_s = 5", "revisit_s = 0.01"),
                ],
            ),
            "about 15,000,000 false alarms over the run",
            "150,000 looks",
        ),
        (
            scenario(&dir, "pfa.toml", &[(fa, "pfa = 0.1")]),
            "error[budget]: about 18,764,433 false alarms per look (pfa = 0.1",
            "the budget is 10,000 per look",
        ),
    ];
    for (path, estimate, limit) in &cases {
        for command in ["check", "run", "montecarlo"] {
            refuses(&dir, &[command, path], &[estimate, limit]);
        }
    }
    assert!(!dir.join("vigil-out").exists());
    let within = scenario(&dir, "within.toml", &[(fa, "false_alarms_per_look = 100")]);
    let out = vigil(&dir, &["run", &within]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `propagate`/`trajectory --samples 1e-9` asked for a trillion samples (7.5 GB before it was
/// killed); they are refused with the estimate, the budget and the smallest step allowed.
#[test]
fn sample_budgets_are_checked_with_the_estimate() {
    let dir = workdir("samples");
    let budget = "the budget is 100000 samples a path, so use at least --samples";
    refuses(
        &dir,
        &[
            "propagate",
            "--r0",
            "3194419,3194419,4497348",
            "--v0",
            "1000,1000,5000",
            "--samples",
            "1e-9",
            "--json",
        ],
        &["--samples 0.000000001: about", "samples over the", budget],
    );
    for output in [&["--json"][..], &["--csv", "path.csv"]] {
        let mut args = vec![
            "trajectory",
            "--missile",
            "irbm-generic",
            "--from",
            "24,32",
            "--to",
            "50,30",
            "--samples",
            "1e-9",
        ];
        args.extend_from_slice(output);
        refuses(&dir, &args, &["samples over the", budget]);
    }
    assert!(!dir.join("path.csv").exists());
    std::fs::remove_dir_all(&dir).ok();
}

/// A reentry vehicle with β = 1e-9 kg/m² makes every flight through the air so stiff that
/// targeting ran for hours (`run` of a scenario with such a class, `trajectory --boost none
/// --beta 1e-9 --drag …`); the search now stops at its step limit and says so.
#[test]
fn stiff_flights_stop_at_the_step_limit_with_an_error() {
    let dir = workdir("stiff");
    let classes = std::fs::read_to_string(repo("crates/flight/data/missiles.toml")).unwrap();
    let at = classes.find("id = \"irbm-generic\"").unwrap();
    let end = at + classes[at..].find("]\n").unwrap() + 2;
    let feather = format!(
        "[[missile]]\n{}\n[[launch]]",
        classes[at..end]
            .replace("irbm-generic", "feather")
            .replace("beta_kg_m2 = 3000.0", "beta_kg_m2 = 1e-9")
    );
    let path = scenario(
        &dir,
        "feather.toml",
        &[
            ("missile = \"irbm-generic\"", "missile = \"feather\""),
            ("[[launch]]", &feather),
        ],
    );
    let converge = "did not converge within 2000000 integration steps";
    refuses(&dir, &["run", &path], &["launch \"L1\"", converge]);
    for drag in ["exponential", "ussa1976"] {
        refuses(
            &dir,
            &[
                "trajectory",
                "--from",
                "24,32",
                "--to",
                "50,30",
                "--boost",
                "none",
                "--burnout-alt-km",
                "100",
                "--beta",
                "1e-9",
                "--drag",
                drag,
            ],
            &[converge],
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Data files had no size limit (`track --input /dev/zero` grew without end, a shard's
/// `runs.csv` was read whole however large) and one scan of 1,000,000 detections kept the
/// generic tracker busy for ever. Both are refused, naming the file, or the scan's time,
/// count and cap; `--over-budget` tracks the scan anyway.
#[test]
fn data_files_and_scans_beyond_their_limits_are_refused() {
    let dir = workdir("data-limits");
    refuses(
        &dir,
        &["track", "--input", "/dev/zero", "--out", "t.csv"],
        &["/dev/zero: larger than 256 MiB"],
    );
    // Two good Monte Carlo shards, then one's runs.csv replaced by a sparse 257 MiB file.
    let path = scenario(&dir, "s.toml", &[]);
    for k in ["1", "2"] {
        let out = vigil(
            &dir,
            &[
                "montecarlo",
                &path,
                "--runs",
                "2",
                "--shard",
                &format!("{k}/2"),
                "--out",
                &format!("s{k}"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let runs = dir.join("s1/runs.csv");
    std::fs::File::create(&runs)
        .unwrap()
        .set_len(257 << 20)
        .unwrap();
    refuses(
        &dir,
        &["merge", "--scenario", &path, "s1", "s2", "--out", "m"],
        &[
            "s1/runs.csv: larger than 256 MiB",
            "the most Vigil reads of a data file",
        ],
    );
    assert!(!dir.join("m").exists());
    // One scan of 20,001 detections (one sensor, one time): one over the cap.
    let mut csv = String::from("time_s,sensor_id,x_m,y_m,z_m\n");
    for i in 0..20_001 {
        csv.push_str(&format!("12.5,r1,{},0,0\n", 1000 * i));
    }
    std::fs::write(dir.join("scan.csv"), csv).unwrap();
    refuses(
        &dir,
        &["track", "--input", "scan.csv", "--out", "t.csv"],
        &[
            "scan.csv: the scan at time_s = 12.5 of sensor \"r1\" holds 20001 detections; the budget is 20000 a scan",
            "--over-budget",
        ],
    );
    assert!(!dir.join("t.csv").exists());
    let out = vigil(
        &dir,
        &[
            "track",
            "--input",
            "scan.csv",
            "--out",
            "t.csv",
            "--over-budget",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("t.csv").is_file());
    std::fs::remove_dir_all(&dir).ok();
}

/// `--over-budget` (a global option, before or after the command) runs what a budget refuses:
/// a radar with about 101,328 false alarms a look (`pfa` over the resolution cells of a face,
/// the figure `check` gives; the budget is 10,000 a look) looking twice, and a path
/// sampled more than 100,000 times. Without it both are refused.
#[test]
fn over_budget_runs_what_a_budget_refuses() {
    let dir = workdir("over-budget");
    let path = scenario(
        &dir,
        "over.toml",
        &[
            ("false_alarms_per_look = 0.0", "pfa = 0.00054"),
            ("revisit_s = 5", "revisit_s = 1000"),
        ],
    );
    refuses(
        &dir,
        &["check", &path],
        &["error[budget]: about 101,328 false alarms per look (pfa = 0.00054"],
    );
    for args in [
        &["--over-budget", "run", &path, "--out", "a"][..],
        &["run", &path, "--out", "b", "--over-budget"],
    ] {
        let out = vigil(&dir, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(
            err.contains("warning[budget]: about 101,328 false alarms per look"),
            "{err}"
        );
        assert!(err.contains("running anyway: --over-budget"), "{err}");
    }
    // The flight of `sample_budgets_are_checked_with_the_estimate` (some 900 s) every 5 ms:
    // over 100,000 samples.
    let samples = [
        "propagate",
        "--r0",
        "3194419,3194419,4497348",
        "--v0",
        "1000,1000,5000",
        "--samples",
        "0.005",
        "--json",
    ];
    refuses(&dir, &samples, &["samples over the", "--over-budget"]);
    let out = vigil(&dir, &[&samples[..], &["--over-budget"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
