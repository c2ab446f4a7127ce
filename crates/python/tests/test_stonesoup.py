"""vigil.stonesoup: Vigil's radar detections as Stone Soup detections (their models checked
against the truth), a stock Stone Soup tracker run on them, and its tracks scored by Vigil."""

import numpy as np
import pytest

import vigil
from conftest import SCENARIOS


# (Without Stone Soup the import's message is tested in test_package.py.)
stonesoup = pytest.importorskip("stonesoup")
vss = pytest.importorskip("vigil.stonesoup")

from stonesoup.dataassociator.neighbour import GNNWith2DAssignment  # noqa: E402
from stonesoup.deleter.time import UpdateTimeStepsDeleter  # noqa: E402
from stonesoup.hypothesiser.distance import DistanceHypothesiser  # noqa: E402
from stonesoup.initiator.simple import MultiMeasurementInitiator  # noqa: E402
from stonesoup.measures import Mahalanobis  # noqa: E402
from stonesoup.models.transition.linear import (  # noqa: E402
    CombinedLinearGaussianTransitionModel,
    ConstantVelocity,
)
from stonesoup.predictor.kalman import ExtendedKalmanPredictor  # noqa: E402
from stonesoup.tracker.simple import MultiTargetTracker  # noqa: E402
from stonesoup.types.state import GaussianState, State  # noqa: E402
from stonesoup.updater.kalman import ExtendedKalmanUpdater  # noqa: E402


@pytest.fixture(scope="module")
def run():
    report = vigil.Scenario.load(SCENARIOS / "teaching" / "single-radar.toml").run()
    frame = vss.Frame.at_sensor(report)
    return report, frame, vss.detections(report, frame)


def test_detections_are_the_radar_plots_with_models_that_fit_the_truth(run):
    report, frame, scans = run
    radar = report.detections[report.detections["kind"] == "radar"]
    assert sum(len(s) for _, s in scans) == len(radar) > 100
    assert [t for t, _ in scans] == sorted(frame.time(t) for t in set(radar["t_s"]))
    # The origin is the radar: no offset there. Every plot is its truth seen through its
    # model, within the noise (σ 1 mrad, 50 m).
    z = []
    for _, dets in scans:
        for d in dets:
            m = d.measurement_model
            assert np.allclose(np.ravel(m.translation_offset), 0.0) and np.allclose(np.ravel(m.rotation_offset), 0.0)
            tr = report.truth([d.metadata["t_s"]])
            tr = tr[tr["truth"] == d.metadata["truth"]]
            x = np.zeros((6, 1))
            x[list(vss.POSITION), 0] = frame.position(tr[["x_m", "y_m", "z_m"]].to_numpy())[0]
            want = np.ravel(m.function(State(x))).astype(float)
            got = np.ravel(d.state_vector).astype(float)
            diff = got - want
            diff[1] = (diff[1] + np.pi) % (2 * np.pi) - np.pi
            z.append(diff / np.sqrt(np.diag(m.covar())))
    z = np.array(z)
    assert np.abs(z).max() < 5.0
    assert np.all(np.abs(z.mean(axis=0)) < 0.5) and np.all(np.abs(z.std(axis=0) - 1.0) < 0.3)


def test_a_model_away_from_the_origin_rotates_into_the_radar_axes(run):
    report, frame, _ = run
    far = vss.Frame(tuple(frame.to_ecef(np.array([300e3, -200e3, 0.0]))))
    radar = report.detections[report.detections["kind"] == "radar"].iloc[40]
    site = radar[["sensor_x_m", "sensor_y_m", "sensor_z_m"]].to_numpy(dtype=float)
    m = vss.measurement_model(far, site, 50.0, 1e-3)
    assert np.linalg.norm(np.ravel(m.rotation_offset)) > 0.01
    tr = report.truth([radar["t_s"]])
    tr = tr[tr["truth"] == radar["truth"]]
    x = np.zeros((6, 1))
    x[list(vss.POSITION), 0] = far.position(tr[["x_m", "y_m", "z_m"]].to_numpy())[0]
    el, bearing, rng = np.ravel(m.function(State(x))).astype(float)
    assert rng == pytest.approx(radar["range_m"], abs=300)
    assert np.degrees(el) == pytest.approx(radar["elevation_deg"], abs=0.3)
    assert (90 - np.degrees(bearing)) % 360 == pytest.approx(radar["azimuth_deg"], abs=0.3)


def test_a_stone_soup_tracker_on_vigil_detections_is_scored_by_vigil(run):
    report, frame, scans = run
    transition = CombinedLinearGaussianTransitionModel([ConstantVelocity(100.0)] * 3)
    predictor = ExtendedKalmanPredictor(transition)
    updater = ExtendedKalmanUpdater(measurement_model=None)  # each detection's own model
    associator = GNNWith2DAssignment(DistanceHypothesiser(predictor, updater, Mahalanobis(), missed_distance=5))
    deleter = UpdateTimeStepsDeleter(4)
    prior = GaussianState(np.zeros((6, 1)), np.diag([1e4, 3000.0**2] * 3))
    initiator = MultiMeasurementInitiator(prior, deleter, associator, updater, min_points=3)
    tracks = set()
    for _, current in MultiTargetTracker(initiator, deleter, scans, associator, updater):
        tracks |= current
    assert 1 <= len(tracks) <= 4

    score = vss.score(tracks, report, frame)
    pt = score.per_time
    assert len(pt) > 100 and (pt["truths"] >= 1).all() and pt["assigned"].gt(0).mean() > 0.9
    # The radar sees the missile from 1,100 km and more: 1 mrad is a kilometre across. The
    # tracks follow the truth within a few kilometres.
    assert score.position_rmse_m < 5_000 and score.samples > 100
    assert pt["mean_error_m"].median() < 3_000
    assert 0 < score.mean_gospa_m < 10_000 and 0 < score.mean_ospa_m <= 10_000
    # The estimates at a time are the tracks' states at that time.
    t = pt["t_s"].iloc[50]
    est = np.array([np.ravel(s.state_vector) for tr in tracks for s in tr.states if frame.seconds(s.timestamp) == t])
    assert pt["estimates"].iloc[50] == len(est)
    # No track, no estimate: everything missed.
    empty = vss.score([], report, frame)
    assert empty.samples == 0 and empty.position_rmse_m is None and len(empty.per_time) == 0
