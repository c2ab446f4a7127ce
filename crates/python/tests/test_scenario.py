"""Scenario.default / load / from_toml and ScenarioError, against `vigil check`."""

import re

import pytest

import vigil
from conftest import SCENARIOS

HEADLINE = re.compile(r"^(.*):(\d+):(\d+): error\[([a-z-]+)\]: (.*)$")


def test_default_scenario():
    s = vigil.Scenario.default()
    assert s.name == "default"
    assert s.file == "<built-in default>"
    assert s.architectures == ["north", "east", "integrated"]
    assert len(s.launches) == 5 and "icbm-polar-1" in s.launches
    assert len(s.sensors) == 11 and len(s.defended_areas) == 2
    assert s.seed >= 0 and s.duration_s > 0
    assert s.text == (SCENARIOS / "default.toml").read_text()
    assert "5 launches" in repr(s)


@pytest.mark.parametrize(
    "path",
    [SCENARIOS / "default.toml", SCENARIOS / "teaching" / "single-radar.toml", SCENARIOS / "teaching" / "two-networks.toml"],
)
def test_load_agrees_with_vigil_check(path, cli):
    s = vigil.Scenario.load(path)
    assert s.file == str(path)
    out = cli("check", path).stdout
    assert f"scenario {s.name!r}".replace("'", '"') in out
    assert f"{len(s.launches)} launches" in out and f"{len(s.architectures)} architectures" in out
    # str paths work as well as pathlib paths
    assert vigil.Scenario.load(str(path)).name == s.name


def test_problems_are_those_of_vigil_check(cli):
    path = SCENARIOS / "teaching" / "broken.toml"
    with pytest.raises(vigil.ScenarioError) as e:
        vigil.Scenario.load(path)
    p = cli("check", path, check=False)
    assert p.returncode == 2
    # The message is exactly what `vigil check` prints.
    assert str(e.value) == p.stderr.rstrip("\n")
    expected = [HEADLINE.match(line).groups() for line in p.stderr.splitlines() if HEADLINE.match(line)]
    got = [(q.file, str(q.line), str(q.column), q.rule, q.message) for q in e.value.problems]
    assert got == expected
    assert len(got) >= 5
    assert {q.rule for q in e.value.problems} >= {"reference", "range", "duplicate"}
    q = e.value.problems[0]
    assert str(q) == f"{q.file}:{q.line}:{q.column}: error[{q.rule}]: {q.message}"
    assert repr(q).startswith("Problem(file=")
    assert isinstance(e.value, ValueError)


def test_from_toml_names_the_text_and_finds_syntax_errors():
    with pytest.raises(vigil.ScenarioError) as e:
        vigil.Scenario.from_toml("[scenario]\nname = \n", name="mine.toml")
    (q,) = e.value.problems
    assert (q.file, q.line, q.rule) == ("mine.toml", 2, "syntax")
    with pytest.raises(vigil.ScenarioError) as e:
        vigil.Scenario.from_toml("")
    assert all(q.file == "<string>" for q in e.value.problems)
    assert {q.rule for q in e.value.problems} == {"missing"}


def test_from_toml_builds_the_same_scenario_as_load():
    text = (SCENARIOS / "teaching" / "single-radar.toml").read_text()
    s = vigil.Scenario.from_toml(text)
    assert (s.name, s.launches, s.sensors, s.text) == ("single-radar", ["L1"], ["radar"], text)


def test_load_refuses_missing_and_non_utf8_files(tmp_path, cli):
    with pytest.raises(FileNotFoundError) as e:
        vigil.Scenario.load(tmp_path / "none.toml")
    assert e.value.filename == str(tmp_path / "none.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b"[scenario]\nname = \"caf\xe9\"\n")
    with pytest.raises(vigil.ScenarioError) as e:
        vigil.Scenario.load(bad)
    (q,) = e.value.problems
    assert (q.line, q.column, q.rule) == (2, 12, "encoding")
    assert str(e.value) in cli("check", bad, check=False).stderr
