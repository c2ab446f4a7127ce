//! An architecture's integration centre as a process: it reads what each of the
//! architecture's networks shares with it — detections or track reports, whichever the
//! sharing policy gives — and, apart, what scoring needs. Each origin's messages say up to
//! which simulation time they are complete (the watermark); the centre releases data up to
//! the lowest watermark of all origins, in simulation-time order, so when messages arrive
//! never changes what it computes.

use crate::message::{Body, Codec, DecodeError, Envelope, Kind};
use crate::{Bus, BusError, Subject, control_subject};
use futures_util::StreamExt;
use futures_util::stream::select_all;
use std::time::{SystemTime, UNIX_EPOCH};
use vigil_sim::detect::SensorSummary;
use vigil_sim::partner::{FusionCentre, Release};
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::ShareLevel;
use vigil_sim::truth::TruthError;

/// How a centre runs.
#[derive(Debug, Clone)]
pub struct CentreOptions {
    /// Exercise id.
    pub exercise: String,
    /// Scenario index of the architecture.
    pub architecture: usize,
    /// Networks of the architecture (scenario indices) the centre does not wait for: a plug-in
    /// partner is incorporated when its node appears, its data from the start included.
    pub optional: Vec<usize>,
    /// A partner silent this long (wall clock) is left out: the centre goes on with the others
    /// and marks the picture degraded until the partner is back (None: wait for ever).
    pub link_timeout: Option<std::time::Duration>,
    /// Whether the exercise is driven from a console (`vigil serve --bus`): the launches its
    /// injects add are read from exercise control's stream (with the scorer's credentials: they
    /// are truth) and scored too.
    pub controlled: bool,
}

/// What the centre measured of the bus, and what exercise control injected on it.
#[derive(Debug, Clone, Default)]
pub struct CentreStats {
    /// Messages read.
    pub messages: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Messages dropped as repeats (same origin, kind and number).
    pub duplicates: usize,
    /// Messages refused (unknown version, malformed, wrong exercise or origin).
    pub refused: usize,
    /// Publish-to-receipt delays of perception messages, ms (wall clocks of one machine).
    pub delays_ms: Vec<u64>,
    /// What happened to the picture: partners left out, back, joining (one line each).
    pub events: Vec<String>,
    /// Times the picture was rebuilt from the start to take in late data.
    pub rebuilds: usize,
    /// Launches exercise control's injects added, scored after the scenario's (the run's
    /// writers need them with the scenario's).
    pub injected: Vec<vigil_sim::scenario::model::Launch>,
}

/// Why a centre stopped.
#[derive(Debug, thiserror::Error)]
pub enum CentreError {
    /// The bus failed.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// Scoring could not fly the truth.
    #[error(transparent)]
    Truth(#[from] TruthError),
    /// A stream ended before its origin's last message.
    #[error("network {0:?} stopped publishing before the end of the run")]
    Ended(String),
}

/// Per origin: what has come and what waits for release.
#[derive(Debug, Default)]
struct Origin {
    /// Scenario index of the network.
    network: usize,
    /// What it shares with this architecture.
    level: Option<ShareLevel>,
    /// Highest message number seen per kind.
    seen: [u64; 6],
    /// Watermark of its perception messages, s.
    to_s: f64,
    /// Whether its last perception and score messages came.
    finished: [bool; 2],
    /// Waiting for release, in time order.
    pending: Release,
    /// Its sensors' summaries.
    sensors: Vec<crate::message::SummaryMsg>,
    /// Whether the centre waits for it (its watermark counts).
    counted: bool,
    /// Whether a perception message of it has come.
    joined: bool,
    /// Whether the centre may go on without it until it appears.
    optional: bool,
    /// When it was last heard from.
    heard: Option<std::time::Instant>,
    /// Whether it was left out after going silent.
    left_out: bool,
    /// When it was left out.
    left_at: Option<std::time::Instant>,
}

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Detections => 0,
        Kind::Tracks => 1,
        Kind::Alerts => 2,
        Kind::Score => 3,
        Kind::Picture => 4,
        Kind::Control => 5,
    }
}

/// Runs architecture `o.architecture`'s integration centre to the run's end and scores it.
/// Perception reads `bus` with the centre's own credentials; scoring data come from `scoring`
/// (exercise control's credentials: the centre's own may not read a partner's detections).
pub async fn run_centre<B: Bus>(
    bus: &B,
    scoring: &B,
    s: &Scenario,
    o: &CentreOptions,
) -> Result<(RunResult, CentreStats), CentreError> {
    let arch = &s.architectures[o.architecture];
    let codec = Codec { scenario: s };
    let mut origins: Vec<Origin> = arch
        .networks
        .iter()
        .map(|n| Origin {
            network: *n,
            level: Some(s.sharing[*n][o.architecture]),
            to_s: f64::NEG_INFINITY,
            optional: o.optional.contains(n),
            counted: !o.optional.contains(n),
            ..Origin::default()
        })
        .collect();
    let mut streams = Vec::new();
    for (i, origin) in origins.iter().enumerate() {
        let perception = match origin.level {
            Some(ShareLevel::Detections) => Kind::Detections,
            _ => Kind::Tracks,
        };
        for kind in [perception, Kind::Score] {
            let subject = Subject {
                exercise: o.exercise.clone(),
                origin: s.networks[origin.network].clone(),
                kind,
            };
            let from = if kind == Kind::Score { scoring } else { bus };
            let messages = from.subscribe(&subject).await?;
            streams.push(messages.map(move |m| (i, kind, m)).boxed());
        }
    }
    // Exercise control's stream, for the launches its injects add (origin index: none).
    if o.controlled {
        let messages = scoring.subscribe(&control_subject(&o.exercise)).await?;
        streams.push(
            messages
                .map(move |m| (usize::MAX, Kind::Control, m))
                .boxed(),
        );
    }
    let mut all = select_all(streams);
    // Launches injected, in order, and whether exercise control's last message came (every
    // inject comes before it).
    let mut injected = InjectedLaunches {
        scenario: s.clone(),
        done: !o.controlled,
    };
    let mut centre = FusionCentre::new(s, o.architecture);
    let mut picture = Picture {
        codec,
        exercise: &o.exercise,
        architecture: o.architecture,
        seq: 0,
    };
    let mut stats = CentreStats::default();
    let mut released_to = f64::NEG_INFINITY;
    // Everything released so far, to rebuild the picture when late data come.
    let mut history = Release::default();
    // Detections for scoring only (from networks sharing less than detections).
    let mut scored = Vec::new();
    let pending = |x: &Origin| !(x.finished[0] && x.finished[1]) && (!x.optional || x.joined);
    while origins.iter().any(pending) || !injected.done {
        let next = tokio::time::timeout(std::time::Duration::from_millis(250), all.next()).await;
        if let Ok(next) = next {
            let Some((i, kind, bytes)) = next else {
                let o = origins.iter().find(|x| pending(x));
                return Err(CentreError::Ended(
                    o.map_or_else(String::new, |x| s.networks[x.network].clone()),
                ));
            };
            let bytes = bytes?;
            if kind == Kind::Control {
                injected.take(&bytes);
                continue;
            }
            stats.messages += 1;
            stats.bytes += bytes.len();
            let origin = &mut origins[i];
            let name = &s.networks[origin.network];
            let e = match Envelope::decode(&bytes) {
                Ok(e) if e.exercise == o.exercise && &e.origin == name && e.body.kind() == kind => {
                    e
                }
                Ok(e) => {
                    stats.refused += 1;
                    eprintln!(
                        "vigil: bus: refused a message on {name}'s {} stream: it says exercise {:?}, origin {:?}, kind {}",
                        kind.as_str(),
                        e.exercise,
                        e.origin,
                        e.body.kind().as_str()
                    );
                    continue;
                }
                Err(err) => {
                    stats.refused += 1;
                    eprintln!(
                        "vigil: bus: refused a message on {name}'s {} stream: {err}",
                        kind.as_str()
                    );
                    continue;
                }
            };
            let k = kind_index(kind);
            if e.seq <= origin.seen[k] {
                stats.duplicates += 1;
                continue;
            }
            origin.seen[k] = e.seq;
            origin.heard = Some(std::time::Instant::now());
            if let Err(err) = take(
                &codec,
                s,
                o.architecture,
                origin,
                &mut scored,
                e,
                &mut stats,
            ) {
                stats.refused += 1;
                eprintln!("vigil: bus: refused a message from {name}: {err}");
                continue;
            }
        }
        // Partners silent too long are left out: the picture is degraded.
        for x in origins.iter_mut() {
            let silent = x
                .heard
                .is_some_and(|h| o.link_timeout.is_some_and(|t| h.elapsed() > t));
            if x.counted && x.joined && !x.finished[0] && silent {
                x.counted = false;
                x.left_out = true;
                x.left_at = Some(std::time::Instant::now());
                let line = format!(
                    "degraded at {released_to:.0} s: no data from network {:?} for {:.0} s; going on without it",
                    s.networks[x.network],
                    o.link_timeout.map_or(0.0, |t| t.as_secs_f64())
                );
                eprintln!("vigil: fusion: {line}");
                stats.events.push(line);
            }
        }
        // A partner back (or plugged in) that has caught up counts again; what it sent late is
        // taken in by rebuilding the picture from the start, in time order.
        for i in 0..origins.len() {
            let x = &origins[i];
            // Back means heard from again since it was left out, and caught up.
            let heard_since = x.heard.zip(x.left_at).is_some_and(|(h, l)| h > l);
            if x.counted || !x.joined || x.to_s < released_to || (x.left_out && !heard_since) {
                continue;
            }
            let line = format!(
                "network {:?} {} at {released_to:.0} s: picture rebuilt with its data from the start",
                s.networks[x.network],
                if x.left_out { "is back" } else { "joins" }
            );
            origins[i].counted = true;
            origins[i].left_out = false;
            if released_to > f64::NEG_INFINITY {
                history.append(release(&mut origins, released_to));
                centre = FusionCentre::new(s, o.architecture);
                centre.feed(history.clone());
                let (rows, alerts) = centre.picture();
                picture
                    .publish(bus, &origins, true, released_to, false, rows, alerts)
                    .await?;
                stats.rebuilds += 1;
            }
            eprintln!("vigil: fusion: {line}");
            stats.events.push(line);
        }
        // Release everything every counted partner has completed.
        let watermark = origins
            .iter()
            .filter(|x| x.counted)
            .map(|x| x.to_s)
            .fold(f64::INFINITY, f64::min);
        if watermark > released_to && watermark.is_finite() {
            released_to = watermark;
            let r = release(&mut origins, watermark);
            history.append(r.clone());
            let (rows, alerts) = centre.feed(r);
            picture
                .publish(bus, &origins, false, watermark, false, rows, alerts)
                .await?;
        }
    }
    let (rows, alerts) = centre.feed(release(&mut origins, f64::INFINITY));
    picture
        .publish(bus, &origins, false, s.duration_s, true, rows, alerts)
        .await?;
    centre.score_with(scored);
    stats.injected = injected.scenario.launches.split_off(s.launches.len());
    for l in &stats.injected {
        centre.add_launch(l.clone());
    }
    let mut sensors: Vec<Option<SensorSummary>> = vec![None; s.sensors.len()];
    for x in &origins {
        // Unknown sensors were refused with their message; none are left here.
        let _ = codec.place_summaries(&x.sensors, &mut sensors);
    }
    let launches = s.launches.len();
    let sensors = sensors
        .into_iter()
        .map(|x| {
            x.unwrap_or(SensorSummary {
                looks: 0,
                detections: 0,
                false_alarms: 0,
                first_detection_s: vec![None; launches],
            })
        })
        .collect();
    Ok((centre.finish(sensors)?, stats))
}

/// The centre's picture on the bus: `vigil.<exercise>.fusion-<architecture>.picture`.
struct Picture<'a> {
    codec: Codec<'a>,
    exercise: &'a str,
    architecture: usize,
    seq: u64,
}

impl Picture<'_> {
    /// Publishes what a release changed (or, rebuilt, the whole picture), saying which
    /// partners are missing from it.
    #[allow(clippy::too_many_arguments)]
    async fn publish<B: Bus>(
        &mut self,
        bus: &B,
        origins: &[Origin],
        rebuilt: bool,
        to_s: f64,
        last: bool,
        rows: Vec<vigil_sim::track::TrackRow>,
        alerts: Vec<(usize, vigil_warning::alerts::Alert, vigil_sensors::Truth)>,
    ) -> Result<(), BusError> {
        let s = self.codec.scenario;
        let id = &s.architectures[self.architecture].id;
        self.seq += 1;
        let e = Envelope {
            version: crate::message::VERSION,
            exercise: self.exercise.to_string(),
            simulated: true,
            origin: crate::centre_origin(id),
            seq: self.seq,
            to_s,
            last,
            wall_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
            sensors: Vec::new(),
            body: Body::Picture {
                architecture: id.clone(),
                degraded: origins
                    .iter()
                    .filter(|x| !x.counted && (x.joined || !x.optional))
                    .map(|x| s.networks[x.network].clone())
                    .collect(),
                rebuilt,
                tracks: rows.iter().map(|r| self.codec.track_state(r)).collect(),
                alerts: alerts
                    .iter()
                    .map(|(k, a, truth)| self.codec.alert(self.architecture, *k, a, *truth))
                    .collect(),
            },
        };
        let subject = Subject {
            exercise: self.exercise.to_string(),
            origin: crate::centre_origin(id),
            kind: Kind::Picture,
        };
        bus.publish(&subject, self.seq, e.encode()).await
    }
}

/// Takes one message of an origin: perception data wait for release, scoring data go to the
/// scorer.
fn take(
    codec: &Codec<'_>,
    s: &Scenario,
    architecture: usize,
    origin: &mut Origin,
    scored: &mut Vec<vigil_sensors::Detection>,
    e: Envelope,
    stats: &mut CentreStats,
) -> Result<(), DecodeError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    match e.body {
        Body::Detections { detections } => {
            let d = detections
                .iter()
                .map(|m| codec.to_detection(m))
                .collect::<Result<Vec<_>, _>>()?;
            origin.pending.detections.extend(d);
        }
        Body::Tracks {
            architectures,
            infrared,
        } => {
            let id = &s.architectures[architecture].id;
            for a in architectures.iter().filter(|a| &a.architecture == id) {
                for scan in &a.scans {
                    origin
                        .pending
                        .scans
                        .push(codec.to_scan(scan, origin.network)?);
                }
            }
            for m in &infrared {
                origin.pending.infrared.push(codec.to_detection(m)?);
            }
        }
        Body::Score {
            detections,
            sensors,
        } => {
            if origin.level != Some(ShareLevel::Detections) {
                let d = detections
                    .iter()
                    .map(|m| codec.to_detection(m))
                    .collect::<Result<Vec<_>, _>>()?;
                scored.extend(d);
            }
            origin.sensors.extend(sensors);
            origin.finished[1] |= e.last;
            return Ok(());
        }
        Body::Alerts { .. } | Body::Picture { .. } | Body::Clock { .. } | Body::Inject { .. } => {
            return Ok(());
        }
    }
    stats.delays_ms.push(now.saturating_sub(e.wall_ms));
    origin.joined = true;
    origin.to_s = origin.to_s.max(e.to_s);
    origin.finished[0] |= e.last;
    Ok(())
}

/// The launches exercise control's injects add, for scoring.
struct InjectedLaunches {
    /// The scenario with them.
    scenario: Scenario,
    /// Whether exercise control's last message came.
    done: bool,
}

impl InjectedLaunches {
    /// Takes one message of exercise control's stream.
    fn take(&mut self, bytes: &[u8]) {
        let e = match Envelope::decode(bytes) {
            Ok(e) => e,
            Err(err) => {
                eprintln!("vigil: bus: refused a message on exercise control's stream: {err}");
                return;
            }
        };
        self.done |= e.last;
        let Body::Inject { number, inject } = e.body else {
            return;
        };
        // Checked by the console against the same scenario: an error here is a bad message.
        match vigil_live::inject::inputs(&inject, &self.scenario, 0.0, number) {
            Ok(inputs) => {
                for input in inputs {
                    if let vigil_sim::engine::Input::Launch(l) = input {
                        self.scenario.launches.push(*l);
                    }
                }
            }
            Err(err) => eprintln!("vigil: fusion: inject {number} refused: {err}"),
        }
    }
}

/// Takes every origin's data up to `t_s` (all of it at infinity).
fn release(origins: &mut [Origin], t_s: f64) -> Release {
    let mut r = Release::default();
    for x in origins {
        let p = &mut x.pending;
        let cut = p.detections.partition_point(|d| d.t_s <= t_s);
        r.detections.extend(p.detections.drain(..cut));
        let cut = p.scans.partition_point(|d| d.t_s <= t_s);
        r.scans.extend(p.scans.drain(..cut));
        let cut = p.infrared.partition_point(|d| d.t_s <= t_s);
        r.infrared.extend(p.infrared.drain(..cut));
    }
    r
}
