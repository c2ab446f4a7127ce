//! Cueing: an infrared launch event of an architecture cues that architecture's radars. Once
//! the event has moved like a booster (its launch point and azimuth are known), each radar
//! with a cued search ([`RadarCue`]) of the architecture's networks that could see the
//! missile's ground track takes cued looks for a while: longer looks in a fence above its
//! lowest elevation across the bearings of that track ([`Radar::cued`]), from when the missile
//! can first be within its range. One satellite's azimuth is rough, so its cue is wide; a
//! stereo fix's (from the 3-D velocity) replaces it with a narrow one. A network alone can cue
//! only its own radars; an integrated architecture cues every network's radars from any
//! network's satellites.
//!
//! The cued looks are the architecture's own: each cue draws from its own random stream (of
//! the run, the architecture, the cue's number and the radar), so the search detections every
//! architecture shares stay as they were, and a run gives the same looks for any steps.

use crate::detect::{PhantomScope, Sensors, seen_by, tag_phantoms};
use crate::scenario::model::RadarCue;
use crate::scenario::{Scenario, SensorKind};
use crate::track::flight_model;
use std::collections::BTreeSet;
use std::f64::consts::TAU;
use vigil_earth::geodetic::wrap_pi;
use vigil_earth::{EarthShape, Geodetic};
use vigil_sensors::radar::{Cued, CuedSearch, Radar};
use vigil_sensors::{Detection, SensorRng, Target};
use vigil_warning::alerts::{AlertKind, WarningConfig, WarningEngine};
use vigil_warning::stereo::{Look, StereoConfig};

/// Half-spread of the predicted ground tracks about the launch event's azimuth, rad (45°):
/// one satellite's azimuth rests on the event's first 20 km of motion, placed at an assumed
/// plume height, and a climbing booster's place moves away from the satellite — 37° and 46°
/// off for the polar ICBMs seen from over the eastern Pacific in `scenarios/cueing.toml`.
const TRACK_SPREAD_RAD: f64 = 0.785;

/// Half-spread of the predicted ground tracks about a stereo fix's azimuth (from its 3-D
/// velocity), rad (10°).
const STEREO_SPREAD_RAD: f64 = 0.175;

/// Farthest point of the predicted ground track, m.
const TRACK_LENGTH_M: f64 = 13_000e3;

/// Length of the stretch of a predicted ground track, from where it first comes within a
/// radar's range, over which the missile rises into view: the cued sector covers it, m.
const RISING_STRETCH_M: f64 = 2_000e3;

/// Fastest ground speed of a missile, m/s: a cue starts when the missile can first have come
/// within a radar's range.
const MAX_GROUND_SPEED_MPS: f64 = 8_000.0;

/// Spacing of the ground-track points whose bearings make the sector, m.
const TRACK_STEP_M: f64 = 100e3;

/// One radar cued to one launch event: where, when, and at what cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CueRecord {
    /// Scenario index of the radar.
    pub radar: usize,
    /// Time of the first cued look, s.
    pub from_s: f64,
    /// Time after which it takes no cued look, s.
    pub until_s: f64,
    /// Centre of the cued azimuth sector, rad clockwise from north.
    pub centre_az_rad: f64,
    /// Its half-width, rad.
    pub half_width_rad: f64,
    /// The share of a face's time the cued looks take ([`Cued::time_share`]).
    pub time_share: f64,
}

/// One radar cued to one launch event, taking its looks.
#[derive(Debug, Clone)]
struct Cue {
    /// The launch event (of the cueing cell) that cued it.
    event: usize,
    record: CueRecord,
    /// Its cued looks.
    looks: Radar,
    rng: SensorRng,
}

/// The cueing of one architecture.
#[derive(Debug, Clone)]
pub(crate) struct Cueing {
    /// The architecture's infrared launch events, clustered as its warning stage does.
    cell: WarningEngine,
    /// Launch events that have cued, by one satellite's azimuth (false) or a stereo fix's.
    cued_events: BTreeSet<(usize, bool)>,
    /// Radars that can be cued: scenario index and cued search.
    radars: Vec<(usize, RadarCue)>,
    cues: Vec<Cue>,
    /// Cues issued so far (numbers their random streams).
    issued: u32,
    seed: u64,
    run: u32,
    arch: usize,
}

impl Cueing {
    /// The cueing of architecture `arch` of `s` in run `run`: None when its doctrine does not
    /// cue, no radar of its networks can be cued or it has no infrared satellite.
    pub(crate) fn new(s: &Scenario, arch: usize, run: u32) -> Option<Self> {
        let networks = &s.architectures[arch].networks;
        let mine = |i: usize| networks.contains(&s.sensors[i].network);
        let radars: Vec<(usize, RadarCue)> = (0..s.sensors.len())
            .filter(|&i| mine(i))
            .filter_map(|i| s.sensors[i].cue.map(|c| (i, c)))
            .collect();
        let satellites = (0..s.sensors.len())
            .any(|i| mine(i) && matches!(s.sensors[i].kind, SensorKind::Infrared(_)));
        let doctrine = s.architectures[arch].warning.cueing;
        (doctrine && satellites && !radars.is_empty()).then(|| Self {
            cell: WarningEngine::new(
                WarningConfig {
                    stereo: Some(StereoConfig {
                        corridors: false,
                        ..StereoConfig::default()
                    }),
                    ..WarningConfig::default()
                },
                Vec::new(),
                flight_model(),
            ),
            cued_events: BTreeSet::new(),
            radars,
            cues: Vec::new(),
            issued: 0,
            seed: s.seed,
            run,
            arch,
        })
    }

    /// Takes the architecture's detections of a step (time order: its lines of sight raise
    /// cues) and returns its radars' cued detections at times in [`t0_s`, `t1_s`], time order.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn observe(
        &mut self,
        s: &Scenario,
        sensors: &Sensors,
        mine: &[&Detection],
        targets: &[Target<'_>],
        phantoms: &[(Target<'_>, PhantomScope)],
        t0_s: f64,
        t1_s: f64,
    ) -> Vec<Detection> {
        for look in mine.iter().filter_map(|d| Look::of(d)) {
            let Some((event, raised)) = self.cell.on_infrared(&look) else {
                continue;
            };
            for &k in &raised {
                let a = &self.cell.alerts()[k];
                let (AlertKind::LaunchDetected, Some(launch), Some(azimuth)) =
                    (a.kind, a.launch_point, a.azimuth_rad)
                else {
                    continue;
                };
                // One satellite's azimuth cues widely; a stereo fix's (two satellites or
                // more: from the 3-D velocity) replaces that cue with a narrow one.
                let (t_s, stereo) = (a.t_s, a.sensors.len() >= 2);
                let spread = if stereo {
                    STEREO_SPREAD_RAD
                } else {
                    TRACK_SPREAD_RAD
                };
                if self.cued_events.insert((event, stereo)) {
                    if stereo {
                        self.cues
                            .retain(|c| c.event != event || c.record.from_s < t_s);
                        for c in self.cues.iter_mut().filter(|c| c.event == event) {
                            c.record.until_s = c.record.until_s.min(t_s);
                        }
                    }
                    self.cue(s, event, t_s, (&launch, azimuth, spread));
                }
            }
        }
        let mut out = Vec::new();
        for cue in &mut self.cues {
            let CueRecord {
                radar,
                from_s,
                until_s,
                ..
            } = cue.record;
            let (a, b) = (t0_s.max(from_s), t1_s.min(until_s));
            let Some(state) = sensors.get(radar) else {
                continue;
            };
            if a > b {
                continue;
            }
            let seen = seen_by(radar, &s.sensors[radar], targets, phantoms);
            let (mut d, _) = state.observe_on(&cue.looks, &seen, a, b, &mut cue.rng);
            tag_phantoms(&mut d);
            out.extend(d);
        }
        vigil_sensors::measurement::sort_detections(&mut out);
        out
    }

    /// Every cue so far, in the order given.
    pub(crate) fn records(&self) -> Vec<CueRecord> {
        self.cues.iter().map(|c| c.record).collect()
    }

    /// Cues every radar that could see a missile launched from `launch` along `azimuth` (rad).
    fn cue(&mut self, s: &Scenario, event: usize, t_s: f64, aim: (&Geodetic, f64, f64)) {
        let (launch, azimuth, spread) = aim;
        for &(radar, cue) in &self.radars {
            let SensorKind::Radar(r) = &s.sensors[radar].kind else {
                continue;
            };
            let Some((centre, half, entry_m)) = track_sector(r, launch, azimuth, spread) else {
                continue;
            };
            // Not before the missile can have come within range, flying at most
            // MAX_GROUND_SPEED_MPS over the ground from its launch point.
            let from_s = t_s + cue.latency_s.max(entry_m / MAX_GROUND_SPEED_MPS);
            let half = half + cue.margin_rad;
            // A launch event split in two (lines of sight placed far apart) cues once.
            let covered = self
                .cues
                .iter()
                .filter(|c| c.event != event)
                .map(|c| &c.record)
                .any(|c| {
                    c.radar == radar
                        && c.until_s >= from_s
                        && wrap_pi(centre - c.centre_az_rad).abs() <= c.half_width_rad
                });
            if covered {
                continue;
            }
            let Some(mut cued) = r.cued(&cue.search, centre, half, from_s) else {
                continue;
            };
            // A cue the radar cannot afford looks less often: at most its time budget.
            if cued.time_share > cue.max_time_share {
                let search = CuedSearch {
                    revisit_s: cue.search.revisit_s * cued.time_share / cue.max_time_share,
                    ..cue.search
                };
                match r.cued(&search, centre, half, from_s) {
                    Some(c) => cued = c,
                    None => continue,
                }
            }
            let stream = (self.arch as u32) << 24 | self.issued << 12 | radar as u32;
            let Cued {
                radar: looks,
                time_share,
            } = cued;
            self.issued += 1;
            self.cues.push(Cue {
                event,
                record: CueRecord {
                    radar,
                    from_s,
                    until_s: from_s + cue.window_s,
                    centre_az_rad: centre,
                    half_width_rad: half,
                    time_share,
                },
                looks,
                rng: vigil_sensors::sensor_rng(self.seed ^ CUE_SEED, self.run, stream),
            });
        }
    }
}

/// Salt of the cued looks' random streams (apart from the sensors' own).
const CUE_SEED: u64 = 0x6375_6564_6c6f_6f6b;

/// The azimuth sector (centre and half-width, rad) of the bearings from radar `r` to the
/// ground tracks from `launch` along `azimuth` ± `spread`, over the
/// [`RISING_STRETCH_M`] from where each first comes within its instrumented range: where a
/// missile on them would rise into view; and the shortest distance along a track to that
/// entry, m. None when no track comes within range.
fn track_sector(
    r: &Radar,
    launch: &Geodetic,
    azimuth: f64,
    spread: f64,
) -> Option<(f64, f64, f64)> {
    let shape = EarthShape::Wgs84;
    let site = r.site.geodetic;
    let mut bearings = Vec::new();
    let mut entry_m = f64::INFINITY;
    for heading in [azimuth - spread, azimuth, azimuth + spread] {
        let mut entered: Option<f64> = None;
        let mut d = 0.0;
        while d <= TRACK_LENGTH_M && entered.is_none_or(|e| d <= e + RISING_STRETCH_M) {
            let p = shape.destination(launch, heading, d);
            let path = shape.path(&site, &p);
            if path.distance_m <= r.max_range_m {
                entry_m = entry_m.min(*entered.get_or_insert(d));
                bearings.push(path.azimuth_start_rad);
            }
            d += TRACK_STEP_M;
        }
    }
    let first = *bearings.first()?;
    // Offsets from the first bearing, wrapped: the sector is their span.
    let (lo, hi) = bearings
        .iter()
        .map(|&b| wrap_pi(b - first))
        .fold((0.0f64, 0.0f64), |(lo, hi), x| (lo.min(x), hi.max(x)));
    Some((
        (first + 0.5 * (lo + hi)).rem_euclid(TAU),
        0.5 * (hi - lo),
        entry_m,
    ))
}
