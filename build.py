"""Build the public site: `python build.py [export] [render] [index] [deploy] [--quiet]`.

With no step named, runs export, render and index into ./output. `deploy` uploads ./output to
the S3 bucket named by S3_BUCKET (endpoint S3_ENDPOINT_URL, credentials from the environment).
"""

import argparse
import os
import sys
import time
from dataclasses import replace

STEPS = ("export", "render", "index", "deploy")
DEFAULT_STEPS = ("export", "render", "index")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dựng và triển khai trang tĩnh của Cổng thông tin CCHC.")
    parser.add_argument(
        "steps", nargs="*", metavar="STEP", help="export, render, index, deploy (mặc định: ba bước đầu)"
    )
    parser.add_argument("--quiet", action="store_true", help="không in tiến trình (cho CI)")
    args = parser.parse_args(argv)
    unknown = [s for s in args.steps if s not in STEPS]
    if unknown:
        parser.error(f"bước không hợp lệ: {', '.join(unknown)} (chọn trong {', '.join(STEPS)})")
    steps = [s for s in STEPS if s in (args.steps or DEFAULT_STEPS)]

    from cms.publish import deploy, export, index, render
    from cms.publish.config import BuildConfig, BuildError

    config = replace(BuildConfig.from_env(), quiet=args.quiet)
    if "export" in steps and not config.cms_api_url:
        _setup_django()
    runners = {"export": export.run, "render": render.run, "index": index.run, "deploy": deploy.run}
    timings: list[tuple[str, float]] = []
    for step in steps:
        started = time.perf_counter()
        try:
            runners[step](config)
        except BuildError as exc:
            print(f"Lỗi ở bước {step}: {exc}", file=sys.stderr)
            return 1
        timings.append((step, time.perf_counter() - started))
    if not args.quiet:
        print("Xong: " + ", ".join(f"{name} {secs:.1f} giây" for name, secs in timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
