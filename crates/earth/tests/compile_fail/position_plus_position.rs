// Two positions do not add: only a displacement moves a position.
use vigil_earth::{Ecef, Position};

fn main() {
    let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
    let b = Position::<Ecef>::new(1.0, 2.0, 3.0);
    let _ = a + b;
}
