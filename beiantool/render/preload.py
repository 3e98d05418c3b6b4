"""Imported by the fork server of a batch (render.many.PRELOAD), and by nothing else: it ties the fork server's life
to the command's, and does once what every worker would otherwise do on its first file. (Nothing is loaded for the
workbooks: they are written without openpyxl, render/xlsxwrite.py.)
"""

from beiantool.base import forklife  # noqa: F401 - the fork server dies with the command


def warm() -> None:
    """First-use work, done here once and shared by every worker forked from here (copy-on-write): the font a
    render without --font uses (parsed: some 0.15 s), the built-in rule sets, and
    phonenumbers' data for China. A worker's first file then costs what its others do, where it cost some
    0.6 s more. Nothing here may stop the fork server: whatever fails is left for the worker to meet (and report).
    The caches are read, never written here: the fork server may be killed at any moment (it has no handlers) and
    must leave no temporary file behind; a worker writes what was missing, as without this."""
    import contextlib

    from beiantool import rules
    from beiantool.base import cachedir
    from beiantool.render.fonts import parse_ahead

    with cachedir.reading_only():
        with contextlib.suppress(Exception):
            parse_ahead()  # parsed, not registered: a fallback font registered here would be in every worker's PDFs
        for ruleset_id in rules.builtin_ids():
            with contextlib.suppress(Exception):
                rules.load(ruleset_id)
        with contextlib.suppress(Exception):
            from beiantool.checks.verdicts import parse_phone  # phonenumbers itself: its data for China

            parse_phone("0575-85123456")


warm()
