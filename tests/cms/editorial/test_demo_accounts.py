"""`load_demo` gives the demo one account per role, so two people can publish."""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from cms.editorial.services import MOHA_EDITORS, MOHA_MODERATORS


@pytest.mark.django_db
def test_load_demo_prints_working_accounts_for_each_role():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = dict(re.findall(r"tên đăng nhập «([^»]+)», mật khẩu «([^»]+)»", out.getvalue()))
    assert {"quantri", "bientap", "kiemduyet"} <= set(printed)
    editor = authenticate(username="bientap", password=printed["bientap"])
    moderator = authenticate(username="kiemduyet", password=printed["kiemduyet"])
    assert editor and list(editor.groups.values_list("name", flat=True)) == [MOHA_EDITORS]
    assert moderator and list(moderator.groups.values_list("name", flat=True)) == [MOHA_MODERATORS]
    assert not editor.is_superuser and not moderator.is_superuser
    assert authenticate(username="quantri", password=printed["quantri"]).is_superuser

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "mật khẩu" in again.getvalue()  # fresh passwords each run; the old ones stop working
    assert authenticate(username="bientap", password=printed["bientap"]) is None
