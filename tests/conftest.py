from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
import datetime
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(dotted: str) -> list:
    """"sites[0].domains[1]" -> ["sites", 0, "domains", 1]."""
    return [name if name else int(index) for name, index in _STEP.findall(dotted)]


def set_path(data, dotted: str, value) -> None:
    keys = split_path(dotted)
    for key in keys[:-1]:
        if isinstance(key, int):
            data = data[key]
        else:
            data = data.setdefault(key, {})
    if isinstance(keys[-1], int) and keys[-1] == len(data):
        data.append(value)  # sites[1] on a one-site packet adds a site
    else:
        data[keys[-1]] = value


def delete_path(data, dotted: str) -> None:
    keys = split_path(dotted)
    for key in keys[:-1]:
        data = data[key]
    del data[keys[-1]]


def load_example(name: str = "shaoxing") -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def packet_text(case: dict, default_base: str = "shaoxing") -> str:
    """The YAML text of a fixture case: raw `yaml`, or an example with `set` / `delete` applied."""
    if "yaml" in case:
        return case["yaml"]
    data = copy.deepcopy(load_example(case.get("base", default_base)))
    for dotted in case.get("delete", []):
        delete_path(data, dotted)
    for dotted, value in (case.get("set") or {}).items():
        set_path(data, dotted, value)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# No test reads or writes the real user cache (rule-set cache, crash logs): XDG_CACHE_HOME and beiantool's own
# BEIANTOOL_CACHE_DIR point into a temporary folder of this run, set here, before any test module is imported
# (some build packets from the rule sets when imported), and again for every test (_private_cache), for the test
# and every process it starts. The rule-set cache is shared by the tests of a run, as by a user's commands; the
# tests of the cache itself point it elsewhere.
_CACHE_ROOT = Path(tempfile.mkdtemp(prefix="beiantool-tests-cache-"))
atexit.register(shutil.rmtree, _CACHE_ROOT, True)
_CACHE_ENV = {"XDG_CACHE_HOME": str(_CACHE_ROOT / "xdg"), "BEIANTOOL_CACHE_DIR": str(_CACHE_ROOT / "beiantool")}
os.environ.update(_CACHE_ENV)


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch):
    for var, value in _CACHE_ENV.items():
        monkeypatch.setenv(var, value)


@pytest.fixture
def today():
    return datetime.date(2026, 11, 20)


# HYPOTHESIS_PROFILE=deep runs a long search locally; the default keeps the suite fast
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("deep", max_examples=3000, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    _hsettings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
_hsettings.register_profile("default-fast", max_examples=150, deadline=None)
if not os.environ.get("HYPOTHESIS_PROFILE"):
    _hsettings.load_profile("default-fast")


# ---- a fake home with decoys, for every test of a destructive path ----------------------
DECOYS = {".ssh/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\n", "论文.docx": "毕业论文终稿", ".bashrc": "export X=1\n"}


def _plant(folder: Path) -> dict[Path, str]:
    planted = {}
    for name, body in DECOYS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        planted[path] = body
    return planted


def _intact(planted: dict[Path, str]) -> None:
    for path, body in planted.items():
        assert path.is_file() and path.read_text(encoding="utf-8") == body, f"{path} 被改动或删除"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fake home with decoys; HOME, XDG folders and the working directory point into it."""
    home = tmp_path / "home" / "user"
    home.mkdir(parents=True)
    for var, sub in (("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share")):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("BEIANTOOL_LOG_DIR", str(home / ".cache" / "beiantool" / "logs"))
    monkeypatch.chdir(home)
    home_decoys = _plant(home)
    packet = home / "备案.yaml"
    packet.write_bytes((EXAMPLES / "shaoxing.yaml").read_bytes())
    home_decoys[packet] = packet.read_text(encoding="utf-8")
    yield home, home_decoys
    _intact(home_decoys)
