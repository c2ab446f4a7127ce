//! `vigil node`, `vigil fusion` and `vigil bus-config`: partner networks as separate processes
//! over NATS JetStream, or — without `--bus` — over the in-process bus, all in one process.

use crate::scenario_args::load;
use crate::{Failure, out_dir, say};
use std::path::PathBuf;
use vigil_bus::centre::{CentreOptions, CentreStats, run_centre};
use vigil_bus::memory::MemoryBus;
use vigil_bus::nats::NatsBus;
use vigil_bus::node::{NodeOptions, NodeReport, Pacing, run_node};
use vigil_bus::valid_token;
use vigil_report::Projection;
use vigil_report::run_outputs::{RunFilesError, write_run_folder};
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

/// Options every bus command shares.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Scenario file (TOML); the built-in default when absent. Every process of an exercise
    /// must load the same file.
    scenario: Option<PathBuf>,
    /// NATS server, e.g. nats://127.0.0.1:4222 (nats://USER:PASSWORD@HOST:PORT with the users
    /// of `vigil bus-config`).
    #[arg(long)]
    bus: Option<String>,
    /// Exercise id: subjects are vigil.<exercise>.<network>.<kind> (A–Z a–z 0–9 _ -).
    #[arg(long, default_value = "exercise")]
    exercise: String,
    /// Monte Carlo run index (the random streams).
    #[arg(long, default_value_t = 0)]
    run: u32,
}

/// Arguments of `vigil node`.
#[derive(clap::Args, Debug)]
pub struct NodeArgs {
    /// Network id.
    #[arg(long)]
    network: String,
    #[command(flatten)]
    common: Common,
    /// Simulated seconds per step (one message per kind per step); a restarted node must use
    /// the same.
    #[arg(long, default_value_t = 10.0)]
    step_s: f64,
    /// Simulated seconds per wall-clock second; 0: as fast as possible (with --clock own).
    #[arg(long, default_value_t = 0.0)]
    speed: f64,
    /// What sets the pace: `own` (its own wall clock at --speed) or `bus` (exercise control's
    /// clock, `vigil serve --bus`, whose injects it applies too).
    #[arg(long, value_enum, default_value_t = ClockArg::Own)]
    clock: ClockArg,
}

/// Values of `vigil node --clock`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockArg {
    /// The node's own wall clock at --speed.
    Own,
    /// Exercise control's clock on the bus.
    Bus,
}

/// Arguments of `vigil fusion`.
#[derive(clap::Args, Debug)]
pub struct FusionArgs {
    /// Architecture id (one with two or more networks).
    #[arg(long)]
    architecture: String,
    #[command(flatten)]
    common: Common,
    /// NATS server for scoring data (exercise control's credentials); default: --bus.
    #[arg(long)]
    score_bus: Option<String>,
    /// Output folder (default: ./vigil-out/<scenario>/fusion-<architecture>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// A network of the architecture not waited for: a plug-in partner, incorporated (its data
    /// from the start) when its node appears. Repeatable.
    #[arg(long = "optional", value_name = "NETWORK")]
    optional: Vec<String>,
    /// Go on without a partner silent this long (wall clock, s), marking the picture degraded,
    /// and rebuild it with the partner's data when the link is back; 0: wait for ever.
    #[arg(long, default_value_t = 30.0)]
    link_timeout_s: f64,
    /// The exercise is driven from a console (`vigil serve --bus`): score the launches its
    /// injects add too (read from exercise control's stream with the --score-bus credentials).
    #[arg(long, requires = "bus")]
    controlled: bool,
}

/// Arguments of `vigil bus-config`.
#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    /// Scenario file (TOML); the built-in default when absent.
    scenario: Option<PathBuf>,
    /// Output folder: nats-server.conf and users.json.
    #[arg(long)]
    out: PathBuf,
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Compute(format!("cannot start the async runtime: {e}")))
}

fn index(ids: impl Iterator<Item = String>, id: &str, what: &str) -> Result<usize, Failure> {
    let ids: Vec<String> = ids.collect();
    ids.iter().position(|x| x == id).ok_or_else(|| {
        Failure::Input(format!(
            "no {what} {id:?} in the scenario; known: {}",
            ids.join(", ")
        ))
    })
}

fn check_exercise(c: &Common) -> Result<(), Failure> {
    if valid_token(&c.exercise) {
        Ok(())
    } else {
        Err(Failure::Input(format!(
            "--exercise {:?}: use 1–64 of A–Z a–z 0–9 _ - (it is a subject token)",
            c.exercise
        )))
    }
}

fn bus_failure(e: impl std::fmt::Display) -> Failure {
    Failure::Compute(e.to_string())
}

/// `vigil node`.
pub fn node(a: &NodeArgs) -> Result<(), Failure> {
    check_exercise(&a.common)?;
    let (_, s) = load(a.common.scenario.as_ref())?;
    let network = index(s.networks.iter().cloned(), &a.network, "network")?;
    let o = NodeOptions {
        exercise: a.common.exercise.clone(),
        network,
        run: a.common.run,
        step_s: a.step_s,
        pacing: match a.clock {
            ClockArg::Own => Pacing::Own(a.speed),
            ClockArg::Bus => Pacing::Bus,
        },
    };
    let Some(url) = &a.common.bus else {
        return Err(Failure::Input(
            "vigil node needs --bus nats://HOST:PORT (without a bus, `vigil fusion` runs the nodes in its own process)".into(),
        ));
    };
    let report: NodeReport = runtime()?.block_on(async {
        let bus = NatsBus::connect(url).await.map_err(bus_failure)?;
        run_node(&bus, &s, &o).await.map_err(bus_failure)
    })?;
    say!(
        "network {}: {} messages ({} bytes) published, {} already on the bus",
        a.network,
        report.messages,
        report.bytes,
        report.skipped
    );
    Ok(())
}

/// `vigil fusion`.
pub fn fusion(a: &FusionArgs) -> Result<(), Failure> {
    check_exercise(&a.common)?;
    let (src, s) = load(a.common.scenario.as_ref())?;
    let arch = index(
        s.architectures.iter().map(|x| x.id.clone()),
        &a.architecture,
        "architecture",
    )?;
    if s.architectures[arch].networks.len() < 2 {
        return Err(Failure::Input(format!(
            "architecture {:?} has one network: it has no partners to fuse (vigil run computes it)",
            a.architecture
        )));
    }
    let mut optional = Vec::new();
    for id in &a.optional {
        let n = index(s.networks.iter().cloned(), id, "network")?;
        if !s.architectures[arch].networks.contains(&n) {
            return Err(Failure::Input(format!(
                "--optional {id:?}: not a network of architecture {:?}",
                a.architecture
            )));
        }
        optional.push(n);
    }
    if !(a.link_timeout_s >= 0.0) || !a.link_timeout_s.is_finite() {
        return Err(Failure::Input(format!(
            "--link-timeout-s must be 0 (wait for ever) or a positive number of seconds, not {}",
            a.link_timeout_s
        )));
    }
    let o = CentreOptions {
        exercise: a.common.exercise.clone(),
        architecture: arch,
        optional,
        link_timeout: (a.link_timeout_s > 0.0)
            .then(|| std::time::Duration::from_secs_f64(a.link_timeout_s)),
        controlled: a.controlled,
    };
    let started = std::time::Instant::now();
    let (r, stats) = runtime()?.block_on(async {
        match &a.common.bus {
            Some(url) => {
                let bus = NatsBus::connect(url).await.map_err(bus_failure)?;
                let scoring = match &a.score_bus {
                    Some(u) => NatsBus::connect(u).await.map_err(bus_failure)?,
                    None => bus.clone(),
                };
                run_centre(&bus, &scoring, &s, &o)
                    .await
                    .map_err(bus_failure)
            }
            None => in_process(&s, a.common.run, &o).await,
        }
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    let mut s = s;
    s.launches.extend(stats.injected.iter().cloned());
    write(a, &s, &src.text, arch, &r)?;
    let mut delays = stats.delays_ms.clone();
    delays.sort_unstable();
    let p = |q: f64| {
        delays
            .get(((delays.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    for e in &stats.events {
        say!("{e}");
    }
    say!(
        "architecture {}: {} messages ({} bytes) in {elapsed:.2} s; {} duplicates dropped, {} refused, {} rebuilds; publish-to-fusion delay median {} ms, p99 {} ms",
        a.architecture,
        stats.messages,
        stats.bytes,
        stats.duplicates,
        stats.refused,
        stats.rebuilds,
        p(0.5),
        p(0.99)
    );
    Ok(())
}

/// The architecture's nodes and its centre as tasks of this process, over the in-process bus.
async fn in_process(
    s: &Scenario,
    run: u32,
    o: &CentreOptions,
) -> Result<(RunResult, CentreStats), Failure> {
    let bus = MemoryBus::new();
    let mut nodes = Vec::new();
    for n in s.architectures[o.architecture].networks.clone() {
        let (bus, s, o) = (bus.clone(), s.clone(), o.clone());
        nodes.push(tokio::spawn(async move {
            let options = NodeOptions {
                exercise: o.exercise,
                network: n,
                run,
                step_s: 10.0,
                pacing: Pacing::Own(0.0),
            };
            run_node(&bus, &s, &options).await
        }));
    }
    let out = run_centre(&bus, &bus, s, o).await.map_err(bus_failure)?;
    for n in nodes {
        n.await.map_err(bus_failure)?.map_err(bus_failure)?;
    }
    Ok(out)
}

/// Writes the files of `vigil run` for the architecture.
fn write(
    a: &FusionArgs,
    s: &Scenario,
    text: &str,
    arch: usize,
    r: &RunResult,
) -> Result<(), Failure> {
    let run = a.common.run;
    let folder = format!("fusion-{}", s.architectures[arch].id);
    let dir = out_dir(a.out.as_ref(), &[&s.name, &folder])?;
    let mut one = s.clone();
    one.architectures = vec![s.architectures[arch].clone()];
    for shares in &mut one.sharing {
        *shares = vec![shares[arch]];
    }
    write_run_folder(&dir, &one, text, run, s.duration_s, r, Projection::Auto).map_err(
        |e| match e {
            RunFilesError::Format(e) => Failure::from(e),
            RunFilesError::Map(e) => Failure::from(e),
        },
    )?;
    say!(
        "files in {}: report.json, alerts.csv, predictions.csv, detections.csv, tracks-{}.csv, run.geojson, run.czml, map.png",
        dir.display(),
        s.architectures[arch].id
    );
    Ok(())
}

/// `vigil bus-config`.
pub fn config(a: &ConfigArgs) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let mut fill = [0u8; 16];
    let users = vigil_bus::config::users(&s, || {
        let _ = getrandom::fill(&mut fill);
        fill.iter().map(|b| format!("{b:02x}")).collect()
    });
    std::fs::create_dir_all(&a.out)
        .map_err(|e| Failure::Compute(format!("{}: {e}", a.out.display())))?;
    let conf = a.out.join("nats-server.conf");
    std::fs::write(&conf, vigil_bus::config::server_config(&s, &users))
        .map_err(|e| Failure::Compute(format!("{}: {e}", conf.display())))?;
    let json = a.out.join("users.json");
    let text = serde_json::to_string_pretty(&users).map_err(bus_failure)?;
    std::fs::write(&json, text + "\n")
        .map_err(|e| Failure::Compute(format!("{}: {e}", json.display())))?;
    say!(
        "{} users ({}) in {}; start the server with: nats-server -js -sd STORE_DIR -c {}",
        users.len(),
        users
            .iter()
            .map(|u| u.user.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        json.display(),
        conf.display()
    );
    Ok(())
}

/// Arguments of `vigil cot`.
#[derive(clap::Args, Debug)]
pub struct CotArgs {
    /// Scenario file (TOML); the built-in default when absent (the exercise's).
    scenario: Option<PathBuf>,
    /// Architecture whose integration centre's picture to relay.
    #[arg(long)]
    architecture: String,
    /// NATS server (exercise control's credentials with `vigil bus-config`).
    #[arg(long)]
    bus: String,
    /// Exercise id.
    #[arg(long, default_value = "exercise")]
    exercise: String,
    /// Where to send the Cursor-on-Target events: tcp://HOST:PORT (a TAK server's CoT input).
    #[arg(long)]
    to: String,
}

/// `vigil cot`: relays an integration centre's published picture as Cursor-on-Target events,
/// through the same encoder and gateway as `vigil serve --cot`.
pub fn cot(a: &CotArgs) -> Result<(), Failure> {
    use futures_util::StreamExt;
    use std::sync::Arc;
    use vigil_bus::console::wire_bodies;
    use vigil_bus::message::{Body, Envelope};
    use vigil_bus::{Bus, Kind, Subject, centre_origin};
    use vigil_live::cot::{Encoder, Gateway, Target};
    if !valid_token(&a.exercise) {
        return Err(Failure::Input(format!(
            "--exercise {:?}: use 1–64 of A–Z a–z 0–9 _ - (it is a subject token)",
            a.exercise
        )));
    }
    let (_, s) = load(a.scenario.as_ref())?;
    let arch = index(
        s.architectures.iter().map(|x| x.id.clone()),
        &a.architecture,
        "architecture",
    )?;
    let target: Target =
        a.to.parse()
            .map_err(|e: vigil_live::cot::TargetError| Failure::Input(format!("--to {e}")))?;
    let (tracks, alerts) = runtime()?.block_on(async {
        let bus = NatsBus::connect(&a.bus).await.map_err(bus_failure)?;
        let (tx, rx) = tokio::sync::broadcast::channel(4096);
        let again = tx.clone();
        let gateway = Gateway::start(target, Encoder::new(&s.name, s.epoch), rx, move || {
            again.subscribe()
        });
        let subject = Subject {
            exercise: a.exercise.clone(),
            origin: centre_origin(&s.architectures[arch].id),
            kind: Kind::Picture,
        };
        let mut pictures = bus.subscribe(&subject).await.map_err(bus_failure)?;
        let (mut seq, mut tracks, mut alerts) = (0u64, 0usize, 0usize);
        while let Some(bytes) = pictures.next().await {
            let e = match Envelope::decode(&bytes.map_err(bus_failure)?) {
                Ok(e) => e,
                Err(err) => {
                    eprintln!("vigil: cot: refused a picture message: {err}");
                    continue;
                }
            };
            let Body::Picture {
                architecture,
                tracks: t,
                alerts: al,
                ..
            } = e.body
            else {
                continue;
            };
            for (sim_time_s, body) in wire_bodies(&architecture, &t, &al) {
                seq += 1;
                let record = vigil_live::wire::Record {
                    seq,
                    op_seq: Some(seq),
                    sim_time_s,
                    wall_ms: i64::try_from(e.wall_ms).unwrap_or(i64::MAX),
                    body,
                };
                // No receiver only while the gateway restarts its reader: the event is lost
                // as it would be on a broken connection; the next update replaces it.
                let _ = tx.send(Arc::new(record));
            }
            tracks += t.len();
            alerts += al.len();
            if e.last {
                break;
            }
        }
        // Let the gateway send what it holds.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        gateway.stop();
        Ok::<_, Failure>((tracks, alerts))
    })?;
    say!(
        "relayed {tracks} track updates and {alerts} alerts of architecture {} to {}",
        a.architecture,
        a.to
    );
    Ok(())
}
