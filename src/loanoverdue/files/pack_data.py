"""Finding a pack's data files: the folder of its package, in the file system or not."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["pack_data"]


def pack_data(package: str, folder: str = "data") -> Traversable | Path:
    """The folder ``folder`` of ``package`` (imported if need be), to read a pack's data
    files from: a :class:`~pathlib.Path` when the package lies in the file system (as
    :func:`importlib.resources.files` gives too), else a resource of the zip or loader
    it comes from. Faster to start than :func:`importlib.resources.files`, which this
    imports only for a package not in the file system."""
    module = sys.modules.get(package) or importlib.import_module(package)
    file = getattr(module, "__file__", None)
    if file is not None:
        path = Path(file).parent / folder if folder else Path(file).parent
        if path.is_dir():
            return path
    from importlib.resources import files

    found = files(package)
    return found / folder if folder else found
