// An ECEF position minus an ECI position: different frames.
use vigil_earth::{Ecef, Eci, Position};

fn main() {
    let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
    let b = Position::<Eci>::new(1.0, 2.0, 3.0);
    let _ = a - b;
}
