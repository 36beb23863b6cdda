"""Surveys in the admin: the list with counts, results per question and province, CSV, responses."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.editorial.services import MOHA_MODERATORS
from cms.surveys.models import SurveyPage
from cms.units.selectors import unit_get
from tests.cms.admin_text import english_texts
from tests.cms.surveys.survey_data import by_kind, response_add, survey_make
from tests.cms.test_admin_vietnamese import _english_data

pytestmark = pytest.mark.django_db
LIST = "/admin/khao-sat/ket-qua/"
RESPONSES = "/admin/khao-sat/phieu/"
SECRET = "Tôi tên Lê Thị Kín, nhà số 9"


@pytest.fixture
def survey() -> SurveyPage:
    page = survey_make()
    q = by_kind(page)
    hanoi = unit_get(code="01")
    for n in range(6):
        answers = {q["single"].id: q["single"].choices[n % 3][0], q["scale"].id: 1 + n % 5}
        answers[q["long_text"].id] = SECRET
        response_add(page, answers, province=hanoi)
    response_add(page, {q["single"].id: q["single"].choices[0][0]}, is_spam=True)
    response_add(page, {q["single"].id: q["single"].choices[0][0]}, flagged=True)
    return page


@pytest.fixture
def moderator(client):
    user = get_user_model().objects.create_user("kiemduyet", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=MOHA_MODERATORS))
    client.force_login(user)
    return client


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_menu_and_list_show_each_survey_with_its_counts(admin_client, survey):
    home = text(admin_client, "/admin/")
    assert LIST in home and RESPONSES in home  # the sidebar menu (its labels are JSON-escaped there)
    page = text(admin_client, LIST)
    row = page[page.index(survey.title) :]
    row = row[: row.index("</tr>")]
    assert [cell.strip() for cell in row.split("<td>")[3:6]] == ["6</td>", "1</td>", "1</td>"]
    assert not english_texts(page)


def test_results_page_has_tables_per_question_and_province_and_no_text_answers(admin_client, survey):
    page = text(admin_client, f"{LIST}{survey.pk}/")
    assert "6 phiếu được tính" in page
    assert "Theo tỉnh, thành phố" in page and "Thành phố Hà Nội (6 phiếu)" in page
    assert "điểm trung bình: 2,67" in page  # (1 + 2 + 3 + 4 + 5 + 1) / 6
    assert SECRET not in page
    assert not english_texts(page)


def test_csv_holds_aggregates_only(admin_client, survey):
    response = admin_client.get(f"{LIST}{survey.pk}/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and SECRET not in body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Nhóm", "Số phiếu của nhóm", "Câu hỏi", "Phương án", "Số phiếu chọn"]
    q = by_kind(survey)
    first_choice = q["single"].choices[0][1]
    assert ["Toàn bộ", "6", q["single"].text, first_choice, "2", "33.3", ""] in rows
    assert any(r[0] == "Thành phố Hà Nội" for r in rows)


def test_moderators_see_responses_and_results_but_cannot_add(moderator, survey):
    listing = text(moderator, RESPONSES)
    assert survey.responses.first().tracking_code in listing
    assert SECRET not in listing
    assert moderator.get(f"{RESPONSES}new/").status_code in (302, 403)
    counted = survey.responses.filter(province__isnull=False).first()
    edit = text(moderator, f"{RESPONSES}edit/{counted.pk}/")
    assert "Nghi trùng lặp" in edit and "Thành phố Hà Nội" in edit
    single = by_kind(survey)["single"]
    assert dict(single.choices)[counted.answers[single.id]] in edit  # the label, not the id
    assert SECRET in edit  # moderators read the text answers; only they do
    assert text(moderator, f"{LIST}{survey.pk}/")


def test_a_user_without_rights_sees_no_results(client, survey):
    user = get_user_model().objects.create_user("khach", password="x")  # noqa: S106
    client.force_login(user)
    assert client.get(f"{LIST}{survey.pk}/csv/").status_code in (302, 403)


def test_survey_and_response_screens_are_in_vietnamese(admin_client, survey):
    screens = [
        f"/admin/pages/{survey.pk}/edit/",
        RESPONSES,
        f"{RESPONSES}edit/{survey.responses.first().pk}/",
    ]
    for url in screens:
        assert not set(english_texts(text(admin_client, url))) - _english_data(), url
