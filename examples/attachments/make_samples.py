"""Make the sample attachments of this example: made-up documents, no real person's data.

Run from this folder (needs Pillow, reportlab and the WenQuanYi Micro Hei font):
    python make_samples.py
The files are committed; this script only says how they were made.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUT = Path("scans")


def card(name: str, number: str, path: str, back: bool = False) -> None:
    image = Image.new("RGB", (856, 540), (226, 236, 246))
    d = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 26)
    d.rounded_rectangle([8, 8, 848, 532], 28, outline=(90, 110, 150), width=4)
    if back:
        d.text((250, 120), "中华人民共和国", font=big, fill=(150, 30, 30))
        d.text((290, 190), "居民身份证（示例）", font=big, fill=(20, 20, 20))
        d.text((120, 400), "签发机关：示例公安局　有效期限：2020.01.01-2040.01.01", font=small, fill=(40, 40, 40))
    else:
        d.text((60, 60), f"姓名　{name}", font=big, fill=(20, 20, 20))
        d.text((60, 130), "性别　男　　民族　汉", font=small, fill=(40, 40, 40))
        d.text((60, 190), "住址　内蒙古自治区包头市示例路 8 号", font=small, fill=(40, 40, 40))
        d.text((60, 420), f"公民身份号码　{number}", font=small, fill=(20, 20, 20))
        d.rectangle([620, 60, 800, 280], outline=(120, 120, 120), width=3)
        d.text((650, 150), "照片", font=big, fill=(150, 150, 150))
    d.text((300, 480), "虚构样例 · 仅供演示", font=small, fill=(200, 60, 60))
    image.save(OUT / path, "JPEG", quality=60, optimize=True)


def sheet(title: str, lines: list[str], path: str) -> None:
    image = Image.new("L", (1240, 1754), 255)
    d = ImageDraw.Draw(image)
    d.text((420, 120), title, font=ImageFont.truetype(FONT, 64), fill=0)
    for n, line in enumerate(lines):
        d.text((150, 320 + n * 90), line, font=ImageFont.truetype(FONT, 40), fill=30)
    d.rectangle([60, 60, 1180, 1694], outline=0, width=6)
    d.text((420, 1560), "虚构样例 · 仅供演示", font=ImageFont.truetype(FONT, 44), fill=120)
    image.quantize(8).save(OUT / path, "PNG", optimize=True)


def certificates(path: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(OUT / path), pagesize=A4, invariant=1)
    for name, number in (("王五", "NM-BT-2025-031"), ("冯六", "NM-BT-2025-032")):
        c.setFont("STSong-Light", 28)
        c.drawCentredString(A4[0] / 2, 700, "计算机信息网络安全员培训合格证（示例）")
        c.setFont("STSong-Light", 16)
        c.drawString(120, 600, f"姓名：{name}")
        c.drawString(120, 560, f"证书编号：{number}")
        c.drawString(120, 520, "发证机关：示例公安局网络安全保卫支队")
        c.drawString(120, 300, "虚构样例，仅供演示")
        c.showPage()
    c.save()


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    card("郑四", "150203198607052341", "身份证-郑四-正面.jpg")
    card("郑四", "150203198607052341", "身份证-郑四-反面.jpg", back=True)
    card("王五", "150203199102183455", "身份证-王五.jpg")
    card("冯六", "150204198607052348", "身份证-冯六.jpg")
    sheet("营业执照（示例）", ["名称：包头示例云计算有限公司", "类型：有限责任公司", "法定代表人：郑四", "统一社会信用代码：见备案文件",
                         "住所：内蒙古自治区包头市示例路 8 号"], "营业执照.png")
    sheet("网络拓扑图（示例）", ["互联网 ── 出口路由器 ── 防火墙 ── 核心交换机", "　　　　　　　　　　　　├─ 云主机集群（内网 10.0.0.0/24）",
                          "　　　　　　　　　　　　└─ 办公网（内网 10.0.1.0/24）"], "网络拓扑图.png")
    certificates("安全员培训证书.pdf")
