//! Vigil's tracker: Gaussian filters (EKF, UKF), motion and measurement models, gating and
//! data association (GNN, JPDA), track management, multi-sensor and track-to-track fusion, and
//! the standard metrics. Usable as a library on its own: it sees only measurements, never truth.

pub mod amplitude;
pub mod associate;
pub mod estimator;
pub mod filter;
pub mod fusion;
pub mod gaussian;
pub mod generic;
pub mod initiate;
pub mod metrics;
pub mod models;
pub mod observation;
pub mod tracker;

pub use filter::{Ekf, Filter, FilterError, Innovation, Ukf};
pub use gaussian::Gaussian;
pub use models::{MeasurementModel, MotionModel};
