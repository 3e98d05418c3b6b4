"""``@record``: a dataclass whose methods are written once here instead of compiled for every class.

For each class, dataclasses writes the source of ``__init__``, ``__repr__`` and ``__eq__`` (for a frozen one
also ``__hash__``, ``__setattr__``, ``__delattr__``) and compiles it: some 4 million instructions a class, and
the classes a cold ``beiantool validate`` defines cost it a tenth of what the least Typer program costs in all.
``record`` lets dataclasses read the fields (so ``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` work as ever) and gives the class these methods, which read the fields at run time. They
behave as dataclasses' own for what a record may declare: fields given by position or keyword, defaults and
default factories, ``field(repr=False, compare=False, hash=...)``, ``__post_init__``, frozen instances
(``FrozenInstanceError``), equality only with the same class, a frozen record's hash from its compared fields,
a mutable one unhashable. Anything else dataclasses offer (``init=False`` or keyword-only fields, ``InitVar``,
ordering, slots) is refused when the class is made: use ``@dataclass`` for such a class.
"""

from __future__ import annotations

import dataclasses
import reprlib

_MISSING = dataclasses.MISSING


def record(cls=None, /, *, frozen: bool = False):
    """Use as ``@record`` or ``@record(frozen=True)`` where ``@dataclass`` / ``@dataclass(frozen=True)`` would be."""

    def wrap(cls):
        explicit_hash = "__hash__" in cls.__dict__
        # __init__ first: a class without a docstring gets one from its signature, and the signature of the
        # __init__ it would otherwise have (object's) is parsed from text with tokenize's large pattern
        cls.__init__ = _init
        dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # the fields: nothing is compiled
        for f in cls.__dataclass_fields__.values():
            if f._field_type is dataclasses._FIELD_INITVAR or not f.init or f.kw_only is True:
                raise TypeError(f"{cls.__qualname__}.{f.name}: a record takes plain fields only; use @dataclass")
        fields = dataclasses.fields(cls)
        cls.__record_init__ = tuple((f.name, f.default, f.default_factory) for f in fields)
        cls.__record_names__ = frozenset(f.name for f in fields)
        cls.__record_repr__ = tuple(f.name for f in fields if f.repr)
        cls.__record_compare__ = tuple(f.name for f in fields if f.compare)
        cls.__record_hash__ = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        cls.__repr__ = _repr
        cls.__eq__ = _eq
        if frozen:
            cls.__setattr__ = _refuse_set
            cls.__delattr__ = _refuse_delete
            if not explicit_hash:
                cls.__hash__ = _hash
        elif not explicit_hash:
            cls.__hash__ = None  # equal by value yet mutable: unhashable, as a dataclass
        return cls

    return wrap if cls is None else wrap(cls)


def _init(self, *args, **kwargs) -> None:
    spec = self.__record_init__
    name_of = type(self).__qualname__
    if len(args) > len(spec):
        raise TypeError(f"{name_of}.__init__() takes {len(spec) + 1} positional arguments but {len(args) + 1} were given")
    for key in kwargs:
        if key not in self.__record_names__:
            raise TypeError(f"{name_of}.__init__() got an unexpected keyword argument '{key}'")
    put = object.__setattr__
    for i, (name, default, factory) in enumerate(spec):
        if i < len(args):
            if name in kwargs:
                raise TypeError(f"{name_of}.__init__() got multiple values for argument '{name}'")
            value = args[i]
        elif name in kwargs:
            value = kwargs[name]
        elif default is not _MISSING:
            value = default
        elif factory is not _MISSING:
            value = factory()
        else:
            raise TypeError(f"{name_of}.__init__() missing 1 required positional argument: '{name}'")
        put(self, name, value)
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


@reprlib.recursive_repr()
def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{type(self).__qualname__}({shown})"


def _eq(self, other):
    if other.__class__ is self.__class__:
        names = self.__record_compare__
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


def _hash(self) -> int:
    return hash(tuple(getattr(self, n) for n in self.__record_hash__))


def _refuse_set(self, name, value) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self, name) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
