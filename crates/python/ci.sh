#!/usr/bin/env bash
# Builds the `vigil` Python package with maturin into a fresh virtual environment and runs its
# pytest suite, with the parity tests against the `vigil` binary (built here too).
#
#   crates/python/ci.sh            # venv in $VIGIL_PY_VENV (default: a new temporary folder)
#
# Needs: python3 (≥ 3.9) with venv, a Rust toolchain, and PyPI for maturin, numpy, pandas and
# pytest (and stonesoup==1.9.1 when available). Uses the workspace's target directory, so the
# shared build cache is reused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${VIGIL_PY_VENV:-$(mktemp -d /tmp/vigil-py-ci.XXXXXX)/venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "maturin>=1.9,<2" numpy pandas pytest
# Stone Soup for the vigil.stonesoup bridge tests, when it can be installed (they are skipped
# otherwise; VIGIL_PY_NO_STONESOUP=1 does not try).
if [ -z "${VIGIL_PY_NO_STONESOUP:-}" ] && ! "$venv/bin/python" -m pip install --quiet stonesoup==1.9.1; then
  echo "ci.sh: stonesoup==1.9.1 could not be installed: the vigil.stonesoup tests will be skipped" >&2
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export PYO3_PYTHON="$venv/bin/python"
(cd "$repo" && cargo build --quiet -p vigil-cli)
export VIGIL_BIN="$CARGO_TARGET_DIR/debug/vigil"

# Build the wheel (abi3, dev profile: the workspace optimises dependencies in it) and install
# it as a user would.
wheels="$(mktemp -d)"
(cd "$here" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin build --quiet --out "$wheels" --interpreter "$venv/bin/python" --profile dev)
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheels"/vigil-*.whl
rm -rf "$wheels"

cd "$here/tests"
"$venv/bin/python" -m pytest -q "$@"

# The example notebook, executed (figures to a scratch folder, not over the committed ones).
"$venv/bin/python" -m pip install --quiet matplotlib nbclient nbformat ipykernel
VIGIL_FIGURES="$(mktemp -d)" "$venv/bin/python" "$here/examples/run_notebook.py"
