//! Natural Earth land polygons (public domain), embedded in the crate.
//!
//! The data files under `crates/report/data/` are written by `tools/coastlines.py`
//! from the npm package `world-atlas@2.0.2` (Natural Earth 4.1.0). Format: lines
//! starting with `#` are comments; every other line is one closed ring of
//! whitespace-separated integer `lon lat` pairs in hundredths of a degree.

use std::sync::OnceLock;

use crate::MapError;

const LAND_110M: &str = include_str!("../data/land-110m.txt");
const LAND_50M: &str = include_str!("../data/land-50m.txt");

/// Credit line for maps drawn with these coastlines.
pub const ATTRIBUTION: &str = "Coastlines: Natural Earth (public domain)";

/// Which coastline data set a map draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Coastlines {
    /// 1:50m where the view is under 100° wide, 1:110m otherwise.
    #[default]
    Auto,
    /// Natural Earth 1:110m (small scale, ~5 000 points): world and continental maps.
    Low,
    /// Natural Earth 1:50m (medium scale, ~59 000 points): regional maps.
    Medium,
    /// No coastlines (nor land fill).
    Off,
}

/// A land ring: `[lon_deg, lat_deg]` points, closed implicitly (first point not repeated).
pub type Ring = Vec<[f64; 2]>;

/// The 1:110m land rings, parsed once.
pub fn land_110m() -> Result<&'static [Ring], MapError> {
    static CACHE: OnceLock<Result<Vec<Ring>, String>> = OnceLock::new();
    cached(&CACHE, LAND_110M)
}

/// The 1:50m land rings, parsed once.
pub fn land_50m() -> Result<&'static [Ring], MapError> {
    static CACHE: OnceLock<Result<Vec<Ring>, String>> = OnceLock::new();
    cached(&CACHE, LAND_50M)
}

fn cached(
    cache: &'static OnceLock<Result<Vec<Ring>, String>>,
    text: &'static str,
) -> Result<&'static [Ring], MapError> {
    match cache.get_or_init(|| parse_rings(text).map_err(|e| e.to_string())) {
        Ok(rings) => Ok(rings),
        Err(message) => Err(MapError::Coastlines(message.clone())),
    }
}

/// Parse the coastline text format (see the module docs) into rings in degrees.
pub fn parse_rings(text: &str) -> Result<Vec<Ring>, MapError> {
    let mut rings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| MapError::Coastlines(format!("line {}: {what}", index + 1));
        let values = line
            .split_ascii_whitespace()
            .map(|v| v.parse::<i32>().map_err(|_| bad("not an integer")))
            .collect::<Result<Vec<i32>, MapError>>()?;
        if values.len() % 2 != 0 || values.len() < 6 {
            return Err(bad("a ring needs at least three lon/lat pairs"));
        }
        let ring: Ring = values
            .chunks_exact(2)
            .map(|p| [f64::from(p[0]) / 100.0, f64::from(p[1]) / 100.0])
            .collect();
        if ring
            .iter()
            .any(|p| !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1]))
        {
            return Err(bad("point outside ±180°/±90°"));
        }
        rings.push(ring);
    }
    Ok(rings)
}

/// Bounding longitude/latitude extent of a ring as (lon_min, lon_max, lat_min, lat_max).
pub(crate) fn extent(ring: &[[f64; 2]]) -> (f64, f64, f64, f64) {
    ring.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), p| (a.min(p[0]), b.max(p[0]), c.min(p[1]), d.max(p[1])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn land_110m_loads() {
        let rings = land_110m().unwrap();
        assert!(rings.len() > 100, "{} rings", rings.len());
        for ring in rings {
            assert!(ring.len() >= 3);
            for p in ring {
                assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
            }
        }
        // Africa, Eurasia and the Americas are there: some ring reaches each corner.
        assert!(rings.iter().any(|r| r.iter().any(|p| p[1] > 80.0)));
        assert!(rings.iter().any(|r| r.iter().any(|p| p[1] < -80.0)));
        assert!(LAND_110M.starts_with("# Natural Earth"));
        assert!(LAND_110M.contains("public domain (Natural Earth)"));
    }

    #[test]
    fn land_50m_loads() {
        let rings = land_50m().unwrap();
        assert!(rings.len() > 1000);
        assert!(rings.iter().map(Vec::len).sum::<usize>() > 50_000);
    }

    #[test]
    fn parse_errors_are_reported() {
        assert!(parse_rings("# only a comment\n").unwrap().is_empty());
        assert!(parse_rings("0 0 100 0 100 100\n").unwrap().len() == 1);
        assert!(matches!(
            parse_rings("0 0 1 x 2 2"),
            Err(MapError::Coastlines(_))
        ));
        assert!(matches!(
            parse_rings("0 0 1 1"),
            Err(MapError::Coastlines(_))
        ));
        assert!(matches!(
            parse_rings("0 0 1 1 99999 0"),
            Err(MapError::Coastlines(_))
        ));
    }
}
