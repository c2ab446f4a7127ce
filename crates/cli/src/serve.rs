//! `vigil serve` (a live exercise), `vigil replay` (its log served again) and `vigil aar`
//! (its after-action report).

use crate::scenario_args::load;
use crate::{Failure, out_dir, say};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use vigil_live::auth::{CONTROLLER_ENV, OPERATOR_ENV, Tokens};
use vigil_live::cot::Target;
use vigil_live::exercise::{scenario_of, utc_stamp, wall_ms};
use vigil_live::log::{LogReader, Meta};
use vigil_live::server::{Config, Origin, serve_blocking};
use vigil_report::Projection;

/// Arguments of `vigil serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    scenario: Option<PathBuf>,
    #[command(flatten)]
    server: Server,
    /// Event log to create (default: vigil-out/<scenario>/exercise-<UTC time>.sqlite).
    #[arg(long)]
    log: Option<PathBuf>,
    /// Monte Carlo run index (selects the random streams).
    #[arg(long, default_value_t = 0)]
    run: u32,
    /// MSEL file (TOML): injects scheduled at simulation times with expected responses,
    /// scored by `vigil aar` (see docs/msel.md).
    #[arg(long)]
    msel: Option<PathBuf>,
    /// Resume the exercise of this log from its last record, appending to it.
    #[arg(long, conflicts_with_all = ["scenario", "log", "run", "msel"])]
    resume: Option<PathBuf>,
    /// A distributed exercise: the console of the integration centre of --architecture on this
    /// NATS server (exercise control's credentials with `vigil bus-config`); the clock and
    /// injects go to the nodes (`vigil node --clock bus`) over the bus. See docs/bus.md.
    #[arg(
        long,
        value_name = "nats://HOST:PORT",
        conflicts_with_all = ["msel", "resume", "run"],
        requires = "architecture"
    )]
    bus: Option<String>,
    /// With --bus: the architecture whose integration centre's picture the console shows.
    #[arg(long, requires = "bus")]
    architecture: Option<String>,
    /// With --bus: the exercise id (subjects vigil.<exercise>.…).
    #[arg(long, requires = "bus", default_value = "exercise")]
    exercise: String,
}

/// Runs `vigil serve` until the process is stopped.
pub fn serve(a: &Args) -> Result<(), Failure> {
    let (origin, name, log) = match &a.resume {
        Some(log) => {
            let meta = LogReader::open(log)
                .and_then(|r| r.meta())
                .map_err(|e| Failure::Input(e.to_string()))?;
            let name = scenario_of(&meta.scenario_toml)
                .map_err(|e| Failure::Input(e.to_string()))?
                .name;
            (Origin::Resume, name, log.clone())
        }
        None => {
            let (src, s) = load(a.scenario.as_ref())?;
            let msel_toml = match &a.msel {
                Some(p) => Some(check_msel(p, &s)?),
                None => None,
            };
            let log = match &a.log {
                Some(p) => p.clone(),
                None => out_dir(None, &[&s.name])?.join(format!("exercise-{}.sqlite", utc_stamp())),
            };
            let meta = Meta {
                scenario_toml: src.text,
                run: a.run,
                vigil_version: env!("CARGO_PKG_VERSION").into(),
                started_wall_ms: wall_ms(),
                msel_toml,
            };
            (Origin::New(meta), s.name, log)
        }
    };
    let tokens_file = log.with_extension("tokens");
    // The runtime is kept until the server stops: the bus's tasks run on it.
    let (origin, _bus_runtime) = match (&a.bus, origin) {
        (Some(url), Origin::New(meta)) => {
            let (rt, console) = bus_console(a, url, &meta, &log)?;
            (Origin::Source(Box::new(console)), Some(rt))
        }
        (_, origin) => (origin, None),
    };
    a.server.run(origin, &name, &log, &tokens_file)
}

/// The console of a distributed exercise, its bus's tasks on the runtime returned.
fn bus_console(
    a: &Args,
    url: &str,
    meta: &Meta,
    log: &Path,
) -> Result<(tokio::runtime::Runtime, vigil_bus::console::BusConsole), Failure> {
    use vigil_bus::console::{BusConsole, ConsoleOptions};
    if !vigil_bus::valid_token(&a.exercise) {
        return Err(Failure::Input(format!(
            "--exercise {:?}: use 1–64 of A–Z a–z 0–9 _ - (it is a subject token)",
            a.exercise
        )));
    }
    let s = scenario_of(&meta.scenario_toml).map_err(|e| Failure::Input(e.to_string()))?;
    let id = a.architecture.as_deref().unwrap_or_default();
    let architecture = s
        .architectures
        .iter()
        .position(|x| x.id == id && x.networks.len() > 1)
        .ok_or_else(|| {
            let known: Vec<&str> = s
                .architectures
                .iter()
                .filter(|x| x.networks.len() > 1)
                .map(|x| x.id.as_str())
                .collect();
            Failure::Input(format!(
                "--architecture {id:?}: not an architecture with partners; known: {}",
                known.join(", ")
            ))
        })?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Compute(format!("cannot start the async runtime: {e}")))?;
    let o = ConsoleOptions {
        exercise: a.exercise.clone(),
        architecture,
        speed: a.server.speed,
        paused: a.server.paused,
    };
    let console = rt.block_on(async {
        let bus = vigil_bus::nats::NatsBus::connect(url).await?;
        BusConsole::start(bus, &s, meta, log, o).await
    });
    let console = console.map_err(|e| Failure::Input(e.to_string()))?;
    Ok((rt, console))
}

/// Reads the MSEL file `path` and checks it against scenario `s`; returns its text.
fn check_msel(path: &Path, s: &vigil_sim::scenario::Scenario) -> Result<String, Failure> {
    let src = crate::scenario_args::read(Some(path))?;
    match vigil_live::msel::parse(&src.text, s) {
        Ok(_) => Ok(src.text),
        Err(problems) => Err(Failure::Problems(vigil_sim::scenario::render_problems(
            &problems, &src.name, &src.text,
        ))),
    }
}

/// How to serve: the options `vigil serve` and `vigil replay` share.
#[derive(clap::Args, Debug)]
struct Server {
    /// Address to listen on (loopback by default; port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Simulation seconds per wall second (0: as fast as possible).
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Start with the clock paused.
    #[arg(long = "start-paused")]
    paused: bool,
    /// Also stream tracks and alerts as Cursor-on-Target events to this TAK server or CoT
    /// peer, tcp://HOST:PORT (reconnects when it goes away; see docs/cot.md).
    #[arg(long, value_name = "tcp://HOST:PORT")]
    cot: Option<Target>,
}

impl Server {
    /// Serves `origin` (scenario `name`, log `log`) until the process is stopped; generated
    /// tokens go to `tokens_file`.
    fn run(
        &self,
        origin: Origin,
        name: &str,
        log: &Path,
        tokens_file: &Path,
    ) -> Result<(), Failure> {
        if !(0.0..=vigil_live::clock::MAX_SPEED).contains(&self.speed) {
            return Err(Failure::Input(format!(
                "--speed {}: between 0 and {}",
                self.speed,
                vigil_live::clock::MAX_SPEED
            )));
        }
        let (tokens, generated) = Tokens::from_env().map_err(Failure::Input)?;
        let where_tokens = if generated {
            tokens
                .write_file(tokens_file)
                .map_err(|e| Failure::Compute(format!("{}: {e}", tokens_file.display())))?;
            format!("tokens (readable only by you): {}", tokens_file.display())
        } else {
            format!("tokens: from {OPERATOR_ENV} and {CONTROLLER_ENV}")
        };
        if !self.bind.ip().is_loopback() {
            eprintln!(
                "warning: listening on {}, reachable from other machines; anyone with a token can use it",
                self.bind
            );
        }
        let what = match origin {
            Origin::Replay => "replay of",
            _ => "exercise",
        };
        let config = Config {
            origin,
            log: log.to_path_buf(),
            bind: self.bind,
            speed: self.speed,
            paused: self.paused,
            tokens,
            cot: self.cot.clone(),
        };
        let mut shown = Ok(());
        serve_blocking(config, |addr| {
            shown = (|| {
                say!("{what} {name:?} at http://{addr}/ (API: /api/openapi.json)");
                say!("{where_tokens}");
                say!("event log: {}", log.display());
                if let Some(t) = &self.cot {
                    say!("Cursor-on-Target events to {t}");
                }
                Ok(())
            })();
        })
        .map_err(|e| match e {
            vigil_live::server::ServeError::Exercise(x) => Failure::Input(x.to_string()),
            x => Failure::Compute(x.to_string()),
        })?;
        shown
    }
}

/// Arguments of `vigil replay`.
#[derive(clap::Args, Debug)]
pub struct ReplayArgs {
    /// The exercise's event log.
    log: PathBuf,
    #[command(flatten)]
    server: Server,
}

/// Runs `vigil replay` until the process is stopped.
pub fn replay(a: &ReplayArgs) -> Result<(), Failure> {
    let meta = LogReader::open(&a.log)
        .and_then(|r| r.meta())
        .map_err(|e| Failure::Input(e.to_string()))?;
    let name = scenario_of(&meta.scenario_toml)
        .map_err(|e| Failure::Input(e.to_string()))?
        .name;
    a.server.run(
        Origin::Replay,
        &name,
        &a.log,
        &a.log.with_extension("replay.tokens"),
    )
}

/// Arguments of `vigil aar`.
#[derive(clap::Args, Debug)]
pub struct AarArgs {
    /// The exercise's event log.
    log: PathBuf,
    /// Output folder (default: beside the log, <log name>-aar/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Map projection: auto, azimuthal or equirectangular.
    #[arg(long, default_value = "auto")]
    projection: Projection,
}

/// Runs `vigil aar`.
pub fn aar(a: &AarArgs) -> Result<(), Failure> {
    let dir = a.out.clone().unwrap_or_else(|| {
        let stem = a
            .log
            .file_stem()
            .map_or_else(|| "exercise".into(), |x| x.to_string_lossy().into_owned());
        a.log.with_file_name(format!("{stem}-aar"))
    });
    let x = vigil_live::aar::write_aar(&a.log, &dir, a.projection)
        .map_err(|e| Failure::Input(e.to_string()))?;
    say!(
        "files in {}: report.json, alerts.csv, predictions.csv, detections.csv, tracks-<architecture>.csv, run.geojson, run.czml, map.png, acknowledgements.csv{}",
        dir.display(),
        if x.msel.is_empty() { "" } else { ", msel.csv" }
    );
    if !x.msel.is_empty() {
        let met = x.msel.iter().filter(|m| m.met).count();
        say!("MSEL: {met} of {} expected responses met", x.msel.len());
        for m in &x.msel {
            let within = if m.architecture.is_empty() {
                String::new()
            } else {
                format!(" [{}]", m.architecture)
            };
            say!(
                "  {} {}: {}{within} — {}",
                if m.met { "met    " } else { "NOT MET" },
                m.event,
                m.expected,
                m.detail
            );
        }
    }
    Ok(())
}
