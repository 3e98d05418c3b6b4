"""openpyxl, loaded without numpy and Pillow: it imports both only to accept numpy numbers and images in cells,
which beiantool never gives it, and numpy alone is ~40% of openpyxl's import time (~100 ms of a cold render).

While openpyxl loads, numpy and PIL (when not loaded already) are entered in sys.modules as None, so its
``try: import numpy`` fails as if they were not installed; the entries are removed afterwards, so anything
importing them later gets the real modules. A process imports openpyxl once; beiantool's render is one thread.
"""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "PIL")


def load() -> None:
    """Import openpyxl (and the parts the writers use) once, without numpy and Pillow."""
    if "openpyxl" in sys.modules:
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import openpyxl  # noqa: F401
        import openpyxl.styles  # noqa: F401
        import openpyxl.utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
