"""Typer's and Click's own words, in Chinese.

Typer's help panels live in typer.rich_utils, which Typer imports only to show
help or an error: importing it eagerly would cost every command ~100 ms, so it
is patched by a one-shot import hook instead. Click's usage line, help option
and usage errors are translated too (beiantool.libtext; anything unmatched is
shown in a Chinese sentence with Click's words in parentheses). Typer's vendored click is private API, so a change there can only
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


def _translate_click(message: str) -> str:
    from beiantool.libtext import click_message

    return click_message(message)


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


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from beiantool.libtext import warning_text

    print(warning_text(message, category), file=sys.stderr)


def install() -> None:
    """Chinese help text: Typer's rich panels (on import) and click's usage line and help option;
    a library's warning printed as one Chinese line (beiantool.libtext), not Python's English."""
    import warnings

    warnings.showwarning = _show_warning
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


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell(value) -> str:
    from typer._completion_shared import _get_shell_name

    return value if isinstance(value, str) else (_get_shell_name() or "")


def install_completion(ctx, param, value):
    """--install-completion with Chinese words: Typer's own callback answers in English."""
    if not value or ctx.resilient_parsing:
        return value
    import typer

    from beiantool.libtext import os_reason

    shell = _shell(value)
    if shell not in SHELLS:
        print(_translate_click(f"Shell {shell} is not supported."), file=sys.stderr)
        raise typer.Exit(2)
    from typer._completion_shared import install

    try:
        shell, path = install(shell=shell)
    except OSError as exc:
        print(f"错误：无法安装命令补全（{os_reason(exc)}）。", file=sys.stderr)
        raise typer.Exit(2) from None
    print(f"已为 {shell} 安装命令补全：{path}")
    print("重新打开终端后生效。")
    raise typer.Exit(0)


def show_completion(ctx, param, value):
    """--show-completion: the script itself (shell code), or a Chinese line for a shell Typer does not know."""
    if not value or ctx.resilient_parsing:
        return value
    import typer
    from typer.completion import show_callback

    if _shell(value) not in SHELLS:
        print(_translate_click(f"Shell {_shell(value)} is not supported."), file=sys.stderr)
        raise typer.Exit(2)
    return show_callback(ctx, param, value)
