"""`beiantool checklist`: what to bring, for a city or for one packet."""


import sys
from pathlib import Path
from typing import Optional

import typer

from beiantool.base.errors import EXIT_OK, UsageError
from beiantool.cli.guard import guarded, refuse_unprintable, say_kept
from beiantool.cli.options import ListFormat


@guarded
def checklist(
    file: Optional[Path] = typer.Argument(None, help="备案 YAML 文件；给出时只列本单位需要的材料。", show_default=False, metavar="[文件]"),
    city: Optional[str] = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", metavar="规则文件", help="用自己的规则文件代替 --city。"),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、json、md 或 xlsx。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（xlsx 必须指定）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时替换（原文件另存为 .bak）。"),
) -> int:
    """列出备案要带的材料：份数、盖章签字、受理机关、备案期限和预计审查日期。"""
    from beiantool import api
    from beiantool.render import checklist_out

    if fmt is ListFormat.xlsx and output is None:
        raise UsageError("xlsx 格式需要用 -o 指定输出文件。", "如：beiantool checklist 备案.yaml -f xlsx -o 材料清单.xlsx")
    if output is not None:
        from beiantool.base.safeio import check_file_target

        check_file_target(output, force)  # refuse before any work
    try:
        if file is not None:  # what the checklist prints (unit, sites, offices) must be printable
            bad = api.validate_file(file, city, rules_file=rules_file).unprintable
            if bad:
                if fmt is ListFormat.json and output is None:
                    import json

                    print(json.dumps({"ok": False, "error": None, "problems": [p.to_dict() for p in bad]}, ensure_ascii=False, indent=2))
                return refuse_unprintable(file, bad, "未生成材料清单")
        result = api.make_checklist(file, city, rules_file)
    except UsageError as exc:
        if fmt is ListFormat.json and output is None:
            from beiantool.cli.report import usage_json

            print(usage_json(exc))
        raise
    if fmt is ListFormat.xlsx:
        content = checklist_out.xlsx_bytes(result)
    else:
        text = {"text": checklist_out.to_text, "md": checklist_out.to_markdown, "json": checklist_out.to_json}[fmt.value](result)
        content = text if text.endswith("\n") else text + "\n"
        if output is None:
            from beiantool.base.privacy import escape_controls

            sys.stdout.write(escape_controls(content) if fmt is not ListFormat.json else content)
            return EXIT_OK
    from beiantool.base.safeio import write_file

    write_file(output, content, force, say_kept)
    print(f"已写入 {output}")
    return EXIT_OK


COMMANDS = (
    (checklist, "示例：beiantool checklist --city shaoxing　　beiantool checklist 备案.yaml -f xlsx -o 清单.xlsx"),
)
