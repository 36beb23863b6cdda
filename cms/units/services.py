"""Writes for units: load the reference data in data/*.json (used by the data migration)."""

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import models, transaction

from cms.units.models import Unit, UnitSuccession

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = ("central.json", "provinces.json")
TEXT_FIELDS = ("name", "short_name", "note")

Key = tuple[str, date | None]


@dataclass(frozen=True)
class UnitsData:
    units: dict[Key, dict]
    successions: list[tuple[Key, Key, dict]]


@dataclass(frozen=True)
class LoadResult:
    units: int
    successions: int


def _key(ref: str) -> Key:
    """ "08" is the unit coded 08 with an open start; "08@2025-07-01" the one from that day."""
    code, _, start = ref.partition("@")
    return code, date.fromisoformat(start) if start else None


def _unit_fields(row: dict) -> dict:
    fields = {name: unicodedata.normalize("NFC", row.get(name, "")) for name in TEXT_FIELDS}
    return {
        **fields,
        "kind": row["kind"],
        "region": row.get("region", ""),
        "valid_to": date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
        "par_assessed": row.get("par_assessed", False),
        "par_ranked": row.get("par_ranked", False),
    }


def units_data_read(*, data_dir: Path = DATA_DIR) -> UnitsData:
    """Parse the data files into unit fields keyed by (code, valid_from), and succession links."""
    units: dict[Key, dict] = {}
    successions: list[tuple[Key, Key, dict]] = []
    for name in DATA_FILES:
        data = json.loads((data_dir / name).read_text(encoding="utf-8"))
        for row in data["units"]:
            key = (row["code"], date.fromisoformat(row["valid_from"]) if row.get("valid_from") else None)
            if key in units:
                raise ValueError(f"{name}: unit {key} listed twice")
            units[key] = _unit_fields(row)
        for row in data["successions"]:
            fields = {
                "legal_basis": row["legal_basis"],
                "effective_on": date.fromisoformat(row["effective_on"]),
            }
            successions += [(_key(p), _key(row["successor"]), fields) for p in row["predecessors"]]
    for predecessor, successor, _ in successions:
        if predecessor not in units or successor not in units:
            raise ValueError(f"succession {predecessor} → {successor} names an unknown unit")
    return UnitsData(units=units, successions=successions)


@transaction.atomic
def units_load(
    *, unit_model: type[models.Model] = Unit, succession_model: type[models.Model] = UnitSuccession
) -> LoadResult:
    """Create or update every unit and succession in the data files; running it again changes nothing.

    The data migration passes its historical models; the management command uses the current ones.
    """
    data = units_data_read()
    rows = {}
    for (code, valid_from), fields in data.units.items():
        rows[code, valid_from], _ = unit_model.objects.update_or_create(
            code=code, valid_from=valid_from, defaults=fields
        )
    for predecessor, successor, fields in data.successions:
        succession_model.objects.update_or_create(
            predecessor=rows[predecessor], successor=rows[successor], defaults=fields
        )
    return LoadResult(units=len(data.units), successions=len(data.successions))


@transaction.atomic
def units_unload(
    *, unit_model: type[models.Model] = Unit, succession_model: type[models.Model] = UnitSuccession
) -> None:
    """Delete what units_load created: the successions first, then the units (reverse migration)."""
    data = units_data_read()
    for (pred_code, pred_from), (succ_code, succ_from), _ in data.successions:
        succession_model.objects.filter(
            predecessor__code=pred_code,
            predecessor__valid_from=pred_from,
            successor__code=succ_code,
            successor__valid_from=succ_from,
        ).delete()
    for code, valid_from in data.units:
        unit_model.objects.filter(code=code, valid_from=valid_from).delete()
