//! Which colour stands for what in Vigil's pictures, in one place (the colour values are
//! `vigil_plot::palette`'s): networks, architectures, missile classes, flight objects,
//! defended areas and true impacts, the same on maps, charts and in CZML.

use crate::Rgb;

/// Defended areas (kept out of every other role).
pub const DEFENDED_AREA: Rgb = Rgb::VERMILION;
/// True impact points.
pub const TRUE_IMPACT: Rgb = Rgb::BLACK;
/// Outlines of CZML points and labels.
pub const OUTLINE: Rgb = Rgb::BLACK;
/// Sensors drawn over a heat map (no network colours there).
pub const SENSOR_ON_HEAT_MAP: Rgb = Rgb::BLACK;

/// Colour of network `i` (colour-blind-safe; not the defended areas' vermilion).
pub fn network_colour(i: usize) -> Rgb {
    const NETWORKS: [Rgb; 5] = [
        Rgb::BLUE,
        Rgb::BLUISH_GREEN,
        Rgb::REDDISH_PURPLE,
        Rgb::ORANGE,
        Rgb::SKY_BLUE,
    ];
    NETWORKS[i % NETWORKS.len()]
}

/// Colour of architecture `a`: its impact ellipses on maps, its alerts in CZML and its
/// series on charts (distinct from the first two networks' colours, from the defended
/// areas and from the ground tracks).
pub fn architecture_colour(a: usize) -> Rgb {
    const ARCHITECTURES: [Rgb; 5] = [
        Rgb::ORANGE,
        Rgb::REDDISH_PURPLE,
        Rgb::SKY_BLUE,
        Rgb::YELLOW,
        Rgb::BLUE,
    ];
    ARCHITECTURES[a % ARCHITECTURES.len()]
}

/// Colour of missile class number `k` (in order of first use by the scenario's launches):
/// its ground tracks and launch points.
pub fn class_colour(k: usize) -> Rgb {
    const CLASSES: [Rgb; 3] = [Rgb::BLACK, Rgb::WINE, Rgb::GREY];
    CLASSES[k % CLASSES.len()]
}

/// Colour of a flight object in CZML: the reentry vehicle, the booster or a spent stage.
pub fn object_colour(kind: vigil_flight::launch::ObjectKind) -> Rgb {
    use vigil_flight::launch::ObjectKind;
    match kind {
        ObjectKind::ReentryVehicle => Rgb::YELLOW,
        ObjectKind::Booster => Rgb::ORANGE,
        ObjectKind::Stage(_) => Rgb::LIGHT_GREY,
    }
}
