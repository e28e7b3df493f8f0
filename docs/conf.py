"""Sphinx configuration of the loanoverdue documentation.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (and ``-b doctest``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import loanoverdue

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "loanoverdue"
author = "The loanoverdue developers"
copyright = "The loanoverdue developers"
release = version = loanoverdue.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "cli_transcript",  # ``command-output``: the CLI run at build time, output shown
    "rule_catalogue",  # docs/catalogue/: generated from the installed packs
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "loanoverdue"
html_static_path = ["_static"]
html_css_files = ["custom.css"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"

# Examples use the fictional example pack (jurisdiction XE), whose law never changes.
# Doctests run in its examples folder, so ``load_case("xe-case.json")`` works as
# written, and build their registry with ``Registry.build([loanoverdue_example],
# entry_points=False)``; ``DOCS`` locates files kept next to the pages.
# Command transcripts (``command-output``) run there too, with that pack only.
EXAMPLE = ROOT / "plugins" / "loanoverdue-example" / "examples"
doctest_global_setup = f"""
import os as _os
from pathlib import Path as _Path
DOCS = _Path({str(DOCS)!r})
_cwd = _os.getcwd()
_os.chdir({str(EXAMPLE)!r})
"""
doctest_global_cleanup = "_os.chdir(_cwd)"
cli_transcript_cwd = str(EXAMPLE)
cli_transcript_packs = ["loanoverdue_example"]
