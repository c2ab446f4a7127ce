//! Injects: checking one against the scenario, resolving its times, and turning it into
//! engine inputs. The exercise and the after-action report use the same functions, so a
//! logged inject gives the same inputs when the log is read again.

use crate::wire::{Inject, LatLon, Now, When};
use vigil_earth::Geodetic;
use vigil_flight::targeting::{Constraint, Profile};
use vigil_flight::vehicle::{MissileClass, builtin_classes};
use vigil_sim::engine::{Input, PhantomScope};
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::ProfileSpec;
use vigil_sim::scenario::model::{ClassSpread, Launch};

/// Why an inject was refused: the field and the rule it broke.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize)]
#[error("{field}: {message} [{rule}]")]
pub struct InjectError {
    /// The field, e.g. `from.lat_deg`.
    pub field: String,
    /// The rule: `range`, `reference`, `duplicate`, `id`, `value`, `reach`, `engine`.
    pub rule: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

fn refuse(field: &str, rule: &'static str, message: String) -> InjectError {
    InjectError {
        field: field.into(),
        rule,
        message,
    }
}

/// The id of the phantom launch of inject number `n` (false infrared events and spurious
/// tracks): alerts it raises name it as their truth.
pub fn phantom_id(n: usize) -> String {
    format!("phantom-{n}")
}

/// The inject with every `"now"` replaced by a time: `now_s` (the current simulation time),
/// or for launches and phantoms the next whole second after it; a launch without an id gets
/// `inject-<n>`.
pub fn resolve(inject: &Inject, now_s: f64, n: usize) -> Inject {
    let at = |w: &When, launch: bool| match w {
        When::At(t) => When::At(*t),
        When::Now(Now::Now) if launch => When::At(now_s.floor() + 1.0),
        When::Now(Now::Now) => When::At(now_s),
    };
    let mut x = inject.clone();
    match &mut x {
        Inject::Launch { id, time, .. } => {
            *time = at(time, true);
            id.get_or_insert_with(|| format!("inject-{n}"));
        }
        Inject::InfraredFalseEvent { time, .. } | Inject::SpuriousTrack { time, .. } => {
            *time = at(time, true);
        }
        Inject::SensorOutage { start, .. } | Inject::LinkOutage { start, .. } => {
            *start = at(start, false);
        }
    }
    x
}

/// The engine inputs of a resolved inject (see [`resolve`]) on scenario `s` (the engine's,
/// with the launches injected so far), checked: times from `now_s` to the end of the
/// scenario, known ids, points on the globe. `n` numbers phantom launches.
pub fn inputs(
    inject: &Inject,
    s: &Scenario,
    now_s: f64,
    n: usize,
) -> Result<Vec<Input>, InjectError> {
    let time = |field: &str, w: &When| -> Result<f64, InjectError> {
        let When::At(t) = *w else {
            return Err(refuse(field, "value", "time not resolved".into()));
        };
        if !t.is_finite() || t < now_s || t > s.duration_s {
            return Err(refuse(
                field,
                "range",
                format!(
                    "{t} s is not between now ({now_s} s) and the end of the scenario ({} s)",
                    s.duration_s
                ),
            ));
        }
        Ok(t)
    };
    let end = |start: f64, duration_s: &Option<f64>| -> Result<f64, InjectError> {
        match *duration_s {
            None => Ok(f64::INFINITY),
            Some(d) if d.is_finite() && d > 0.0 => Ok(start + d),
            Some(d) => Err(refuse(
                "duration_s",
                "range",
                format!("{d} s: a duration must be a positive number of seconds"),
            )),
        }
    };
    let network = |field: &str, id: &str| {
        s.networks.iter().position(|n| n == id).ok_or_else(|| {
            refuse(
                field,
                "reference",
                format!("unknown network {id:?}; known: {}", s.networks.join(", ")),
            )
        })
    };
    // Data with no missile behind them: a minimum-energy flight seen only by `scope`.
    let phantom = |scope, missile: &str, from: &LatLon, to: &LatLon, w: &When| {
        let t = time("time", w)?;
        let l = launch(
            s,
            phantom_id(n),
            missile,
            from,
            to,
            t,
            ProfileSpec::MinEnergy,
        )?;
        Ok::<_, InjectError>(vec![Input::Phantom {
            launch: Box::new(l),
            scope,
        }])
    };
    Ok(match inject {
        Inject::Launch {
            id,
            missile,
            from,
            to,
            time: w,
            profile,
        } => {
            let id = id.clone().unwrap_or_else(|| format!("inject-{n}"));
            if let Some(why) = vigil_sim::scenario::ids::id_problem(&id) {
                return Err(refuse(
                    "id",
                    "id",
                    format!("launch id {id:?} is not a safe id: {why}"),
                ));
            }
            if s.launches.iter().any(|l| l.id == id) {
                return Err(refuse(
                    "id",
                    "duplicate",
                    format!("launch id {id:?} is already in the exercise"),
                ));
            }
            let t = time("time", w)?;
            vec![Input::Launch(Box::new(launch(
                s, id, missile, from, to, t, *profile,
            )?))]
        }
        Inject::InfraredFalseEvent {
            from,
            to,
            time: w,
            missile,
        } => phantom(PhantomScope::Infrared, missile, from, to, w)?,
        Inject::SpuriousTrack {
            network: net,
            from,
            to,
            time: w,
            missile,
        } => {
            let k = network("network", net)?;
            phantom(PhantomScope::RadarsOf(k), missile, from, to, w)?
        }
        Inject::SensorOutage {
            sensor,
            start,
            duration_s,
        } => {
            let k = s
                .sensors
                .iter()
                .position(|x| &x.id == sensor)
                .ok_or_else(|| {
                    let known: Vec<&str> = s.sensors.iter().map(|x| x.id.as_str()).collect();
                    refuse(
                        "sensor",
                        "reference",
                        format!("unknown sensor {sensor:?}; known: {}", known.join(", ")),
                    )
                })?;
            let t0 = time("start", start)?;
            let t1 = end(t0, duration_s)?;
            let mut v = vec![Input::SensorDown {
                sensor: k,
                at_s: t0,
            }];
            if t1.is_finite() {
                v.push(Input::SensorUp {
                    sensor: k,
                    at_s: t1,
                });
            }
            v
        }
        Inject::LinkOutage {
            architecture,
            network: net,
            start,
            duration_s,
        } => {
            let a = s
                .architectures
                .iter()
                .position(|x| &x.id == architecture)
                .ok_or_else(|| {
                    let known: Vec<&str> = s.architectures.iter().map(|x| x.id.as_str()).collect();
                    refuse(
                        "architecture",
                        "reference",
                        format!(
                            "unknown architecture {architecture:?}; known: {}",
                            known.join(", ")
                        ),
                    )
                })?;
            let k = network("network", net)?;
            if !s.architectures[a].networks.contains(&k) {
                return Err(refuse(
                    "network",
                    "reference",
                    format!("network {net:?} is not one of architecture {architecture:?}'s"),
                ));
            }
            let t0 = time("start", start)?;
            let t1 = end(t0, duration_s)?;
            let mut v = vec![Input::LinkDown {
                architecture: a,
                network: k,
                at_s: t0,
            }];
            if t1.is_finite() {
                v.push(Input::LinkUp {
                    architecture: a,
                    network: k,
                    at_s: t1,
                });
            }
            v
        }
    })
}

/// The missile classes an inject may name: the built-in ones and those of the scenario's
/// launches.
fn classes(s: &Scenario) -> Vec<MissileClass> {
    let mut c = builtin_classes();
    c.extend(s.launches.iter().map(|l| l.class.clone()));
    c
}

fn point(field: &str, p: &LatLon) -> Result<Geodetic, InjectError> {
    if !(p.lat_deg.abs() <= 90.0) {
        return Err(refuse(
            &format!("{field}.lat_deg"),
            "range",
            format!("{}: a latitude is between -90 and 90 degrees", p.lat_deg),
        ));
    }
    if !(p.lon_deg.abs() <= 180.0) {
        return Err(refuse(
            &format!("{field}.lon_deg"),
            "range",
            format!("{}: a longitude is between -180 and 180 degrees", p.lon_deg),
        ));
    }
    Ok(Geodetic {
        lat_rad: p.lat_deg.to_radians(),
        lon_rad: p.lon_deg.to_radians(),
        h_m: 0.0,
    })
}

fn launch(
    s: &Scenario,
    id: String,
    missile: &str,
    from: &LatLon,
    to: &LatLon,
    time_s: f64,
    profile: ProfileSpec,
) -> Result<Launch, InjectError> {
    let all = classes(s);
    let class = all.iter().rev().find(|c| c.id == missile).ok_or_else(|| {
        let mut known: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
        known.dedup();
        refuse(
            "missile",
            "reference",
            format!(
                "unknown missile class {missile:?}; known: {}",
                known.join(", ")
            ),
        )
    })?;
    let (from, to) = (point("from", from)?, point("to", to)?);
    let apart = vigil_earth::EarthShape::Wgs84.path(&from, &to).distance_m;
    if apart < 10_000.0 {
        return Err(refuse(
            "to",
            "value",
            format!(
                "aim point is {:.1} km from the launch point; at least 10 km",
                apart / 1e3
            ),
        ));
    }
    Ok(Launch {
        id,
        class: class.clone(),
        from,
        to,
        time_s,
        profile: match profile {
            ProfileSpec::MinEnergy => Profile::MinEnergy,
            ProfileSpec::Lofted => Profile::Lofted,
            ProfileSpec::Depressed => Profile::Depressed,
        },
        constraint: Constraint::None,
        time_jitter_s: 0.0,
        from_radius_m: 0.0,
        to_radius_m: 0.0,
        class_spread: ClassSpread::default(),
    })
}
