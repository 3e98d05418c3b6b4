"""`beiantool validate` and `beiantool cities`: a packet against its rule set, and the rule sets."""


from pathlib import Path
from typing import Optional

import typer

from beiantool.base.errors import EXIT_OK, EXIT_PROBLEMS
from beiantool.cli import present
from beiantool.cli.guard import guarded, json_on_usage_error, progress, say, worker_count
from beiantool.cli.options import CITY, JOBS, QUIET, Format


@guarded
def validate(
    files: list[Path] = typer.Argument(..., help="备案 YAML 文件；可给多个文件或目录（目录中的 .yaml / .yml 文件逐个校验）。",
                                       show_default=False, metavar="文件"),
    city: Optional[str] = CITY,
    fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help="输出格式：text 或 json。"),
    strict: bool = typer.Option(False, "--strict", help="有警告也视为未通过（退出码 1）。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", metavar="规则文件", help="用自己的规则文件（可 extends 内置规则集）代替 --city。"),
    jobs: Optional[int] = JOBS,
    quiet: bool = QUIET,
) -> int:
    """按城市规则集校验备案文件。退出码：0 通过，1 有错误，2 文件或参数无法使用，3 内部错误。"""
    from beiantool import api

    if len(files) == 1 and not files[0].is_dir():
        with json_on_usage_error(fmt):
            report = api.validate_file(files[0], city, rules_file=rules_file)
        present.validation(report, fmt, strict, quiet)
        return EXIT_OK if report.passed(strict) else EXIT_PROBLEMS
    with json_on_usage_error(fmt):
        found, skipped = api.find_packets(files)
        present.skipped(skipped, fmt is Format.json)
        with progress(len(found), quiet or fmt is Format.json, "校验") as tick:
            outcomes = api.validate_many(found, city, rules_file, jobs=worker_count(jobs), on_done=tick)
    return present.validation_many(outcomes, fmt, strict, quiet, skipped)


@guarded
def cities(fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help="输出格式：text 或 json。")) -> int:
    """列出内置的城市规则集、受理机关和来源。"""
    from beiantool import api

    sets, bad = api.list_rulesets_checked()
    for message in bad:
        say(f"提示：规则目录中有无法使用的规则文件：{message}")
    if fmt is Format.json:
        import json

        print(json.dumps(present.rule_sets_json(sets), ensure_ascii=False, indent=2))
    else:
        present.rule_sets_text(sets)
    return EXIT_OK


COMMANDS = (
    (validate, "示例：beiantool validate 备案.yaml　　beiantool validate 客户/*.yaml 存档目录/ -f json --strict"),
    (cities, "示例：beiantool cities　　beiantool cities -f json"),
)
