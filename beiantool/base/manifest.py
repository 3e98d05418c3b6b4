"""A packet folder's manifest.json: which files beiantool wrote there, with their SHA-256.

The manifest is sealed (``seal``: the SHA-256 of its own text without the seal),
so an edited manifest is told from one beiantool wrote; a listed file whose
bytes differ from its recorded SHA-256 was changed after beiantool wrote it —
the user's work, which nothing may replace.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from beiantool.base.errors import UsageError

TOOL = "beiantool"
MANIFEST = "manifest.json"


def sha256(path) -> str:
    """The file's SHA-256, read in chunks (attachments may be large)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder: Path) -> Optional[dict]:
    """A packet folder's manifest when beiantool wrote it, else None."""
    path = folder / MANIFEST
    if os.path.islink(path) or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            raw = handle.read(1_000_001)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL or not isinstance(data.get("files"), list):
        return None
    names = [f.get("path") for f in data["files"] if isinstance(f, dict)]
    if not all(isinstance(n, str) and n and "/" not in n and "\\" not in n and n not in (".", "..") for n in names):
        return None
    data["_intact"] = _sealed(raw, data)
    return data


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as beiantool writes it, sealed: ``seal`` is the SHA-256 of the text without it."""
    import hashlib

    body = {k: v for k, v in manifest.items() if k not in ("seal", "_intact")}
    seal = hashlib.sha256(_dump(body)).hexdigest()
    return _dump({**body, "seal": seal})


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _sealed(raw: bytes, data: dict) -> bool:
    """Is the manifest byte for byte what beiantool wrote? (one written before seals: its exact layout)"""
    if "seal" not in data:
        return raw == _dump(data)
    return raw == manifest_bytes(data)


def edited_files(folder: Path, manifest: dict) -> list[str]:
    """The files the manifest lists whose bytes are no longer those it records (all of them if it was edited itself)."""
    listed = [f for f in manifest["files"] if isinstance(f, dict)]
    present = [f for f in listed if (folder / f["path"]).is_file()]
    if not manifest.get("_intact"):
        return [MANIFEST] + [f["path"] for f in present]
    return [f["path"] for f in present if not isinstance(f.get("sha256"), str) or sha256(folder / f["path"]) != f["sha256"]]


def edited_error(given, names: list[str]) -> UsageError:
    if names and names[0] == MANIFEST:
        what = f"manifest.json 在 beiantool 写入后被改动过，无法确认目录中的文件（{_listing(names[1:], 50) or '无'}）是不是你改过的"
    else:
        what = f"下列文件在 beiantool 生成后被改动过（与 manifest.json 记录的 SHA-256 不同），可能是你填写的内容：{_listing(names, 50)}"
    return UsageError(f"{given}：{what}；加 --force 也不会替换，目录中的文件都没有改动。",
                      "请先把改过的文件移到这个目录之外保存，再加 --force 重新生成；或用 -o 指定一个新目录生成新材料。")


def _listing(names: list[str], limit: int) -> str:
    shown = "、".join(f"“{n}”" for n in names[:limit])
    return shown + (f" 等 {len(names)} 项" if len(names) > limit else "")
