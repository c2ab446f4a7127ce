//! JSON and CSV renderings of flight results shared by the commands.

use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use vigil_earth::EarthShape;
use vigil_flight::{Event, State};

/// Rounds to a fixed number of decimals so outputs are stable and readable.
pub fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

fn vec_json(v: [f64; 3], decimals: i32) -> Value {
    json!([
        round(v[0], decimals),
        round(v[1], decimals),
        round(v[2], decimals)
    ])
}

/// An event: time, place, height, ECEF state and speed.
pub fn event_json(e: &Event) -> Value {
    json!({
        "t_s": round(e.state.t_s, 4),
        "lat_deg": round(e.geodetic.lat_deg(), 7),
        "lon_deg": round(e.geodetic.lon_deg(), 7),
        "h_m": round(e.geodetic.h_m, 3),
        "r_m": vec_json(e.state.position.to_array(), 3),
        "v_mps": vec_json(e.state.velocity.to_array(), 4),
        "speed_mps": round(e.state.velocity.norm(), 4),
    })
}

/// One sample of a path: `{t_s, r_m, v_mps, lat_deg, lon_deg, h_m}`.
pub fn sample_json(shape: EarthShape, s: &State) -> Value {
    let g = shape.geodetic(&s.position);
    json!({
        "t_s": round(s.t_s, 4),
        "r_m": vec_json(s.position.to_array(), 3),
        "v_mps": vec_json(s.velocity.to_array(), 4),
        "lat_deg": round(g.lat_deg(), 7),
        "lon_deg": round(g.lon_deg(), 7),
        "h_m": round(g.h_m, 3),
    })
}

/// Writes labelled samples as CSV: `object,t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,lat_deg,lon_deg,h_m`.
pub fn write_csv(path: &Path, shape: EarthShape, rows: &[(String, State)]) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "object,t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,lat_deg,lon_deg,h_m"
    )?;
    for (object, s) in rows {
        let g = shape.geodetic(&s.position);
        let [x, y, z] = s.position.to_array();
        let [vx, vy, vz] = s.velocity.to_array();
        writeln!(
            w,
            "{object},{:.4},{x:.3},{y:.3},{z:.3},{vx:.4},{vy:.4},{vz:.4},{:.7},{:.7},{:.3}",
            s.t_s,
            g.lat_deg(),
            g.lon_deg(),
            g.h_m
        )?;
    }
    w.flush()
}

/// Prints a JSON value, pretty, to standard output.
pub fn print_json(v: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
    );
}
