"""The data migration is idempotent and reversible."""

import importlib

import pytest
from django.apps import apps

from cms.documents.models import Issuer
from cms.units.models import Unit, UnitSuccession

migration = importlib.import_module("cms.units.migrations.0002_load_units")


@pytest.mark.django_db
def test_migration_loaded_the_data():
    assert Unit.objects.count() == 22 + 86  # Government and 21 ministries; 63 + 23 provincial rows
    assert UnitSuccession.objects.count() == 7 + 52


@pytest.mark.django_db
def test_forward_twice_changes_nothing():
    before = list(Unit.objects.values_list("pk", "code", "name", "valid_from", "valid_to"))
    migration.load(apps, None)
    assert list(Unit.objects.values_list("pk", "code", "name", "valid_from", "valid_to")) == before
    assert UnitSuccession.objects.count() == 59


@pytest.mark.django_db
def test_backward_removes_the_data_and_forward_restores_it():
    # Reversing to units 0002 first reverses documents 0002, which removes the issuers linked to units.
    Issuer.objects.all().delete()
    migration.unload(apps, None)
    assert not Unit.objects.exists() and not UnitSuccession.objects.exists()
    migration.load(apps, None)
    assert Unit.objects.count() == 108 and UnitSuccession.objects.count() == 59
