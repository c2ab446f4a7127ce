//! The server on a loopback port with real HTTP and WebSocket clients.

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use vigil_live::auth::Tokens;
use vigil_live::log::Meta;
use vigil_live::server::{Config, Origin, Server, start};

const OP: &str = "operator-token-0123456789";
const CTL: &str = "controller-token-0123456789";

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vigil-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

async fn serve(name: &str, speed: f64, paused: bool) -> (Server, PathBuf) {
    serve_scenario(name, vigil_sim::DEFAULT_SCENARIO, speed, paused).await
}

async fn serve_scenario(name: &str, scenario: &str, speed: f64, paused: bool) -> (Server, PathBuf) {
    let dir = scratch(name);
    let log = dir.join("exercise.sqlite");
    let config = Config {
        origin: Origin::New(Meta {
            scenario_toml: scenario.into(),
            run: 0,
            vigil_version: "test".into(),
            started_wall_ms: 0,
            msel_toml: None,
        }),
        log: log.clone(),
        bind: "127.0.0.1:0".parse().expect("addr"),
        speed,
        paused,
        tokens: Tokens::new(OP.into(), CTL.into()).expect("tokens"),
        cot: None,
    };
    (start(config).await.expect("server"), log)
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(s: &Server, query: &str) -> Ws {
    let url = format!("ws://{}/ws?{query}", s.addr());
    tokio_tungstenite::connect_async(url).await.expect("ws").0
}

/// The next JSON message (20 s at most).
async fn next(ws: &mut Ws) -> Value {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(20), ws.next())
            .await
            .expect("a message within 20 s")
            .expect("open")
            .expect("message");
        if let Message::Text(t) = m {
            return serde_json::from_str(&t).expect("json");
        }
    }
}

/// Messages until one of type `until` (included).
async fn until(ws: &mut Ws, until: &str) -> Vec<Value> {
    let mut v = Vec::new();
    loop {
        let m = next(ws).await;
        let done = m["type"] == until;
        v.push(m);
        if done {
            return v;
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_roles_and_validation() {
    let (s, _) = serve("auth", 1.0, true).await;
    let base = format!("http://{}", s.addr());
    let c = client();
    let inject =
        json!({"kind": "sensor_outage", "sensor": "north-r1", "start": "now", "duration_s": 60});
    // (method, path, body, controller only)
    let endpoints: [(&str, &str, Option<Value>, bool); 4] = [
        ("GET", "/api/state", None, false),
        ("POST", "/api/alerts/north:0/ack", None, false),
        ("POST", "/api/injects", Some(inject.clone()), true),
        ("POST", "/api/clock", Some(json!({"paused": true})), true),
    ];
    for (method, path, body, controller_only) in &endpoints {
        for (token, expect) in [
            (None, Some(401)),
            (Some("not-a-token"), Some(401)),
            (Some(OP), controller_only.then_some(403)),
            (Some(CTL), None),
        ] {
            let mut r = c.request(method.parse().expect("method"), format!("{base}{path}"));
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            if let Some(b) = body {
                r = r.json(b);
            }
            let status = r.send().await.expect("send").status().as_u16();
            match expect {
                Some(code) => assert_eq!(status, code, "{method} {path} with {token:?}"),
                None => assert!(
                    status != 401 && status != 403,
                    "{method} {path} with {token:?}: {status}"
                ),
            }
        }
    }
    for path in ["/api/health", "/api/openapi.json"] {
        let r = c.get(format!("{base}{path}")).send().await.expect("send");
        assert_eq!(r.status(), 200, "{path}");
    }
    let spec: Value = c
        .get(format!("{base}/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    for (_, path, _, _) in &endpoints {
        let p = if path.contains("/ack") {
            "/api/alerts/{id}/ack"
        } else {
            path
        };
        assert!(spec["paths"][p].is_object(), "{p} documented");
    }
    // The WebSocket: no token or a wrong one is refused with 401.
    for q in ["", "token=nope"] {
        let url = format!("ws://{}/ws?{q}", s.addr());
        match tokio_tungstenite::connect_async(url).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 401),
            other => panic!("expected 401, got {:?}", other.map(|_| ())),
        }
    }
    // Unknown fields and broken rules: 400 naming the field and the rule.
    let post = |body: Value| {
        c.post(format!("{base}/api/injects"))
            .bearer_auth(CTL)
            .json(&body)
            .send()
    };
    let r =
        post(json!({"kind": "sensor_outage", "sensor": "north-r1", "start": 10, "colour": "red"}))
            .await
            .expect("send");
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.expect("json");
    assert!(
        e["error"].as_str().is_some_and(|m| m.contains("colour")),
        "{e}"
    );
    assert_eq!(e["rule"], "unknown_field");
    let r = post(json!({"kind": "sensor_outage", "sensor": "nowhere", "start": 10}))
        .await
        .expect("send");
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.expect("json");
    assert_eq!(
        (e["field"].as_str(), e["rule"].as_str()),
        (Some("sensor"), Some("reference"))
    );
    let r = post(json!({"kind": "launch", "missile": "icbm-generic", "time": 100,
                        "from": {"lat_deg": 95, "lon_deg": 0}, "to": {"lat_deg": 50, "lon_deg": 0}}))
        .await
        .expect("send");
    let e: Value = r.json().await.expect("json");
    assert_eq!(e["field"], "from.lat_deg", "{e}");
    let big = json!({"kind": "launch", "id": "x".repeat(20_000)});
    let r = post(big).await.expect("send");
    assert_eq!(r.status(), 413);
    let r = c
        .post(format!("{base}/api/clock"))
        .bearer_auth(CTL)
        .json(&json!({"speed": -1}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 400);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_launch_gives_a_track_and_an_alert_acknowledged_with_role() {
    let (s, log) = serve("inject", 1.0, true).await;
    let base = format!("http://{}", s.addr());
    let c = client();
    let mut op = connect(&s, &format!("token={OP}")).await;
    let mut ctl = connect(&s, &format!("token={CTL}")).await;
    assert_eq!(next(&mut op).await["type"], "snapshot");
    assert_eq!(next(&mut ctl).await["type"], "snapshot");
    let r = c
        .post(format!("{base}/api/injects"))
        .bearer_auth(CTL)
        .json(
            &json!({"kind": "launch", "id": "drill", "missile": "slbm-generic", "time": "now",
                      "from": {"lat_deg": 45.0, "lon_deg": 170.0},
                      "to": {"lat_deg": 55.0, "lon_deg": 120.0}}),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let applied: Value = r.json().await.expect("json");
    assert_eq!(
        applied["inject"]["time"], 1.0,
        "now = the next whole second"
    );
    // Steps small enough for the channel: a step that makes more records than it holds
    // makes the clients lag (tested elsewhere).
    let (mut ctl_seen, mut seen) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let r = c
            .post(format!("{base}/api/clock"))
            .bearer_auth(CTL)
            .json(&json!({"step_s": 100}))
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200);
        ctl_seen.extend(until(&mut ctl, "clock").await);
        seen.extend(until(&mut op, "clock").await);
    }
    // Controllers see the injected launch; operators see tracks and alerts, no truth.
    assert!(ctl_seen.iter().all(|m| m["type"] != "lagged"));
    assert!(
        ctl_seen
            .iter()
            .any(|m| m["type"] == "launch" && m["launch"] == "drill")
    );
    assert!(
        ctl_seen
            .iter()
            .any(|m| m["type"] == "alert" && m["truth"] == "drill")
    );
    let seqs: Vec<u64> = seen.iter().filter_map(|m| m["seq"].as_u64()).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "no gap");
    let text = serde_json::to_string(&seen).expect("json");
    assert!(!text.contains("truth") && !text.contains("drill") && !text.contains("\"launch\""));
    assert!(
        seen.iter()
            .any(|m| m["type"] == "track" && m["status"] == "confirmed")
    );
    let alert = seen
        .iter()
        .find(|m| m["type"] == "alert" && m["kind"] == "impact-predicted")
        .expect("an impact alert")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let ack = |token: &'static str| {
        c.post(format!("{base}/api/alerts/{alert}/ack"))
            .bearer_auth(token)
            .send()
    };
    let a: Value = ack(OP).await.expect("send").json().await.expect("json");
    assert_eq!(a["acknowledged_by"], "operator");
    let b: Value = ack(CTL).await.expect("send").json().await.expect("json");
    assert_eq!(b["acknowledged_by"], "operator", "idempotent");
    assert_eq!(a["acknowledged_at_s"], b["acknowledged_at_s"]);
    let m = until(&mut ctl, "ack").await;
    assert_eq!(m.last().map(|m| m["by"].clone()), Some(json!("operator")));
    let r = c
        .post(format!("{base}/api/alerts/nothing:9/ack"))
        .bearer_auth(OP)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);
    let snap: Value = c
        .get(format!("{base}/api/state"))
        .bearer_auth(OP)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert!(snap.get("launches").is_none());
    assert!(snap["alerts"].as_array().is_some_and(|a| {
        a.iter()
            .any(|x| x["id"] == alert.as_str() && x["acknowledged_by"] == "operator")
    }));
    let _ = op.close(None).await;
    s.stop().await;
    // No secret in the log.
    for f in ["exercise.sqlite", "exercise.sqlite-wal"] {
        let bytes = std::fs::read(log.with_file_name(f)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(OP) && !text.contains(CTL), "{f}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_with_since_has_no_gap_and_the_aar_matches_vigil_run() {
    let (s, log) = serve("resume", 0.0, true).await;
    let base = format!("http://{}", s.addr());
    let c = client();
    let mut ws = connect(&s, &format!("token={OP}")).await;
    assert_eq!(next(&mut ws).await["type"], "snapshot");
    let r = c
        .post(format!("{base}/api/clock"))
        .bearer_auth(CTL)
        .json(&json!({"paused": false}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let mut got: Vec<u64> = Vec::new();
    while got.len() < 200 {
        let m = next(&mut ws).await;
        if m["type"] != "lagged" && m["type"] != "snapshot" {
            got.push(m["seq"].as_u64().expect("seq"));
        }
    }
    drop(ws);
    let mut ws = connect(&s, &format!("token={OP}&since={}", got[got.len() - 1])).await;
    assert_eq!(next(&mut ws).await["type"], "snapshot");
    for m in until(&mut ws, "end").await {
        if m["type"] == "lagged" {
            panic!("a reading client should not lag");
        }
        got.push(m["seq"].as_u64().expect("seq"));
    }
    let n = got.len() as u64;
    assert_eq!(got, (1..=n).collect::<Vec<_>>(), "every seq once, in order");
    s.stop().await;

    let out = log.with_file_name("aar");
    vigil_live::aar::write_aar(&log, &out, vigil_report::Projection::Auto).expect("aar");
    let sc = vigil_sim::scenario::Scenario::from_toml(vigil_sim::DEFAULT_SCENARIO).expect("s");
    let r = vigil_sim::run::run(&sc, 0).expect("run");
    let batch = log.with_file_name("batch.json");
    vigil_report::formats::report_json::RunReport::from_run(&sc, &r)
        .write_json(&batch)
        .expect("write");
    assert!(std::fs::read(out.join("report.json")).ok() == std::fs::read(&batch).ok());
}

/// Messages until the end of the exercise: an `end` record, or a snapshot (after a lag)
/// that says it ended. Checks that `seq` only grows, a snapshot restarting the count.
async fn until_end(ws: &mut Ws) -> Vec<Value> {
    let mut v: Vec<Value> = Vec::new();
    let mut last = 0;
    loop {
        let m = next(ws).await;
        let done = m["type"] == "end" || (m["type"] == "snapshot" && m["ended"] == true);
        if let Some(seq) = m["seq"].as_u64() {
            assert!(
                seq > last || (m["type"] == "snapshot" && seq >= last),
                "seq {seq} after {last}"
            );
            last = seq;
        }
        v.push(m);
        if done {
            return v;
        }
    }
}

/// A WebSocket client with a 4 KiB receive buffer: the server's sends back up at once when it
/// does not read.
async fn connect_small_buffer(s: &Server, query: &str) -> Ws {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("buffer");
    let stream = socket.connect(s.addr()).await.expect("connect");
    let url = format!("ws://{}/ws?{query}", s.addr());
    let (ws, _) =
        tokio_tungstenite::client_async(url, tokio_tungstenite::MaybeTlsStream::Plain(stream))
            .await
            .expect("ws");
    ws
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_clients_stall_nobody_and_a_lagged_client_resyncs() {
    // 100 launches flat out: about 70,000 records, far more than the server keeps for a
    // client (vigil_live::exercise::CHANNEL_CAPACITY) plus what the sockets buffer.
    let raid = include_str!("../../../scenarios/raid-100.toml");
    let (s, _) = serve_scenario("slow", raid, 0.0, true).await;
    // Connected and never read.
    let mut idle = connect(&s, &format!("token={CTL}")).await;
    // Reads its snapshot, then nothing until the others are done.
    let mut slow = connect_small_buffer(&s, &format!("token={OP}")).await;
    assert_eq!(next(&mut slow).await["type"], "snapshot");
    let mut fast = connect(&s, &format!("token={OP}")).await;
    assert_eq!(next(&mut fast).await["type"], "snapshot");
    let r = client()
        .post(format!("http://{}/api/clock", s.addr()))
        .bearer_auth(CTL)
        .json(&json!({"paused": false}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let seen = until_end(&mut fast).await;
    assert!(seen.len() > 1_000, "{} messages", seen.len());
    // The slow client was told it lagged, got a fresh snapshot and learns that it ended.
    let late = until_end(&mut slow).await;
    let lagged = late
        .iter()
        .position(|m| m["type"] == "lagged")
        .expect("told it lagged");
    assert!(late[lagged]["missed"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(late[lagged + 1]["type"], "snapshot");
    let _ = idle.send(Message::Close(None)).await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_serves_the_logged_records_and_seeks() {
    let dir = scratch("replay");
    let log = dir.join("exercise.sqlite");
    let meta = Meta {
        scenario_toml: vigil_sim::DEFAULT_SCENARIO.into(),
        run: 0,
        vigil_version: "test".into(),
        started_wall_ms: 0,
        msel_toml: None,
    };
    let now = std::time::Instant::now;
    let mut ex =
        vigil_live::exercise::Exercise::start(&meta, &log, 0.0, false, now()).expect("start");
    while !ex.ended() {
        ex.tick(now()).expect("tick");
    }
    drop(ex);
    let config = Config {
        origin: Origin::Replay,
        log: log.clone(),
        bind: "127.0.0.1:0".parse().expect("addr"),
        // 10 simulated minutes a second: records come in small bursts a tick apart, so a
        // client on a busy machine keeps up (flat out, thousands of records in a burst can
        // outrun it, and then it is told it lagged — a different test's subject).
        speed: 600.0,
        paused: true,
        tokens: Tokens::new(OP.into(), CTL.into()).expect("tokens"),
        cot: None,
    };
    let s = start(config).await.expect("replay server");
    let base = format!("http://{}", s.addr());
    let c = client();
    let clock = |body: Value| {
        c.post(format!("{base}/api/clock"))
            .bearer_auth(CTL)
            .json(&body)
            .send()
    };
    let mut ws = connect(&s, &format!("token={OP}")).await;
    // Paused at 0 s: the records at 0 s are in the snapshot.
    let first = next(&mut ws).await["seq"].as_u64().expect("seq") as usize;
    assert_eq!(
        clock(json!({"paused": false}))
            .await
            .expect("send")
            .status(),
        200
    );
    // The operator's records of the log, as they were served live.
    let logged: Vec<Value> = vigil_live::log::LogReader::open(&log)
        .expect("open")
        .all()
        .expect("read")
        .iter()
        .filter_map(|r| r.message(vigil_live::wire::Role::Operator))
        .map(|m| serde_json::to_value(m).expect("json"))
        .collect();
    let seen = until(&mut ws, "end").await;
    assert!(
        seen == logged[first..],
        "the replay serves the log's records"
    );
    // A replay takes no input.
    let r = c
        .post(format!("{base}/api/alerts/north:0/ack"))
        .bearer_auth(OP)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 409);
    // Seek back: every client starts again from a snapshot at that time.
    let r = clock(json!({"seek_s": 500, "paused": true}))
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert_eq!(next(&mut ws).await["type"], "reset");
    let snap = next(&mut ws).await;
    assert_eq!(
        (snap["type"].as_str(), snap["sim_time_s"].as_f64()),
        (Some("snapshot"), Some(500.0))
    );
    let at = snap["seq"].as_u64().expect("seq");
    assert_eq!(logged[at as usize - 1]["seq"], at);
    assert!(
        logged[at as usize]["sim_time_s"]
            .as_f64()
            .is_some_and(|t| t > 500.0)
    );
    assert_eq!(
        clock(json!({"step_s": 100})).await.expect("send").status(),
        200
    );
    assert_eq!(next(&mut ws).await, logged[at as usize], "on from the seek");
    s.stop().await;
}
