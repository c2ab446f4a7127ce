//! Kepler closed forms, invariants: three time-of-flight formulas agree, influence
//! coefficients match central differences, the minimum-energy arc minimises speed, inversions
//! round-trip, arcs to another radius match an RK4 integration; bad inputs give errors, never
//! NaN.

mod arcs;
#[path = "../../../testing/tolerance.rs"]
mod common;

use arcs::{KM, MIN, fit_lofted, met_flight, ok, surface_arc};
use common::{near, near_rel};
use std::f64::consts::{FRAC_PI_2, PI, TAU};
use vigil_flight::kepler::*;

/// Time from burnout (ν_bo) to the same radius (2π − ν_bo) by the general Kepler equation.
fn kepler_time_same_radius(ff: &FreeFlight) -> f64 {
    let nu = ff.burnout_true_anomaly_rad;
    ok(time_between_true_anomalies(
        ff.a_m,
        ff.e,
        nu,
        TAU - nu,
        MU_EARTH,
    ))
}

// Three independent time-of-flight formulas agree (docs/physics.md §2.5: ~1e-13 relative).
// Tolerance 1e-12 relative.
#[test]
fn tff_symmetric_equals_kepler_equals_lambert() {
    for r in [R_SPHERE, R_SPHERE + 200.0 * KM] {
        for range in [100.0, 300.0, 2000.0, 10000.0, 15000.0, 19000.0] {
            let psi = range * KM / R_SPHERE;
            let (_, ff) = met_flight(r, range);
            let kepler = kepler_time_same_radius(&ff);
            let lambert = ok(lambert_min_energy(r, r, psi, MU_EARTH));
            near_rel("kepler", kepler, ff.time_of_flight_s, 1e-12);
            near_rel("lambert t", lambert.tof_s, ff.time_of_flight_s, 1e-12);
            near_rel("lambert a", lambert.a_m, ff.a_m, 1e-12);
            // MET closed form a = r (1 + sin(Ψ/2)) / 2, e = cos(Ψ/2) / (1 + sin(Ψ/2)).
            let s = (0.5 * psi).sin();
            near_rel("MET a", ff.a_m, 0.5 * r * (1.0 + s), 1e-12);
            near_rel("MET e", ff.e, (0.5 * psi).cos() / (1.0 + s), 1e-12);
        }
    }
    // Non-MET arcs: symmetric vs Kepler.
    for gamma_deg in [5.0, 15.0, 40.0, 70.0, 80.0] {
        let (_, ff) = ok(surface_arc(3000.0, f64::to_radians(gamma_deg)));
        near_rel(
            "kepler non-MET",
            kepler_time_same_radius(&ff),
            ff.time_of_flight_s,
            1e-12,
        );
    }
}

// Regression (docs/physics.md §2.4): a public implementation used the value cos E_bo as the
// angle E_bo. That gives a visibly different t_ff; ours matches Kepler and Lambert to 1e-12.
#[test]
fn regression_cos_e_used_as_angle() {
    for range in [2000.0, 10000.0] {
        let (b, ff) = met_flight(R_SPHERE, range);
        let c = (0.5 * ff.range_angle_rad).cos();
        let cos_e_bo = (ff.e - c) / (1.0 - ff.e * c);
        let scale = 2.0 * (ff.a_m.powi(3) / MU_EARTH).sqrt();
        let buggy = scale * (PI - cos_e_bo + ff.e * cos_e_bo.sin());
        let lambert = ok(lambert_min_energy(
            b.r_m,
            b.r_m,
            ff.range_angle_rad,
            MU_EARTH,
        ));
        near_rel(
            "pitfall: correct",
            ff.time_of_flight_s,
            lambert.tof_s,
            1e-12,
        );
        let off = (buggy / ff.time_of_flight_s - 1.0).abs();
        println!(
            "{range} km: cos-E-as-angle t_ff {:.2} min vs {:.2} min ({off:.1e})",
            buggy / MIN,
            ff.time_of_flight_s / MIN
        );
        assert!(
            off > 0.05,
            "pitfall formula should differ visibly, got {off:e}"
        );
    }
}

/// Ψ(r, v, γ) for the influence-coefficient finite differences.
fn psi_of(r: f64, v: f64, g: f64, mu: f64) -> f64 {
    ok(free_flight(
        &Burnout {
            r_m: r,
            v_mps: v,
            gamma_rad: g,
        },
        mu,
    ))
    .range_angle_rad
}

// Influence coefficients (docs/physics.md §2.5) vs central differences of Ψ (relative step
// 1e-4, truncation ~1e-8). Tolerance 1e-6 relative; at the MET ∂Ψ/∂γ vanishes (γ* maximises
// Ψ): analytic value within 1e-12 of 0, central difference within its truncation error
// (1e-7) of 0.
#[test]
fn influence_coefficients_match_central_differences() {
    let cases = [
        (
            Burnout {
                r_m: 1.1,
                v_mps: 0.905,
                gamma_rad: 30f64.to_radians(),
            },
            1.0,
        ),
        (ok(surface_arc(2000.0, 15f64.to_radians())).0, MU_EARTH),
        (ok(surface_arc(10000.0, 50f64.to_radians())).0, MU_EARTH),
        (fit_lofted(930.0, 2800.0).0, MU_EARTH),
        (met_flight(R_SPHERE + 200.0 * KM, 8000.0).0, MU_EARTH),
    ];
    let mut worst: f64 = 0.0;
    for (b, mu) in cases {
        let c = ok(influence_coefficients(&b, mu));
        let (r, v, g) = (b.r_m, b.v_mps, b.gamma_rad);
        let (hr, hv, hg) = (1e-4 * r, 1e-4 * v, 1e-4);
        let fd_r = (psi_of(r + hr, v, g, mu) - psi_of(r - hr, v, g, mu)) / (2.0 * hr);
        let fd_v = (psi_of(r, v + hv, g, mu) - psi_of(r, v - hv, g, mu)) / (2.0 * hv);
        let fd_g = (psi_of(r, v, g + hg, mu) - psi_of(r, v, g - hg, mu)) / (2.0 * hg);
        worst = worst.max(near_rel("dpsi/dr", c.dpsi_dr, fd_r, 1e-6));
        worst = worst.max(near_rel("dpsi/dv", c.dpsi_dv, fd_v, 1e-6));
        if c.dpsi_dgamma.abs() > 1e-6 {
            worst = worst.max(near_rel("dpsi/dgamma", c.dpsi_dgamma, fd_g, 1e-6));
        } else {
            near("dpsi/dgamma at MET", c.dpsi_dgamma, 0.0, 1e-12);
            near("FD dpsi/dgamma at MET", fd_g, 0.0, 1e-7);
        }
    }
    println!("influence coefficients: worst relative deviation from FD {worst:.2e}");
}

// MET (docs/physics.md §2.4 item 6): γ* = 45° − Ψ/4 in degrees, and the MET speed is the
// minimum of speed_for_range over γ (scan + golden section: speed to 1e-9 relative, γ to
// 1e-6 rad), the maximum range for Q_min is Ψ, and both roots of the γ equation merge at γ*.
#[test]
fn met_minimises_speed_over_gamma() {
    for range in [300.0, 2000.0, 10000.0, 15000.0] {
        let psi = range * KM / R_SPHERE;
        let b = ok(min_energy(R_SPHERE, psi, MU_EARTH));
        near(
            "gamma* deg",
            b.gamma_rad.to_degrees(),
            45.0 - psi.to_degrees() / 4.0,
            1e-12,
        );
        let speed = |g: f64| speed_for_range(R_SPHERE, psi, g, MU_EARTH).unwrap_or(f64::INFINITY);
        let n = 10_000;
        let grid = (1..n).map(|i| f64::from(i) * FRAC_PI_2 / f64::from(n));
        let best = grid.fold(
            0.0,
            |best: f64, g| if speed(g) < speed(best) { g } else { best },
        );
        for i in 1..n {
            let g = f64::from(i) * FRAC_PI_2 / f64::from(n);
            assert!(
                speed(g) >= b.v_mps * (1.0 - 1e-14),
                "speed below MET at γ {g}"
            );
        }
        let (mut lo, mut hi) = (
            best - FRAC_PI_2 / f64::from(n),
            best + FRAC_PI_2 / f64::from(n),
        );
        let phi = 0.5 * (5f64.sqrt() - 1.0);
        for _ in 0..100 {
            let (x1, x2) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
            if speed(x1) < speed(x2) {
                hi = x2
            } else {
                lo = x1
            }
        }
        let g_min = 0.5 * (lo + hi);
        near_rel("min speed", speed(g_min), b.v_mps, 1e-9);
        near("argmin gamma", g_min, b.gamma_rad, 1e-6);
        let q = ok(burnout_parameter(&b, MU_EARTH));
        near("psi_max(Q_min)", ok(max_range_angle(q)), psi, 1e-12);
        let roots = ok(gammas_for_range(q, psi));
        near(
            "low root",
            roots.low_rad.unwrap_or(f64::NAN),
            b.gamma_rad,
            1e-7,
        );
        near("high root", roots.high_rad, b.gamma_rad, 1e-7);
    }
}

// gammas_for_range and speed_for_range invert each other and free_flight (Q < 1 and Q > 1).
#[test]
fn gammas_and_speed_invert_free_flight() {
    for (q, psi_deg) in [
        (0.5, 30.0),
        (0.85, 90.0),
        (0.96, 130.0),
        (1.3, 200.0),
        (1.1, 60.0),
    ] {
        let psi = f64::to_radians(psi_deg);
        let roots = ok(gammas_for_range(q, psi));
        assert_eq!(roots.low_rad.is_some(), q < 1.0);
        for g in roots.low_rad.into_iter().chain([roots.high_rad]) {
            let v = (q * MU_EARTH / R_SPHERE).sqrt();
            let b = Burnout {
                r_m: R_SPHERE,
                v_mps: v,
                gamma_rad: g,
            };
            near_rel(
                "psi back",
                ok(free_flight(&b, MU_EARTH)).range_angle_rad,
                psi,
                1e-12,
            );
            near_rel(
                "v back",
                ok(speed_for_range(R_SPHERE, psi, g, MU_EARTH)),
                v,
                1e-12,
            );
        }
    }
    assert_eq!(
        gammas_for_range(0.5, 100f64.to_radians()),
        Err(KeplerError::Unreachable)
    );
}

// The atan2 forms used here equal those of docs/physics.md §2.4: cos(Ψ/2) = (1 − Q cos²γ)/e,
// e² = 1 + Q(Q − 2) cos²γ, p = r Q cos²γ, a = r/(2 − Q). Tolerance 1e-12.
#[test]
fn range_and_conic_match_reference_forms() {
    for (q, g_deg) in [
        (0.3, 20.0),
        (0.83, 22.5),
        (0.62, 83.2),
        (1.2, 39.3),
        (1.9, 10.0),
    ] {
        let g = f64::to_radians(g_deg);
        let b = Burnout {
            r_m: 1.0,
            v_mps: f64::sqrt(q),
            gamma_rad: g,
        };
        let ff = ok(free_flight(&b, 1.0));
        let c2 = g.cos().powi(2);
        let e = (1.0 + q * (q - 2.0) * c2).sqrt();
        near("e", ff.e, e, 1e-12);
        near("p", ff.p_m, q * c2, 1e-12);
        near("a", ff.a_m, 1.0 / (2.0 - q), 1e-12);
        near(
            "cos psi/2",
            (0.5 * ff.range_angle_rad).cos(),
            (1.0 - q * c2) / e,
            1e-12,
        );
    }
}

/// Two-body RK4 in the orbital plane from burnout until the radius descends through `r_end`;
/// returns (range angle, time). The last step is bisected to locate the crossing.
fn rk4_to_radius(b: &Burnout, r_end: f64, mu: f64, dt: f64) -> (f64, f64) {
    type State = [f64; 4];
    let deriv = |s: &State| {
        let r3 = s[0].hypot(s[1]).powi(3);
        [s[2], s[3], -mu * s[0] / r3, -mu * s[1] / r3]
    };
    let step = |s: &State, h: f64| {
        let add = |a: &State, k: &State, f: f64| std::array::from_fn(|i| a[i] + f * k[i]);
        let k1 = deriv(s);
        let k2 = deriv(&add(s, &k1, 0.5 * h));
        let k3 = deriv(&add(s, &k2, 0.5 * h));
        let k4 = deriv(&add(s, &k3, h));
        std::array::from_fn(|i| s[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]))
    };
    let radius = |s: &State| s[0].hypot(s[1]);
    let descending = |s: &State| s[0] * s[2] + s[1] * s[3] < 0.0;
    let (sg, cg) = b.gamma_rad.sin_cos();
    let mut s: State = [b.r_m, 0.0, b.v_mps * sg, b.v_mps * cg];
    let mut t = 0.0;
    loop {
        let next = step(&s, dt);
        if descending(&next) && radius(&next) <= r_end {
            break;
        }
        s = next;
        t += dt;
        assert!(t < 1e6, "RK4 arc never reached the end radius");
    }
    let (mut lo, mut hi) = (0.0, dt);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        let p = step(&s, mid);
        if descending(&p) && radius(&p) <= r_end {
            hi = mid
        } else {
            lo = mid
        }
    }
    let end = step(&s, lo);
    (end[1].atan2(end[0]), t + lo)
}

// Arc to a different radius (burnout 200 km → surface) vs an independent RK4 integration
// (dt 0.5 s, error ~1e-10). Tolerance 1e-8 relative. Same radius reproduces free_flight.
#[test]
fn flight_to_other_radius_matches_rk4() {
    for (range, gamma_deg) in [(10000.0, None), (3000.0, Some(15.0)), (930.0, Some(83.0))] {
        let r_bo = R_SPHERE + 200.0 * KM;
        let psi = range * KM / R_SPHERE;
        let b = match gamma_deg {
            None => ok(min_energy(r_bo, psi, MU_EARTH)),
            Some(g) => {
                let gamma_rad = f64::to_radians(g);
                let v_mps = ok(speed_for_range(r_bo, psi, gamma_rad, MU_EARTH));
                Burnout {
                    r_m: r_bo,
                    v_mps,
                    gamma_rad,
                }
            }
        };
        let ff = ok(free_flight(&b, MU_EARTH));
        let same = ok(free_flight_to_radius(&b, r_bo, MU_EARTH));
        near_rel(
            "same radius psi",
            same.range_angle_rad,
            ff.range_angle_rad,
            1e-12,
        );
        near_rel(
            "same radius t",
            same.time_of_flight_s,
            ff.time_of_flight_s,
            1e-12,
        );
        let arc = ok(free_flight_to_radius(&b, R_SPHERE, MU_EARTH));
        assert!(arc.range_angle_rad > ff.range_angle_rad);
        assert!(arc.time_of_flight_s > ff.time_of_flight_s);
        let (psi_rk, t_rk) = rk4_to_radius(&b, R_SPHERE, MU_EARTH, 0.5);
        near_rel("rk4 psi", arc.range_angle_rad, psi_rk, 1e-8);
        near_rel("rk4 t", arc.time_of_flight_s, t_rk, 1e-8);
    }
}

// Kepler unwrap past apogee: ν from 0 to π is half a period, 0 to 2π a period, and
// the time is additive across ν = π (no jump at apogee). Tolerance 1e-12 relative.
#[test]
fn kepler_time_unwraps_past_apogee() {
    let (a, e, mu): (f64, f64, f64) = (7.0e6, 0.3, MU_EARTH);
    let period = TAU * (a.powi(3) / mu).sqrt();
    let t = |n1: f64, n2: f64| ok(time_between_true_anomalies(a, e, n1, n2, mu));
    near_rel("half period", t(0.0, PI), 0.5 * period, 1e-12);
    near_rel("period", t(0.0, TAU), period, 1e-12);
    near_rel("two periods", t(0.5, 0.5 + 2.0 * TAU), 2.0 * period, 1e-12);
    near_rel("additive", t(2.0, 3.0) + t(3.0, 4.0), t(2.0, 4.0), 1e-12);
    assert!(t(3.0, 3.3) > 0.0 && t(3.3, 3.0) < 0.0);
}

/// Minimal deterministic generator (64-bit LCG, MMIX constants) for the sweep below.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }

    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 53) as f64
    }

    /// A finite value: a special one, a moderate one in (0, 3) (half the time), or one of
    /// random sign and magnitude 1e-300 … 1e300.
    fn value(&mut self) -> f64 {
        const SPECIAL: [f64; 7] = [0.0, -0.0, 1.0, -1.0, f64::MIN_POSITIVE, f64::MAX, 1e-320];
        match self.next() % 4 {
            0 => SPECIAL[(self.next() % 7) as usize],
            1 => {
                let sign = if self.next() % 2 == 0 { 1.0 } else { -1.0 };
                sign * self.unit() * 10f64.powi((self.next() % 601) as i32 - 300)
            }
            _ => 3.0 * self.unit(),
        }
    }
}

// Every finite input, however extreme, gives an error or finite outputs: never NaN or a panic.
#[test]
fn extreme_finite_inputs_never_give_nan() {
    let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
    let mut rng = Lcg(0x9e37_79b9_7f4a_7c15);
    for _ in 0..50_000 {
        let (x, y, z, w, u) = (
            rng.value(),
            rng.value(),
            rng.value(),
            rng.value(),
            rng.value(),
        );
        let b = Burnout {
            r_m: x,
            v_mps: y,
            gamma_rad: z,
        };
        if let Ok(f) = free_flight(&b, w) {
            let all = [f.q, f.a_m, f.e, f.p_m, f.apogee_radius_m, f.range_angle_rad];
            assert!(
                finite(&all) && f.time_of_flight_s.is_finite(),
                "{b:?} {w}: {f:?}"
            );
        }
        if let Ok(a) = free_flight_to_radius(&b, u * x, w) {
            assert!(
                finite(&[a.range_angle_rad, a.time_of_flight_s]),
                "{b:?} {w}"
            );
        }
        if let Ok(c) = influence_coefficients(&b, w) {
            assert!(
                finite(&[c.dpsi_dr, c.dpsi_dv, c.dpsi_dgamma]),
                "{b:?} {w}: {c:?}"
            );
        }
        if let Ok(m) = min_energy(x, y, w) {
            assert!(finite(&[m.r_m, m.v_mps, m.gamma_rad]), "{x} {y} {w}: {m:?}");
        }
        if let Ok(g) = gammas_for_range(x, y) {
            assert!(finite(&[g.high_rad, g.low_rad.unwrap_or(0.0)]), "{x} {y}");
        }
        if let Ok(l) = lambert_min_energy(x, y, z, w) {
            assert!(finite(&[l.a_m, l.tof_s]), "{x} {y} {z} {w}: {l:?}");
        }
        let scalars = [
            burnout_parameter(&b, w),
            max_range_angle(x),
            speed_for_range(x, y, z, w),
            time_between_true_anomalies(x, y, z, w, u),
        ];
        for (k, r) in scalars.into_iter().enumerate() {
            assert!(
                r.is_err() || r.is_ok_and(f64::is_finite),
                "scalar {k}: {x} {y} {z} {w}"
            );
        }
    }
}

#[test]
fn non_finite_inputs_give_errors() {
    let good = Burnout {
        r_m: R_SPHERE,
        v_mps: 7000.0,
        gamma_rad: 0.4,
    };
    let mu = MU_EARTH;
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let bad = [
            Burnout { r_m: x, ..good },
            Burnout { v_mps: x, ..good },
            Burnout {
                gamma_rad: x,
                ..good
            },
        ];
        let nf = Some(KeplerError::NonFinite);
        for b in &bad {
            assert_eq!(free_flight(b, mu).err(), nf);
            assert_eq!(influence_coefficients(b, mu).err(), nf);
            assert_eq!(free_flight_to_radius(b, R_SPHERE, mu).err(), nf);
        }
        assert_eq!(burnout_parameter(&bad[0], mu).err(), nf);
        assert_eq!(burnout_parameter(&good, x).err(), nf);
        assert_eq!(free_flight(&good, x).err(), nf);
        assert_eq!(free_flight_to_radius(&good, x, mu).err(), nf);
        assert_eq!(min_energy(x, 1.0, mu).err(), nf);
        assert_eq!(min_energy(R_SPHERE, x, mu).err(), nf);
        assert_eq!(min_energy(R_SPHERE, 1.0, x).err(), nf);
        assert_eq!(max_range_angle(x).err(), nf);
        assert_eq!(gammas_for_range(x, 1.0).err(), nf);
        assert_eq!(gammas_for_range(0.5, x).err(), nf);
        for args in [
            (x, 1.0, 0.3, mu),
            (R_SPHERE, x, 0.3, mu),
            (R_SPHERE, 1.0, x, mu),
            (R_SPHERE, 1.0, 0.3, x),
        ] {
            assert_eq!(speed_for_range(args.0, args.1, args.2, args.3).err(), nf);
        }
        for args in [
            (x, 1.0, 1.0, 1.0),
            (1.0, x, 1.0, 1.0),
            (1.0, 1.0, x, 1.0),
            (1.0, 1.0, 1.0, x),
        ] {
            assert_eq!(lambert_min_energy(args.0, args.1, args.2, args.3).err(), nf);
        }
        for args in [
            (x, 0.1, 0.0, 1.0, 1.0),
            (1.0, x, 0.0, 1.0, 1.0),
            (1.0, 0.1, x, 1.0, 1.0),
            (1.0, 0.1, 0.0, x, 1.0),
            (1.0, 0.1, 0.0, 1.0, x),
        ] {
            assert_eq!(
                time_between_true_anomalies(args.0, args.1, args.2, args.3, args.4).err(),
                nf
            );
        }
    }
}

#[test]
fn out_of_domain_inputs_give_errors() {
    use KeplerError::*;
    let mu = MU_EARTH;
    let b = |r_m, v_mps, gamma_rad| Burnout {
        r_m,
        v_mps,
        gamma_rad,
    };
    assert_eq!(
        free_flight(&b(R_SPHERE, 7000.0, 0.0), mu).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        free_flight(&b(R_SPHERE, 7000.0, FRAC_PI_2), mu).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        free_flight(&b(R_SPHERE, 7000.0, -0.1), mu).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        free_flight(&b(-R_SPHERE, 7000.0, 0.3), mu).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        free_flight(&b(R_SPHERE, 0.0, 0.3), mu).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        free_flight(&b(R_SPHERE, 7000.0, 0.3), 0.0).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        free_flight(&b(R_SPHERE, 11_200.0, 0.3), mu).err(),
        Some(Escape)
    );
    let sub = b(R_SPHERE, 7000.0, 0.4);
    let apogee = ok(free_flight(&sub, mu)).apogee_radius_m;
    assert_eq!(
        free_flight_to_radius(&sub, apogee * 1.001, mu).err(),
        Some(NoReturn)
    );
    assert_eq!(free_flight_to_radius(&sub, 1.0, mu).err(), Some(NoReturn));
    assert_eq!(
        free_flight_to_radius(&sub, 0.0, mu).err(),
        Some(OutOfDomain)
    );
    assert!(free_flight_to_radius(&sub, apogee, mu).is_ok());
    assert_eq!(min_energy(R_SPHERE, 0.0, mu).err(), Some(OutOfDomain));
    assert_eq!(min_energy(R_SPHERE, PI, mu).err(), Some(OutOfDomain));
    assert_eq!(max_range_angle(0.0).err(), Some(OutOfDomain));
    assert_eq!(max_range_angle(2.0).err(), Some(Escape));
    assert_eq!(max_range_angle(1.5), Ok(TAU));
    assert_eq!(gammas_for_range(2.5, 1.0).err(), Some(Escape));
    assert_eq!(gammas_for_range(0.5, TAU).err(), Some(OutOfDomain));
    assert_eq!(
        speed_for_range(R_SPHERE, 1.0, 0.0, mu).err(),
        Some(OutOfDomain)
    );
    assert_eq!(speed_for_range(R_SPHERE, 6.2, 0.03, mu).err(), Some(Escape));
    assert_eq!(
        speed_for_range(R_SPHERE, 6.2, 0.2, mu).err(),
        Some(Unreachable)
    );
    assert_eq!(
        lambert_min_energy(1.0, 1.0, 0.0, 1.0).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        lambert_min_energy(1.0, 1.0, 4.0, 1.0).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        time_between_true_anomalies(1.0, 1.0, 0.0, 1.0, 1.0).err(),
        Some(OutOfDomain)
    );
    assert_eq!(
        time_between_true_anomalies(1.0, -0.1, 0.0, 1.0, 1.0).err(),
        Some(OutOfDomain)
    );
    assert!(!KeplerError::Escape.to_string().is_empty());
}
