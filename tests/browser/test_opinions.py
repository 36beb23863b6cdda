"""Opinions (js/forms.js) on the built consultation page, against the live API: online, then offline."""

import json
from dataclasses import replace

import pytest

from cms.consultations.models import ConsultationPage, ConsultationStatus, Opinion
from tests.browser import test_site
from tests.browser.conftest import AXE_JS, require_tool
from tests.browser.test_accessibility import NARROW, axe_violations, describe
from tests.conftest import build_site

pytestmark = test_site.pytestmark

BODY = "Đề nghị bổ sung quy định về thời hạn công bố kết quả đo lường sự hài lòng."


@pytest.fixture
def consultation_site(
    django_db_serialized_rollback, transactional_db, live_server, build_config, static_server, settings
):
    """The demo site built against the live API: (origin of the static site, the demo consultation)."""
    from cms.core.services import demo_content_load

    demo_content_load()
    page = ConsultationPage.objects.live().get()
    # The demo draft opens three days before the content is loaded and closes thirty days after.
    assert page.status_on() == ConsultationStatus.OPEN
    config = replace(build_config, api_base_url=live_server.url)
    build_site(config)
    origin = static_server(config.output_dir)
    settings.CORS_ALLOWED_ORIGINS = [origin]
    return f"{origin}/{page.url_path.removeprefix(page.get_site().root_page.url_path)}", page


@pytest.fixture
def context(chromium):
    context = chromium.new_context(locale="vi-VN")
    yield context
    context.close()


def open_form(page, article_id: str):
    root = page.locator(f"[data-opinion][data-article-id='{article_id}']")
    root.get_by_role("button", name="Góp ý điều này").click()
    return root.locator("form")


def test_opinion_on_a_clause_is_sent_and_tracked(consultation_site, context):
    url, consultation = consultation_site
    article = next(a for a in consultation.draft_articles() if a.clause_ids)
    page = context.new_page()
    assert page.goto(url).ok
    form = open_form(page, article.id)
    assert form.is_visible()
    form.get_by_label("Góp ý cho").select_option(label="Khoản 2")
    form.get_by_label(f"Nội dung góp ý về {article.number}").fill(BODY)
    assert form.locator(".opinion__counter").inner_text() == f"{len(BODY)}/5000 ký tự"
    form.get_by_label("Họ và tên (không bắt buộc)").fill("Lê Văn C")
    with page.expect_request(lambda r: r.url.endswith("/opinions")) as sent:
        form.get_by_role("button", name="Gửi góp ý").click()
    assert sent.value.post_data_json["article_id"] == article.id
    code = form.locator(".form-code").inner_text(timeout=10_000)
    opinion = Opinion.objects.get(tracking_code=code)
    assert str(opinion.client_key) == sent.value.post_data_json["client_key"]
    assert (opinion.consultation_id, opinion.article_id) == (consultation.pk, article.id)
    assert opinion.clause_id == article.clause_ids[1]
    assert (opinion.body, opinion.name, opinion.status) == (BODY, "Lê Văn C", Opinion.Status.NEW)
    assert "Góp ý của bạn đã được gửi" in form.locator(".opinion__result").inner_text()
    assert form.get_by_label(f"Nội dung góp ý về {article.number}").input_value() == ""


def test_server_errors_show_in_vietnamese(consultation_site, context):
    url, consultation = consultation_site
    article = consultation.draft_articles()[0]
    page = context.new_page()
    assert page.goto(url).ok
    form = open_form(page, article.id)
    form.get_by_label(f"Nội dung góp ý về {article.number}").fill(BODY)
    # Passes the widget's light check, fails the API's validator: the message is the API's.
    form.get_by_label("Thư điện tử (không bắt buộc)").fill("nguoi..dan@example..vn")
    with page.expect_response(lambda r: r.url.endswith("/opinions")) as answer:
        form.get_by_role("button", name="Gửi góp ý").click()
    assert answer.value.status == 400
    email = form.get_by_label("Thư điện tử (không bắt buộc)")
    page.wait_for_function("el => el.getAttribute('aria-invalid') === 'true'", arg=email.element_handle())
    assert "thư điện tử hợp lệ" in form.locator(".form-error").filter(has_text="thư").inner_text()
    assert "Dữ liệu chưa hợp lệ" in form.locator(".opinion__result").inner_text()
    assert Opinion.objects.count() == 0


def _submit_offline(context, url: str, article):
    page = context.new_page()
    assert page.goto(url).ok
    form = open_form(page, article.id)
    form.get_by_label(f"Nội dung góp ý về {article.number}").fill(BODY)
    context.set_offline(True)
    form.get_by_role("button", name="Gửi góp ý").click()
    result = form.locator(".opinion__result")
    result.filter(has_text="hộp thư đi").wait_for()
    [item] = page.evaluate("JSON.parse(localStorage.getItem('cchc-hop-thu-di'))")
    assert json.loads(item["body"])["article_id"] == article.id
    assert Opinion.objects.count() == 0
    return page, form, item["key"]


def test_offline_opinion_waits_then_goes_when_online(consultation_site, context):
    url, consultation = consultation_site
    article = consultation.draft_articles()[-1]
    page, form, key = _submit_offline(context, url, article)
    page.wait_for_timeout(2500)  # a retry while still offline keeps it waiting
    assert Opinion.objects.count() == 0
    context.set_offline(False)
    code = form.locator(".form-code").inner_text(timeout=15_000)
    assert Opinion.objects.get(tracking_code=code).article_id == article.id
    assert Opinion.objects.filter(client_key=key).count() == 1
    assert "hộp thư đi đã được gửi" in form.locator(".opinion__result").inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('cchc-hop-thu-di')).length") == 0


def test_offline_opinion_goes_on_the_next_visit(consultation_site, context):
    url, consultation = consultation_site
    article = consultation.draft_articles()[0]
    page, _, key = _submit_offline(context, url, article)
    page.close()
    context.set_offline(False)
    page = context.new_page()
    assert page.goto(url).ok
    form = page.locator(f"[data-opinion][data-article-id='{article.id}'] form")
    code = form.locator(".form-code").inner_text(timeout=15_000)
    opinion = Opinion.objects.get(tracking_code=code)
    assert (opinion.article_id, opinion.body, str(opinion.client_key)) == (article.id, BODY, key)
    assert Opinion.objects.count() == 1


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "320px"])
def test_open_form_with_errors_passes_axe(consultation_site, chromium, viewport):
    require_tool(AXE_JS, "axe-core")
    url, consultation = consultation_site
    article = next(a for a in consultation.draft_articles() if a.clause_ids)
    page = chromium.new_page(locale="vi-VN", viewport=viewport)
    page.goto(url)
    form = open_form(page, article.id)
    form.get_by_label("Thư điện tử (không bắt buộc)").fill("khong-hop-le")
    form.get_by_role("button", name="Gửi góp ý").click()
    body = form.get_by_label(f"Nội dung góp ý về {article.number}")
    assert body.get_attribute("aria-invalid") == "true"
    assert body.evaluate("el => document.activeElement === el")
    assert "Vui lòng nhập nội dung góp ý." in form.locator(".form-error").first.inner_text()
    found = describe(url, axe_violations(page))
    assert not found, "\n".join(found)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.close()
