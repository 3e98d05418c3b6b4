"""Every file beiantool writes goes through here: nothing is overwritten without
``force``, nothing half-written is left behind, and nothing beiantool did not
write is ever deleted.

* :func:`write_file` writes one file: a uniquely named temporary file beside the
  target (``mkstemp``, never a predictable name), fsync, then a rename. Without
  ``force`` the final step is a hard link, which fails if the target appeared
  meanwhile, so a file that exists is never replaced.
* :func:`check_output_dir` decides whether a folder may receive a packet: a new
  folder, an empty one, or (with ``force``) a packet beiantool wrote whose
  manifest lists every file in it, each with the bytes it was written with: a
  file whose SHA-256 differs (the user typed into 附表.xlsx) is the user's work
  and is never replaced. Home folders, filesystem roots, mount points and
  symbolic links are refused.
"""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from beiantool.base import interrupt, tmpdirs
from beiantool.base.backup import keep_old
from beiantool.base.errors import UsageError
from beiantool.base.manifest import MANIFEST, TOOL, edited_error, edited_files, manifest_bytes, read_manifest, sha256  # noqa: F401 - part of safeio's API


def os_reason(exc: OSError) -> str:
    """The OS's reason in Chinese (beiantool.base.libtext holds every such wording)."""
    from beiantool.base.libtext import os_reason as reason

    return reason(exc)


def write_error(target: Path | str, exc: OSError) -> UsageError:
    return UsageError(f"{target}：无法写入（{os_reason(exc)}），没有留下不完整的文件。", "请检查路径、磁盘空间和写入权限，或用 -o 指定其他位置。")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; the rename is still atomic there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def ordinary_mode(path: Path | str, folder: bool = False) -> None:
    """mkstemp/mkdtemp make private files; a written document is an ordinary one."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


def check_file_target(target: Path, force: bool) -> None:
    """Refuse what a single-file write must never replace."""
    if os.path.islink(target):
        raise UsageError(f"{target}：这是一个符号链接，未写入。", "请用 -o 指定一个普通文件的路径。")
    if target.is_dir():
        raise UsageError(f"{target}：这是一个目录，不是文件。", "请用 -o 指定文件名。")
    if target.exists() and not force:
        raise UsageError(f"{target}：文件已存在，未覆盖。", "确认要覆盖请加 --force，或用 -o 指定另一个文件名。")


def write_file(
    target: Path | str,
    content: bytes | str | Callable[[Path], None],
    force: bool = False,
    on_kept: Optional[Callable[[Path], None]] = None,
) -> Path:
    """Write ``content`` (bytes, text, or a function writing to the path it is given) to ``target``.

    With ``force`` an existing file whose bytes differ is never lost: it is kept beside the new one as
    ``NAME.bak`` (``NAME.bak2``… when that exists; none is ever replaced) and ``on_kept`` is told where.
    Raises UsageError for what must not be replaced (a link, a folder, a file without ``force``).
    """
    target = Path(target)
    check_file_target(target, force)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_error(target, exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, (bytes, str)):
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        if callable(content):
            content(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        ordinary_mode(tmp)
        interrupt.checkpoint()
        kept = keep_old(target, tmp) if force else None
        _publish(tmp, target, force)
        _fsync_dir(folder)
        if kept is not None and on_kept is not None:
            on_kept(kept)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.EEXIST:
            raise UsageError(f"{target}：文件刚刚被创建，未覆盖。", "确认要覆盖请加 --force。") from None
        raise write_error(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _publish(tmp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails with EEXIST: never replaces a file that appeared meanwhile
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if target.exists():  # a filesystem without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, "exists") from None
        os.replace(tmp, target)
        return
    tmp.unlink()


# ---- folders that receive a packet -------------------------------------------------


@dataclass
class OutputPlan:
    """What writing a packet to ``target`` involves."""

    target: Path
    exists: bool  # an existing folder is filled in place; a new one is moved into place whole
    old_files: list[str] = field(default_factory=list)  # files of a previous packet that --force replaces
    old_sums: dict = field(default_factory=dict)  # their SHA-256 as its manifest gives them


def _is_special(path: Path) -> Optional[str]:
    real = Path(os.path.realpath(path))
    homes = {os.path.realpath(os.path.expanduser("~"))}
    if os.environ.get("HOME"):
        homes.add(os.path.realpath(os.environ["HOME"]))
    if str(real) in homes:
        return "是你的主目录（home）"
    if real.parent == real:
        return "是文件系统的根目录"
    if os.path.ismount(real):
        return "是一个挂载点（整块磁盘或分区）"
    return None


def _listing(names: list[str], limit: int = 5) -> str:
    shown = "、".join(f"“{n}”" for n in names[:limit])
    return shown + (f" 等 {len(names)} 项" if len(names) > limit else "")


def _busy_error(given) -> UsageError:
    return UsageError(f"{given}：另一个 beiantool 正在向这个目录写入，本次未写入。", "请等它结束后再试，或用 -o 指定其他目录。")


def check_output_dir(target: Path | str, force: bool, ignore: tuple[str, ...] = (), locked: bool = False) -> OutputPlan:
    """May a packet be written to ``target``? Raises UsageError (exit 2) with what to do if not; changes nothing.
    ``locked``: this process holds the folder's lock (PacketFolder checks again under it)."""
    given = Path(target)
    path = Path(os.path.abspath(given))
    if os.path.islink(path):
        raise UsageError(f"{given}：这是一个符号链接，beiantool 不会替换它。", "请用 -o 指定一个新目录（如 -o 备案材料）。")
    special = _is_special(path) if path.exists() else None
    if special:
        raise UsageError(f"{given}：{special}，不能作为输出目录（加 --force 也不行）。", "请用 -o 指定一个新目录，如 -o 备案材料。")
    if not path.exists():
        return OutputPlan(path, False)
    if not path.is_dir():
        raise UsageError(f"{given}：已存在同名文件，不是目录。", "请用 -o 指定一个新目录。")
    if not locked and tmpdirs.busy_folder(path):
        raise _busy_error(given)
    try:
        entries = sorted(n for n in os.listdir(path) if n not in ignore)
    except OSError as exc:
        raise UsageError(f"{given}：无法读取目录（{os_reason(exc)}）。", "请检查权限，或用 -o 指定其他目录。") from None
    for name in [n for n in entries if tmpdirs.is_temporary_name(n)]:
        kind = tmpdirs.state(path / name)
        if kind == "busy" and not locked:
            raise _busy_error(given)
        if kind != "foreign":
            entries.remove(name)  # a leftover of a killed run (PacketFolder removes it), or this run's own
    if not entries:
        return OutputPlan(path, True)
    manifest = read_manifest(path)
    if manifest is None:
        raise UsageError(
            f"{given}：目录不为空，且不是 beiantool 生成的材料目录（其中有 {_listing(entries)}），未写入。",
            "请用 -o 指定一个新目录或空目录，如 -o 备案材料。",
        )
    listed = {f["path"] for f in manifest["files"]} | {MANIFEST}
    others = [n for n in entries if n not in listed or os.path.islink(path / n) or not (path / n).is_file()]
    if others:
        raise UsageError(
            f"{given}：目录中有不是 beiantool 生成的文件 {_listing(others)}，加 --force 也不会替换这个目录。",
            "请把这些文件移走，或用 -o 指定一个新目录或空目录。",
        )
    edited = edited_files(path, manifest)
    if edited:
        raise edited_error(given, edited)
    if not force:
        raise UsageError(f"{given}：这里已有 beiantool 生成的材料，未覆盖。", "确认要用新材料替换请加 --force，或用 -o 指定新目录。")
    sums = {f["path"]: f.get("sha256") for f in manifest["files"] if isinstance(f, dict)}
    return OutputPlan(path, True, [n for n in entries if n != MANIFEST], sums)


_BUSY = (errno.EEXIST, errno.ENOTEMPTY)


class PacketFolder:
    """Build a packet in a private temporary folder, then publish it whole.

    A new target: the temporary folder sits beside it and is renamed into place;
    the rename fails if another process got there first (exactly one wins), and
    parent folders created for it are removed again on failure. An existing
    target (empty, or a packet --force replaces): it is locked, the packet is
    built in a hidden folder inside it, the old packet's files are moved aside,
    the new ones moved in, and only then are the old ones deleted, so a failure
    puts the old packet back.

    While it is open, signals are only noted (interrupt.deferred) and acted on
    between steps; publishing is one step. Its temporary folders are marked as
    beiantool's (tmpdirs), and leftovers of a killed run are removed first.
    """

    def __init__(self, plan: OutputPlan, force: bool = False):
        self.plan, self.force = plan, force
        self.created: list[Path] = []
        self.work: Optional[Path] = None
        self._lock_fd: Optional[int] = None
        self._work_fd: Optional[int] = None
        self._token: Optional[int] = None
        self._published = False
        self._deferred = interrupt.deferred()

    # -- setup ---------------------------------------------------------------
    def __enter__(self) -> "PacketFolder":
        target = self.plan.target
        self._deferred.__enter__()
        self._token = interrupt.register(self._abandon)
        try:
            interrupt.checkpoint()
            self._create(target)
        except OSError as exc:
            self._cleanup()
            raise UsageError(f"{target}：无法创建输出目录（{os_reason(exc)}）。", "请检查路径和写入权限，或用 -o 指定其他目录。") from None
        except BaseException:
            self._cleanup()
            raise
        return self

    def _create(self, target: Path) -> None:
        with interrupt.critical():  # the watchdog sees the folder made and recorded, or not made
            if self.plan.exists:
                self._lock(target)
                self.plan = check_output_dir(target, self.force, locked=True)  # again, now that no other beiantool writes here
                tmpdirs.sweep(target, tmpdirs.name_pattern(tmpdirs.INSIDE))
                tmpdirs.sweep(target, tmpdirs.name_pattern(tmpdirs.INSIDE + "old-"))
                self.work, self._work_fd = tmpdirs.make(target, tmpdirs.INSIDE)
            else:
                self._make_parents(target.parent)
                prefix = f".{target.name[:40]}."
                tmpdirs.sweep(target.parent, tmpdirs.name_pattern(prefix))
                self.work, self._work_fd = tmpdirs.make(target.parent, prefix)

    def _abandon(self) -> None:
        """The watchdog ends the process mid-build: remove what this run made (never a published packet)."""
        import shutil

        for _ in range(5):  # a file the build was still writing may appear meanwhile
            if self.work is None or not self.work.exists():
                break
            shutil.rmtree(self.work, ignore_errors=True)
        if not self._published:
            tmpdirs.remove_empty(self.created)

    def _make_parents(self, folder: Path) -> None:
        tmpdirs.make_folders(folder, self.created)

    def _lock(self, target: Path) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks on folders; the claim below still holds
            return
        fd = os.open(target, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise _busy_error(target) from None
        self._lock_fd = fd

    # -- finishing -------------------------------------------------------------
    def publish_manifest(self, manifest: dict) -> None:
        """Write ``manifest`` (its ``files`` already in the work folder) and put every file it lists in place, the manifest last."""
        assert self.work is not None
        (self.work / MANIFEST).write_bytes(manifest_bytes(manifest))
        self.publish([f["path"] for f in manifest["files"]] + [MANIFEST])

    def publish(self, names: list[str]) -> None:
        """Put the files ``names`` (in the work folder, the manifest last) in place."""
        assert self.work is not None
        with interrupt.critical():
            interrupt.checkpoint()  # the last moment an interrupt stops the packet; once moving, it completes
            self._publish(names)
            interrupt.finishing()

    def _publish(self, names: list[str]) -> None:
        if self.plan.exists:
            self._publish_into(names)
        else:
            ordinary_mode(self.work, folder=True)
            tmpdirs.unmark(self.work)  # its lock is held until the rename is done
            try:
                os.rename(self.work, self.plan.target)
            except OSError as exc:
                if exc.errno in _BUSY:
                    raise UsageError(
                        f"{self.plan.target}：这个目录刚刚被另一个进程写入，本次生成的材料没有放进去。",
                        "请用 -o 指定一个新目录后重试。",
                    ) from None
                raise
            self.work = None
            _fsync_dir(self.plan.target.parent)
        self._published = True

    def _publish_into(self, names: list[str]) -> None:
        target, work = self.plan.target, self.work
        aside, aside_fd = tmpdirs.make(target, tmpdirs.INSIDE + "old-")
        moved_old: list[str] = []
        moved_new: list[str] = []
        try:
            for name in self.plan.old_files + [MANIFEST]:
                if (target / name).exists():
                    os.rename(target / name, aside / name)
                    moved_old.append(name)
            # saved by the user between the check and the move: still the user's, put everything back
            changed = [n for n in moved_old if n != MANIFEST and sha256(aside / n) != self.plan.old_sums.get(n)]
            if changed:
                raise edited_error(target, changed)
            for name in names:
                _move_no_clobber(work / name, target / name)
                moved_new.append(name)
        except BaseException:
            for name in moved_new:
                os.unlink(target / name)
            for name in moved_old:
                os.rename(aside / name, target / name)
            tmpdirs.remove(aside, aside_fd)
            raise
        for name in moved_old:  # only the files the old manifest listed, and that manifest
            os.unlink(aside / name)
        tmpdirs.remove(aside, aside_fd)
        _fsync_dir(target)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        import shutil

        if self.work is not None and self.work.exists():
            shutil.rmtree(self.work, ignore_errors=True)  # a folder mkdtemp made for this run
        self.work = None
        tmpdirs.release(self._work_fd)
        self._work_fd = None
        interrupt.unregister(self._token)
        if not self._published:
            tmpdirs.remove_empty(self.created)  # parents this run created, if still empty
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        self._deferred.__exit__(None, None, None)


def _move_no_clobber(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise
        if dst.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)
