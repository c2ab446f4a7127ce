//! The browser console's files and routes on a real server: the page, an asset's content
//! type, who the token is, and the map geometry of the default scenario.

use serde_json::Value;
use std::path::PathBuf;
use std::time::Instant;
use vigil_live::auth::Tokens;
use vigil_live::exercise::Exercise;
use vigil_live::log::Meta;
use vigil_live::server::{Config, Origin, Server, start};
use vigil_live::wire::{ClockCommand, Role};

const OP: &str = "operator-token-0123456789";
const CTL: &str = "controller-token-0123456789";

/// `GET path` on server `s`, with `token` as bearer (none: no header).
async fn get(s: &Server, path: &str, token: Option<&str>) -> reqwest::Response {
    let mut rq = reqwest::Client::new().get(format!("http://{}{path}", s.addr()));
    if let Some(t) = token {
        rq = rq.bearer_auth(t);
    }
    rq.send().await.expect("GET")
}

/// The status of `GET path`.
async fn status(s: &Server, path: &str, token: Option<&str>) -> u16 {
    get(s, path, token).await.status().as_u16()
}

/// The JSON body of `GET path`.
async fn json(s: &Server, path: &str, token: Option<&str>) -> Value {
    get(s, path, token).await.json().await.expect("json")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vigil-console-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

fn meta() -> Meta {
    Meta {
        scenario_toml: vigil_sim::DEFAULT_SCENARIO.into(),
        run: 0,
        vigil_version: "test".into(),
        started_wall_ms: 0,
        msel_toml: None,
    }
}

async fn serve(name: &str) -> Server {
    serve_log(Origin::New(meta()), scratch(name).join("exercise.sqlite")).await
}

async fn serve_log(origin: Origin, log: PathBuf) -> Server {
    let config = Config {
        origin,
        log,
        bind: "127.0.0.1:0".parse().expect("addr"),
        speed: 1.0,
        paused: true,
        tokens: Tokens::new(OP.into(), CTL.into()).expect("tokens"),
        cot: None,
    };
    start(config).await.expect("server")
}

fn content_type(r: &reqwest::Response) -> String {
    r.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_assets_are_served_without_a_token() {
    let s = serve("assets").await;
    let r = get(&s, "/", None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(content_type(&r), "text/html; charset=utf-8");
    let csp = r
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let html = r.text().await.expect("body");
    assert!(html.contains("<title>Vigil console</title>"));
    assert!(html.contains(r#"src="js/main.js""#));

    let r = get(&s, "/js/main.js", None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(content_type(&r), "text/javascript; charset=utf-8");
    let r = get(&s, "/css/console.css", None).await;
    assert_eq!(content_type(&r), "text/css; charset=utf-8");
    let r = get(&s, "/vendor/world-atlas/countries-50m.json", None).await;
    assert_eq!(content_type(&r), "application/json");
    let atlas: Value = r.json().await.expect("topojson");
    assert_eq!(atlas["type"], "Topology");

    let r = get(&s, "/no-such-file.js", None).await;
    assert_eq!(r.status(), 404);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_and_geometry_need_a_token_and_tell_the_role() {
    let s = serve("whoami").await;
    assert_eq!(status(&s, "/api/whoami", None).await, 401);
    assert_eq!(
        status(&s, "/api/whoami", Some("not-a-token-at-all")).await,
        401
    );
    for (token, role) in [(OP, "operator"), (CTL, "controller")] {
        let v = json(&s, "/api/whoami", Some(token)).await;
        assert_eq!(v["role"], role);
        assert_eq!(v["read_only"], false);
    }
    // A live exercise lists no future alerts.
    assert_eq!(status(&s, "/api/alert-times", Some(OP)).await, 409);

    assert_eq!(status(&s, "/api/geometry", None).await, 401);
    assert_eq!(
        status(&s, "/api/geometry?height_km=-1", Some(OP)).await,
        400
    );
    let g = json(&s, "/api/geometry?height_km=300&t_s=0", Some(OP)).await;
    // The default scenario (scenarios/default.toml): 9 radars, 2 infrared satellites, 2
    // defended areas, 3 architectures.
    assert_eq!(g["radars"].as_array().map(Vec::len), Some(9));
    assert_eq!(g["satellites"].as_array().map(Vec::len), Some(2));
    assert_eq!(g["defended_areas"].as_array().map(Vec::len), Some(2));
    assert_eq!(g["architectures"].as_array().map(Vec::len), Some(3));
    // north-r1 at 60° N 30° E (scenario file; 1e-9° for the degree ↔ radian round trip), one
    // face with a footprint ring at 300 km.
    let r1 = &g["radars"][0];
    assert_eq!(r1["id"], "north-r1");
    let lat = r1["lat_deg"].as_f64().expect("lat");
    assert!((lat - 60.0).abs() < 1e-9, "{lat}");
    assert!(r1["footprints"][0].as_array().is_some_and(|v| v.len() > 10));
    // east-ir1 is geostationary over 80° E (scenario file): sub-point on the equator at 80° E
    // within 0.01° (the orbit model's geostationary longitude is exact at t = 0 to rounding),
    // height 42 166.3 − 6 378.137 = 35 788.2 km (the J2-corrected synchronous radius of
    // `Orbit::geostationary`'s documentation, over the WGS84 equator) within 1 km.
    let ir = &g["satellites"][0];
    assert_eq!(ir["id"], "east-ir1");
    let lat = ir["lat_deg"].as_f64().expect("lat");
    let lon = ir["lon_deg"].as_f64().expect("lon");
    let alt = ir["alt_km"].as_f64().expect("alt");
    assert!(lat.abs() < 0.01 && (lon - 80.0).abs() < 0.01, "{lat} {lon}");
    assert!((alt - 35_788.2).abs() < 1.0, "{alt}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_is_read_only_and_lists_its_alerts_in_time_order() {
    // An exercise stepped 900 s (the default scenario's first alerts come within it), then
    // its log replayed.
    let log = scratch("replay").join("exercise.sqlite");
    {
        let mut ex = Exercise::start(&meta(), &log, 1.0, true, Instant::now()).expect("start");
        let step = ClockCommand {
            step_s: Some(900.0),
            ..ClockCommand::default()
        };
        ex.clock(&step, Role::Controller, Instant::now())
            .expect("step");
    }
    let s = serve_log(Origin::Replay, log).await;
    assert_eq!(json(&s, "/api/whoami", Some(OP)).await["read_only"], true);
    let times = json(&s, "/api/alert-times", Some(OP)).await;
    let v = times.as_array().expect("a list");
    assert!(!v.is_empty(), "alerts within 900 s");
    let t: Vec<f64> = v.iter().filter_map(|a| a["t_s"].as_f64()).collect();
    assert_eq!(t.len(), v.len());
    assert!(t.windows(2).all(|w| w[0] <= w[1]) && t[t.len() - 1] <= 900.0);
    assert!(
        v.iter()
            .all(|a| a["id"].as_str().is_some_and(|x| x.contains(':')))
    );
    s.stop().await;
}
