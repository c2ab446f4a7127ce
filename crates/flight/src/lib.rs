//! Ballistic flight (in progress).
