"""A crash log's path is printed on screen, where ID-shaped digit runs are masked: its name must never look like one."""

from __future__ import annotations

import datetime
import tempfile

from beiantool import privacy


class _Clock(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 30, 11, 25, 58)


def test_crash_log_name_survives_screen_masking(monkeypatch, tmp_path):
    monkeypatch.setenv("BEIANTOOL_LOG_DIR", str(tmp_path))
    monkeypatch.setattr(datetime, "datetime", _Clock)
    # random parts mkstemp can draw: one digit (with the date and time it made a 15-digit run, read as an
    # old ID: a crash at 11:25:58 printed its log as 202611**-***558…), all digits, digits around an underscore
    names = iter(["7abcdefg", "12345678", "1234_567"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    for _ in range(3):
        path = privacy.write_crash_log(RuntimeError("x"), "0")
        assert path.startswith(str(tmp_path))
        assert privacy.screen(path) == path, path
