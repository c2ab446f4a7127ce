//! Tracking metrics: OSPA and GOSPA, consistency (NEES, NIS with χ² bands), and track quality
//! (RMSE, purity, fragmentation, false and missed tracks, time to confirmation). Scoring reads
//! truth; the tracker never does.

pub mod consistency;
pub mod ospa;
pub mod quality;
