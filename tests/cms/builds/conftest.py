"""Fixtures for publish-on-save: a small published site and a build into a temporary folder."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from cms.core.models import SectionPage, StandardPage
from cms.core.services import home_page_ensure
from cms.editorial.services import MOHA_EDITORS


@pytest.fixture
def home(db):
    return home_page_ensure()


@pytest.fixture
def page(home) -> StandardPage:
    """A live page. Published inside the test's transaction, so its own build request never commits."""
    page = StandardPage(title="Giới thiệu Cổng", slug="gioi-thieu", body="<p>Cổng thông tin CCHC</p>")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def section(home) -> SectionPage:
    section = SectionPage(title="Chuyên mục Địa phương", slug="dia-phuong")
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


@pytest.fixture
def config_factory(build_config):
    return lambda: build_config


@pytest.fixture
def editor(db):
    """A member of the MoHA editors group, which cms.editorial sets up after migrate."""
    user = get_user_model().objects.create_user("bientap-thu", "bientap@localhost", "mat-khau-thu")
    user.groups.add(Group.objects.get(name=MOHA_EDITORS))
    return user


@pytest.fixture
def admin_only_user(db):
    """May open the admin, has no rights on pages: not an editor, moderator or superuser."""
    group = Group.objects.create(name="Chỉ xem quản trị")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("chixem", "chixem@localhost", "mat-khau-thu")
    user.groups.add(group)
    return user
