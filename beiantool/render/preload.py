"""Imported by the fork server of a batch (render.many.PRELOAD), and by nothing else.

The fork server imports module names only; openpyxl must be loaded as the writers load it
(xlsxlib.load: without numpy and Pillow, which a plain ``import openpyxl`` would bring into
every worker: numpy alone is some 14 MB), so this module does that when imported.
"""

from beiantool.render import xlsxlib

xlsxlib.load()
