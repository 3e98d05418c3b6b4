"""The command line: a thin Typer layer over beiantool.api and beiantool.render.

One module per command group (validate, checklist, render, start, site, sources), what they print in
present.py and report.py, how each runs in guard.py. The commands are registered here, in
the order `beiantool --help` lists them.
"""


import os
import sys

import typer

from beiantool import __version__
from beiantool.cli import checklist, render, site, sources, start, validate
from beiantool.cli import zh as cli_zh
from beiantool.cli.guard import install_signals

app = typer.Typer(
    name="beiantool",
    help="公安联网备案（计算机信息网络国际联网单位备案）材料的校验与生成工具。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # re-added below with Chinese help
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        print(f"beiantool {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出。"),
    install_completion: bool = typer.Option(
        None, "--install-completion", callback=cli_zh.install_completion, expose_value=False, help="为当前 shell 安装命令补全。"
    ),
    show_completion: bool = typer.Option(
        None, "--show-completion", callback=cli_zh.show_completion, expose_value=False, help="显示当前 shell 的补全脚本，便于复制或自定义。"
    ),
) -> None:
    """公安联网备案材料的校验与生成工具。"""


for group in (validate, checklist, render, start, site, sources):
    for command, examples in group.COMMANDS:
        app.command(epilog=examples)(command)


def main() -> None:
    # the command line uses no pydantic plugins; looking for them reads every installed
    # package's entry points on each run (library users of beiantool.api are unaffected)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    install_signals()
    cli_zh.install()
    from beiantool.base import interrupt

    try:
        app()
    except BrokenPipeError:
        raise SystemExit(0) from None  # --help into `| head -1`: the reader has what it wanted
    except OSError as exc:  # printing --help, --version or a usage error failed (stdout on a full disk): not a bug
        from beiantool.base.errors import OutputFailed

        failed = OutputFailed("帮助或版本信息", exc)
        try:
            print(f"错误：{failed}", file=sys.stderr)
        except OSError:
            pass
        raise SystemExit(failed.exit_code) from None
    finally:
        interrupt.ignore_from_now()


if __name__ == "__main__":
    main()
