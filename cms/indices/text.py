"""Vietnamese wording shared by the models' validation and the import: numbers, groups."""

from decimal import Decimal

from cms.indices.computation import GroupThresholds


def vn_number(value: Decimal | float | int) -> str:
    """96.17 → "96,17"; 70.00 → "70" (Vietnamese decimal comma, no trailing zeros)."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


def group_label(group: str, thresholds: GroupThresholds) -> str:
    if group:
        return f"nhóm {group}"
    return f"không xếp nhóm (dưới {vn_number(thresholds.c)}%)"


def group_message(value: Decimal, expected: str, thresholds: GroupThresholds) -> str:
    a, b, c = (vn_number(t) for t in (thresholds.a, thresholds.b, thresholds.c))
    group = group_label(expected, thresholds)
    return f"Chỉ số {vn_number(value)}% thuộc {group} (A từ {a}%, B từ {b}%, C từ {c}%)."
