//! The boost/ballistic IMM on a simulated booster: it follows the boost while the booster
//! thrusts, switches to ballistic after burnout, and beats each single model over the flight.
#![allow(clippy::unwrap_used)]

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use vigil_earth::Geodetic;
use vigil_earth::math::Vec3;
use vigil_flight::ForceModel;
use vigil_flight::launch::ObjectKind;
use vigil_flight::targeting::{Constraint, Profile, aim};
use vigil_flight::vehicle::builtin_class;
use vigil_tracking::Ekf;
use vigil_tracking::estimator::{Estimator, Imm, Single};
use vigil_tracking::initiate::{Initiator, Seed, TwoPoint};
use vigil_tracking::models::ballistic::{Ballistic, Boost, Flight};
use vigil_tracking::observation::Point;

/// Runs an estimator over noisy position measurements of a path; returns per-step (t, error,
/// mode-0 probability if any).
fn run<E: Estimator<6>>(
    e: &E,
    z: &[(f64, Vec3, Vec3)],
    prob0: impl Fn(&E::State) -> f64,
) -> Vec<(f64, f64, f64)> {
    let sigma = Vec3::repeat(300.0);
    let cov = vigil_earth::math::Mat3::identity() * 9e4;
    let mut init = TwoPoint::new(9_000.0, 20.0, 1.0);
    let _: Vec<_> = Initiator::<6>::initiate(
        &mut init,
        &[Seed {
            t_s: z[0].0,
            source: 0,
            z: z[0].1,
            cov,
        }],
    );
    let birth = Initiator::<6>::initiate(
        &mut init,
        &[Seed {
            t_s: z[1].0,
            source: 0,
            z: z[1].1,
            cov,
        }],
    );
    let mut state = e.init(birth[0].estimate);
    let mut t = z[1].0;
    let mut out = Vec::new();
    for (tk, meas, truth) in &z[2..] {
        let predicted = e.predict(&state, t, tk - t);
        state = e
            .update(
                &predicted,
                &Point {
                    t_s: *tk,
                    source: 0,
                    z: *meas,
                    sigma_m: sigma,
                },
            )
            .unwrap();
        t = *tk;
        let g = e.gaussian(&state);
        out.push((
            *tk,
            (Vec3::new(g.mean[0], g.mean[1], g.mean[2]) - truth).norm(),
            prob0(&state),
        ));
    }
    out
}

fn rms(v: &[(f64, f64, f64)], range: impl Fn(f64) -> bool) -> f64 {
    let e: Vec<f64> = v.iter().filter(|x| range(x.0)).map(|x| x.1 * x.1).collect();
    (e.iter().sum::<f64>() / e.len() as f64).sqrt()
}

#[test]
fn imm_switches_from_boost_to_ballistic_and_beats_single_models() {
    let model = ForceModel::default();
    let class = builtin_class("icbm-generic").unwrap();
    let from = Geodetic::from_degrees(45.0, 60.0, 0.0).unwrap();
    let to = Geodetic::from_degrees(50.0, -100.0, 0.0).unwrap();
    let sol = aim(
        &model,
        &vigil_flight::launch::Booster::Class(class),
        &from,
        &to,
        0.0,
        Profile::MinEnergy,
        Constraint::None,
    )
    .unwrap();
    let booster = sol
        .flight
        .objects
        .iter()
        .find(|o| o.kind == ObjectKind::Booster)
        .unwrap();
    let burnout = booster.thrust_end_s.unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let z: Vec<(f64, Vec3, Vec3)> = (0..)
        .map(|k| 30.0 + 5.0 * k as f64)
        .take_while(|t| *t < burnout + 400.0)
        .map(|t| {
            let truth = booster.ephemeris.state_at(t).unwrap().position.vector();
            let n = Vec3::new(
                StandardNormal.sample(&mut rng),
                StandardNormal.sample(&mut rng),
                StandardNormal.sample(&mut rng),
            );
            (t, truth + n * 300.0, truth)
        })
        .collect();
    let ballistic = Ballistic::vacuum(1.0);
    let boost = Boost {
        ballistic: Ballistic {
            q: 2_000.0,
            ..ballistic
        },
        thrust_mps2: 30.0,
    };
    let imm = Imm {
        filter: Ekf,
        models: [Flight::Boost(boost), Flight::Coast(ballistic)],
        rates: [[0.0, 1.0 / 200.0], [1e-6, 0.0]],
        initial: [0.5, 0.5],
    };
    let r_imm = run(&imm, &z, |s| s.probability[0]);
    let r_bal = run(&Single::new(Ekf, ballistic), &z, |_| 0.0);
    let r_boost = run(&Single::new(Ekf, boost), &z, |_| 1.0);
    let boosting = |t: f64| t < burnout;
    let coasting = |t: f64| t > burnout + 60.0;
    let all = |_: f64| true;
    println!(
        "RMSE boost/coast/all (m): IMM {:.0}/{:.0}/{:.0}, ballistic {:.0}/{:.0}/{:.0}, boost {:.0}/{:.0}/{:.0}",
        rms(&r_imm, boosting),
        rms(&r_imm, coasting),
        rms(&r_imm, all),
        rms(&r_bal, boosting),
        rms(&r_bal, coasting),
        rms(&r_bal, all),
        rms(&r_boost, boosting),
        rms(&r_boost, coasting),
        rms(&r_boost, all)
    );
    // Mode probabilities: boost while thrusting (late boost), ballistic a minute after burnout.
    let p_late_boost = r_imm
        .iter()
        .filter(|x| x.0 > burnout - 60.0 && x.0 < burnout)
        .map(|x| x.2)
        .sum::<f64>()
        / r_imm
            .iter()
            .filter(|x| x.0 > burnout - 60.0 && x.0 < burnout)
            .count() as f64;
    let p_coast = r_imm
        .iter()
        .filter(|x| coasting(x.0))
        .map(|x| x.2)
        .fold(0.0, f64::max);
    assert!(p_late_boost > 0.5, "P(boost) during boost {p_late_boost}");
    assert!(p_coast < 0.1, "P(boost) after burnout up to {p_coast}");
    // The IMM does about as well as the right model in each phase and better than either
    // single model over the whole flight.
    assert!(rms(&r_imm, all) < rms(&r_bal, all) && rms(&r_imm, all) < rms(&r_boost, all));
    assert!(rms(&r_imm, coasting) < 1.3 * rms(&r_bal, coasting));
    assert!(rms(&r_imm, boosting) < 1.3 * rms(&r_boost, boosting));
}
