"""Every fixture case of every code: the packet must yield exactly the expected places."""

from __future__ import annotations

import pytest
import yaml

from beiantool import api
from beiantool.packet import yamlread
from tests.conftest import FIXTURES, packet_text


def _cases():
    for path in sorted((FIXTURES / "checks").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            yield pytest.param(spec["code"], case, id=f"{spec['code']}-{case['name']}")


@pytest.mark.parametrize("code,case", list(_cases()))
def test_case(code, case, tmp_path):
    if "files" in case or "links" in case:  # attachments: made on the fly beside the packet file (../ leads out of its folder)
        import os

        from tests.attachment_files import make

        folder = tmp_path / "packet"
        folder.mkdir()
        for name, spec in case.get("files", {}).items():
            make(folder / name, spec)
        for name, target in case.get("links", {}).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, folder / name)
        packet = folder / f"{code}.yaml"
        packet.write_text(packet_text(case).replace("{tmp}", str(folder)), encoding="utf-8")
        doc = yamlread.load(packet)
    else:
        doc = yamlread.load_text(packet_text(case), f"{code}.yaml")
    report = api.validate_document(doc, case.get("city"))
    found = [p for p in report.problems if p.code == code]
    expected = [e if isinstance(e, dict) else {"path": e} for e in case["expect"]]
    assert sorted(p.path_text for p in found) == sorted(e["path"] for e in expected), [p.message for p in found]
    for want in expected:
        got = next(p for p in found if p.path_text == want["path"])
        assert got.message and got.line and got.column
        for key in ("line", "column", "severity"):
            if key in want:
                assert got.to_dict()[key] == want[key]
        for fragment in want.get("says", []):
            assert fragment in got.message
        for fragment in want.get("never", []):  # e.g. a whole ID number, which must never reach the screen
            assert fragment not in got.message
