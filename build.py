"""Build the public site: `python build.py [export] [render] [index] [deploy] [--full] [--dry-run] [--quiet]`.

With no step named, runs export, render and index into ./output. `deploy` uploads ./output to
the S3 bucket named by S3_BUCKET (endpoint S3_ENDPOINT_URL, credentials from the environment).
Every step is incremental: only pages published since the previous build are fetched, rendered,
indexed and uploaded; `--full` starts from scratch.
"""

import argparse
import os
import sys
from dataclasses import replace

from cms.publish.pipeline import DEFAULT_STEPS, STEPS, BuildReport


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Dựng và triển khai trang tĩnh của Cổng thông tin CCHC.")
    parser.add_argument(
        "steps", nargs="*", metavar="STEP", help="export, render, index, deploy (mặc định: ba bước đầu)"
    )
    parser.add_argument("--quiet", action="store_true", help="không in tiến trình (cho CI)")
    parser.add_argument("--full", action="store_true", help="dựng lại toàn bộ, không dựa vào lần dựng trước")
    parser.add_argument(
        "--dry-run", action="store_true", help="bước deploy chỉ liệt kê tệp sẽ tải lên và sẽ xóa"
    )
    return parser


def print_summary(report: BuildReport) -> None:
    from rich.table import Table

    from cms.publish.progress import console

    table = Table(title="Kết quả dựng trang", title_justify="left")
    table.add_column("Bước")
    table.add_column("Kết quả")
    table.add_column("Thời gian", justify="right")
    for step in report.steps:
        table.add_row(step.name, step.summary, f"{step.seconds:.1f} giây")
    table.add_row("tổng", "", f"{report.seconds:.1f} giây", style="bold")
    console.print(table)


def _dry_run_listing(report: BuildReport) -> None:
    result = report.results.get("deploy")
    if result is None or not result.dry_run:
        return
    for key in result.uploaded_keys:
        print(f"tải lên  {key}")  # noqa: T201 - the listing is the output of --dry-run
    for key in result.deleted_keys:
        print(f"xóa      {key}")  # noqa: T201


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [s for s in args.steps if s not in STEPS]
    if unknown:
        parser.error(f"bước không hợp lệ: {', '.join(unknown)} (chọn trong {', '.join(STEPS)})")
    steps = [s for s in STEPS if s in (args.steps or DEFAULT_STEPS)]

    from cms.publish.config import BuildConfig
    from cms.publish.deploy import DeployOptions
    from cms.publish.pipeline import run_build

    config = replace(BuildConfig.from_env(), quiet=args.quiet)
    if "export" in steps and not config.cms_api_url:
        _setup_django()
    report = run_build(
        config,
        steps,
        step_kwargs={
            "export": {"full": args.full},
            "render": {"full": args.full},
            "index": {"full": args.full},
            "deploy": {"options": DeployOptions(dry_run=args.dry_run, full=args.full)},
        },
    )
    if not report.ok:
        print(f"Lỗi ở bước {report.failed_step}: {report.error}", file=sys.stderr)  # noqa: T201
        return 1
    _dry_run_listing(report)
    if not args.quiet:
        print_summary(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
