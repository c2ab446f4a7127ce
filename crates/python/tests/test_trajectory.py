"""vigil.trajectory against `vigil trajectory --csv`."""

import pytest

import vigil
from conftest import assert_frame_matches_csv


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (["--missile", "icbm-generic"], {}),
        (["--missile", "slbm-generic", "--profile", "lofted", "--apogee-km", "1500"], {"missile": "slbm-generic", "profile": "lofted", "apogee_km": 1500.0}),
        (["--missile", "irbm-generic", "--drag", "ussa1976", "--samples", "5"], {"missile": "irbm-generic", "drag": "ussa1976", "step_s": 5.0}),
    ],
)
def test_trajectory_is_vigil_trajectory_csv(tmp_path, cli, args, kwargs):
    csv = tmp_path / "samples.csv"
    frm, to = (40.0, 60.0), (55.0, 20.0)
    if "irbm-generic" in args:
        to = (45.0, 45.0)
    cli("trajectory", f"--from={frm[0]},{frm[1]}", f"--to={to[0]},{to[1]}", *args, "--csv", csv)
    df = vigil.trajectory(frm, to, **kwargs)
    assert {"rv", "booster"} <= set(df["object"])
    assert_frame_matches_csv(df, csv)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"missile": "nope"}, "missile"),
        ({"profile": "flat"}, "profile must be"),
        ({"apogee_km": 1000.0, "tof_s": 900.0}, "at most one"),
        ({"gamma_deg": 95.0}, "gamma_deg must be between 0 and 90"),
        ({"step_s": 0.0}, "step_s must be a positive"),
        ({"from_latlon": (95.0, 0.0)}, "from_latlon"),
    ],
)
def test_trajectory_refusals(kwargs, message):
    args = {"from_latlon": (40.0, 60.0), "to_latlon": (55.0, 20.0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        vigil.trajectory(**args)


def test_targets_too_close_are_refused():
    with pytest.raises(vigil.VigilError, match="10 km"):
        vigil.trajectory((40.0, 60.0), (40.0, 60.0))
