"""Make this example's customer lists: made-up customers, reserved example domains, 555 numbers.

Run from this folder (needs openpyxl):
    python make_lists.py
Writes 虚拟主机用户.csv (UTF-8 with BOM, as Excel's “CSV UTF-8” saves it; 300 rows) and
接入用户.xlsx (24 rows). No real person or company: names are built from a fixed list of
syllables, domains are under example.com / example.net / example.org (RFC 2606), phone
numbers are 0472-555xxxx or 139047255xx. The files are committed; this script says how
they were made.
"""

from __future__ import annotations

import csv
from pathlib import Path

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ["示一", "示二", "示三", "样明", "样华", "例东", "例南", "例北", "测平", "测安", "模远", "模清"]
TRADES = ["商贸", "科技", "文化", "教育", "餐饮", "建材", "物流", "印务", "农牧", "旅游"]
ZONES = ["example.com", "example.net", "example.org"]


def person(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]


def hosted_rows(count: int = 300) -> list[list[str]]:
    rows = []
    for n in range(1, count + 1):
        domain = f"{'www.' if n % 4 == 0 else ''}site{n:03d}.{ZONES[n % 3]}"
        contact = f"0472-555{n:04d}" if n % 2 else f"139047255{n % 100:02d}"
        ip = f"110.16.40.{64 + n % 190}"
        police = f"蒙公网安备 150203020{n:05d}号" if n % 5 == 0 else ""
        name = f"包头示例{TRADES[n % len(TRADES)]}{n:03d}号店"
        rows.append([domain, person(n), contact, name, ip, police])
    return rows


def access_rows(count: int = 24) -> list[list[str]]:
    rows = []
    for n in range(1, count + 1):
        first = 8 * n
        rows.append([f"包头示例{TRADES[n % len(TRADES)]}接入用户{n:02d}", f"110.16.44.{first}/29", person(n + 7), f"0472-5556{n:03d}"])
    return rows


def main() -> None:
    with open("虚拟主机用户.csv", "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["网址", "负责人", "联系方式", "用户名称", "IP地址", "公安备案号"])
        writer.writerows(hosted_rows())
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "接入用户"
    sheet.append(["单位名称", "IP地址段", "负责人", "联系电话"])
    for row in access_rows():
        sheet.append(row)
    book.save(Path("接入用户.xlsx"))


if __name__ == "__main__":
    main()
