"""What the packet model says about each field, as plain data: its title (the Chinese label), the model inside
it, whether it takes a yes/no or a date, which enumeration it takes and that enumeration's labels.

Normalising a packet, naming a field in a message (``label``) and telling a packet from another file need only
this, not the pydantic classes: making the model's 16 classes costs more than all the checks of a packet. The
plan is worked out from the classes (model.py) and remembered in the user cache (base/verdicts.py) under
pydantic's version and the files that make the model, so a run whose packet shape is remembered too
(checks/shape.py) never makes the classes; without a usable cache it is worked out in every run, as before.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from beiantool.base.verdicts import Memo

_PACKAGE = Path(__file__).resolve().parent.parent
PLANS = Memo("pydantic", "pydantic", ("version.py",), tuple(str(_PACKAGE / p) for p in (
    "packet/model.py", "packet/listmodel.py", "packet/lists.py", "base/enums.py", "packet/plan.py")), limit=8)
DYNAMIC_FIELDS = ("ip_ranges", "egress_router_ip")  # of Network: 动态IP and its other spellings are the value dynamic

_plan: dict | None = None


def plan() -> dict:
    """{"models": {class name: {field: {title, model, bool, date, enum, dynamic}}}, "enums": {name: {label: value}}};
    the packet's own model is "Packet", its fields in the model's order."""
    global _plan
    if _plan is None:
        _plan = PLANS.get("plan", "Packet", _build)
    return _plan


def fields(model: str) -> dict:
    """The fields of one model of the packet ("Packet", "Unit", "Person" …)."""
    return plan()["models"][model]


def label(path) -> str:
    """Chinese label of a path: ("sites", 0, "responsible", "id_number") -> 网站1·网站负责人·身份证号码."""
    models = plan()["models"]
    parts: list[str] = []
    model: Any = "Packet"
    for part in path:
        if isinstance(part, int):
            if parts:
                parts[-1] = f"{parts[-1]}{part + 1}"
            continue
        info = models[model].get(part) if model and isinstance(part, str) else None
        if info is None:
            parts.append(str(part))
            model = None
            continue
        parts.append(info["title"] or part)
        model = info["model"]
    # "单位·法人代表·姓名" reads well; drop the section name when deeper detail follows
    if len(parts) > 2 and parts[0] in ("单位", "安全管理", "网络概况"):
        parts = parts[1:]
    return "·".join(parts) if parts else "文件顶层"


def _annotation_kinds(annotation: Any) -> set:
    """The plain types an annotation admits: Optional[bool] -> {bool, NoneType}; Date -> {datetime.date}."""
    from typing import get_args

    out, todo = set(), [annotation]
    while todo:
        current = todo.pop()
        if current in (bool, datetime.date):
            out.add(current)
        todo.extend(a for a in get_args(current) if not isinstance(a, (str, int)) and a is not current)
    return out


def _label_map(enum) -> dict[str, str]:
    """{"电信": "telecom", "中国电信": "telecom", ...}: labels, labels without spaces, and the
    unambiguous names people type (enums.ALIASES), to values."""
    from beiantool.base.enums import ALIASES

    out = {}
    for member in enum:
        out[member.label] = member.value
        out[member.label.replace(" ", "")] = member.value
    out.update(ALIASES.get(enum.__name__, {}))
    return out


def _build(_root: str) -> dict:
    """The plan, read from the pydantic classes."""
    from beiantool.base.enums import Labelled
    from beiantool.packet.model import Network, Packet, _inner_model, inner_type

    models: dict = {}
    enums: dict = {}
    todo = [Packet]
    while todo:
        cls = todo.pop(0)
        if cls.__name__ in models:
            continue
        out = models[cls.__name__] = {}
        for key, info in cls.model_fields.items():
            kinds = _annotation_kinds(info.annotation)
            enum = inner_type(info.annotation, Labelled)
            sub = _inner_model(info.annotation)
            out[key] = {"title": info.title, "model": sub.__name__ if sub is not None else None,
                        "bool": bool in kinds, "date": datetime.date in kinds,
                        "enum": enum.__name__ if enum is not None else None,
                        "dynamic": cls is Network and key in DYNAMIC_FIELDS}
            if enum is not None:
                enums[enum.__name__] = _label_map(enum)
            if sub is not None:
                todo.append(sub)
    return {"models": models, "enums": enums}
