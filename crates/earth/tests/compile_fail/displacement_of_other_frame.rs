// An ECI displacement does not move an ECEF position.
use vigil_earth::{Displacement, Ecef, Eci, Position};

fn main() {
    let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
    let d = Displacement::<Eci>::new(1.0, 0.0, 0.0);
    let _ = a + d;
}
