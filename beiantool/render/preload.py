"""Imported by the fork server of a batch (render.many.PRELOAD), and by nothing else: it ties the fork server's life
to the command's and loads openpyxl.

The fork server imports module names only; openpyxl must be loaded as the writers load it
(xlsxlib.load: without numpy and Pillow, which a plain ``import openpyxl`` would bring into
every worker: numpy alone is some 14 MB), so this module does that when imported.
"""

from beiantool.base import interrupt
from beiantool.render import xlsxlib

# The fork server dies with the command that started it, whatever kills the command (SIGKILL too); its workers
# die with the fork server (base/workers.py): no worker goes on writing files for a command that is gone.
interrupt.die_with_parent()
xlsxlib.load()
