"""``loanoverdue serve``: the HTTP service and the borrower's page.

An optional part: it needs the ``serve`` extra (``pip install 'loanoverdue[serve]'``:
FastAPI and uvicorn); the core does not import it. :func:`create_app` makes the ASGI
application; :mod:`loanoverdue.serve.app` documents its endpoints, limits and errors.
"""

from __future__ import annotations

from loanoverdue.serve.app import DEFAULTS, create_app

__all__ = ["DEFAULTS", "create_app"]
