"""Every admin screen an editor uses is in Vietnamese: no English message of Wagtail or Django shows."""

import io
import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow

from cms.builds.models import BuildRequest, BuildRun
from cms.consultations.models import ConsultationPage
from cms.core.models import HomePage, ReformArea, SectionPage, StandardPage
from cms.core.services import demo_content_load
from cms.documents.models import DocumentIndexPage, DocumentKind, Issuer, LegalDocumentPage, SignerTitle
from cms.news.models import NewsArticlePage
from cms.qa.models import Question, QuestionIndexPage, QuestionPage
from cms.units.models import Unit, UnitSuccession
from tests.cms.admin_text import PLACEHOLDER, WAGTAIL_DIR, english_texts, po_entries, words


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 9), "#b71c1c").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Ảnh hội nghị", file=ImageFile(io.BytesIO(buffer.getvalue()), name="hoi-nghi.png")
    )


def _one(model, parent: Page, **fields) -> Page:
    """A page of this type from the demo content, or a new one (the demo grows page types over time)."""
    return model.objects.order_by("path").first() or _publish(
        parent, model(slug=f"kiem-thu-{model.__name__}", **fields)
    )


def _pages() -> dict[str, Page]:
    home = HomePage.objects.get()
    section = _one(SectionPage, home, title="Chuyên mục")
    unit = Unit.objects.get(code="02")
    docs = _one(DocumentIndexPage, home, title="Văn bản")
    qa = _one(QuestionIndexPage, home, title="Hỏi – đáp")
    now = timezone.now()
    article = {"number": "Điều 1", "title": "Phạm vi", "text": "", "clauses": []}
    return {
        "home": home,
        "section": section,
        "news": _one(NewsArticlePage, section, title="Tin", body="<p>Tin CCHC</p>"),
        "standard": _one(StandardPage, home, title="Giới thiệu", body="<p>Cổng</p>"),
        "doc_index": docs,
        "legal_doc": _one(
            LegalDocumentPage,
            docs,
            title="Ban hành Chương trình tổng thể CCHC",
            number="876/QĐ-BNV",
            kind=DocumentKind.objects.first(),
            issuer=Issuer.objects.first(),
            issued_on=date(2025, 7, 10),
        ),
        "consultation": _one(
            ConsultationPage,
            section,
            title="Dự thảo Nghị định về dịch vụ công",
            drafting_unit=unit,
            opens_at=now,
            closes_at=now + timedelta(days=30),
            draft=[("article", article)],
        ),
        "qa_index": qa,
        "question_page": _one(
            QuestionPage,
            qa,
            title="Thủ tục cấp hộ chiếu",
            question="Thủ tục cấp hộ chiếu trực tuyến thế nào?",
            asked_on=date(2025, 8, 1),
            answer="<p>Nộp hồ sơ trên Cổng dịch vụ công.</p>",
            answering_unit=unit,
            answered_on=date(2025, 8, 5),
        ),
    }


def _build_run(page: Page, user) -> BuildRun:
    """A failed build of the static site, so the dashboard panel and the report show a run and its error."""
    now = timezone.now()
    run = BuildRun.objects.create(
        status=BuildRun.Status.FAILED,
        started_at=now,
        finished_at=now,
        seconds=3.2,
        steps=[{"name": "export", "seconds": 1.2, "summary": "1 trang ghi mới"}],
        failed_step="render",
        error="Pelican không dựng được trang",
    )
    BuildRequest.objects.create(
        action=BuildRequest.Action.PUBLISH, page_id=page.pk, page_title=page.title, user=user, run=run
    )
    BuildRequest.objects.create(action=BuildRequest.Action.MANUAL, user=user)  # waiting for the next run
    return run


def _content_create() -> dict[str, int]:
    """Ids of one object of every kind an editor meets, for the screens' URLs."""
    demo_content_load()
    user = get_user_model().objects.create_superuser("bientap", "bientap@localhost", "mat-khau-thu-nghiem")
    pages = _pages()
    # A page in moderation and a locked page, so the workflow and locked-page reports have rows.
    # Another editor submits it: a reviewer may not be the one who asked for the review.
    moderation = pages["news"].current_workflow_state
    if moderation is None:
        author = get_user_model().objects.create_superuser("tacgia", "tacgia@localhost", "mat-khau-2")
        moderation = Workflow.objects.filter(active=True).order_by("pk").first().start(pages["news"], author)
    pages["standard"].locked, pages["standard"].locked_by = True, user
    pages["standard"].locked_at = timezone.now()
    pages["standard"].save()
    unit = Unit.objects.get(code="02")
    return dict(
        **{name: page.pk for name, page in pages.items()},
        image=_image().pk,
        document=get_document_model()
        .objects.create(title="Quyết định 876", file=ContentFile(b"%PDF-1.4", name="876.pdf"))
        .pk,
        question=Question.objects.create(client_key=uuid.uuid4(), body="Hỏi về thủ tục").pk,
        unit=unit.pk,
        succession=UnitSuccession.objects.first().pk,
        reform_area=ReformArea.objects.first().pk,
        kind=DocumentKind.objects.first().pk,
        issuer=Issuer.objects.first().pk,
        signer_title=SignerTitle.objects.get_or_create(name="Bộ trưởng")[0].pk,
        workflow=moderation.workflow_id,
        task=Task.objects.first().pk,
        task_state=moderation.current_task_state.pk,
        group=Group.objects.order_by("pk").first().pk,
        user=user.pk,
        site=Site.objects.get().pk,
        redirect=Redirect.objects.create(old_path="/tin-cu", redirect_link="/tin-tuc/").pk,
        build_run=_build_run(pages["news"], user).pk,
        collection=Collection.get_first_root_node().add_child(name="Hội nghị").pk,
    )


@pytest.fixture(scope="module")
def site_content(django_db_setup, django_db_blocker) -> Iterator[dict[str, int]]:
    """The content, made once for the module's ~120 screens and rolled back after them.

    Each test still runs in its own savepoint (the `db` fixture), nested in this transaction.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield _content_create()
        transaction.set_rollback(True)


@pytest.fixture
def ids(db, site_content, client) -> dict[str, int]:
    client.force_login(get_user_model().objects.get(pk=site_content["user"]))
    return site_content


PAGE_TYPES = {
    "home": "core/homepage",
    "section": "core/sectionpage",
    "standard": "core/standardpage",
    "news": "news/newsarticlepage",
    "doc_index": "documents/documentindexpage",
    "legal_doc": "documents/legaldocumentpage",
    "consultation": "consultations/consultationpage",
    "qa_index": "qa/questionindexpage",
    "question_page": "qa/questionpage",
}
# Where a new page of each type is added; the home page is added under the tree's root.
ADD_PARENTS = {
    "home": "1",
    "section": "{home}",
    "standard": "{home}",
    "news": "{section}",
    "doc_index": "{section}",
    "legal_doc": "{doc_index}",
    "consultation": "{section}",
    "qa_index": "{home}",
    "question_page": "{qa_index}",
}

SNIPPETS = {
    "unit": "units/unit",
    "succession": "units/unitsuccession",
    "reform_area": "core/reformarea",
    "kind": "documents/documentkind",
    "issuer": "documents/issuer",
    "signer_title": "documents/signertitle",
    "question": "qa/question",
}

SCREENS: dict[str, str] = {
    "dashboard": "/admin/",
    "explorer: root": "/admin/pages/",
    "explorer: home page": "/admin/pages/{home}/",
    "explorer: section": "/admin/pages/{section}/",
    **{f"page edit: {t}": f"/admin/pages/{{{name}}}/edit/" for name, t in PAGE_TYPES.items()},
    **{f"page add: {t}": f"/admin/pages/add/{t}/{ADD_PARENTS[name]}/" for name, t in PAGE_TYPES.items()},
    "page add: choose type": "/admin/pages/{section}/add_subpage/",
    "page history": "/admin/pages/{news}/history/",
    "page revisions compare": "/admin/pages/{news}/revisions/compare/earliest...latest/",
    "page workflow history": "/admin/pages/{news}/workflow_history/",
    "page usage": "/admin/pages/{news}/usage/",
    "page move": "/admin/pages/{standard}/move/",
    "page move confirm": "/admin/pages/{standard}/move/{section}/confirm/",
    "page copy": "/admin/pages/{standard}/copy/",
    "page delete": "/admin/pages/{section}/delete/",
    "page unpublish": "/admin/pages/{section}/unpublish/",
    "page privacy": "/admin/pages/{section}/privacy/",
    "page workflow approve": "/admin/pages/workflow/collect_action_data/{news}/approve/{task_state}/",
    "page workflow reject": "/admin/pages/workflow/collect_action_data/{news}/reject/{task_state}/",
    "page workflow cancel": "/admin/pages/workflow/confirm_cancellation/{news}/",
    "page type usage": "/admin/pages/usage/news/newsarticlepage/",
    "page search": "/admin/pages/search/?q=cải+cách",
    "workflows": "/admin/workflows/list/",
    "workflow add": "/admin/workflows/add/",
    "workflow edit": "/admin/workflows/edit/{workflow}/",
    "workflow usage": "/admin/workflows/usage/{workflow}/",
    "workflow tasks": "/admin/workflows/tasks/index/",
    "workflow task type": "/admin/workflows/tasks/select_type/",
    "workflow task add": "/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/",
    "workflow task edit": "/admin/workflows/tasks/edit/{task}/",
    "report: workflows": "/admin/reports/workflow/",
    "report: workflow tasks": "/admin/reports/workflow_tasks/",
    "report: locked pages": "/admin/reports/locked/",
    "report: aging pages": "/admin/reports/aging-pages/",
    "report: site history": "/admin/reports/site-history/",
    "report: page types usage": "/admin/reports/page-types-usage/",
    "report: static site builds": "/admin/trang-tinh/",
    # No "/admin/snippets/" index: every snippet has its own menu, so Wagtail refuses that screen.
    **{f"snippet list: {t}": f"/admin/snippets/{t}/" for t in SNIPPETS.values()},
    **{f"snippet add: {t}": f"/admin/snippets/{t}/add/" for t in SNIPPETS.values()},
    **{f"snippet edit: {t}": f"/admin/snippets/{t}/edit/{{{name}}}/" for name, t in SNIPPETS.items()},
    "snippet history": "/admin/snippets/qa/question/history/{question}/",
    "snippet delete": "/admin/snippets/core/reformarea/delete/{reform_area}/",
    "images": "/admin/images/",
    "image add": "/admin/images/add/",
    "image upload": "/admin/images/multiple/add/",
    "image edit": "/admin/images/{image}/",
    "image delete": "/admin/images/{image}/delete/",
    "image usage": "/admin/images/usage/{image}/",
    "documents": "/admin/documents/",
    "document add": "/admin/documents/add/",
    "document upload": "/admin/documents/multiple/add/",
    "document edit": "/admin/documents/edit/{document}/",
    "document delete": "/admin/documents/delete/{document}/",
    "collections": "/admin/collections/",
    "collection add": "/admin/collections/add/",
    "collection edit": "/admin/collections/{collection}/",
    "chooser: page": "/admin/choose-page/",
    "chooser: page children": "/admin/choose-page/{home}/",
    "chooser: external link": "/admin/choose-external-link/",
    "chooser: email link": "/admin/choose-email-link/",
    "chooser: phone link": "/admin/choose-phone-link/",
    "chooser: anchor link": "/admin/choose-anchor-link/",
    "chooser: image": "/admin/images/chooser/",
    "chooser: document": "/admin/documents/chooser/",
    "chooser: unit": "/admin/snippets/choose/units/unit/",
    "account": "/admin/account/",
    "users": "/admin/users/",
    "user add": "/admin/users/new/",
    "user edit": "/admin/users/edit/{user}/",
    "groups": "/admin/groups/",
    "group add": "/admin/groups/new/",
    "group edit": "/admin/groups/edit/{group}/",
    "sites": "/admin/sites/",
    "site add": "/admin/sites/new/",
    "site edit": "/admin/sites/edit/{site}/",
    "redirects": "/admin/redirects/",
    "redirect add": "/admin/redirects/add/",
    "redirect edit": "/admin/redirects/{redirect}/",
    "redirect import": "/admin/redirects/import/",
}
# Forms sent empty, to show the validation messages an editor meets.
INVALID_FORMS: dict[str, str] = {
    "page add: invalid": "/admin/pages/add/core/standardpage/{home}/",
    "page edit: invalid": "/admin/pages/{standard}/edit/",
    "snippet add: invalid": "/admin/snippets/units/unit/add/",
    "image add: invalid": "/admin/images/add/",
    "document add: invalid": "/admin/documents/add/",
    "user add: invalid": "/admin/users/new/",
    "redirect add: invalid": "/admin/redirects/add/",
}


def _html(response) -> str:
    """The screen's HTML; a modal (chooser, privacy) comes as JSON holding its HTML."""
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return json.loads(body).get("html", "")
    return body


def _render(client, url: str, data: dict | None = None) -> str:
    response = client.get(url) if data is None else client.post(url, data)
    # A redirect would be a refusal (the login page, or the dashboard with "permission denied").
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return _html(response)


# Rows Wagtail's own migrations create, in English: renaming them takes a data migration, not a message.
WAGTAIL_DEFAULT_ROWS = {
    "Root",  # the root collection and the root of the page tree
    "Editors",  # groups
    "Moderators",
    "Moderators approval",  # the default workflow and its task
    "Welcome to your new Wagtail site!",  # the placeholder page, still named in the site history
}


def _english_data() -> set[str]:
    """Text the database holds in English: Django stores permission names untranslated."""
    return WAGTAIL_DEFAULT_ROWS | set(Permission.objects.values_list("name", flat=True))


@pytest.mark.parametrize("screen", [*SCREENS, *INVALID_FORMS])
def test_screen_shows_no_english(client, ids, screen, monkeypatch):
    # The portal has its one home page; lift the limit to see the form for adding one.
    monkeypatch.setattr(HomePage, "max_count", None)
    if screen in SCREENS:
        url, data = SCREENS[screen].format_map(ids), None
    else:  # sent empty, to show the validation messages
        url, data = INVALID_FORMS[screen].format_map(ids), {}
    english = english_texts(_render(client, url, data), data=_english_data())
    assert not english, f"{screen} ({url}) shows English:\n  " + "\n  ".join(english)


def test_detector_finds_english_and_spares_vietnamese():
    """The check can fail: each way English reaches a screen is caught; Vietnamese and data pass."""
    html = """
        <title>Sửa trang - Wagtail</title>
        <button aria-label="Toggle sidebar"></button>
        <input placeholder="Search pages…"><input type="submit" value="Lưu">
        <p>Đã xuất bản <b>Edit</b> lúc 9:00</p>
        <select><option>Trang chủ</option><option>Collection</option></select>
        <span>Đã gửi 2 minutes trước</span><td>Add child page</td>
        <p>Are you sure you want to delete <strong>Tin tức</strong>?</p>
        <script>var s = "Delete";</script>
        <script type="application/json">{"label": "Save draft", "icon": "edit", "type": "DOCUMENT"}</script>
        <div data-w-block-value='{"strings": {"MOVE_UP": "Move up"}}'></div>
        <p>Tỉnh Hà Giang · 876/QĐ-BNV · hoi-nghi.png · <code>from</code> · Wagtail · Ctrl + Alt + m</p>
    """
    assert english_texts(html) == [
        "Add child page",
        "Are you sure you want to delete",
        "Are you sure you want to delete Tin tức?",
        "Collection",
        "Edit",
        "Move up",
        "Save draft",
        "Search pages…",
        "Toggle sidebar",
        "Đã gửi 2 minutes trước",
        "Đã xuất bản Edit lúc 9:00",
    ]


ANONYMOUS_SCREENS = {
    "login": ("/admin/login/", None),
    "login: wrong password": ("/admin/login/", {"username": "bientap", "password": "sai-mat-khau"}),
    "password reset": ("/admin/password_reset/", None),
    "password reset: invalid": ("/admin/password_reset/", {"email": "khong-hop-le"}),
    "password reset sent": ("/admin/password_reset/done/", None),
}


@pytest.mark.django_db
@pytest.mark.parametrize("screen", ANONYMOUS_SCREENS)
def test_anonymous_screens_show_no_english(client, screen):
    url, data = ANONYMOUS_SCREENS[screen]
    english = english_texts(_render(client, url, data))
    assert not english, f"{screen} ({url}) shows English:\n  " + "\n  ".join(english)


@pytest.mark.django_db
def test_login_reads_naturally(client):
    """Wagtail's own catalogue glues "Nhập Tên đăng nhập" to "của bạn"; ours fixes it, in lower case."""
    html = client.get("/admin/login/").content.decode()
    assert "Nhập Tên đăng nhậpcủa bạn" not in html
    assert 'placeholder="Nhập tên đăng nhập của bạn"' in html
    assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*Mật khẩu', html)  # Wagtail hard-codes none
    refused = client.post("/admin/login/", {"username": "bientap", "password": "sai"}).content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu. Vui lòng thử lại." in refused


def _js_catalogue(client) -> dict[str, str]:
    script = client.get("/admin/jsi18n/").content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])


@pytest.mark.django_db
def test_javascript_catalogue_is_complete(client):
    """Every message of Wagtail's JavaScript (editor, explorer, choosers, comments) has Vietnamese."""
    catalogue = _js_catalogue(client)
    path = WAGTAIL_DIR / "admin/locale/en/LC_MESSAGES/djangojs.po"
    missing = []
    for msgid, plural in po_entries(path):
        translated = catalogue.get(msgid)
        translated = translated[0] if plural and translated else translated
        if not translated or (translated in (msgid, plural) and words(PLACEHOLDER.sub(" ", msgid))):
            missing.append(msgid)
    assert not missing, "Wagtail's JavaScript shows in English:\n  " + "\n  ".join(missing)
    # Wagtail's own `vi` catalogue has these; ours overrides them for consistent terms.
    assert catalogue["Settings"] == "Cấu hình"
    assert catalogue["Save error"] == "Lỗi khi lưu"
    assert catalogue["Page explorer"] == "Cây trang"
