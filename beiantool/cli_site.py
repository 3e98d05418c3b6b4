"""Commands about websites on the national platform: footer, platform, change.

Registered on the same Typer app as the others (imported at the end of beiantool.cli).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from beiantool.cli import _say, app, guarded
from beiantool.errors import EXIT_OK, EXIT_PROBLEMS

CITY = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码（默认取文件中的 city）。")
SITE = typer.Option(None, "--site", "-s", metavar="网站", help="只处理一个网站：序号（从 1 起）或它的一个域名。")


class FooterFormat(str, Enum):
    html = "html"
    json = "json"


class SheetFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@app.command(epilog="示例：beiantool footer 备案.yaml　　beiantool footer 备案.yaml --site www.example.cn --icon /img/beian.png")
@guarded
def footer(
    file: Path = typer.Argument(..., help="备案 YAML 文件（网站的 police_number 填好公安备案号）。", show_default=False, metavar="文件"),
    site: Optional[str] = SITE,
    icon: str = typer.Option("beian-icon.png", "--icon", metavar="地址", help="备案图标在你网站上的地址（图标从平台登录后下载）。"),
    fmt: FooterFormat = typer.Option(FooterFormat.html, "--format", "-f", case_sensitive=False, help="输出格式：html 或 json。"),
    city: Optional[str] = CITY,
) -> int:
    """生成网站首页底部的备案信息 HTML：ICP 备案号链接到工信部查询，公安备案号带图标，链接到平台的查询页。"""
    from beiantool.footer import FooterRefused, make

    try:
        made, skipped, warnings = make(file, site, city)
    except FooterRefused as refused:
        for p in refused.problems:
            _say(f"{file}:{p.line or '-'}:{p.column or '-'}：错误 {p.code}  {p.message}")
        _say("备案号有错误，未生成首页代码。请照平台和工信部备案系统上的原样改正后重试。")
        return EXIT_PROBLEMS
    for p in warnings:
        _say(f"{file}:{p.line or '-'}:{p.column or '-'}：警告 {p.code}  {p.message}")
    for why in skipped:
        _say(f"提示：{why}")
    if fmt is FooterFormat.json:
        import json

        print(json.dumps({"ok": bool(made), "footers": [f.to_dict(icon) for f in made], "skipped": skipped}, ensure_ascii=False, indent=2))
    elif made:
        print("\n\n".join(f.html(icon) for f in made))
        _say(f"把上面的代码放在网站首页的底部；备案图标请从全国互联网安全管理服务平台登录后下载，放到网站上，地址与 src（现为 {icon}）一致（可用 --icon 指定）。")
    return EXIT_OK if made else EXIT_PROBLEMS


@app.command(epilog="示例：beiantool platform 备案.yaml　　beiantool platform 备案.yaml --site 2 -f md -o 平台填写清单.md")
@guarded
def platform(
    file: Path = typer.Argument(..., help="备案 YAML 文件。", show_default=False, metavar="文件"),
    site: Optional[str] = SITE,
    fmt: SheetFormat = typer.Option(SheetFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、md 或 json。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（身份证号完整写出，屏幕上则遮住中间几位）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
    city: Optional[str] = CITY,
) -> int:
    """列出每个网站在全国公安机关互联网站安全服务平台上要填的栏目和要粘贴的内容，以及平台上的步骤。"""
    import json

    from beiantool import platform as sheet_mod

    result = sheet_mod.make(file, site, city)
    masked = output is None
    if fmt is SheetFormat.json:
        content = json.dumps(sheet_mod.to_dict(result, masked), ensure_ascii=False, indent=2) + "\n"
    elif fmt is SheetFormat.md:
        content = sheet_mod.markdown(result)
    else:
        content = "\n".join(sheet_mod.text_lines(result)) + "\n"
    if output is not None:
        from beiantool.safeio import write_file

        write_file(output, content, force)
        _say(f"已写入 {output}（含完整身份证号，请妥善保管）。")
    else:
        print(content, end="")
    if result.errors and fmt is not SheetFormat.json:
        _say(f"提示：备案文件还有 {result.errors} 个错误，先运行 beiantool validate {file} 改正，再到平台填写。")
    if result.missing:
        _say(f"有 {result.missing} 个必填栏目是空的（见上面的“错误”），补上后再到平台提交。")
        return EXIT_PROBLEMS
    return EXIT_OK
