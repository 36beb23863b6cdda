"""Shared pieces of the demo loaders: reading the JSON files, publishing pages, looking up taxonomies."""

import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from wagtail.models import Page

from cms.core.models import ReformArea
from cms.units.models import Unit
from cms.units.selectors import units_current

DEMO_DIR = Path(__file__).resolve().parent

P = TypeVar("P", bound=Page)


def nfc(value: Any) -> Any:
    """Every string inside a JSON value in NFC, so decomposed input never reaches the database."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, dict):
        return {key: nfc(item) for key, item in value.items()}
    return value


def demo_data(name: str) -> Any:
    """One JSON file of cms/core/demo/, text normalized to NFC."""
    return nfc(json.loads((DEMO_DIR / name).read_text(encoding="utf-8")))


def publish_child(parent: Page, page: P) -> P:
    """Add `page` under `parent` and publish it through a revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def child_get(parent: Page, model: type[P], slug: str) -> P | None:
    return model.objects.child_of(parent).filter(slug=slug).first()


def unit_named(name: str | None, *, on: date) -> Unit | None:
    """The unit with this official name on `on`: merged provinces reuse names across periods."""
    return units_current(on=on).get(name=name) if name else None


def reform_areas(slugs: list[str]) -> list[ReformArea]:
    areas = list(ReformArea.objects.filter(slug__in=slugs))
    if len(areas) != len(set(slugs)):
        raise ValueError(f"Unknown reform area among {slugs}")
    return areas
