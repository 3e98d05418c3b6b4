"""City rule sets: data files validated on load, possibly extending another.

A rule set file names its place (province abbreviation, area codes, postcode
prefixes), its receiving offices, and the checks it enables with their
severity, parameters and source. ``extends`` merges a parent: the child's
region fields and check entries win, parameters are merged key by key.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from beiantool import yamlread
from beiantool.checks import REGISTRY
from beiantool.checks.base import Region, Source
from beiantool.checks.filing import LAW_33
from beiantool.errors import UsageError
from beiantool.problem import Severity, format_path
from beiantool.rules import places


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Office(_Strict):
    name: str
    address: Optional[str] = None
    mail_address: Optional[str] = Field(None, description="快递地址")
    hours: Optional[str] = None
    phone: Optional[str] = None
    areas: list[str] = Field(default_factory=list, description="单位地址含这些字样时默认选此机关（如 新昌县）")
    generic: bool = Field(False, description="只是一类机关（如“所在地公安机关网络安全保卫部门”），不是某个机关的名称")
    note: Optional[str] = None
    source: Optional[Source] = None


class Deadline(_Strict):
    days: int = Field(30, ge=1, le=366)
    start: Literal["connected_on", "site_opened_on"] = "connected_on"
    basis: str = Field(LAW_33 + "第十二条", description="期限的法律依据（消息中引用）")
    individuals: bool = Field(False, description="期限是否也约束个人（第十二条只约束单位）")
    binds: str = Field("", description="来源原文中受期限约束的是谁（照录）；个人不受约束时告诉个人")
    individuals_note: str = Field("", description="个人备案者看到的一句话：期限是否约束个人，依据哪一段")
    source: Optional[Source] = None


class ChangeRule(_Strict):
    """When the network or a site changes or stops: whom to tell, by when, and what else to do.

    ``days`` is a deadline only where a source the seeds do not mark 失效 gives one, and only for
    what that source names (``covers``: 联网方式变更 = connection, 终止联网 = end). Every other change
    is the platform's and the office's procedure (``procedure``), with no statutory limit."""

    days: Optional[int] = Field(None, ge=1, le=366, description="变更或终止联网之日起几日内告知；来源中没有仍然有效的期限时不写")
    covers: list[Literal["connection", "end"]] = Field(default_factory=list, description="期限约束的事项：联网方式变更、终止联网")
    connection_fields: list[str] = Field(default_factory=list, description="算作“联网方式变更”的栏目（备案文件中的路径前缀）")
    basis: str = Field("", description="期限的依据（告知书和消息中引用）")
    quote: str = Field("", description="来源原文")
    status: str = Field("", description="依据现在是否有效（来源能确认的程度）")
    no_deadline: str = Field("", description="没有期限时说明为什么（如依据已失效）")
    procedure: str = Field("", description="期限以外的变更怎么办（平台和受理机关的程序）")
    notes: list[str] = Field(default_factory=list, description="城市另有的要求")
    access_notes: list[str] = Field(default_factory=list, description="只对接入单位（unit.service_nature 含 isp 或 idc）的要求")
    source: Optional[Source] = None


class ReviewStep(_Strict):
    name: str
    days: int = Field(ge=0, le=366)
    working_days: bool = True
    note: Optional[str] = None


class FormChoice(_Strict):
    """One form a filer fills in, and when: 武威's ISPs fill 表一 instead of the national form."""

    layout: str
    item: str = Field("form", description="清单中对应的条目（份数取自该条目）")
    when: "Condition" = Field(default_factory=lambda: Condition())


class Note(_Strict):
    """A note on the checklist: its words, when it applies, and where it comes from (none: beiantool's own words)."""

    id: Optional[str] = Field(None, pattern=r"^[a-z][a-z0-9_]*$", description="有 id 的注可由城市规则集替换或停用")
    text: str
    when: "Condition" = Field(default_factory=lambda: Condition())
    enabled: bool = True
    source: Optional[Source] = None


class Filing(_Strict):
    """How the packet is filed in this place: forms, copies, deadline, review."""

    form: Optional[str] = Field(None, description="备案表的名称")
    layout: Optional[str] = Field(None, description="备案表版式（templates/forms/ 中的文件名）")
    forms: Optional[list[FormChoice]] = Field(None, description="按条件选择的备案表；不写则用 layout")
    site_forms: Optional[list[FormChoice]] = Field(None, description="每个网站另填一张的表（如互联网网站备案表），有网站时生成")
    letter: Optional[str] = Field(None, description="安全责任书模板（templates/letters/ 中的文件名）")
    layout_note: Optional[str] = Field(None, description="版式与原表的差别（生成时提示）")
    form_per: Optional[Literal["unit", "site"]] = None
    copies: Optional[int] = Field(None, ge=1, le=20)
    placeholder: Optional[str] = Field(None, description="空缺栏目填写的文字，如 无")
    blanks_allowed: Optional[bool] = None
    deadline: Optional[Deadline] = None
    review: Optional[list[ReviewStep]] = None
    change: Optional[ChangeRule] = Field(None, description="联网方式变更或者终止联网时的告知期限")
    hosting_order: Optional[bool] = Field(None, description="网站维护地与服务器所在地不同时，两地都要备案并有先后")
    online: Optional[str] = Field(None, description="网上备案系统的说明")
    notes: list[Union[str, Note]] = Field(default_factory=list)
    source: Optional[Source] = None


class Condition(_Strict):
    """When a checklist item applies; every given key must hold."""

    unit_type: Optional[list[str]] = None
    not_unit_type: Optional[list[str]] = None
    service_nature: Optional[list[str]] = None
    not_service_nature: Optional[list[str]] = None
    commercial: Optional[bool] = None
    special_content: Optional[list[str]] = None
    has_sites: Optional[bool] = None
    unfiled_sites: Optional[bool] = Field(None, description="有还没有公安备案号（sites[].police_number）的网站")
    virtual_hosting: Optional[bool] = Field(None, description="提供虚拟主机服务的信息服务单位")
    fixed_ip: Optional[bool] = Field(None, description="使用固定IP地址（由 network.ip_ranges / access 判断）")
    manual: Optional[str] = Field(None, description="无法从备案文件判断，由填报人自行判断的条件")


FormChoice.model_rebuild()
Note.model_rebuild()
Filing.model_rebuild()


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    copies: int = Field(1, ge=0, le=20, description="份数；0 表示这是一个要办的事项而不是一份材料")
    marks: list[Literal["公章", "骑缝章", "法人签字", "负责人签字", "每页签字", "单位负责人签字", "本人签字"]] = Field(default_factory=list)
    made_by: Literal["beiantool", "filer"] = "filer"
    show_only: bool = Field(False, description="申请时出示原件即可，不交复印件（如黔东南、双台子的主管部门同意文件）")
    online: bool = Field(False, description="在网上平台上传的电子版，不交纸质材料（不进打印合订本）")
    when: Condition = Field(default_factory=Condition)
    note: Optional[str] = None
    enabled: bool = True
    customer_list: Optional[Literal["hosted_users", "access_users", "ip_allocation", "servers", "colocation_users", "machines"]] = Field(
        None, description="由备案文件 lists 下的哪个名单满足（生成时印在附表和合订本中，清单上显示“已附（N 行）”）")
    source: Optional[Source] = None


class Entry(_Strict):
    enabled: bool = True
    severity: Optional[Severity] = None
    params: dict[str, Any] = Field(default_factory=dict)
    source: Optional[Source] = None


class RegionData(_Strict):
    province: Optional[str] = None
    province_abbr: Optional[str] = None
    region_code: Optional[str] = None
    area_codes: list[str] = Field(default_factory=list)
    postcode_prefixes: list[str] = Field(default_factory=list)
    source: Optional[Source] = None


class RuleFile(_Strict):
    id: str
    name: str
    extends: Optional[str] = None
    description: Optional[str] = None
    region: RegionData = Field(default_factory=RegionData)
    offices: list[Office] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    filing: Filing = Field(default_factory=Filing)
    checklist: list[Item] = Field(default_factory=list)
    checks: dict[str, Entry] = Field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One enabled code with what the engine needs to run it."""

    code: str
    severity: Severity
    params: Any
    source: Optional[Source]


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    description: str
    region: Region
    offices: tuple[Office, ...]
    sources: tuple[Source, ...]
    rules: dict[str, Rule]
    chain: tuple[str, ...] = field(default=())  # this id and the ids it extends
    filing: Filing = field(default_factory=Filing)
    checklist: tuple[Item, ...] = ()

    def severity(self, code: str) -> Optional[Severity]:
        rule = self.rules.get(code)
        return rule.severity if rule else None


def _builtin_dir():
    return resources.files("beiantool.rules") / "data"


@functools.lru_cache(maxsize=1)
def _builtin_ids() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml")))


def builtin_ids() -> list[str]:
    return list(_builtin_ids())


RULES_DIR_ENV = "BEIANTOOL_RULES_DIR"
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]{0,63}$")
_TEMPLATE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _rule_files() -> tuple[dict[str, Path], list[tuple[Path, str]]]:
    """Rule files in the folders named by $BEIANTOOL_RULES_DIR, by id; and files there that cannot be one."""
    found: dict[str, Path] = {}
    odd: list[tuple[Path, str]] = []
    for folder in filter(None, os.environ.get(RULES_DIR_ENV, "").split(os.pathsep)):
        base = Path(folder)
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if not path.name.endswith((".yaml", ".yml")):
                continue
            stem = path.name.rsplit(".", 1)[0]
            if path.is_symlink() or not path.is_file():  # like a packet folder: only regular files, no link followed
                odd.append((path, "是符号链接或不是普通文件，不会读取"))
            elif not _ID.match(stem):
                odd.append((path, "文件名不是有效的规则集代码（只能用字母、数字、_ 和 -）"))
            else:
                found.setdefault(stem, path)
    return found, odd


def user_files() -> dict[str, Path]:
    return _rule_files()[0]


def unusable_files() -> list[tuple[Path, str]]:
    """Files in $BEIANTOOL_RULES_DIR that cannot be a rule set, with the reason."""
    return _rule_files()[1]


def available_ids() -> list[str]:
    return builtin_ids() + sorted(set(user_files()) - set(builtin_ids()))


def _unknown(name: str) -> UsageError:
    from beiantool.privacy import excerpt

    if any("\u4e00" <= ch <= "\u9fff" for ch in str(name)):
        return UsageError(
            f"还没有“{excerpt(name, 40)}”的规则集。已有：{'、'.join(available_ids())}。",
            f"没有地方规则集的城市，可先按全国式样填报：city: national（或 --city national）；"
            f"当地另有要求的，用 --rules 指定自己的规则文件（写法见 README“规则集”一节）。",
        )
    return UsageError(
        f"未知的城市规则集“{excerpt(name, 40)}”。已有：{'、'.join(available_ids())}。",
        f"城市写规则集代码（如 shaoxing），不是文件路径；用 `beiantool cities` 查看各规则集。没有规则集的城市可用 national，"
        f"或用 --rules 指定自己的规则文件，或把规则文件放进 ${RULES_DIR_ENV} 指定的目录。",
    )


def load(ruleset_id: str) -> RuleSet:
    """A rule set by id: built in, or a file <id>.yaml in $BEIANTOOL_RULES_DIR. Never a path.
    The names people type for a built-in city (绍兴、绍兴市、Shaoxing) find it too."""
    if ruleset_id in builtin_ids():
        return _load_builtin(ruleset_id)
    if ruleset_id not in user_files():
        alias = city_alias(ruleset_id)
        if alias is not None:
            return _load_builtin(alias)
    return _resolve(_read_id(ruleset_id), [])


_NAME_LINE = re.compile(r"^name:\s*(\S+)", re.M)


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """绍兴市 / 绍兴 / SHAOXING -> shaoxing, read from each built-in file's own name: line."""
    out: dict[str, str] = {}
    for rid in builtin_ids():
        out[rid.lower()] = rid
        found = _NAME_LINE.search((_builtin_dir() / f"{rid}.yaml").read_text(encoding="utf-8"))
        if found:
            name = found.group(1)
            out[name] = rid
            for suffix in ("自治州", "市", "州", "省", "区"):
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    out[name[: -len(suffix)]] = rid
    return out


def city_alias(name: str) -> Optional[str]:
    """The built-in rule set a typed city name means, or None."""
    if not isinstance(name, str):
        return None
    return _aliases().get(name.strip()) or _aliases().get(name.strip().lower())


def load_file(path: str | Path) -> RuleSet:
    """A rule set from a file the user named (--rules FILE)."""
    return _resolve(_read_path(Path(path)), [])


@functools.lru_cache(maxsize=None)
def _load_builtin(ruleset_id: str) -> RuleSet:
    return _resolve(_read_id(ruleset_id), [])


def _read_id(ruleset_id: str) -> tuple[RuleFile, yamlread.Document, Optional[Path]]:
    if ruleset_id in builtin_ids():
        res = _builtin_dir() / f"{ruleset_id}.yaml"
        doc = yamlread.load_text(res.read_text(encoding="utf-8"), f"beiantool/rules/data/{ruleset_id}.yaml")
        return _validate(doc), doc, None
    users = user_files()
    if ruleset_id in users:
        return _read_path(users[ruleset_id])
    raise _unknown(ruleset_id)


def _read_path(path: Path) -> tuple[RuleFile, yamlread.Document, Optional[Path]]:
    doc = yamlread.load(path)
    return _validate(doc), doc, Path(os.path.abspath(path))


def _validate(doc: yamlread.Document) -> RuleFile:
    try:
        rule_file = RuleFile.model_validate(doc.data)
    except ValidationError as exc:
        raise _rule_error(doc, exc, ()) from None
    for code, entry in rule_file.checks.items():
        if code not in REGISTRY:
            raise _at(doc, ("checks", code), f"未知的检查代码“{code}”。", f"可用的代码：{', '.join(REGISTRY)}。", key=True)
        try:
            REGISTRY[code].params.model_validate(entry.params)
        except ValidationError as exc:
            raise _rule_error(doc, exc, ("checks", code, "params"), code) from None
    templates = [(("filing", "layout"), rule_file.filing.layout, "forms"), (("filing", "letter"), rule_file.filing.letter, "letters")]
    templates += [(("filing", "forms", i, "layout"), c.layout, "forms") for i, c in enumerate(rule_file.filing.forms or [])]
    for path, name, kind in templates:
        if name is not None and not template_exists(kind, name):
            raise _at(
                doc, path, f"没有名为“{name}”的{'备案表版式' if kind == 'forms' else '责任书模板'}。",
                f"这里写 beiantool 自带模板的名称（不是文件路径），可用：{'、'.join(template_names(kind))}。",
            )
    return rule_file


def template_names(kind: str) -> list[str]:
    folder = resources.files("beiantool.templates") / kind
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def template_exists(kind: str, name: str) -> bool:
    return bool(_TEMPLATE_NAME.match(name)) and name in template_names(kind)


def _at(doc: yamlread.Document, path: tuple, message: str, hint: str | None = None, key: bool = False) -> UsageError:
    line, col = doc.position(path, key=key)
    return UsageError(f"规则文件 {doc.source}:{line}:{col}：{message}", hint)


def _rule_error(doc: yamlread.Document, exc: ValidationError, prefix: tuple, code: str | None = None) -> UsageError:
    error = exc.errors(include_url=False)[0]
    path = prefix + tuple(error["loc"])
    where = format_path(path)
    if error["type"] == "extra_forbidden":
        what = f"检查 {code} 没有参数“{path[-1]}”" if code else f"未知的键“{where}”"
        return _at(doc, path, f"{what}。", "请核对拼写，或删除这一项。", key=True)
    if error["type"] == "missing":
        return _at(doc, path[:-1], f"缺少“{where}”。")
    from beiantool.libtext import pydantic_error

    return _at(doc, path, f"“{where}”的值不对：{pydantic_error(error)}。")


def _resolve(read: tuple[RuleFile, yamlread.Document, Optional[Path]], seen: list[str]) -> RuleSet:
    rule_file, doc, path = read
    me = str(path) if path else f"builtin:{rule_file.id}"
    if me in seen:
        raise _at(doc, ("extends",), f"规则集之间循环继承：{' → '.join([*(s.rsplit('/', 1)[-1] for s in seen), rule_file.id])}。",
                  "请改正 extends，让继承链在 national 等内置规则集处结束。")
    parent = _resolve(_parent(rule_file, doc, path), seen + [me]) if rule_file.extends else None
    region = _merge_region(parent.region if parent else Region(), rule_file.region)
    rules = dict(parent.rules) if parent else {}
    for code, entry in rule_file.checks.items():
        check = REGISTRY[code]
        before = rules.get(code)
        if not entry.enabled:
            rules.pop(code, None)
            continue
        merged = dict(before.params.model_dump(exclude_unset=True)) if before else {}
        merged.update(entry.params)
        rules[code] = Rule(
            code=code,
            severity=entry.severity or (before.severity if before else check.severity),
            params=check.params.model_validate(merged),
            source=entry.source or (before.source if before else None),
        )
    if "C207" in rules:  # the places with rule sets of their own: only for a rule set that enables C207 itself (national)
        if "C207" in rule_file.checks:
            c207 = rules["C207"]
            rules["C207"] = Rule("C207", c207.severity, REGISTRY["C207"].params(places=places.others(rule_file.id)), c207.source)
        else:
            rules.pop("C207")
    filing = _merge_filing(parent.filing if parent else Filing(), rule_file.filing)
    checklist = _merge_items(parent.checklist if parent else (), rule_file.checklist)
    if "D601" in rules and filing.deadline:  # the filing deadline is the one truth for D601
        d601 = rules["D601"]
        d = filing.deadline
        params = REGISTRY["D601"].params(days=d.days, start=d.start, basis=d.basis, individuals=d.individuals)
        rules["D601"] = Rule("D601", d601.severity, params, filing.deadline.source or d601.source)
    return RuleSet(
        id=rule_file.id,
        name=rule_file.name,
        description=rule_file.description or (parent.description if parent else ""),
        region=region,
        offices=tuple(rule_file.offices) or (parent.offices if parent else ()),
        sources=tuple(rule_file.sources) + (parent.sources if parent else ()),
        rules=rules,
        chain=(rule_file.id,) + (parent.chain if parent else ()),
        filing=filing,
        checklist=checklist,
    )


def _parent(rule_file: RuleFile, doc: yamlread.Document, path: Optional[Path]):
    """What ``extends`` names: a rule-set id, looked up as --city is (built in, or <id>.yaml in
    $BEIANTOOL_RULES_DIR). Never a path: not even one beside the rule file."""
    name = rule_file.extends or ""
    if name not in builtin_ids() and (path is None or name not in user_files()):
        name = city_alias(name) or name  # 绍兴、Shaoxing, as --city takes them
    try:
        if not _ID.match(name) or (path is None and name not in builtin_ids()):
            raise _unknown_parent(name)
        return _read_id(name)
    except UsageError as exc:
        if exc.message.startswith("规则文件 "):
            raise  # already placed in the file it concerns
        raise _at(doc, ("extends",), f"extends 无法使用：{exc.message}", exc.hint) from None


def _unknown_parent(name: str) -> UsageError:
    from beiantool.privacy import excerpt

    return UsageError(
        f"“{excerpt(name, 40)}”不是规则集代码。已有：{'、'.join(available_ids())}。",
        f"extends 写另一个规则集的代码（如 national、shaoxing），不是文件路径；自己的规则集放进 ${RULES_DIR_ENV} 指定的目录，"
        "用文件名（不含 .yaml）引用。",
    )


def _merge_filing(base: Filing, child: Filing) -> Filing:
    given = {k: getattr(child, k) for k in child.model_fields_set}
    if "notes" in given:
        given["notes"] = _merge_notes(base.notes, child.notes)
    if child.change is not None and base.change is not None:  # a city adds to the national rule or restates it
        own = {k: getattr(child.change, k) for k in child.change.model_fields_set}
        own["notes"] = base.change.notes + child.change.notes
        own["access_notes"] = base.change.access_notes + child.change.access_notes
        given["change"] = base.change.model_copy(update=own)
    return base.model_copy(update=given)


def _merge_notes(base: list, child: list) -> list:
    """Notes in order; a child's note with the id of a parent's replaces it (or, disabled, removes it)."""
    out = list(base)
    for note in child:
        at = next((i for i, old in enumerate(out) if isinstance(note, Note) and note.id and isinstance(old, Note) and old.id == note.id), None)
        if at is None:
            out.append(note)
        else:
            out[at] = note
    return [n for n in out if not isinstance(n, Note) or n.enabled]


def _merge_items(base: tuple[Item, ...], child: list[Item]) -> tuple[Item, ...]:
    """Items by id: the child's replace the parent's in place, new ones follow, disabled ones go."""
    items = {item.id: item for item in base}
    for item in child:
        items[item.id] = item
    return tuple(item for item in items.values() if item.enabled)


def _merge_region(base: Region, data: RegionData) -> Region:
    given = data.model_dump(exclude_unset=True, exclude={"source"})
    values = {**base.__dict__, **{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()}}
    return Region(**values)


def builtin_path(ruleset_id: str) -> Path:
    return Path(str(_builtin_dir() / f"{ruleset_id}.yaml"))
