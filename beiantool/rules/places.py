"""The places with a rule set of their own, as C207 recognises them in a packet filed on `national`."""

from __future__ import annotations


def others(own: str) -> list[dict]:
    """Every other built-in rule set's place as C207 recognises it (read from each file's region, unresolved)."""
    from beiantool.rules import _read_id, builtin_ids

    out = []
    for rid in builtin_ids():
        if rid == own:
            continue
        data, _, _ = _read_id(rid)
        region = data.region
        if not (region.area_codes or region.postcode_prefixes):
            continue
        words = [data.name]
        for suffix in ("自治州", "市", "州", "省", "区"):
            if data.name.endswith(suffix) and len(data.name) > len(suffix) + 1:
                words.append(data.name[: -len(suffix)])
                break
        if "市" in data.name[:-1]:  # 盘锦市双台子区: the district's own name
            tail = data.name.split("市", 1)[1]
            words += [tail, tail.rstrip("区县")]
        whole_province = bool(region.region_code and region.region_code.endswith("0000"))
        out.append({"id": rid, "name": data.name, "words": list(dict.fromkeys(w for w in words if len(w) >= 2)),
                    "area_codes": region.area_codes, "postcode_prefixes": region.postcode_prefixes,
                    "icp_abbrs": [region.province_abbr] if whole_province and region.province_abbr else []})
    return out
