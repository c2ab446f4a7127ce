//! `vigil propagate`: where and when does an object with this Earth-fixed state come down?

use crate::model_args::{ModelArgs, parse_numbers};
use crate::{Failure, print_json, show};
use vigil_earth::{Ecef, Position, Velocity};
use vigil_flight::propagate::FlightError;
use vigil_flight::{Accuracy, Ballistic, free_flight};
use vigil_report::formats::flight::{PropagateJson, PropagateSummary};

/// Arguments of `vigil propagate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Earth-fixed position X,Y,Z in metres.
    #[arg(long, allow_hyphen_values = true)]
    r0: String,
    /// Velocity relative to the rotating Earth VX,VY,VZ in m/s (Earth-fixed axes).
    #[arg(long, allow_hyphen_values = true)]
    v0: String,
    #[command(flatten)]
    model: ModelArgs,
    /// Ballistic coefficient β = m/(C_D·A), kg/m² (needed with --drag).
    #[arg(long)]
    beta: Option<f64>,
    /// Also output the path sampled every STEP_S seconds (JSON output only).
    #[arg(long, value_name = "STEP_S", requires = "json")]
    samples: Option<f64>,
    /// Give up if the object has not come down after this many seconds.
    #[arg(long, default_value_t = 21_600.0)]
    t_max_s: f64,
    /// Print JSON instead of a readable summary.
    #[arg(long)]
    json: bool,
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let [x, y, z] = parse_numbers::<3>("r0", &a.r0)?;
    let [vx, vy, vz] = parse_numbers::<3>("v0", &a.v0)?;
    let model = a.model.force_model();
    let beta = check_beta(&a.model, a.beta)?;
    if let Some(s) = a.samples {
        if !(s > 0.0 && s.is_finite()) {
            return Err(Failure::Input(format!(
                "--samples must be a positive number of seconds, got {s}"
            )));
        }
    }
    if !(a.t_max_s > 0.0 && a.t_max_s.is_finite()) {
        return Err(Failure::Input(format!(
            "--t-max-s must be positive, got {}",
            a.t_max_s
        )));
    }
    let r = Position::<Ecef>::new(x, y, z);
    let v = Velocity::<Ecef>::new(vx, vy, vz);
    let body = Ballistic::new(model, beta);
    let flight =
        free_flight(&body, 0.0, &r, &v, &Accuracy::DEFAULT, a.t_max_s).map_err(|e| match e {
            FlightError::BelowSurface(d) => Failure::Input(format!(
                "--r0 is {d:.1} m below the surface of the {:?} Earth",
                model.shape
            )),
            FlightError::NonFinite => Failure::Input("--r0/--v0 must be finite".into()),
            e => Failure::Compute(e.to_string()),
        })?;
    let Some(impact) = flight.impact else {
        return Err(Failure::Compute(format!(
            "the object does not come down within {} s (in orbit or escaping?)",
            a.t_max_s
        )));
    };
    if let (Some(step), Some((t0, t1))) = (a.samples, flight.ephemeris.span()) {
        check_samples(step, t1 - t0)?;
    }
    let start = model.shape.geodetic(&r);
    let apogee = flight.apogee.as_ref();
    if a.json {
        let samples = a.samples.map(|step| flight.ephemeris.sample(step));
        print_json(&PropagateJson::new(
            &model,
            beta,
            &start,
            &impact,
            apogee,
            samples.as_deref(),
        ))
    } else {
        show(PropagateSummary {
            model: &model,
            start: &start,
            impact: &impact,
            apogee,
        })
    }
}

/// Most samples of one path `--samples` may ask for: a 6 h flight every 0.2 s (a million
/// samples of JSON would be some 200 MB).
pub const MAX_SAMPLES: f64 = 100_000.0;

/// Refuses `--samples STEP_S` when a path of `span_s` seconds would take more than
/// [`MAX_SAMPLES`], naming the estimate, the limit and the smallest step allowed (unless
/// `--over-budget`).
pub fn check_samples(step_s: f64, span_s: f64) -> Result<(), Failure> {
    let n = (span_s / step_s).floor() + 1.0;
    if n > MAX_SAMPLES && !crate::over_budget() {
        return Err(Failure::Input(format!(
            "--samples {step_s}: about {n:.0} samples over the {span_s:.0} s flight; the budget is {MAX_SAMPLES:.0} samples a path, so use at least --samples {:.3} (or --over-budget)",
            (span_s / (MAX_SAMPLES - 1.0) * 1e3).ceil() / 1e3
        )));
    }
    Ok(())
}

/// β is required with drag, refused without it (it would change nothing), and must be
/// positive.
pub fn check_beta(model: &ModelArgs, beta: Option<f64>) -> Result<Option<f64>, Failure> {
    match (model.drag, beta) {
        (_, Some(b)) if !(b > 0.0 && b.is_finite()) => Err(Failure::Input(format!(
            "--beta must be a positive number of kg/m², got {b}"
        ))),
        (crate::model_args::DragArg::None, Some(_)) => Err(Failure::Input(
            "--beta applies only with --drag exponential or ussa1976: without drag the ballistic coefficient changes nothing".into(),
        )),
        (crate::model_args::DragArg::None, b) => Ok(b),
        (_, None) => Err(Failure::Input(
            "--drag needs --beta KG_M2 (ballistic coefficient)".into(),
        )),
        (_, b) => Ok(b),
    }
}
