//! Vigil's warning stage: where and when a tracked object will come down, with its
//! uncertainty (sigma points through the nonlinear flight model), which defended areas it
//! threatens and how likely, and the alerts that follow. Reads tracks, never truth.

pub mod alerts;
pub mod discrimination;
pub mod impact;
pub mod stereo;
pub mod threat;
