"""A bulk import of legal documents queues one build at its end, and only when it changed the site."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.builds.models import BuildRequest

DATA = Path(__file__).parent.parent / "documents" / "data"
GOOD = DATA / "van-ban.csv"
FILES = DATA / "tep"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _import(*args: object) -> None:
    call_command("import_documents", *[str(a) for a in args], stdout=io.StringIO(), verbosity=0)


def test_an_import_that_publishes_queues_exactly_one_build(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _import(GOOD, "--attachments", FILES)

    request = BuildRequest.objects.get()
    assert (request.action, request.page_title, request.run) == (
        BuildRequest.Action.IMPORT,
        "3 văn bản được nhập",
        None,
    )


@pytest.mark.parametrize("option", ["--dry-run", "--draft"])
def test_dry_runs_and_drafts_queue_nothing(option, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _import(GOOD, "--attachments", FILES, option)
    assert not BuildRequest.objects.exists()


def test_importing_the_same_rows_again_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _import(GOOD, "--attachments", FILES)
        _import(GOOD, "--attachments", FILES)  # nothing changed
    assert BuildRequest.objects.count() == 1
