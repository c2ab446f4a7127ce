"""The package: the type stubs describe exactly what the compiled module has, with docs."""

import ast
import pathlib
import subprocess
import sys

import vigil
import vigil._vigil as native

STUB = pathlib.Path(vigil.__file__).with_name("_vigil.pyi")


def stub_names():
    tree = ast.parse(STUB.read_text())
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            body = node.body if isinstance(node, ast.ClassDef) else []
            members = {n.name for n in body if isinstance(n, ast.FunctionDef)}
            members |= {n.target.id for n in body if isinstance(n, ast.AnnAssign)}
            out[node.name] = members
        elif isinstance(node, ast.AnnAssign):
            out[node.target.id] = set()
    return out


def test_stubs_match_the_module():
    stubs = stub_names()
    public = {n for n in dir(native) if not n.startswith("__") or n == "__version__"}
    assert set(stubs) == public
    for name, members in stubs.items():
        obj = getattr(native, name)
        if isinstance(obj, type) and not issubclass(obj, Exception):
            have = {m for m in vars(obj) if not m.startswith("_")}
            assert members == have, name
        elif issubclass(type(obj), type) and issubclass(obj, Exception):
            assert members <= {"problems"}


def test_everything_public_has_a_docstring():
    for name in vigil.__all__:
        obj = getattr(vigil, name)
        if name == "__version__":
            assert obj.count(".") == 2
            continue
        assert obj.__doc__, name
        if isinstance(obj, type):
            for m, v in vars(obj).items():
                if not m.startswith("_"):
                    assert v.__doc__, f"{name}.{m}"


def test_vigil_stonesoup_without_stone_soup_says_what_is_missing():
    code = "import sys; sys.modules['stonesoup'] = None\nimport vigil.stonesoup"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode != 0
    assert "ImportError: vigil.stonesoup needs Stone Soup: pip install stonesoup" in p.stderr
    # vigil itself does not need it.
    p = subprocess.run([sys.executable, "-c", code.replace("vigil.stonesoup", "vigil")], capture_output=True)
    assert p.returncode == 0
