"""Validation of editions, results and component values as the admin forms run it."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.indices.models import ComponentValue, IndexEdition, IndexResult
from cms.units.models import Unit


def _errors(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_slug_is_made_from_index_year_and_scope(par_edition):
    assert par_edition.slug == "par-2024-tinh"
    ministries = IndexEdition.objects.create(index="par", year=2023, scope="ministries", title="Bộ 2023")
    assert ministries.slug == "par-2023-bo"


def test_group_thresholds_must_decrease(par_edition):
    par_edition.group_b_min = D(95)
    assert "__all__" in _errors(par_edition)
    with pytest.raises(IntegrityError), transaction.atomic():
        par_edition.save()


def test_result_validation(par_edition):
    hai_phong = Unit.objects.get(code="31", valid_from=None)
    result = IndexResult(edition=par_edition, unit=hai_phong, value=D("101"), rank=64, group="B")
    errors = _errors(result)
    assert set(errors) >= {"value", "rank"}
    result.value, result.rank = D("96.17"), 1
    assert "thuộc nhóm A" in _errors(result)["group"][0]
    result.group = "A"
    result.full_clean()
    result.group = ""  # filled in from the value
    result.full_clean()
    assert result.group == "A"


def test_result_unit_must_fit_the_edition(par_edition):
    for unit in (Unit.objects.get(code="BTP"), Unit.objects.get(code="31", valid_from__isnull=False)):
        errors = _errors(IndexResult(edition=par_edition, unit=unit, value=D(90)))
        assert "không thuộc phạm vi" in errors["unit"][0]


def test_sipas_result_has_no_group(sipas_edition):
    result = IndexResult(edition=sipas_edition, unit=Unit.objects.get(code="22"), value=D(90), group="A")
    assert _errors(result)["group"] == ["Chỉ số SIPAS không phân nhóm."]


def test_component_value_bounds(par_edition):
    result = IndexResult.objects.create(edition=par_edition, unit=Unit.objects.get(code="22"), value=D(92))
    capped = par_edition.components.get(code="1")  # max 8 points
    assert "tối đa 8" in _errors(ComponentValue(result=result, component=capped, value=D("8.5")))["value"][0]
    ComponentValue(result=result, component=capped, value=D(8)).full_clean()
    percent = par_edition.components.get(code="8")
    assert "tối đa 100" in _errors(ComponentValue(result=result, component=percent, value=D(101)))["value"][0]


def test_component_from_another_edition_is_refused(par_edition, sipas_edition):
    result = IndexResult.objects.create(edition=sipas_edition, unit=Unit.objects.get(code="22"))
    component = par_edition.components.get(code="1")
    assert (
        "kỳ công bố khác"
        in _errors(ComponentValue(result=result, component=component, value=D(1)))["component"][0]
    )


def test_database_refuses_values_out_of_range(par_edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexResult.objects.create(edition=par_edition, unit=Unit.objects.get(code="22"), value=D("100.01"))
