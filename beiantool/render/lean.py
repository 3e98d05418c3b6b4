"""Imported first by the fork server of a batch (render.many.PRELOAD), never by anything else.

openpyxl imports numpy, if it is installed, only to accept numpy's number types in cells; a render
never gives it any. Marked as absent before openpyxl loads, numpy (about 14 MB and a tenth of a second)
is not loaded into the fork server nor into any worker it forks; the documents are the same bytes.
"""

import sys

sys.modules.setdefault("numpy", None)  # `import numpy` now raises ImportError, which openpyxl expects
