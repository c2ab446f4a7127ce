"""Shared fixtures: the repository, the `vigil` binary the parity tests compare against."""

import os
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
SCENARIOS = REPO / "scenarios"


@pytest.fixture(scope="session")
def vigil_bin() -> pathlib.Path:
    """The `vigil` binary: $VIGIL_BIN, else target/debug/vigil (`cargo build -p vigil-cli`)."""
    path = pathlib.Path(os.environ.get("VIGIL_BIN", REPO / "target" / "debug" / "vigil"))
    if not path.is_file():
        pytest.fail(f"no vigil binary at {path}: run `cargo build -p vigil-cli` or set VIGIL_BIN")
    return path


@pytest.fixture(scope="session")
def cli(vigil_bin):
    """Runs `vigil ARGS…`, returning the completed process (text output)."""

    def run(*args, check=True):
        p = subprocess.run([str(vigil_bin), *map(str, args)], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"vigil {' '.join(map(str, args))} failed ({p.returncode}): {p.stderr}")
        return p

    return run


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def assert_frame_matches_csv(df: pd.DataFrame, path):
    """Every column of `df` against the CSV the CLI wrote: text equal, numbers within the
    CSV's rounding, empty fields where `df` has NaN/NA."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(df.columns) == list(raw.columns), path
    assert len(df) == len(raw), path
    for col in df.columns:
        mine, theirs = df[col], raw[col]
        if pd.api.types.is_float_dtype(mine):
            empty = theirs == ""
            assert (mine.isna().to_numpy() == empty.to_numpy()).all(), (path, col)
            d = max((_decimals(t) for t in theirs[~empty]), default=0)
            want = theirs[~empty].astype(float).to_numpy()
            assert np.allclose(mine[~empty].to_numpy(), want, rtol=0, atol=0.5 * 10.0**-d + 1e-9), (path, col)
        else:
            assert mine.astype(object).where(mine.notna(), "").astype(str).tolist() == theirs.tolist(), (path, col)
