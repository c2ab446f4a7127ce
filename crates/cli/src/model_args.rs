//! Command-line flags that choose the physics, shared by `propagate` and `trajectory`.

use crate::Failure;
use clap::{Args, ValueEnum};
use vigil_earth::EarthShape;
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::gravity::Gravity;
use vigil_flight::ForceModel;

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

/// Earth shape on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum EarthArg {
    /// WGS-84 ellipsoid, geodetic heights.
    #[default]
    Wgs84,
    /// Sphere of 6,371 km, non-rotating and without J2 unless switched on (textbook model).
    Sphere,
}

/// Drag model on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DragArg {
    /// No drag.
    #[default]
    None,
    /// ρ = 1.225·exp(−h/7200 m).
    Exponential,
    /// U.S. Standard Atmosphere 1976.
    Ussa1976,
}

/// Flags choosing the force model.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Earth model.
    #[arg(long, value_enum, default_value_t = EarthArg::Wgs84)]
    pub earth: EarthArg,
    /// J2 oblateness term (default: on for wgs84, off for sphere).
    #[arg(long, value_enum)]
    pub j2: Option<Switch>,
    /// Earth rotation (default: on for wgs84, off for sphere).
    #[arg(long, value_enum)]
    pub rotation: Option<Switch>,
    /// Atmospheric drag model.
    #[arg(long, value_enum, default_value_t = DragArg::None)]
    pub drag: DragArg,
}

impl ModelArgs {
    /// The force model these flags describe.
    pub fn force_model(&self) -> ForceModel {
        let sphere = self.earth == EarthArg::Sphere;
        let on = |s: Option<Switch>| s.map_or(!sphere, |s| s == Switch::On);
        ForceModel {
            shape: if sphere {
                EarthShape::Sphere
            } else {
                EarthShape::Wgs84
            },
            gravity: Gravity { j2: on(self.j2) },
            rotation: on(self.rotation),
            atmosphere: match self.drag {
                DragArg::None => AtmosphereModel::None,
                DragArg::Exponential => AtmosphereModel::Exponential,
                DragArg::Ussa1976 => AtmosphereModel::Ussa1976,
            },
        }
    }
}

/// Parses "A,B" or "A,B,C" into numbers, naming the flag in errors.
pub fn parse_numbers<const K: usize>(flag: &str, text: &str) -> Result<[f64; K], Failure> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != K {
        return Err(Failure::Input(format!(
            "--{flag} takes {K} comma-separated numbers, got {text:?}"
        )));
    }
    let mut out = [0.0; K];
    for (o, p) in out.iter_mut().zip(&parts) {
        *o = p
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| Failure::Input(format!("--{flag}: {p:?} is not a finite number")))?;
    }
    Ok(out)
}
