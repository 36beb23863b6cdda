"""Opinions reach moderators in the Wagtail admin, in Vietnamese, with the counts per article."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from cms.consultations.models import Opinion
from tests.cms.admin_text import english_texts
from tests.cms.consultations.opinion_data import consultation_open
from tests.cms.test_admin_vietnamese import _english_data

LIST = "/admin/snippets/consultations/opinion/"


@pytest.fixture
def page(db):
    return consultation_open()


@pytest.fixture
def opinions(page) -> list[Opinion]:
    first, _, third = page.draft_articles()
    made = []
    for article, status, body in (
        (first, Opinion.Status.APPROVED, "Đồng ý với phạm vi điều chỉnh của dự thảo."),
        (first, Opinion.Status.NEW, "Đề nghị bỏ khoản 2 vì trùng với luật hiện hành."),
        (third, Opinion.Status.SPAM, "Quảng cáo dịch vụ không liên quan gì cả."),
    ):
        made.append(
            Opinion.objects.create(
                consultation=page,
                article_id=article.id,
                article_label=article.label,
                client_key=uuid.uuid4(),
                body=body,
                name="Phạm Thị D",
                email="d@example.vn",
                status=status,
            )
        )
    return made


def html(client, url: str, data: dict | None = None) -> str:
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
def test_list_filters_by_consultation_article_and_status(admin_client, page, opinions):
    everything = html(admin_client, LIST)
    assert all(o.tracking_code in everything for o in opinions)
    by_status = html(admin_client, f"{LIST}?status=spam")
    assert opinions[2].tracking_code in by_status and opinions[0].tracking_code not in by_status
    third = page.draft_articles()[2]
    by_article = html(admin_client, f"{LIST}?consultation={page.pk}&article_id={third.id}")
    assert opinions[2].tracking_code in by_article and opinions[1].tracking_code not in by_article
    assert "Phạm Thị D" not in everything  # personal data stays on the opinion's own screen


@pytest.mark.django_db
def test_choosing_a_consultation_shows_the_counts_per_article(admin_client, page, opinions):
    text = html(admin_client, f"{LIST}?consultation={page.pk}")
    assert "Tổng hợp ý kiến theo điều" in text
    start = text.index("opinion-counts-heading")
    table = text[start : text.index("</table>", start)]
    rows = [re.findall(r"<td>\s*(.*?)\s*</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert [r for r in rows if r] == [
        ["Điều 1. Phạm vi điều chỉnh", "1", "2"],
        ["Điều 2. Đối tượng áp dụng", "0", "0"],
        ["Điều 3. Giải thích từ ngữ", "0", "0"],
    ]
    results = html(admin_client, f"{LIST}results/?consultation={page.pk}")
    assert "Tổng hợp ý kiến theo điều" in results  # also after the filters refresh the list
    assert "Tổng hợp ý kiến theo điều" not in html(admin_client, LIST)


@pytest.mark.django_db
def test_moderator_approves_and_answers_without_touching_the_text(admin_client, opinions):
    opinion = opinions[1]
    url = f"{LIST}edit/{opinion.pk}/"
    screen = html(admin_client, url)
    assert "Người góp ý (không công bố)" in screen and "Phạm Thị D" in screen
    response = admin_client.post(
        url,
        {
            "status": "approved",
            "response": "Tiếp thu, đã chỉnh sửa khoản 2.",
            "body": "Văn bản bị sửa",
            "name": "Người khác",
        },
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.APPROVED
    assert opinion.response == "Tiếp thu, đã chỉnh sửa khoản 2."
    assert opinion.body == "Đề nghị bỏ khoản 2 vì trùng với luật hiện hành."
    assert opinion.name == "Phạm Thị D"


@pytest.mark.django_db
def test_nobody_adds_opinions_in_the_admin(admin_client, opinions):
    assert admin_client.get(f"{LIST}add/").status_code in (302, 403)
    assert f'href="{LIST}add/"' not in html(admin_client, LIST)


@pytest.mark.django_db
def test_moderator_with_view_and_change_reaches_the_queue(client, opinions):
    user = get_user_model().objects.create_user("kiemduyet", "k@localhost", "mat-khau-thu")
    group = Group.objects.create(name="Kiểm duyệt góp ý")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="consultations", codename__in=["view_opinion", "change_opinion"]
        ),
    )
    user.groups.add(group)
    client.force_login(user)
    assert opinions[0].tracking_code in html(client, LIST)
    assert html(client, f"{LIST}edit/{opinions[0].pk}/")
    assert client.get(f"{LIST}delete/{opinions[0].pk}/").status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "screen",
    [
        "",
        "?consultation={page}",
        "?status=new",
        "edit/{opinion}/",
        "history/{opinion}/",
        "usage/{opinion}/",
        "delete/{opinion}/",
    ],
)
def test_screens_show_no_english(admin_client, page, opinions, screen):
    url = LIST + screen.format(page=page.pk, opinion=opinions[0].pk)
    english = english_texts(html(admin_client, url), data=_english_data())
    assert not english, f"{url} shows English:\n  " + "\n  ".join(english)


@pytest.mark.django_db
def test_invalid_edit_shows_no_english(admin_client, opinions):
    url = f"{LIST}edit/{opinions[0].pk}/"
    english = english_texts(html(admin_client, url, {"status": "khong-co"}), data=_english_data())
    assert not english, "\n  ".join(english)
