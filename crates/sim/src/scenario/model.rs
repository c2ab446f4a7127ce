//! The typed, SI scenario the runner uses, built from a checked file.

use super::check::{Key, Problem, parse, span_of};
use super::file::{
    ArchitectureSpec, DefendedAreaSpec, FalseEventsSpec, FusionSpec, InfraredSpec, LaunchSpec,
    OrbitSpec, PointSpec, ProfileSpec, RadarSpec, ScenarioFile, SensorSpec, ShareLevel, ShareSpec,
    TrackerSpec, WarningSpec,
};
use hifitime::Epoch;
use vigil_earth::Geodetic;
use vigil_earth::rotation::{EarthRotation, parse_utc};
use vigil_earth::topocentric::Site;
use vigil_flight::targeting::{Constraint, Profile};
use vigil_flight::vehicle::{MissileClass, builtin_classes};
use vigil_sensors::detection::Swerling;
use vigil_sensors::horizon::Refraction;
use vigil_sensors::infrared::InfraredSatellite;
use vigil_sensors::orbit::{Elements, Orbit};
use vigil_sensors::radar::{CuedSearch, Face, FalseAlarms, Radar, RadarNoise};

/// A checked scenario, in SI units.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Time origin (UTC).
    pub epoch: Epoch,
    /// Earth orientation over the scenario.
    pub rotation: EarthRotation,
    /// Seed of all randomness.
    pub seed: u64,
    /// Simulated span, s.
    pub duration_s: f64,
    /// Network ids, in file order.
    pub networks: Vec<String>,
    /// What each network (file order) shares with each architecture (file order).
    pub sharing: Vec<Vec<ShareLevel>>,
    /// Sensors, in file order.
    pub sensors: Vec<SensorModel>,
    /// Launches, in file order.
    pub launches: Vec<Launch>,
    /// Defended areas, in file order.
    pub defended_areas: Vec<DefendedArea>,
    /// Architectures, in file order.
    pub architectures: Vec<Architecture>,
    /// False events drawn per run.
    pub false_events: FalseEventsSpec,
}

/// A sensor of the scenario.
#[derive(Debug, Clone)]
pub struct SensorModel {
    /// Id.
    pub id: String,
    /// Index of its network.
    pub network: usize,
    /// The sensor itself.
    pub kind: SensorKind,
    /// Probability that it is out for a whole Monte Carlo run.
    pub outage_probability: f64,
    /// Whether it works in this run (false: out for the run).
    pub active: bool,
    /// How a radar searches when cued (None: never cued; infrared satellites).
    pub cue: Option<RadarCue>,
}

/// A radar's cued search and when and where it applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarCue {
    /// The cued looks.
    pub search: CuedSearch,
    /// Azimuth margin each side of the predicted ground track's bearings, rad.
    pub margin_rad: f64,
    /// From the launch event's azimuth to the first cued look (later when the missile cannot
    /// be within range yet), s.
    pub latency_s: f64,
    /// How long a cue lasts, s.
    pub window_s: f64,
    /// Most of a face's time the cued looks may take: a cue that would need more looks
    /// less often.
    pub max_time_share: f64,
}

/// The two kinds of sensor.
#[derive(Debug, Clone)]
pub enum SensorKind {
    /// Ground radar.
    Radar(Radar),
    /// Infrared satellite.
    Infrared(InfraredSatellite),
}

/// A launch of the scenario.
#[derive(Debug, Clone)]
pub struct Launch {
    /// Id.
    pub id: String,
    /// Missile class.
    pub class: MissileClass,
    /// Launch point (height 0).
    pub from: Geodetic,
    /// Aim point.
    pub to: Geodetic,
    /// Launch time, s.
    pub time_s: f64,
    /// Profile.
    pub profile: Profile,
    /// Extra condition.
    pub constraint: Constraint,
    /// Monte Carlo: launch-time variation (± uniform), s.
    pub time_jitter_s: f64,
    /// Monte Carlo: radius of the launch-point disc, m.
    pub from_radius_m: f64,
    /// Monte Carlo: radius of the aim-point disc, m.
    pub to_radius_m: f64,
    /// Monte Carlo: bounds of the missile-class parameters.
    pub class_spread: ClassSpread,
}

/// Monte Carlo: relative bounds (± fraction of the class value, uniform) of the missile-class
/// parameters that decide what sensors see and how the RV re-enters.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClassSpread {
    /// Reentry-vehicle ballistic coefficient.
    pub rv_beta: f64,
    /// Reentry-vehicle radar cross-section.
    pub rv_rcs: f64,
    /// Plume radiant intensity.
    pub plume: f64,
}

impl ClassSpread {
    /// Whether any parameter varies.
    pub fn any(&self) -> bool {
        self.rv_beta > 0.0 || self.rv_rcs > 0.0 || self.plume > 0.0
    }
}

/// A defended area.
#[derive(Debug, Clone)]
pub struct DefendedArea {
    /// Id.
    pub id: String,
    /// Shape.
    pub shape: AreaShape,
}

/// Shape of a defended area.
#[derive(Debug, Clone)]
pub enum AreaShape {
    /// All points within `radius_m` (surface distance) of `center`.
    Circle {
        /// Centre.
        center: Geodetic,
        /// Radius, m.
        radius_m: f64,
    },
    /// A polygon (vertices in order).
    Polygon(Vec<Geodetic>),
}

/// An architecture: which networks, fused how.
#[derive(Debug, Clone)]
pub struct Architecture {
    /// Id.
    pub id: String,
    /// Indices of its networks.
    pub networks: Vec<usize>,
    /// Fusion.
    pub fusion: FusionSpec,
    /// Tuning of its trackers (scenario units: see [`TrackerSpec`]).
    pub tracker: TrackerSpec,
    /// Its warning doctrine (scenario units: see [`WarningSpec`]).
    pub warning: WarningSpec,
}

impl Scenario {
    /// Checks and builds a scenario from TOML text; every problem found is returned at once.
    pub fn from_toml(text: &str) -> Result<Self, Vec<Problem>> {
        Self::from_toml_budgets(text, false).map(|(s, _)| s)
    }

    /// [`from_toml`](Self::from_toml), but with `over_budget` the `budget` problems (more work
    /// than a run may take) do not refuse the scenario: they come back beside it, for a
    /// warning. The user's explicit choice to run past a budget (`vigil --over-budget`).
    pub fn from_toml_budgets(
        text: &str,
        over_budget: bool,
    ) -> Result<(Self, Vec<Problem>), Vec<Problem>> {
        let (parsed, mut problems) = parse(text);
        let Some((file, root)) = parsed else {
            return Err(problems);
        };
        let mut at = |path: &[Key], rule: &'static str, message: String| {
            problems.push(Problem {
                span: span_of(&root, path),
                rule,
                message,
            });
        };
        let scenario = build(&file, &mut at);
        let waived = |p: &Problem| over_budget && p.rule == "budget";
        if problems.iter().all(waived) {
            if let Some(s) = scenario {
                return Ok((s, problems));
            }
        }
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        problems.dedup();
        Err(problems)
    }
}

fn name(s: &str) -> Key {
    Key::Name(s.to_string())
}

fn point(p: &PointSpec) -> Geodetic {
    Geodetic {
        lat_rad: p.lat_deg.to_radians(),
        lon_rad: vigil_earth::geodetic::wrap_pi(p.lon_deg.to_radians()),
        h_m: p.alt_m,
    }
}

/// Builds the scenario, reporting problems of meaning through `at`.
fn build(f: &ScenarioFile, at: &mut impl FnMut(&[Key], &'static str, String)) -> Option<Scenario> {
    let epoch = match parse_utc(&f.scenario.epoch) {
        Ok(e) => Some(e),
        Err(e) => {
            at(&[name("scenario"), name("epoch")], "value", e.to_string());
            None
        }
    };
    let rotation = epoch.map_or_else(EarthRotation::aligned, EarthRotation::at_epoch);
    let networks: Vec<String> = f.network.iter().map(|n| n.id.clone()).collect();
    let network_index = |id: &str| networks.iter().position(|n| n == id);

    let mut classes = builtin_classes();
    let builtin: Vec<String> = classes.iter().map(|c| c.id.clone()).collect();
    for (i, m) in f.missile.iter().enumerate() {
        if builtin.contains(&m.id) {
            at(
                &[name("missile"), Key::Index(i), name("id")],
                "duplicate",
                format!("missile id {:?} is built in; choose another id", m.id),
            );
        }
        for p in m.problems() {
            at(&[name("missile"), Key::Index(i)], "value", p);
        }
        classes.push(m.clone());
    }

    let mut sensors = Vec::new();
    for (i, s) in f.sensor.iter().enumerate() {
        let here = [name("sensor"), Key::Index(i)];
        // Unknown networks are reported by the reference check.
        let network = network_index(s.network());
        let kind = match s {
            SensorSpec::Radar(r) => radar(r, &here, at).map(SensorKind::Radar),
            SensorSpec::Infrared(ir) => {
                infrared(ir, &rotation, &here, at).map(SensorKind::Infrared)
            }
        };
        if let (SensorSpec::Radar(spec), Some(SensorKind::Radar(r))) = (s, &kind) {
            false_alarm_budget(spec, r, f.scenario.duration_s, &here, at);
        }
        if let (Some(network), Some(kind)) = (network, kind) {
            let outage_probability = match s {
                SensorSpec::Radar(r) => r.outage_probability,
                SensorSpec::Infrared(i) => i.outage_probability,
            };
            let cue = match s {
                SensorSpec::Radar(r) => r.cue.map(|c| RadarCue {
                    search: CuedSearch {
                        dwell_gain_db: c.dwell_gain_db,
                        revisit_s: c.revisit_s,
                        fence_rad: c.fence_deg.to_radians(),
                    },
                    margin_rad: c.margin_deg.to_radians(),
                    latency_s: c.latency_s,
                    window_s: c.window_s,
                    max_time_share: c.max_time_share,
                }),
                SensorSpec::Infrared(_) => None,
            };
            sensors.push(SensorModel {
                id: s.id().to_string(),
                network,
                kind,
                outage_probability,
                active: true,
                cue,
            });
        }
    }

    let mut launches = Vec::new();
    for (i, l) in f.launch.iter().enumerate() {
        if let Some(x) = launch(
            l,
            &classes,
            f.scenario.duration_s,
            &[name("launch"), Key::Index(i)],
            at,
        ) {
            launches.push(x);
        }
    }
    let mut defended_areas = Vec::new();
    for (i, d) in f.defended_area.iter().enumerate() {
        if let Some(x) = area(d, &[name("defended_area"), Key::Index(i)], at) {
            defended_areas.push(x);
        }
    }
    let mut architectures = Vec::new();
    for (i, a) in f.architecture.iter().enumerate() {
        let here = [name("architecture"), Key::Index(i)];
        if let Some(x) = architecture(a, &networks, &here, at) {
            let infrared = sensors.iter().any(|s| {
                x.networks.contains(&s.network) && matches!(s.kind, SensorKind::Infrared(_))
            });
            if x.warning.dual_phenomenology && !infrared {
                at(
                    &with(&here, &[name("warning"), name("dual_phenomenology")]),
                    "value",
                    format!(
                        "architecture {:?} has no infrared sensor: under dual_phenomenology it could never warn",
                        x.id
                    ),
                );
            }
            let t = &x.tracker;
            let heavy = vigil_warning::discrimination::HEAVY_BETA_KG_M2;
            if t.beta_estimation && !(t.heavy_beta_kg_m2 >= heavy && t.light_beta_kg_m2 < heavy) {
                at(
                    &with(&here, &[name("tracker"), name("heavy_beta_kg_m2")]),
                    "value",
                    format!(
                        "architecture {:?}: the β bank needs heavy_beta_kg_m2 ≥ {heavy} > light_beta_kg_m2 (reentry vehicles from {heavy} kg/m² up, stages below), not {} and {}",
                        x.id, t.heavy_beta_kg_m2, t.light_beta_kg_m2
                    ),
                );
            }
            architectures.push(x);
        }
    }
    let sharing = sharing(f, &architectures, at);
    Some(Scenario {
        name: f.scenario.name.clone(),
        description: f.scenario.description.clone(),
        epoch: epoch?,
        rotation,
        seed: f.scenario.seed,
        duration_s: f.scenario.duration_s,
        networks,
        sharing,
        sensors,
        launches,
        defended_areas,
        architectures,
        false_events: f.false_events,
    })
}

/// What each network shares with each architecture, checked against what the architecture's
/// fusion needs from a partner: detections for central fusion, tracks for track fusion
/// (single-network architectures need nothing shared).
fn sharing(
    f: &ScenarioFile,
    architectures: &[Architecture],
    at: &mut impl FnMut(&[Key], &'static str, String),
) -> Vec<Vec<ShareLevel>> {
    let ids: Vec<&str> = f.architecture.iter().map(|a| a.id.as_str()).collect();
    f.network
        .iter()
        .enumerate()
        .map(|(n, spec)| {
            let here = [name("network"), Key::Index(n), name("share")];
            let level = |arch: &str| match &spec.share {
                None => ShareLevel::Detections,
                Some(ShareSpec::All(l)) => *l,
                Some(ShareSpec::Per(m)) => m
                    .get(arch)
                    .or(m.get("default"))
                    .copied()
                    .unwrap_or(ShareLevel::Detections),
            };
            if let Some(ShareSpec::Per(m)) = &spec.share {
                for key in m.keys().filter(|k| *k != "default" && !ids.contains(&k.as_str())) {
                    at(
                        &with(&here, &[name(key)]),
                        "reference",
                        format!(
                            "network {:?} shares with {key:?}, which is no architecture; known: default, {}",
                            spec.id,
                            ids.join(", ")
                        ),
                    );
                }
            }
            architectures
                .iter()
                .map(|a| {
                    let given = level(&a.id);
                    let needed = match a.fusion {
                        FusionSpec::Central => ShareLevel::Detections,
                        FusionSpec::Track => ShareLevel::Tracks,
                    };
                    if a.networks.contains(&n) && a.networks.len() > 1 && given < needed {
                        at(
                            &here,
                            "sharing",
                            format!(
                                "network {:?} shares {} with architecture {:?}, whose {} fusion needs {}",
                                spec.id,
                                given.as_str(),
                                a.id,
                                match a.fusion {
                                    FusionSpec::Central => "central",
                                    FusionSpec::Track => "track",
                                },
                                needed.as_str()
                            ),
                        );
                    }
                    given
                })
                .collect()
        })
        .collect()
}

fn with(path: &[Key], more: &[Key]) -> Vec<Key> {
    path.iter().chain(more).cloned().collect()
}

/// Most false alarms one radar face may raise in one look: the tracker takes each look's
/// detections as one scan, and its work grows faster than their number.
pub const MAX_FALSE_ALARMS_PER_LOOK: f64 = 10_000.0;

/// Most false alarms one radar may raise over a run (3,300 per look of a 5 s revisit over
/// 25 min, 990,000, took 33 s and 210 MB in a debug build).
pub const MAX_FALSE_ALARMS_PER_RUN: f64 = 1_000_000.0;

/// Refuses a radar whose expected false alarms — per look (`false_alarms_per_look`, or `pfa`
/// × the resolution cells of a face), and over the run (× faces × `duration_s` / `revisit_s`)
/// — exceed [`MAX_FALSE_ALARMS_PER_LOOK`] or [`MAX_FALSE_ALARMS_PER_RUN`]: such a scenario
/// passes every range yet would exhaust memory or never finish. The message names the
/// estimate and the limit.
fn false_alarm_budget(
    spec: &RadarSpec,
    r: &Radar,
    duration_s: f64,
    here: &[Key],
    at: &mut impl FnMut(&[Key], &'static str, String),
) {
    let (key, source) = match spec.false_alarms_per_look {
        Some(n) => (
            "false_alarms_per_look",
            format!("false_alarms_per_look = {n}"),
        ),
        None => (
            "pfa",
            format!("pfa = {} × the resolution cells of a face", spec.pfa),
        ),
    };
    let per_look = r
        .faces
        .iter()
        .map(|face| r.false_alarm_rate(face))
        .fold(0.0, f64::max);
    let looks = r.faces.len() as f64 * (duration_s / r.revisit_s).ceil().max(1.0);
    let per_run: f64 = r
        .faces
        .iter()
        .map(|face| r.false_alarm_rate(face))
        .sum::<f64>()
        * (duration_s / r.revisit_s).ceil().max(1.0);
    // Whole numbers with thousands separators (3,000,000).
    let round = |x: f64| {
        let digits = format!("{:.0}", x.min(1e300));
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    if !(per_look <= MAX_FALSE_ALARMS_PER_LOOK) {
        at(
            &with(here, &[name(key)]),
            "budget",
            format!(
                "about {} false alarms per look ({source}); the budget is {} per look; lower {key}",
                round(per_look),
                round(MAX_FALSE_ALARMS_PER_LOOK)
            ),
        );
    } else if !(per_run <= MAX_FALSE_ALARMS_PER_RUN) {
        at(
            &with(here, &[name(key)]),
            "budget",
            format!(
                "about {} false alarms over the run ({source}, {} looks: {} face(s) every revisit_s = {} s for duration_s = {} s); the budget is {} a radar; lower {key}, raise revisit_s or shorten the run",
                round(per_run),
                round(looks),
                r.faces.len(),
                r.revisit_s,
                duration_s,
                round(MAX_FALSE_ALARMS_PER_RUN)
            ),
        );
    }
}

fn radar(
    r: &RadarSpec,
    here: &[Key],
    at: &mut impl FnMut(&[Key], &'static str, String),
) -> Option<Radar> {
    let mut ok = true;
    if r.faces.is_empty() {
        at(
            &with(here, &[name("faces")]),
            "range",
            "a radar needs at least one face".into(),
        );
        ok = false;
    }
    let n = r.faces.len().max(1) as f64;
    let faces: Vec<Face> = r
        .faces
        .iter()
        .enumerate()
        .map(|(j, face)| {
            if face.min_el_deg >= face.max_el_deg {
                at(
                    &with(here, &[name("faces"), Key::Index(j), name("min_el_deg")]),
                    "order",
                    format!(
                        "face {}: min_el_deg ({}) must be below max_el_deg ({})",
                        j + 1,
                        face.min_el_deg,
                        face.max_el_deg
                    ),
                );
                ok = false;
            }
            Face {
                boresight_az_rad: face
                    .boresight_az_deg
                    .to_radians()
                    .rem_euclid(std::f64::consts::TAU),
                sector_offset_rad: 0.0,
                half_width_az_rad: face.half_width_az_deg.to_radians(),
                min_el_rad: face.min_el_deg.to_radians(),
                max_el_rad: face.max_el_deg.to_radians(),
                // Faces look in turn unless told otherwise.
                scan_phase_s: face.scan_phase_s.unwrap_or(r.revisit_s * j as f64 / n),
                tilt_rad: face.tilt_deg.map(f64::to_radians),
            }
        })
        .collect();
    let swerling = match r.swerling {
        0 => Swerling::Zero,
        1 => Swerling::One,
        2 => Swerling::Two,
        3 => Swerling::Three,
        _ => Swerling::Four,
    };
    ok.then(|| Radar {
        site: Site::new(point(&r.site)),
        faces,
        max_range_m: r.max_range_km * 1e3,
        reference_snr_db: r.reference.snr_db,
        reference_rcs_m2: r.reference.rcs_m2,
        reference_range_m: r.reference.range_km * 1e3,
        pfa: r.pfa,
        swerling,
        pulses: r.pulses,
        revisit_s: r.revisit_s,
        noise: RadarNoise {
            range_m: r.noise.range_m,
            angle_rad: r.noise.angle_mrad * 1e-3,
            beamwidth_rad: r.noise.beamwidth_deg.map(f64::to_radians),
            range_rate_mps: r.noise.range_rate_mps,
        },
        refraction: (r.refraction_k != 1.0).then_some(Refraction { k: r.refraction_k }),
        range_resolution_m: r.resolution.range_m,
        angle_resolution_rad: r.resolution.angle_mrad * 1e-3,
        false_alarms: r
            .false_alarms_per_look
            .map_or(FalseAlarms::FromPfa, FalseAlarms::PerLook),
    })
}

fn infrared(
    s: &InfraredSpec,
    rotation: &EarthRotation,
    here: &[Key],
    at: &mut impl FnMut(&[Key], &'static str, String),
) -> Option<InfraredSatellite> {
    let orbit = match s.orbit {
        OrbitSpec::Geo { lon_deg } => Ok(Orbit::geostationary(lon_deg.to_radians(), rotation)),
        OrbitSpec::Molniya {
            apogee_lon_deg,
            apogee_time_s,
        } => Ok(Orbit::molniya(
            apogee_lon_deg.to_radians(),
            apogee_time_s,
            rotation,
        )),
        OrbitSpec::Tundra {
            apogee_lon_deg,
            apogee_time_s,
        } => Ok(Orbit::tundra(
            apogee_lon_deg.to_radians(),
            apogee_time_s,
            rotation,
        )),
        OrbitSpec::Elements {
            a_km,
            e,
            i_deg,
            raan_deg,
            argp_deg,
            mean_anomaly_deg,
        } => Orbit::new(Elements {
            a_m: a_km * 1e3,
            e,
            i_rad: i_deg.to_radians(),
            raan_rad: raan_deg.to_radians(),
            argp_rad: argp_deg.to_radians(),
            mean_anomaly_rad: mean_anomaly_deg.to_radians(),
        }),
    };
    let orbit = match orbit {
        Ok(o) => o,
        Err(e) => {
            at(
                &with(here, &[name("orbit")]),
                "value",
                format!("orbit of sensor {:?}: {e}", s.id),
            );
            return None;
        }
    };
    Some(InfraredSatellite {
        orbit,
        rotation: *rotation,
        revisit_s: s.revisit_s,
        phase_s: s.phase_s,
        min_target_height_m: s.min_target_alt_km * 1e3,
        limb_height_m: s.limb_alt_km * 1e3,
        field_of_regard_rad: s.field_of_regard_deg.map(f64::to_radians),
        nei_w_m2: s.nei_w_m2,
        pfa: s.pfa,
        los_sigma_rad: s.los_noise_urad * 1e-6,
    })
}

fn launch(
    l: &LaunchSpec,
    classes: &[MissileClass],
    duration_s: f64,
    here: &[Key],
    at: &mut impl FnMut(&[Key], &'static str, String),
) -> Option<Launch> {
    // Unknown classes are reported by the reference check.
    let class = classes.iter().rev().find(|c| c.id == l.missile);
    let (from, to) = (point(&l.from), point(&l.to));
    let mut ok = class.is_some();
    let apart = vigil_earth::EarthShape::Wgs84.path(&from, &to).distance_m;
    if apart < 10_000.0 {
        at(
            &with(here, &[name("to")]),
            "value",
            format!(
                "launch {:?}: aim point is {:.1} km from the launch point; at least 10 km",
                l.id,
                apart / 1e3
            ),
        );
        ok = false;
    }
    if l.time_s > duration_s {
        at(
            &with(here, &[name("time_s")]),
            "range",
            format!(
                "launch {:?} at {} s is after the end of the scenario ({duration_s} s)",
                l.id, l.time_s
            ),
        );
        ok = false;
    }
    let given = [
        l.apogee_km.is_some(),
        l.gamma_deg.is_some(),
        l.tof_s.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if given > 1 {
        at(
            &with(here, &[name("id")]),
            "value",
            format!(
                "launch {:?}: give at most one of apogee_km, gamma_deg and tof_s",
                l.id
            ),
        );
        ok = false;
    }
    let profile = match l.profile {
        ProfileSpec::MinEnergy => Profile::MinEnergy,
        ProfileSpec::Lofted => Profile::Lofted,
        ProfileSpec::Depressed => Profile::Depressed,
    };
    if (l.apogee_km.is_some() || l.gamma_deg.is_some()) && profile == Profile::MinEnergy {
        at(
            &with(here, &[name("profile")]),
            "value",
            format!(
                "launch {:?}: apogee_km and gamma_deg need profile \"lofted\" or \"depressed\"",
                l.id
            ),
        );
        ok = false;
    }
    let constraint = match (l.apogee_km, l.gamma_deg, l.tof_s) {
        (Some(a), _, _) => Constraint::ApogeeM(a * 1e3),
        (_, Some(g), _) => Constraint::BurnoutGammaRad(g.to_radians()),
        (_, _, Some(t)) => Constraint::TimeOfFlightS(t),
        _ => Constraint::None,
    };
    let class = class?.clone();
    ok.then(|| Launch {
        id: l.id.clone(),
        class,
        from: Geodetic { h_m: 0.0, ..from },
        to: Geodetic { h_m: 0.0, ..to },
        time_s: l.time_s,
        profile,
        constraint,
        time_jitter_s: l.time_jitter_s,
        from_radius_m: l.from_radius_km * 1e3,
        to_radius_m: l.to_radius_km * 1e3,
        class_spread: ClassSpread {
            rv_beta: l.rv_beta_spread,
            rv_rcs: l.rv_rcs_spread,
            plume: l.plume_spread,
        },
    })
}

fn area(
    d: &DefendedAreaSpec,
    here: &[Key],
    at: &mut impl FnMut(&[Key], &'static str, String),
) -> Option<DefendedArea> {
    let shape = match (&d.center, d.radius_km, &d.polygon) {
        (Some(c), Some(r), None) => AreaShape::Circle {
            center: point(c),
            radius_m: r * 1e3,
        },
        (None, None, Some(p)) if p.len() >= 3 => AreaShape::Polygon(p.iter().map(point).collect()),
        (None, None, Some(_)) => {
            at(
                &with(here, &[name("polygon")]),
                "range",
                format!(
                    "defended area {:?}: a polygon needs at least 3 vertices",
                    d.id
                ),
            );
            return None;
        }
        _ => {
            at(
                &with(here, &[name("id")]),
                "value",
                format!(
                    "defended area {:?}: give either `center` and `radius_km`, or `polygon`",
                    d.id
                ),
            );
            return None;
        }
    };
    Some(DefendedArea {
        id: d.id.clone(),
        shape,
    })
}

fn architecture(
    a: &ArchitectureSpec,
    networks: &[String],
    here: &[Key],
    at: &mut impl FnMut(&[Key], &'static str, String),
) -> Option<Architecture> {
    if a.networks.is_empty() {
        at(
            &with(here, &[name("networks")]),
            "range",
            format!("architecture {:?} needs at least one network", a.id),
        );
        return None;
    }
    if a.tracker.confirm_m > a.tracker.confirm_n {
        at(
            &with(here, &[name("tracker"), name("confirm_m")]),
            "range",
            format!(
                "architecture {:?}: confirm_m = {} hits cannot come within confirm_n = {} scans",
                a.id, a.tracker.confirm_m, a.tracker.confirm_n
            ),
        );
        return None;
    }
    let mut ids = Vec::new();
    for n in &a.networks {
        // Unknown networks are reported by the reference check.
        if let Some(k) = networks.iter().position(|x| x == n) {
            ids.push(k);
        }
    }
    (ids.len() == a.networks.len()).then(|| Architecture {
        id: a.id.clone(),
        networks: ids,
        fusion: a.fusion,
        tracker: a.tracker,
        warning: a.warning,
    })
}
