//! Vigil's live exercise: the engine driven by a scaled wall clock, injects, acknowledgements,
//! an append-only event log (write before publish), the HTTP/WebSocket server with its two
//! roles, and the after-action report that runs the exercise again from its log.
//!
//! Modules: [`clock`] (simulation time from wall time), [`wire`] (the JSON records and
//! snapshot), [`inject`] (injects → engine inputs), [`log`] (SQLite event log),
//! [`journal`] (records numbered, logged, then published), [`exercise`] (engine + clock +
//! journal), [`aar`] (after-action report), [`auth`]
//! (tokens and roles), [`server`] (HTTP/WebSocket), [`console`] (the browser console's files
//! and routes), [`picture`] (the state consoles are shown), [`replay`] (a log served again),
//! [`cot`] (the Cursor-on-Target gateway).

pub mod aar;
pub mod auth;
pub mod clock;
pub mod console;
pub mod cot;
pub mod exercise;
pub mod inject;
pub mod journal;
pub mod log;
pub mod msel;
pub mod picture;
pub mod replay;
pub mod server;
pub mod wire;
