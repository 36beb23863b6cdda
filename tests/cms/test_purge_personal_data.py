"""`purge_personal_data` blanks citizens' personal data past the retention period, in batches, once."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.consultations.models import Opinion
from cms.core.management.commands.purge_personal_data import models_with_personal_data
from cms.qa.models import Question
from tests.cms.consultations.opinion_data import consultation_open

PERSONAL = {"name": "Lê Văn Cường", "email": "cuong@example.vn", "ip_hash": "f" * 64}


def aged(row, days: int):
    type(row).objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=days))
    return row


@pytest.fixture
def rows(db, settings):
    settings.CCHC_PERSONAL_DATA_RETENTION_DAYS = 365
    page = consultation_open()
    article = page.draft_articles()[0]

    def question(days: int) -> Question:
        return aged(
            Question.objects.create(client_key=uuid.uuid4(), body=f"Câu hỏi {days}", **PERSONAL), days
        )

    def opinion(days: int) -> Opinion:
        made = Opinion.objects.create(
            consultation=page,
            article_id=article.id,
            client_key=uuid.uuid4(),
            body=f"Góp ý {days}",
            phone="0912345678",
            **PERSONAL,
        )
        return aged(made, days)

    return {
        "old_questions": [question(400), question(366), question(500)],
        "new_question": question(364),
        "old_opinion": opinion(800),
        "new_opinion": opinion(10),
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def personal(row) -> tuple:
    row.refresh_from_db()
    return tuple(getattr(row, name) for name in type(row).personal_data_fields)


def test_question_and_opinion_declare_their_personal_data():
    found = set(models_with_personal_data())
    assert {Question, Opinion} <= found
    assert Question.personal_data_fields == ("name", "email", "ip_hash")
    assert Opinion.personal_data_fields == ("name", "email", "phone", "ip_hash")


def test_dry_run_counts_and_changes_nothing(rows):
    out = run("--dry-run")
    assert "Câu hỏi của người dân (qa.Question): 3 bản ghi sẽ bị xóa thông tin." in out
    assert "Ý kiến góp ý dự thảo (consultations.Opinion): 1 bản ghi sẽ bị xóa thông tin." in out
    assert "Thời hạn lưu giữ: 365 ngày" in out
    assert all(personal(q) == ("Lê Văn Cường", "cuong@example.vn", "f" * 64) for q in rows["old_questions"])


def test_purge_blanks_expired_rows_in_batches_and_keeps_the_rest(rows):
    out = run("--batch-size", "2")
    assert "Câu hỏi của người dân (qa.Question): 2/3" in out
    assert "Câu hỏi của người dân (qa.Question): 3/3" in out
    assert "đã xóa thông tin cá nhân của 3 bản ghi" in out
    for question in rows["old_questions"]:
        assert personal(question) == ("", "", "")
        assert question.body.startswith("Câu hỏi")  # the submission itself stays
    assert personal(rows["old_opinion"]) == ("", "", "", "")
    assert personal(rows["new_question"]) == ("Lê Văn Cường", "cuong@example.vn", "f" * 64)
    assert personal(rows["new_opinion"]) == ("Lê Văn Cường", "cuong@example.vn", "0912345678", "f" * 64)
    assert "Tổng cộng 4 bản ghi đã được xóa thông tin cá nhân." in out


def test_purge_is_idempotent(rows):
    run()
    again = run()
    assert "Tổng cộng 0 bản ghi đã được xóa thông tin cá nhân." in again
    assert "qa.Question): 0 bản ghi cần xóa thông tin." in again


def test_a_row_with_only_some_personal_data_left_is_still_purged(rows):
    question = rows["old_questions"][0]
    Question.objects.filter(pk=question.pk).update(name="", email="")
    run()
    assert personal(question) == ("", "", "")


def test_retention_period_comes_from_settings(rows, settings):
    settings.CCHC_PERSONAL_DATA_RETENTION_DAYS = 5
    run()
    assert personal(rows["new_question"]) == ("", "", "")
    assert personal(rows["new_opinion"]) == ("", "", "", "")
