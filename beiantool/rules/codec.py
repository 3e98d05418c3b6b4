"""A resolved rule set as plain JSON data and back: the form the rule-set cache stores.

JSON, not pickle: reading a cache file can only ever produce data. Models come
back through ``model_construct`` with the fields (and the set of fields given)
they were built with, so the pydantic validators of the rule-file format are
neither built nor run on a cache hit. Only classes of beiantool's own modules
that are models, or the two dataclasses of a rule set, can be named by a cache
file; anything else makes the file unusable (and it is rebuilt).

Tags: ``{"$m": "module:Class", "f": {...}, "s": [...]}`` a pydantic model (its
fields, the fields set), ``{"$d": "Class", "f": {...}}`` a RuleSet, Region or Rule,
``{"$e": "module:Class", "v": value}`` an enum member, ``{"$t": [...]}`` a tuple,
``{"$o": [[key, value], ...]}`` a dict (keys of any plain type, order kept).
"""

from __future__ import annotations

import enum
import sys
from typing import Any

from pydantic import BaseModel

from beiantool.checks.base import Region
from beiantool.rules.model import Rule, RuleSet

_DATACLASSES = {"Region": Region, "Rule": Rule, "RuleSet": RuleSet}
_PLAIN = (str, int, float, bool, type(None))


class Unusable(ValueError):
    """The data cannot be stored as plain data, or a stored file does not decode."""


def encode(value: Any) -> Any:
    if isinstance(value, _PLAIN) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, enum.Enum):
        return {"$e": _name(type(value)), "v": value.value}
    if isinstance(value, BaseModel):
        if value.__pydantic_extra__ or value.__pydantic_private__:
            raise Unusable(type(value).__name__)
        fields = {k: encode(v) for k, v in value.__dict__.items()}
        return {"$m": _name(type(value)), "f": fields, "s": sorted(value.model_fields_set)}
    if type(value) in _DATACLASSES.values():
        return {"$d": type(value).__name__, "f": {k: encode(v) for k, v in value.__dict__.items()}}
    if type(value) is tuple:
        return {"$t": [encode(v) for v in value]}
    if type(value) is list:
        return [encode(v) for v in value]
    if type(value) is dict:
        return {"$o": [[encode(k), encode(v)] for k, v in value.items()]}
    raise Unusable(f"{type(value).__name__} is not stored")


def decode(data: Any) -> Any:
    if isinstance(data, _PLAIN):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        raise Unusable("unknown value")
    if "$t" in data:
        return tuple(decode(v) for v in data["$t"])
    if "$o" in data:
        return {_key(decode(k)): decode(v) for k, v in data["$o"]}
    if "$e" in data:
        return _class(data["$e"], enum.Enum)(data["v"])
    if "$m" in data:
        cls = _class(data["$m"], BaseModel)
        fields = {str(k): decode(v) for k, v in data["f"].items()}
        if set(fields) != set(cls.model_fields):
            raise Unusable(f"{cls.__name__}: fields differ")  # the model changed since the file was written
        return _construct(cls, fields, {str(s) for s in data["s"]})
    if "$d" in data:
        cls = _DATACLASSES.get(data["$d"])
        if cls is None:
            raise Unusable("unknown dataclass")
        return cls(**{str(k): decode(v) for k, v in data["f"].items()})
    raise Unusable("untagged mapping")


def loads(text: bytes | str) -> Any:
    """A whole JSON document with the tagged values in it decoded as :func:`decode` does, while the JSON is
    parsed (the parser hands each mapping over once, its contents already decoded): no second walk."""
    import json

    return json.loads(text, object_hook=_hook)


def _hook(data: dict) -> Any:
    if len(data) > 3 or not any(tag in data for tag in _TAGS):
        return data  # a plain mapping: the fields of a model or a dataclass, or the entry around the rule set
    if "$t" in data:
        if not isinstance(data["$t"], list):
            raise Unusable("not a tuple")
        return tuple(data["$t"])
    if "$o" in data:
        return {_key(k): v for k, v in data["$o"]}
    if "$e" in data:
        return _class(data["$e"], enum.Enum)(data["v"])
    if "$m" in data:
        cls = _class(data["$m"], BaseModel)
        fields = data["f"]
        if not isinstance(fields, dict) or fields.keys() != _fields_of(cls):
            raise Unusable(f"{cls.__name__}: fields differ")  # the model changed since the file was written
        return _construct(cls, fields, {str(s) for s in data["s"]})
    cls = _DATACLASSES.get(data["$d"])
    if cls is None or not isinstance(data["f"], dict):
        raise Unusable("unknown dataclass")
    return cls(**data["f"])


_TAGS = ("$t", "$o", "$e", "$m", "$d")
_FIELD_SETS: dict = {}


def _fields_of(cls: type) -> set:
    if cls not in _FIELD_SETS:
        _FIELD_SETS[cls] = set(cls.model_fields)
    return _FIELD_SETS[cls]


def _construct(cls: type, fields: dict, given: set) -> Any:
    """What ``cls.model_construct(_fields_set=given, **fields)`` makes when every field is given
    (a third of its time: no defaults to fill, no aliases, no extra or private attributes)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", given)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def _key(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        raise Unusable("unhashable key")
    return value


def _name(cls: type) -> str:
    if not cls.__module__.startswith("beiantool.") or "<" in cls.__qualname__:
        raise Unusable(f"{cls.__module__}.{cls.__qualname__} is not beiantool's own")
    return f"{cls.__module__}:{cls.__qualname__}"


def _class(name: Any, base: type) -> type:
    """A class a cache file names: only one of beiantool's own, already loaded, a subclass of ``base``."""
    if not isinstance(name, str) or not name.startswith("beiantool.") or name.count(":") != 1:
        raise Unusable("not beiantool's own class")
    module, _, qualname = name.partition(":")
    cls: Any = sys.modules.get(module)  # never imported because a file says so: the rule sets' modules are loaded
    for part in qualname.split("."):
        cls = getattr(cls, part, None)
    if not (isinstance(cls, type) and issubclass(cls, base)):
        raise Unusable(f"{name} is not a {base.__name__}")
    return cls
