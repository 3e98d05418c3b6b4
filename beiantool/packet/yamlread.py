"""Read a YAML file safely and keep the line and column of every value.

PyYAML composes the node graph (SafeLoader: no arbitrary tags are resolved);
this module then walks that graph itself so that it can

* remember where each value stands (``positions``) and where each key stands
  (``key_positions``), keyed by the path into the data;
* refuse anchor/alias bombs and recursive aliases by counting expanded nodes;
* report duplicate keys instead of silently keeping the last one;
* keep YAML 1.1 traps as the text the user typed: ``014030`` (an octal int to
  YAML 1.1, a Baotou postcode to the user), ``2026-02-30`` (an impossible
  date, reported later with its position).
"""

from __future__ import annotations

import datetime
from dataclasses import field
from pathlib import Path as FsPath

import yaml

from beiantool.base.record import record
from beiantool.base.errors import UsageError
from beiantool.base.problem import Path, Problem, Severity
from beiantool.packet.yamlsyntax import MAX_DEPTH, check_characters, check_nesting, syntax_error

MAX_BYTES = 2 * 1024 * 1024  # a real packet is a few KB
MAX_NODES = 50_000  # nodes repeated by alias expansion

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE_TAG = _STD + "merge"
_BOOL_TRUE = {"yes", "true", "on", "y"}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@record
class Document:
    """A packet file as plain data plus where each piece of it stands."""

    source: str
    data: dict
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    containers: set = field(default_factory=set)
    tables: dict | None = field(default=None, repr=False, compare=False)  # its customer lists, read once (beiantool.packet.lists)

    def position(self, path: Path, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor."""
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                # a mapping or list is best shown at its key; a plain value at the value itself
                if path in self.containers:
                    return self.key_positions.get(path, self.positions[path])
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def decode(raw: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GBK."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        raise UsageError(
            f"{source}：文件既不是 UTF-8 也不是 GBK 编码，无法读取。",
            "请用文本编辑器另存为 UTF-8 编码后重试。",
        ) from None


def read_text(path: str | FsPath) -> str:
    """Read a regular file the user named, never more than MAX_BYTES: devices, pipes and
    folders are refused before anything is read (a FIFO is opened without blocking)."""
    from beiantool.base.reading import ReadRefused, read_regular

    name = str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except ReadRefused as refused:
        raise UsageError(*_REFUSED[refused.why](name, refused.error)) from None
    return decode(raw, name)


def _unreadable(name: str, error) -> tuple[str, str]:
    from beiantool.base.safeio import os_reason

    return f"{name}：无法读取文件（{os_reason(error)}）。", "请检查文件名和权限。"


_REFUSED = {
    "missing": lambda name, _: (f"{name}：文件不存在。", "请检查文件名和路径。"),
    "folder": lambda name, _: (f"{name}：这是一个目录，不是备案 YAML 文件。", "请指定目录中的 .yaml 文件。"),
    "special": lambda name, _: (f"{name}：不是普通文件（是设备、管道或套接字），不会读取。", "请指定一个 .yaml 文本文件。"),
    "blocking": lambda name, _: (f"{name}：不是普通文件，不会读取。", "请指定一个 .yaml 文本文件。"),
    "unreadable": _unreadable,
    "too_large": lambda name, _: (
        f"{name}：文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），备案文件通常只有几 KB。",
        "请确认选对了文件。",
    ),
}


def load(path: str | FsPath) -> Document:
    """Read a packet or rule file; raise :class:`UsageError` if it is unusable."""
    return load_text(read_text(path), str(path))


def load_text(text: str, source: str = "<字符串>") -> Document:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise UsageError(f"{source}：内容过大，上限 {MAX_BYTES // 1024 // 1024} MB。")
    check_nesting(text, source)
    check_characters(text, source)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, source, text) from None
    except yaml.YAMLError as exc:
        from beiantool.base.libtext import unknown

        raise UsageError(f"{source}：不是有效的 YAML：{unknown(exc, 'YAML 读取器')}。") from None
    except RecursionError:
        raise UsageError(f"{source}：嵌套层数过深，无法读取。") from None
    if root is None:
        raise UsageError(f"{source}：文件是空的（没有任何内容）。", "可用 `beiantool init` 生成一份带注释的模板。")
    if not isinstance(root, yaml.MappingNode):
        line, col = _mark(root)
        raise UsageError(
            f"{source}:{line}:{col}：文件的顶层必须是“键: 值”形式的映射，而不是{_kind(root)}。",
            "请参照 examples/ 中的示例，第一行通常是“city: 城市代码”。",
        )
    walker = _Walker(source)
    data = walker.walk(root, ())
    return Document(source, data, walker.positions, walker.key_positions, walker.problems, walker.containers)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _kind(node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    from beiantool.base.privacy import excerpt

    return f"单个值“{excerpt(node.value, 30)}”"


class _Walker:
    def __init__(self, source: str):
        self.source = source
        self.positions: dict[Path, tuple[int, int]] = {}
        self.key_positions: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.containers: set[Path] = set()

    def refuse(self, node, what: str, hint: str) -> UsageError:
        line, col = _mark(node)
        return UsageError(f"{self.source}:{line}:{col}：{what}", hint)

    def walk(self, node, path: Path):
        # only nodes reached again through an alias count: a long file is not a bomb, an expanding one is
        if id(node) in self.seen:
            self.count += 1
        else:
            self.seen.add(id(node))
        if self.count > MAX_NODES:
            raise self.refuse(
                node,
                f"展开锚点/别名后节点超过 {MAX_NODES} 个，疑似 YAML 炸弹，拒绝读取。",
                "备案文件不需要大量的 & 锚点和 * 别名，请删除它们。",
            )
        if len(path) > MAX_DEPTH:
            raise self.refuse(node, "嵌套层数过深。", "请检查缩进。")
        self.positions.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            raise self.refuse(node, "别名引用了自身（循环引用），无法读取。", "请删除循环的 & 锚点 / * 别名。")
        self.active.add(id(node))
        self.containers.add(path)
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, _STD + "seq")
                return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]
            self.check_tag(node, _STD + "map")
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def check_tag(self, node, expected: str) -> None:
        if node.tag != expected:
            raise self.refuse(
                node,
                f"不允许的 YAML 标签“{node.tag.replace(_STD, '!!')}”。",
                "备案文件只能包含普通的文字、数字、日期、列表和映射，请删除以 ! 开头的标签。",
            )

    def mapping(self, node, path: Path) -> dict:
        out: dict = {}
        seen: dict[str, tuple[int, int]] = {}
        merged: list = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.refuse(key_node, "键必须是简单的文字。", "请检查这一行的写法。")
            key = str(key_node.value)
            pos = _mark(key_node)
            if key in seen:
                line, col = pos
                self.problems.append(
                    Problem(
                        "Y001",
                        Severity.ERROR,
                        path + (key,),
                        line,
                        col,
                        f"键“{key}”重复出现（第一次在第 {seen[key][0]} 行）：YAML 只会保留后一个，前一个的内容会丢失。请删除或合并其中一个。",
                    )
                )
            seen[key] = pos
            self.key_positions[path + (key,)] = pos
            out[key] = self.walk(value_node, path + (key,))
        for value_node in merged:  # YAML merge keys: explicit keys win
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for src in sources:
                if not isinstance(src, yaml.MappingNode):
                    raise self.refuse(src, "合并键“<<”只能引用映射。", "请检查 << 后面的别名。")
                if id(src) in self.active:
                    raise self.refuse(src, "合并键“<<”引用了包含它自己的映射（循环引用），无法读取。", "请删除循环的 & 锚点 / * 别名。")
                self.active.add(id(src))
                try:
                    merged_values = self.mapping(src, path)
                finally:
                    self.active.discard(id(src))
                for key, value in merged_values.items():
                    out.setdefault(key, value)
        return out

    def scalar(self, node):
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.check_tag(node, _STD + "str")
        text = node.value
        if tag == _STD + "str":
            return text
        if tag == _STD + "null":
            return None
        if tag == _STD + "bool":
            return text.lower() in _BOOL_TRUE
        if tag == _STD + "int":
            plain = text.lstrip("+-")
            # leading zeros (postcodes, area codes), base-60 and 0x/0o forms stay text
            if (len(plain) > 1 and plain.startswith("0")) or not plain.replace("_", "").isdigit() or "_" in plain:
                return text
            try:
                return int(text)
            except ValueError:  # longer than Python will convert (4,300 digits): keep the text
                return text
        if tag == _STD + "float":
            try:
                return float(text.replace("_", ""))
            except ValueError:
                return text
        # timestamp: an impossible date stays as text and is reported later
        try:
            value = _CONSTRUCTOR.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return text
        if isinstance(value, datetime.datetime) and value.time() == datetime.time(0) and len(text) <= 10:
            return value.date()
        return value
