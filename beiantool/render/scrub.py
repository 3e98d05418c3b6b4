"""What an attached PDF's pages lose on their way into 打印合订本.pdf: whatever could act rather than print.

JavaScript (in actions, /JS, /Names), automatic actions (/AA, /OpenAction), launch and other actions
(a jump within the document stays), embedded files (/EF, /EmbeddedFiles, file-attachment annotations)
and media annotations are removed from the bundle's copy of each page and from everything it reaches;
the kinds found are returned so the manifest and the screen can say what was removed.
"""

from __future__ import annotations

REMOVED = ("JavaScript", "自动执行的动作", "启动程序的动作", "嵌入的文件", "多媒体", "链接等其他动作")
_DROP_KEYS = {"/AA": "自动执行的动作", "/OpenAction": "自动执行的动作", "/JS": "JavaScript", "/JavaScript": "JavaScript",
              "/EF": "嵌入的文件", "/EmbeddedFiles": "嵌入的文件", "/RichMediaContent": "多媒体"}
_DROP_ANNOTS = {"/FileAttachment": "嵌入的文件", "/Sound": "多媒体", "/Movie": "多媒体", "/Screen": "多媒体", "/RichMedia": "多媒体",
                "/3D": "多媒体"}
_ACTION_KIND = {"/JavaScript": "JavaScript", "/Launch": "启动程序的动作", "/GoToE": "嵌入的文件", "/Rendition": "多媒体",
                "/Sound": "多媒体", "/Movie": "多媒体", "/RichMediaExecute": "多媒体"}


def scrub(page, seen: set) -> set[str]:
    """Take out of a copied page (and of everything it reaches, but its page tree) what could act
    rather than print; say what kinds were there. ``seen``: indirect objects already looked through."""
    import pikepdf

    found: set[str] = set()
    stack = [page]
    while stack:
        item = stack.pop()
        if getattr(item, "is_indirect", False):
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
            continue
        if not isinstance(item, pikepdf.Dictionary):
            continue
        for key in list(item.keys()):
            value = item.get(key)
            if key in _DROP_KEYS:
                found.add(_DROP_KEYS[key])
                del item[key]
            elif key == "/A" and isinstance(value, pikepdf.Dictionary) and value.get("/S") != pikepdf.Name.GoTo:
                found.add(_ACTION_KIND.get(str(value.get("/S")), "链接等其他动作"))
                del item[key]
            elif key == "/Annots" and isinstance(value, pikepdf.Array):
                keep = [a for a in value if not (isinstance(a, pikepdf.Dictionary) and str(a.get("/Subtype")) in _DROP_ANNOTS)]
                found.update(_DROP_ANNOTS[str(a.get("/Subtype"))] for a in value if a not in keep)
                if len(keep) != len(value):
                    item[key] = pikepdf.Array(keep)
                stack.extend(keep)
            elif key not in ("/Parent", "/P") or item is not page and key == "/Parent":
                stack.append(value)  # a widget's /Parent is its form field, which may hold actions too
    return found
