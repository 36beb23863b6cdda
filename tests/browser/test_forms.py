"""js/forms.js, the one script of every citizen form: its contract on a test page, then the built site.

The contract tests serve a small page and a fake API through Playwright's routing (no build): what
the script sends, how it shows errors, how its outbox retries. The site tests fill the real forms of
the built demo site against the live API, online and offline.
"""

import gzip
import hashlib
import json
import re
import time
import unicodedata
import uuid
from dataclasses import replace

import pytest
from django.utils import timezone

from cms.publish.config import ROOT
from cms.qa.models import Question
from tests.browser import test_site
from tests.conftest import build_site

THEME = ROOT / "themes" / "cchc"
SCRIPT = THEME / "static" / "js" / "forms.js"
ORIGIN = "http://cchc.test"
OUTBOX = "cchc-hop-thu-di"
QUESTION = "Xin hỏi thời hạn giải quyết thủ tục đăng ký khai sinh là bao lâu?"


def browser_test(fn):
    for mark in test_site.pytestmark:
        fn = mark(fn)
    return fn


def stamp_valid(client_key: str, stamp: str, bits: int) -> bool:
    """The API's rule (cms/api/abuse.py): sha256("<key>:<t>:<nonce>") starts with `bits` zero bits."""
    t, nonce = stamp.split(":")
    assert t.isdigit() and re.fullmatch(r"[0-9a-z]{1,20}", nonce), stamp
    digest = hashlib.sha256(f"{client_key}:{t}:{nonce}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def test_script_is_small_and_the_only_form_script():
    size = len(gzip.compress(SCRIPT.read_bytes(), compresslevel=9))
    assert size < 15 * 1024, f"forms.js is {size} bytes gzipped"
    assert not (THEME / "static" / "js" / "question.js").exists()
    assert not (THEME / "static" / "js" / "opinion.js").exists()
    for template in (THEME / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "question.js" not in text and "opinion.js" not in text, template.name
        assert "innerHTML" not in SCRIPT.read_text(encoding="utf-8")
    # Loaded by the base template on every page, so an offline outbox is sent from whatever page is open.
    assert "js/forms.js" in (THEME / "templates" / "base.html").read_text(encoding="utf-8")


# ---------- The contract, on a test page with a fake API ----------

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thử</title>
<meta name="cchc-api-base" content=""><script src="/forms.js" defer></script></head><body><main>
<form id="f" data-cchc-form="survey" data-endpoint="/api/v1/thu" data-pow-bits="8" novalidate>
  <input type="hidden" name="survey_id" value="7" data-type="int">
  <fieldset id="q1"><legend>Câu 1</legend>
    <input type="radio" id="q1a" name="answers.q1" value="2" data-type="int" required>
    <label for="q1a">2</label>
    <input type="radio" id="q1b" name="answers.q1" value="5" data-type="int"><label for="q1b">5</label>
  </fieldset>
  <fieldset id="q2"><legend>Câu 2</legend>
    <input type="checkbox" id="q2a" name="answers.q2" value="a"><label for="q2a">a</label>
    <input type="checkbox" id="q2b" name="answers.q2" value="b"><label for="q2b">b</label>
    <input type="checkbox" id="q2c" name="answers.q2" value="c"><label for="q2c">c</label>
  </fieldset>
  <label for="q3">Câu 3</label><input id="q3" name="answers.q3">
  <label for="q4">Câu 4</label><textarea id="q4" name="answers.q4" maxlength="20"></textarea>
  <input type="checkbox" id="q5" name="answers.q5" value="x"><label for="q5">x</label>
  <div hidden><label for="w">Trang web</label><input id="w" name="website"></div>
  <button type="submit">Gửi</button>
</form></main></body></html>"""


class FakeApi:
    """Answers POST /api/v1/thu with the statuses queued in `replies` (None: a network failure)."""

    def __init__(self, page):
        self.replies: list[tuple[int, dict] | None] = []
        self.requests: list[tuple[float, dict]] = []
        self.down = False  # every API request fails as on a network error
        page.route(f"{ORIGIN}/**", self.handle)

    def handle(self, route):
        url = route.request.url
        if url.endswith("/forms.js"):
            return route.fulfill(body=SCRIPT.read_bytes(), content_type="text/javascript")
        if url.endswith("/api/v1/thu") and self.down:
            return route.abort("internetdisconnected")
        if url.endswith("/api/v1/thu"):
            self.requests.append((time.time(), json.loads(route.request.post_data)))
            reply = self.replies.pop(0) if self.replies else (201, {"tracking_code": "KS-ABCDEFGH"})
            if reply is None:
                return route.abort("internetdisconnected")
            return route.fulfill(status=reply[0], json=reply[1])
        if url.endswith("/trang-khac/"):
            return route.fulfill(body=OTHER_PAGE, content_type="text/html; charset=utf-8")
        return route.fulfill(body=PAGE, content_type="text/html; charset=utf-8")


# A page of the site without the form (every page loads forms.js, which sends the outbox).
OTHER_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title>
<meta name="cchc-api-base" content=""><script src="/forms.js" defer></script></head><body><main>
<h1>Tin tức</h1></main></body></html>"""


@pytest.fixture
def fake(chromium):
    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    api = FakeApi(page)
    page.goto(f"{ORIGIN}/khao-sat/")
    yield page, api
    context.close()


def outbox(page) -> list[dict]:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{OUTBOX}') || '[]')")


@browser_test
def test_fields_become_the_json_the_api_reads(fake):
    page, api = fake
    shown = time.time()
    page.check("#q1b")
    page.check("#q2a")
    page.check("#q2c")
    page.fill("#q4", unicodedata.normalize("NFD", "  Ý kiến  "))  # decomposed: sent as NFC
    page.get_by_role("button", name="Gửi").click()
    page.locator(".form-code").wait_for()
    [(sent_at, body)] = api.requests
    key = body.pop("client_key")
    assert str(uuid.UUID(key)) == key
    stamp = body.pop("stamp")
    assert body == {"survey_id": 7, "answers": {"q1": 5, "q2": ["a", "c"], "q4": "Ý kiến"}}
    t = int(stamp.split(":")[0])
    # t is when the page showed the form; the script waited for the 3 s time trap before sending.
    assert shown - 2 < t / 1000 <= shown + 1
    assert sent_at - t / 1000 >= 3
    result = page.locator(".form-result")
    assert "Phiếu trả lời của bạn đã được gửi. Mã theo dõi: KS-ABCDEFGH" in result.inner_text()
    assert (
        result.get_by_role("link", name="Tra cứu tình trạng").get_attribute("href")
        == "/tra-cuu/?ma=KS-ABCDEFGH"
    )
    assert page.locator("#q1b").is_checked() is False  # the form is emptied for the next answer


@browser_test
def test_stamp_is_a_valid_proof_of_work_for_the_key(fake):
    page, api = fake
    page.check("#q1a")
    page.get_by_role("button", name="Gửi").click()
    page.locator(".form-code").wait_for()
    body = api.requests[0][1]
    assert stamp_valid(body["client_key"], body["stamp"], 8)
    assert not stamp_valid(str(uuid.uuid4()), body["stamp"], 24)  # the proof belongs to its key


@browser_test
def test_missing_required_answer_is_marked_without_sending(fake):
    page, api = fake
    page.get_by_role("button", name="Gửi").click()
    radio = page.locator("#q1a")
    assert radio.get_attribute("aria-invalid") == "true"
    error = page.locator("#q1-error")
    assert error.inner_text() == "Vui lòng chọn ít nhất một phương án."
    assert "q1-error" in radio.get_attribute("aria-describedby").split()
    assert radio.evaluate("el => document.activeElement === el")
    assert "Vui lòng kiểm tra lại" in page.locator(".form-result").inner_text()
    assert api.requests == []


@browser_test
def test_api_errors_go_next_to_their_fields_as_text(fake):
    page, api = fake
    api.replies.append(
        (
            400,
            {
                "detail": "Dữ liệu chưa hợp lệ. <img src=x onerror=alert(1)>",
                "errors": {
                    "answers": {"q4": ["Câu trả lời quá ngắn."]},
                    "stamp": ["Dấu thời gian đã hết hạn."],
                },
            },
        )
    )
    page.check("#q1a")
    page.fill("#q4", "ngắn")
    page.get_by_role("button", name="Gửi").click()
    q4 = page.locator("#q4")
    page.wait_for_function("() => document.querySelector('#q4').getAttribute('aria-invalid') === 'true'")
    box = page.locator("#q4-error")
    assert box.inner_text() == "Câu trả lời quá ngắn."
    assert q4.get_attribute("aria-describedby") == "q4-error"
    assert q4.evaluate("el => document.activeElement === el")
    result = page.locator(".form-result")
    assert result.inner_text() == (
        "Dữ liệu chưa hợp lệ. <img src=x onerror=alert(1)> Dấu thời gian đã hết hạn."
    )
    assert page.locator("img").count() == 0
    assert q4.input_value() == "ngắn"  # a final 4xx keeps what the person wrote
    assert outbox(page) == []
    # Corrected and sent again: the marks go.
    page.fill("#q4", "đủ dài rồi")
    page.get_by_role("button", name="Gửi").click()
    page.locator(".form-code").wait_for()
    assert q4.get_attribute("aria-invalid") is None and q4.get_attribute("aria-describedby") is None


@browser_test
def test_outbox_keeps_the_submission_and_resends_it_unchanged(fake):
    page, api = fake
    api.replies += [None, (503, {"detail": "Bận"}), (429, {"detail": "Chậm lại"})]
    page.check("#q1a")
    page.get_by_role("button", name="Gửi").click()
    result = page.locator(".form-result")
    result.filter(has_text="hộp thư đi").wait_for()
    assert "sẽ tự động gửi" in result.inner_text()
    [item] = outbox(page)
    assert item["tries"] == 0
    page.locator(".form-code").wait_for(timeout=30_000)  # after a network failure, a 503 and a 429
    assert "Phiếu trả lời trong hộp thư đi đã được gửi" in result.inner_text()
    bodies = [body for _, body in api.requests]
    assert len(bodies) == 4 and all(body == bodies[0] for body in bodies)
    assert json.loads(item["body"]) == bodies[0]
    assert outbox(page) == []


@browser_test
def test_outbox_is_sent_on_the_next_page_load(fake):
    page, api = fake
    api.replies.append(None)
    page.check("#q1a")
    page.get_by_role("button", name="Gửi").click()
    page.locator(".form-result").filter(has_text="hộp thư đi").wait_for()
    key = outbox(page)[0]["key"]
    page.reload()
    page.locator(".form-code").wait_for()
    assert [body["client_key"] for _, body in api.requests] == [key, key]
    assert outbox(page) == []


@browser_test
def test_outbox_answers_show_on_a_page_without_their_form(fake):
    page, api = fake
    api.down = True
    for choice in ("#q1a", "#q1b"):
        page.check(choice)
        page.get_by_role("button", name="Gửi").click()
        page.locator(".form-result").filter(has_text="sẽ tự động gửi").wait_for()
        page.wait_for_timeout(300)
    assert len(outbox(page)) == 2
    page.goto(f"{ORIGIN}/trang-khac/")
    # Back online, on a page without the form: the first is accepted, the second refused.
    api.replies += [(201, {"tracking_code": "KS-ABCDEFGH"}), (400, {"detail": "Khảo sát <b>đã</b> đóng."})]
    api.down = False
    notice = page.get_by_role("status")
    notice.locator(".form-result.is-error").wait_for(timeout=30_000)
    lines = notice.locator(".form-result").all_inner_texts()
    assert lines[0].startswith("Phiếu trả lời trong hộp thư đi đã được gửi. Mã theo dõi: KS-ABCDEFGH.")
    assert lines[1] == "Phiếu trả lời trong hộp thư đi không được chấp nhận: Khảo sát <b>đã</b> đóng."
    link = notice.get_by_role("link", name="Tra cứu tình trạng")
    assert link.get_attribute("href") == "/tra-cuu/?ma=KS-ABCDEFGH"
    assert notice.locator("b").count() == 0  # the API's text is shown as text
    assert outbox(page) == []


STATUS_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tra cứu</title>
<meta name="cchc-api-base" content=""><script src="/forms.js" defer></script></head><body><main>
<form id="s" data-cchc-status data-endpoint="/api/v1/status/" data-result="r" data-site-url="">
<label for="ma">Mã</label><input id="ma" name="ma"><button type="submit">Tra cứu</button></form>
<div id="r" class="form-result" role="status"></div></main></body></html>"""


@browser_test
def test_status_lookup_shows_the_answer_as_text_and_only_safe_links(chromium):
    answers = {
        "HD-ABCDEFGH": {
            "code": "HD-ABCDEFGH",
            "kind": "question",
            "status": "answered",
            "status_label": "Đã trả lời",
            "submitted_on": "2026-03-05",
            "answer": {"text": "Dòng một <b>đậm</b>\nDòng hai", "url": "/hoi-dap/thoi-han/"},
        },
        "HD-BCDEFGHJ": {
            "code": "HD-BCDEFGHJ",
            "kind": "question",
            "status": "answered",
            "status_label": "Đã trả lời",
            "submitted_on": "2026-03-05",
            "answer": {"text": "Trả lời", "url": "javascript:alert(1)"},
        },
    }

    def handle(route):
        url = route.request.url
        if url.endswith("/forms.js"):
            return route.fulfill(body=SCRIPT.read_bytes(), content_type="text/javascript")
        if "/api/v1/status/" in url:
            code = url.rsplit("/", 1)[1]
            if code in answers:
                return route.fulfill(json=answers[code])
            return route.fulfill(
                status=404, json={"detail": "Không tìm thấy nội dung nào với mã theo dõi này."}
            )
        return route.fulfill(body=STATUS_PAGE, content_type="text/html; charset=utf-8")

    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    page.route(f"{ORIGIN}/**", handle)
    page.goto(f"{ORIGIN}/tra-cuu/?ma=hd-abcdefgh")
    result = page.locator("#r")
    result.get_by_text("Đã trả lời").wait_for()
    assert page.locator("#ma").input_value() == "hd-abcdefgh"
    assert "05/03/2026" in result.inner_text()
    assert result.locator("p").all_inner_texts() == ["Dòng một <b>đậm</b>", "Dòng hai"]
    assert result.get_by_role("link").get_attribute("href") == "/hoi-dap/thoi-han/"
    page.fill("#ma", "HD-BCDEFGHJ")
    page.get_by_role("button", name="Tra cứu").click()
    result.get_by_text("Trả lời", exact=True).last.wait_for()
    assert result.get_by_role("link").count() == 0
    assert page.url.endswith("?ma=HD-BCDEFGHJ")
    page.fill("#ma", "HD-CDEFGHJK")
    page.get_by_role("button", name="Tra cứu").click()
    result.get_by_text("Không tìm thấy").wait_for()
    context.close()


# ---------- The built site against the live API ----------


@pytest.fixture
def live_site(
    django_db_serialized_rollback, transactional_db, live_server, build_config, static_server, settings
):
    """The demo site built against the live API (as in test_site): the static site's origin."""
    from cms.core.services import demo_content_load

    demo_content_load()
    config = replace(build_config, api_base_url=live_server.url)
    build_site(config)
    origin = static_server(config.output_dir)
    settings.CORS_ALLOWED_ORIGINS = [origin]
    return origin


@pytest.fixture
def context(chromium):
    context = chromium.new_context(locale="vi-VN")
    yield context
    context.close()


def ask(page, origin: str):
    assert page.goto(origin + "/hoi-dap/gui-cau-hoi/").ok
    page.get_by_label("Nội dung câu hỏi").fill(QUESTION)
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("nguoidan@example.vn")


@browser_test
def test_question_is_sent_tracked_and_looked_up(live_site, context):
    page = context.new_page()
    ask(page, live_site)
    with page.expect_request(lambda r: r.url.endswith("/api/v1/questions")) as sent:
        page.get_by_role("button", name="Gửi câu hỏi").click()
    body = sent.value.post_data_json
    assert stamp_valid(body["client_key"], body["stamp"], 14)
    code = page.locator("#question-result .form-code").inner_text(timeout=10_000)
    question = Question.objects.get(tracking_code=code)
    assert (question.body, question.email, str(question.client_key)) == (
        QUESTION,
        "nguoidan@example.vn",
        body["client_key"],
    )
    assert "Câu hỏi của bạn đã được gửi" in page.locator("#question-result").inner_text()
    # The tracking code leads to the status page, which asks the API.
    page.locator("#question-result").get_by_role("link", name="Tra cứu tình trạng").click()
    page.wait_for_url(f"{live_site}/tra-cuu/?ma={code}")
    result = page.locator("#status-result")
    result.get_by_text("Chờ duyệt").wait_for(timeout=10_000)
    assert code in result.inner_text() and "Câu hỏi" in result.inner_text()
    assert "nguoidan" not in result.inner_text() and QUESTION not in result.inner_text()
    page.get_by_label("Mã theo dõi").fill("HD-123")
    page.get_by_role("button", name="Tra cứu").click()
    result.get_by_text("Mã theo dõi không hợp lệ").wait_for()
    assert page.get_by_label("Mã theo dõi").get_attribute("aria-invalid") == "true"


@browser_test
def test_question_sent_offline_is_delivered_once_when_online(live_site, context):
    page = context.new_page()
    ask(page, live_site)
    context.set_offline(True)
    page.get_by_role("button", name="Gửi câu hỏi").click()
    result = page.locator("#question-result")
    result.filter(has_text="hộp thư đi").wait_for()
    [item] = outbox(page)
    assert Question.objects.count() == 0
    assert page.get_by_label("Nội dung câu hỏi").input_value() == ""
    context.set_offline(False)
    code = result.locator(".form-code").inner_text(timeout=20_000)
    question = Question.objects.get(client_key=item["key"])
    assert question.tracking_code == code and question.body == QUESTION
    assert Question.objects.filter(client_key=item["key"]).count() == 1
    assert outbox(page) == []


@browser_test
def test_bad_question_shows_the_vietnamese_field_error(live_site, context):
    page = context.new_page()
    assert page.goto(live_site + "/hoi-dap/gui-cau-hoi/").ok
    page.get_by_role("button", name="Gửi câu hỏi").click()  # empty: the script's own check
    body = page.get_by_label("Nội dung câu hỏi")
    assert body.get_attribute("aria-invalid") == "true"
    assert page.locator("#question-body-error").inner_text() == "Vui lòng nhập nội dung câu hỏi."
    assert body.evaluate("el => document.activeElement === el")
    body.fill("Câu hỏi hợp lệ về cải cách hành chính")
    # Passes the widget's light check, fails the API's validator: the message comes from the API.
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("nguoi..dan@example..vn")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/questions")) as answer:
        page.get_by_role("button", name="Gửi câu hỏi").click()
    assert answer.value.status == 400
    page.wait_for_selector("#question-email[aria-invalid='true']")
    assert "thư điện tử hợp lệ" in page.locator("#question-email-error").inner_text()
    assert body.get_attribute("aria-invalid") is None
    assert "Dữ liệu chưa hợp lệ" in page.locator("#question-result").inner_text()
    assert Question.objects.count() == 0


SURVEY_TEMPLATE = THEME / "templates" / "survey.html"
FILL_SURVEY = """() => {
  const form = document.querySelector('form[data-cchc-form="survey"]');
  const done = new Set();
  for (const el of form.elements) {
    if (!el.name || el.name === "website" || el.type === "hidden" || done.has(el.name)) continue;
    if (el.type === "radio" || el.type === "checkbox") { el.checked = true; done.add(el.name); }
    else if (el.tagName === "SELECT") el.selectedIndex = el.options.length - 1;
    else if ("value" in el && el.type !== "submit") el.value = "Thủ tục nhanh gọn, cán bộ tận tình.";
  }
}"""


@pytest.fixture
def survey_site(
    django_db_serialized_rollback, transactional_db, live_server, build_config, static_server, settings
):
    """The demo site with the surveys' demo built against the live API: the open survey's URL."""
    from cms.core.services import demo_content_load
    from cms.surveys.models import SurveyPage

    demo_content_load()  # with the demo surveys
    now = timezone.now()
    page = SurveyPage.objects.live().filter(opens_at__lte=now, closes_at__gt=now).first()
    assert page is not None, "the surveys' demo has no open survey"
    config = replace(build_config, api_base_url=live_server.url)
    build_site(config)
    origin = static_server(config.output_dir)
    settings.CORS_ALLOWED_ORIGINS = [origin]
    return f"{origin}/{page.url_path.removeprefix(page.get_site().root_page.url_path)}"


@browser_test
@pytest.mark.skipif(
    not SURVEY_TEMPLATE.exists(),
    reason="no survey form yet: themes/cchc/templates/survey.html comes with the surveys work (issue 6)",
)
def test_survey_is_answered_online_then_offline(survey_site, context):
    from cms.surveys.models import SurveyResponse

    page = context.new_page()
    form = page.locator('form[data-cchc-form="survey"]').first
    for offline in (False, True):
        assert page.goto(survey_site).ok
        page.evaluate(FILL_SURVEY)
        context.set_offline(offline)
        form.locator('button[type="submit"]').click()
        if offline:
            form.locator(".form-result").filter(has_text="hộp thư đi").wait_for()
            [item] = outbox(page)
            assert not SurveyResponse.objects.filter(client_key=item["key"]).exists()
            context.set_offline(False)
        code = form.locator(".form-code").inner_text(timeout=20_000)
        assert code.startswith("KS-")
        assert SurveyResponse.objects.filter(tracking_code=code).count() == 1
    assert SurveyResponse.objects.filter(client_key=item["key"]).count() == 1
