//! Ground phased-array early-warning radars: faces with sectors and elevation limits, a
//! refracting line of sight, the radar equation scaled from a reference, Swerling detection,
//! Gaussian measurement noise, Poisson false alarms and finite resolution.

use crate::detection::{Swerling, db_to_linear, linear_to_db, pd_noncoherent};
use crate::horizon::{EARTH_RADIUS_M, Refraction, apparent_elevation};
use crate::measurement::{Detection, Measurement, SensorTag, Truth};
use crate::{Sensor, SensorRng, Target, look_times};
use rand::RngExt;
use rand_distr::{Distribution, Exp1, Poisson, StandardNormal};
use std::f64::consts::TAU;
use vigil_earth::geodetic::wrap_pi;
use vigil_earth::topocentric::{Aer, Site};
use vigil_earth::{Ecef, Position};

/// One antenna face: the sector it covers and when it looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// Boresight azimuth (the array's normal), rad clockwise from north.
    pub boresight_az_rad: f64,
    /// Centre of the azimuth sector searched, relative to the boresight, rad (0 for the
    /// search; a cued sector may lie off the normal).
    pub sector_offset_rad: f64,
    /// Half-width of the azimuth sector, rad.
    pub half_width_az_rad: f64,
    /// Lowest elevation searched (through the refracting atmosphere), rad.
    pub min_el_rad: f64,
    /// Highest elevation searched, rad.
    pub max_el_rad: f64,
    /// Time of the face's first look after the epoch, s (its scan phase).
    pub scan_phase_s: f64,
    /// Elevation of the array's normal (its tilt), rad: when set, SNR falls with the scan
    /// angle θ off the normal as cos²θ (two-way projected aperture); None: no scan loss.
    pub tilt_rad: Option<f64>,
}

impl Face {
    /// Two-way scan loss factor (≤ 1) for a target at this azimuth and elevation (rad).
    pub fn scan_loss(&self, az_rad: f64, el_rad: f64) -> f64 {
        let Some(tilt) = self.tilt_rad else {
            return 1.0;
        };
        let (se, ce) = el_rad.sin_cos();
        let (st, ct) = tilt.sin_cos();
        let cos_scan = se * st + ce * ct * (az_rad - self.boresight_az_rad).cos();
        cos_scan.max(0.1).powi(2)
    }

    /// Azimuth of the sector's centre, rad.
    pub fn sector_centre_rad(&self) -> f64 {
        (self.boresight_az_rad + self.sector_offset_rad).rem_euclid(TAU)
    }

    /// Whether an azimuth (rad) is inside the face's sector.
    pub fn covers_azimuth(&self, az_rad: f64) -> bool {
        wrap_pi(az_rad - self.sector_centre_rad()).abs() <= self.half_width_az_rad
    }
}

/// How measurement errors are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarNoise {
    /// Range standard deviation, m.
    pub range_m: f64,
    /// Angle standard deviation, rad (used when `beamwidth_rad` is None).
    pub angle_rad: f64,
    /// If set, angle σ = beamwidth / √(2·SNR) instead of the fixed value, rad.
    pub beamwidth_rad: Option<f64>,
    /// Range-rate standard deviation, m/s; None: range rate is not measured.
    pub range_rate_mps: Option<f64>,
}

/// Where false alarms come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FalseAlarms {
    /// Pfa times the number of resolution cells of the face's volume, per look.
    FromPfa,
    /// A given mean number per face look.
    PerLook(f64),
}

/// A ground early-warning radar.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// The site.
    pub site: Site,
    /// Faces.
    pub faces: Vec<Face>,
    /// Instrumented range, m.
    pub max_range_m: f64,
    /// Reference: this SNR (dB) for this RCS (m²) at this range (m); SNR ∝ σ / R⁴.
    pub reference_snr_db: f64,
    /// RCS of the reference, m².
    pub reference_rcs_m2: f64,
    /// Range of the reference, m.
    pub reference_range_m: f64,
    /// Probability of false alarm per resolution cell.
    pub pfa: f64,
    /// Target fluctuation model.
    pub swerling: Swerling,
    /// Pulses integrated non-coherently per look (1: single pulse, exact forms).
    pub pulses: u32,
    /// Time between looks of a face, s.
    pub revisit_s: f64,
    /// Measurement errors.
    pub noise: RadarNoise,
    /// Refraction of the line of sight (None: geometric line of sight).
    pub refraction: Option<Refraction>,
    /// Range resolution, m: closer objects merge into one detection (if also within angle).
    pub range_resolution_m: f64,
    /// Angle resolution, rad.
    pub angle_resolution_rad: f64,
    /// False-alarm model.
    pub false_alarms: FalseAlarms,
}

/// How a radar searches when cued (an infrared launch event predicts the sector where a
/// missile will rise): longer looks in a fence just above each face's lowest elevation, in
/// the predicted azimuth sector, more often than its search. The looks are taken on top of
/// the search (which keeps its schedule: the cost is stated as [`Cued::time_share`], the
/// share of a face's time they need).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CuedSearch {
    /// SNR gain of a cued look over a search look (a longer dwell), dB.
    pub dwell_gain_db: f64,
    /// Time between cued looks, s.
    pub revisit_s: f64,
    /// Height of the fence above each face's lowest elevation, rad.
    pub fence_rad: f64,
}

/// A radar's cued looks: the radar cut to the cued volume, with the dwell gain and the cued
/// revisit; and their cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Cued {
    /// The cued looks, as a radar of their own.
    pub radar: Radar,
    /// The share of a face's time they take (the largest over the faces): dwell gain ×
    /// cued volume / face volume × search revisit / cued revisit. Above 1 the face could not
    /// keep its search.
    pub time_share: f64,
}

/// Geometry of a target seen by a radar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sighting {
    /// Geometric azimuth, elevation and range.
    pub aer: Aer,
    /// Elevation through the refracting atmosphere, rad (the mask applies to it).
    pub apparent_el_rad: f64,
}

impl Radar {
    /// Azimuth, elevation and range of an Earth-fixed point, with the apparent elevation.
    pub fn sight(&self, p: &Position<Ecef>) -> Sighting {
        let aer = self.site.aer(p);
        let apparent_el_rad = match self.refraction {
            None => aer.elevation_rad,
            Some(k) => {
                // Bending from the effective-Earth model: the elevation on the k·R sphere (same
                // heights, same surface distance, so the central angle shrinks by k) minus that
                // on the true-radius sphere.
                let h_s = self.site.geodetic.h_m;
                let h_t = vigil_earth::EarthShape::Wgs84.height_m(&p.vector());
                let theta = self.site.ecef.vector().angle(&p.vector());
                let r_e = k.effective_radius_m(EARTH_RADIUS_M);
                let bent = apparent_elevation(r_e, h_s, h_t, theta * EARTH_RADIUS_M / r_e);
                let straight = apparent_elevation(EARTH_RADIUS_M, h_s, h_t, theta);
                aer.elevation_rad + (bent - straight)
            }
        };
        Sighting {
            aer,
            apparent_el_rad,
        }
    }

    /// Whether face `f` sees a target with this sighting (sector, elevation limits, range).
    pub fn face_sees(&self, f: &Face, s: &Sighting) -> bool {
        s.aer.range_m <= self.max_range_m
            && s.apparent_el_rad >= f.min_el_rad
            && s.aer.elevation_rad <= f.max_el_rad
            && f.covers_azimuth(s.aer.azimuth_rad)
    }

    /// The looks of this radar cued to the azimuth sector `centre_az_rad ± half_width_rad`
    /// from `from_s` on ([`CuedSearch`]): each face cut to where its sector meets the cued one
    /// and to the fence above its lowest elevation, looking every `cued.revisit_s` with the
    /// dwell gain; false alarms given per look scale with the volume (the largest face's
    /// share). None when no face covers the sector.
    pub fn cued(
        &self,
        cued: &CuedSearch,
        centre_az_rad: f64,
        half_width_rad: f64,
        from_s: f64,
    ) -> Option<Cued> {
        // The largest share of a face's volume the cued looks cover.
        let mut share: f64 = 0.0;
        let faces: Vec<Face> = self
            .faces
            .iter()
            .filter_map(|f| {
                let d = wrap_pi(centre_az_rad - f.sector_centre_rad());
                let lo = (-f.half_width_az_rad).max(d - half_width_rad);
                let hi = f.half_width_az_rad.min(d + half_width_rad);
                let top = f.max_el_rad.min(f.min_el_rad + cued.fence_rad);
                if hi <= lo || top <= f.min_el_rad {
                    return None;
                }
                share = share.max(
                    ((hi - lo) / (2.0 * f.half_width_az_rad))
                        * ((top - f.min_el_rad) / (f.max_el_rad - f.min_el_rad)),
                );
                Some(Face {
                    sector_offset_rad: f.sector_offset_rad + 0.5 * (lo + hi),
                    half_width_az_rad: 0.5 * (hi - lo),
                    max_el_rad: top,
                    scan_phase_s: from_s,
                    ..*f
                })
            })
            .collect();
        if faces.is_empty() {
            return None;
        }
        let false_alarms = match self.false_alarms {
            FalseAlarms::PerLook(n) => FalseAlarms::PerLook(n * share),
            FalseAlarms::FromPfa => FalseAlarms::FromPfa,
        };
        Some(Cued {
            radar: Radar {
                faces,
                reference_snr_db: self.reference_snr_db + cued.dwell_gain_db,
                revisit_s: cued.revisit_s,
                false_alarms,
                ..self.clone()
            },
            time_share: db_to_linear(cued.dwell_gain_db) * share * self.revisit_s / cued.revisit_s,
        })
    }

    /// Single-look SNR (linear) of an object of RCS `rcs_m2` at range `range_m`.
    pub fn snr(&self, rcs_m2: f64, range_m: f64) -> f64 {
        let r = (self.reference_range_m / range_m.max(1.0)).powi(4);
        db_to_linear(self.reference_snr_db) * (rcs_m2 / self.reference_rcs_m2) * r
    }

    /// Probability of detection for a single-look SNR (linear).
    pub fn pd(&self, snr: f64) -> f64 {
        pd_noncoherent(snr, self.pfa, self.pulses, self.swerling)
    }

    /// Mean number of false alarms per look of face `f`.
    pub fn false_alarm_rate(&self, f: &Face) -> f64 {
        match self.false_alarms {
            FalseAlarms::PerLook(n) => n.max(0.0),
            FalseAlarms::FromPfa => {
                let range_cells = self.max_range_m / self.range_resolution_m;
                let az_cells = 2.0 * f.half_width_az_rad / self.angle_resolution_rad;
                let el_cells = (f.max_el_rad - f.min_el_rad) / self.angle_resolution_rad;
                self.pfa * range_cells * az_cells.max(1.0) * el_cells.max(1.0)
            }
        }
    }

    fn angle_sigma(&self, snr: f64) -> f64 {
        match self.noise.beamwidth_rad {
            Some(bw) => bw / (2.0 * snr.max(1e-3)).sqrt(),
            None => self.noise.angle_rad,
        }
    }

    /// One look of face `f` at time `t_s`.
    fn look(
        &self,
        tag: SensorTag,
        f: &Face,
        targets: &[Target<'_>],
        t_s: f64,
        rng: &mut SensorRng,
    ) -> Vec<Detection> {
        let mut out = Vec::new();
        let max_r2 = self.max_range_m * self.max_range_m;
        for target in targets {
            let Some(state) = target.ephemeris.state_at(t_s) else {
                continue;
            };
            if (state.position - self.site.ecef).norm_squared() > max_r2 {
                continue;
            }
            let s = self.sight(&state.position);
            if !self.face_sees(f, &s) {
                continue;
            }
            let loss = f.scan_loss(s.aer.azimuth_rad, s.aer.elevation_rad);
            let snr = self.snr(target.rcs_m2, s.aer.range_m) * loss;
            if rng.random::<f64>() >= self.pd(snr) {
                continue;
            }
            let los = (state.position - self.site.ecef).vector() / s.aer.range_m;
            let range_rate = los.dot(&state.velocity.vector());
            out.push(self.plot(
                tag,
                t_s,
                s.aer,
                range_rate,
                (snr, loss),
                Truth::Object {
                    launch: target.launch,
                    object: target.object,
                },
                rng,
            ));
        }
        merge_unresolved(&mut out, self.range_resolution_m, self.angle_resolution_rad);
        self.add_false_alarms(tag, f, t_s, rng, &mut out);
        out
    }

    /// A plot with noise drawn around the true geometry of a target of mean SNR `snr` (0: noise
    /// alone) seen with scan loss `loss` (≤ 1); its SNR and angle accuracy are the measured
    /// ones, and its RCS the measured SNR read back through the radar equation at the measured
    /// range and scan loss (what a radar reports of a plot).
    #[allow(clippy::too_many_arguments)]
    fn plot(
        &self,
        tag: SensorTag,
        t_s: f64,
        aer: Aer,
        range_rate: f64,
        (snr, loss): (f64, f64),
        truth: Truth,
        rng: &mut SensorRng,
    ) -> Detection {
        let measured_snr = self.measured_snr(snr, rng);
        let sigma_angle = self.angle_sigma(measured_snr);
        let mut n = || -> f64 { rng.sample(StandardNormal) };
        let range_m = (aer.range_m + self.noise.range_m * n()).max(0.0);
        let azimuth_rad = (aer.azimuth_rad + sigma_angle * n()).rem_euclid(TAU);
        let elevation_rad = (aer.elevation_rad + sigma_angle * n())
            .clamp(-std::f64::consts::FRAC_PI_2, std::f64::consts::FRAC_PI_2);
        let range_rate_mps = self.noise.range_rate_mps.map(|s| range_rate + s * n());
        Detection {
            t_s,
            tag,
            measurement: Measurement::Radar {
                site: self.site.ecef,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                sigma_range_m: self.noise.range_m,
                sigma_angle_rad: sigma_angle,
                sigma_range_rate_mps: self.noise.range_rate_mps,
            },
            snr_db: linear_to_db(measured_snr),
            rcs_m2: Some(measured_snr / (self.snr(1.0, range_m) * loss.max(1e-3))),
            truth,
        }
    }

    /// The SNR a detection measures of a target of mean SNR `snr`: the detection statistic
    /// (signal-plus-noise power over the noise) less the noise, given that it crossed the
    /// threshold T = −ln Pfa. For a single look of a Swerling 1/2 target the statistic is
    /// exponential of mean 1 + SNR, so above T it is T + (1 + SNR)·Exp(1) (memoryless); used as
    /// the measured amplitude for every target (it feeds RCS estimates, not detection).
    fn measured_snr(&self, snr: f64, rng: &mut SensorRng) -> f64 {
        let threshold = -self.pfa.clamp(f64::MIN_POSITIVE, 1.0).ln();
        let e: f64 = rng.sample(Exp1);
        threshold - 1.0 + (1.0 + snr) * e
    }

    /// Poisson false alarms, uniform in range, azimuth and elevation over the face's volume;
    /// their measured SNR is that of noise alone (mean SNR 0) above the threshold.
    fn add_false_alarms(
        &self,
        tag: SensorTag,
        f: &Face,
        t_s: f64,
        rng: &mut SensorRng,
        out: &mut Vec<Detection>,
    ) {
        let rate = self.false_alarm_rate(f);
        if !(rate > 0.0) {
            return;
        }
        let count = Poisson::new(rate).map_or(0.0, |p| p.sample(rng)) as usize;
        for _ in 0..count {
            let aer = Aer {
                range_m: rng.random::<f64>() * self.max_range_m,
                azimuth_rad: (f.sector_centre_rad()
                    + f.half_width_az_rad * (2.0 * rng.random::<f64>() - 1.0))
                    .rem_euclid(TAU),
                elevation_rad: f.min_el_rad + (f.max_el_rad - f.min_el_rad) * rng.random::<f64>(),
            };
            let range_rate = self
                .noise
                .range_rate_mps
                .map_or(0.0, |_| 7_000.0 * (2.0 * rng.random::<f64>() - 1.0));
            let loss = f.scan_loss(aer.azimuth_rad, aer.elevation_rad);
            let noise = (0.0, loss);
            out.push(self.plot(tag, t_s, aer, range_rate, noise, Truth::FalseAlarm, rng));
        }
    }
}

/// Where on the ground a face can see targets at one height: the outer edge (elevation mask
/// through the refracting atmosphere, or instrumented range, whichever is nearer) and the
/// inner edge (maximum elevation), as a closed ring of surface points (azimuths sampled every
/// degree or finer). Geometry on the effective-Earth sphere of the refraction model.
pub fn footprint(radar: &Radar, face: &Face, height_m: f64) -> Vec<vigil_earth::Geodetic> {
    use crate::horizon::{ground_angle_at_elevation, slant_range};
    let k = radar.refraction.unwrap_or(Refraction::NONE);
    let r_e = k.effective_radius_m(EARTH_RADIUS_M);
    let h_s = radar.site.geodetic.h_m;
    let by_mask = ground_angle_at_elevation(r_e, h_s, height_m, face.min_el_rad).unwrap_or(0.0);
    // Ground angle where the slant range reaches the instrumented range (bisection: slant range
    // grows with the ground angle).
    let by_range = {
        let (mut lo, mut hi) = (0.0, std::f64::consts::PI / 2.0);
        if slant_range(r_e, h_s, height_m, hi) <= radar.max_range_m {
            hi
        } else {
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if slant_range(r_e, h_s, height_m, mid) > radar.max_range_m {
                    hi = mid
                } else {
                    lo = mid
                }
            }
            lo
        }
    };
    // Surface distances (the effective-Earth model keeps them: central angle × k·R).
    let outer = by_mask.min(by_range) * r_e;
    let inner = ground_angle_at_elevation(r_e, h_s, height_m, face.max_el_rad).unwrap_or(0.0) * r_e;
    if outer <= inner {
        return Vec::new();
    }
    let site = radar.site.geodetic;
    let shape = vigil_earth::EarthShape::Wgs84;
    let width = (2.0 * face.half_width_az_rad).min(TAU);
    let steps = (width.to_degrees().ceil() as usize).max(2);
    let az = |i: usize| face.sector_centre_rad() - width / 2.0 + width * i as f64 / steps as f64;
    let mut ring: Vec<vigil_earth::Geodetic> = (0..=steps)
        .map(|i| shape.destination(&site, az(i), outer))
        .collect();
    if inner > 0.0 {
        ring.extend(
            (0..=steps)
                .rev()
                .map(|i| shape.destination(&site, az(i), inner)),
        );
    } else if width < TAU {
        ring.push(site);
    }
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    ring
}

/// Merges detections closer than the resolution in range and both angles into the strongest
/// of them (objects the radar cannot separate give one plot).
fn merge_unresolved(d: &mut Vec<Detection>, range_res_m: f64, angle_res_rad: f64) {
    if d.len() < 2 {
        return;
    }
    let key = |x: &Detection| match x.measurement {
        Measurement::Radar {
            range_m,
            azimuth_rad,
            elevation_rad,
            ..
        } => (range_m, azimuth_rad, elevation_rad),
        Measurement::LineOfSight {
            alpha_rad,
            delta_rad,
            ..
        } => (0.0, alpha_rad, delta_rad),
    };
    d.sort_by(|a, b| key(a).0.total_cmp(&key(b).0));
    let mut kept: Vec<Detection> = Vec::with_capacity(d.len());
    'next: for x in d.drain(..) {
        let (r, az, el) = key(&x);
        for k in kept.iter_mut().rev() {
            let (rk, azk, elk) = key(k);
            if r - rk > range_res_m {
                break;
            }
            let daz =
                ((az - azk + std::f64::consts::PI).rem_euclid(TAU) - std::f64::consts::PI).abs();
            if daz <= angle_res_rad && (el - elk).abs() <= angle_res_rad {
                if x.snr_db > k.snr_db {
                    *k = x;
                }
                continue 'next;
            }
        }
        kept.push(x);
    }
    *d = kept;
}

impl Sensor for Radar {
    fn looks(&self, t0_s: f64, t1_s: f64) -> usize {
        self.faces
            .iter()
            .map(|f| look_times(self.revisit_s, f.scan_phase_s, t0_s, t1_s).count())
            .sum()
    }

    fn observe(
        &self,
        tag: SensorTag,
        targets: &[Target<'_>],
        t0_s: f64,
        t1_s: f64,
        rng: &mut SensorRng,
    ) -> Vec<Detection> {
        // Interleave the faces' looks in time order; each look draws in a fixed order.
        let mut looks: Vec<(f64, usize)> = self
            .faces
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                look_times(self.revisit_s, f.scan_phase_s, t0_s, t1_s).map(move |t| (t, i))
            })
            .collect();
        looks.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        for (t, i) in looks {
            let mut d = self.look(tag, &self.faces[i], targets, t, rng);
            crate::measurement::sort_detections(&mut d);
            out.extend(d);
        }
        out
    }
}
