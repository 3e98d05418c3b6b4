"""A single file replaced with --force keeps its old bytes beside it (NAME.bak), so nobody's edit is lost.

Used by :func:`beiantool.base.safeio.write_file` (``init``, ``schema``, ``checklist -o``, ``platform -o``). A packet
folder is guarded differently: its manifest tells beiantool's files from the user's (``safeio.check_output_dir``).
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Optional

from beiantool.base.errors import UsageError
from beiantool.base.manifest import sha256


def keep_old(target: Path, new: Path) -> Optional[Path]:
    """--force on a single file: the old bytes, if they differ from the new, linked (or copied) to a free NAME.bak."""
    if not target.is_file() or target.is_symlink() or sha256(target) == sha256(new):
        return None
    for n in range(1, 1000):
        kept = target.with_name(f"{target.name}.bak" if n == 1 else f"{target.name}.bak{n}")
        try:
            os.link(target, kept)  # never replaces: EEXIST means try the next name
            return kept
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if kept.exists():
                continue
            shutil.copy2(target, kept)  # a filesystem without hard links
            return kept
    raise UsageError(f"{target}：旁边已有太多 .bak 备份，没有覆盖。", "请先清理这些备份文件，或用 -o 指定另一个文件名。")
