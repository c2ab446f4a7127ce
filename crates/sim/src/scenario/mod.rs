//! Scenario files: the format, checking with located problems, and the typed, SI model.

pub mod check;
pub mod file;
pub mod ids;
pub mod model;

pub use check::{Problem, line_col, render_problems, schema};
pub use model::{Scenario, SensorKind};
