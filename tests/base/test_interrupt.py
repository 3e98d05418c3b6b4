"""The signal handler's rule, without processes: where a signal raises and where it is only noted."""

from __future__ import annotations

import signal

import pytest

from beiantool.base import interrupt


@pytest.fixture
def fresh(monkeypatch):
    for name, value in (("_pending", None), ("_depth", 0), ("_live", False), ("_finishing", False), ("_settled", False)):
        monkeypatch.setattr(interrupt, name, value)
    monkeypatch.setattr(interrupt, "_start_watchdog", lambda: None)  # no timer thread in a unit test
    return interrupt


def test_a_signal_in_a_live_command_stops_it(fresh):
    fresh._live = True
    with pytest.raises(interrupt.Interrupted) as caught:
        fresh._handler(signal.SIGTERM, None)
    assert caught.value.signum == signal.SIGTERM


def test_a_signal_inside_deferred_is_only_noted(fresh):
    fresh._live = True
    with fresh.deferred():
        fresh._handler(signal.SIGINT, None)
    assert fresh.pending() == signal.SIGINT


def test_a_signal_after_the_packet_was_published_does_not_undo_what_was_said(fresh):
    # the soak once saw the whole summary and 下一步, then 已中断 and exit 143: the signal came after the
    # render left its deferred() region, while the command was returning its result
    fresh._live = True
    fresh.finishing()
    fresh._handler(signal.SIGTERM, None)  # no raise: the command ends with its own code and words
    assert fresh.pending() == signal.SIGTERM
