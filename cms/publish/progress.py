"""Progress output for the build steps (rich bars on a terminal, nothing when quiet)."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")
console = Console(stderr=True)


def track(items: Iterable[T], *, total: int | None, label: str, quiet: bool) -> Iterator[T]:
    """Yield items while showing a progress bar labelled in Vietnamese."""
    if quiet:
        yield from items
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


@contextmanager
def counter(*, total: int, label: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar advanced by calls to the yielded function (for work done in other processes)."""
    if quiet:
        yield lambda _n: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def say(message: str, *, quiet: bool) -> None:
    if not quiet:
        console.print(message)
