//! The MSEL (master scenario events list) of an exercise: injects scheduled at simulation
//! times, each with the responses expected of the crew and of the system, which the
//! after-action report scores. TOML in the scenario file's style, checked against the
//! scenario with located errors. Format in `docs/msel.md`.

use crate::inject::{inputs, resolve};
use crate::wire::{AlertState, Inject, InjectRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use toml::Spanned;
use vigil_sim::engine::Input;
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::check::Problem;

/// An alert level of the ladder an expectation names: `event` (one phenomenology: a launch
/// detected by infrared, or a radar track confirmed), `assessment` (a radar track whose launch
/// agrees with an infrared launch event), `warning` (an impact predicted for an area or
/// region).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// `launch-detected` and `track-confirmed` alerts.
    Event,
    /// `launch-assessed` alerts.
    Assessment,
    /// `impact-predicted` and `updated` alerts.
    Warning,
}

impl Level {
    /// The level of an alert kind (as the wire names it); None for `cancelled`.
    pub fn of_kind(kind: &str) -> Option<Level> {
        match kind {
            "launch-detected" | "track-confirmed" => Some(Level::Event),
            "launch-assessed" => Some(Level::Assessment),
            "impact-predicted" | "updated" => Some(Level::Warning),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Level::Event => "event",
            Level::Assessment => "assessment",
            Level::Warning => "warning",
        }
    }
}

/// A response expected of one scheduled inject.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// The first alert the inject raises (in `architecture`, or in any) is acknowledged within
    /// `within_s` simulation seconds of being raised.
    Acknowledged {
        /// Allowed latency, s.
        within_s: f64,
        /// Only this architecture's alerts (id).
        architecture: Option<String>,
    },
    /// No alert the inject raises goes beyond `level` (in `architecture`, or in each).
    NotBeyond {
        /// The highest level allowed.
        level: Level,
        /// Only this architecture (id).
        architecture: Option<String>,
    },
    /// The inject's launch gets a warning naming `area` (in `architecture`, or in each),
    /// at least `min_warning_s` before its true impact.
    WarningFor {
        /// Defended area id.
        area: String,
        /// Only this architecture (id).
        architecture: Option<String>,
        /// Least warning time, s (none: any).
        min_warning_s: Option<f64>,
    },
}

impl std::fmt::Display for Expectation {
    /// The expectation in the MSEL's words, e.g. `warning_for = "area-east", min_warning_s = 300`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expectation::Acknowledged { within_s, .. } => {
                write!(f, "acknowledged_within_s = {within_s}")
            }
            Expectation::NotBeyond { level, .. } => write!(f, "not_beyond = {:?}", level.name()),
            Expectation::WarningFor {
                area,
                min_warning_s,
                ..
            } => {
                write!(f, "warning_for = {area:?}")?;
                if let Some(m) = min_warning_s {
                    write!(f, ", min_warning_s = {m}")?;
                }
                Ok(())
            }
        }?;
        match self {
            Expectation::NotBeyond {
                architecture: Some(a),
                ..
            }
            | Expectation::WarningFor {
                architecture: Some(a),
                ..
            }
            | Expectation::Acknowledged {
                architecture: Some(a),
                ..
            } => write!(f, ", architecture = {a:?}"),
            _ => Ok(()),
        }
    }
}

/// One scheduled inject.
#[derive(Debug, Clone, PartialEq)]
pub struct MselEvent {
    /// Id, unique in the MSEL (also the id of a launch it injects without one).
    pub id: String,
    /// Simulation time it is injected at, s.
    pub at_s: f64,
    /// What it stands for, for people.
    pub title: String,
    /// The inject (its `"now"` is `at_s`).
    pub inject: Inject,
    /// The responses expected.
    pub expect: Vec<Expectation>,
}

/// A checked MSEL: its events in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Msel {
    /// Its name.
    pub name: String,
    /// What it exercises, for people.
    pub description: String,
    /// The events, by `at_s` (file order at equal times).
    pub events: Vec<MselEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileHeader {
    name: String,
    #[serde(default)]
    scenario: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    msel: FileHeader,
    #[serde(default)]
    event: Vec<Spanned<FileEvent>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEvent {
    id: Spanned<String>,
    at_s: Spanned<f64>,
    #[serde(default)]
    title: String,
    inject: Spanned<Inject>,
    #[serde(default)]
    expect: Vec<Spanned<FileExpect>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileExpect {
    #[serde(default)]
    acknowledged_within_s: Option<f64>,
    #[serde(default)]
    not_beyond: Option<Level>,
    #[serde(default)]
    warning_for: Option<String>,
    #[serde(default)]
    architecture: Option<String>,
    #[serde(default)]
    min_warning_s: Option<f64>,
}

fn problem(span: std::ops::Range<usize>, rule: &'static str, message: String) -> Problem {
    Problem {
        span,
        rule,
        message,
    }
}

/// Reads and checks the MSEL `text` against scenario `s`: every problem, located.
pub fn parse(text: &str, s: &Scenario) -> Result<Msel, Vec<Problem>> {
    let file: File = toml::from_str(text).map_err(|e| {
        vec![problem(
            e.span().unwrap_or(0..0),
            "syntax",
            e.message().to_string(),
        )]
    })?;
    let mut problems = Vec::new();
    if let Some(name) = &file.msel.scenario
        && name.get_ref() != &s.name
    {
        problems.push(problem(
            name.span(),
            "reference",
            format!(
                "written for scenario {:?}, but the exercise runs {:?}",
                name.get_ref(),
                s.name
            ),
        ));
    }
    let mut ids = BTreeSet::new();
    // The scenario as the injects so far leave it, to check later ones (duplicate ids).
    let mut scratch = s.clone();
    let mut order: Vec<usize> = (0..file.event.len()).collect();
    order.sort_by(|&a, &b| {
        file.event[a]
            .get_ref()
            .at_s
            .get_ref()
            .total_cmp(file.event[b].get_ref().at_s.get_ref())
    });
    let mut events = Vec::new();
    for (n, &k) in order.iter().enumerate() {
        let e = file.event[k].get_ref();
        let before = problems.len();
        let id = e.id.get_ref();
        if !ids.insert(id.clone()) {
            problems.push(problem(
                e.id.span(),
                "duplicate",
                format!("event id {id:?} is used twice"),
            ));
        }
        let at_s = *e.at_s.get_ref();
        if !(0.0..s.duration_s).contains(&at_s) {
            problems.push(problem(
                e.at_s.span(),
                "range",
                format!(
                    "{at_s} s: an event is injected from 0 s to before the end of the scenario ({} s)",
                    s.duration_s
                ),
            ));
        }
        let inject = with_default_id(e.inject.get_ref(), id);
        if problems.len() == before {
            check_inject(&inject, &e.inject, at_s, n + 1, &mut scratch, &mut problems);
        }
        let mut expect = Vec::new();
        for x in &e.expect {
            match expectation(x.get_ref(), &inject, s) {
                Ok(v) => expect.push(v),
                Err(m) => problems.push(problem(x.span(), "value", m)),
            }
        }
        events.push(MselEvent {
            id: id.clone(),
            at_s,
            title: e.title.clone(),
            inject,
            expect,
        });
    }
    if problems.is_empty() {
        Ok(Msel {
            name: file.msel.name,
            description: file.msel.description,
            events,
        })
    } else {
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        Err(problems)
    }
}

/// A launch inject without an id takes the event's id.
fn with_default_id(inject: &Inject, id: &str) -> Inject {
    let mut x = inject.clone();
    if let Inject::Launch { id: launch_id, .. } = &mut x {
        launch_id.get_or_insert_with(|| id.to_owned());
    }
    x
}

/// Checks that `inject` applies at `at_s` as the exercise would apply it, and that its
/// launch can be flown; adds its launch to `scratch`.
fn check_inject(
    inject: &Inject,
    spanned: &Spanned<Inject>,
    at_s: f64,
    n: usize,
    scratch: &mut Scenario,
    problems: &mut Vec<Problem>,
) {
    let resolved = resolve(inject, at_s, n);
    match inputs(&resolved, scratch, at_s, n) {
        Err(e) => problems.push(problem(
            spanned.span(),
            e.rule,
            format!("inject {}: {}", e.field, e.message),
        )),
        Ok(v) => {
            for input in v {
                let (Input::Launch(l) | Input::Phantom { launch: l, .. }) = input else {
                    continue;
                };
                if let Err(e) = vigil_sim::truth::fly_launch(&l) {
                    problems.push(problem(spanned.span(), "reach", format!("inject: {e}")));
                } else if matches!(resolved, Inject::Launch { .. }) {
                    scratch.launches.push(*l);
                }
            }
        }
    }
}

fn expectation(x: &FileExpect, inject: &Inject, s: &Scenario) -> Result<Expectation, String> {
    let kinds = [
        x.acknowledged_within_s.is_some(),
        x.not_beyond.is_some(),
        x.warning_for.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err(
            "an expectation names exactly one of acknowledged_within_s, not_beyond, warning_for"
                .into(),
        );
    }
    if let Some(a) = &x.architecture
        && !s.architectures.iter().any(|x| &x.id == a)
    {
        let known: Vec<&str> = s.architectures.iter().map(|x| x.id.as_str()).collect();
        return Err(format!(
            "unknown architecture {a:?}; known: {}",
            known.join(", ")
        ));
    }
    if x.min_warning_s.is_some() && x.warning_for.is_none() {
        return Err("min_warning_s goes with warning_for".into());
    }
    let architecture = x.architecture.clone();
    if let Some(w) = x.acknowledged_within_s {
        if !(w.is_finite() && w > 0.0) {
            return Err(format!(
                "acknowledged_within_s = {w}: a positive number of seconds"
            ));
        }
        return Ok(Expectation::Acknowledged {
            within_s: w,
            architecture,
        });
    }
    if let Some(level) = x.not_beyond {
        return Ok(Expectation::NotBeyond {
            level,
            architecture,
        });
    }
    let area = x.warning_for.clone().unwrap_or_default();
    if !s.defended_areas.iter().any(|d| d.id == area) {
        let known: Vec<&str> = s.defended_areas.iter().map(|d| d.id.as_str()).collect();
        return Err(format!(
            "unknown defended area {area:?}; known: {}",
            known.join(", ")
        ));
    }
    if !matches!(inject, Inject::Launch { .. }) {
        return Err("warning_for applies to launch injects (others have no impact)".into());
    }
    if let Some(m) = x.min_warning_s
        && !(m.is_finite() && m >= 0.0)
    {
        return Err(format!("min_warning_s = {m}: zero or more seconds"));
    }
    Ok(Expectation::WarningFor {
        area,
        architecture,
        min_warning_s: x.min_warning_s,
    })
}

/// How one expectation of one event went, in one architecture (or for the crew).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// MSEL event id.
    pub event: String,
    /// The expectation, in the MSEL's words (e.g. `acknowledged_within_s = 60`).
    pub expected: String,
    /// The architecture scored (empty: any, for acknowledgements).
    pub architecture: String,
    /// Whether the event was injected (false: not yet, the exercise ended first, or it was
    /// refused).
    pub fired: bool,
    /// `met`, `missed`, or (while the exercise runs) `open`: not decided yet.
    pub status: String,
    /// Whether the expectation was met (`status` is `met`).
    pub met: bool,
    /// What happened, for people.
    pub detail: String,
}

/// What the inject numbered `n` raised: its launch or phantom id (as alerts' truth names it).
fn cause_id(inject: &Inject, n: usize) -> Option<String> {
    match inject {
        Inject::Launch { id, .. } => id.clone(),
        Inject::InfraredFalseEvent { .. } | Inject::SpuriousTrack { .. } => {
            Some(crate::inject::phantom_id(n))
        }
        Inject::SensorOutage { .. } | Inject::LinkOutage { .. } => None,
    }
}

/// What scoring reads of an exercise: its injects in order and its alerts with their
/// acknowledgements (controllers' view: with truth), the true impact time of each launch by
/// id, and the simulation time reached.
#[derive(Clone, Copy)]
pub struct Exercised<'a> {
    /// Every inject, in log order.
    pub injects: &'a [InjectRecord],
    /// Every alert, in log order, with its acknowledgement.
    pub alerts: &'a [AlertState],
    /// True impact time of launch `id`, s.
    pub impact_time_s: &'a dyn Fn(&str) -> Option<f64>,
    /// Simulation time reached, s; None when the exercise is over (nothing stays open).
    pub now_s: Option<f64>,
}

/// Scores every expectation of `msel` against what happened (`x`) on scenario `s`. While
/// the exercise runs, an expectation not decided yet is `open`; at the end it is met or
/// missed.
pub fn score(msel: &Msel, x: &Exercised<'_>, s: &Scenario) -> Vec<Score> {
    let mut out = Vec::new();
    for e in &msel.events {
        // Its inject's number among all injects (1, 2, …) names its phantom.
        let fired = x
            .injects
            .iter()
            .position(|i| i.msel.as_ref() == Some(&e.id))
            .map(|k| k + 1);
        let cause = fired.and_then(|n| cause_id(&e.inject, n));
        for expectation in &e.expect {
            for architecture in scored_in(expectation, s) {
                let mine: Vec<&AlertState> = x
                    .alerts
                    .iter()
                    .filter(|a| cause.is_some() && a.alert.truth == cause)
                    .filter(|a| architecture.is_empty() || a.alert.architecture == architecture)
                    .collect();
                let (status, detail) = match fired {
                    None if x.now_s.is_some_and(|t| t < e.at_s) => ("open", "to come".into()),
                    None => ("missed", "not injected".into()),
                    Some(_) => judge(expectation, &mine, x, cause.as_deref()),
                };
                out.push(Score {
                    event: e.id.clone(),
                    expected: expectation.to_string(),
                    architecture,
                    fired: fired.is_some(),
                    status: status.into(),
                    met: status == "met",
                    detail,
                });
            }
        }
    }
    out
}

/// The architectures expectation `x` is scored in ("" = any, for acknowledgements).
fn scored_in(x: &Expectation, s: &Scenario) -> Vec<String> {
    match x {
        Expectation::Acknowledged { architecture, .. } => {
            vec![architecture.clone().unwrap_or_default()]
        }
        Expectation::NotBeyond { architecture, .. }
        | Expectation::WarningFor { architecture, .. } => match architecture {
            Some(a) => vec![a.clone()],
            None => s.architectures.iter().map(|x| x.id.clone()).collect(),
        },
    }
}

/// The status of expectation `e` (`met`, `missed` or `open`) and what happened, given the
/// alerts its inject raised in the architecture scored (`mine`, in log order).
fn judge(
    e: &Expectation,
    mine: &[&AlertState],
    x: &Exercised<'_>,
    cause: Option<&str>,
) -> (&'static str, String) {
    let running = x.now_s.is_some();
    let open_or = |missed: &'static str| if running { "open" } else { missed };
    match e {
        Expectation::Acknowledged { within_s, .. } => {
            let Some(first) = mine.first() else {
                return (open_or("missed"), "no alert raised".into());
            };
            let id = &first.alert.id;
            match first.acknowledged_at_s {
                Some(t) => {
                    let latency = t - first.alert.t_s;
                    let status = if latency <= *within_s {
                        "met"
                    } else {
                        "missed"
                    };
                    (
                        status,
                        format!("alert {id} acknowledged after {latency:.0} s"),
                    )
                }
                None if x.now_s.is_some_and(|t| t - first.alert.t_s <= *within_s) => {
                    ("open", format!("alert {id} not acknowledged yet"))
                }
                None => ("missed", format!("alert {id} never acknowledged")),
            }
        }
        Expectation::NotBeyond { level, .. } => {
            match mine
                .iter()
                .filter_map(|a| Level::of_kind(&a.alert.kind))
                .max()
            {
                None => (open_or("met"), "no alert raised".into()),
                Some(l) if l > *level => (
                    "missed",
                    format!("highest level {} ({} alerts)", l.name(), mine.len()),
                ),
                Some(l) => (
                    open_or("met"),
                    format!("highest level {} ({} alerts)", l.name(), mine.len()),
                ),
            }
        }
        Expectation::WarningFor {
            area,
            min_warning_s,
            ..
        } => {
            let impact_s = cause.and_then(|c| (x.impact_time_s)(c));
            let warning = mine.iter().find(|a| {
                Level::of_kind(&a.alert.kind) == Some(Level::Warning)
                    && a.alert.area.as_ref() == Some(area)
            });
            let Some(w) = warning else {
                let still = x.now_s.zip(impact_s).is_some_and(|(t, i)| t < i);
                let status = if still { "open" } else { "missed" };
                return (status, format!("no warning named {area}"));
            };
            let Some(impact_s) = impact_s else {
                return ("missed", "the launch's impact is not known".into());
            };
            let warning_s = impact_s - w.alert.t_s;
            let met = min_warning_s.is_none_or(|m| warning_s >= m);
            (
                if met { "met" } else { "missed" },
                format!(
                    "alert {} at {:.0} s: {:.1} min of warning",
                    w.alert.id,
                    w.alert.t_s,
                    warning_s / 60.0
                ),
            )
        }
    }
}
