"""beiantool.base.libtext: every library's words reach the user in Chinese; an unknown one keeps its original in parentheses."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
import warnings

import pytest

from beiantool.base import libtext

HAN = re.compile("[\u4e00-\u9fff]")


@pytest.mark.parametrize("text,fragment", [
    ("did not find expected node content", "缺少值"),
    ("mapping values are not allowed here", "键: 值"),
    ("something PyYAML says one day", "原文：something PyYAML says one day"),
])
def test_yaml_problems(text, fragment):
    assert fragment in libtext.yaml_problem(text) and HAN.search(libtext.yaml_problem(text))


@pytest.mark.parametrize("number,fragment", [(errno.ELOOP, "符号链接层数过多"), (errno.EACCES, "没有权限"), (errno.EHOSTDOWN, "原文")])
def test_os_reasons(number, fragment):
    reason = libtext.os_reason(OSError(number, "English words"))
    assert fragment in reason and HAN.search(reason)


@pytest.mark.parametrize("error,fragment", [
    ({"type": "string_type", "msg": "Input should be a valid string"}, "应为文字"),
    ({"type": "less_than_equal", "ctx": {"le": 20}, "msg": "Input should be less than or equal to 20"}, "不能大于 20"),
    ({"type": "brand_new_type", "msg": "Input should be shiny"}, "原文：Input should be shiny"),
])
def test_pydantic_errors(error, fragment):
    assert fragment in libtext.pydantic_error(error)


def test_click_messages():
    assert libtext.click_message("No such command 'x'.") == "没有命令 x。"
    unknown = libtext.click_message("A brand new Click sentence.")
    assert HAN.search(unknown) and "原文：A brand new Click sentence." in unknown


def test_a_librarys_warning_is_one_chinese_line(capsys, monkeypatch):
    from beiantool.cli import zh as cli_zh

    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)  # restored after the test
    cli_zh.install()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("something odd in a library", UserWarning)
    err = capsys.readouterr().err
    assert err.startswith("提示：") and "原文：UserWarning: something odd in a library" in err and "line" not in err


def test_reader_failures():
    assert "解压炸弹" in libtext.reader_failure(type("DecompressionBombError", (Exception,), {})("Image size (400000000 pixels)"))
    assert "不完整" in libtext.reader_failure(OSError("image file is truncated (3 bytes not processed)"))
    assert "原文" in libtext.reader_failure(KeyError("odd"))


def test_the_command_line_shows_no_python_warning_in_english(tmp_path):
    """The installed hook, in a real process: a warning raised while a command runs comes out in Chinese."""
    code = ("import warnings, sys; from beiantool.cli import zh as cli_zh; cli_zh.install(); "
            "warnings.warn('Image size (100 pixels) exceeds limit', __import__('PIL.Image').Image.DecompressionBombWarning)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stderr.startswith("提示：") and "exceeds limit" not in proc.stderr


def test_a_csv_readers_complaint_reaches_the_user_in_chinese(tmp_path):
    """A list file with a 200 KB cell: Python's csv says "field larger than field limit"; the user reads Chinese."""
    import shutil

    from typer.testing import CliRunner

    from beiantool.cli import app
    from tests.conftest import EXAMPLES

    folder = tmp_path / "idc"
    shutil.copytree(EXAMPLES / "idc", folder)
    (folder / "虚拟主机用户.csv").write_text("网址,负责人,联系方式\n\"" + "a" * 200_000 + "\",张三,13900000000\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(folder / "idc.yaml")])
    assert result.exit_code == 2 and "内容过长" in result.output and "field limit" not in result.output


def test_a_pdf_reader_failure_is_chinese_and_never_shows_a_python_object():
    # seen on screen: A806 …（原文：PdfError: stream <_io.BytesIO object at 0x7f2f9b1ca2a0>: can't find startxref）
    import io

    import pikepdf

    for data, recovery in ((b"%PDF-1.4\nhello", False), (b"not a pdf at all", True), (b"%PDF-1.7\n" + b"x" * 64, False)):
        try:
            pikepdf.open(io.BytesIO(data), attempt_recovery=recovery)
        except Exception as exc:  # noqa: BLE001 - whatever qpdf raises is the input here
            said = libtext.reader_failure(exc)
        else:
            raise AssertionError("pikepdf read a broken PDF")
        assert "object at 0x" not in said and "原文" not in said, said
        assert "PDF" in said
