"""base/collector.py: the command and its workers collect garbage less often; beiantool as a library does not touch it."""

from __future__ import annotations

import json
import subprocess
import sys

from beiantool.base import collector

PROBE = """
import gc, sys
default = gc.get_threshold()
import beiantool.api, beiantool.render  # used as a library
as_library = gc.get_threshold()
import atexit, json
atexit.register(lambda: print(json.dumps([default, as_library, gc.get_threshold()]), file=sys.stderr))  # the command ends the process
from beiantool.__main__ import main
sys.argv = ["beiantool", "validate", "--help"]
main()
"""


def test_the_command_collects_less_often_and_the_library_leaves_the_setting_alone():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    default, as_library, command = json.loads(done.stderr.strip().splitlines()[-1])
    assert as_library == default and default[0] != collector.YOUNG  # importing beiantool changed nothing
    assert command[0] == collector.YOUNG


def test_a_batch_worker_collects_like_the_command(tmp_path):
    from beiantool.base import batch
    from tests.base import batch_probe

    results = batch.run(batch_probe.threshold, [(i,) for i in range(2)], 2, workers=batch.Workers(("tests.base.batch_probe",), None))
    assert {r[0] for r in results} == {collector.YOUNG}
