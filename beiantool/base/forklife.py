"""Imported by a batch's fork server (as the first name of its preload list), and by nothing else.

The fork server dies with the command that started it, whatever kills the command (SIGKILL too), and
its workers die with the fork server (base/workers.py): no worker goes on for a command that is gone.
"""

from beiantool.base import interrupt

interrupt.die_with_parent()
