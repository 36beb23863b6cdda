"""A survey page through export and render: the accessible form, the closed notice, the published results."""

import json
import re
from datetime import timedelta

import pytest

from cms.publish import export, render
from cms.surveys.models import SurveyPage
from cms.units.selectors import unit_get
from tests.cms.surveys.survey_data import by_kind, response_add, survey_make

pytestmark = pytest.mark.django_db
SECRET_TEXT = "Tôi là Nguyễn Văn Riêng, số nhà 12"
IP_HASH = "f" * 64
TRACKING_CODE = re.compile(r"KS-[A-Z0-9]{8}")


def page_html(config, page: SurveyPage) -> str:
    return (config.output_dir / page.url_path.split("/", 2)[2] / "index.html").read_text(encoding="utf-8")


def data_line(config, page: SurveyPage) -> dict:
    rel = page.url_path.split("/", 2)[2].rstrip("/")
    head = (config.content_dir / "trang" / f"{rel}.md").read_text(encoding="utf-8").split("\n\n", 1)[0]
    return json.loads(dict(line.split(": ", 1) for line in head.splitlines())["Data"])


@pytest.fixture
def site(build_config):
    open_survey = survey_make(slug="dang-mo")
    closed = survey_make(
        slug="da-xong", opens_in=-timedelta(days=30), closes_in=-timedelta(days=1), results_published=True
    )
    SurveyPage.objects.filter(pk=closed.pk).update(results_note="<p>Nhận xét: <b>đa số hài lòng</b>.</p>")
    closed.refresh_from_db()
    closed.save_revision().publish()
    q = by_kind(closed)
    hanoi = unit_get(code="01")
    for n in range(6):
        answers = {q["single"].id: q["single"].choices[n % 2][0], q["scale"].id: 5 - n % 2}
        answers[q["long_text"].id] = SECRET_TEXT
        response_add(closed, answers, province=hanoi, ip_hash=IP_HASH)
    upcoming = survey_make(slug="sap-mo", opens_in=timedelta(days=2), closes_in=timedelta(days=9))
    export.run(build_config)
    render.run(build_config)
    return {"open": open_survey, "closed": closed, "upcoming": upcoming}


def test_open_survey_renders_the_widget_form(site, build_config):
    survey = site["open"]
    html = page_html(build_config, survey)
    start = html.index('<form id="ks-form" class="survey-form"')
    form = html[start : html.index("</form>", start)]
    assert 'data-cchc-form="survey"' in form
    assert f'data-endpoint="/api/v1/surveys/{survey.pk}/responses" data-pow-bits="14"' in form
    assert '<meta name="cchc-api-base" content="http://127.0.0.1:8000">' in html
    q = by_kind(survey)
    assert form.count("<fieldset") == len(q) and form.count("<legend") == len(q)
    single = [cid for cid, _ in q["single"].choices]
    for cid in single:
        assert re.search(rf'type="radio" name="answers\.{q["single"].id}" value="{cid}" required', form)
    assert form.count(f'type="checkbox" name="answers.{q["multiple"].id}"') == 4
    assert 'data-max-choices="2"' in form and "tối đa 2" in form
    assert len(re.findall(rf'name="answers\.{q["scale"].id}" value="[1-5]" data-type="int"', form)) == 5
    assert f'name="answers.{q["short_text"].id}" maxlength="300"' in form
    assert re.search(rf'<textarea [^>]*name="answers\.{q["long_text"].id}" [^>]*maxlength="5000"', form)
    assert '<span class="visually-hidden"> (bắt buộc)</span>' in form
    assert '<select id="ks-tinh" class="form-input" name="province">' in form
    assert '<option value="01">Thành phố Hà Nội</option>' in form
    trap = form[form.index('aria-hidden="true">\n') - 60 : form.index('name="website"') + 60]
    assert 'class="visually-hidden" aria-hidden="true"' in trap and 'tabindex="-1"' in trap
    assert 'data-cchc-status role="status" aria-live="polite"' in form
    assert "js/forms" in html and "css/survey" in html
    assert 'id="ks-ket-qua"' not in html  # no results before they are published


def test_closed_survey_shows_a_notice_and_its_published_results(site, build_config):
    html = page_html(build_config, site["closed"])
    # js/forms.js is on every page (it sends the outbox from any page); the closed survey has no form.
    assert "data-cchc-form" not in html
    assert "Khảo sát đã kết thúc lúc" in html
    results = html[html.index('aria-labelledby="ks-ket-qua"') :]
    assert "Tổng hợp từ <strong>6</strong> phiếu" in results
    assert "<strong>đa số hài lòng</strong>" in results  # the note's Markdown rendered
    assert re.search(r'<rect class="survey-bars__fill" width="50.0" height="10">', results)
    assert '<span class="survey-bars__value">3 (50,0 %)</span>' in results
    assert "điểm trung bình 4,50/5" in results
    assert "Câu hỏi mở: nội dung các câu trả lời không được công bố." in results
    by_province = results[results.index('aria-labelledby="ks-theo-tinh"') :]
    assert '<th scope="row">Thành phố Hà Nội</th>' in by_province


def test_upcoming_survey_has_no_form_yet(site, build_config):
    html = page_html(build_config, site["upcoming"])
    assert "data-cchc-form" not in html and "Khảo sát chưa bắt đầu." in html


def test_no_response_or_personal_data_reaches_the_site(site, build_config):
    data = data_line(build_config, site["closed"])
    assert data["type"] == "survey" and data["results"]["total"] == 6
    assert data_line(build_config, site["open"])["results"] is None
    for path in [*build_config.content_dir.rglob("*"), *build_config.output_dir.rglob("*")]:
        if path.is_file() and path.suffix in {".md", ".html", ".json", ".xml", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET_TEXT not in text and IP_HASH not in text, path
            assert not TRACKING_CODE.search(text) and "client_key" not in text, path
