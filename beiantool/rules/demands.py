"""What a rule set's forms demand: the fields their own required marks (the source's *) ask for.

Worked out from the rule set's filing (which forms, when) and the form layouts the renderer and
`beiantool platform` read; a compiled rule set (rules/compiled.py) carries the result.
"""

from __future__ import annotations

from beiantool.packet.conditions import Condition
from beiantool.rules.model import RuleSet


def _chosen(ruleset: RuleSet) -> list:
    filing = ruleset.filing
    chosen = [(c.layout, c.when, False) for c in filing.forms] if filing.forms else \
        [(filing.layout, None, False)] if filing.layout else []
    return chosen + [(c.layout, c.when, True) for c in filing.site_forms or []]


def layouts_of(ruleset: RuleSet) -> list[str]:
    """The form layouts whose required marks :func:`form_demands_of` reads."""
    return list(dict.fromkeys(layout for layout, when, _ in _chosen(ruleset) if _as_field_conditions(when) is not None))


def form_demands_of(ruleset: RuleSet) -> tuple:
    from beiantool.checks.required import form_demands

    filing = ruleset.filing
    out: list = []
    for layout, when, per_site in _chosen(ruleset):
        conditions = _as_field_conditions(when)
        if conditions is None:
            continue  # a condition only the checklist can judge: its form's fields stay the rule set's S005 list
        for field in form_demands(layout, per_site):
            when = {**(field.when.fields if field.when else {}), **conditions[0]}
            unless = {**(field.unless.fields if field.unless else {}), **conditions[1]}
            out.append(field.model_copy(update={"when": Condition(fields=when) if when else None,
                                                "unless": Condition(fields=unless) if unless else None}))
    if filing.form_per == "site" and filing.form:
        from beiantool.checks.required import Field_

        # a form filled per website: with no website there is nothing to fill its website rows from
        out.append(Field_(path="sites", form=f"{ruleset.name}的《{filing.form}》以网站为单位填写（每个网站一张），没有网站时表上的网站栏目"
                                             "只能空着。有网站请在 sites 下填写；没有网站的单位请向受理机关确认要填哪张表"))
    return tuple(out)


def _as_field_conditions(when) -> "tuple[dict, dict] | None":
    """A form's `when` as (when, unless) of packet fields, or None if it names something else."""
    if when is None:
        return {}, {}
    given = when.model_dump(exclude_none=True)
    plain = {"unit_type": ("when", "unit.type"), "not_unit_type": ("unless", "unit.type"),
             "service_nature": ("when", "unit.service_nature"), "not_service_nature": ("unless", "unit.service_nature")}
    out: tuple[dict, dict] = ({}, {})
    for key, value in given.items():
        if key in plain:
            side, path = plain[key]
            out[side == "unless"][path] = list(value)
        elif key in ("fixed_ip", "has_sites"):
            out[0][key] = [value]
        elif key == "fields":
            out[0].update(value)
        else:
            return None
    return out
