"""The build as one call: the named steps in order, one build at a time, a report instead of a traceback.

build.py and the publish-on-save worker both go through `run_build`, so they share the lock (two
builds writing one output folder would mix their files) and the report the admin shows.
"""

import fcntl
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cms.publish.config import BuildConfig, BuildError

STEPS = ("export", "render", "index", "deploy")
DEFAULT_STEPS = ("export", "render", "index")


@dataclass(frozen=True)
class StepReport:
    name: str
    seconds: float
    summary: str


@dataclass
class BuildReport:
    """What a build did: each finished step with its figures, and the error that stopped it, if any."""

    steps: list[StepReport] = field(default_factory=list)
    error: str | None = None
    failed_step: str | None = None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


@contextmanager
def build_lock(config: BuildConfig, *, wait: bool = True) -> Iterator[None]:
    """One build at a time per var folder (an OS lock: released even when the process dies)."""
    config.var_dir.mkdir(parents=True, exist_ok=True)
    with (config.var_dir / "build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise BuildError("Một lần dựng trang khác đang chạy; hãy thử lại sau.") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _runners() -> dict[str, Callable[..., Any]]:
    from cms.publish import deploy, export, index, render

    return {"export": export.run, "render": render.run, "index": index.run, "deploy": deploy.run}


def _summary(result: Any) -> str:
    describe = getattr(result, "describe", None)
    return describe() if callable(describe) else ""


def run_build(
    config: BuildConfig,
    steps: Sequence[str] = DEFAULT_STEPS,
    *,
    step_kwargs: dict[str, dict[str, Any]] | None = None,
) -> BuildReport:
    """Run the steps in the canonical order; stop at the first failure (the bucket is only touched last).

    Never raises BuildError: the report carries it. Other exceptions are bugs and propagate.
    """
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown build steps: {unknown}")
    report = BuildReport()
    runners = _runners()
    try:
        with build_lock(config):
            for name in (s for s in STEPS if s in steps):
                started = time.perf_counter()
                try:
                    result = runners[name](config, **(step_kwargs or {}).get(name, {}))
                except BuildError as exc:
                    report.error, report.failed_step = str(exc), name
                    return report
                report.results[name] = result
                report.steps.append(StepReport(name, time.perf_counter() - started, _summary(result)))
    except BuildError as exc:  # the lock
        report.error = str(exc)
    return report
