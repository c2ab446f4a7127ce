//! Helpers shared by the CLI's reliability tests: a fresh folder per test, the repository's
//! files, and the `vigil` binary run with a time limit past which it counts as a hang
//! (killed, and the test fails).
#![allow(dead_code, clippy::unwrap_used)] // each test crate uses some of them

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// A fresh, empty folder for test `test` of this test crate.
pub fn workdir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "vigil-{}-{test}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file of the repository.
pub fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Starts `vigil args` in `cwd` with the given standard output and error.
pub fn start(cwd: &Path, args: &[&str], stdout: Stdio, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// Waits for `child` at most `limit` (killing it and failing the test after that).
pub fn wait(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let at = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if at.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("{what} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `vigil args` in `cwd` to its end within `limit`, with its output and error output
/// (both drained while it runs, so a chatty command cannot block on a full pipe).
pub fn run(cwd: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = start(cwd, args, Stdio::piped(), Stdio::piped());
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            r.read_to_end(&mut b).ok();
            b
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = wait(&mut child, limit, &format!("{args:?}"));
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// Runs `vigil args` in `cwd` within `limit` and checks that it fails with exit code 2 and
/// an error output containing every one of `needles`; returns that error output.
pub fn refuses(cwd: &Path, args: &[&str], needles: &[&str], limit: Duration) -> String {
    let out = run(cwd, args, limit);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{args:?}: no {needle:?} in {err}");
    }
    err
}

/// The one-radar teaching scenario with `edits` (text → replacement, each must be found)
/// applied, written to `dir/name`; returns its path and text.
pub fn scenario(dir: &Path, name: &str, edits: &[(&str, &str)]) -> (String, String) {
    let mut text = std::fs::read_to_string(repo("scenarios/teaching/single-radar.toml")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, &text).unwrap();
    (path.to_str().unwrap().to_string(), text)
}
