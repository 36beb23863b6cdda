"""Editions to import into, and files in both formats."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from cms.indices.models import IndexComponent, IndexEdition


@pytest.fixture
def par_edition(db) -> IndexEdition:
    """PAR 2024 of the provinces, with two areas that have maximum points and one without."""
    edition = IndexEdition.objects.create(
        index="par", year=2024, scope="provinces", title="Chỉ số CCHC 2024 (kiểm thử)", unit_count=63
    )
    IndexComponent.objects.create(edition=edition, code="1", name="Chỉ đạo, điều hành", max_points=Decimal(8))
    IndexComponent.objects.create(edition=edition, code="2", name="Cải cách thể chế", max_points=Decimal(10))
    IndexComponent.objects.create(edition=edition, code="8", name="Tác động của CCHC")
    return edition


@pytest.fixture
def sipas_edition(db) -> IndexEdition:
    return IndexEdition.objects.create(
        index="sipas", year=2023, scope="provinces", title="SIPAS 2023 (kiểm thử)", unit_count=63
    )


def csv_bytes(rows: list[list], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
