// A bare vector has no frame: wrap it in a Displacement of the position's frame first.
use vigil_earth::math::Vec3;
use vigil_earth::{Ecef, Position};

fn main() {
    let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
    let _ = a + Vec3::new(1.0, 0.0, 0.0);
}
