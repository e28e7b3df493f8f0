"""The optional dependencies of the columnar path, imported on first use.

``loanoverdue`` itself never imports pyarrow or numpy; the portfolio modules that need
them call :func:`pyarrow` so a missing extra is one clear message, not a traceback deep
in an import.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

__all__ = ["MissingExtraError", "pyarrow", "pyarrow_parquet"]


class MissingExtraError(ImportError):
    """An optional dependency of loanoverdue is not installed; the message names the extra."""


def pyarrow() -> ModuleType:
    """The ``pyarrow`` module, or :class:`MissingExtraError` naming the extra to install."""
    try:
        module = import_module("pyarrow")
        import_module("numpy")
    except ImportError:
        raise MissingExtraError(
            "portfolio screening needs pyarrow and numpy: pip install 'loanoverdue[portfolio]'"
        ) from None
    return module


def pyarrow_parquet() -> ModuleType:
    """The ``pyarrow.parquet`` module (see :func:`pyarrow`)."""
    pyarrow()
    return import_module("pyarrow.parquet")
