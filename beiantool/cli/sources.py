"""`beiantool sources`: the sentences that are beiantool's own, not a source's, for a reviewer to check."""


import typer

from beiantool.base.errors import EXIT_OK
from beiantool.cli import present
from beiantool.cli.guard import guarded
from beiantool.cli.site import SheetFormat


@guarded
def sources(fmt: SheetFormat = typer.Option(SheetFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、md 或 json。")) -> int:
    """列出 beiantool 自己的话：规则集、平台说明、表格和责任书中没有来源段落支持的每一句（推定、国家标准、自拟）。"""
    from beiantool.render.notice import own_words as notice_words
    from beiantool.rules.own_words import collect

    present.own_words(collect() + notice_words(), fmt.value)
    return EXIT_OK


COMMANDS = (
    (sources, "示例：beiantool sources　　beiantool sources -f json"),
)
