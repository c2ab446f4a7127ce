//! Ballistic-missile flight on a rotating Earth: equations of motion, an adaptive
//! integrator with dense output and events, vehicle classes, boost, targeting, Kepler closed
//! forms, and trajectories as ephemerides that later stages sample at any time.

pub mod dynamics;
pub mod ephemeris;
pub mod integrator;
pub mod kepler;
pub mod launch;
pub mod propagate;
pub mod targeting;
pub mod vehicle;

pub use dynamics::{Ballistic, ForceModel};
pub use ephemeris::{Ephemeris, State};
pub use propagate::{Accuracy, Event, FlightError, Segment, free_flight};
