"""beiantool: 公安联网备案材料的校验与生成。

The public library API lives in :mod:`beiantool.api`; the command line in
:mod:`beiantool.cli` is a thin layer over it.
"""

__version__ = "0.1.0"
