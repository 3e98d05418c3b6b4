"""The one condition language: checklist items, forms and required fields are judged by one evaluator."""

from __future__ import annotations

from beiantool.checks.required import Field_, RequiredParams
from beiantool.packet.conditions import Condition, describe, holds

COMPANY_FIXED = {"unit": {"type": "company", "service_nature": ["icp"]}, "network": {"ip_ranges": ["202.96.100.1-202.96.100.14"]}}
PERSON_DYNAMIC = {"unit": {"type": "individual"}, "network": {"ip_ranges": ["dynamic"]}}


def test_a_required_fields_path_form_is_the_fields_clause():
    field = Field_.model_validate({"path": "county", "when": {"fixed_ip": [True]}, "unless": {"unit.type": ["individual"]}})
    assert field.when == Condition(fields={"fixed_ip": [True]})
    assert field.unless == Condition(fields={"unit.type": ["individual"]})
    assert holds(field.when, COMPANY_FIXED) is True and holds(field.when, PERSON_DYNAMIC) is False
    assert holds(field.unless, PERSON_DYNAMIC) is True and holds(field.unless, COMPANY_FIXED) is False


def test_the_fields_clause_and_the_named_facts_agree():
    for packet in (COMPANY_FIXED, PERSON_DYNAMIC):
        assert holds(Condition(fields={"fixed_ip": [True]}), packet) == holds(Condition(fixed_ip=True), packet)
        assert holds(Condition(fields={"unit.type": ["individual"]}), packet) == holds(Condition(unit_type=["individual"]), packet)
    assert holds(Condition(fields={"unit.service_nature": ["icp"]}), COMPANY_FIXED) is True  # any item of a list field


def test_parameters_survive_the_merge_of_a_rule_set_with_its_parent():
    """rules merges a parent's parameters by dumping them (exclude_unset) and validating them again."""
    params = RequiredParams.model_validate({"fields": [{"path": "county", "when": {"fixed_ip": [True]}}, "unit.name"]})
    again = RequiredParams.model_validate(params.model_dump(exclude_unset=True))
    assert again == params


def test_describe_says_the_fields_clause():
    assert describe(Condition(fields={"network.isp": ["other"]})) == "network.isp 为 other"
    assert describe(Condition()) == "所有备案者（单位和个人）"
