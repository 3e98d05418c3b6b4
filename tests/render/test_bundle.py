"""打印合订本.pdf: order, copies, captions, bookmarks, page numbers, marks; originals untouched; all or nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from beiantool.cli import app
from beiantool.render.bundle import BUNDLE, MARK_TEXT
from tests.attachment_files import make
from tests.conftest import load_example

ID_ITEM = "本单位法人、信息网络安全主要负责人、计算机安全员或技术员身份证复印件各一份"


def _packet(folder, **extra):
    """The Baotou example with attachments built on the fly beside it."""
    make(folder / "scans" / "执照.jpg", {"image": [1654, 2339]})
    make(folder / "scans" / "id-front.jpg", {"image": [640, 404]})
    make(folder / "scans" / "id-back.png", {"image": [640, 404], "format": "PNG"})
    make(folder / "scans" / "certs.pdf", {"pdf_pages": 2})
    data = load_example("baotou")
    data["attachments"] = {
        "topology": "scans/执照.jpg",  # listed before the licence on purpose: the bundle follows the checklist
        "business_license": "scans/执照.jpg",
        "person_id_copies": [{"file": "scans/id-front.jpg", "whose": "legal"}, {"file": "scans/id-back.png", "whose": "officer2"}],
        "officer_certificates": "scans/certs.pdf",
        **extra,
    }
    path = folder / "beian.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _hashes(folder):
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in sorted((folder / "scans").iterdir())}


def _render(path, out, *args):
    return CliRunner().invoke(app, ["render", str(path), "-o", str(out), "-f", "pdf", *args])


def _pages_text(pdf):
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            for n in range(1, len(PdfReader(str(pdf)).pages) + 1)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    path = _packet(folder)
    before = _hashes(folder)
    result = _render(path, folder / "out")
    assert result.exit_code == 0, result.output
    return folder, folder / "out", before


def test_the_bundle_holds_every_pdf_then_the_attachments_in_checklist_order(rendered):
    folder, out, _ = rendered
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    parts = [f for f in manifest["files"] if f["format"] == "pdf" and f["kind"] not in ("bundle", "remarks")]
    bundle = next(f for f in manifest["files"] if f["kind"] == "bundle")
    # licence 1 page, the two ID sides share 1 page, certificates 2 pages, topology 1 page
    assert bundle["pages"] == sum(p["pages"] for p in parts) + 1 + 1 + 2 + 1
    titles = [o["/Title"] for o in PdfReader(str(out / BUNDLE)).outline]
    assert titles[: len(parts)][-1] == "材料清单"
    tail = titles[len(parts):]
    assert tail == ["组织机构代码证复印件或营业执照副本复印件", f"{ID_ITEM}（法人代表 郑四、第2名安全员 冯六）", "计算机安全员培训证书复印件",
                    "单位网络拓扑图（标明内部IP使用情况）"]
    texts = _pages_text(out / BUNDLE)
    total = len(texts)
    assert all(f"第 {n} 页 共 {total} 页" in t for n, t in enumerate(texts, 1))
    first = len(texts) - 5
    flat = ["".join(t.split()) for t in texts[first:]]
    assert flat[0].startswith("附件：组织机构代码证复印件或营业执照副本复印件")
    assert "法人代表郑四文件：scans/id-front.jpg" in flat[1] and "第2名安全员冯六文件：scans/id-back.png" in flat[1]
    assert all("附件：计算机安全员培训证书复印件" in f for f in flat[2:4])


def _marked(pdf) -> list[bool]:
    """Which of the last five pages carry the mark (pypdf reads rotated text whole; pdftotext scatters it)."""
    return [MARK_TEXT in page.extract_text() for page in PdfReader(str(pdf)).pages[-5:]]


def test_id_copies_are_marked_by_default_and_nothing_else(rendered):
    _, out, _ = rendered
    assert _marked(out / BUNDLE) == [False, True, False, False, False]


def test_the_originals_are_untouched_and_their_hashes_are_in_the_manifest(rendered):
    folder, out, before = rendered
    assert _hashes(folder) == before
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {(a["item"], a["file"]): a for a in manifest["attachments"]}
    assert listed[("person_id_copies", "scans/id-back.png")]["whose"] == "officer2"
    for (item, name), entry in listed.items():
        assert entry["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    assert listed[("officer_certificates", "scans/certs.pdf")]["pages"] == 2


def test_mark_copies_all_and_none(tmp_path):
    path = _packet(tmp_path)
    assert _render(path, tmp_path / "all", "--mark-copies", "all").exit_code == 0
    assert _render(path, tmp_path / "none", "--mark-copies", "none").exit_code == 0
    assert all(_marked(tmp_path / "all" / BUNDLE)) and not any(_marked(tmp_path / "none" / BUNDLE))


def test_same_packet_same_bytes(rendered, tmp_path):
    folder, out, _ = rendered
    again = tmp_path / "again"
    assert _render(folder / "beian.yaml", again).exit_code == 0
    assert (again / BUNDLE).read_bytes() == (out / BUNDLE).read_bytes()


def test_a_broken_attachment_refuses_the_whole_packet_and_a_draft_shows_it(tmp_path):
    path = _packet(tmp_path)
    make(tmp_path / "scans" / "half.jpg", {"truncated": {"image": [1600, 1200]}})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["attachments"]["topology"] = "scans/half.jpg"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    refused = _render(path, tmp_path / "out")
    assert refused.exit_code == 1 and "A806" in refused.stderr and not (tmp_path / "out").exists()
    draft = _render(path, tmp_path / "draft", "--draft")
    assert draft.exit_code == 0, draft.output
    last = "".join(_pages_text(tmp_path / "draft" / BUNDLE)[-1].split())
    assert "附件“scans/half.jpg”无法使用" in last


def test_a_packet_without_attachments_still_gets_its_bundle(tmp_path):
    data = load_example("shaoxing")
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _render(path, tmp_path / "out").exit_code == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    parts = sum(f["pages"] for f in manifest["files"] if f["format"] == "pdf" and f["kind"] not in ("bundle", "remarks"))
    assert len(PdfReader(str(tmp_path / "out" / BUNDLE)).pages) == parts and manifest["attachments"] == []


def test_an_item_asking_for_two_copies_is_printed_twice(tmp_path):
    """bundle.write, as a library call: a rule set whose item asks for 2 copies gets each file twice, each copy marked 第N份."""
    import dataclasses

    from beiantool import api
    from beiantool.render import bundle

    path = _packet(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ruleset = api.load_ruleset("baotou")
    twice = tuple(i.model_copy(update={"copies": 2}) if i.id == "topology" else i for i in ruleset.checklist)
    ruleset = dataclasses.replace(ruleset, checklist=twice)
    from beiantool.render.fonts import find_font

    font = find_font(None)
    total, used = bundle.write(tmp_path / "b.pdf", [], data, ruleset, tmp_path, font.name, "id", False, "合订本")
    titles = [o["/Title"] for o in PdfReader(str(tmp_path / "b.pdf")).outline]
    assert titles[-2:] == ["单位网络拓扑图（标明内部IP使用情况） 第1份", "单位网络拓扑图（标明内部IP使用情况） 第2份"]
    assert total == 1 + 1 + 2 + 2  # licence, the ID page, two certificate pages, the topology twice
    assert [u.item for u in used].count("topology") == 1  # the manifest lists a file once, however often it is printed


def test_a_file_swapped_after_validation_is_not_what_the_bundle_embeds(tmp_path, monkeypatch):
    """Read once: the PNG that validated is the PNG hashed and embedded, though it is replaced by text
    (or by another image) between validation and bundling; the manifest holds the validated bytes' hash."""
    from beiantool.render import build

    path = _packet(tmp_path)
    swapped = tmp_path / "scans" / "id-back.png"
    validated = hashlib.sha256(swapped.read_bytes()).hexdigest()
    real_build = build.build_all

    def swap_then_build(*args, **kwargs):
        swapped.write_text("这不是图片", encoding="utf-8")  # another process, a sync client, a hostile user
        return real_build(*args, **kwargs)

    monkeypatch.setattr(build, "build_all", swap_then_build)
    result = _render(path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    texts = ["".join(t.split()) for t in _pages_text(tmp_path / "out" / BUNDLE)]
    assert not any("无法使用" in t for t in texts)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    used = next(a for a in manifest["attachments"] if a["file"] == "scans/id-back.png")
    assert used["sha256"] == validated and used["pages"] == 1
    assert used["outside_folder"] is None and used["removed"] == []


def test_an_attached_pdfs_scripts_actions_and_files_stay_out_of_the_bundle(tmp_path):
    """Every kind a PDF can carry (OpenAction, Names JavaScript and EmbeddedFiles, page /AA, a JavaScript
    and a launch link, a file attachment, a widget's /AA) is absent from 打印合订本.pdf; the page itself is there."""
    from tests.attachment_files import active_names

    path = _packet(tmp_path, officer_certificates="scans/active.pdf")
    make(tmp_path / "scans" / "active.pdf", {"pdf_active": True})
    assert active_names((tmp_path / "scans" / "active.pdf").read_bytes()) >= {"/JavaScript", "/AA", "/OpenAction", "/EmbeddedFile", "/Launch"}
    result = _render(path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "JavaScript" in result.stderr and "嵌入的文件" in result.stderr and "启动程序" in result.stderr
    bundle = (tmp_path / "out" / BUNDLE).read_bytes()
    assert active_names(bundle) == set()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    used = next(a for a in manifest["attachments"] if a["file"] == "scans/active.pdf")
    assert used["pages"] == 1 and {"JavaScript", "自动执行的动作", "嵌入的文件", "启动程序的动作"} <= set(used["removed"])


def test_an_attached_pdfs_streams_are_copied_never_decoded(tmp_path):
    """A page whose drawing inflates to 50 MB (a real attack inflates to gigabytes) is copied as its few
    compressed KB: the bundle neither coalesces nor re-encodes an attached page's streams."""
    import io

    import pikepdf

    path = _packet(tmp_path, officer_certificates="scans/bomb.pdf")
    make(tmp_path / "scans" / "bomb.pdf", {"pdf_flate_mb": 50})
    with pikepdf.open(tmp_path / "scans" / "bomb.pdf") as source:
        raw = source.pages[0].obj.Contents.read_raw_bytes()
    assert len(raw) < 500_000
    result = _render(path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    with pikepdf.open(io.BytesIO((tmp_path / "out" / BUNDLE).read_bytes())) as bundle:
        kept = [o for o in bundle.objects if isinstance(o, pikepdf.Stream) and o.read_raw_bytes() == raw]
    assert kept, "the attached page's stream was decoded and written again"


def test_images_alone_are_bundled_without_pikepdf(tmp_path):
    """pikepdf (qpdf) is loaded only for a packet that attaches a PDF: images and the parts are drawn by reportlab alone."""
    import sys

    path = _packet(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["attachments"]["officer_certificates"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code = ("import sys; from beiantool.render import render_packet; render_packet(sys.argv[1], sys.argv[2], formats=('pdf',)); "
            "print(sorted(m for m in ('pikepdf', 'beiantool.render.bundle_attach') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "out")], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    titles = [o["/Title"] for o in PdfReader(str(tmp_path / "out" / BUNDLE)).outline]
    assert titles[-3:] == ["组织机构代码证复印件或营业执照副本复印件", f"{ID_ITEM}（法人代表 郑四、第2名安全员 冯六）", "单位网络拓扑图（标明内部IP使用情况）"]
    assert _marked(tmp_path / "out" / BUNDLE)[-3:] == [False, True, False]
