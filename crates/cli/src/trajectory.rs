//! `vigil trajectory`: what trajectory does a missile of this class fly from A to B, how long
//! does it take, how high does it go?

use crate::model_args::{ModelArgs, parse_numbers};
use crate::{Failure, print_json, say, show};
use clap::ValueEnum;
use std::path::PathBuf;
use vigil_earth::Geodetic;
use vigil_flight::launch::{Booster, burnout_figures};
use vigil_flight::targeting::{Constraint, Profile, TargetingError, aim};
use vigil_flight::vehicle::{Body, MissileFile, builtin_classes, choose_class};
use vigil_report::formats::flight::{
    TrajectoryJson, TrajectoryRequest, TrajectorySummary, write_samples_csv,
};

/// Trajectory profile on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// The least energy that reaches the target.
    MinEnergy,
    /// Steeper than minimum energy: full energy, or the given apogee / burnout angle.
    Lofted,
    /// Flatter than minimum energy: full energy, or the given apogee / burnout angle.
    Depressed,
}

/// Boost model on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BoostArg {
    /// No boost phase: impulsive burnout at --burnout-alt-km above the launch point.
    None,
}

/// Arguments of `vigil trajectory`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Launch point LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    /// Target point LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    to: String,
    /// Missile class (built in: icbm-generic, slbm-generic, irbm-generic; or one from --missiles).
    #[arg(long, conflicts_with = "boost")]
    missile: Option<String>,
    /// TOML file with extra [[missile]] classes.
    #[arg(long, value_name = "FILE", conflicts_with = "boost")]
    missiles: Option<PathBuf>,
    /// `none`: no boost phase, impulsive burnout (needs --burnout-alt-km).
    #[arg(long, value_enum, requires = "burnout_alt_km")]
    boost: Option<BoostArg>,
    /// Burnout height above the launch point for --boost none, km.
    #[arg(long, value_name = "H")]
    burnout_alt_km: Option<f64>,
    /// Trajectory profile.
    #[arg(long, value_enum, default_value_t = ProfileArg::MinEnergy)]
    profile: ProfileArg,
    /// Apogee of the reentry vehicle, km (lofted or depressed).
    #[arg(long, value_name = "A", conflicts_with_all = ["gamma_deg", "tof_s"])]
    apogee_km: Option<f64>,
    /// Flight-path angle at burnout, degrees (lofted or depressed).
    #[arg(long, value_name = "G", conflicts_with = "tof_s")]
    gamma_deg: Option<f64>,
    /// Time of flight from launch to impact, s.
    #[arg(long, value_name = "T")]
    tof_s: Option<f64>,
    #[command(flatten)]
    model: ModelArgs,
    /// Ballistic coefficient of the reentry vehicle with --boost none, kg/m² (default 5000).
    #[arg(long)]
    beta: Option<f64>,
    /// Also output every object's path sampled every STEP_S seconds.
    #[arg(long, value_name = "STEP_S")]
    samples: Option<f64>,
    /// Write every object's sampled path to this CSV file (every --samples s, default 10 s).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Print JSON instead of a readable summary.
    #[arg(long)]
    json: bool,
}

fn point(flag: &str, text: &str) -> Result<Geodetic, Failure> {
    let [lat, lon] = parse_numbers::<2>(flag, text)?;
    Geodetic::from_degrees(lat, lon, 0.0).map_err(|e| Failure::Input(format!("--{flag}: {e}")))
}

fn positive(flag: &str, x: Option<f64>) -> Result<Option<f64>, Failure> {
    match x {
        Some(v) if !(v > 0.0 && v.is_finite()) => Err(Failure::Input(format!(
            "--{flag} must be a positive number, got {v}"
        ))),
        x => Ok(x),
    }
}

fn booster(a: &Args) -> Result<(Booster, String), Failure> {
    if a.boost.is_some() {
        let h = a.burnout_alt_km.unwrap_or(0.0);
        if !(h >= 0.0 && h.is_finite()) {
            return Err(Failure::Input(format!(
                "--burnout-alt-km must be zero or positive, got {h}"
            )));
        }
        let beta = positive("beta", a.beta)?.unwrap_or(5000.0);
        let rv = Body {
            beta_kg_m2: beta,
            rcs_m2: 0.05,
        };
        return Ok((
            Booster::Impulsive {
                burnout_height_m: h * 1e3,
                rv,
            },
            "impulsive".into(),
        ));
    }
    // Options of the impulsive mode are refused with a class rather than ignored.
    for (option, given) in [
        ("--burnout-alt-km", a.burnout_alt_km.is_some()),
        ("--beta", a.beta.is_some()),
    ] {
        if given {
            return Err(Failure::Input(format!(
                "{option} applies only with --boost none; a missile class brings its own boost and reentry vehicle"
            )));
        }
    }
    let Some(id) = &a.missile else {
        return Err(Failure::Input(
            "give --missile CLASS or --boost none --burnout-alt-km H".into(),
        ));
    };
    let mut classes = builtin_classes();
    if let Some(path) = &a.missiles {
        let text = crate::scenario_args::read_text(path)?;
        let file: MissileFile = toml::from_str(&text)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        classes.extend(file.missile);
    }
    let class = choose_class(classes, id).map_err(|e| Failure::Input(e.to_string()))?;
    Ok((Booster::Class(class), id.clone()))
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let from = point("from", &a.from)?;
    let to = point("to", &a.to)?;
    let (booster, vehicle) = booster(a)?;
    let model = a.model.force_model();
    let constraint = match (a.apogee_km, a.gamma_deg, a.tof_s) {
        (Some(h), _, _) => {
            Constraint::ApogeeM(positive("apogee-km", Some(h))?.unwrap_or(0.0) * 1e3)
        }
        (_, Some(g), _) if g > 0.0 && g < 90.0 => Constraint::BurnoutGammaRad(g.to_radians()),
        (_, Some(g), _) => {
            return Err(Failure::Input(format!(
                "--gamma-deg must be between 0 and 90, got {g}"
            )));
        }
        (_, _, Some(t)) => Constraint::TimeOfFlightS(positive("tof-s", Some(t))?.unwrap_or(0.0)),
        _ => Constraint::None,
    };
    let profile = match a.profile {
        ProfileArg::MinEnergy => Profile::MinEnergy,
        ProfileArg::Lofted => Profile::Lofted,
        ProfileArg::Depressed => Profile::Depressed,
    };
    let step = positive("samples", a.samples)?;
    if step.is_some() && !a.json && a.csv.is_none() {
        return Err(Failure::Input(
            "--samples applies to --json or --csv output; the summary has no samples".into(),
        ));
    }
    let sol = aim(&model, &booster, &from, &to, 0.0, profile, constraint).map_err(|e| {
        // A constraint that cannot be met is the fault of the option that asked for it.
        let option = match (&e, a.apogee_km, a.gamma_deg, a.tof_s) {
            (TargetingError::Constraint(_), Some(_), _, _) => "--apogee-km: ",
            (TargetingError::Constraint(_), _, Some(_), _) => "--gamma-deg: ",
            (TargetingError::Constraint(_), _, _, Some(_)) => "--tof-s: ",
            _ => "",
        };
        Failure::Input(format!("{option}{e}"))
    })?;
    if step.is_some() || a.csv.is_some() {
        let span_s = sol
            .flight
            .objects
            .iter()
            .filter_map(|o| o.ephemeris.span())
            .map(|(t0, t1)| t1 - t0)
            .fold(0.0, f64::max);
        crate::propagate::check_samples(step.unwrap_or(10.0), span_s)?;
    }
    let bo = burnout_figures(&sol.flight);
    let beta = match &booster {
        Booster::Impulsive { rv, .. } => Some(rv.beta_kg_m2),
        Booster::Class(c) => Some(c.rv.beta_kg_m2),
    };
    if let Some(path) = &a.csv {
        if let Some(missiles) = &a.missiles {
            crate::refuse_overwrite("--csv", path, &[("--missiles", missiles)])?;
        }
        write_samples_csv(path, &sol.flight, step.unwrap_or(10.0))?;
    }
    let request = TrajectoryRequest {
        vehicle: &vehicle,
        profile: a
            .profile
            .to_possible_value()
            .map(|v| v.get_name().to_string()),
        from,
        to,
        model,
        beta_kg_m2: beta,
    };
    if a.json {
        return print_json(&TrajectoryJson::new(&request, &sol, &bo, step));
    }
    say!("{vehicle} {} → {} ({:?})", a.from, a.to, a.profile);
    show(TrajectorySummary {
        request: &request,
        solution: &sol,
        burnout: &bo,
    })
}
