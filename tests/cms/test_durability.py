"""No acknowledged submission is lost when a gunicorn worker is killed (SIGKILL) under load.

gunicorn (2 sync workers, the API role) serves the test database; client threads post questions and,
like the widget's outbox, resend the same client key after a dropped connection or a 5xx. One worker is
killed mid-load and gunicorn starts another. Every question answered 201 must then be in the database,
once, with the tracking code the client was given.
"""

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from cms.api.abuse import solve_stamp
from cms.qa.models import Question
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 6
LOAD_SECONDS = 6.0
KILL_AFTER_SECONDS = 2.0
ATTEMPTS = 8


def database_url() -> str:
    """The test database, for the gunicorn workers (same settings module, same database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        # IMMEDIATE: two workers writing wait for the lock instead of failing with "database is locked".
        return f"sqlite:///{db['NAME']}?transaction_mode=IMMEDIATE&timeout=20"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@dataclass
class Outcome:
    acknowledged: dict[uuid.UUID, str] = field(default_factory=dict)  # client key → tracking code
    retried: set[uuid.UUID] = field(default_factory=set)
    failures: dict[str, int] = field(default_factory=dict)  # what made a client resend
    given_up: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, reason: str) -> None:
        with self.lock:
            self.failures[reason] = self.failures.get(reason, 0) + 1


def submit(url: str, key: uuid.UUID, n: int, outcome: Outcome) -> None:
    """One question, sent again with the same key until it is acknowledged (as the outbox does)."""
    body = json.dumps(
        {"client_key": str(key), "body": f"Câu hỏi kiểm tra độ bền số {n}: thủ tục mất bao lâu?"}
        | {"stamp": solve_stamp(key)}
    ).encode()
    # Each citizen has an address of its own (behind the proxy): the per-client throttle does not apply.
    ip = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"  # noqa: S311
    headers = {"Content-Type": "application/json", "X-Forwarded-For": ip}
    for attempt in range(ATTEMPTS):
        if attempt:
            with outcome.lock:
                outcome.retried.add(key)
            time.sleep(0.05 * attempt)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
                status, answer = response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            outcome.failed(f"HTTP {exc.code}")
            if exc.code < 500:
                raise AssertionError(f"{exc.code}: {exc.read()!r}") from exc
            continue
        except OSError as exc:  # connection reset or refused: the worker died mid-request
            outcome.failed(type(exc).__name__)
            continue
        assert status == 201, answer
        with outcome.lock:
            outcome.acknowledged[key] = answer["tracking_code"]
        return
    with outcome.lock:
        outcome.given_up += 1


def load(url: str, stop: threading.Event, outcome: Outcome, offset: int) -> None:
    n = offset
    while not stop.is_set():
        submit(url, uuid.uuid4(), n, outcome)
        n += CLIENTS


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "CMS_ROLE": "api",
        "DATABASE_URL": database_url(),
        "CCHC_NUM_PROXIES": "1",
        "CCHC_VAR_DIR": str(tmp_path / "var"),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    cmd = [sys.executable, "-m", "gunicorn", "-c", "python:cms.api.gunicorn", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", "2", "--worker-class", "sync", "cms.wsgi:application"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            urllib.request.urlopen(base + "/api/v1/indices/editions", timeout=2)  # noqa: S310
            return len(worker_pids(proc.pid)) == 2
        except OSError:
            return False

    try:
        if not wait_for(ready, 60):
            pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text()[-2000:])
        yield proc, base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_every_acknowledged_submission_survives_a_killed_worker(gunicorn):
    proc, base = gunicorn
    outcome, stop = Outcome(), threading.Event()
    clients = [
        threading.Thread(target=load, args=(base + "/api/v1/questions", stop, outcome, i), daemon=True)
        for i in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(KILL_AFTER_SECONDS)
    before = worker_pids(proc.pid)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    acknowledged_at_kill = len(outcome.acknowledged)
    replaced = wait_for(lambda: len(worker_pids(proc.pid) - {victim}) == 2, 20)
    time.sleep(max(0.0, LOAD_SECONDS - KILL_AFTER_SECONDS))
    stop.set()
    for client in clients:
        client.join(timeout=30)

    assert replaced, "gunicorn did not replace the killed worker"
    assert len(outcome.acknowledged) > acknowledged_at_kill, "no submission acknowledged after the kill"
    assert outcome.given_up == 0, outcome.failures
    rows = dict(
        Question.objects.filter(client_key__in=outcome.acknowledged).values_list(
            "client_key", "tracking_code"
        )
    )
    # Every 201 is in the database, with the tracking code its client was told.
    assert rows == outcome.acknowledged
    # A resent key never made a second row (client_key is unique; each retried key has its one row).
    assert outcome.retried <= set(rows)
    assert Question.objects.filter(client_key__in=outcome.retried).count() == len(outcome.retried)
    print(  # noqa: T201 - the figures this test is about, shown with -s
        f"\n201: {len(outcome.acknowledged)}, rows: {Question.objects.count()}, "
        f"resent keys: {len(outcome.retried)}, resend causes: {outcome.failures}, "
        f"acknowledged at kill: {acknowledged_at_kill}"
    )
