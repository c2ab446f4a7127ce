//! Trajectories as ephemerides: the integrator's accepted steps, sampled at any time by quintic
//! Hermite interpolation of position, velocity and acceleration (no re-integration).
//!
//! Interpolation error on a step of length h is at most h⁶ max|r⁽⁶⁾| / 46080: tens of metres
//! on the 200 s steps free flight allows, about 10 µm with the 30 s step cap of
//! `Accuracy::DEFAULT` (test `dense_output_accuracy`).

use vigil_earth::math::Vec3;
use vigil_earth::{Ecef, Position, Velocity};

/// One node of an ephemeris: time and Earth-fixed position, velocity and acceleration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// Time, s after the scenario epoch.
    pub t_s: f64,
    /// Position, m.
    pub position: Position<Ecef>,
    /// Velocity relative to the rotating Earth, m/s.
    pub velocity: Velocity<Ecef>,
    /// Acceleration in the rotating frame, m/s² (ECEF components).
    pub a_mps2: Vec3,
}

/// A time-ordered list of nodes that can be sampled at any time between the first and last.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ephemeris {
    nodes: Vec<Node>,
}

/// An Earth-fixed state sampled from an ephemeris.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    /// Time, s after the scenario epoch.
    pub t_s: f64,
    /// Position, m.
    pub position: Position<Ecef>,
    /// Velocity relative to the rotating Earth, m/s.
    pub velocity: Velocity<Ecef>,
}

impl Ephemeris {
    /// An empty ephemeris.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same path `dt_s` seconds later: in the rotating Earth-fixed frame the equations of
    /// motion do not depend on time, so a flight started later follows the same Earth-fixed
    /// path.
    pub fn shifted(&self, dt_s: f64) -> Self {
        Self {
            nodes: self
                .nodes
                .iter()
                .map(|n| Node {
                    t_s: n.t_s + dt_s,
                    ..*n
                })
                .collect(),
        }
    }

    /// Appends a node; a node earlier than the last one is ignored, one at the same time
    /// replaces it (so joined phases stay time-ordered).
    pub fn push(&mut self, node: Node) {
        match self.nodes.last() {
            Some(last) if node.t_s < last.t_s => {}
            Some(last) if node.t_s == last.t_s => {
                if let Some(l) = self.nodes.last_mut() {
                    *l = node;
                }
            }
            _ => self.nodes.push(node),
        }
    }

    /// Drops every node after `t_s` and ends the ephemeris with `node` at that time.
    pub fn truncate_at(&mut self, node: Node) {
        self.nodes.retain(|n| n.t_s < node.t_s);
        self.nodes.push(node);
    }

    /// The nodes, in time order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// First and last time covered, s (None when empty).
    pub fn span(&self) -> Option<(f64, f64)> {
        Some((self.nodes.first()?.t_s, self.nodes.last()?.t_s))
    }

    /// The interpolated state at `t_s`, or None outside the covered span.
    pub fn state_at(&self, t_s: f64) -> Option<State> {
        let (first, last) = self.span()?;
        if !(first..=last).contains(&t_s) {
            return None;
        }
        let i = self.nodes.partition_point(|n| n.t_s <= t_s);
        let (a, b) = match i {
            0 => return Some(node_state(&self.nodes[0])),
            i if i >= self.nodes.len() => return self.nodes.last().map(node_state),
            i => (&self.nodes[i - 1], &self.nodes[i]),
        };
        let (position, velocity) = hermite(a, b, t_s);
        Some(State {
            t_s,
            position,
            velocity,
        })
    }

    /// States every `step_s` seconds from the first node, plus the last node.
    pub fn sample(&self, step_s: f64) -> Vec<State> {
        let Some((first, last)) = self.span() else {
            return Vec::new();
        };
        if !(step_s > 0.0) {
            return self.nodes.iter().map(node_state).collect();
        }
        let n = ((last - first) / step_s).floor() as usize;
        let mut out: Vec<State> = (0..=n)
            .filter_map(|k| self.state_at(first + k as f64 * step_s))
            .collect();
        if out.last().is_some_and(|s| s.t_s < last) {
            out.extend(self.state_at(last));
        }
        out
    }
}

fn node_state(n: &Node) -> State {
    State {
        t_s: n.t_s,
        position: n.position,
        velocity: n.velocity,
    }
}

/// Quintic Hermite interpolation between two nodes: position and its time derivative at `t`.
pub fn hermite(a: &Node, b: &Node, t: f64) -> (Position<Ecef>, Velocity<Ecef>) {
    let h = b.t_s - a.t_s;
    if h == 0.0 {
        return (a.position, a.velocity);
    }
    let s = (t - a.t_s) / h;
    let (s2, s3) = (s * s, s * s * s);
    let (s4, s5) = (s3 * s, s3 * s2);
    // Basis for p0, h·v0, h²·a0, h²·a1, h·v1, p1 and their s-derivatives.
    let w = [
        1.0 - 10.0 * s3 + 15.0 * s4 - 6.0 * s5,
        s - 6.0 * s3 + 8.0 * s4 - 3.0 * s5,
        0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5,
        0.5 * s3 - s4 + 0.5 * s5,
        -4.0 * s3 + 7.0 * s4 - 3.0 * s5,
        10.0 * s3 - 15.0 * s4 + 6.0 * s5,
    ];
    let d = [
        -30.0 * s2 + 60.0 * s3 - 30.0 * s4,
        1.0 - 18.0 * s2 + 32.0 * s3 - 15.0 * s4,
        s - 4.5 * s2 + 6.0 * s3 - 2.5 * s4,
        1.5 * s2 - 4.0 * s3 + 2.5 * s4,
        -12.0 * s2 + 28.0 * s3 - 15.0 * s4,
        30.0 * s2 - 60.0 * s3 + 30.0 * s4,
    ];
    let terms = [
        a.position.vector(),
        a.velocity.vector() * h,
        a.a_mps2 * (h * h),
        b.a_mps2 * (h * h),
        b.velocity.vector() * h,
        b.position.vector(),
    ];
    let mut r = Vec3::zeros();
    let mut v = Vec3::zeros();
    for k in 0..6 {
        r += terms[k] * w[k];
        v += terms[k] * d[k];
    }
    (Position::from_vector(r), Velocity::from_vector(v / h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quintic polynomial path is reproduced exactly (to rounding) by the interpolant.
    #[test]
    fn reproduces_quintic_exactly() {
        let p = |t: f64| Vec3::new(t.powi(5) - 2.0 * t, 3.0 * t.powi(4), 1.0 + t * t);
        let v = |t: f64| Vec3::new(5.0 * t.powi(4) - 2.0, 12.0 * t.powi(3), 2.0 * t);
        let a = |t: f64| Vec3::new(20.0 * t.powi(3), 36.0 * t * t, 2.0);
        let node = |t: f64| Node {
            t_s: t,
            position: Position::from_vector(p(t)),
            velocity: Velocity::from_vector(v(t)),
            a_mps2: a(t),
        };
        let (n0, n1) = (node(0.5), node(2.0));
        for k in 0..=10 {
            let t = 0.5 + 1.5 * k as f64 / 10.0;
            let (r, vv) = hermite(&n0, &n1, t);
            assert!((r.vector() - p(t)).norm() < 1e-12, "{t}");
            assert!((vv.vector() - v(t)).norm() < 1e-11, "{t}");
        }
    }

    #[test]
    fn sampling_covers_span_and_nothing_outside() {
        let mut e = Ephemeris::new();
        for t in [0.0, 10.0, 25.0] {
            e.push(Node {
                t_s: t,
                position: Position::new(t, 0.0, 0.0),
                velocity: Velocity::new(1.0, 0.0, 0.0),
                a_mps2: Vec3::zeros(),
            });
        }
        let s = e.sample(10.0);
        assert_eq!(
            s.iter().map(|s| s.t_s).collect::<Vec<_>>(),
            vec![0.0, 10.0, 20.0, 25.0]
        );
        assert!((s[2].position.vector().x - 20.0).abs() < 1e-12);
        assert!(e.state_at(-1.0).is_none() && e.state_at(26.0).is_none());
        assert!(!e.sample(f64::NAN).is_empty());
    }
}
