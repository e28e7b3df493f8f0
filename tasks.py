#!/usr/bin/env python3
"""Set up and run the project's jobs on a fresh machine that has only python3 and git.

    python3 tasks.py demo    # set up, then assess the 9,000-yuan example case
    python3 tasks.py test    # set up, then run every check: ruff, mypy --strict (core and
                             # packs), pytest, docs

Set-up creates ``.venv`` and installs the core, every first-party pack under
``plugins/``, the service's optional extra and the development tools (versions pinned
in ``constraints.txt``). It reinstalls only when a ``pyproject.toml`` or the
constraints change.

The tests include one that drives the borrower's page in Debian's chromium. Under CI
(``CI=true``, as root on Debian) the test command installs chromium with apt when it is
missing, and a missing browser fails the test; elsewhere that test is skipped with one
line saying what it needs (``apt-get install chromium``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".loanoverdue-setup"
DEMO_CASE = ROOT / "examples" / "cn-9000-online-loan.json"
#: The extras the tests need: the tools, the docs, the service and its test clients.
EXTRAS = "dev,docs,fast,serve,test-serve,portfolio,dask"


def _packs() -> list[Path]:
    return sorted(p for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").is_file())


def _fingerprint() -> str:
    h = hashlib.sha256()
    for path in [ROOT / "pyproject.toml", ROOT / "constraints.txt", *(p / "pyproject.toml" for p in _packs())]:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if check and code != 0:
        sys.exit(code)
    return code


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"loanoverdue needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(
            f"First run: setting up {VENV.name}/ with the core, every rule pack, the service and the "
            "test tools. This takes a few minutes; later runs reuse it.",
            flush=True,
        )
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # e.g. Debian without python3-venv
            sys.exit(f"cannot create a virtual environment ({exc}); install the venv module (python3-venv)")
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    if STAMP.exists():
        print("The project's dependencies changed: updating .venv/", flush=True)
    editable: list[str | Path] = ["-e", f"{ROOT}[{EXTRAS}]"]
    for path in _packs():
        editable += ["-e", path]
    run(PY, "-m", "pip", "install", "--quiet", "-c", ROOT / "constraints.txt", *editable)
    STAMP.write_text(fingerprint)


def demo(args: list[str]) -> int:
    setup()
    lang = args[0] if args else "en"
    return run(BIN / "loanoverdue", "assess", DEMO_CASE, "--lang", lang, check=False)


def browser() -> None:
    """Under CI (root on Debian), install Debian's chromium for the page's browser test
    when it is missing. Elsewhere nothing is installed: the test says what it needs."""
    if os.environ.get("CI") != "true" or shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        print("CI: chromium is missing and cannot be installed here (needs root and apt-get)", flush=True)
        return
    print("CI: installing Debian's chromium for the browser test of the borrower's page", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        print("+", " ".join(cmd), flush=True)
        if subprocess.call(cmd, env=env) != 0:
            sys.exit("CI: installing chromium failed")


def test(args: list[str]) -> int:
    setup()
    browser()
    run(BIN / "ruff", "check", "src", "plugins", "tests", "benchmarks")
    run(BIN / "mypy", "--strict", "src")
    # the first-party packs too: they type their functions with the door's protocols
    run(BIN / "mypy", "--strict", *(p / "src" for p in _packs() if (p / "src").is_dir()))
    # -q: one line of dots per run of tests, so long scenario paths never wrap the output
    quiet = [] if any(a.startswith("-v") or a == "-q" for a in args) else ["-q"]
    code = run(PY, "-m", "pytest", *quiet, *args, check=False)
    if code == 5:
        print("pytest collected no tests: that is a failure here", file=sys.stderr)
        return 1
    if code != 0:
        return code
    docs = ROOT / "docs"
    if (docs / "conf.py").exists():
        out = ROOT / "docs" / "_build"
        run(PY, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", docs, out / "html")
        run(PY, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "doctest", docs, out / "doctest")
    print(
        "All checks passed: ruff, mypy --strict (the core and the packs), the tests, "
        "the documentation build and its doctests."
    )
    return 0


def main() -> int:
    jobs = {"demo": demo, "test": test, "setup": lambda _args: (setup(), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in jobs:
        print(__doc__)
        return 2
    return int(jobs[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    sys.exit(main())
