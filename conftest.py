"""Test settings shared by the core's and the packs' tests.

Under CI (``CI`` set), hypothesis runs derandomized: the same examples on every run, so a
submission's result does not depend on the draw. Locally it explores new examples each run.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
