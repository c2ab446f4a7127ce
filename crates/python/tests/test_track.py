"""vigil.track against `vigil track --input` (the CSV it writes, to the last bit), its
refusals, and the metrics functions."""

import numpy as np
import pandas as pd
import pytest

import vigil


def measurements(seed=7, objects=4, scans=40):
    """Ballistic-like objects seen by two sensors taking turns every 5 s (noise 30 and 80 m),
    with clutter: a DataFrame of `vigil track --input`'s columns, sorted by time."""
    rng = np.random.default_rng(seed)
    r0 = rng.uniform(-50e3, 50e3, (objects, 3)) + [0, 0, 150e3]
    v0 = rng.uniform(-2000, 2000, (objects, 3))
    rows = []
    for k in range(scans):
        t = 5.0 * k
        sensor, sigma = ("a", 30.0) if k % 2 == 0 else ("b", 80.0)
        for i in range(objects):
            if rng.random() < 0.9:
                p = r0[i] + v0[i] * t + [0, 0, -0.5 * 9.80665 * t * t]
                rows.append((t, sensor, *(p + rng.normal(0, sigma, 3))))
        for _ in range(rng.poisson(2)):
            rows.append((t, sensor, *rng.uniform(-300e3, 300e3, 3)))
    return pd.DataFrame(rows, columns=["time_s", "sensor_id", "x_m", "y_m", "z_m"])


HEADER = "# sensor_noise_std_m=a:30,b:80\n# clutter_volume_m3=2.16e17\n"
SETTINGS = dict(sensor_noise_std_m={"a": 30.0, "b": 80.0}, clutter_volume_m3=2.16e17)


@pytest.fixture(scope="module")
def meas_file(tmp_path_factory):
    df = measurements()
    path = tmp_path_factory.mktemp("track") / "meas.csv"
    # repr() of a float reads back to the same float: the file holds exactly df's numbers.
    lines = [HEADER + "time_s,sensor_id,x_m,y_m,z_m"]
    lines += [",".join([repr(t), s, repr(x), repr(y), repr(z)]) for t, s, x, y, z in df.itertuples(index=False)]
    path.write_text("\n".join(lines) + "\n")
    return df, path


def read_exact(path):
    """The CLI's CSV with every number read back exactly (Python's float() of the text)."""
    raw = pd.read_csv(path, dtype=str)
    return raw.apply(lambda c: c if c.name == "status" else c.map(float))


@pytest.mark.parametrize(
    "flags,kwargs",
    [
        (["--model", "cvg"], {}),
        (["--model", "cv", "--filter", "ukf", "--associator", "jpda", "--init", "one-point", "--q", "50"],
         dict(model="cv", filter="ukf", associator="jpda", init="one-point", q=50)),
        (["--model", "ca", "--gate", "0.999", "--m", "2", "--n", "4", "--max-coast-s", "20", "--max-speed-mps", "5000"],
         dict(model="ca", gate=0.999, m=2, n=4, max_coast_s=20, max_speed_mps=5000)),
        (["--model", "cvg", "--updates-only"], dict(updates_only=True)),
    ],
)
def test_track_equals_vigil_track_row_for_row(meas_file, tmp_path, cli, flags, kwargs):
    df, path = meas_file
    out = tmp_path / "tracks.csv"
    cli("track", "--input", path, "--out", out, *flags)
    want = read_exact(out)
    got = vigil.track(df, **SETTINGS, **kwargs)
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want) and len(got) > 50
    assert got["track_id"].nunique() >= 3
    for col in got.columns:
        if col == "status":
            assert got[col].astype(str).tolist() == want[col].tolist()
        else:
            mine = got[col].to_numpy(dtype=np.float64 if col != "track_id" else np.int64)
            assert np.array_equal(mine, want[col].to_numpy()), col


def test_track_takes_arrays_and_defaults_to_cvg(meas_file):
    df, _ = meas_file
    base = vigil.track(df, **SETTINGS)
    assert set(base["status"]) <= {"tentative", "updated", "coasted"}
    assert base["sigma_pos_m"].gt(0).all()
    # A structured array and an N×5 array (numeric sensor ids) give the same tracks.
    rec = df.to_records(index=False)
    assert vigil.track(rec, **SETTINGS).equals(base)
    numeric = df.assign(sensor_id=df["sensor_id"].map({"a": 1, "b": 2}))
    arr = numeric.to_numpy(dtype=np.float64)
    assert vigil.track(arr, sensor_noise_std_m={1: 30.0, 2: 80.0}, clutter_volume_m3=2.16e17).equals(base)
    assert not vigil.track(df, model="cv", **SETTINGS).equals(base)


def test_track_of_nothing_is_an_empty_typed_table():
    empty = pd.DataFrame({"time_s": [], "sensor_id": [], "x_m": [], "y_m": [], "z_m": []})
    t = vigil.track(empty)
    assert len(t) == 0 and list(t.columns)[-2:] == ["status", "sigma_pos_m"]
    assert t["x"].dtype == np.float64 and t["time_s"].dtype == np.float64


def test_track_refuses_bad_measurements_naming_them(meas_file):
    df, _ = meas_file
    bad = df.copy()
    bad.loc[5, "y_m"] = np.nan
    with pytest.raises(ValueError, match=r"measurements row 5: y_m is NaN"):
        vigil.track(bad)
    with pytest.raises(ValueError, match="sorted by time_s"):
        vigil.track(df.iloc[::-1].reset_index(drop=True))
    with pytest.raises(ValueError, match="missing z_m"):
        vigil.track(df.drop(columns="z_m"))
    with pytest.raises(TypeError, match="'x_m' must hold numbers"):
        vigil.track(df.assign(x_m=df["x_m"].astype(str)))
    with pytest.raises(ValueError, match=r"shape \(N, 5\)"):
        vigil.track(np.zeros((4, 3)))
    with pytest.raises(TypeError, match="dtype"):
        vigil.track(np.array([["a"] * 5]))
    with pytest.raises(TypeError, match="DataFrame or a NumPy array"):
        vigil.track([[0, 1, 2, 3, 4]])


def test_track_refuses_bad_options_naming_them(meas_file):
    df, _ = meas_file
    for kwargs, msg in [
        (dict(model="kalman"), "model must be one of"),
        (dict(filter="pf"), "filter must be one of"),
        (dict(associator="mht"), "associator must be one of"),
        (dict(init="three-point"), "init must be one of"),
        (dict(gate=1.0), "gate must be a probability"),
        (dict(m=4, n=3), "1 ≤ m ≤ n"),
        (dict(q=-1.0), "q must be"),
        (dict(max_coast_s=0.0), "max_coast_s"),
        (dict(max_speed_mps=np.inf), "max_speed_mps"),
        (dict(noise_std_m=-1.0), "noise_std_m"),
        (dict(sensor_noise_std_m={"a": np.nan}), r"sensor_noise_std_m\[\"a\"\]"),
        (dict(clutter_volume_m3=0.0), "clutter_volume_m3"),
    ]:
        with pytest.raises(ValueError, match=msg):
            vigil.track(df, **kwargs)


def test_ospa_gospa_rmse():
    x = np.array([[0.0, 0.0, 0.0], [1000.0, 0.0, 0.0]])
    y = np.array([[3.0, 4.0, 0.0]])
    o = vigil.ospa(x, y, c_m=100.0, p=2.0)
    assert o["distance"] == pytest.approx(np.sqrt((25 + 100**2) / 2))
    assert o["cardinality"] == pytest.approx(np.sqrt(100**2 / 2))
    g = vigil.gospa(x, y, c_m=100.0, p=2.0)
    assert g["assignment"] == [(0, 0)]
    assert g["localisation"] == pytest.approx(25.0) and g["missed"] == pytest.approx(5000.0)
    assert g["false"] == 0.0 and g["distance"] == pytest.approx(np.sqrt(5025.0))
    assert vigil.ospa(np.empty((0, 3)), np.empty((0, 3)))["distance"] == 0.0
    r = vigil.rmse(np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0]]), np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]))
    assert r == {"position_m": pytest.approx(np.sqrt(12.5)), "velocity_mps": 1.0, "samples": 2}
    assert vigil.rmse(np.empty((0, 3)), np.empty((0, 3))) is None
    with pytest.raises(ValueError, match="c_m"):
        vigil.ospa(x, y, c_m=0.0)
    with pytest.raises(ValueError, match="p must be"):
        vigil.gospa(x, y, p=0.5)
    with pytest.raises(ValueError, match=r"estimates\[0\] holds NaN"):
        vigil.gospa(x, np.array([[np.nan, 0.0, 0.0]]))
    with pytest.raises(TypeError, match="truths must be"):
        vigil.ospa(x.astype(np.float32), y)
