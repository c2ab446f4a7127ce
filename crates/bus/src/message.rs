//! The messages partners exchange, version 2: JSON, one envelope per message, its body one of
//! four kinds. JSON because every other Vigil file is JSON (the same serde types make the
//! JSON Schema, `docs/bus-schema.json`), any partner can read it without generated code, and
//! floats survive the round trip exactly (shortest representation, parsed back bit for bit).
//!
//! Units are SI (s, m, rad, dB), positions Earth-fixed (ECEF), times seconds after the
//! scenario's epoch. Sensors are named by their scenario ids. Truth tags ride along for the
//! exercise's scoring only: perception code never reads them (DESIGN.md, rule 1).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use vigil_earth::{Ecef, Position};
use vigil_sensors::{Detection, Measurement, SensorTag, Truth};
use vigil_sim::detect::SensorSummary;
use vigil_sim::fusion::{LocalScan, TrackCopy, UpdateSource};
use vigil_sim::scenario::Scenario;
use vigil_tracking::Gaussian;
use vigil_tracking::estimator::ImmState;
use vigil_warning::alerts::Alert;

/// The schema version this build writes and reads.
pub const VERSION: u32 = 3;

/// What a message carries (the last token of its subject).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A network's detections.
    Detections,
    /// A network's local track reports and infrared lines of sight.
    Tracks,
    /// A network's own alerts.
    Alerts,
    /// Exercise control: what scoring needs (detections of networks that share less, sensor
    /// summaries). Read by the scorer, never by perception.
    Score,
    /// An integration centre's picture: fused track updates and alerts, degraded or not.
    Picture,
    /// Exercise control (the controller of `vigil serve --bus`): the clock and the injects,
    /// in the order given, on `vigil.<exercise>.control.control`.
    Control,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [
        Kind::Detections,
        Kind::Tracks,
        Kind::Alerts,
        Kind::Score,
        Kind::Picture,
        Kind::Control,
    ];

    /// The name in subjects: `detections`, `tracks`, `alerts`, `score`, `picture`, `control`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Detections => "detections",
            Kind::Tracks => "tracks",
            Kind::Alerts => "alerts",
            Kind::Score => "score",
            Kind::Picture => "picture",
            Kind::Control => "control",
        }
    }
}

/// One message: who sent it, which span of simulation time it completes, and what it carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Schema version ([`VERSION`]).
    pub version: u32,
    /// Exercise id: every process of one exercise uses the same.
    pub exercise: String,
    /// Always true: simulated data, never real sensor data.
    pub simulated: bool,
    /// Id of the network that sent it.
    pub origin: String,
    /// Its number among the origin's messages of its kind, from 1. A message with a number
    /// already seen is a duplicate (a restarted node re-sending) and is dropped.
    pub seq: u64,
    /// The origin has sent everything of this kind up to this simulation time (the
    /// watermark), s after the epoch; the message covers the span since its previous one.
    pub to_s: f64,
    /// Whether this is the origin's last message of its kind (the run's end).
    pub last: bool,
    /// Wall-clock time of publication, ms since the Unix epoch (for latency only).
    pub wall_ms: u64,
    /// The sensors whose data it carries, with their phenomenology.
    pub sensors: Vec<SensorRef>,
    /// The content.
    pub body: Body,
}

/// A contributing sensor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensorRef {
    /// Scenario id.
    pub id: String,
    /// `radar` or `infrared`.
    pub phenomenology: String,
}

/// The content of a message, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Body {
    /// Detections, in time order.
    Detections {
        /// The detections.
        detections: Vec<DetectionMsg>,
    },
    /// Local track reports, per track-fusion architecture, and the infrared lines of sight.
    Tracks {
        /// Per architecture: its scans, in order.
        architectures: Vec<ArchitectureScans>,
        /// Infrared lines of sight (they make no tracks), in time order.
        infrared: Vec<DetectionMsg>,
    },
    /// Alerts of the network's own architectures.
    Alerts {
        /// The alerts, in time order.
        alerts: Vec<AlertMsg>,
    },
    /// An integration centre's picture since its previous message (after a rebuild: every
    /// track's latest state and every alert).
    Picture {
        /// Architecture id.
        architecture: String,
        /// Partners whose data are missing from it (empty: complete).
        degraded: Vec<String>,
        /// Whether the picture was rebuilt from the start (late data taken in).
        rebuilt: bool,
        /// Fused track updates, in time order.
        tracks: Vec<TrackStateMsg>,
        /// Alerts raised, in time order.
        alerts: Vec<AlertMsg>,
    },
    /// For scoring only.
    Score {
        /// Detections not carried by a `detections` message, in time order.
        detections: Vec<DetectionMsg>,
        /// The network's sensors' summaries (last message only).
        sensors: Vec<SummaryMsg>,
    },
    /// Exercise control's clock: nodes run by it (`vigil node --clock bus`) may advance to the
    /// envelope's `to_s`, no further; `last` when that is the end of the run.
    Clock {
        /// Simulation seconds per wall second the controller runs at (0: as fast as the
        /// slowest node allows; for display).
        speed: f64,
        /// Whether the controller's clock is paused.
        paused: bool,
    },
    /// An inject of exercise control, every time in it absolute and not before the `to_s`
    /// of the clock messages before it (so no node has passed it). Each node applies what
    /// concerns it: launches and phantoms every node, a sensor's outage the sensor's own; a
    /// centre run with `--controlled` scores the launches.
    Inject {
        /// Its number among the exercise's injects, from 1 (names phantoms `phantom-<n>` and
        /// launches without an id `inject-<n>`).
        number: usize,
        /// The inject, as `POST /api/injects` of the console takes it (see the console's
        /// `openapi.json`), with `"now"` resolved to times.
        #[schemars(with = "serde_json::Value")]
        inject: vigil_live::wire::Inject,
    },
}

impl Body {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Body::Detections { .. } => Kind::Detections,
            Body::Tracks { .. } => Kind::Tracks,
            Body::Alerts { .. } => Kind::Alerts,
            Body::Score { .. } => Kind::Score,
            Body::Picture { .. } => Kind::Picture,
            Body::Clock { .. } | Body::Inject { .. } => Kind::Control,
        }
    }
}

/// A detection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectionMsg {
    /// Time, s after the epoch.
    pub t_s: f64,
    /// Sensor id.
    pub sensor: String,
    /// What was measured.
    pub measurement: MeasurementMsg,
    /// Signal-to-noise ratio, dB.
    pub snr_db: f64,
    /// Radar cross-section the plot measured, m² (radar plots).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcs_m2: Option<f64>,
    /// What caused it: scoring only.
    pub truth: TruthMsg,
}

/// A measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum MeasurementMsg {
    /// A radar plot.
    Radar {
        /// Site, ECEF, m.
        site_m: [f64; 3],
        /// Slant range, m.
        range_m: f64,
        /// Azimuth, rad clockwise from north.
        azimuth_rad: f64,
        /// Elevation, rad.
        elevation_rad: f64,
        /// Range rate, m/s (positive receding), if measured.
        range_rate_mps: Option<f64>,
        /// Standard deviation of range, m.
        sigma_range_m: f64,
        /// Standard deviation of each angle, rad.
        sigma_angle_rad: f64,
        /// Standard deviation of range rate, m/s.
        sigma_range_rate_mps: Option<f64>,
    },
    /// An infrared line of sight.
    LineOfSight {
        /// Observer, ECEF, m.
        observer_m: [f64; 3],
        /// α = atan2(u_y, u_x) of the Earth-fixed direction, rad.
        alpha_rad: f64,
        /// δ = asin(u_z), rad.
        delta_rad: f64,
        /// Angular standard deviation, rad.
        sigma_rad: f64,
    },
}

/// Truth behind data (scoring only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TruthMsg {
    /// A real object: launch and object index.
    Object {
        /// Launch index.
        launch: u32,
        /// Object index within the launch.
        object: u32,
    },
    /// A false alarm.
    FalseAlarm,
    /// Staged data (an exercise's phantom).
    Phantom {
        /// Phantom index.
        phantom: u32,
        /// Object index within its flight.
        object: u32,
    },
}

/// One architecture's scan reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureScans {
    /// Architecture id.
    pub architecture: String,
    /// Its scans, in order.
    pub scans: Vec<ScanMsg>,
}

/// What one scan of a network's tracker changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanMsg {
    /// Sensor id of the scan.
    pub sensor: String,
    /// Time of the scan, s.
    pub t_s: f64,
    /// Shareable tracks new or changed.
    pub changed: Vec<TrackMsg>,
    /// Local ids deleted.
    pub deleted: Vec<u64>,
    /// Updates of shareable tracks, in order.
    pub updates: Vec<UpdateMsg>,
}

/// A local track's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackMsg {
    /// Local id.
    pub id: u64,
    /// Confirmed by its tracker.
    pub confirmed: bool,
    /// Updates so far.
    pub hits: u32,
    /// Time of the estimate, s.
    pub t_s: f64,
    /// Combined estimate, ECEF [r, v] (m, m/s).
    pub estimate: GaussianMsg,
    /// Mode-matched estimates: boost, heavy coast, light coast.
    pub modes: [GaussianMsg; 3],
    /// Their probabilities.
    pub probability: [f64; 3],
}

/// A Gaussian of the 6-state ECEF [r, v].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GaussianMsg {
    /// Mean (m, m/s).
    pub mean: [f64; 6],
    /// Covariance, row-major 6×6.
    pub cov: Vec<f64>,
}

/// The detection behind a track update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMsg {
    /// Local track id.
    pub track_id: u64,
    /// Sensor id.
    pub sensor: String,
    /// Radar cross-section the detection measured, m² (radar plots).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcs_m2: Option<f64>,
    /// Truth (scoring only).
    pub truth: TruthMsg,
}

/// An alert of a network's own architecture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertMsg {
    /// Architecture id.
    pub architecture: String,
    /// Time, s.
    pub t_s: f64,
    /// `launch`, `launch-assessed`, `threat`, … (as in alerts.csv).
    pub alert: String,
    /// Defended area id named.
    pub area: Option<String>,
    /// Predicted impact latitude, degrees.
    pub impact_lat_deg: Option<f64>,
    /// Predicted impact longitude, degrees.
    pub impact_lon_deg: Option<f64>,
    /// Predicted impact time, s.
    pub impact_t_s: Option<f64>,
    /// Standard deviation of the impact time, s.
    pub impact_t_sigma_s: Option<f64>,
    /// The impact's 95 % ellipse: semi-major axis, km.
    pub ellipse_semi_major_km: Option<f64>,
    /// Semi-minor axis, km.
    pub ellipse_semi_minor_km: Option<f64>,
    /// Azimuth of the major axis, degrees clockwise from north.
    pub ellipse_azimuth_deg: Option<f64>,
    /// Estimated launch point latitude, degrees (infrared launch alerts).
    pub launch_lat_deg: Option<f64>,
    /// Estimated launch point longitude, degrees.
    pub launch_lon_deg: Option<f64>,
    /// Launch azimuth, degrees clockwise from north.
    pub azimuth_deg: Option<f64>,
    /// The track it is about (the architecture's id of it).
    pub track: Option<u64>,
    /// Its index among the architecture's alerts.
    pub index: usize,
    /// Sensors behind it (ids).
    pub sensors: Vec<String>,
    /// Probability of the named threat.
    pub probability: f64,
    /// What the track's object is believed to be: `reentry-vehicle`, `stage` or `unknown`
    /// (always `unknown` for infrared alerts).
    pub object: String,
    /// Probability that the object is a stage; None for infrared alerts.
    pub p_stage: Option<f64>,
    /// Truth (scoring only).
    pub truth: TruthMsg,
}

/// A fused track's state at an update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackStateMsg {
    /// Fused track id.
    pub track_id: u64,
    /// Time, s.
    pub t_s: f64,
    /// `tentative` or `confirmed`.
    pub status: String,
    /// ECEF position, m.
    pub position_m: [f64; 3],
    /// ECEF velocity, m/s.
    pub velocity_mps: [f64; 3],
    /// Standard deviations of the six components (m, m/s).
    pub sigma: [f64; 6],
    /// Flight phase: `boost`, `ballistic`, `reentry`.
    pub phase: String,
}

/// A sensor's summary at the run's end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryMsg {
    /// Sensor id.
    pub sensor: String,
    /// Looks taken.
    pub looks: usize,
    /// Detections, false alarms included.
    pub detections: usize,
    /// False alarms.
    pub false_alarms: usize,
    /// First detection of each launch, s.
    pub first_detection_s: Vec<Option<f64>>,
}

/// Why a message was refused.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// A version this build does not read.
    #[error("message version {0} is not supported (this build reads version {VERSION})")]
    Version(u64),
    /// Not a valid message.
    #[error("malformed message: {0}")]
    Malformed(#[from] serde_json::Error),
    /// A sensor or architecture id the scenario does not have.
    #[error("unknown {what} {id:?}")]
    Unknown {
        /// `sensor` or `architecture`.
        what: &'static str,
        /// The id.
        id: String,
    },
}

impl Envelope {
    /// The message as JSON bytes.
    pub fn encode(&self) -> Vec<u8> {
        // Cannot fail: every field serialises (non-finite floats become null).
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a message, refusing other versions before anything else.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        #[derive(Deserialize)]
        struct Version {
            version: u64,
        }
        let v: Version = serde_json::from_slice(bytes)?;
        if v.version != u64::from(VERSION) {
            return Err(DecodeError::Version(v.version));
        }
        Ok(serde_json::from_slice(bytes)?)
    }
}

/// Conversions between the engine's types and messages, by the scenario's ids.
#[derive(Debug, Clone, Copy)]
pub struct Codec<'a> {
    /// The scenario all partners load.
    pub scenario: &'a Scenario,
}

impl<'a> Codec<'a> {
    fn sensor_id(&self, i: u32) -> String {
        self.scenario
            .sensors
            .get(i as usize)
            .map_or_else(|| format!("#{i}"), |s| s.id.clone())
    }

    fn sensor_index(&self, id: &str) -> Result<u32, DecodeError> {
        self.scenario
            .sensors
            .iter()
            .position(|s| s.id == id)
            .map(|i| i as u32)
            .ok_or_else(|| DecodeError::Unknown {
                what: "sensor",
                id: id.to_string(),
            })
    }

    /// The reference of sensor `i` with its phenomenology.
    pub fn sensor_ref(&self, i: u32) -> SensorRef {
        let phenomenology = match self.scenario.sensors.get(i as usize).map(|s| &s.kind) {
            Some(vigil_sim::scenario::SensorKind::Infrared(_)) => "infrared",
            _ => "radar",
        };
        SensorRef {
            id: self.sensor_id(i),
            phenomenology: phenomenology.to_string(),
        }
    }

    /// A detection as a message.
    pub fn detection(&self, d: &Detection) -> DetectionMsg {
        DetectionMsg {
            t_s: d.t_s,
            sensor: self.sensor_id(d.tag.sensor),
            measurement: match d.measurement {
                Measurement::Radar {
                    site,
                    range_m,
                    azimuth_rad,
                    elevation_rad,
                    range_rate_mps,
                    sigma_range_m,
                    sigma_angle_rad,
                    sigma_range_rate_mps,
                } => MeasurementMsg::Radar {
                    site_m: site.to_array(),
                    range_m,
                    azimuth_rad,
                    elevation_rad,
                    range_rate_mps,
                    sigma_range_m,
                    sigma_angle_rad,
                    sigma_range_rate_mps,
                },
                Measurement::LineOfSight {
                    observer,
                    alpha_rad,
                    delta_rad,
                    sigma_rad,
                } => MeasurementMsg::LineOfSight {
                    observer_m: observer.to_array(),
                    alpha_rad,
                    delta_rad,
                    sigma_rad,
                },
            },
            snr_db: d.snr_db,
            rcs_m2: d.rcs_m2,
            truth: d.truth.into(),
        }
    }

    /// A message as a detection.
    pub fn to_detection(&self, m: &DetectionMsg) -> Result<Detection, DecodeError> {
        let sensor = self.sensor_index(&m.sensor)?;
        let network = self.scenario.sensors[sensor as usize].network as u32;
        let measurement = match m.measurement {
            MeasurementMsg::Radar {
                site_m,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                sigma_range_m,
                sigma_angle_rad,
                sigma_range_rate_mps,
            } => Measurement::Radar {
                site: Position::<Ecef>::new(site_m[0], site_m[1], site_m[2]),
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                sigma_range_m,
                sigma_angle_rad,
                sigma_range_rate_mps,
            },
            MeasurementMsg::LineOfSight {
                observer_m,
                alpha_rad,
                delta_rad,
                sigma_rad,
            } => Measurement::LineOfSight {
                observer: Position::<Ecef>::new(observer_m[0], observer_m[1], observer_m[2]),
                alpha_rad,
                delta_rad,
                sigma_rad,
            },
        };
        Ok(Detection {
            t_s: m.t_s,
            tag: SensorTag { sensor, network },
            measurement,
            snr_db: m.snr_db,
            rcs_m2: m.rcs_m2,
            truth: m.truth.into(),
        })
    }

    /// A scan report as a message.
    pub fn scan(&self, s: &LocalScan) -> ScanMsg {
        ScanMsg {
            sensor: self.sensor_id(s.sensor),
            t_s: s.t_s,
            changed: s.changed.iter().map(track_msg).collect(),
            deleted: s.deleted.clone(),
            updates: s
                .updates
                .iter()
                .map(|u| UpdateMsg {
                    track_id: u.track_id,
                    sensor: self.sensor_id(u.sensor),
                    rcs_m2: u.rcs_m2,
                    truth: u.truth.into(),
                })
                .collect(),
        }
    }

    /// A message as the scan report of network `network` (scenario index).
    pub fn to_scan(&self, m: &ScanMsg, network: usize) -> Result<LocalScan, DecodeError> {
        Ok(LocalScan {
            network,
            sensor: self.sensor_index(&m.sensor)?,
            t_s: m.t_s,
            changed: m.changed.iter().map(track_copy).collect(),
            deleted: m.deleted.clone(),
            updates: m
                .updates
                .iter()
                .map(|u| {
                    Ok(UpdateSource {
                        track_id: u.track_id,
                        sensor: self.sensor_index(&u.sensor)?,
                        rcs_m2: u.rcs_m2,
                        truth: u.truth.into(),
                    })
                })
                .collect::<Result<_, DecodeError>>()?,
        })
    }

    /// Alert number `index` of architecture `architecture` as a message.
    pub fn alert(&self, architecture: usize, index: usize, a: &Alert, truth: Truth) -> AlertMsg {
        let s = self.scenario;
        let ellipse = a.impact.as_ref().map(|i| i.ellipse_95());
        AlertMsg {
            architecture: s
                .architectures
                .get(architecture)
                .map_or_else(String::new, |x| x.id.clone()),
            t_s: a.t_s,
            alert: a.kind.name().to_string(),
            area: a
                .area
                .and_then(|k| s.defended_areas.get(k))
                .map(|d| d.id.clone()),
            impact_lat_deg: a.impact.as_ref().map(|i| i.point.lat_rad.to_degrees()),
            impact_lon_deg: a.impact.as_ref().map(|i| i.point.lon_rad.to_degrees()),
            impact_t_s: a.impact.as_ref().map(|i| i.t_s),
            impact_t_sigma_s: a.impact.as_ref().map(|i| i.t_sigma_s),
            ellipse_semi_major_km: ellipse.map(|e| e.semi_major_m / 1e3),
            ellipse_semi_minor_km: ellipse.map(|e| e.semi_minor_m / 1e3),
            ellipse_azimuth_deg: ellipse.map(|e| e.major_azimuth_rad.to_degrees()),
            launch_lat_deg: a.launch_point.map(|p| p.lat_rad.to_degrees()),
            launch_lon_deg: a.launch_point.map(|p| p.lon_rad.to_degrees()),
            azimuth_deg: a.azimuth_rad.map(f64::to_degrees),
            track: a.track,
            index,
            sensors: a.sensors.iter().map(|k| self.sensor_id(*k)).collect(),
            probability: a.probability,
            object: a.object.as_str().to_string(),
            p_stage: a.p_stage,
            truth: truth.into(),
        }
    }

    /// A fused track update as a message.
    pub fn track_state(&self, r: &vigil_sim::track::TrackRow) -> TrackStateMsg {
        TrackStateMsg {
            track_id: r.track_id,
            t_s: r.t_s,
            status: r.status.as_str().to_string(),
            position_m: [r.state[0], r.state[1], r.state[2]],
            velocity_mps: [r.state[3], r.state[4], r.state[5]],
            sigma: r.sigma,
            phase: r.phase.as_str().to_string(),
        }
    }

    /// Sensor summaries (scenario order) of network `network`'s sensors as messages.
    pub fn summaries(&self, all: &[SensorSummary], network: usize) -> Vec<SummaryMsg> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| {
                self.scenario
                    .sensors
                    .get(*i)
                    .is_some_and(|s| s.network == network)
            })
            .map(|(i, x)| SummaryMsg {
                sensor: self.sensor_id(i as u32),
                looks: x.looks,
                detections: x.detections,
                false_alarms: x.false_alarms,
                first_detection_s: x.first_detection_s.clone(),
            })
            .collect()
    }

    /// Puts summaries from messages into their places (scenario order).
    pub fn place_summaries(
        &self,
        m: &[SummaryMsg],
        into: &mut [Option<SensorSummary>],
    ) -> Result<(), DecodeError> {
        for x in m {
            let i = self.sensor_index(&x.sensor)? as usize;
            if let Some(slot) = into.get_mut(i) {
                *slot = Some(SensorSummary {
                    looks: x.looks,
                    detections: x.detections,
                    false_alarms: x.false_alarms,
                    first_detection_s: x.first_detection_s.clone(),
                });
            }
        }
        Ok(())
    }
}

fn gaussian_msg(g: &Gaussian<6>) -> GaussianMsg {
    GaussianMsg {
        mean: std::array::from_fn(|i| g.mean[i]),
        cov: (0..36).map(|k| g.cov[(k / 6, k % 6)]).collect(),
    }
}

fn gaussian(m: &GaussianMsg) -> Gaussian<6> {
    // Built field by field, not by `Gaussian::new`, which would re-symmetrise: the copy must
    // be the sender's estimate bit for bit. A short covariance reads as zeros (and fails the
    // fusion's validity checks) rather than panicking.
    Gaussian {
        mean: nalgebra::SVector::<f64, 6>::from_column_slice(&m.mean),
        cov: nalgebra::SMatrix::<f64, 6, 6>::from_fn(|r, c| {
            m.cov.get(r * 6 + c).copied().unwrap_or(0.0)
        }),
    }
}

fn track_msg(c: &TrackCopy) -> TrackMsg {
    TrackMsg {
        id: c.id,
        confirmed: c.confirmed,
        hits: c.hits,
        t_s: c.t_s,
        estimate: gaussian_msg(&c.estimate),
        modes: c.state.modes.each_ref().map(gaussian_msg),
        probability: c.state.probability,
    }
}

fn track_copy(m: &TrackMsg) -> TrackCopy {
    TrackCopy {
        id: m.id,
        confirmed: m.confirmed,
        hits: m.hits,
        t_s: m.t_s,
        estimate: gaussian(&m.estimate),
        state: ImmState {
            modes: m.modes.each_ref().map(gaussian),
            probability: m.probability,
        },
    }
}

impl From<Truth> for TruthMsg {
    fn from(t: Truth) -> Self {
        match t {
            Truth::Object { launch, object } => TruthMsg::Object { launch, object },
            Truth::FalseAlarm => TruthMsg::FalseAlarm,
            Truth::Phantom { phantom, object } => TruthMsg::Phantom { phantom, object },
        }
    }
}

impl From<TruthMsg> for Truth {
    fn from(t: TruthMsg) -> Self {
        match t {
            TruthMsg::Object { launch, object } => Truth::Object { launch, object },
            TruthMsg::FalseAlarm => Truth::FalseAlarm,
            TruthMsg::Phantom { phantom, object } => Truth::Phantom { phantom, object },
        }
    }
}
