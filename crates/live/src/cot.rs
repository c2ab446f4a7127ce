//! The Cursor-on-Target gateway: the exercise's tracks and alerts as CoT 2.0 XML events,
//! streamed over TCP to a TAK server (or any CoT peer) so TAK clients show Vigil's picture.
//!
//! The gateway reads the records the server publishes to its WebSocket clients, as an
//! operator sees them (no truth), and derives nothing again: [`Encoder`] turns each track
//! update and each located alert into one event; [`Gateway`] queues the events (bounded,
//! the oldest dropped first, with a count on stderr) and writes them to its peer,
//! reconnecting whenever the peer goes away. It keeps the current picture (each uid's
//! newest event until it is stale), sends it first on every connection and again every
//! [`REFRESH_EVERY`], so nothing lost with a broken connection stays lost while it is in
//! force. It never holds up the exercise. Event types,
//! uids, times and error figures are documented in `docs/cot.md`.

use crate::wire::{AlertEvent, Body, ImpactEvent, Record, TrackEvent};
use hifitime::{Duration as Span, Epoch};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{Notify, broadcast};
use tokio::task::JoinHandle;
use vigil_earth::{Ecef, Geodetic, Position};

/// A track event is stale this long after its update, simulation s (the console's rule).
pub const TRACK_STALE_S: f64 = crate::picture::TRACK_STALE_S;
/// An impact ellipse is stale this long after the predicted impact time, s.
pub const IMPACT_STALE_AFTER_S: f64 = 60.0;
/// An infrared launch-area marker is stale this long after the alert, s.
pub const LAUNCH_STALE_S: f64 = 600.0;
/// CoT's value for an error that is not known, m.
pub const UNKNOWN_ERROR_M: f64 = 9_999_999.0;
/// Events held while the peer is slow or away; past this the oldest are dropped.
pub const QUEUE_CAPACITY: usize = 4096;
/// √χ²₂(0.95) = √(−2 ln 0.05): the 95 % ellipse's semi-axes in standard deviations.
const SIGMAS_95: f64 = 2.447_746_830_680_816;
/// Waiting times between connection attempts: from the first to the last, doubling.
const RETRY_FIRST: Duration = Duration::from_millis(250);
const RETRY_LAST: Duration = Duration::from_secs(5);
/// How long one connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Least time between two log lines about dropped events.
const DROP_LOG_EVERY: Duration = Duration::from_secs(10);
/// How often a connected gateway sends the current picture again, wall time.
pub const REFRESH_EVERY: Duration = Duration::from_secs(10);

/// Where the gateway sends its events: `tcp://HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
}

/// Why a target does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?}: expected tcp://HOST:PORT (e.g. tcp://127.0.0.1:8087)")]
pub struct TargetError(pub String);

impl FromStr for Target {
    type Err = TargetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TargetError(s.into());
        let rest = s.strip_prefix("tcp://").ok_or_else(bad)?;
        let (host, port) = rest.rsplit_once(':').ok_or_else(bad)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = port.parse().map_err(|_| bad())?;
        if host.is_empty() || port == 0 || host.contains('/') {
            return Err(bad());
        }
        Ok(Self {
            host: host.into(),
            port,
        })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "tcp://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "tcp://{}:{}", self.host, self.port)
        }
    }
}

/// Turns records into CoT events. It remembers, per architecture and track, the impact
/// prediction in force (from the latest impact alert, until cancelled): it goes into the
/// track's remarks and makes the track hostile.
#[derive(Debug, Clone)]
pub struct Encoder {
    /// `vigil.<scenario>`: the start of every uid.
    prefix: String,
    /// `e-<scenario>`: the events' `opex` (exercise data).
    opex: String,
    epoch: Epoch,
    impacts: HashMap<(String, u64), ImpactEvent>,
}

/// One CoT event: a complete XML document (with its declaration and a final newline), its
/// uid and the simulation time at which it goes stale, s.
#[derive(Debug, Clone, PartialEq)]
pub struct Cot {
    /// The event's uid: a later event of the same uid replaces it.
    pub uid: String,
    /// Simulation time at which the event goes stale, s after the epoch.
    pub stale_s: f64,
    /// The XML document.
    pub xml: Vec<u8>,
}

/// The attributes of an event's `point`.
struct Point {
    lat_deg: f64,
    lon_deg: f64,
    hae_m: f64,
    ce_m: f64,
    le_m: f64,
}

impl Encoder {
    /// An encoder for scenario `name` whose simulation time 0 is `epoch` (UTC).
    pub fn new(name: &str, epoch: Epoch) -> Self {
        let name = uid_part(name);
        Self {
            prefix: format!("vigil.{name}"),
            opex: format!("e-{name}"),
            epoch,
            impacts: HashMap::new(),
        }
    }

    /// The uid of track `track` of architecture `architecture`.
    pub fn track_uid(&self, architecture: &str, track: u64) -> String {
        format!("{}.{}.track.{track}", self.prefix, uid_part(architecture))
    }

    /// The CoT event of record `r` (a complete XML document), if it has one: track updates
    /// and alerts with a place (an impact prediction or a launch area), as operators see
    /// them.
    pub fn encode(&mut self, r: &Record) -> Option<Cot> {
        match r.body.for_operator()? {
            Body::Track(t) => self.track(&t).ok(),
            Body::Alert(a) => self.alert(&a)?.ok(),
            _ => None,
        }
    }

    fn track(&self, t: &TrackEvent) -> io::Result<Cot> {
        let key = (t.architecture.clone(), t.track);
        let impact = self.impacts.get(&key);
        let confirmed = t.status == "confirmed";
        let kind = match (confirmed, impact.is_some()) {
            (false, _) => "a-u-A",
            (true, false) => "a-u-A-W-M",
            (true, true) => "a-h-A-W-M",
        };
        let r = Position::<Ecef>::new(t.ecef_m[0], t.ecef_m[1], t.ecef_m[2]);
        let g = Geodetic::from_ecef(&r);
        let [e, n, u] = g.enu_axes();
        // Standard deviations along east, north and up from those along the ECEF axes (the
        // wire carries no correlations between axes).
        let along = |axis: &vigil_earth::math::Vec3| {
            (0..3)
                .map(|i| (axis[i] * t.sigma[i]).powi(2))
                .sum::<f64>()
                .sqrt()
        };
        let (se, sn, su) = (along(&e), along(&n), along(&u));
        let v = vigil_earth::math::Vec3::new(
            t.ecef_velocity_mps[0],
            t.ecef_velocity_mps[1],
            t.ecef_velocity_mps[2],
        );
        let (ve, vn) = (v.dot(&e), v.dot(&n));
        let course_deg = ve.atan2(vn).to_degrees().rem_euclid(360.0);
        let speed_mps = ve.hypot(vn);
        let mut remarks = format!(
            "Vigil exercise (simulated). Architecture {}, track {} {}, phase {}, object {}, last sensor {}",
            t.architecture, t.track, t.status, t.phase, t.object, t.sensor
        );
        if let Some(i) = impact {
            remarks.push_str(&format!(". Predicted impact {}", self.impact_words(i)));
        }
        remarks.push('.');
        let callsign = format!("{} T{}", t.architecture, t.track);
        let point = Point {
            lat_deg: g.lat_deg(),
            lon_deg: g.lon_deg(),
            hae_m: g.h_m,
            ce_m: circular_sigma(se, sn),
            le_m: su,
        };
        self.event(
            &self.track_uid(&t.architecture, t.track),
            kind,
            t.t_s,
            t.t_s + TRACK_STALE_S,
            &point,
            |w| {
                w.create_element("contact")
                    .with_attribute(("callsign", callsign.as_str()))
                    .write_empty()?;
                w.create_element("track")
                    .with_attribute(("course", fixed(course_deg, 2).as_str()))
                    .with_attribute(("speed", fixed(speed_mps, 2).as_str()))
                    .write_empty()?;
                w.create_element("remarks")
                    .write_text_content(BytesText::new(&remarks))?;
                Ok(())
            },
        )
    }

    /// The event of alert `a`: its impact ellipse, the removal of a cancelled one, or its
    /// launch area; None when it has no place.
    fn alert(&mut self, a: &AlertEvent) -> Option<io::Result<Cot>> {
        let arch = uid_part(&a.architecture);
        let key = a.track.map(|t| (a.architecture.clone(), t));
        let impact_uid = match a.track {
            Some(t) => format!("{}.{arch}.impact.{t}", self.prefix),
            None => format!("{}.{arch}.impact.alert-{}", self.prefix, a.index),
        };
        let mut words = format!(
            "Vigil exercise (simulated). Alert {} {} of architecture {}",
            a.id, a.kind, a.architecture
        );
        if let Some(t) = a.track {
            words.push_str(&format!(", track {t}"));
        }
        if let Some(area) = &a.area {
            words.push_str(&format!(", area {area} (probability {:.2})", a.probability));
        }
        if let Some(p) = a.p_stage {
            words.push_str(&format!(", object {} (stage probability {p:.2})", a.object));
        }
        if !a.sensors.is_empty() {
            words.push_str(&format!(", sensors {}", a.sensors.join(" ")));
        }
        if a.kind == "cancelled" {
            // Sent again stale at once: TAK clients take the ellipse off the map.
            let old = key.and_then(|k| self.impacts.remove(&k)).or(a.impact)?;
            words.push_str(". Impact prediction withdrawn.");
            return Some(self.ellipse(&impact_uid, a, &old, a.t_s, &words));
        }
        if let Some(i) = a.impact {
            if let Some(k) = key {
                self.impacts.insert(k, i);
            }
            words.push_str(&format!(". Predicted impact {}", self.impact_words(&i)));
            if let Some(l) = a.launch_area {
                words.push_str(&format!(
                    ". Estimated launch area {}",
                    lat_lon_words(l.lat_deg, l.lon_deg)
                ));
            }
            words.push('.');
            let stale = (i.t_s + IMPACT_STALE_AFTER_S).max(a.t_s + TRACK_STALE_S);
            return Some(self.ellipse(&impact_uid, a, &i, stale, &words));
        }
        let l = a.launch_area?;
        if let Some(az) = a.azimuth_deg {
            words.push_str(&format!(", heading {az:.0}°"));
        }
        words.push_str(". Estimated launch area.");
        let uid = format!("{}.{arch}.launch.{}", self.prefix, a.index);
        let callsign = format!("{} LAUNCH {}", a.architecture, a.index);
        let point = Point {
            lat_deg: l.lat_deg,
            lon_deg: l.lon_deg,
            hae_m: 0.0,
            ce_m: UNKNOWN_ERROR_M,
            le_m: UNKNOWN_ERROR_M,
        };
        Some(self.event(
            &uid,
            "b-m-p-s-m",
            a.t_s,
            a.t_s + LAUNCH_STALE_S,
            &point,
            |w| {
                w.create_element("contact")
                    .with_attribute(("callsign", callsign.as_str()))
                    .write_empty()?;
                w.create_element("remarks")
                    .write_text_content(BytesText::new(&words))?;
                Ok(())
            },
        ))
    }

    /// The impact ellipse event `uid` of alert `a`: impact `i`, stale at `stale_s`.
    fn ellipse(
        &self,
        uid: &str,
        a: &AlertEvent,
        i: &ImpactEvent,
        stale_s: f64,
        words: &str,
    ) -> io::Result<Cot> {
        let (major_m, minor_m) = (i.semi_major_km * 1e3, i.semi_minor_km * 1e3);
        let callsign = match a.track {
            Some(t) => format!("{} IMPACT T{t}", a.architecture),
            None => format!("{} IMPACT", a.architecture),
        };
        let point = Point {
            lat_deg: i.lat_deg,
            lon_deg: i.lon_deg,
            hae_m: 0.0,
            ce_m: circular_sigma(major_m / SIGMAS_95, minor_m / SIGMAS_95),
            le_m: UNKNOWN_ERROR_M,
        };
        self.event(uid, "u-d-c-e", a.t_s, stale_s, &point, |w| {
            w.create_element("contact")
                .with_attribute(("callsign", callsign.as_str()))
                .write_empty()?;
            w.create_element("shape").write_inner_content(|w| {
                w.create_element("ellipse")
                    .with_attribute(("major", fixed(major_m, 1).as_str()))
                    .with_attribute(("minor", fixed(minor_m, 1).as_str()))
                    .with_attribute((
                        "angle",
                        fixed(i.major_azimuth_deg.rem_euclid(360.0), 2).as_str(),
                    ))
                    .write_empty()?;
                Ok(())
            })?;
            w.create_element("strokeColor")
                .with_attribute(("value", "-65536"))
                .write_empty()?;
            w.create_element("remarks")
                .write_text_content(BytesText::new(words))?;
            Ok(())
        })
    }

    /// `50.0123°N 30.0456°E at 2026-01-01T00:20:00.000Z ± 5 s, 95 % ellipse 20.1 × 8.2 km`.
    fn impact_words(&self, i: &ImpactEvent) -> String {
        format!(
            "{} at {} ± {:.0} s, 95 % ellipse {:.1} × {:.1} km (major axis {:.0}°)",
            lat_lon_words(i.lat_deg, i.lon_deg),
            self.utc(i.t_s),
            i.t_sigma_s,
            i.semi_major_km,
            i.semi_minor_km,
            i.major_azimuth_deg.rem_euclid(360.0),
        )
    }

    /// One event document: `<event>` with its `point` and a `detail` written by `detail`.
    fn event(
        &self,
        uid: &str,
        kind: &str,
        t_s: f64,
        stale_s: f64,
        p: &Point,
        detail: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>,
    ) -> io::Result<Cot> {
        let time = self.utc(t_s);
        let stale = self.utc(stale_s.max(t_s));
        let mut w = Writer::new(Vec::with_capacity(1024));
        w.write_event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )))?;
        w.create_element("event")
            .with_attribute(("version", "2.0"))
            .with_attribute(("uid", uid))
            .with_attribute(("type", kind))
            .with_attribute(("how", "m-f"))
            .with_attribute(("time", time.as_str()))
            .with_attribute(("start", time.as_str()))
            .with_attribute(("stale", stale.as_str()))
            .with_attribute(("opex", self.opex.as_str()))
            .write_inner_content(|w| {
                w.create_element("point")
                    .with_attribute(("lat", fixed(p.lat_deg, 7).as_str()))
                    .with_attribute(("lon", fixed(p.lon_deg, 7).as_str()))
                    .with_attribute(("hae", fixed(p.hae_m, 1).as_str()))
                    .with_attribute(("ce", fixed(p.ce_m, 1).as_str()))
                    .with_attribute(("le", fixed(p.le_m, 1).as_str()))
                    .write_empty()?;
                w.create_element("detail").write_inner_content(detail)?;
                Ok(())
            })?;
        let mut xml = w.into_inner();
        xml.push(b'\n');
        Ok(Cot {
            uid: uid.to_owned(),
            stale_s: stale_s.max(t_s),
            xml,
        })
    }

    /// Simulation time `t_s` as CoT's UTC time, `2026-01-01T00:10:00.000Z` (to the ms).
    fn utc(&self, t_s: f64) -> String {
        let ms = if t_s.is_finite() {
            (t_s * 1e3).round()
        } else {
            0.0
        };
        let (y, mo, d, h, mi, s, ns) =
            (self.epoch + Span::from_milliseconds(ms)).to_gregorian_utc();
        format!(
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
            ns / 1_000_000
        )
    }
}

/// `50.0123°N 30.0456°E`.
fn lat_lon_words(lat_deg: f64, lon_deg: f64) -> String {
    format!(
        "{:.4}°{} {:.4}°{}",
        lat_deg.abs(),
        if lat_deg < 0.0 { 'S' } else { 'N' },
        lon_deg.abs(),
        if lon_deg < 0.0 { 'W' } else { 'E' },
    )
}

/// CoT's `ce` from the standard deviations along two perpendicular horizontal axes, m: the
/// standard deviation per axis of the circular normal distribution with the same mean
/// squared horizontal error, √((σ₁² + σ₂²)/2).
pub fn circular_sigma(s1: f64, s2: f64) -> f64 {
    let c = ((s1 * s1 + s2 * s2) / 2.0).sqrt();
    if c.is_finite() { c } else { UNKNOWN_ERROR_M }
}

/// `x` with `decimals` decimals; a value that is not finite becomes CoT's unknown.
fn fixed(x: f64, decimals: usize) -> String {
    let x = if x.is_finite() { x } else { UNKNOWN_ERROR_M };
    format!("{x:.decimals$}")
}

/// A name made fit for a uid: letters, digits, `-` and `_` kept, anything else `-`.
fn uid_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The events waiting for the peer (bounded, the oldest dropped first) and the current
/// picture: each uid's newest event, until it is stale.
#[derive(Debug, Default)]
struct Queue {
    state: Mutex<QueueState>,
    ready: Notify,
}

#[derive(Debug, Default)]
struct QueueState {
    events: VecDeque<Vec<u8>>,
    picture: BTreeMap<String, Cot>,
    /// The record time the picture was last cleared of stale events at (records of one
    /// time come in bursts: one pass per time, not per event).
    pruned_at_s: Option<f64>,
    dropped: u64,
    logged: Option<Instant>,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds event `e` of a record of simulation time `now_s` at the back, dropping the
    /// oldest when full; `e` replaces its uid's event in the picture, and what is stale by
    /// `now_s` leaves it.
    fn push(&self, e: Cot, now_s: f64) {
        {
            let mut q = self.lock();
            if q.pruned_at_s != Some(now_s) {
                q.picture.retain(|_, p| p.stale_s >= now_s);
                q.pruned_at_s = Some(now_s);
            }
            if q.events.len() >= QUEUE_CAPACITY {
                q.events.pop_front();
                q.dropped += 1;
                let now = Instant::now();
                if q.logged
                    .is_none_or(|t| now.duration_since(t) >= DROP_LOG_EVERY)
                {
                    q.logged = Some(now);
                    eprintln!(
                        "cot: {QUEUE_CAPACITY} events wait for the peer: dropping the oldest ({} dropped so far)",
                        q.dropped
                    );
                }
            }
            q.events.push_back(e.xml.clone());
            q.picture.insert(e.uid.clone(), e);
        }
        self.ready.notify_one();
    }

    /// Puts back at the front an event that could not be sent.
    fn push_front(&self, event: Vec<u8>) {
        let mut q = self.lock();
        if q.events.len() < QUEUE_CAPACITY {
            q.events.push_front(event);
        } else {
            q.dropped += 1;
        }
    }

    fn pop(&self) -> Option<Vec<u8>> {
        self.lock().events.pop_front()
    }

    /// Replaces what waits by the current picture (a new connection: its peer gets each
    /// uid's newest event once, not the history it missed).
    fn send_picture_only(&self) {
        let mut q = self.lock();
        q.events = q.picture.values().map(|e| e.xml.clone()).collect();
    }

    /// Queues the current picture again, behind what waits (a refresh for the peer's
    /// clients: whatever a broken connection lost).
    fn send_picture_again(&self) {
        {
            let mut q = self.lock();
            let again: Vec<_> = q.picture.values().map(|e| e.xml.clone()).collect();
            for e in again {
                if q.events.len() >= QUEUE_CAPACITY {
                    break;
                }
                q.events.push_back(e);
            }
        }
        self.ready.notify_one();
    }

    /// Forgets the picture (the records start again: a replay's seek).
    fn forget_picture(&self) {
        let mut q = self.lock();
        q.picture.clear();
        q.pruned_at_s = None;
    }

    /// Events dropped so far.
    fn dropped(&self) -> u64 {
        self.lock().dropped
    }
}

/// A running gateway: a task reading the published records into the queue, and a task
/// writing the queue to the peer.
#[derive(Debug)]
pub struct Gateway {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Gateway {
    /// Starts streaming to `target` the records of `rx` encoded by `encoder` (call from
    /// within a Tokio runtime); `resubscribe` gives a new receiver when the source replaces
    /// its channel (a replay's seek).
    pub fn start(
        target: Target,
        mut encoder: Encoder,
        mut rx: broadcast::Receiver<Arc<Record>>,
        resubscribe: impl Fn() -> broadcast::Receiver<Arc<Record>> + Send + 'static,
    ) -> Self {
        let queue = Arc::new(Queue::default());
        let reader = {
            let queue = queue.clone();
            tokio::spawn(async move {
                loop {
                    match rx.recv().await {
                        Ok(r) => {
                            if let Some(e) = encoder.encode(&r) {
                                queue.push(e, r.sim_time_s);
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(n)) => {
                            eprintln!("cot: fell behind the exercise: {n} records not sent");
                        }
                        Err(broadcast::error::RecvError::Closed) => {
                            queue.forget_picture();
                            rx = resubscribe();
                        }
                    }
                }
            })
        };
        let writer = tokio::spawn(async move { write_forever(&target, &queue).await });
        Self { reader, writer }
    }

    /// Stops both tasks (what is still queued is not sent).
    pub fn stop(self) {
        self.reader.abort();
        self.writer.abort();
    }
}

/// Connects to `target` and sends the queue's events, again after every failure.
async fn write_forever(target: &Target, queue: &Queue) {
    let mut wait = RETRY_FIRST;
    let mut failing = false;
    loop {
        let connect = TcpStream::connect((target.host.as_str(), target.port));
        let stream = match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                if !failing {
                    eprintln!("cot: cannot connect to {target}: {e}; trying again");
                }
                failing = true;
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(RETRY_LAST);
                continue;
            }
            Err(_) => {
                if !failing {
                    eprintln!("cot: cannot connect to {target}: timed out; trying again");
                }
                failing = true;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        eprintln!("cot: streaming to {target}");
        (failing, wait) = (false, RETRY_FIRST);
        let why = send(stream, queue).await;
        eprintln!(
            "cot: {target}: {why}; reconnecting ({} events dropped so far)",
            queue.dropped()
        );
    }
}

/// Sends the current picture on `stream`, then the queue's events and the picture again
/// every [`REFRESH_EVERY`], until it fails; says why. What the peer sends is read and
/// dropped (that is how a closed connection is noticed).
async fn send(stream: TcpStream, queue: &Queue) -> String {
    let (mut rd, mut wr) = stream.into_split();
    let mut buf = vec![0u8; 4096];
    queue.send_picture_only();
    let mut refresh = tokio::time::interval(REFRESH_EVERY);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    refresh.tick().await;
    loop {
        while let Some(e) = queue.pop() {
            if let Err(x) = wr.write_all(&e).await {
                queue.push_front(e);
                return format!("write failed: {x}");
            }
        }
        tokio::select! {
            biased;
            r = rd.read(&mut buf) => match r {
                Ok(0) => return "the peer closed the connection".into(),
                Ok(_) => {}
                Err(x) => return format!("read failed: {x}"),
            },
            () = queue.ready.notified() => {}
            _ = refresh.tick() => queue.send_picture_again(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::wire::LatLon;
    use quick_xml::Reader;
    use quick_xml::events::Event as XmlEvent;

    /// An element: name, attributes, text.
    type Element = (String, HashMap<String, String>, String);

    /// Every element of one XML document in document order (panics unless it parses, with
    /// one root element, `event`).
    /// The elements of event `e`, whose uid and stale time must be those of its document.
    fn parse(e: &Cot) -> Vec<Element> {
        let text = std::str::from_utf8(&e.xml).unwrap();
        let mut r = Reader::from_str(text);
        let mut out: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut roots = 0;
        loop {
            let ev = r.read_event().unwrap();
            let empty = matches!(ev, XmlEvent::Empty(_));
            match ev {
                XmlEvent::Start(e) | XmlEvent::Empty(e) => {
                    if open.is_empty() {
                        roots += 1;
                    }
                    let attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            let v = a
                                .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap();
                            (a.key.as_ref().to_string(), v.into_owned())
                        })
                        .collect();
                    let name = e.name().as_ref().to_string();
                    out.push((name, attrs, String::new()));
                    if !empty {
                        open.push(out.len() - 1);
                    }
                }
                XmlEvent::Text(t) => {
                    if let Some(&k) = open.last() {
                        out[k].2.push_str(&t.xml10_content());
                    }
                }
                XmlEvent::GeneralRef(g) => {
                    let c = match g.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        x => panic!("entity {x}"),
                    };
                    if let Some(&k) = open.last() {
                        out[k].2.push_str(c);
                    }
                }
                XmlEvent::End(_) => {
                    open.pop();
                }
                XmlEvent::Eof => break,
                _ => {}
            }
        }
        assert_eq!(roots, 1);
        assert_eq!(out[0].0, "event");
        assert_eq!(out[0].1["uid"], e.uid);
        assert_eq!(out[0].1["stale"], encoder().utc(e.stale_s));
        out
    }

    fn get<'a>(doc: &'a [Element], name: &str) -> &'a Element {
        doc.iter().find(|e| e.0 == name).unwrap()
    }

    fn attr(doc: &[Element], name: &str, key: &str) -> String {
        get(doc, name).1[key].clone()
    }

    fn num(doc: &[Element], name: &str, key: &str) -> f64 {
        attr(doc, name, key).parse().unwrap()
    }

    fn encoder() -> Encoder {
        Encoder::new(
            "single radar",
            Epoch::from_gregorian_utc_at_midnight(2026, 1, 1),
        )
    }

    fn record(seq: u64, body: Body) -> Record {
        Record {
            seq,
            op_seq: Some(seq),
            sim_time_s: 90.5,
            wall_ms: 0,
            body,
        }
    }

    /// A confirmed track on the equator at 0° E on the ellipsoid, flying north at 1 km/s.
    fn equator_track() -> TrackEvent {
        TrackEvent {
            t_s: 90.5,
            architecture: "radar-only".into(),
            track: 3,
            status: "confirmed".into(),
            ecef_m: [6_378_137.0, 0.0, 0.0],
            ecef_velocity_mps: [0.0, 0.0, 1000.0],
            sigma: [100.0, 200.0, 300.0, 1.0, 2.0, 3.0],
            lat_deg: 0.0,
            lon_deg: 0.0,
            alt_m: 0.0,
            phase: "ballistic".into(),
            ballistic: true,
            sensor: "radar".into(),
            rcs_m2: Some(0.1),
            object: "reentry-vehicle".into(),
            truth: Some("L1/rv".into()),
        }
    }

    fn impact_alert(kind: &str, index: usize) -> AlertEvent {
        AlertEvent {
            id: format!("radar-only:{index}"),
            t_s: 300.0,
            architecture: "radar-only".into(),
            index,
            kind: kind.into(),
            track: Some(3),
            sensors: vec!["radar".into()],
            area: Some("target".into()),
            probability: 0.9,
            launch_area: None,
            azimuth_deg: None,
            impact: Some(ImpactEvent {
                lat_deg: 50.0,
                lon_deg: 30.0,
                t_s: 900.0,
                t_sigma_s: 4.0,
                semi_major_km: 24.477_468_306_808_16,
                semi_minor_km: 12.238_734_153_404_08,
                major_azimuth_deg: -20.0,
            }),
            object: "reentry-vehicle".into(),
            p_stage: Some(0.04),
            truth: Some("L1".into()),
        }
    }

    #[test]
    fn a_track_on_the_equator_has_its_point_errors_and_times() {
        let doc = encoder()
            .encode(&record(1, Body::Track(equator_track())))
            .unwrap();
        let text = String::from_utf8(doc.xml.clone()).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\""));
        assert!(!text.contains("L1"), "truth leaked: {text}");
        let d = parse(&doc);
        assert_eq!(attr(&d, "event", "version"), "2.0");
        assert_eq!(
            attr(&d, "event", "uid"),
            "vigil.single-radar.radar-only.track.3"
        );
        assert_eq!(attr(&d, "event", "type"), "a-u-A-W-M");
        assert_eq!(attr(&d, "event", "how"), "m-f");
        assert_eq!(attr(&d, "event", "time"), "2026-01-01T00:01:30.500Z");
        assert_eq!(attr(&d, "event", "start"), "2026-01-01T00:01:30.500Z");
        assert_eq!(attr(&d, "event", "stale"), "2026-01-01T00:02:30.500Z");
        assert_eq!(attr(&d, "event", "opex"), "e-single-radar");
        assert!(num(&d, "point", "lat").abs() < 1e-9);
        assert!(num(&d, "point", "lon").abs() < 1e-9);
        assert!(num(&d, "point", "hae").abs() < 0.1);
        // At 0° N 0° E east is ECEF y, north is z and up is x: ce = √((200² + 300²)/2).
        assert!((num(&d, "point", "ce") - 254.95).abs() < 0.06);
        assert!((num(&d, "point", "le") - 100.0).abs() < 0.06);
        assert!(num(&d, "track", "course").abs() < 0.01);
        assert!((num(&d, "track", "speed") - 1000.0).abs() < 0.01);
        assert_eq!(attr(&d, "contact", "callsign"), "radar-only T3");
        let remarks = &get(&d, "remarks").2;
        assert!(remarks.contains("radar-only") && remarks.contains("confirmed"));
    }

    #[test]
    fn a_tentative_track_is_an_unknown_air_track() {
        let mut t = equator_track();
        t.status = "tentative".into();
        t.ecef_velocity_mps = [0.0, 500.0, 0.0];
        let d = parse(&encoder().encode(&record(1, Body::Track(t))).unwrap());
        assert_eq!(attr(&d, "event", "type"), "a-u-A");
        assert!((num(&d, "track", "course") - 90.0).abs() < 0.01);
        assert!((num(&d, "track", "speed") - 500.0).abs() < 0.01);
    }

    #[test]
    fn an_impact_alert_is_an_ellipse_and_makes_its_track_hostile_until_cancelled() {
        let mut enc = encoder();
        let d = parse(
            &enc.encode(&record(2, Body::Alert(impact_alert("impact-predicted", 0))))
                .unwrap(),
        );
        assert_eq!(
            attr(&d, "event", "uid"),
            "vigil.single-radar.radar-only.impact.3"
        );
        assert_eq!(attr(&d, "event", "type"), "u-d-c-e");
        assert_eq!(attr(&d, "event", "time"), "2026-01-01T00:05:00.000Z");
        // Stale a minute after the predicted impact.
        assert_eq!(attr(&d, "event", "stale"), "2026-01-01T00:16:00.000Z");
        assert_eq!(num(&d, "point", "lat"), 50.0);
        assert_eq!(num(&d, "point", "lon"), 30.0);
        assert!((num(&d, "ellipse", "major") - 24_477.5).abs() < 0.06);
        assert!((num(&d, "ellipse", "minor") - 12_238.7).abs() < 0.06);
        assert!((num(&d, "ellipse", "angle") - 340.0).abs() < 0.01);
        // 95 % semi-axes of 10 and 5 km standard deviations: ce = √((10² + 5²)/2) km.
        assert!((num(&d, "point", "ce") - 7905.7).abs() < 0.1);
        assert!(num(&d, "point", "le") > 0.0);
        assert!(get(&d, "remarks").2.contains("area target"));
        assert!(
            get(&d, "remarks")
                .2
                .contains("object reentry-vehicle (stage probability 0.04)")
        );
        assert!(!get(&d, "remarks").2.contains("launch area"));

        let t = parse(
            &enc.encode(&record(3, Body::Track(equator_track())))
                .unwrap(),
        );
        assert_eq!(attr(&t, "event", "type"), "a-h-A-W-M");
        assert!(
            get(&t, "remarks")
                .2
                .contains("Predicted impact 50.0000°N 30.0000°E")
        );

        let mut u = impact_alert("updated", 1);
        u.launch_area = Some(LatLon {
            lat_deg: 24.0,
            lon_deg: 32.0,
        });
        let d = parse(&enc.encode(&record(4, Body::Alert(u))).unwrap());
        assert_eq!(
            attr(&d, "event", "uid"),
            "vigil.single-radar.radar-only.impact.3"
        );
        assert!(
            get(&d, "remarks")
                .2
                .contains("Estimated launch area 24.0000°N 32.0000°E.")
        );

        let mut c = impact_alert("cancelled", 2);
        c.t_s = 400.0;
        c.impact = None;
        let d = parse(&enc.encode(&record(4, Body::Alert(c))).unwrap());
        assert_eq!(
            attr(&d, "event", "uid"),
            "vigil.single-radar.radar-only.impact.3"
        );
        assert_eq!(attr(&d, "event", "stale"), attr(&d, "event", "time"));
        let t = parse(
            &enc.encode(&record(5, Body::Track(equator_track())))
                .unwrap(),
        );
        assert_eq!(attr(&t, "event", "type"), "a-u-A-W-M");
    }

    #[test]
    fn a_launch_alert_marks_the_launch_area_and_an_alert_without_a_place_has_no_event() {
        let mut enc = encoder();
        let mut a = impact_alert("launch-detected", 0);
        a.track = None;
        a.impact = None;
        a.area = None;
        a.launch_area = Some(LatLon {
            lat_deg: -10.5,
            lon_deg: 80.25,
        });
        a.azimuth_deg = Some(20.0);
        let d = parse(&enc.encode(&record(1, Body::Alert(a.clone()))).unwrap());
        assert_eq!(
            attr(&d, "event", "uid"),
            "vigil.single-radar.radar-only.launch.0"
        );
        assert_eq!(attr(&d, "event", "type"), "b-m-p-s-m");
        assert_eq!(num(&d, "point", "lat"), -10.5);
        assert_eq!(num(&d, "point", "lon"), 80.25);
        assert_eq!(num(&d, "point", "ce"), UNKNOWN_ERROR_M);

        a.launch_area = None;
        a.kind = "track-confirmed".into();
        assert!(enc.encode(&record(2, Body::Alert(a))).is_none());
        assert!(enc.encode(&record(3, Body::End)).is_none());
    }

    #[test]
    fn names_are_escaped_in_attributes_and_text() {
        let mut t = equator_track();
        t.architecture = "a<b & \"c\"".into();
        let d = parse(&encoder().encode(&record(1, Body::Track(t))).unwrap());
        assert_eq!(
            attr(&d, "event", "uid"),
            "vigil.single-radar.a-b----c-.track.3"
        );
        assert_eq!(attr(&d, "contact", "callsign"), "a<b & \"c\" T3");
        assert!(get(&d, "remarks").2.contains("a<b & \"c\""));
    }

    #[test]
    fn targets_read_tcp_host_port_only() {
        let t: Target = "tcp://127.0.0.1:8087".parse().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 8087));
        assert_eq!(t.to_string(), "tcp://127.0.0.1:8087");
        let t: Target = "tcp://[::1]:8087".parse().unwrap();
        assert_eq!(
            (t.host.as_str(), t.to_string()),
            ("::1", "tcp://[::1]:8087".into())
        );
        for bad in [
            "udp://h:1",
            "tcp://h",
            "tcp://:80",
            "tcp://h:0",
            "tcp://h:99999",
            "h:80",
        ] {
            assert!(bad.parse::<Target>().is_err(), "{bad}");
        }
    }

    /// An event of uid `uid`, stale at `stale_s`, whose document is `xml`.
    fn cot(uid: &str, stale_s: f64, xml: &str) -> Cot {
        Cot {
            uid: uid.into(),
            stale_s,
            xml: xml.into(),
        }
    }

    #[test]
    fn a_full_queue_drops_the_oldest_and_counts() {
        let q = Queue::default();
        for k in 0..QUEUE_CAPACITY + 5 {
            q.push(cot("u", 1e9, &k.to_string()), 0.0);
        }
        assert_eq!(q.dropped(), 5);
        assert_eq!(q.pop().unwrap(), b"5");
    }

    #[test]
    fn the_picture_holds_each_uid_s_newest_event_until_it_is_stale() {
        let q = Queue::default();
        q.push(cot("x", 100.0, "x1"), 0.0);
        q.push(cot("x", 200.0, "x2"), 10.0);
        q.push(cot("y", 50.0, "y1"), 20.0);
        q.push(cot("z", 300.0, "z1"), 60.0); // y is stale by now
        q.send_picture_only();
        let sent: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(sent, [b"x2".to_vec(), b"z1".to_vec()]);
        q.push(cot("w", 400.0, "w1"), 70.0);
        q.send_picture_again();
        let sent: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        let want: [&[u8]; 4] = [b"w1", b"w1", b"x2", b"z1"];
        assert_eq!(sent, want);
        q.forget_picture();
        q.send_picture_only();
        assert!(q.pop().is_none());
    }

    /// Reads from `s` until what was read satisfies `done`, returns it.
    async fn read_until(s: &mut TcpStream, done: impl Fn(&str) -> bool) -> String {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while !done(&String::from_utf8_lossy(&got)) {
            let n = tokio::time::timeout(Duration::from_secs(15), s.read(&mut buf))
                .await
                .unwrap()
                .unwrap();
            assert!(n > 0, "closed");
            got.extend_from_slice(&buf[..n]);
        }
        String::from_utf8(got).unwrap()
    }

    #[tokio::test]
    async fn each_connection_gets_the_current_picture_first_and_again_every_refresh() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let target = Target {
            host: "127.0.0.1".into(),
            port: listener.local_addr().unwrap().port(),
        };
        let (tx, rx) = broadcast::channel(16);
        let again = tx.clone();
        let g = Gateway::start(target, encoder(), rx, move || again.subscribe());
        let track = |id: u64| {
            let mut t = equator_track();
            t.track = id;
            Arc::new(record(id, Body::Track(t)))
        };
        let (one, two) = ("radar-only.track.1\"", "radar-only.track.2\"");
        tx.send(track(1)).unwrap();
        let (mut peer, _) = listener.accept().await.unwrap();
        read_until(&mut peer, |t| t.contains(one)).await;
        // The peer goes away; what is published meanwhile waits. The next connection gets
        // the current picture: track 1 again (whatever the broken connection lost) and
        // track 2.
        drop(peer);
        tokio::time::sleep(Duration::from_millis(300)).await;
        tx.send(track(2)).unwrap();
        let (mut peer, _) = listener.accept().await.unwrap();
        let got = read_until(&mut peer, |t| t.contains(one) && t.contains(two)).await;
        assert_eq!(got.matches("</event>").count(), 2, "{got}");
        // Nothing new is published: the picture comes again after REFRESH_EVERY.
        let start = Instant::now();
        let got = read_until(&mut peer, |t| t.contains(one) && t.contains(two)).await;
        let waited = start.elapsed();
        assert!(
            waited >= REFRESH_EVERY - Duration::from_millis(500),
            "{waited:?}"
        );
        assert_eq!(got.matches("</event>").count(), 2, "{got}");
        g.stop();
    }

    #[test]
    fn circular_sigma_of_equal_axes_is_that_sigma() {
        assert_eq!(circular_sigma(30.0, 30.0), 30.0);
        assert_eq!(circular_sigma(f64::NAN, 1.0), UNKNOWN_ERROR_M);
    }
}
