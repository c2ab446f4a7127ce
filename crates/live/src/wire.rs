//! The wire format: the JSON records of the event log and the WebSocket, and the snapshot.
//!
//! Every record is stored as a controller sees it; [`Body::for_operator`] removes what is
//! truth (launch events, injects, the truth tags of detections, tracks and alerts) before an
//! operator sees it. Units are in field names; positions are geodetic degrees and metres, or
//! Earth-fixed (ECEF) metres.

use serde::{Deserialize, Serialize};
use vigil_earth::{Ecef, Geodetic, Position};
use vigil_sensors::{Detection, Measurement, Truth};
use vigil_sim::engine::{Engine, Event};
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::ProfileSpec;
use vigil_warning::alerts::Alert;
use vigil_warning::discrimination::ObjectClass;
use vigil_warning::impact::ImpactPrediction;

/// Who is asking: operators see perception; controllers also see truth and drive the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sees the picture, acknowledges alerts.
    Operator,
    /// Also sees truth, injects and drives the clock.
    Controller,
}

impl Role {
    /// `operator` or `controller`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Controller => "controller",
        }
    }
}

/// One record of the log, as a controller sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Log sequence number: every record, strictly increasing from 1 (controllers' `seq`).
    pub seq: u64,
    /// Operators' sequence number (strictly increasing from 1, no gaps); None for records
    /// operators do not see.
    pub op_seq: Option<u64>,
    /// Simulation time, s after the epoch: the event's time; for an input, the time at
    /// which it was applied.
    pub sim_time_s: f64,
    /// Wall time of the record, ms since the Unix epoch.
    pub wall_ms: i64,
    /// What happened.
    pub body: Body,
}

impl Record {
    /// The message `role` receives for this record (None: the role does not see it): its
    /// `seq` is the role's sequence number.
    pub fn message(&self, role: Role) -> Option<Message> {
        let (seq, body) = match role {
            Role::Controller => (self.seq, self.body.clone()),
            Role::Operator => (self.op_seq?, self.body.for_operator()?),
        };
        Some(Message {
            seq,
            sim_time_s: self.sim_time_s,
            wall_ms: self.wall_ms,
            body,
        })
    }

    /// The role's sequence number of this record, if the role sees it.
    pub fn seq_for(&self, role: Role) -> Option<u64> {
        match role {
            Role::Controller => Some(self.seq),
            Role::Operator => self.op_seq,
        }
    }
}

/// A record as sent to a client: `{"seq": …, "sim_time_s": …, "wall_ms": …, "type": …, …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The receiving role's sequence number.
    pub seq: u64,
    /// Simulation time, s.
    pub sim_time_s: f64,
    /// Wall time, ms since the Unix epoch.
    pub wall_ms: i64,
    /// What happened.
    #[serde(flatten)]
    pub body: Body,
}

/// What a record says, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    /// Truth: a launch lifts off (controllers only).
    Launch(LaunchEvent),
    /// A sensor's detection.
    Detection(DetectionEvent),
    /// A track update of an architecture.
    Track(TrackEvent),
    /// An alert of an architecture.
    Alert(AlertEvent),
    /// Input: an inject applied to the engine (controllers only).
    Inject(InjectRecord),
    /// An MSEL event refused when its time came (controllers only).
    MselRefused(MselRefusal),
    /// Input: a clock command, with the clock's state after it.
    Clock(ClockRecord),
    /// Input: an alert acknowledged.
    Ack(AckRecord),
    /// The simulation reached the end of the scenario.
    End,
}

impl Body {
    /// What an operator may see of it: no truth.
    pub fn for_operator(&self) -> Option<Body> {
        let mut b = self.clone();
        match &mut b {
            Body::Launch(_) | Body::Inject(_) | Body::MselRefused(_) => return None,
            Body::Detection(d) => d.truth = None,
            Body::Track(t) => t.truth = None,
            Body::Alert(a) => a.truth = None,
            Body::Clock(_) | Body::Ack(_) | Body::End => {}
        }
        Some(b)
    }

    /// Whether operators see it at all.
    pub fn operators_see(&self) -> bool {
        !matches!(
            self,
            Body::Launch(_) | Body::Inject(_) | Body::MselRefused(_)
        )
    }

    /// The wire form of an event of `engine` (its scenario holds the launches injected so
    /// far, and it names its phantoms).
    pub fn of_event(engine: &Engine, e: &Event) -> Body {
        let s = engine.scenario();
        match e {
            Event::Launch { t_s, launch } => {
                let l = &s.launches[*launch as usize];
                Body::Launch(LaunchEvent {
                    t_s: *t_s,
                    launch: l.id.clone(),
                    missile: l.class.id.clone(),
                    from: LatLon::of(&l.from),
                    to: LatLon::of(&l.to),
                })
            }
            Event::Detection(d) => Body::Detection(DetectionEvent::new(s, d, engine)),
            Event::Track { architecture, row } => {
                let arch = &s.architectures[*architecture];
                let r = Position::<Ecef>::new(row.state[0], row.state[1], row.state[2]);
                let g = Geodetic::from_ecef(&r);
                Body::Track(TrackEvent {
                    t_s: row.t_s,
                    architecture: arch.id.clone(),
                    track: row.track_id,
                    status: row.status.as_str().into(),
                    ecef_m: [row.state[0], row.state[1], row.state[2]],
                    ecef_velocity_mps: [row.state[3], row.state[4], row.state[5]],
                    sigma: row.sigma,
                    lat_deg: g.lat_deg(),
                    lon_deg: g.lon_deg(),
                    alt_m: g.h_m,
                    phase: row.phase.as_str().into(),
                    ballistic: row.ballistic,
                    sensor: sensor_id(s, row.sensor),
                    rcs_m2: row.rcs.map(|r| r.m2()),
                    object: row.object.as_str().into(),
                    truth: Some(truth_label(engine, row.truth)),
                })
            }
            Event::Alert {
                architecture,
                index,
                alert,
                truth,
            } => Body::Alert(AlertEvent::new(
                engine,
                *architecture,
                *index,
                alert,
                *truth,
            )),
        }
    }
}

/// A point on the ground, degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatLon {
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
}

impl LatLon {
    fn of(g: &Geodetic) -> Self {
        Self {
            lat_deg: g.lat_deg(),
            lon_deg: g.lon_deg(),
        }
    }
}

/// Truth: a launch lifting off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaunchEvent {
    /// Launch time, s.
    pub t_s: f64,
    /// Launch id.
    pub launch: String,
    /// Missile class id.
    pub missile: String,
    /// Launch point.
    pub from: LatLon,
    /// Aim point.
    pub to: LatLon,
}

/// A sensor's detection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetectionEvent {
    /// Time, s.
    pub t_s: f64,
    /// Sensor id.
    pub sensor: String,
    /// Network id.
    pub network: String,
    /// Signal-to-noise ratio, dB.
    pub snr_db: f64,
    /// A radar plot (radar detections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radar: Option<RadarPlot>,
    /// An infrared line of sight (infrared detections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_of_sight: Option<LineOfSight>,
    /// Truth (controllers only): `<launch>/<object>` or `false-alarm` (injected false
    /// events are false alarms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truth: Option<String>,
}

/// A radar plot: the measurement and the point it puts on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RadarPlot {
    /// Slant range, m.
    pub range_m: f64,
    /// Azimuth, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Elevation, degrees.
    pub elevation_deg: f64,
    /// Range rate, m/s, if measured.
    pub range_rate_mps: Option<f64>,
    /// The plot's latitude, degrees.
    pub lat_deg: f64,
    /// The plot's longitude, degrees.
    pub lon_deg: f64,
    /// The plot's height, m.
    pub alt_m: f64,
}

/// An infrared line of sight (Earth-fixed angles).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LineOfSight {
    /// α = atan2(u_y, u_x), degrees.
    pub alpha_deg: f64,
    /// δ = asin(u_z), degrees.
    pub delta_deg: f64,
    /// The satellite's position, ECEF m.
    pub observer_ecef_m: [f64; 3],
}

impl DetectionEvent {
    fn new(s: &Scenario, d: &Detection, engine: &Engine) -> Self {
        let (radar, line_of_sight) = match d.measurement {
            Measurement::Radar {
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                ..
            } => {
                let g = Geodetic::from_ecef(&Position::<Ecef>::from_vector(
                    d.measurement.ecef_vector(),
                ));
                let plot = RadarPlot {
                    range_m,
                    azimuth_deg: azimuth_rad.to_degrees(),
                    elevation_deg: elevation_rad.to_degrees(),
                    range_rate_mps,
                    lat_deg: g.lat_deg(),
                    lon_deg: g.lon_deg(),
                    alt_m: g.h_m,
                };
                (Some(plot), None)
            }
            Measurement::LineOfSight {
                observer,
                alpha_rad,
                delta_rad,
                ..
            } => {
                let o = observer.vector();
                let los = LineOfSight {
                    alpha_deg: alpha_rad.to_degrees(),
                    delta_deg: delta_rad.to_degrees(),
                    observer_ecef_m: [o.x, o.y, o.z],
                };
                (None, Some(los))
            }
        };
        Self {
            t_s: d.t_s,
            sensor: sensor_id(s, d.tag.sensor),
            network: s
                .networks
                .get(d.tag.network as usize)
                .cloned()
                .unwrap_or_default(),
            snr_db: d.snr_db,
            radar,
            line_of_sight,
            truth: Some(truth_label(engine, d.truth)),
        }
    }
}

/// A track update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackEvent {
    /// Time, s.
    pub t_s: f64,
    /// Architecture id.
    pub architecture: String,
    /// Track id within the architecture.
    pub track: u64,
    /// `tentative` or `confirmed`.
    pub status: String,
    /// Position, ECEF m.
    pub ecef_m: [f64; 3],
    /// Velocity, ECEF m/s.
    pub ecef_velocity_mps: [f64; 3],
    /// Standard deviations of the six components, m and m/s.
    pub sigma: [f64; 6],
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    /// Height, m.
    pub alt_m: f64,
    /// `boost`, `ballistic` or `reentry`.
    pub phase: String,
    /// Whether the estimator judges it in ballistic flight.
    pub ballistic: bool,
    /// The sensor of the detection behind the update.
    pub sensor: String,
    /// Estimated radar cross-section, m².
    pub rcs_m2: Option<f64>,
    /// `stage`, `reentry-vehicle` or `unknown`.
    pub object: String,
    /// Truth (controllers only) of the detection behind the update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truth: Option<String>,
}

/// An alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertEvent {
    /// `<architecture>:<index>`, the id to acknowledge it with.
    pub id: String,
    /// Time, s.
    pub t_s: f64,
    /// Architecture id.
    pub architecture: String,
    /// Its index among the architecture's alerts.
    pub index: usize,
    /// `launch-detected`, `track-confirmed`, `impact-predicted`, `updated`, `cancelled`.
    pub kind: String,
    /// The track it is about.
    pub track: Option<u64>,
    /// Ids of the sensors it rests on.
    pub sensors: Vec<String>,
    /// Defended area named.
    pub area: Option<String>,
    /// Probability of impact in that area.
    pub probability: f64,
    /// Estimated launch area.
    pub launch_area: Option<LatLon>,
    /// Coarse azimuth of flight, degrees.
    pub azimuth_deg: Option<f64>,
    /// The impact prediction behind it.
    pub impact: Option<ImpactEvent>,
    /// What the track's object is believed to be: `reentry-vehicle`, `stage` or `unknown`
    /// (infrared alerts, and logs written before objects were judged).
    #[serde(default = "unknown_object")]
    pub object: String,
    /// Probability that the object is a stage; None for infrared alerts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_stage: Option<f64>,
    /// Truth (controllers only): the launch it is about, or `false-alarm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truth: Option<String>,
}

/// A predicted impact with its 95 % ellipse.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImpactEvent {
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    /// Impact time, s.
    pub t_s: f64,
    /// Standard deviation of the impact time, s.
    pub t_sigma_s: f64,
    /// 95 % ellipse semi-major axis, km.
    pub semi_major_km: f64,
    /// 95 % ellipse semi-minor axis, km.
    pub semi_minor_km: f64,
    /// Azimuth of the major axis, degrees clockwise from north.
    pub major_azimuth_deg: f64,
}

impl ImpactEvent {
    fn new(p: &ImpactPrediction) -> Self {
        let e = p.ellipse_95();
        Self {
            lat_deg: p.point.lat_deg(),
            lon_deg: p.point.lon_deg(),
            t_s: p.t_s,
            t_sigma_s: p.t_sigma_s,
            semi_major_km: e.semi_major_m / 1e3,
            semi_minor_km: e.semi_minor_m / 1e3,
            major_azimuth_deg: e.major_azimuth_rad.to_degrees(),
        }
    }
}

/// The id of alert `index` of architecture `architecture_id`.
pub fn alert_id(architecture_id: &str, index: usize) -> String {
    format!("{architecture_id}:{index}")
}

impl AlertEvent {
    fn new(engine: &Engine, architecture: usize, index: usize, a: &Alert, truth: Truth) -> Self {
        let s = engine.scenario();
        let arch = &s.architectures[architecture].id;
        Self {
            id: alert_id(arch, index),
            t_s: a.t_s,
            architecture: arch.clone(),
            index,
            kind: a.kind.name().into(),
            track: a.track,
            sensors: a.sensors.iter().map(|&k| sensor_id(s, k)).collect(),
            area: a
                .area
                .and_then(|i| s.defended_areas.get(i))
                .map(|d| d.id.clone()),
            probability: a.probability,
            launch_area: a.launch_point.as_ref().map(LatLon::of),
            azimuth_deg: a.azimuth_rad.map(f64::to_degrees),
            impact: a.impact.as_ref().map(ImpactEvent::new),
            object: a.object.as_str().into(),
            p_stage: a.p_stage,
            truth: Some(cause_label(engine, truth)),
        }
    }
}

fn unknown_object() -> String {
    ObjectClass::Unknown.as_str().into()
}

fn sensor_id(s: &Scenario, k: u32) -> String {
    s.sensors
        .get(k as usize)
        .map_or_else(|| k.to_string(), |x| x.id.clone())
}

/// A launch's id (`unknown` for an index the scenario does not have).
fn launch_label(s: &Scenario, launch: u32) -> String {
    s.launches
        .get(launch as usize)
        .map_or_else(|| "unknown".into(), |l| l.id.clone())
}

/// The truth of a detection or track update: `<launch id>/<object>`, `false-alarm`, or
/// `<phantom id>/<object>` (data staged by an inject).
fn truth_label(engine: &Engine, t: Truth) -> String {
    match t {
        Truth::Object { object, .. } | Truth::Phantom { object, .. } => {
            format!("{}/{object}", cause_label(engine, t))
        }
        Truth::FalseAlarm => "false-alarm".into(),
    }
}

/// What raised an alert: the launch id, `false-alarm`, or the phantom's id (`phantom-<n>`,
/// n the inject's number).
fn cause_label(engine: &Engine, t: Truth) -> String {
    match t {
        Truth::Object { launch, .. } => launch_label(engine.scenario(), launch),
        Truth::Phantom { phantom, .. } => engine
            .phantom_id(phantom)
            .map_or_else(|| "phantom".into(), str::to_owned),
        Truth::FalseAlarm => "false-alarm".into(),
    }
}

/// When an inject takes effect: a time in s after the epoch, or `"now"`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged, expecting = "a time in s after the epoch, or \"now\"")]
pub enum When {
    /// The current simulation time (the next whole second for a launch).
    Now(Now),
    /// Seconds after the epoch.
    At(f64),
}

/// The word `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Now {
    /// Now.
    Now,
}

/// An inject (body of `POST /api/injects`), tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inject {
    /// A launch added to the exercise.
    Launch {
        /// Launch id (default `inject-<n>`).
        #[serde(default)]
        id: Option<String>,
        /// Missile class: built in, or one of the scenario's.
        missile: String,
        /// Launch point.
        from: LatLon,
        /// Aim point.
        to: LatLon,
        /// Launch time.
        time: When,
        /// Trajectory profile.
        #[serde(default)]
        profile: ProfileSpec,
    },
    /// A sensor down from `start` for `duration_s` (to the end when absent).
    SensorOutage {
        /// Sensor id.
        sensor: String,
        /// Start.
        start: When,
        /// Duration, s.
        #[serde(default)]
        duration_s: Option<f64>,
    },
    /// A plume-like infrared event with no missile behind it: every infrared satellite sees
    /// the plume of a flight from `from` toward `to`, no radar sees anything.
    InfraredFalseEvent {
        /// Where the false plume appears.
        from: LatLon,
        /// Which way it seems to go.
        to: LatLon,
        /// When it starts.
        time: When,
        /// Missile class whose plume it looks like (default `icbm-generic`).
        #[serde(default = "default_missile")]
        missile: String,
    },
    /// A fabricated track in one network's radar picture: its radars see a flight from
    /// `from` to `to` that does not exist.
    SpuriousTrack {
        /// Network id.
        network: String,
        /// Where the fabricated flight starts.
        from: LatLon,
        /// Where it seems to go.
        to: LatLon,
        /// When it starts.
        time: When,
        /// Missile class it looks like (default `icbm-generic`).
        #[serde(default = "default_missile")]
        missile: String,
    },
    /// An architecture stops receiving a network's data from `start` for `duration_s`.
    LinkOutage {
        /// Architecture id.
        architecture: String,
        /// Network id, one of the architecture's.
        network: String,
        /// Start.
        start: When,
        /// Duration, s (to the end when absent).
        #[serde(default)]
        duration_s: Option<f64>,
    },
}

fn default_missile() -> String {
    "icbm-generic".into()
}

/// Input: an inject as applied (times resolved), with who made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InjectRecord {
    /// The inject, every time absolute.
    pub inject: Inject,
    /// The engine's time when it was applied, s (None: before the first step).
    pub engine_time_s: Option<f64>,
    /// Who made it.
    pub by: Role,
    /// The MSEL event it comes from (None: injected by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msel: Option<String>,
}

/// An MSEL event that could not be injected when its time came (e.g. a launch id a controller
/// had taken by hand), and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MselRefusal {
    /// MSEL event id.
    pub event: String,
    /// Why, for people.
    pub message: String,
}

/// Body of `POST /api/clock`: any of the three.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockCommand {
    /// Simulation seconds per wall second (0: as fast as possible).
    #[serde(default)]
    pub speed: Option<f64>,
    /// Pause or resume.
    #[serde(default)]
    pub paused: Option<bool>,
    /// Advance the simulation by this many seconds at once.
    #[serde(default)]
    pub step_s: Option<f64>,
    /// Replays only: go to this simulation time, s (every client gets a fresh snapshot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seek_s: Option<f64>,
}

/// Input: a clock command and the clock's state after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockRecord {
    /// The command.
    pub command: ClockCommand,
    /// Speed after it.
    pub speed: f64,
    /// Paused after it.
    pub paused: bool,
    /// Who gave it.
    pub by: Role,
}

/// Input: an alert acknowledged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AckRecord {
    /// The alert's id.
    pub alert: String,
    /// Who acknowledged it.
    pub by: Role,
}

/// The state of the exercise (`GET /api/state`, first WebSocket message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always `snapshot`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The role's sequence number of the last record included.
    pub seq: u64,
    /// Simulation time, s.
    pub sim_time_s: f64,
    /// Simulation seconds per wall second (0: as fast as possible).
    pub speed: f64,
    /// Whether the clock is paused.
    pub paused: bool,
    /// Whether the simulation reached the end of the scenario.
    pub ended: bool,
    /// Scenario name.
    pub scenario: String,
    /// Scenario epoch (UTC).
    pub epoch: String,
    /// Scenario duration, s.
    pub duration_s: f64,
    /// Sensors and whether they are up.
    pub sensors: Vec<SensorState>,
    /// The latest update of each track updated within the last [`crate::picture::TRACK_STALE_S`],
    /// with the latest impact prediction of its alerts.
    pub tracks: Vec<TrackState>,
    /// Every alert so far, with its acknowledgement.
    pub alerts: Vec<AlertState>,
    /// Truth (controllers only): launches so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launches: Option<Vec<LaunchEvent>>,
    /// Controllers only: injects so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injects: Option<Vec<InjectRecord>>,
    /// Controllers only, when the exercise has an MSEL: its events and which came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msel: Option<MselProgress>,
    /// A distributed exercise only (`vigil serve --bus`): the integration centre's picture and
    /// the partners, as the bus shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bus: Option<BusState>,
}

/// A distributed exercise as its console sees it on the bus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusState {
    /// Architecture whose integration centre's picture is shown.
    pub architecture: String,
    /// Simulation time the nodes may advance to (exercise control's clock), s.
    pub released_s: f64,
    /// Simulation time the centre's picture is complete to, s (None: no picture yet).
    pub picture_s: Option<f64>,
    /// Partners missing from the centre's picture (empty: complete).
    pub degraded: Vec<String>,
    /// Each partner network with the time its node has published up to.
    pub partners: Vec<PartnerState>,
}

/// A partner network's node as the bus shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerState {
    /// Network id.
    pub network: String,
    /// Simulation time its node has published everything up to, s (None: nothing yet).
    pub to_s: Option<f64>,
}

/// An MSEL's progress (controllers only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MselProgress {
    /// The MSEL's name.
    pub name: String,
    /// Its events in time order.
    pub events: Vec<MselEventState>,
    /// Each expectation's status so far (live exercises; empty in replays).
    #[serde(default)]
    pub scores: Vec<crate::msel::Score>,
}

/// One MSEL event and whether it came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MselEventState {
    /// Event id.
    pub id: String,
    /// Simulation time it is injected at, s.
    pub at_s: f64,
    /// What it stands for.
    pub title: String,
    /// The inject.
    pub inject: Inject,
    /// The responses expected, in the MSEL's words (scored by the after-action report).
    pub expect: Vec<String>,
    /// `pending`, `fired` or `refused`.
    pub status: String,
    /// Why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// A sensor in the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensorState {
    /// Sensor id.
    pub id: String,
    /// Network id.
    pub network: String,
    /// `radar` or `infrared`.
    pub kind: String,
    /// Whether it is up now (no outage inject in force).
    pub up: bool,
}

/// A track in the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackState {
    /// Its latest update.
    #[serde(flatten)]
    pub update: TrackEvent,
    /// The latest impact prediction of its alerts.
    pub impact: Option<ImpactEvent>,
}

/// An alert in the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertState {
    /// The alert.
    #[serde(flatten)]
    pub alert: AlertEvent,
    /// Who acknowledged it.
    pub acknowledged_by: Option<Role>,
    /// When, simulation s.
    pub acknowledged_at_s: Option<f64>,
    /// When, wall ms since the Unix epoch.
    pub acknowledged_wall_ms: Option<i64>,
}
