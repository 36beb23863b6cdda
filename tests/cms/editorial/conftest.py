"""Editorial fixtures: the home page, two province sections, and users in each role."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.core.models import SectionPage, StandardPage
from cms.core.services import home_page_ensure
from cms.editorial.services import (
    MOHA_EDITORS,
    MOHA_MODERATORS,
    unit_editors_name,
    unit_moderators_name,
    unit_roles_ensure,
)
from cms.units.selectors import unit_get


@dataclass
class Tree:
    home: object
    hanoi: SectionPage
    haiphong: SectionPage
    hanoi_page: StandardPage
    haiphong_page: StandardPage


def user_in(name: str, *groups: str):
    user = get_user_model().objects.create_user(name, f"{name}@localhost", "mat-khau-thu-nghiem")
    user.groups.add(*Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups), f"missing group among {groups}"
    return user


def _published(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def tree(db) -> Tree:
    home = home_page_ensure()
    hanoi = _published(home, SectionPage(title="Hà Nội", slug="ha-noi", unit=unit_get(code="01")))
    haiphong = _published(home, SectionPage(title="Hải Phòng", slug="hai-phong", unit=unit_get(code="31")))
    for section in (hanoi, haiphong):
        unit_roles_ensure(section=section)
    return Tree(
        home=home,
        hanoi=hanoi,
        haiphong=haiphong,
        hanoi_page=_published(
            hanoi, StandardPage(title="Giới thiệu Hà Nội", slug="gioi-thieu", body="<p>a</p>")
        ),
        haiphong_page=_published(
            haiphong, StandardPage(title="Giới thiệu Hải Phòng", slug="gioi-thieu", body="<p>b</p>")
        ),
    )


@pytest.fixture
def people(tree):
    hanoi_unit, haiphong_unit = tree.hanoi.unit, tree.haiphong.unit
    return {
        "moha_editor": user_in("bt-bnv", MOHA_EDITORS),
        "moha_moderator": user_in("kd-bnv", MOHA_MODERATORS),
        "moha_moderator_2": user_in("kd-bnv-2", MOHA_MODERATORS),
        "hanoi_editor": user_in("bt-hn", unit_editors_name(hanoi_unit)),
        "hanoi_moderator": user_in("kd-hn", unit_moderators_name(hanoi_unit)),
        "haiphong_editor": user_in("bt-hp", unit_editors_name(haiphong_unit)),
        "haiphong_moderator": user_in("kd-hp", unit_moderators_name(haiphong_unit)),
    }


def standard_page_form(page, *, title: str, action: str = "action-submit", **settings) -> dict:
    """What the page editor posts for a StandardPage (one action button pressed)."""
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "summary": page.summary,
            "body": rich_text(f"<p>{title}</p>"),
            "comments": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            },
            action: "1",
            **settings,
        }
    )
