//! Scenarios and the runner (in progress).
