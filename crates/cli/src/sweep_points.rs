//! `points.csv` of `vigil sweep`: every grid point's results with exact floats (shortest
//! round-trip decimal), so shards written by separate processes merge into exactly what one
//! process computes.

use crate::Failure;
use std::io::Write;
use std::path::Path;
use vigil_sim::sweep::SweepPoint;

/// Writes the points (grid indices `first..`) to `path`.
pub fn write(
    path: &Path,
    archs: &[&str],
    first: usize,
    points: &[SweepPoint],
) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure::Compute(format!("writing {}: {e}", path.display()));
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    let mut header = String::from("index,lat_rad,lon_rad,half_lat_rad,half_lon_rad");
    for id in archs {
        header +=
            &format!(",warning_s_{id},p_warning_{id},first_detection_s_{id},sensors_seeing_{id}");
    }
    writeln!(w, "{header},skipped").map_err(io)?;
    for (k, p) in points.iter().enumerate() {
        let mut line = format!(
            "{},{},{},{},{}",
            first + k,
            p.point.lat_rad,
            p.point.lon_rad,
            p.half_cell_rad.0,
            p.half_cell_rad.1
        );
        for a in 0..archs.len() {
            let det = p.first_detection_s[a].map_or(String::new(), |t| t.to_string());
            line += &format!(
                ",{},{},{det},{}",
                p.warning_s[a], p.p_warning[a], p.sensors_seeing[a]
            );
        }
        let skipped = p
            .skipped
            .as_deref()
            .unwrap_or("")
            .replace(['\n', '\r'], " ");
        writeln!(w, "{line},{skipped}").map_err(io)?;
    }
    w.flush().map_err(io)
}

/// Reads a shard's points: (grid index, point) in file order.
pub fn read(path: &Path, archs: usize) -> Result<Vec<(usize, SweepPoint)>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    let columns = 5 + 4 * archs + 1;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let bad = |what: &str| {
            Failure::Input(format!(
                "{}:{}: {what} (is it a points.csv of the same scenario?)",
                path.display(),
                n + 1
            ))
        };
        let c: Vec<&str> = line.splitn(columns, ',').collect();
        if c.len() != columns {
            return Err(bad(&format!("expected {columns} columns")));
        }
        let num = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| bad(&format!("not a number: {s:?}")))
        };
        let index = c[0]
            .parse::<usize>()
            .map_err(|_| bad("the index is not a whole number"))?;
        let mut p = SweepPoint {
            point: vigil_earth::Geodetic {
                lat_rad: num(c[1])?,
                lon_rad: num(c[2])?,
                h_m: 0.0,
            },
            half_cell_rad: (num(c[3])?, num(c[4])?),
            skipped: (!c[columns - 1].is_empty()).then(|| c[columns - 1].to_string()),
            warning_s: Vec::with_capacity(archs),
            p_warning: Vec::with_capacity(archs),
            first_detection_s: Vec::with_capacity(archs),
            sensors_seeing: Vec::with_capacity(archs),
        };
        for a in 0..archs {
            let f = &c[5 + 4 * a..9 + 4 * a];
            p.warning_s.push(num(f[0])?);
            p.p_warning.push(num(f[1])?);
            p.first_detection_s.push(if f[2].is_empty() {
                None
            } else {
                Some(num(f[2])?)
            });
            p.sensors_seeing.push(num(f[3])?);
        }
        out.push((index, p));
    }
    Ok(out)
}
