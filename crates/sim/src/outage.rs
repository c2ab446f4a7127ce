//! Outages over simulation time: when something (a sensor, a link) goes down and comes back.

/// The times at which something goes down or comes back, s. It is up before any change; at
/// any time the latest change at or before it decides (of two at the same time, the later
/// given).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Outages {
    /// (time, up after it), in the order given.
    changes: Vec<(f64, bool)>,
}

impl Outages {
    /// Records that it goes down (`up = false`) or comes back at `t_s`.
    pub(crate) fn set(&mut self, t_s: f64, up: bool) {
        self.changes.push((t_s, up));
    }

    /// Whether it is up at `t_s`.
    pub(crate) fn up_at(&self, t_s: f64) -> bool {
        self.changes
            .iter()
            .filter(|(t, _)| *t <= t_s)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .is_none_or(|(_, up)| *up)
    }

    /// The times of changes in (`t0_s`, `t1_s`], sorted, without repeats.
    pub(crate) fn changes_within(&self, t0_s: f64, t1_s: f64) -> Vec<f64> {
        let mut cuts: Vec<f64> = self
            .changes
            .iter()
            .map(|(t, _)| *t)
            .filter(|t| *t > t0_s && *t <= t1_s)
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        cuts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_change_decides() {
        let mut o = Outages::default();
        assert!(o.up_at(0.0));
        o.set(100.0, false);
        o.set(200.0, true);
        o.set(150.0, false);
        assert!(o.up_at(99.9));
        assert!(!o.up_at(100.0));
        assert!(!o.up_at(199.9));
        assert!(o.up_at(200.0));
        assert_eq!(o.changes_within(100.0, 200.0), vec![150.0, 200.0]);
    }
}
