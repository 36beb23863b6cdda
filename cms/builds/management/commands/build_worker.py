"""`python -m cms build_worker`: build the static site whenever editors publish (publish on save)."""

import signal
import threading
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.builds.worker import config_from_env, worker_run


class Command(BaseCommand):
    help = "Dựng lại trang tĩnh (và triển khai lên S3 nếu có S3_BUCKET) mỗi khi có trang được xuất bản."
    # call_command(..., config_factory=...) lets tests build into a temporary folder.
    stealth_options = ("config_factory",)

    def add_arguments(self, parser) -> None:  # noqa: ANN001 - argparse's parser
        parser.add_argument(
            "--once", action="store_true", help="Xử lý các yêu cầu đang chờ rồi thoát (cho cron, kiểm thử)."
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=settings.BUILD_POLL_SECONDS,
            metavar="GIÂY",
            help="Số giây giữa hai lần xem hàng đợi (mặc định: CCHC_BUILD_POLL_SECONDS).",
        )

    def handle(self, *args, once: bool, poll: float, **options) -> None:
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            self.stdout.write(f"Tiến trình dựng trang đang chạy, xem hàng đợi mỗi {poll:g} giây.")
        built = worker_run(
            stop=stop,
            poll=poll,
            once=once,
            stale_after=timedelta(minutes=settings.BUILD_STALE_MINUTES),
            config_factory=options.get("config_factory") or config_from_env,
        )
        self.stdout.write(f"Đã chạy {built} lần dựng; dừng tiến trình dựng trang.")
