"""The customer lists in ``beiantool change``: who was added, who was removed, whose row changed.

33号令 第十二条第二款: the units of the first clause "应当……及时报告本网络中接入单位和用户的变更情况".
Rows are matched by what says which customer they are (beiantool.lists.Kind.match: the domain
of a hosted user, the name of an access unit; the domain, IP or name in the IDC tables), so a
re-sorted export or a list moved from the YAML into a file is no change at all.
"""

from __future__ import annotations

from beiantool.lists import KINDS, Table


def _identity(table: Table, i: int) -> str:
    from beiantool.checks.lists import host_of

    for key in table.kind.match:
        value = table.values.get(key, [""] * len(table))[i]
        if value:
            return host_of(value) if key in ("url",) else value.strip()
    return ""


def _row(table: Table, i: int) -> dict[str, str]:
    return {table.title_of(k): table.values[k][i] for k in table.keys if k and table.values[k][i]}


def row_text(fields: dict[str, str]) -> str:
    return "，".join(f"{title} {value}" for title, value in fields.items())


def list_changes(old: dict[str, Table], new: dict[str, Table]) -> list[tuple[str, str, str, str, str]]:
    """(kind 新增|删除|变更, path, label, old text, new text) for every customer added, removed or changed."""
    out = []
    for key in KINDS:
        before, after = old.get(key), new.get(key)
        if before is None and after is None:
            continue
        label = KINDS[key].title
        old_rows = {_identity(before, i): i for i in range(len(before))} if before else {}
        new_rows = {_identity(after, j): j for j in range(len(after))} if after else {}
        old_rows.pop("", None)
        new_rows.pop("", None)
        for ident, i in old_rows.items():
            if ident not in new_rows:
                out.append(("删除", f"lists.{key}[{i}]", label, row_text(_row(before, i)), ""))
        for ident, j in new_rows.items():
            if ident not in old_rows:
                out.append(("新增", f"lists.{key}[{j}]", label, "", row_text(_row(after, j))))
            else:
                a, b = _row(before, old_rows[ident]), _row(after, j)
                if a != b:
                    out.append(("变更", f"lists.{key}[{j}]", f"{label}（{ident}）", row_text(a), row_text(b)))
    return out
