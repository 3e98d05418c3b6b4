"""Typer's and Click's own words, in Chinese.

Typer's help panels live in typer.rich_utils, which Typer imports only to show
help or an error: importing it eagerly would cost every command ~100 ms, so it
is patched by a one-shot import hook instead. Click's usage line, help option
and common usage errors are translated too; anything unmatched stays as Click
wrote it. Typer's vendored click is private API, so a change there can only
bring English back, never break a command.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys


def _patch_rich_utils(ru) -> None:
    """Typer's own words in the help screens, in Chinese."""
    ru.ARGUMENTS_PANEL_TITLE = "参数"
    ru.OPTIONS_PANEL_TITLE = "选项"
    ru.COMMANDS_PANEL_TITLE = "命令"
    ru.ERRORS_PANEL_TITLE = "错误"
    ru.DEFAULT_STRING = "[默认：{}]"
    ru.REQUIRED_LONG_STRING = "[必填]"
    ru.ENVVAR_STRING = "[环境变量：{}]"
    ru.ABORTED_TEXT = "已中止。"
    ru.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    parameter_help = ru._get_parameter_help

    def one_paragraph(**kwargs):
        """Help, default and [必填] as one wrapping text: Typer's Columns cut CJK text off with “…” at 80 columns."""
        from rich.text import Text

        rendered = parameter_help(**kwargs)
        parts = list(getattr(rendered, "renderables", [rendered]))
        if parts and all(isinstance(p, Text) for p in parts):
            joined = Text(" ").join(parts)
            joined.overflow = "fold"
            return joined
        return rendered

    ru._get_parameter_help = one_paragraph
    command_help = ru._make_command_help

    def folding_command_help(**kwargs):
        rendered = command_help(**kwargs)
        if hasattr(rendered, "overflow"):
            rendered.overflow = "fold"  # CJK has no spaces to wrap at: fold, never cut off with “…”
        return rendered

    ru._make_command_help = folding_command_help
    original = ru.rich_format_error

    def chinese_error(error) -> None:
        message = _translate_click(error.format_message())
        error.format_message = lambda: message
        original(error)

    ru.rich_format_error = chinese_error


# Click's usage errors, in Chinese (anything not matched is shown as Click wrote it)
_CLICK_ZH = [
    (r"^No such option: (\S+)(?:\s*\(Possible options: (.*)\))?$", lambda m: f"没有选项 {m[1]}。" + (f"可能是：{m[2]}" if m[2] else "")),
    (r"^Missing argument '([^']+)'\.", lambda m: f"缺少参数 {m[1]}。"),
    (r"^Missing option '([^']+)'(?: / '([^']+)')?\.", lambda m: f"缺少选项 {m[1]}" + (f"（{m[2]}）" if m[2] else "") + "。"),
    (r"^Invalid value for '([^']+)'(?: / '([^']+)')?: (?:Value error, )?'(.*)' is not one of (.*)\.$", lambda m: f"选项 {m[1]} 的值“{m[3]}”无效，可选：{m[4]}。"),
    (r"^Invalid value for '([^']+)'(?: / '([^']+)')?: (.*)$", lambda m: f"选项 {m[1]} 的值无效：{m[3]}"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", lambda m: f"多余的参数：{m[1]}。"),
    (r"^No such command '([^']+)'\.(?: Did you mean (.*)\?)?$", lambda m: f"没有命令 {m[1]}。" + (f"是不是想用 {m[2]}？" if m[2] else "")),
    (r"^Option '([^']+)' requires an argument\.$", lambda m: f"选项 {m[1]} 后面需要一个值。"),
]


def _translate_click(message: str) -> str:
    for pattern, build in _CLICK_ZH:
        m = re.match(pattern, message.strip())
        if m:
            return build(m)
    return message


class _OnImport(importlib.abc.MetaPathFinder):
    """Patch typer.rich_utils when Typer first imports it (help and error screens only):
    importing it eagerly would cost every command ~100 ms."""

    def find_spec(self, name, path, target=None):
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            execute = spec.loader.exec_module

            def exec_module(module):
                execute(module)
                _patch_rich_utils(module)

            spec.loader.exec_module = exec_module
        return spec


def install() -> None:
    """Chinese help text: Typer's rich panels (on import) and click's usage line and help option."""
    if "typer.rich_utils" in sys.modules:
        _patch_rich_utils(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _OnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _OnImport())
    try:  # Typer's vendored click: private, so a change there only brings English back
        from typer._click import core, formatting

        if getattr(core.Command.get_help_option, "_beiantool", False):
            return
        original = core.Command.get_help_option

        def get_help_option(self, ctx):
            option = original(self, ctx)
            if option is not None:
                option.help = "显示本帮助并退出。"
            return option

        get_help_option._beiantool = True
        from typer.core import TyperOption

        type_shown = TyperOption.display_type_rich

        def no_type_for_flags(self, ctx):  # a flag takes no value: no “<bool>” beside it
            return None if getattr(self, "is_flag", False) else type_shown(self, ctx)

        TyperOption.display_type_rich = no_type_for_flags
        from typer.core import TyperArgument

        TyperArgument.display_type_rich = lambda self, ctx: None  # its name (文件) already says what it is
        core.Command.get_help_option = get_help_option
        write_usage = formatting.HelpFormatter.write_usage

        def chinese_usage(self, prog, args="", prefix=None):
            args = re.sub(r"\{([^{}\s]+)\}", r"\1", args)  # a required argument reads 文件, not {文件}
            return write_usage(self, prog, args, "用法：" if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = chinese_usage
    except (ImportError, AttributeError):
        pass
