"""The stage timer: nothing recorded (and one shared do-nothing context) unless turned on; inner stages
are counted once; a batch's processes write their totals to a folder, which adds them up."""

from __future__ import annotations

import json
import time

import pytest

from beiantool.base import stages


@pytest.fixture
def timer(monkeypatch):
    monkeypatch.setattr(stages, "_on", False)
    monkeypatch.setattr(stages, "_folder", None)
    monkeypatch.setattr(stages, "_totals", {})
    monkeypatch.setattr(stages, "_stack", [])
    return stages


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_off_it_records_nothing_and_makes_nothing(timer):
    first, second = timer.stage("pdf"), timer.stage("docx")
    assert first is second  # the one shared null context: no object made per call
    with first:
        _spin(0.01)
    timer.add("worker start", 1.0, 1.0)
    timer.flush()
    assert timer.totals() == {}


def test_on_each_stage_counts_its_own_time_and_an_inner_stage_only_once(timer):
    timer.enable()
    with timer.stage("layout"):
        _spin(0.02)
        with timer.stage("pdf"):
            _spin(0.05)
    with timer.stage("pdf"):
        _spin(0.01)
    totals = timer.totals()
    assert set(totals) == {"layout", "pdf"} and totals["pdf"][2] == 2 and totals["layout"][2] == 1
    assert 0.055 <= totals["pdf"][0] < 0.1  # both pdf stages, not more
    assert 0.015 <= totals["layout"][0] < 0.05  # the outer stage without the inner one's 0.05 s
    assert all(wall >= cpu * 0.5 for cpu, wall, _n in totals.values())


def test_a_stage_that_raises_is_still_counted_and_closed(timer):
    timer.enable()
    with pytest.raises(ValueError):
        with timer.stage("read"):
            raise ValueError("bad packet")
    with timer.stage("validate"):
        pass
    assert timer.totals()["read"][2] == 1 and timer._stack == []


def test_the_environment_variable_turns_it_on_and_the_folder_adds_up_every_process(timer, tmp_path, monkeypatch):
    monkeypatch.setenv(stages.ENV, str(tmp_path))
    timer.configure()  # as a worker does when it starts
    assert timer.enabled()
    with timer.stage("xlsx"):
        _spin(0.01)
    timer.add("worker start", 0.5, 2.0)
    timer.flush()
    other = {"xlsx": [0.25, 0.5, 3], "bundle": [1.0, 1.5, 1]}  # another worker's file
    (tmp_path / "stages-1.json").write_text(json.dumps(other), encoding="utf-8")
    (tmp_path / "unrelated.json").write_text("{}", encoding="utf-8")
    summed = timer.collect(str(tmp_path))
    assert summed["bundle"] == (1.0, 1.5, 1) and summed["worker start"] == (0.5, 2.0, 1)
    assert summed["xlsx"][2] == 4 and summed["xlsx"][0] >= 0.26


def test_a_folder_that_cannot_be_written_is_no_error(timer, tmp_path, monkeypatch):
    monkeypatch.setenv(stages.ENV, str(tmp_path / "missing"))
    timer.configure()
    with timer.stage("pdf"):
        pass
    timer.flush()  # no folder: nothing written, nothing raised
    assert not (tmp_path / "missing").exists()
