"""Finding a pack's data files: the folder of its package, in the file system or not."""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

__all__ = ["data_folder", "pack_data"]


def pack_data(package: str, folder: str = "data") -> Traversable | Path:
    """The folder ``folder`` of ``package`` (imported if need be), to read a pack's data
    files from: a :class:`~pathlib.Path` when the package lies in the file system (as
    :func:`importlib.resources.files` gives too), else a resource of the zip or loader
    it comes from. Faster to start than :func:`importlib.resources.files`, which this
    imports only for a package not in the file system."""
    found = data_folder(package, folder)
    if isinstance(found, str):
        from pathlib import Path

        return Path(found)
    return found


def data_folder(package: str, folder: str = "data") -> str | Traversable:
    """Like :func:`pack_data`, with a folder in the file system as a string (a registry
    build reads a pack's files without :mod:`pathlib`)."""
    module = sys.modules.get(package) or importlib.import_module(package)
    file: str | None = getattr(module, "__file__", None)
    if file is not None:
        path = os.path.dirname(file)
        if folder:
            path = os.path.join(path, folder)
        if os.path.isdir(path):
            return path
    from importlib.resources import files

    found = files(package)
    return found / folder if folder else found
