"""An IDC with 10,000 hosted users: what the customer list adds to `validate` and `render`.

    python bench/bench_lists.py [--rows 10000] [--runs 3]

For 2,500, 5,000 and --rows rows (a CSV beside the packet, as examples/idc has), each command runs
cold in a new process, taking turns with the same packet without the list (examples/idc/idc.yaml
with `lists:` removed); medians of --runs. Printed: seconds with and without the list, the time the
list adds and its ratio, the time per 1,000 rows (about constant when the work is linear in rows)
and each run's peak memory (maximum resident set of the process). Both wall time and CPU time
(user + system of the process) are shown: on a machine shared with other work the wall time
mostly measures the neighbours, so the targets are judged on CPU time. Targets (issue 24, on a
2-core machine): validate adds at most 2 s and render at most 5 s for 10,000 rows. A measurement,
not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BEIANTOOL, EXAMPLES, OUTSIDE  # noqa: E402

HEADER = ["网址", "负责人", "联系方式", "用户名称", "IP地址", "公安备案号"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def make_packet(folder: Path, rows: int, with_list: bool = True) -> Path:
    """The example IDC packet in ``folder`` with a hosted-user CSV of ``rows`` made-up customers (or none)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (EXAMPLES / "idc" / "idc.yaml").read_text(encoding="utf-8").split("\n# 客户名单")[0] + "\n"
    text = text.replace('ip_ranges: ["110.16.40.0/24", "110.16.44.0/24"]', 'ip_ranges: ["110.16.0.0/16"]')
    if with_list:
        text += "lists:\n  hosted_users: 虚拟主机用户.csv\n"
        with open(folder / "虚拟主机用户.csv", "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            for n in range(1, rows + 1):
                writer.writerow([
                    f"site{n:05d}.example.{('com', 'net', 'org')[n % 3]}", SURNAMES[n % len(SURNAMES)] + "示" + "一二三四五"[n % 5],
                    f"0472-555{n % 10000:04d}" if n % 2 else f"139047{n % 100000:05d}", f"示例客户{n:05d}",
                    f"110.16.{40 + n // 250 % 200}.{n % 250 + 1}", f"蒙公网安备 1502030{n:07d}号" if n % 7 == 0 else "",
                ])
    path = folder / "idc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident memory (MB) of one cold run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=OUTSIDE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"失败（退出码 {proc.returncode}）：{' '.join(cmd)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def measure(make_cmd, plain: Path, listed: Path, runs: int) -> dict:
    wall: dict[str, list[float]] = {"plain": [], "listed": []}
    cpu: dict[str, list[float]] = {"plain": [], "listed": []}
    memory = {"plain": 0, "listed": 0}
    for _ in range(runs):
        for name, packet in (("plain", plain), ("listed", listed)):
            seconds, cpu_seconds, mb = run(make_cmd(packet))
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
            memory[name] = max(memory[name], mb)
    med = {f"{kind}_{name}": statistics.median(values[name]) for kind, values in (("wall", wall), ("cpu", cpu)) for name in values}
    return {**med, "wall_added": med["wall_listed"] - med["wall_plain"], "cpu_added": med["cpu_listed"] - med["cpu_plain"],
            "ratio": med["cpu_listed"] / med["cpu_plain"], "mem_plain": memory["plain"], "mem_listed": memory["listed"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(OUTSIDE) / "lists"
    plain = make_packet(work / "plain", 0, with_list=False)
    out = work / "out"
    sizes = sorted({max(1, args.rows // 4), max(1, args.rows // 2), args.rows})
    targets = {"validate": 2.0, "render": 5.0}
    for size in sizes:
        listed = make_packet(work / f"rows{size}", size)
        commands = {
            "validate": lambda p: BEIANTOOL + ["validate", str(p)],
            "render": lambda p: (shutil.rmtree(out, ignore_errors=True), BEIANTOOL + ["render", str(p), "-o", str(out), "-q"])[1],
        }
        for name, make_cmd in commands.items():
            r = measure(make_cmd, plain, listed, args.runs)
            verdict = "" if size != args.rows else ("  ✓" if r["cpu_added"] <= targets[name] else f"  ✗ 超过目标 {targets[name]} 秒")
            print(f"{size:>6} 行  {name:<8} CPU 无名单 {r['cpu_plain']:.2f} s  有名单 {r['cpu_listed']:.2f} s  多 {r['cpu_added']:.2f} s"
                  f"（×{r['ratio']:.2f}，每千行 {r['cpu_added'] / size * 1000:.3f} s）  墙钟 {r['wall_plain']:.2f} → {r['wall_listed']:.2f} s"
                  f"  内存 {r['mem_plain']} → {r['mem_listed']} MB{verdict}")


if __name__ == "__main__":
    main()
