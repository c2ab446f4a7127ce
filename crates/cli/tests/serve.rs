//! `vigil serve` and `vigil aar` as a user runs them: the parity of an exercise with `vigil
//! run`, and `kill -9` then `--resume`.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CTL: &str = "controller-token-for-tests-0123";

fn vigil() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigil"));
    c.env("VIGIL_OPERATOR_TOKEN", "operator-token-for-tests-0123")
        .env("VIGIL_CONTROLLER_TOKEN", CTL);
    c
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vigil-cli-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

/// Starts `vigil serve ARGS` and returns it with the address it prints.
fn serve(args: &[&str]) -> (Child, String) {
    let mut child = vigil()
        .arg("serve")
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("vigil serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|x| x.split('/').next())
        .expect("address in the first line")
        .to_string();
    (child, addr)
}

/// A plain HTTP/1.1 request as the controller; the response body.
fn http(addr: &str, method: &str, path: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {CTL}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut text = String::new();
    s.read_to_string(&mut text).expect("read");
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    text.split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// Waits until the exercise reached the end of its scenario.
fn wait_for_end(addr: &str) {
    let t0 = Instant::now();
    while !http(addr, "GET", "/api/state", "").contains("\"ended\":true") {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the exercise did not end"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn report_of(args: &[&str], out: &Path) -> Vec<u8> {
    let ok = vigil()
        .args(args)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .status()
        .expect("vigil")
        .success();
    assert!(ok, "vigil {args:?}");
    std::fs::read(out.join("report.json")).expect("report.json")
}

#[test]
fn serve_at_speed_0_then_aar_gives_the_report_of_vigil_run() {
    let dir = scratch("parity");
    let log = dir.join("exercise.sqlite");
    let log_arg = log.to_str().expect("utf-8");
    let (mut child, addr) = serve(&["--speed", "0", "--log", log_arg]);
    wait_for_end(&addr);
    child.kill().expect("kill -9");
    let _ = child.wait();
    let aar = report_of(&["aar", log_arg], &dir.join("aar"));
    let run = report_of(&["run"], &dir.join("run"));
    assert!(
        aar == run,
        "report.json of the AAR differs from vigil run's"
    );
    assert!(dir.join("aar").join("acknowledgements.csv").exists());
}

#[test]
fn kill_9_then_resume_loses_nothing() {
    let dir = scratch("resume");
    let log = dir.join("exercise.sqlite");
    let log_arg = log.to_str().expect("utf-8");
    let (mut child, addr) = serve(&["--start-paused", "--log", log_arg]);
    http(&addr, "POST", "/api/clock", r#"{"step_s": 1200}"#);
    let seq_before = http(&addr, "GET", "/api/state", "");
    child.kill().expect("kill -9");
    let _ = child.wait();
    let (mut child, addr) = serve(&["--speed", "0", "--resume", log_arg]);
    let state = http(&addr, "GET", "/api/state", "");
    let seq = |t: &str| -> u64 {
        let v: serde_json::Value = serde_json::from_str(t).expect("json");
        v["seq"].as_u64().expect("seq")
    };
    assert!(
        seq(&state) >= seq(&seq_before),
        "every record a client saw is still there"
    );
    wait_for_end(&addr);
    child.kill().expect("kill -9");
    let _ = child.wait();
    // The AAR checks the whole log against a re-run, then matches vigil run.
    let aar = report_of(&["aar", log_arg], &dir.join("aar"));
    let run = report_of(&["run"], &dir.join("run"));
    assert!(
        aar == run,
        "report.json after kill -9 and --resume differs from vigil run's"
    );
}
