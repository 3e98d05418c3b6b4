"""Reading a file the user named: a regular file only, never more than a bound, never blocking on a pipe.

One mechanism for the packet (``packet.yamlread``) and the customer lists beside it (``packet.listread``);
each caller words the refusal for its own file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class ReadRefused(Exception):
    """Why a file was not read: ``why`` is missing | folder | special | blocking | unreadable | too_large | foreign;
    ``error`` is the OSError behind ``unreadable``."""

    def __init__(self, why: str, error: OSError | None = None):
        super().__init__(why)
        self.why = why
        self.error = error


def read_regular(path: str | Path, limit: int, follow_links: bool = True, own_only: bool = False) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (a FIFO is opened without blocking, a device or
    folder refused before anything is read). ``follow_links`` False: a link is not opened (unreadable);
    ``own_only``: a file of another user is refused (foreign). Raises :class:`ReadRefused`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ReadRefused("missing") from None
    except IsADirectoryError:
        raise ReadRefused("folder") from None
    except OSError as exc:
        raise ReadRefused("unreadable", exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadRefused("folder")
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused("special")
        if own_only and hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise ReadRefused("foreign")
        if info.st_size > limit:
            raise ReadRefused("too_large")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except BlockingIOError:
        raise ReadRefused("blocking") from None
    except OSError as exc:
        raise ReadRefused("unreadable", exc) from None
    finally:
        os.close(fd)
    if size > limit:  # grew while being read
        raise ReadRefused("too_large")
    return b"".join(chunks)
