//! Issue 16, the bounded property campaign (run in CI with the other tests): every leaf of the
//! one-radar teaching scenario mutated to boundary and hostile values, and random edits of a
//! measurement file (`track --input`) and of a Monte Carlo shard (`merge`). The properties:
//! reading never panics; a refused scenario names places inside its text; a scenario that
//! passes the check (`vigil check`: the file, then every launch flown) runs to the end within
//! [`HANG`]; a mutated data file is read or refused with a message, never half-read. Each test
//! prints the number of inputs it tried (`--nocapture`), the figures of `docs/reliability.md`.
#![allow(clippy::unwrap_used)]

use std::ops::Range;
mod common;

use common::{repo, workdir};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use toml::de::{DeTable, DeValue};
use vigil_sim::scenario::Scenario;

/// Longest one `vigil run` of a mutated scenario may take (a debug build; the unmutated one
/// takes under a second).
const HANG: Duration = Duration::from_secs(120);

/// Exit code of `vigil args` in `cwd` (standard output discarded), killed and failing the
/// test after [`HANG`].
fn vigil(cwd: &Path, args: &[&str]) -> (Option<i32>, Duration) {
    let start = Instant::now();
    let mut child = common::start(cwd, args, Stdio::null(), Stdio::null());
    let status = common::wait(&mut child, HANG, &format!("{args:?}"));
    (status.code(), start.elapsed())
}

/// A small deterministic random stream (SplitMix64): the campaign is the same on every run.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The spans of every scalar value (number, string, boolean, date) of a TOML table.
fn leaves(t: &DeTable<'_>, out: &mut Vec<Range<usize>>) {
    for (_, x) in t.iter() {
        leaf(x.get_ref(), x.span(), out);
    }
}

fn leaf(v: &DeValue<'_>, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    match v {
        DeValue::Table(t) => leaves(t, out),
        DeValue::Array(a) => {
            for x in a.iter() {
                leaf(x.get_ref(), x.span(), out);
            }
        }
        _ => out.push(span),
    }
}

/// Values every leaf is set to: boundaries, non-numbers, huge and tiny numbers, wrong types,
/// path-like and unsafe text.
const HOSTILE: [&str; 16] = [
    "0",
    "-1",
    "1e-9",
    "0.5",
    "1e9",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "18446744073709551616",
    "\"\"",
    "\"../../x\"",
    "\"a,b\\nc\"",
    "true",
    "[]",
    "{}",
];

/// Every leaf of the teaching scenario set to every [`HOSTILE`] value: the check never
/// panics, a refused mutant's problems lie inside its text, and a mutant the check passes runs
/// (`vigil run`) to the end with exit code 0 within [`HANG`].
#[test]
fn every_leaf_mutated_is_refused_at_its_place_or_runs_to_the_end() {
    let dir = workdir("leaves");
    let text = std::fs::read_to_string(repo("scenarios/teaching/single-radar.toml")).unwrap();
    let root = DeTable::parse(&text).unwrap();
    let mut spans = Vec::new();
    leaves(root.get_ref(), &mut spans);
    assert!(spans.len() > 30, "{}", spans.len());
    let (mut tried, mut refused, mut ran) = (0, 0, 0);
    let mut slowest = Duration::ZERO;
    for span in &spans {
        for value in HOSTILE {
            let mutant = format!("{}{value}{}", &text[..span.start], &text[span.end..]);
            tried += 1;
            let problems = match Scenario::from_toml(&mutant) {
                Ok(s) => vigil_sim::truth::reach_problems(&s, &mutant),
                Err(p) => p,
            };
            if !problems.is_empty() {
                refused += 1;
                for p in &problems {
                    assert!(p.span.end <= mutant.len(), "{p:?} outside {mutant}");
                    assert!(!p.message.is_empty());
                }
                continue;
            }
            let path = dir.join("m.toml");
            std::fs::write(&path, &mutant).unwrap();
            let (code, took) = vigil(&dir, &["run", "m.toml", "--out", "out"]);
            assert_eq!(code, Some(0), "run of a checked mutant failed:\n{mutant}");
            slowest = slowest.max(took);
            ran += 1;
        }
    }
    eprintln!(
        "scenario leaves: {} leaves, {tried} mutants, {refused} refused at their place, {ran} ran to the end (slowest {slowest:?})",
        spans.len()
    );
    assert_eq!(tried, refused + ran);
    std::fs::remove_dir_all(&dir).ok();
}

/// One random edit of `bytes`: a byte replaced by a CSV-significant or invalid one, a span
/// cut out, a line repeated, the file cut short, or a hostile number put in.
fn edit(bytes: &[u8], r: &mut Stream) -> Vec<u8> {
    const BYTES: [u8; 12] = [
        b',', b'"', b'\n', b'\r', b'#', b'-', b'e', b'N', 0xff, b'9', b' ', 0,
    ];
    const WORDS: [&str; 6] = ["nan", "inf", "1e309", "-0", "18446744073709551616", ",,,"];
    let mut b = bytes.to_vec();
    if b.is_empty() {
        return b;
    }
    let at = r.below(b.len());
    match r.below(5) {
        0 => b[at] = BYTES[r.below(BYTES.len())],
        1 => {
            let end = (at + 1 + r.below(16)).min(b.len());
            b.drain(at..end);
        }
        2 => {
            let start = b[..at]
                .iter()
                .rposition(|c| *c == b'\n')
                .map_or(0, |i| i + 1);
            let end = b[at..]
                .iter()
                .position(|c| *c == b'\n')
                .map_or(b.len(), |i| at + i + 1);
            let line = b[start..end].to_vec();
            b.splice(end..end, line);
        }
        3 => b.truncate(at),
        _ => {
            let word = WORDS[r.below(WORDS.len())].as_bytes();
            b.splice(at..at, word.iter().copied());
        }
    }
    b
}

/// Random edits (one to three each) of a measurement file and of a Monte Carlo shard's
/// `runs.csv`: the readers behind `track --input` and `merge` never panic; a measurement file
/// they accept tracks; a shard they accept merges into exactly the runs of the manifests.
#[test]
fn edited_measurement_and_shard_files_are_read_or_refused() {
    let dir = workdir("csv");
    // Measurements: two objects seen by two sensors every 5 s for a minute.
    let mut csv = String::from("# noise_std_m=20\ntime_s,sensor_id,x_m,y_m,z_m\n");
    for i in 0..12 {
        for (k, sensor) in ["a", "b"].iter().enumerate() {
            let t = 5.0 * i as f64;
            csv.push_str(&format!(
                "{t},{sensor},{},{},{}\n",
                1000.0 * t,
                3000.0 * k as f64,
                1000.0 + 200.0 * t
            ));
        }
    }
    let path = dir.join("m.csv");
    let mut r = Stream(16);
    let (mut tried, mut read) = (0, 0);
    for _ in 0..3000 {
        let mut b = csv.as_bytes().to_vec();
        for _ in 0..=r.below(3) {
            b = edit(&b, &mut r);
        }
        std::fs::write(&path, &b).unwrap();
        tried += 1;
        if let Ok(m) = vigil_report::formats::tracks::read_measurements(&path) {
            read += 1;
            let options = vigil_tracking::generic::Options::default();
            let out = vigil_tracking::generic::track(
                &options,
                &m.points,
                vigil_tracking::generic::Output::Life,
            );
            assert!(out.is_ok());
        }
    }
    eprintln!("measurement files: {tried} edited, {read} read and tracked, the rest refused");

    // Shards: two of a 4-run Monte Carlo; every edit of the first one's runs.csv is either
    // refused or merges into the four runs.
    let scenario = repo("scenarios/teaching/single-radar.toml");
    for k in ["1", "2"] {
        let spec = format!("{k}/2");
        let out = format!("s{k}");
        let (code, _) = vigil(
            &dir,
            &[
                "montecarlo",
                &scenario,
                "--runs",
                "4",
                "--shard",
                &spec,
                "--out",
                &out,
            ],
        );
        assert_eq!(code, Some(0));
    }
    let text = std::fs::read_to_string(&scenario).unwrap();
    let s = Scenario::from_toml(&text).unwrap();
    let runs = dir.join("s1/runs.csv");
    let good = std::fs::read(&runs).unwrap();
    let shards = [dir.join("s1"), dir.join("s2")];
    let rows = vigil_report::formats::montecarlo::merge_shards(&shards, &s, &text)
        .unwrap()
        .0
        .len();
    let (mut tried, mut merged) = (0, 0);
    for _ in 0..3000 {
        let mut b = good.clone();
        for _ in 0..=r.below(3) {
            b = edit(&b, &mut r);
        }
        std::fs::write(&runs, &b).unwrap();
        tried += 1;
        if let Ok((got, _)) = vigil_report::formats::montecarlo::merge_shards(&shards, &s, &text) {
            merged += 1;
            assert_eq!(got.len(), rows, "{}", String::from_utf8_lossy(&b));
        }
    }
    eprintln!("shard files: {tried} edited, {merged} merged whole, the rest refused");
    std::fs::remove_dir_all(&dir).ok();
}

/// Random byte edits (one to three each) of the teaching scenario through the reader of
/// `vigil check` (UTF-8 with its place, then the scenario check): every input gives a scenario
/// or problems inside its text, never a panic. `VIGIL_CAMPAIGN_EDITS` sets the number of
/// inputs (20,000 by default, a few seconds; the campaign of `docs/reliability.md` used more).
#[test]
fn scenario_reader_takes_random_edits() {
    let text = std::fs::read_to_string(repo("scenarios/teaching/single-radar.toml")).unwrap();
    let n: u64 = std::env::var("VIGIL_CAMPAIGN_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let path = Path::new("edited.toml");
    let mut r = Stream(8);
    let (mut not_text, mut refused, mut read) = (0u64, 0u64, 0u64);
    for _ in 0..n {
        let mut b = text.as_bytes().to_vec();
        for _ in 0..=r.below(3) {
            b = edit(&b, &mut r);
        }
        let Ok(mutant) = vigil_report::formats::utf8_text(path, b) else {
            not_text += 1;
            continue;
        };
        match Scenario::from_toml(&mutant) {
            Ok(_) => read += 1,
            Err(problems) => {
                refused += 1;
                assert!(!problems.is_empty());
                for p in &problems {
                    assert!(p.span.end <= mutant.len(), "{p:?} outside {mutant}");
                }
            }
        }
    }
    eprintln!(
        "scenario edits: {n} inputs, {not_text} not UTF-8 (refused with their place), {refused} refused with problems inside the text, {read} read"
    );
}
