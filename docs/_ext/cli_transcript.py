"""``command-output``: run a ``loanoverdue`` command at build time and show its output.

::

    ```{command-output} loanoverdue check xe-case.json --event 1
    :returncode: 0
    :lines: 1-12
    ```

The command runs in-process (``loanoverdue.cli.main``) in the folder
``cli_transcript_cwd``, against a registry of the packs named in ``cli_transcript_packs``
only (the fictional example pack), so transcripts do not move with real law. The
page shows ``$ command`` and what it printed (stdout and stderr). A different exit
status than ``:returncode:`` (default 0) is a build warning, so a transcript can
never show a failing or stale command. ``:lines:`` keeps a range of output lines
(``3-12``, ``-20``, ``5-``) and marks what was left out with ``…``; ``:packs:`` names
other pack modules (comma-separated) for one transcript, e.g. a real jurisdiction's.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import shlex
from typing import Any

__all__ = ["run_command", "setup"]


def run_command(command: str, cwd: str, packs: list[str]) -> tuple[int, str]:
    """Run ``command`` (``loanoverdue …`` or ``python -m loanoverdue …``); return its exit
    status and its output."""
    import loanoverdue.registry as reg
    from loanoverdue import Registry
    from loanoverdue.cli import main

    argv = shlex.split(command)
    if argv[:3] == ["python", "-m", "loanoverdue"]:
        argv = argv[3:]
    elif argv[:1] == ["loanoverdue"]:
        argv = argv[1:]
    else:
        raise ValueError(f"not a loanoverdue command: {command!r}")
    # a pack module, or the module's PACK object (a DataPack)
    modules = [importlib.import_module(m) for m in packs]
    registry = Registry.build([getattr(m, "PACK", m) for m in modules], entry_points=False)
    buffer = io.StringIO()
    saved = reg.set_default_registry(registry), os.getcwd(), os.environ.get("COLUMNS")
    try:
        os.chdir(cwd)
        os.environ["COLUMNS"] = "88"
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            try:
                code = main(argv)
            except SystemExit as exc:  # --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        reg.set_default_registry(saved[0])
        os.chdir(saved[1])
        if saved[2] is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved[2]
    return code, buffer.getvalue()


def _select(text: str, spec: str | None) -> str:
    if not spec:
        return text
    lines = text.rstrip("\n").split("\n")
    first, _, last = spec.partition("-")
    start = int(first) - 1 if first else 0
    end = int(last) if last else len(lines)
    kept = lines[start:end]
    if start > 0:
        kept.insert(0, "…")
    if end < len(lines):
        kept.append("…")
    return "\n".join(kept) + "\n"


def setup(app: Any) -> dict[str, Any]:
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class CommandOutput(SphinxDirective):
        required_arguments = 1
        final_argument_whitespace = True
        option_spec = {  # noqa: RUF012
            "returncode": directives.nonnegative_int,
            "lines": directives.unchanged,
            "packs": directives.unchanged,
        }

        def run(self) -> list[nodes.Node]:
            command = self.arguments[0]
            config = self.env.config
            try:
                packs = (
                    [p.strip() for p in self.options["packs"].split(",")]
                    if "packs" in self.options
                    else config.cli_transcript_packs
                )
                code, output = run_command(command, config.cli_transcript_cwd, packs)
            except Exception as exc:
                raise self.error(f"command-output: {command!r} raised {type(exc).__name__}: {exc}") from exc
            expected = self.options.get("returncode", 0)
            if code != expected:
                raise self.error(
                    f"command-output: {command!r} exited with {code}, expected {expected}:\n{output}"
                )
            text = f"$ {command}\n{_select(output, self.options.get('lines'))}".rstrip("\n")
            block = nodes.literal_block(text, text, language="console")
            self.set_source_info(block)
            return [block]

    app.add_config_value("cli_transcript_cwd", ".", "env")
    app.add_config_value("cli_transcript_packs", ["loanoverdue_example"], "env")
    app.add_directive("command-output", CommandOutput)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
