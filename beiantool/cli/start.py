"""`beiantool init` and `beiantool schema`: a packet to start from, and the packet's JSON Schema."""


import sys
from pathlib import Path
from typing import Optional

import typer

from beiantool.base.errors import EXIT_OK
from beiantool.cli.guard import guarded, say_kept

STARTER_CITY = "shaoxing"  # api.STARTER_CITY, written out: the command line loads api only when a command runs


@guarded
def init(
    city: str = typer.Option(STARTER_CITY, "--city", "-c", metavar="城市", help="城市规则集代码。"),
    kind: str = typer.Option(
        "company", "--type", "-t",
        help="备案主体：company 企业 | government 政府机关 | institution 事业单位 | social_org 社会团体 | individual 个人 | other 其他。",
    ),
    output: Path = typer.Option(Path("beian.yaml"), "--output", "-o", metavar="文件", help="写到哪个文件。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时替换（原文件另存为 .bak）。"),
) -> int:
    """生成一份带中文注释的备案文件模板（按城市和备案主体；〔〕中的占位文字换成真实信息）。"""
    from beiantool import api

    path = api.write_starter(output, city, force, kind, say_kept)
    print(f"已生成 {path}。请按注释填写后运行：beiantool validate {path}")
    return EXIT_OK


@guarded
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（默认输出到屏幕）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时替换（原文件另存为 .bak）。"),
) -> int:
    """输出备案文件的 JSON Schema（可用于编辑器的自动补全和校验）。"""
    import json

    from beiantool import api

    if output is not None:
        from beiantool.base.safeio import check_file_target

        check_file_target(output, force)
    text = json.dumps(api.packet_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        from beiantool.base.safeio import write_file

        write_file(output, text, force, say_kept)
        print(f"已写入 {output}")
    return EXIT_OK


COMMANDS = (
    (init, "示例：beiantool init --city shaoxing --type company -o 备案.yaml"),
    (schema, "示例：beiantool schema -o beian.schema.json"),
)
