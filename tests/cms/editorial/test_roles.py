"""A unit's editors work in their unit's section only; the server enforces it, not just the menus."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from cms.core.models import SectionPage, StandardPage
from cms.editorial.services import roles_sync, unit_editors_name, unit_moderators_name
from cms.units.selectors import unit_get
from tests.cms.editorial.conftest import standard_page_form


@pytest.mark.django_db
def test_province_editor_cannot_edit_another_provinces_page(client, tree, people):
    editor = people["hanoi_editor"]
    assert tree.hanoi_page.permissions_for_user(editor).can_edit()
    assert not tree.haiphong_page.permissions_for_user(editor).can_edit()

    client.force_login(editor)
    other = reverse("wagtailadmin_pages:edit", args=[tree.haiphong_page.pk])
    assert client.get(other).status_code in (302, 403)
    response = client.post(other, standard_page_form(tree.haiphong_page, title="Sửa trái phép"))
    assert response.status_code in (302, 403)
    tree.haiphong_page.refresh_from_db()
    assert tree.haiphong_page.title == "Giới thiệu Hải Phòng"
    assert not tree.haiphong_page.revisions.filter(content__title="Sửa trái phép").exists()

    own = reverse("wagtailadmin_pages:edit", args=[tree.hanoi_page.pk])
    assert client.get(own).status_code == 200


@pytest.mark.django_db
def test_province_editor_cannot_add_pages_elsewhere(client, tree, people):
    client.force_login(people["hanoi_editor"])
    url = reverse("wagtailadmin_pages:add", args=["core", "standardpage", tree.haiphong.pk])
    data = standard_page_form(StandardPage(slug="chen-trang", summary=""), title="Chèn trang")
    assert client.post(url, data).status_code in (302, 403)
    assert not StandardPage.objects.filter(slug="chen-trang").exists()

    own = reverse("wagtailadmin_pages:add", args=["core", "standardpage", tree.hanoi.pk])
    assert client.post(own, data).status_code == 302
    created = StandardPage.objects.get(slug="chen-trang")
    assert created.get_parent().pk == tree.hanoi.pk and not created.live


@pytest.mark.django_db
def test_moha_roles_see_everything(tree, people):
    for page in (tree.hanoi_page, tree.haiphong_page, tree.home):
        assert page.permissions_for_user(people["moha_editor"]).can_edit()
        assert page.permissions_for_user(people["moha_moderator"]).can_unpublish()
        assert not page.permissions_for_user(people["moha_editor"]).can_publish()


@pytest.mark.django_db
def test_moha_roles_keep_the_index_data_and_unit_roles_do_not(tree, people):
    for role in ("moha_editor", "moha_moderator"):
        user = people[role]
        assert user.has_perm("indices.add_indexresult") and user.has_perm("indices.change_indexedition")
    assert not people["haiphong_editor"].has_perm("indices.add_indexresult")
    assert people["moha_moderator"].has_perm("consultations.change_opinion")
    assert not people["moha_editor"].has_perm("consultations.change_opinion")


@pytest.mark.django_db
def test_explorer_lists_only_the_units_section(client, tree, people):
    client.force_login(people["haiphong_editor"])
    html = client.get(reverse("wagtailadmin_explore", args=[tree.haiphong.pk])).content.decode()
    assert "Giới thiệu Hải Phòng" in html
    assert client.get(reverse("wagtailadmin_explore", args=[tree.hanoi.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_new_section_with_a_unit_gets_its_groups(client, tree, people, django_user_model):
    admin = django_user_model.objects.create_superuser("qtv", "q@localhost", "x")
    client.force_login(admin)
    unit = unit_get(code="79")  # Thành phố Hồ Chí Minh
    url = reverse("wagtailadmin_pages:add", args=["core", "sectionpage", tree.home.pk])
    data = standard_page_form(
        SectionPage(slug="tp-hcm", summary=""), title="TP Hồ Chí Minh", unit=str(unit.pk)
    )
    data.pop("body")
    assert client.post(url, data).status_code == 302
    section = SectionPage.objects.get(slug="tp-hcm")
    for name in (unit_editors_name(unit), unit_moderators_name(unit)):
        group = Group.objects.get(name=name)
        assert GroupPagePermission.objects.filter(group=group, page=section).exists()


@pytest.mark.django_db
def test_roles_sync_is_idempotent(tree):
    before = GroupPagePermission.objects.count(), Group.objects.count()
    assert roles_sync() == 2
    assert (GroupPagePermission.objects.count(), Group.objects.count()) == before
