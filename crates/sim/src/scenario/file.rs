//! The scenario file format (TOML). Units are in the field names; every field is documented
//! so that `vigil schema` gives editors completion and hover help.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use vigil_flight::vehicle::MissileClass;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// What, when, and the random seed.
    pub scenario: Header,
    /// Sensor networks (e.g. two partners' radar networks).
    #[serde(default)]
    pub network: Vec<NetworkSpec>,
    /// Sensors, each in one network.
    #[serde(default)]
    pub sensor: Vec<SensorSpec>,
    /// Missile classes beyond the built-in ones (same fields).
    #[serde(default)]
    pub missile: Vec<MissileClass>,
    /// Launches.
    #[serde(default)]
    pub launch: Vec<LaunchSpec>,
    /// Areas whose warning matters.
    #[serde(default)]
    pub defended_area: Vec<DefendedAreaSpec>,
    /// Architectures to compare: which networks, fused how.
    #[serde(default)]
    pub architecture: Vec<ArchitectureSpec>,
    /// False events that look real, drawn per run (none unless given).
    #[serde(default)]
    pub false_events: FalseEventsSpec,
}

/// The `[false_events]` table: data with no missile behind them, drawn per run from the
/// scenario seed (Poisson counts, uniform times), each seen by one sensor or network only and
/// scored as false. Rates are illustrative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct FalseEventsSpec {
    /// Sunlight glints on high cloud per infrared satellite-hour: a stationary plume-like
    /// source just above the satellite's cloud tops, lasting 10–60 s, seen by that satellite
    /// only — no motion of a booster.
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub infrared_per_satellite_hour: f64,
    /// Fabricated radar tracks per network-hour: a copy of one of the scenario's launches (a
    /// ballistic flight onto its target) at a random time, seen by that network's radars only.
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub radar_tracks_per_network_hour: f64,
}

impl FalseEventsSpec {
    /// Whether any false event is drawn.
    pub fn any(&self) -> bool {
        self.infrared_per_satellite_hour > 0.0 || self.radar_tracks_per_network_hour > 0.0
    }
}

/// The `[scenario]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Name of the scenario. It also names the default output folder `vigil-out/<name>/`, made
    /// one plain folder name: characters outside A–Z a–z 0–9 _ . - become `-`.
    pub name: String,
    /// A sentence or two on what the scenario is for.
    #[serde(default)]
    pub description: String,
    /// Time origin, UTC, ISO 8601 (e.g. "2026-01-01T00:00:00Z"); all `_s` times count from it.
    pub epoch: String,
    /// Seed of every random draw (runs, sensors and objects get their own streams).
    pub seed: u64,
    /// Length of the simulated span, s.
    #[schemars(range(min = 1.0, max = 86400.0))]
    pub duration_s: f64,
}

/// A `[[network]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// Identifier, unique among networks (1–64 characters from A–Z a–z 0–9 _ . -, not
    /// starting with `.` or `-`: ids name files and fill CSV cells).
    pub id: String,
    /// Readable name.
    #[serde(default)]
    pub name: String,
    /// What the network shares with the integration centres of the architectures it is part
    /// of: one level for all (default `"detections"`), or a table naming architectures, with
    /// an optional `default` key (e.g. `{ default = "tracks", integrated = "detections" }`).
    #[serde(default)]
    pub share: Option<ShareSpec>,
}

/// How much of its picture a network gives a partner, from most to least.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ShareLevel {
    /// Alerts only.
    Alerts,
    /// Local tracks (with the infrared lines of sight, which make no tracks) and alerts.
    Tracks,
    /// Every detection, tracks and alerts.
    Detections,
}

impl ShareLevel {
    /// The name in files and on the bus: `alerts`, `tracks`, `detections`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareLevel::Alerts => "alerts",
            ShareLevel::Tracks => "tracks",
            ShareLevel::Detections => "detections",
        }
    }
}

/// A network's `share`: one level for every partner, or per architecture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ShareSpec {
    /// The same level for every architecture.
    All(ShareLevel),
    /// Per architecture id, with `default` for the others.
    Per(std::collections::BTreeMap<String, ShareLevel>),
}

/// A geodetic point in degrees and metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointSpec {
    /// Geodetic latitude, degrees.
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat_deg: f64,
    /// Longitude, degrees.
    #[schemars(range(min = -180.0, max = 360.0))]
    pub lon_deg: f64,
    /// Height above the WGS-84 ellipsoid, m.
    #[serde(default)]
    #[schemars(range(min = -500.0, max = 10000.0))]
    pub alt_m: f64,
}

/// A `[[sensor]]`: its kind decides the other fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SensorSpec {
    /// A ground phased-array radar.
    Radar(RadarSpec),
    /// A space-based infrared satellite.
    Infrared(InfraredSpec),
}

impl SensorSpec {
    /// The sensor's id.
    pub fn id(&self) -> &str {
        match self {
            SensorSpec::Radar(r) => &r.id,
            SensorSpec::Infrared(i) => &i.id,
        }
    }
    /// The sensor's network id.
    pub fn network(&self) -> &str {
        match self {
            SensorSpec::Radar(r) => &r.network,
            SensorSpec::Infrared(i) => &i.network,
        }
    }
}

/// A radar (`kind = "radar"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RadarSpec {
    /// Identifier, unique among sensors (1–64 characters from A–Z a–z 0–9 _ . -, not
    /// starting with `.` or `-`: ids name files and fill CSV cells).
    pub id: String,
    /// The network it belongs to.
    pub network: String,
    /// Antenna site.
    pub site: PointSpec,
    /// Antenna faces.
    pub faces: Vec<FaceSpec>,
    /// Instrumented range, km.
    #[schemars(range(min = 1.0, max = 50000.0))]
    pub max_range_km: f64,
    /// Radar-equation reference: `snr_db` for `rcs_m2` at `range_km` (SNR ∝ σ/R⁴).
    pub reference: ReferenceSpec,
    /// Probability of false alarm per resolution cell.
    #[serde(default = "default_pfa")]
    #[schemars(range(min = 1e-15, max = 0.1))]
    pub pfa: f64,
    /// Swerling case of the targets' fluctuation: 0, 1, 2, 3 or 4.
    #[serde(default = "default_swerling")]
    #[schemars(range(min = 0, max = 4))]
    pub swerling: u8,
    /// Pulses integrated non-coherently per look.
    #[serde(default = "default_pulses")]
    #[schemars(range(min = 1, max = 1000))]
    pub pulses: u32,
    /// Time between looks of each face, s.
    #[schemars(range(min = 0.01, max = 3600.0))]
    pub revisit_s: f64,
    /// Measurement noise.
    pub noise: RadarNoiseSpec,
    /// Effective-Earth-radius factor for refraction: 4/3 standard, 1 for a geometric line of sight.
    #[serde(default = "default_refraction_k")]
    #[schemars(range(min = 1.0, max = 4.0))]
    pub refraction_k: f64,
    /// Resolution: closer objects merge into one detection.
    #[serde(default)]
    pub resolution: ResolutionSpec,
    /// Mean false alarms per face look; absent: Pfa × resolution cells of the face's volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 10000.0))]
    pub false_alarms_per_look: Option<f64>,
    /// Probability that the sensor is out for a whole Monte Carlo run.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub outage_probability: f64,
    /// How the radar searches when an infrared launch event of its architecture cues it;
    /// absent: it is never cued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<CueSpec>,
}

/// A radar's cued search: longer looks in a low-elevation fence across the sector where an
/// infrared launch event predicts the missile will rise, for a while.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CueSpec {
    /// SNR gain of a cued look over a search look (a longer dwell), dB.
    #[schemars(range(min = 0.0, max = 30.0))]
    pub dwell_gain_db: f64,
    /// Time between cued looks, s.
    #[schemars(range(min = 0.1, max = 3600.0))]
    pub revisit_s: f64,
    /// Height of the fence above each face's lowest elevation, degrees.
    #[serde(default = "default_fence")]
    #[schemars(range(min = 0.1, max = 90.0))]
    pub fence_deg: f64,
    /// Azimuth margin each side of the bearings of the predicted ground track, degrees.
    #[serde(default = "default_cue_margin")]
    #[schemars(range(min = 0.0, max = 90.0))]
    pub margin_deg: f64,
    /// From the launch event's azimuth to the first cued look (later if the missile cannot
    /// have come within the radar's range by then, at 8 km/s over the ground), s.
    #[serde(default = "default_cue_latency")]
    #[schemars(range(min = 0.0, max = 600.0))]
    pub latency_s: f64,
    /// How long a cue lasts, s.
    #[serde(default = "default_cue_window")]
    #[schemars(range(min = 1.0, max = 7200.0))]
    pub window_s: f64,
    /// Most of a face's time the cued looks may take (dwell gain × cued volume / face volume
    /// × search revisit / cued revisit); a cue that would need more looks less often.
    #[serde(default = "default_cue_share")]
    #[schemars(range(min = 0.01, max = 1.0))]
    pub max_time_share: f64,
}

/// One antenna face.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaceSpec {
    /// Boresight azimuth, degrees clockwise from north.
    #[schemars(range(min = -360.0, max = 360.0))]
    pub boresight_az_deg: f64,
    /// Half-width of the azimuth sector, degrees.
    #[schemars(range(min = 0.0, max = 180.0))]
    pub half_width_az_deg: f64,
    /// Lowest elevation (through the refracting atmosphere), degrees.
    #[schemars(range(min = -5.0, max = 90.0))]
    pub min_el_deg: f64,
    /// Highest elevation, degrees.
    #[schemars(range(min = -5.0, max = 90.0))]
    pub max_el_deg: f64,
    /// Time of the face's first look, s (scan phase; defaults spread the faces over the revisit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 3600.0))]
    pub scan_phase_s: Option<f64>,
    /// Tilt of the array's normal above the horizon, degrees; when given, SNR falls with the
    /// scan angle off the normal as cos² (scan loss). Absent: no scan loss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 90.0))]
    pub tilt_deg: Option<f64>,
}

/// The radar-equation reference point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSpec {
    /// Range of the reference, km.
    #[schemars(range(min = 1.0, max = 50000.0))]
    pub range_km: f64,
    /// RCS of the reference target, m².
    #[schemars(range(min = 1e-6, max = 1e4))]
    pub rcs_m2: f64,
    /// SNR of the reference target at the reference range, dB.
    #[schemars(range(min = -30.0, max = 80.0))]
    pub snr_db: f64,
}

/// Radar measurement noise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RadarNoiseSpec {
    /// Range standard deviation, m.
    #[schemars(range(min = 0.0, max = 100000.0))]
    pub range_m: f64,
    /// Angle standard deviation, mrad (ignored when `beamwidth_deg` is given).
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub angle_mrad: f64,
    /// Beamwidth, degrees: angle σ = beamwidth/√(2·SNR) instead of `angle_mrad`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.01, max = 30.0))]
    pub beamwidth_deg: Option<f64>,
    /// Range-rate standard deviation, m/s; absent: range rate is not measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 10000.0))]
    pub range_rate_mps: Option<f64>,
}

/// Radar resolution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionSpec {
    /// Range resolution, m.
    #[schemars(range(min = 0.1, max = 100000.0))]
    pub range_m: f64,
    /// Angle resolution, mrad.
    #[schemars(range(min = 0.001, max = 1000.0))]
    pub angle_mrad: f64,
}

impl Default for ResolutionSpec {
    fn default() -> Self {
        Self {
            range_m: 150.0,
            angle_mrad: 20.0,
        }
    }
}

/// An infrared satellite (`kind = "infrared"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InfraredSpec {
    /// Identifier, unique among sensors (1–64 characters from A–Z a–z 0–9 _ . -, not
    /// starting with `.` or `-`: ids name files and fill CSV cells).
    pub id: String,
    /// The network it belongs to.
    pub network: String,
    /// The orbit.
    pub orbit: OrbitSpec,
    /// Time between looks at a point (scan period), s.
    #[schemars(range(min = 0.01, max = 3600.0))]
    pub revisit_s: f64,
    /// Noise-equivalent irradiance, W/m².
    #[serde(default = "default_nei")]
    #[schemars(range(min = 1e-20, max = 1e-3))]
    pub nei_w_m2: f64,
    /// Probability of false alarm per look and target cell.
    #[serde(default = "default_pfa")]
    #[schemars(range(min = 1e-15, max = 0.1))]
    pub pfa: f64,
    /// Line-of-sight angular noise, µrad.
    #[serde(default = "default_los_noise")]
    #[schemars(range(min = 0.0, max = 100000.0))]
    pub los_noise_urad: f64,
    /// Plumes below this height are hidden by clouds, km.
    #[serde(default = "default_min_target_alt")]
    #[schemars(range(min = 0.0, max = 100.0))]
    pub min_target_alt_km: f64,
    /// Lines of sight grazing below this height are blocked by the atmosphere's limb, km.
    #[serde(default = "default_limb_alt")]
    #[schemars(range(min = 0.0, max = 500.0))]
    pub limb_alt_km: f64,
    /// Half-angle of the field of regard about nadir, degrees (absent: the whole visible Earth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 90.0))]
    pub field_of_regard_deg: Option<f64>,
    /// Time of the first look, s.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 3600.0))]
    pub phase_s: f64,
    /// Probability that the satellite is out for a whole Monte Carlo run.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub outage_probability: f64,
}

/// A satellite orbit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum OrbitSpec {
    /// Geostationary over a longitude.
    Geo {
        /// Sub-satellite longitude, degrees.
        #[schemars(range(min = -180.0, max = 360.0))]
        lon_deg: f64,
    },
    /// Molniya (12 h, 63.4°, apogee over the northern hemisphere).
    Molniya {
        /// Longitude of the apogee's sub-satellite point, degrees.
        #[schemars(range(min = -180.0, max = 360.0))]
        apogee_lon_deg: f64,
        /// Time of an apogee, s after the epoch.
        #[serde(default)]
        apogee_time_s: f64,
    },
    /// Tundra (24 h, 63.4°).
    Tundra {
        /// Longitude of the apogee's sub-satellite point, degrees.
        #[schemars(range(min = -180.0, max = 360.0))]
        apogee_lon_deg: f64,
        /// Time of an apogee, s after the epoch.
        #[serde(default)]
        apogee_time_s: f64,
    },
    /// Classical elements at the epoch (LEO or any other).
    Elements {
        /// Semi-major axis, km.
        #[schemars(range(min = 6378.0, max = 1000000.0))]
        a_km: f64,
        /// Eccentricity.
        #[schemars(range(min = 0.0, max = 0.99))]
        e: f64,
        /// Inclination, degrees.
        #[schemars(range(min = 0.0, max = 180.0))]
        i_deg: f64,
        /// Right ascension of the ascending node, degrees.
        raan_deg: f64,
        /// Argument of perigee, degrees.
        argp_deg: f64,
        /// Mean anomaly at the epoch, degrees.
        mean_anomaly_deg: f64,
    },
}

/// A `[[launch]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LaunchSpec {
    /// Identifier, unique among launches (1–64 characters from A–Z a–z 0–9 _ . -, not
    /// starting with `.` or `-`: ids name files and fill CSV cells).
    pub id: String,
    /// Missile class: built-in (`icbm-generic`, `slbm-generic`, `irbm-generic`) or a `[[missile]]`.
    pub missile: String,
    /// Launch point.
    pub from: PointSpec,
    /// Aim point.
    pub to: PointSpec,
    /// Launch time, s after the epoch.
    #[schemars(range(min = 0.0, max = 86400.0))]
    pub time_s: f64,
    /// Trajectory profile.
    #[serde(default)]
    pub profile: ProfileSpec,
    /// Apogee for a lofted or depressed profile, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 50.0, max = 10000.0))]
    pub apogee_km: Option<f64>,
    /// Flight-path angle at burnout for a lofted or depressed profile, degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.5, max = 89.5))]
    pub gamma_deg: Option<f64>,
    /// Fixed time of flight, s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 60.0, max = 10000.0))]
    pub tof_s: Option<f64>,
    /// Monte Carlo: the launch time varies uniformly within ± this, s.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 3600.0))]
    pub time_jitter_s: f64,
    /// Monte Carlo: the launch point varies uniformly within a disc of this radius, km.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 3000.0))]
    pub from_radius_km: f64,
    /// Monte Carlo: the aim point varies uniformly within a disc of this radius, km.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 3000.0))]
    pub to_radius_km: f64,
    /// Monte Carlo: the reentry vehicle's ballistic coefficient varies uniformly within
    /// ± this fraction of the class value.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 0.9))]
    pub rv_beta_spread: f64,
    /// Monte Carlo: the reentry vehicle's radar cross-section varies uniformly within ± this
    /// fraction of the class value.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 0.9))]
    pub rv_rcs_spread: f64,
    /// Monte Carlo: the plume's radiant intensity varies uniformly within ± this fraction of
    /// the class value.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 0.9))]
    pub plume_spread: f64,
}

/// Trajectory profile of a launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileSpec {
    /// Least energy.
    #[default]
    MinEnergy,
    /// Steeper than minimum energy.
    Lofted,
    /// Flatter than minimum energy.
    Depressed,
}

/// A `[[defended_area]]`: a circle (`center`, `radius_km`) or a polygon (`polygon`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefendedAreaSpec {
    /// Identifier, unique among defended areas (1–64 characters from A–Z a–z 0–9 _ . -, not
    /// starting with `.` or `-`: ids name files and fill CSV cells).
    pub id: String,
    /// Centre of a circular area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center: Option<PointSpec>,
    /// Radius of a circular area, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.1, max = 5000.0))]
    pub radius_km: Option<f64>,
    /// Vertices of a polygonal area (at least 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polygon: Option<Vec<PointSpec>>,
}

/// An `[[architecture]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureSpec {
    /// Identifier, unique among architectures (1–64 characters from A–Z a–z 0–9 _ . -, not
    /// starting with `.` or `-`: ids name files and fill CSV cells).
    pub id: String,
    /// The networks whose sensors it uses.
    pub networks: Vec<String>,
    /// How their data are combined: all detections into one tracker, or per-network trackers
    /// whose tracks are fused.
    #[serde(default)]
    pub fusion: FusionSpec,
    /// Tuning of its trackers (every field optional).
    #[serde(default)]
    pub tracker: TrackerSpec,
    /// Its warning doctrine: which alert level may announce what (every field optional).
    #[serde(default)]
    pub warning: WarningSpec,
}

/// An architecture's warning doctrine. The alert ladder: *event* (one phenomenology: an
/// infrared launch detection, or a radar track confirmed), *assessment* (a radar track whose
/// launch, flown back, agrees with an infrared launch event within the gates), *warning* (an
/// impact predicted for a defended area or region).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WarningSpec {
    /// Warn only of tracks an infrared launch event corroborates (no single-phenomenology
    /// warning). Needs infrared sensors in the architecture's networks.
    pub dual_phenomenology: bool,
    /// Distance gate between a track's launch flown back (ballistically: it lands downrange of
    /// the true launch point by the boost's ground distance) and an infrared event's first
    /// place, km.
    #[schemars(range(min = 10.0, max = 5000.0))]
    pub corroboration_km: f64,
    /// Time gate between a track's launch time flown back and an infrared event's first look, s.
    #[schemars(range(min = 1.0, max = 3600.0))]
    pub corroboration_s: f64,
    /// Its infrared launch events cue its radars that have a `cue` (any network's satellites,
    /// any network's radars of the architecture).
    pub cueing: bool,
}

impl Default for WarningSpec {
    fn default() -> Self {
        Self {
            dual_phenomenology: false,
            corroboration_km: 800.0,
            corroboration_s: 300.0,
            cueing: true,
        }
    }
}

/// Tuning of an architecture's trackers: boost/ballistic IMM, gating, M-of-N confirmation,
/// deletion, two-point initiation. Every field is optional; the defaults are Vigil's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TrackerSpec {
    /// Process noise of the ballistic model (white-acceleration spectral density), m²/s³.
    #[schemars(range(min = 0.0, max = 1.0e6))]
    pub ballistic_q_m2_s3: f64,
    /// Process noise of the boost model, m²/s³.
    #[schemars(range(min = 0.0, max = 1.0e8))]
    pub boost_q_m2_s3: f64,
    /// Thrust acceleration the boost model expects, m/s².
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub boost_thrust_mps2: f64,
    /// Mean time in boost before the IMM expects ballistic flight, s.
    #[schemars(range(min = 1.0, max = 10000.0))]
    pub boost_sojourn_s: f64,
    /// Probability that a true measurement falls inside the gate.
    #[schemars(range(min = 0.5, max = 0.999999999))]
    pub gate_probability: f64,
    /// Confirmation: this many hits …
    #[schemars(range(min = 1, max = 100))]
    pub confirm_m: u32,
    /// … within the first this many scans of the track's sensor.
    #[schemars(range(min = 1, max = 100))]
    pub confirm_n: u32,
    /// Delete a confirmed track after this long without an update, s.
    #[schemars(range(min = 1.0, max = 3600.0))]
    pub max_coast_s: f64,
    /// Delete a track whose largest position standard deviation exceeds this, km.
    #[schemars(range(min = 0.1, max = 10000.0))]
    pub max_position_sigma_km: f64,
    /// Probability of detection association assumes.
    #[schemars(range(min = 0.01, max = 1.0))]
    pub pd: f64,
    /// Clutter density association assumes, per unit measurement volume.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub clutter_density: f64,
    /// Two-point initiation: fastest object to pair detections for, km/s.
    #[schemars(range(min = 0.1, max = 20.0))]
    pub max_speed_kmps: f64,
    /// Two-point initiation: oldest unpaired detection kept, s.
    #[schemars(range(min = 1.0, max = 3600.0))]
    pub max_pair_age_s: f64,
    /// Estimate each coasting object's ballistic coefficient from its deceleration (a bank of
    /// two coast modes, heavy and light); false: both coast in vacuum, as trackers that ignore
    /// drag do.
    pub beta_estimation: bool,
    /// β of the heavy coast mode (reentry vehicles), kg/m².
    #[schemars(range(min = 1.0, max = 1.0e6))]
    pub heavy_beta_kg_m2: f64,
    /// β of the light coast mode (stages), kg/m².
    #[schemars(range(min = 1.0, max = 1.0e6))]
    pub light_beta_kg_m2: f64,
    /// Relative standard deviation of the drag the coast modes cannot know (the spread of true
    /// β about each mode's), for their process noise in the air.
    #[schemars(range(min = 0.0, max = 10.0))]
    pub beta_spread: f64,
}

impl Default for TrackerSpec {
    fn default() -> Self {
        Self {
            ballistic_q_m2_s3: 1.0,
            boost_q_m2_s3: 2_000.0,
            boost_thrust_mps2: 30.0,
            boost_sojourn_s: 200.0,
            gate_probability: 0.9999,
            confirm_m: 3,
            confirm_n: 5,
            max_coast_s: 60.0,
            max_position_sigma_km: 50.0,
            pd: 0.9,
            clutter_density: 1e-7,
            max_speed_kmps: 9.0,
            max_pair_age_s: 35.0,
            beta_estimation: true,
            heavy_beta_kg_m2: 4_000.0,
            light_beta_kg_m2: 300.0,
            beta_spread: 0.35,
        }
    }
}

/// Fusion of an architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FusionSpec {
    /// One tracker for all detections.
    #[default]
    Central,
    /// A tracker per network, then track-to-track fusion.
    Track,
}

fn default_pfa() -> f64 {
    1e-6
}
fn default_swerling() -> u8 {
    1
}
fn default_pulses() -> u32 {
    1
}
fn default_refraction_k() -> f64 {
    4.0 / 3.0
}
fn default_nei() -> f64 {
    5e-12
}
fn default_los_noise() -> f64 {
    50.0
}
fn default_min_target_alt() -> f64 {
    10.0
}
fn default_limb_alt() -> f64 {
    50.0
}
fn default_fence() -> f64 {
    10.0
}
fn default_cue_margin() -> f64 {
    5.0
}
fn default_cue_latency() -> f64 {
    5.0
}
fn default_cue_window() -> f64 {
    600.0
}
fn default_cue_share() -> f64 {
    0.3
}
