"""`python -m cms serve_demo`: the admin and API on :8000 and the static site on :8080; Ctrl-C stops both."""

import functools
import io
import sys
import threading
from dataclasses import replace
from datetime import timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cms.builds.worker import config_from_env, worker_run


class QuietStaticHandler(SimpleHTTPRequestHandler):
    """Serves output/ as the CDN would; unknown paths get the site's own 404 page."""

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        return

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def run_scheduler(stop: threading.Event, *, every: float) -> None:
    """Publish and unpublish what editors scheduled, as cron runs `publish_scheduled` in production."""
    while not stop.wait(every):
        try:
            call_command("publish_scheduled", stdout=io.StringIO())
        except Exception as exc:  # noqa: BLE001 - a failed round must not stop the demo; the next one retries
            print(f"Lỗi khi xuất bản theo lịch: {exc}", file=sys.stderr)  # noqa: T201
        finally:
            connections.close_all()


def run_build_worker(stop: threading.Event, *, every: float, site_dir: Path) -> None:
    """Publish on save: rebuild the static site served on :8080 whenever an editor publishes."""
    try:
        worker_run(
            stop=stop,
            poll=every,
            stale_after=timedelta(minutes=settings.BUILD_STALE_MINUTES),
            config_factory=lambda: replace(config_from_env(), output_dir=site_dir),
        )
    except Exception as exc:  # noqa: BLE001 - the demo keeps serving; the error is shown
        print(f"Tiến trình dựng trang đã dừng vì lỗi: {exc}", file=sys.stderr)  # noqa: T201
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Chạy bản trình diễn: quản trị và API ở cổng 8000, trang tĩnh ở cổng 8080."

    def add_arguments(self, parser):
        parser.add_argument("--site-dir", default=str(settings.BASE_DIR / "output"))
        parser.add_argument("--site-port", type=int, default=8080)
        parser.add_argument("--cms-port", type=int, default=8000)
        parser.add_argument(
            "--schedule-every", type=float, default=60.0, help="giây giữa hai lần xuất bản theo lịch"
        )
        parser.add_argument(
            "--build-every",
            type=float,
            default=settings.BUILD_POLL_SECONDS,
            help="giây giữa hai lần xem hàng đợi dựng trang tĩnh",
        )

    def handle(self, *args, site_dir, site_port, cms_port, schedule_every, build_every, **options):
        root = Path(site_dir)
        if not (root / "index.html").exists():
            raise CommandError(f"Chưa có trang tĩnh trong {root}: hãy chạy `python build.py` trước.")
        handler = functools.partial(QuietStaticHandler, directory=str(root))
        static = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
        threading.Thread(target=static.serve_forever, daemon=True).start()
        self.stdout.write(self.style.SUCCESS(f"Trang tĩnh:      http://127.0.0.1:{site_port}/"))
        self.stdout.write(self.style.SUCCESS(f"Quản trị và API: http://127.0.0.1:{cms_port}/admin/"))
        stop = threading.Event()
        threading.Thread(
            target=run_scheduler, args=(stop,), kwargs={"every": schedule_every}, daemon=True
        ).start()
        self.stdout.write(f"Xuất bản theo lịch: mỗi {schedule_every:g} giây.")
        threading.Thread(
            target=run_build_worker,
            args=(stop,),
            kwargs={"every": build_every, "site_dir": root},
            daemon=True,
        ).start()
        self.stdout.write("Tự động dựng trang tĩnh khi xuất bản: đang bật (xem Báo cáo → Trang tĩnh).")
        self.stdout.write("Nhấn Ctrl-C để dừng cả hai.")
        try:
            call_command("runserver", f"127.0.0.1:{cms_port}", use_reloader=False)
        finally:
            stop.set()
            static.shutdown()
