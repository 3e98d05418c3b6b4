"""packet/plan.py: the model's fields as plain data, worked out from the pydantic classes or read back from the
cache, with the same answers either way (labels, normalising)."""

from __future__ import annotations

import copy

from pydantic import BaseModel

from beiantool.base import verdicts
from beiantool.packet import plan
from beiantool.packet.model import Packet, _inner_model
from beiantool.packet.normalize import normalize_labels

from tests.conftest import load_example


def _model_label(path) -> str:
    """The label as the classes give it (the algorithm label() had when it read model_fields)."""
    parts, cls = [], Packet
    for part in path:
        if isinstance(part, int):
            if parts:
                parts[-1] = f"{parts[-1]}{part + 1}"
            continue
        info = cls.model_fields.get(part) if cls else None
        if info is None:
            parts.append(str(part))
            cls = None
            continue
        parts.append(info.title or part)
        cls = _inner_model(info.annotation)
    if len(parts) > 2 and parts[0] in ("单位", "安全管理", "网络概况"):
        parts = parts[1:]
    return "·".join(parts) if parts else "文件顶层"


def _paths(cls: type[BaseModel], prefix=()):
    for key, info in cls.model_fields.items():
        yield prefix + (key,)
        yield prefix + (key, 0)
        yield prefix + (key, "no_such_key", 1)
        sub = _inner_model(info.annotation)
        if sub is not None and len(prefix) < 6:
            yield from _paths(sub, prefix + (key, 1))


def test_every_label_is_the_one_the_classes_give():
    paths = list(_paths(Packet)) + [(), ("nmae",), (0,), ("sites", 2), ("unit", "legal_representative", "name")]
    assert len(paths) > 300
    for path in paths:
        assert plan.label(path) == _model_label(path), path
    assert plan.label(("sites", 0, "responsible", "id_number")) == "网站1·网站负责人·身份证号码"


def test_the_plan_read_back_is_the_plan_worked_out(monkeypatch, tmp_path):
    monkeypatch.setenv(verdicts.cachedir.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(verdicts, "_pending", [])
    old = plan.PLANS
    monkeypatch.setattr(plan, "PLANS", verdicts.Memo(old.library, old.dist, old.files, old.code, old.limit))
    monkeypatch.setattr(plan, "_plan", None)
    worked_out = plan.plan()
    assert worked_out == plan._build("Packet") and list(worked_out["models"]["Packet"]) == list(Packet.model_fields)
    verdicts.save_all()
    monkeypatch.setattr(plan, "PLANS", verdicts.Memo(old.library, old.dist, old.files, old.code, old.limit))
    monkeypatch.setattr(plan, "_plan", None)
    monkeypatch.setattr(plan, "_build", lambda _root: (_ for _ in ()).throw(AssertionError("worked out again")))
    read = plan.plan()
    assert read == worked_out and list(read["models"]["Packet"]) == list(worked_out["models"]["Packet"])
    assert read["models"]["Network"]["ip_ranges"]["dynamic"] and not read["models"]["Hosting"]["city"]["dynamic"]


def test_normalising_from_the_plan_reads_labels_dates_yes_no_and_dynamic():
    data = load_example("shaoxing")
    data["network"]["isp"] = "中国电信"
    data["network"]["ip_ranges"] = ["动态IP"]
    data["network"]["connected_on"] = "2026年11月1日"
    data["unit"]["commercial"] = "非经营性"
    data["sites"][0]["interactive"] = "是"
    data["sites"][0]["hosting"]["city"] = "绍兴"  # a nested city: not a rule set's name, left as written
    data["city"] = "绍兴"
    before = copy.deepcopy(data)
    normalize_labels(data, city_alias=lambda name: "shaoxing" if name == "绍兴" else None)
    assert data["network"]["isp"] == "telecom" and data["network"]["ip_ranges"] == ["dynamic"]
    assert str(data["network"]["connected_on"]) == "2026-11-01" and data["unit"]["commercial"] is False
    assert data["sites"][0]["interactive"] is True and data["sites"][0]["hosting"]["city"] == "绍兴" and data["city"] == "shaoxing"
    assert data["unit"]["name"] == before["unit"]["name"]
