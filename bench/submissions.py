"""Benchmark of citizen submissions: accepted/s and latency under gunicorn with PostgreSQL.

    .venv/bin/python bench/submissions.py [--workers N] [--worker-class sync|gthread] [--seconds S] ...

Creates a fresh PostgreSQL database, migrates it, starts gunicorn as the public API hosts run it
(production settings, CMS_ROLE=api, DEBUG off, Redis cache for the throttles, rates raised so the
load is not throttled) and drives bounded load from loopback with `wrk`, posting precomputed
questions (unique client keys with valid proof-of-work stamps). Prints accepted/s, p50/p95/p99
latency, errors, and checks that the rows in the database equal the 201 answers.

The stamps are solved beforehand with a low CCHC_POW_BITS for the bench server: the server checks
a stamp with one SHA-256 whatever the difficulty, so the difficulty changes the citizen's browser
work, not the server's.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LUA = ROOT / "bench" / "submissions.lua"
BODY = "Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại xã mất bao nhiêu ngày làm việc? Câu hỏi số {n}."


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    p.add_argument("--db-name", default="cchc_h_perf_bench", help="database to (re)create")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="Redis URL for the throttles' cache")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    p.add_argument("--connections", type=int, default=16, help="concurrent wrk connections (bounded load)")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads")
    p.add_argument("--seconds", type=int, default=15, help="measured duration")
    p.add_argument("--warmup", type=int, default=3, help="warm-up duration (not counted)")
    p.add_argument("--rate-cap", type=int, default=4000, help="bodies precomputed per second of load")
    p.add_argument("--pow-bits", type=int, default=4, help="proof-of-work difficulty for the bench server")
    p.add_argument("--port", type=int, default=0, help="gunicorn port (0: a free one)")
    p.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    p.add_argument("--reuse-db", action="store_true", help="skip create+migrate (database kept earlier)")
    p.add_argument("--app", default="cms.wsgi:application", help="WSGI application to serve")
    p.add_argument(
        "--endpoint",
        choices=["questions", "survey"],
        default="questions",
        help="questions: POST /api/v1/questions; survey: answers to the demo's open survey",
    )
    p.add_argument("--env", action="append", default=[], metavar="K=V", help="extra server environment")
    return p.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "CMS_ROLE": "api",
        "DJANGO_SECRET_KEY": "bench-only-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{args.pg}/{args.db_name}",
        "REDIS_URL": args.redis,
        "CCHC_IP_HASH_SALT": "bench-only-salt",
        "SITE_ORIGIN": "http://127.0.0.1:8080",
        "CCHC_SUBMIT_RATE": "100000000/min",
        "CCHC_SUBMIT_FORM_RATE": "100000000/min",
        "CCHC_POW_BITS": str(args.pow_bits),
        "CCHC_NUM_PROXIES": "1",
        "CCHC_MIN_FILL_SECONDS": "0",
        "CCHC_VAR_DIR": tempfile.mkdtemp(prefix="cchc-bench-var-"),
    }
    env.update(kv.split("=", 1) for kv in args.env)
    return env


def psql(pg: str, sql: str, db: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(f"{pg}/{db}", autocommit=True) as conn:
        cur = conn.execute(sql)
        return str(cur.fetchone()[0]) if cur.description else ""


def recreate_database(args: argparse.Namespace, env: dict[str, str]) -> float:
    started = time.perf_counter()
    psql(args.pg, f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)')
    psql(args.pg, f'CREATE DATABASE "{args.db_name}"')
    subprocess.run([sys.executable, "-m", "cms", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def precompute_bodies(args: argparse.Namespace, env: dict[str, str], path: Path, count: int) -> float:
    """Unique client keys with stamps solved at the bench's difficulty, one JSON body a line."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        from cms.api.abuse import solve_stamp
    except ImportError:  # before the anti-abuse module exists: no stamp
        solve_stamp = None
    started = time.perf_counter()
    issued_ms = int(time.time() * 1000) - 10_000
    answers = survey_answers() if args.endpoint == "survey" else None
    with path.open("w") as out:
        for n in range(count):
            key = uuid.uuid4()
            if answers is None:
                body = {"client_key": str(key), "body": BODY.format(n=f"{n} ({key.hex[:6]})")}
            else:
                body = {"client_key": str(key), **answers(n)}
            if solve_stamp is not None:
                body["stamp"] = solve_stamp(key, issued_ms=issued_ms, bits=args.pow_bits)
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
    return time.perf_counter() - started


SURVEY_PATH = {"path": ""}


def survey_answers():
    """The demo's open survey (created when missing) and a maker of plausible responses to it."""
    import random

    from cms.core.services import home_page_ensure
    from cms.surveys.demo import surveys_demo_ensure
    from cms.surveys.models import SurveyPage, SurveyStatus
    from cms.units.selectors import provinces_current

    surveys_demo_ensure(home=home_page_ensure())
    page = next(p for p in SurveyPage.objects.live() if p.status_on() == SurveyStatus.OPEN)
    SURVEY_PATH["path"] = f"/api/v1/surveys/{page.pk}/responses"
    provinces = list(provinces_current().values_list("code", flat=True))
    rng = random.Random(7)  # noqa: S311 - bench data

    def make(n: int) -> dict:
        answers = {}
        for q in page.survey_questions():
            if q.kind == "single":
                answers[q.id] = rng.choice(q.choices)[0]
            elif q.kind == "multiple":
                answers[q.id] = [rng.choice(q.choices)[0]]
            elif q.kind == "scale":
                answers[q.id] = rng.randint(1, 5)
            elif n % 5 == 0:
                answers[q.id] = f"Ý kiến số {n}: cần hướng dẫn rõ hơn cho từng bước."
        return {"answers": answers, "province": rng.choice(provinces) if page.ask_province else ""}

    return make


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    cmd = [
        str(VENV_BIN / "gunicorn"),
        "-c",
        "python:cms.api.gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        args.app,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/schema/", timeout=5)  # noqa: S310
            return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def settled_rows(args: argparse.Namespace) -> int:
    """Questions in the database once the requests still queued when wrk stopped are done."""
    count, last = -1, -2
    while count != last:
        last = count
        time.sleep(0.5)
        table = "surveys_surveyresponse" if args.endpoint == "survey" else "qa_question"
        count = int(psql(args.pg, f"SELECT count(*) FROM {table}", args.db_name))  # noqa: S608 - fixed names
    return count


def run_wrk(args: argparse.Namespace, port: int, bodies: Path, seconds: int) -> dict:
    env = {**os.environ, "BODIES_FILE": str(bodies), "WRK_THREADS": str(args.wrk_threads)}
    if args.endpoint == "survey":
        env["SUBMIT_PATH"] = SURVEY_PATH["path"]
    cmd = [
        "wrk",
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def cpu_times() -> list[int]:
    """The machine's CPU counters (user, nice, system, idle, iowait, irq, softirq, steal)."""
    with open("/proc/stat") as stat:
        return [int(x) for x in stat.readline().split()[1:9]]


def cpu_share(before: list[int], after: list[int]) -> str:
    """Where the machine's CPU time went during the run: busy, idle and stolen by the hypervisor."""
    delta = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(delta) or 1
    idle, steal = delta[3] + delta[4], delta[7]
    busy = total - idle - steal
    return (
        f"CPU during the run: busy {100 * busy / total:.0f} %, idle {100 * idle / total:.0f} %, "
        f"stolen by the host {100 * steal / total:.0f} %"
    )


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("wrk is missing: apt-get install -y wrk")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)


def report(args: argparse.Namespace, result: dict, rows: int, keys_expected: int) -> bool:
    seconds = result["duration_us"] / 1e6
    created = result["statuses"].get("201", 0)
    errors = result["connect_errors"] + result["read_errors"] + result["write_errors"] + result["timeouts"]
    p99_ms = result["p99_us"] / 1000
    accepted = created / seconds
    print(
        f"\nworkers: {args.workers} × {args.worker_class}"
        + (f" ({args.threads} threads)" if args.worker_class == "gthread" else "")
        + f"; load: wrk {args.wrk_threads} thread(s), {args.connections} connections, {seconds:.1f} s"
    )
    print(f"requests: {result['requests']}  statuses: {result['statuses']}  replays: {result['replays']}")
    print(f"accepted/s: {accepted:,.0f}   (201 answers: {created})")
    print(
        "latency ms: "
        + "  ".join(f"p{p} {result[f'p{p}_us'] / 1000:.1f}" for p in (50, 75, 90, 95, 99))
        + f"  max {result['max_us'] / 1000:.1f}"
    )
    print(f"errors: {errors} socket/timeout, {result['non_2xx_3xx']} non-2xx")
    # wrk stops with up to one request per connection in flight: committed, but its answer unread.
    in_flight = rows - keys_expected
    durable = 0 <= in_flight <= args.connections
    print(
        f"rows in DB (measured run): {rows}; 201 answers: {keys_expected}; "
        f"unread answers at stop: {in_flight} (≤ {args.connections} connections): "
        + ("every 201 is stored" if durable else "MISMATCH")
    )
    ok = accepted >= 1000 and p99_ms < 100 and errors == 0 and durable
    print(f"target ≥ 1,000 accepted/s with p99 < 100 ms: {'MET' if ok else 'NOT MET'}")
    return ok


def main() -> int:
    args = parse_args()
    ensure_wrk()
    env = server_env(args)
    port = args.port or free_port()
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    if not args.reuse_db:
        print(f"database {args.db_name}: created and migrated in {recreate_database(args, env):.1f} s")
    warm, measured = work / "warmup.jsonl", work / "bodies.jsonl"
    t = precompute_bodies(args, env, warm, args.rate_cap * args.warmup)
    t += precompute_bodies(args, env, measured, args.rate_cap * args.seconds)
    print(
        f"bodies: {args.rate_cap * (args.warmup + args.seconds)} stamps at {args.pow_bits} bits in {t:.1f} s"
    )
    print("(the server checks a stamp with one SHA-256 whatever the difficulty)")
    log = work / "gunicorn.log"
    server = start_gunicorn(args, env, port, log)
    try:
        if args.warmup:
            run_wrk(args, port, warm, args.warmup)
        before = settled_rows(args)
        cpu_before = cpu_times()
        result = run_wrk(args, port, measured, args.seconds)
        print(cpu_share(cpu_before, cpu_times()))
        rows = settled_rows(args) - before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        errors = [line for line in log.read_text().splitlines() if "Error" in line or "Traceback" in line]
        if errors:
            print(f"server log ({len(errors)} error lines), first: {errors[0]}")
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep_db:
            psql(args.pg, f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)')
    ok = report(args, result, rows, result["statuses"].get("201", 0))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
