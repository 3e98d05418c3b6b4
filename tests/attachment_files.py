"""Attachment files made on the fly for tests: images of a known size, PDFs, broken files."""

from __future__ import annotations

import io
from pathlib import Path


def make(path: Path, spec: dict) -> Path:
    """Write the file a fixture describes: {image: [w, h], format: JPEG|PNG}, {pdf_pages: n},
    {encrypted_pdf: true}, {text: "..."}, {truncated: <spec>}, {size_mb: n}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content(spec))
    return path


def content(spec: dict) -> bytes:
    if "image" in spec:
        from PIL import Image, ImageDraw

        w, h = spec["image"]
        image = Image.new("RGB", (w, h), (236, 240, 246))
        draw = ImageDraw.Draw(image)
        draw.rectangle([w // 20, h // 20, w - w // 20, h - h // 20], outline=(40, 60, 120), width=max(2, w // 200))
        draw.line([0, 0, w, h], fill=(200, 60, 60), width=max(2, w // 300))
        buffer = io.BytesIO()
        image.save(buffer, spec.get("format", "JPEG"))
        return buffer.getvalue()
    if "pdf_pages" in spec or "encrypted_pdf" in spec:
        from pypdf import PdfWriter

        writer = PdfWriter()
        for _ in range(spec.get("pdf_pages", 1)):
            writer.add_blank_page(595, 842)
        if spec.get("encrypted_pdf"):
            writer.encrypt("secret", algorithm="RC4-128")  # AES would need the cryptography package
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
    if "truncated" in spec:
        whole = content(spec["truncated"])
        return whole[: len(whole) // 2]
    if "size_mb" in spec:
        return b"\0" * (spec["size_mb"] * 1024 * 1024)
    return spec.get("text", "这不是图片").encode("utf-8")
