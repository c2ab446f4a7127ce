"""Executes tour.ipynb in place (its folder as working directory), failing on any error."""

import pathlib
import sys

import nbformat
from nbclient import NotebookClient

here = pathlib.Path(__file__).resolve().parent
path = here / "tour.ipynb"
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
if "--write" in sys.argv:
    nbformat.write(nb, path)
print(f"{path.name}: {len(nb.cells)} cells executed")
