"""Scenario.montecarlo: the rows of `vigil montecarlo`'s runs.csv, shards, progress."""

import pandas as pd
import pytest

import vigil
from conftest import SCENARIOS

SCENARIO = SCENARIOS / "teaching" / "two-networks.toml"
RUNS = 6


@pytest.fixture(scope="module")
def runs_csv(tmp_path_factory, cli):
    out = tmp_path_factory.mktemp("vigil-mc")
    cli("montecarlo", SCENARIO, "--runs", RUNS, "--out", out)
    return pd.read_csv(out / "runs.csv", keep_default_na=False, dtype=str)


def as_csv_text(df: pd.DataFrame) -> pd.DataFrame:
    """The frame's values as runs.csv writes them (shortest exact decimals, empty for NaN)."""
    out = pd.DataFrame()
    for col in df.columns:
        s = df[col]
        if col == "false_alert":
            out[col] = s.map(lambda b: "true" if b else "false")
        elif s.dtype.kind == "f":
            out[col] = s.map(lambda x: "" if pd.isna(x) else (str(int(x)) if x == int(x) else repr(x)))
        else:
            out[col] = s.astype(str)
    return out


def test_montecarlo_is_runs_csv(runs_csv):
    df = vigil.Scenario.load(SCENARIO).montecarlo(RUNS)
    assert list(df.columns) == list(runs_csv.columns)
    assert str(df["run"].dtype) == "Int64" and df["false_alert"].dtype == bool
    assert df["warning_time_s"].dtype == float
    pd.testing.assert_frame_equal(as_csv_text(df), runs_csv)
    assert sorted(set(df["run"])) == list(range(RUNS))


def test_shards_are_blocks_of_the_whole():
    s = vigil.Scenario.load(SCENARIO)
    whole = s.montecarlo(RUNS)
    parts = [s.montecarlo(RUNS, shard=f"{k}/3") for k in (1, 2, 3)]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    pd.testing.assert_frame_equal(s.montecarlo(RUNS, shard=(2, 3)), parts[1])
    assert sorted(set(parts[1]["run"])) == [2, 3]


@pytest.mark.parametrize("shard", ["0/3", "4/3", "a/b", "3", (1, 0), 7, "1/7"])
def test_bad_shards_are_refused(shard):
    with pytest.raises(ValueError, match="shard"):
        vigil.Scenario.load(SCENARIO).montecarlo(RUNS, shard=shard)


def test_progress(capsys):
    s = vigil.Scenario.load(SCENARIO)
    seen = []
    s.montecarlo(3, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)
    s.montecarlo(2, progress=True)
    assert "2/2 runs" in capsys.readouterr().err
    with pytest.raises(TypeError, match="progress"):
        s.montecarlo(2, progress="yes")


def test_zero_runs_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        vigil.Scenario.default().montecarlo(0)
