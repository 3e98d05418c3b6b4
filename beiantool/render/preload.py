"""Imported by the fork server of a batch (render.many.PRELOAD), and by nothing else: it ties the fork server's life
to the command's. (The workbooks are written without openpyxl: render/xlsxwrite.py; nothing to load for them.)"""

from beiantool.base import interrupt

# The fork server dies with the command that started it, whatever kills the command (SIGKILL too); its workers
# die with the fork server (batch._worker_main): no worker goes on writing files for a command that is gone.
interrupt.die_with_parent()
