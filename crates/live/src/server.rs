//! The HTTP/WebSocket server of an exercise (contract in `openapi.json`).
//!
//! A driver thread advances the exercise against its clock; handlers take the exercise's lock
//! briefly. WebSocket clients get a snapshot, then every record their role sees with its
//! `seq`; `since` replays older records from the log. Records reach clients through a bounded
//! broadcast channel: a client that falls behind is told it lagged and gets a fresh
//! snapshot (which says whether the exercise ended), and never holds up the exercise or the
//! other clients for more than [`PACE_MAX_HOLD`] (flat out, the driver waits that long at
//! most for the slowest reader before letting it lag).

use crate::auth::Tokens;
use crate::cot::{Encoder, Gateway, Target};
use crate::exercise::{CHANNEL_CAPACITY, Exercise, ExerciseError};
use crate::log::{LogReader, Meta};
use crate::replay::Replay;
use crate::wire::{
    AlertState, ClockCommand, ClockRecord, Inject, InjectRecord, Record, Role, Snapshot,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use vigil_sim::scenario::Scenario;

/// The OpenAPI 3 description of the server.
pub const OPENAPI: &str = include_str!("../openapi.json");
/// Largest request body accepted, bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// How often the driver advances the clock at speeds above 0.
pub const TICK: Duration = Duration::from_millis(50);

/// What to serve.
#[derive(Debug)]
pub struct Config {
    /// A new exercise, or the one of `log` resumed.
    pub origin: Origin,
    /// The log file: new, or the one to resume and append to.
    pub log: PathBuf,
    /// Address to listen on (port 0: any free port).
    pub bind: SocketAddr,
    /// Simulation seconds per wall second (0: as fast as possible).
    pub speed: f64,
    /// Start with the clock paused.
    pub paused: bool,
    /// The tokens.
    pub tokens: Tokens,
    /// A Cursor-on-Target peer to stream tracks and alerts to, if any.
    pub cot: Option<Target>,
}

/// Where the exercise comes from.
#[derive(Debug)]
pub enum Origin {
    /// A new exercise of this scenario and run.
    New(Meta),
    /// The exercise of the log, resumed from its last record.
    Resume,
    /// The log replayed: its records served again, nothing computed.
    Replay,
    /// A source made by the caller (e.g. the console of a distributed exercise, fed from a
    /// bus), which has created `log` with the exercise's scenario.
    Source(Box<dyn Source>),
}

/// What a server serves: a live exercise, a recorded one replayed, or the console of a
/// distributed one.
pub trait Source: Send + std::fmt::Debug {
    /// Advances to the clock's time at `now`.
    fn tick(&mut self, now: Instant) -> Result<(), ExerciseError>;
    /// Whether it runs as fast as possible with work left (the driver does not sleep).
    fn busy(&self) -> bool;
    /// A receiver of the records published from now on (closed when clients must resync).
    fn subscribe(&self) -> broadcast::Receiver<Arc<Record>>;
    /// Records published that some subscriber has not read yet (at most the channel's
    /// capacity).
    fn queued(&self) -> usize;
    /// Whether it takes no acknowledgements or injects (a replay).
    fn read_only(&self) -> bool;
    /// The scenario.
    fn scenario(&self) -> &Scenario;
    /// What `role` may see at `now`.
    fn snapshot(&self, role: Role, now: Instant) -> Snapshot;
    /// A clock command.
    fn clock(
        &mut self,
        c: &ClockCommand,
        by: Role,
        now: Instant,
    ) -> Result<ClockRecord, ExerciseError>;
    /// An acknowledgement.
    fn ack(&mut self, id: &str, by: Role, now: Instant) -> Result<AlertState, ExerciseError>;
    /// An inject.
    fn inject(&mut self, i: &Inject, by: Role, now: Instant)
    -> Result<InjectRecord, ExerciseError>;
}

impl Source for Exercise {
    fn tick(&mut self, now: Instant) -> Result<(), ExerciseError> {
        Exercise::tick(self, now)
    }
    fn busy(&self) -> bool {
        self.flat_out() && !self.ended()
    }
    fn subscribe(&self) -> broadcast::Receiver<Arc<Record>> {
        Exercise::subscribe(self)
    }
    fn queued(&self) -> usize {
        Exercise::queued(self)
    }
    fn read_only(&self) -> bool {
        false
    }
    fn scenario(&self) -> &Scenario {
        Exercise::scenario(self)
    }
    fn snapshot(&self, role: Role, now: Instant) -> Snapshot {
        Exercise::snapshot(self, role, now)
    }
    fn clock(
        &mut self,
        c: &ClockCommand,
        by: Role,
        now: Instant,
    ) -> Result<ClockRecord, ExerciseError> {
        Exercise::clock(self, c, by, now)
    }
    fn ack(&mut self, id: &str, by: Role, now: Instant) -> Result<AlertState, ExerciseError> {
        Exercise::ack(self, id, by, now)
    }
    fn inject(
        &mut self,
        i: &Inject,
        by: Role,
        now: Instant,
    ) -> Result<InjectRecord, ExerciseError> {
        Exercise::inject(self, i, by, now)
    }
}

impl Source for Replay {
    fn tick(&mut self, now: Instant) -> Result<(), ExerciseError> {
        Replay::tick(self, now);
        Ok(())
    }
    fn busy(&self) -> bool {
        Replay::busy(self)
    }
    fn subscribe(&self) -> broadcast::Receiver<Arc<Record>> {
        Replay::subscribe(self)
    }
    fn queued(&self) -> usize {
        Replay::queued(self)
    }
    fn read_only(&self) -> bool {
        true
    }
    fn scenario(&self) -> &Scenario {
        Replay::scenario(self)
    }
    fn snapshot(&self, role: Role, now: Instant) -> Snapshot {
        Replay::snapshot(self, role, now)
    }
    fn clock(
        &mut self,
        c: &ClockCommand,
        by: Role,
        now: Instant,
    ) -> Result<ClockRecord, ExerciseError> {
        Replay::clock(self, c, by, now)
    }
    fn ack(&mut self, _: &str, _: Role, _: Instant) -> Result<AlertState, ExerciseError> {
        Err(ExerciseError::ReadOnly)
    }
    fn inject(&mut self, _: &Inject, _: Role, _: Instant) -> Result<InjectRecord, ExerciseError> {
        Err(ExerciseError::ReadOnly)
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The exercise could not start.
    #[error(transparent)]
    Exercise(#[from] ExerciseError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

#[derive(Clone)]
struct App {
    ex: Arc<Mutex<Box<dyn Source>>>,
    tokens: Arc<Tokens>,
    log: PathBuf,
    driver: std::thread::Thread,
}

impl App {
    fn lock(&self) -> MutexGuard<'_, Box<dyn Source>> {
        // A panic while holding the lock leaves a consistent exercise: records are committed
        // one batch at a time.
        self.ex.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    driver: std::thread::JoinHandle<()>,
    shutdown: tokio::sync::oneshot::Sender<()>,
    serve: tokio::task::JoinHandle<std::io::Result<()>>,
    cot: Option<Gateway>,
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and the driver (the log keeps everything published).
    pub async fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.driver.thread().unpark();
        if let Some(g) = self.cot {
            g.stop();
        }
        let _ = self.shutdown.send(());
        let _ = self.serve.await;
        let _ = tokio::task::spawn_blocking(move || self.driver.join()).await;
    }

    /// Serves until the server task ends (it ends only on error).
    pub async fn wait(self) -> std::io::Result<()> {
        match self.serve.await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

/// Starts an exercise and its server (call from within a Tokio runtime).
pub async fn start(config: Config) -> Result<Server, ServeError> {
    let (log, speed, paused, now) = (&config.log, config.speed, config.paused, Instant::now());
    let ex: Box<dyn Source> = match config.origin {
        Origin::New(meta) => Box::new(Exercise::start(&meta, log, speed, paused, now)?),
        Origin::Resume => Box::new(Exercise::resume(log, speed, paused, now)?),
        Origin::Replay => Box::new(Replay::open(log, speed, paused, now)?),
        Origin::Source(x) => x,
    };
    let ex = Arc::new(Mutex::new(ex));
    // Subscribed before the driver starts: the gateway sees every record published.
    let cot = config.cot.map(|target| {
        let (rx, encoder) = {
            let x = ex.lock().unwrap_or_else(|p| p.into_inner());
            let s = x.scenario();
            (x.subscribe(), Encoder::new(&s.name, s.epoch))
        };
        let ex = ex.clone();
        Gateway::start(target, encoder, rx, move || {
            ex.lock().unwrap_or_else(|p| p.into_inner()).subscribe()
        })
    });
    let stop = Arc::new(AtomicBool::new(false));
    let driver = {
        let (ex, stop) = (ex.clone(), stop.clone());
        std::thread::spawn(move || drive(&ex, &stop))
    };
    let app = App {
        ex,
        tokens: Arc::new(config.tokens),
        log: config.log,
        driver: driver.thread().clone(),
    };
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.bind,
        source,
    })?;
    let (shutdown, rx) = tokio::sync::oneshot::channel::<()>();
    let serve = tokio::spawn(async move {
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(Server {
        addr,
        stop,
        driver,
        shutdown,
        serve,
        cot,
    })
}

/// Serves an exercise until the process ends, on a Tokio runtime of its own; `started` is
/// called with the bound address once clients can connect.
pub fn serve_blocking(config: Config, started: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Bind {
            addr: config.bind,
            source,
        })?;
    rt.block_on(async {
        let addr = config.bind;
        let server = start(config).await?;
        started(server.addr());
        server
            .wait()
            .await
            .map_err(|source| ServeError::Bind { addr, source })
    })
}

/// Advances the exercise until told to stop: every [`TICK`], or step after step at speed 0
/// (paced to the slowest subscriber, see [`Pace`]).
fn drive(ex: &Mutex<Box<dyn Source>>, stop: &AtomicBool) {
    let mut pace = Pace::default();
    while !stop.load(Ordering::SeqCst) {
        let (busy, held) = {
            let mut ex = ex.lock().unwrap_or_else(|p| p.into_inner());
            if ex.busy() && pace.hold(ex.queued(), Instant::now()) {
                (true, true)
            } else {
                if let Err(e) = ex.tick(Instant::now()) {
                    // Nothing more is published once the log fails.
                    eprintln!("error: the exercise stopped: {e}");
                    return;
                }
                (ex.busy(), false)
            }
        };
        if held {
            std::thread::park_timeout(PACE_POLL);
        } else if busy {
            std::thread::yield_now();
        } else {
            std::thread::park_timeout(TICK);
        }
    }
}

/// At speed 0 the driver waits while a subscriber has more than this many records to read…
pub const PACE_QUEUED: usize = CHANNEL_CAPACITY / 2;
/// …for at most this long at a time: a client that stopped reading holds the others up
/// once, by this much, then lags alone (it is told so and sent a fresh snapshot).
pub const PACE_MAX_HOLD: Duration = Duration::from_secs(1);
/// How often a waiting driver looks at the queue again.
const PACE_POLL: Duration = Duration::from_millis(2);

/// Pacing of a flat-out exercise or replay to its slowest subscriber, within a bound: bursts
/// of thousands of records would otherwise outrun clients that read as fast as they can.
#[derive(Debug, Default)]
struct Pace {
    /// When the current wait began.
    since: Option<Instant>,
    /// The current wait ran out: no more waiting until the queue drains.
    gave_up: bool,
}

impl Pace {
    /// Whether to wait now, with `queued` records not yet read by every subscriber.
    fn hold(&mut self, queued: usize, now: Instant) -> bool {
        if queued <= PACE_QUEUED / 2 {
            *self = Pace::default();
            return false;
        }
        if queued <= PACE_QUEUED || self.gave_up {
            return false;
        }
        let since = *self.since.get_or_insert(now);
        if now.duration_since(since) > PACE_MAX_HOLD {
            self.gave_up = true;
            return false;
        }
        true
    }
}

fn router(app: App) -> Router {
    let read_only = app.lock().read_only();
    let console = crate::console::router(app.tokens.clone(), &app.log, read_only);
    Router::new()
        .route(
            "/api/health",
            get(|| async { axum::Json(json!({"status": "ok"})) }),
        )
        .route("/api/openapi.json", get(openapi))
        .route("/api/state", get(state))
        .route("/api/alerts/{id}/ack", post(ack))
        .route("/api/injects", post(inject))
        .route("/api/clock", post(clock))
        .route("/ws", get(ws))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
        .merge(console)
}

/// An error answer: status and `{"error": …[, "field": …, "rule": …]}`.
pub(crate) struct ApiError {
    status: StatusCode,
    body: serde_json::Value,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: json!({ "error": message.into() }),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, axum::Json(self.body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

impl From<ExerciseError> for ApiError {
    fn from(e: ExerciseError) -> Self {
        match e {
            ExerciseError::Refused(x) => Self {
                status: StatusCode::BAD_REQUEST,
                body: json!({"error": x.to_string(), "field": x.field, "rule": x.rule}),
            },
            ExerciseError::NoSuchAlert(_) => Self::new(StatusCode::NOT_FOUND, e.to_string()),
            ExerciseError::ReadOnly => Self::new(StatusCode::CONFLICT, e.to_string()),
            _ => Self::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

/// The role of a request: its bearer token (or `token` for the WebSocket); `need` the
/// controller role or any.
pub(crate) fn authorize(
    tokens: &Tokens,
    headers: &HeaderMap,
    query_token: Option<&str>,
    need: Option<Role>,
) -> Result<Role, ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = bearer.or(query_token) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing token: send Authorization: Bearer <token>",
        ));
    };
    let Some(role) = tokens.role_of(token.trim()) else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "unknown token"));
    };
    match need {
        Some(Role::Controller) if role != Role::Controller => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this needs the controller role",
        )),
        _ => Ok(role),
    }
}

/// Reads a JSON body into `T`, rejecting unknown fields; the error names the field.
fn body<T: serde::de::DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let rule = if inner.to_string().starts_with("unknown field") {
            "unknown_field"
        } else {
            "schema"
        };
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: json!({"error": format!("{path}: {inner}"), "field": path, "rule": rule}),
        }
    })
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn state(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let role = authorize(&app.tokens, &headers, None, None)?;
    let snap = app.lock().snapshot(role, Instant::now());
    Ok(axum::Json(snap).into_response())
}

async fn ack(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let role = authorize(&app.tokens, &headers, None, None)?;
    let mut a = app.lock().ack(&id, role, Instant::now())?;
    if role == Role::Operator {
        a.alert.truth = None;
    }
    Ok(axum::Json(a).into_response())
}

async fn inject(
    State(app): State<App>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let role = authorize(&app.tokens, &headers, None, Some(Role::Controller))?;
    let i: Inject = body(&bytes)?;
    let rec = app.lock().inject(&i, role, Instant::now())?;
    app.driver.unpark();
    Ok(axum::Json(rec).into_response())
}

async fn clock(
    State(app): State<App>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let role = authorize(&app.tokens, &headers, None, Some(Role::Controller))?;
    let c: ClockCommand = body(&bytes)?;
    let rec = app.lock().clock(&c, role, Instant::now())?;
    app.driver.unpark();
    Ok(axum::Json(rec).into_response())
}

/// Query of `GET /ws`.
#[derive(Debug, Deserialize)]
struct WsQuery {
    token: Option<String>,
    since: Option<u64>,
}

async fn ws(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<WsQuery>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let role = authorize(&app.tokens, &headers, q.token.as_deref(), None)?;
    Ok(upgrade
        .max_message_size(MAX_BODY_BYTES)
        .on_upgrade(move |socket| session(socket, app, role, q.since)))
}

async fn send_json(socket: &mut WebSocket, v: &impl serde::Serialize) -> bool {
    match serde_json::to_string(v) {
        Ok(text) => socket.send(WsMessage::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

/// One WebSocket client: snapshot, records since `since` from the log, then live records.
async fn session(mut socket: WebSocket, app: App, role: Role, since: Option<u64>) {
    let subscribe = |app: &App| {
        let ex = app.lock();
        (ex.subscribe(), ex.snapshot(role, Instant::now()))
    };
    let (mut rx, snap): (_, Snapshot) = subscribe(&app);
    if !send_json(&mut socket, &snap).await {
        return;
    }
    let mut last = snap.seq;
    if let Some(since) = since.filter(|s| *s < snap.seq) {
        let log = app.log.clone();
        let old = tokio::task::spawn_blocking(move || {
            LogReader::open(&log).and_then(|r| r.records(role, since, snap.seq))
        })
        .await;
        let Ok(Ok(old)) = old else {
            let _ = send_json(
                &mut socket,
                &json!({"type": "error", "error": "cannot read the log"}),
            )
            .await;
            return;
        };
        for r in old {
            if let Some(m) = r.message(role)
                && !send_json(&mut socket, &m).await
            {
                return;
            }
        }
    } else if let Some(since) = since {
        last = last.max(since);
    }
    loop {
        tokio::select! {
            r = rx.recv() => match r {
                Ok(rec) => {
                    let Some(m) = rec.message(role) else { continue };
                    if m.seq <= last {
                        continue;
                    }
                    last = m.seq;
                    if !send_json(&mut socket, &m).await {
                        return;
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    let (fresh, snap) = subscribe(&app);
                    rx = fresh;
                    last = snap.seq;
                    if !send_json(&mut socket, &json!({"type": "lagged", "missed": missed})).await
                        || !send_json(&mut socket, &snap).await
                    {
                        return;
                    }
                }
                // The source replaced its channel (a replay's seek): start again.
                Err(RecvError::Closed) => {
                    let (fresh, snap) = subscribe(&app);
                    rx = fresh;
                    last = snap.seq;
                    if !send_json(&mut socket, &json!({"type": "reset"})).await
                        || !send_json(&mut socket, &snap).await
                    {
                        return;
                    }
                }
            },
            m = socket.recv() => match m {
                None | Some(Err(_)) | Some(Ok(WsMessage::Close(_))) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}
