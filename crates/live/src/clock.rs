//! The exercise clock: simulation time as a function of wall time, speed and pause.
//!
//! `sim = anchor_sim + speed × (wall − anchor_wall)` while running, `anchor_sim` while paused;
//! every change re-anchors at the current time, so simulation time never jumps back. Speed 0
//! means "as fast as possible": the exercise then advances in chunks of simulation time and
//! the clock only follows it.

use std::time::Instant;

/// Fastest speed accepted, simulation seconds per wall second.
pub const MAX_SPEED: f64 = 1000.0;

/// A scaled, pausable clock.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    speed: f64,
    paused: bool,
    anchor_wall: Instant,
    anchor_sim_s: f64,
}

impl Clock {
    /// A clock at simulation time `sim_s` at wall instant `now`.
    pub fn new(speed: f64, paused: bool, now: Instant, sim_s: f64) -> Self {
        Self {
            speed,
            paused,
            anchor_wall: now,
            anchor_sim_s: sim_s,
        }
    }

    /// Simulation seconds per wall second (0: as fast as possible).
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Whether it is paused.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// Whether it runs as fast as possible (speed 0, not paused).
    pub fn flat_out(&self) -> bool {
        self.speed == 0.0 && !self.paused
    }

    /// Simulation time at wall instant `now`, s (for speed 0: the anchor, which the
    /// exercise moves as it advances).
    pub fn sim_time_s(&self, now: Instant) -> f64 {
        if self.paused || self.speed == 0.0 {
            self.anchor_sim_s
        } else {
            let wall_s = now
                .saturating_duration_since(self.anchor_wall)
                .as_secs_f64();
            self.anchor_sim_s + self.speed * wall_s
        }
    }

    /// Re-anchors at simulation time `sim_s` at `now` (speed and pause unchanged).
    pub fn set_time(&mut self, now: Instant, sim_s: f64) {
        self.anchor_wall = now;
        self.anchor_sim_s = sim_s;
    }

    /// Changes the speed from `now` on.
    pub fn set_speed(&mut self, now: Instant, speed: f64) {
        self.set_time(now, self.sim_time_s(now));
        self.speed = speed;
    }

    /// Pauses or resumes from `now` on.
    pub fn set_paused(&mut self, now: Instant, paused: bool) {
        self.set_time(now, self.sim_time_s(now));
        self.paused = paused;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn scaled_paused_and_resumed() {
        let t0 = Instant::now();
        let mut c = Clock::new(10.0, false, t0, 100.0);
        assert_eq!(c.sim_time_s(t0 + Duration::from_secs(3)), 130.0);
        c.set_paused(t0 + Duration::from_secs(3), true);
        assert_eq!(c.sim_time_s(t0 + Duration::from_secs(60)), 130.0);
        c.set_paused(t0 + Duration::from_secs(60), false);
        c.set_speed(t0 + Duration::from_secs(61), 2.0);
        assert_eq!(c.sim_time_s(t0 + Duration::from_secs(61)), 140.0);
        assert_eq!(c.sim_time_s(t0 + Duration::from_secs(66)), 150.0);
        // An instant before the anchor does not run the clock backwards.
        assert_eq!(c.sim_time_s(t0), 140.0);
    }

    #[test]
    fn speed_zero_follows_its_anchor() {
        let t0 = Instant::now();
        let mut c = Clock::new(0.0, false, t0, 0.0);
        assert!(c.flat_out());
        c.set_time(t0, 30.0);
        assert_eq!(c.sim_time_s(t0 + Duration::from_secs(100)), 30.0);
    }
}
