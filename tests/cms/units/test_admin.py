"""Units and successions are listed, filtered and searched in the Wagtail admin."""

import json

import pytest

from cms.units.models import Unit

URL = "/admin/snippets/units/unit/"


@pytest.mark.django_db
def test_unit_listing_renders(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert "Thành phố Hà Nội" in response.content.decode()
    # The sidebar menu is JSON for Wagtail's JavaScript, so its labels are \u-escaped there.
    assert json.dumps("Đơn vị hành chính")[1:-1] in admin_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_filter_former_and_search(admin_client):
    former = admin_client.get(URL, {"status": "former", "kind": Unit.Kind.PROVINCE}).content.decode()
    assert "Tỉnh Hà Giang" in former
    assert "Tỉnh Cao Bằng" not in former
    current = admin_client.get(URL, {"status": "current"}).content.decode()
    assert "Tỉnh Cao Bằng" in current and "Tỉnh Hà Giang" not in current
    found = admin_client.get(URL, {"q": "Giang"}).content.decode()
    assert "Tỉnh Hà Giang" in found and "Tỉnh Cao Bằng" not in found


@pytest.mark.django_db
def test_succession_listing_and_edit_render(admin_client):
    listing = admin_client.get("/admin/snippets/units/unitsuccession/", {"q": "Hà Giang"})
    assert listing.status_code == 200
    assert "Tỉnh Hà Giang" in listing.content.decode()
    unit = Unit.objects.get(code="02")
    assert admin_client.get(f"{URL}edit/{unit.pk}/").status_code == 200
