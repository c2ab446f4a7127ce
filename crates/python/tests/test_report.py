"""Scenario.run and Report: report.json and every file byte for byte as `vigil run`; the
DataFrames against the CSV files the CLI writes."""

import json

import numpy as np
import pandas as pd
import pytest

import vigil
from conftest import SCENARIOS, assert_frame_matches_csv


@pytest.fixture(scope="module")
def default_run(tmp_path_factory, cli):
    """The default scenario run by Python and by `vigil run --out DIR`."""
    out = tmp_path_factory.mktemp("vigil-run")
    cli("run", "--out", out)
    return vigil.Scenario.default().run(), out


def test_to_json_is_report_json_byte_for_byte(default_run):
    report, out = default_run
    assert report.to_json().encode() == (out / "report.json").read_bytes()


def test_to_json_of_a_file_scenario_and_another_run_index(tmp_path, cli):
    path = SCENARIOS / "teaching" / "two-networks.toml"
    cli("run", path, "--run", 3, "--out", tmp_path)
    report = vigil.Scenario.load(path).run(run=3)
    assert report.to_json().encode() == (tmp_path / "report.json").read_bytes()
    assert report.to_json() != vigil.Scenario.load(path).run(run=0).to_json()


def test_write_gives_every_file_of_vigil_run(default_run, tmp_path):
    report, out = default_run
    report.write(tmp_path / "py")
    names = sorted(p.name for p in out.iterdir())
    assert sorted(p.name for p in (tmp_path / "py").iterdir()) == names
    assert "map.png" in names and "tracks-integrated.csv" in names
    for name in names:
        assert (tmp_path / "py" / name).read_bytes() == (out / name).read_bytes(), name
    with pytest.raises(ValueError, match="projection"):
        report.write(tmp_path / "x", projection="mercator")


def test_alerts_frame_is_alerts_csv(default_run):
    report, out = default_run
    df = report.alerts
    assert df["t_s"].dtype == np.float64 and str(df["track"].dtype) == "Int64"
    assert_frame_matches_csv(df, out / "alerts.csv")


def test_predictions_frame_is_predictions_csv(default_run):
    report, out = default_run
    df = report.predictions
    assert len(df) > 0 and str(df["track"].dtype) == "Int64"
    assert set(df["object"]) <= {"reentry-vehicle", "stage", "unknown"}
    assert_frame_matches_csv(df, out / "predictions.csv")


def test_detections_frame_is_detections_csv(default_run):
    report, out = default_run
    df = report.detections
    assert set(df["kind"]) == {"radar", "infrared"}
    assert_frame_matches_csv(df, out / "detections.csv")


def test_tracks_frame_is_the_tracks_csv_files(default_run):
    report, out = default_run
    df = report.tracks
    assert list(df["architecture"].unique()) == report.architectures
    for arch, part in df.groupby("architecture", sort=False):
        assert_frame_matches_csv(part.drop(columns="architecture").reset_index(drop=True), out / f"tracks-{arch}.csv")


def test_launches_frame_is_report_json(default_run):
    report, out = default_run
    doc = json.loads((out / "report.json").read_text())
    df = report.launches
    rows = [(a["id"], l) for a in doc["architectures"] for l in a["launches"]]
    assert len(df) == len(rows) == 15
    for (_, row), (arch, l) in zip(df.iterrows(), rows):
        assert row["architecture"] == arch and row["launch"] == l["launch_id"]
        assert row["missile"] == l["missile"]
        assert row["threatened_areas"] == ";".join(l["threatened_areas"])
        for col in df.columns[3:]:
            if col == "threatened_areas":
                continue
            v = l[col]
            assert (np.isnan(row[col]) if v is None else row[col] == v), (arch, l["launch_id"], col)


def test_run_of_chosen_architectures(tmp_path):
    s = vigil.Scenario.default()
    r = s.run(architectures=["integrated", "north"])
    assert r.architectures == ["integrated", "north"]
    full = json.loads(s.run().to_json())
    part = json.loads(r.to_json())
    assert [a["id"] for a in part["architectures"]] == ["integrated", "north"]
    # Architectures do not influence one another: each one's figures are unchanged.
    by_id = {a["id"]: a for a in full["architectures"]}
    for a in part["architectures"]:
        assert a == by_id[a["id"]]
    assert set(r.tracks["architecture"]) == {"integrated", "north"}


@pytest.mark.parametrize(
    "arg, message",
    [(["nowhere"], "no architecture \"nowhere\""), ([], "at least one"), (["north", "north"], "named twice")],
)
def test_run_refuses_bad_architectures(arg, message):
    with pytest.raises(ValueError, match=message):
        vigil.Scenario.default().run(architectures=arg)


def test_run_refuses_a_string_for_architectures():
    with pytest.raises(TypeError):
        vigil.Scenario.default().run(architectures="north")


def test_report_repr():
    r = vigil.Scenario.load(SCENARIOS / "teaching" / "single-radar.toml").run()
    assert repr(r).startswith("<vigil.Report of \"single-radar\"")


def test_tables_without_rows_keep_their_column_types(default_run):
    text = (SCENARIOS / "teaching" / "single-radar.toml").read_text()
    start = text.index("[[launch]]")
    quiet = text[:start] + text[text.index("[[defended_area]]"):]
    r = vigil.Scenario.from_toml(quiet).run()
    full, _ = default_run
    for name in ("launches", "alerts", "tracks", "detections"):
        empty, rows = getattr(r, name), getattr(full, name)
        assert len(empty) == 0 and len(rows) > 0, name
        assert empty.dtypes.to_dict() == rows.dtypes.to_dict(), name
