//! The geographic outputs of `vigil run` on the single-radar teaching scenario: valid
//! GeoJSON and CZML with the expected content, a PNG, and the same bytes every time.

use serde_json::Value;
use std::path::{Path, PathBuf};
use vigil_report::Projection;
use vigil_report::run_outputs::{CZML_FILE, GEOJSON_FILE, MAP_FILE, write_run_outputs};
use vigil_sim::run::{RunResult, run};
use vigil_sim::scenario::Scenario;

fn scenario(path: &str) -> Scenario {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    let text = std::fs::read_to_string(&file).expect("scenario file");
    Scenario::from_toml(&text).expect("valid scenario")
}

fn teaching() -> (Scenario, RunResult) {
    let s = scenario("scenarios/teaching/single-radar.toml");
    let r = run(&s, 0).expect("run");
    (s, r)
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("output folder");
    dir
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("valid JSON")
}

/// Every `[lon, lat]` position in a GeoJSON geometry's coordinates.
fn positions<'a>(v: &'a Value, out: &mut Vec<&'a [Value]>) {
    if let Some(a) = v.as_array() {
        if a.len() >= 2 && a.iter().all(Value::is_number) {
            out.push(a);
        } else {
            a.iter().for_each(|x| positions(x, out));
        }
    }
}

#[test]
fn writes_the_three_files() {
    let (s, r) = teaching();
    let dir = out_dir("run-outputs-files");
    let paths = write_run_outputs(&dir, &s, &r, Projection::Auto).expect("written");
    let names: Vec<_> = paths
        .iter()
        .map(|p| p.file_name().and_then(|n| n.to_str()).unwrap_or_default())
        .collect();
    assert_eq!(names, [GEOJSON_FILE, CZML_FILE, MAP_FILE]);
    for p in &paths {
        assert!(p.exists(), "{}", p.display());
    }
}

#[test]
fn geojson_is_a_feature_collection_with_tracks_and_ellipses() {
    let (s, r) = teaching();
    let dir = out_dir("run-outputs-geojson");
    write_run_outputs(&dir, &s, &r, Projection::Auto).expect("written");
    let v = read_json(&dir.join(GEOJSON_FILE));
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().expect("features");
    let mut all = Vec::new();
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert!(f["properties"]["layer"].is_string(), "{f}");
        positions(&f["geometry"]["coordinates"], &mut all);
    }
    assert!(!all.is_empty());
    for p in &all {
        let (lon, lat) = (
            p[0].as_f64().unwrap_or(f64::NAN),
            p[1].as_f64().unwrap_or(f64::NAN),
        );
        assert!((-180.0..=180.0).contains(&lon), "lon {lon}");
        assert!((-90.0..=90.0).contains(&lat), "lat {lat}");
    }
    let layer = |name: &str| {
        features
            .iter()
            .filter(|f| f["properties"]["layer"] == name)
            .collect::<Vec<_>>()
    };
    let tracks = layer("ground-track");
    let rv = tracks
        .iter()
        .find(|f| f["properties"]["object"] == "rv" && f["properties"]["launch"] == "L1")
        .expect("RV ground track");
    assert!(
        rv["geometry"]["type"]
            .as_str()
            .is_some_and(|t| t.ends_with("LineString"))
    );
    assert!(
        tracks
            .iter()
            .any(|f| f["properties"]["object"] == "booster")
    );
    assert_eq!(layer("true-impact").len(), 1);
    assert_eq!(layer("launch-point").len(), 1);
    assert_eq!(layer("radar-site").len(), 1);
    assert_eq!(layer("defended-area").len(), 1);
    assert!(!layer("radar-coverage").is_empty());
    let ellipses = layer("impact-ellipse-95");
    assert!(!ellipses.is_empty(), "no impact ellipse");
    let e = &ellipses[0]["properties"];
    assert_eq!(e["architecture"], "radar-only");
    assert_eq!(e["area"], "target");
    assert!(e["semi_major_km"].as_f64().is_some_and(|x| x > 0.0));
    assert!(e["semi_minor_km"].as_f64() <= e["semi_major_km"].as_f64());
    assert_eq!(
        e["t_s"].as_f64(),
        r.architectures[0].launches[0].first_alert_s
    );
}

#[test]
fn czml_packets_are_well_formed() {
    let (s, r) = teaching();
    let dir = out_dir("run-outputs-czml");
    write_run_outputs(&dir, &s, &r, Projection::Auto).expect("written");
    let v = read_json(&dir.join(CZML_FILE));
    let packets = v.as_array().expect("an array of packets");
    let doc = &packets[0];
    assert_eq!(doc["id"], "document");
    assert_eq!(doc["version"], "1.0");
    assert_eq!(doc["clock"]["currentTime"], "2026-01-01T00:00:00Z");
    assert!(
        doc["clock"]["interval"]
            .as_str()
            .is_some_and(|i| i.starts_with("2026-01-01T00:00:00Z/2026-01-01T00:"))
    );
    let mut ids = std::collections::BTreeSet::new();
    for p in packets {
        let id = p["id"].as_str().expect("every packet has an id");
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
    }
    let flight = &r.flown[0].flight;
    for o in &flight.objects {
        let id = format!("launch/L1/{}", o.name());
        let p = packets
            .iter()
            .find(|p| p["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no packet {id}"));
        let (t0, t1) = o.ephemeris.span().expect("ephemeris");
        let availability = p["availability"].as_str().expect("availability");
        assert_eq!(availability.split('/').count(), 2, "{availability}");
        assert!(availability.ends_with('Z'));
        let position = &p["position"];
        assert_eq!(position["referenceFrame"], "FIXED");
        assert_eq!(position["epoch"], "2026-01-01T00:00:00Z");
        let samples = position["cartesian"].as_array().expect("samples");
        assert_eq!(samples.len() % 4, 0);
        assert_eq!(samples.len() / 4, o.ephemeris.sample(10.0).len());
        let times: Vec<f64> = samples
            .iter()
            .step_by(4)
            .filter_map(Value::as_f64)
            .collect();
        assert!((times[0] - t0).abs() < 1e-3 && (times[times.len() - 1] - t1).abs() < 1e-3);
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert!(p["path"].is_object() && p["point"].is_object());
    }
    assert!(ids.contains("sensor/radar"));
    assert!(ids.contains("area/target"));
    let alerts: Vec<_> = packets
        .iter()
        .filter(|p| {
            p["id"]
                .as_str()
                .is_some_and(|i| i.starts_with("alert/radar-only/"))
        })
        .collect();
    assert!(!alerts.is_empty(), "no impact alert packet");
    for a in alerts {
        assert!(a["availability"].is_string());
        assert!(a["ellipse"]["semiMajorAxis"].as_f64() >= a["ellipse"]["semiMinorAxis"].as_f64());
        assert!(
            a["label"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("radar-only"))
        );
    }
}

#[test]
fn map_is_a_png() {
    let (s, r) = teaching();
    let dir = out_dir("run-outputs-png");
    write_run_outputs(&dir, &s, &r, Projection::Auto).expect("written");
    let bytes = std::fs::read(dir.join(MAP_FILE)).expect("read");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn writing_twice_gives_the_same_bytes() {
    let (s, r) = teaching();
    let (a, b) = (out_dir("run-outputs-a"), out_dir("run-outputs-b"));
    write_run_outputs(&a, &s, &r, Projection::Auto).expect("written");
    // A second run of the same scenario, not just the same result written again.
    let r2 = run(&s, 0).expect("run");
    write_run_outputs(&b, &s, &r2, Projection::Auto).expect("written");
    for name in [GEOJSON_FILE, CZML_FILE, MAP_FILE] {
        let (x, y) = (
            std::fs::read(a.join(name)).expect("read"),
            std::fs::read(b.join(name)).expect("read"),
        );
        assert!(x == y, "{name} differs between two writes");
    }
}

#[test]
fn run_map_projection_follows_the_routes() {
    use vigil_report::run_map::run_map;
    let (s, r) = teaching();
    // One launch from 24°N to 50°N: equirectangular, framed on the data.
    let map = run_map(&s, &r, Projection::Auto);
    assert_eq!(map.projection, Projection::Equirectangular);
    assert!(map.bounds.is_some());
    let polar = Projection::Azimuthal { centre_deg: None };
    let forced = run_map(&s, &r, polar);
    assert_eq!(forced.projection, polar);
    assert!(vigil_report::render_png_bytes(&forced).is_ok());
    // The launch moved north, from 42°N to 64°N, crosses 60°N: azimuthal by itself.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/teaching/single-radar.toml"),
    )
    .expect("scenario file");
    let far = text
        .replace(
            "from = { lat_deg = 24.0, lon_deg = 32.0 }",
            "from = { lat_deg = 42.0, lon_deg = 32.0 }",
        )
        .replace(
            "to = { lat_deg = 50.0, lon_deg = 30.0 }",
            "to = { lat_deg = 64.0, lon_deg = 30.0 }",
        );
    assert_ne!(far, text);
    let s = Scenario::from_toml(&far).expect("valid scenario");
    let r = run(&s, 0).expect("run");
    assert_eq!(run_map(&s, &r, Projection::Auto).projection, polar);
    assert_eq!(
        run_map(&s, &r, Projection::Equirectangular).projection,
        Projection::Equirectangular
    );
}

#[test]
fn iso8601_times() {
    use vigil_report::czml::iso8601_utc;
    let s = scenario("scenarios/teaching/single-radar.toml");
    assert_eq!(iso8601_utc(s.epoch, 0.0), "2026-01-01T00:00:00Z");
    assert_eq!(iso8601_utc(s.epoch, 300.0), "2026-01-01T00:05:00Z");
    assert_eq!(iso8601_utc(s.epoch, 90_061.25), "2026-01-02T01:01:01.25Z");
    assert_eq!(iso8601_utc(s.epoch, 0.1), "2026-01-01T00:00:00.1Z");
}

/// Writes the default scenario's outputs to `target/tmp/run-outputs-default/` for looking at
/// (`cargo test --release -p vigil-report --test run_outputs -- --ignored`).
#[test]
#[ignore = "slow: the whole default scenario"]
fn default_scenario_outputs() {
    let s = Scenario::from_toml(vigil_sim::DEFAULT_SCENARIO).expect("default scenario");
    let r = run(&s, 0).expect("run");
    let dir = out_dir("run-outputs-default");
    let paths = write_run_outputs(&dir, &s, &r, Projection::Auto).expect("written");
    for p in paths {
        println!("{}", p.display());
    }
}

/// `predictions.csv` holds every impact prediction of every architecture, and its scoring
/// agrees with the Monte Carlo's: per time-to-go band, as many rows scored inside the 95 %
/// ellipse as `montecarlo::rows_of` counts for that run; a prediction holding its followed
/// object's impact holds one of the objects its track held.
#[test]
fn predictions_csv_lists_every_prediction_as_the_monte_carlo_scores_it() {
    let (s, r) = teaching();
    let path = out_dir("run-outputs-predictions").join("predictions.csv");
    vigil_report::formats::predictions::write_predictions(&path, &s, &r).expect("written");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(header, vigil_report::formats::predictions::HEADER);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let made: usize = r.architectures.iter().map(|o| o.predictions.len()).sum();
    assert!(made > 0);
    assert_eq!(rows.len(), made);
    let col = |name: &str| header.iter().position(|c| *c == name).expect(name);
    let (ttg, inside) = (col("time_to_go_s"), col("inside_95"));
    let any = col("inside_95_any_held");
    let mut from_csv = [(0u32, 0u32); 3];
    for row in &rows {
        // Held by the followed object is held by one of the objects held.
        if row[inside] == "true" {
            assert_eq!(row[any], "true", "{row:?}");
        }
        let (Ok(t), Ok(i)) = (row[ttg].parse::<f64>(), row[inside].parse::<bool>()) else {
            continue;
        };
        let band = if t > 900.0 {
            0
        } else if t >= 300.0 {
            1
        } else {
            2
        };
        from_csv[band].0 += 1;
        from_csv[band].1 += u32::from(i);
    }
    let mut from_mc = [(0u32, 0u32); 3];
    for row in vigil_sim::montecarlo::rows_of(&s, 0, &r) {
        for (k, c) in row.coverage.iter().enumerate() {
            from_mc[k].0 += c.predictions;
            from_mc[k].1 += c.inside;
        }
    }
    assert_eq!(from_csv, from_mc);
}
