"""Pelican plugin: render only what changed, on every core.

Pelican re-renders and rewrites every page on every run. With 22,000 pages that is most of a build,
and publishing one document would take as long as publishing all of them. This plugin:

- reads the Markdown of new or changed files in parallel worker processes before Pelican's own
  (serial) reading loop, filling Pelican's reader cache (CACHE_CONTENT with the "reader" layer), so
  Pelican finds every file already parsed;
- replaces Pelican's Writer with one that gives every `write_file` call a signature: the theme,
  plugins and settings, the template, and the source files of the content objects it is given
  (for a page, also its `children` and `news`, which page_data attaches). A call whose signature
  and output files are unchanged since the last build is skipped; the others are rendered at the
  end, split over worker processes forked with the finished context (no pickling of the site);
- removes output files a previous build wrote that this build no longer produces (unpublished
  pages), and writes the list of written and removed files for the index and deploy steps.

Calls it cannot fingerprint (direct templates such as the home page, which may show any page, and
values it does not know) are always rendered: few, and correctness first. Single-page templates
must therefore not read the global `articles`/`pages` lists (see themes/cchc/README or render.py).
"""

import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import types
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.paginator import Paginator
from pelican.readers import _filter_discardable_metadata
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

logger = logging.getLogger(__name__)
STATE_VERSION = 1
# Below this many pages to render, forking workers costs more than it saves.
PARALLEL_MIN = 200
STATIC_ENTRY, FEEDS_ENTRY = "<static>", "<feeds>"


class Unhashable(Exception):
    """A value the signature cannot describe: the call is rendered every time."""


# --- signatures ------------------------------------------------------------------------------


class Fingerprints:
    """Digests of source files (once per build) and of the values templates receive.

    Containers are digested once per object: the facet groups of the browse pages hold every
    document, and each of their pages receives the same group.
    """

    def __init__(self) -> None:
        self._files: dict[str, str] = {}
        self._objects: dict[int, tuple[Any, str]] = {}  # id → (object, digest); the object pins the id

    def source(self, content: Content) -> str:
        path = content.source_path
        found = self._files.get(path)
        if found is None:
            try:
                found = hashlib.sha1(Path(path).read_bytes(), usedforsecurity=False).hexdigest()
            except OSError as exc:
                raise Unhashable(path) from exc
            self._files[path] = found
        return found

    def content(self, content: Content) -> str:
        """A page's file and the files of the pages it lists (one level down)."""
        parts = [self.source(content)]
        for attr in ("children", "news"):
            parts += [attr, self._memo(getattr(content, attr, None) or [])]
        return "|".join(parts)

    def _memo(self, value: Any) -> str:
        known = self._objects.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.sha1(self._describe(value).encode(), usedforsecurity=False).hexdigest()
        self._objects[id(value)] = (value, digest)
        return digest

    def _describe(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return "[" + ",".join(self.value(item, deep=False) for item in value) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k}={self.value(v, deep=False)}" for k, v in sorted(value.items())) + "}"
        fields = (
            f"{f.name}={self.value(getattr(value, f.name), deep=False)}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__qualname__}(" + ",".join(fields) + ")"

    def value(self, value: Any, *, deep: bool = True) -> str:
        if value is None or isinstance(value, str | int | float | bool):
            return repr(value)
        if hasattr(value, "__fingerprint__"):
            return value.__fingerprint__()
        if isinstance(value, Content):
            return self.content(value) if deep else self.source(value)
        if isinstance(value, list | tuple | dict) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        ):
            return self._memo(value)
        if isinstance(value, URLWrapper):
            return f"{type(value).__name__}:{value.name}:{value.url}"
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, types.FunctionType):
            return f"function:{value.__module__}.{value.__qualname__}"  # its code is in the global digest
        raise Unhashable(type(value).__name__)


def _tree_digest(*roots: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _plain(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def global_digest(settings: dict) -> str:
    """Everything every page depends on: theme, plugins, settings that are plain values."""
    roots = [Path(settings["THEME"])] + [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    plain = {k: v for k, v in settings.items() if k.isupper() and _plain(v)}
    text = json.dumps(plain, sort_keys=True, default=str)
    return hashlib.sha1((text + _tree_digest(*roots)).encode(), usedforsecurity=False).hexdigest()


# --- the writer ------------------------------------------------------------------------------


class _Job:
    __slots__ = ("name", "template", "context", "args", "kwargs", "signature", "pages", "page_signatures")

    def __init__(self, name, template, context, args, kwargs, signature):  # noqa: ANN001 - Pelican's
        self.name, self.template, self.context = name, template, context
        self.args, self.kwargs, self.signature = args, kwargs, signature
        self.pages: list[int] | None = None  # of a paginated listing: the page numbers to render
        self.page_signatures: dict[str, str] = {}

    def record(self, files: list[str]) -> dict:
        if self.pages is None:
            return {"signature": self.signature, "files": files}
        return {"signature": None, "pages": self.page_signatures, "files": list(self.page_signatures)}


class IncrementalWriter(Writer):
    """Defers write_file calls whose inputs changed; skips the others."""

    def __init__(self, output_path: str, settings: dict | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.state_path = Path(self.settings["INCREMENTAL_STATE_PATH"])
        self.global_digest = global_digest(self.settings)
        self.previous = self._load_state()
        self.outputs: dict[str, dict] = {}  # job name → {"signature", "files"}
        self.jobs: list[_Job] = []
        self.kept_files: set[str] = set()
        self.fingerprints = Fingerprints()
        self._recording: list[str] | None = None
        self.feed_files: set[str] = set()
        _ACTIVE.append(self)

    def _load_state(self) -> dict[str, dict]:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if state.get("version") != STATE_VERSION or state.get("global") != self.global_digest:
            return {}  # theme, plugins or settings changed: every page again
        return state.get("outputs", {})

    def _signature(self, name: str, template: Any, kwargs: dict, *, deep: bool = True) -> str | None:
        if Path(template.name).stem in self.settings["DIRECT_TEMPLATES"]:
            return None  # home, search, 404…: may show any page; few, so always rendered
        try:
            parts = [name, template.name]
            parts += [f"{key}={self.fingerprints.value(kwargs[key], deep=deep)}" for key in sorted(kwargs)]
        except Unhashable:
            return None
        return hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()

    def _paginators(self, name: str, kwargs: dict) -> dict[str, Paginator]:
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][kwargs["template_name"]]
            or self.settings["DEFAULT_PAGINATION"]
        )
        return {
            key: Paginator(name, kwargs.get("url"), items, self.settings, per_page)
            for key, items in kwargs["paginated"].items()
        }

    def _paginated_job(self, job: _Job) -> bool:
        """Give each page of a paginated listing its own signature; keep the pages that did not change.

        The listing's other arguments count only by their own file (a section's `children` are what
        is paginated), plus the number of items and pages.
        """
        rest = {k: v for k, v in job.kwargs.items() if k != "paginated"}
        base = self._signature(job.name, job.template, rest, deep=False)
        if base is None:
            return False
        paginators = self._paginators(job.name, job.kwargs)
        first = next(iter(paginators.values()))
        try:
            for number in range(1, first.num_pages + 1):
                parts = [base, str(number), str(first.num_pages), str(first.count)]
                for key, paginator in sorted(paginators.items()):
                    parts += [
                        key,
                        *(self.fingerprints.value(o, deep=False) for o in paginator.page(number).object_list),
                    ]
                digest = hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
                job.page_signatures[first.page(number).save_as] = digest
        except Unhashable:
            return False
        before = self.previous.get(job.name, {}).get("pages", {})
        job.pages = [
            number
            for number, (save_as, digest) in enumerate(job.page_signatures.items())
            if before.get(save_as) != digest or not os.path.exists(os.path.join(self.output_path, save_as))
        ]
        rendered = set(job.pages)
        kept = [save_as for n, save_as in enumerate(job.page_signatures) if n not in rendered]
        self.kept_files.update(kept)
        if not job.pages:
            self.outputs[job.name] = job.record([])
        return True

    def _write_pages(self, job: _Job) -> None:
        """Pelican's Writer.write_file pagination loop, for the pages of job.pages only."""
        kwargs = dict(job.kwargs)
        paginators = self._paginators(job.name, kwargs)
        for key in ("paginated", "template_name", "url"):
            kwargs.pop(key, None)
        relative_urls, override = kwargs.pop("relative_urls", False), kwargs.pop("override_output", False)
        for number in job.pages or []:
            local = job.context.copy()
            for key, paginator in paginators.items():
                local[f"{key}_paginator"] = paginator
                local[f"{key}_page"] = page = paginator.page(number + 1)
                local[f"{key}_previous_page"] = paginator.page(number) if number > 0 else None
                local[f"{key}_next_page"] = (
                    paginator.page(number + 2) if number + 1 < paginator.num_pages else None
                )
            local["localsiteurl"] = local.get("localsiteurl")
            if relative_urls:
                local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(page.save_as))
            local["output_file"] = page.save_as
            local.update(kwargs)
            path = sanitised_join(self.output_path, page.save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with self._open_w(path, "utf-8", override=override) as handle:
                handle.write(job.template.render(local))
            signals.content_written.send(path, context=local)

    def write_file(self, name, template, context, *args, **kwargs):  # noqa: ANN001, ANN201 - Pelican's
        if not name:
            return
        if (
            not args
            and kwargs.get("paginated")
            and kwargs.get("template_name") in self.settings["PAGINATED_TEMPLATES"]
        ):
            job = _Job(name, template, context, args, kwargs, None)
            if self._paginated_job(job):
                if job.pages:
                    self.jobs.append(job)
                return
        signature = self._signature(name, template, kwargs)
        before = self.previous.get(name)
        if (
            signature is not None
            and before is not None
            and before["signature"] == signature
            and all(os.path.exists(os.path.join(self.output_path, f)) for f in before["files"])
        ):
            self.outputs[name] = before
            self.kept_files.update(before["files"])
            return
        self.jobs.append(_Job(name, template, context, args, kwargs, signature))

    def _open_w(self, filename, encoding, override=False):  # noqa: ANN001, ANN202 - Pelican's
        if self._recording is not None:
            self._recording.append(os.path.relpath(filename, self.output_path))
        return super()._open_w(filename, encoding, override=override)

    def write_feed(self, elements, context, path=None, *args, **kwargs):  # noqa: ANN001, ANN201 - Pelican's
        if path:
            self.feed_files.add(os.path.normpath(path))
        return super().write_feed(elements, context, path, *args, **kwargs)

    def render(self, job: _Job) -> list[str]:
        self._recording = []
        try:
            if job.pages is None:
                Writer.write_file(self, job.name, job.template, job.context, *job.args, **job.kwargs)
            else:
                self._write_pages(job)
            return self._recording
        finally:
            self._recording = None


_ACTIVE: list[IncrementalWriter] = []
_STATIC: set[str] = set()


def static_files(generator) -> None:  # noqa: ANN001 - the static generator
    _STATIC.update(os.path.normpath(item.save_as) for item in generator.staticfiles)


def _render_slice(bounds: tuple[int, int]) -> list[list[str]]:
    """In a forked worker: render jobs[start:stop] of the writer the parent built."""
    writer = _ACTIVE[-1]
    return [writer.render(job) for job in writer.jobs[bounds[0] : bounds[1]]]


def _render_all(writer: IncrementalWriter) -> list[list[str]]:
    jobs, workers = writer.jobs, int(writer.settings.get("RENDER_WORKERS") or os.cpu_count() or 1)
    if workers < 2 or len(jobs) < PARALLEL_MIN:
        return [writer.render(job) for job in jobs]
    size = -(-len(jobs) // (workers * 4))  # a few slices per worker evens out slow templates
    slices = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [files for chunk in pool.map(_render_slice, slices) for files in chunk]


def flush(pelican) -> None:  # noqa: ANN001 - the Pelican instance
    """After all generators: render the deferred calls, drop stale outputs, save state and changes."""
    if not _ACTIVE:
        return
    writer = _ACTIVE[-1]
    try:
        rendered = _render_all(writer)  # forked workers find the writer in _ACTIVE
    finally:
        _ACTIVE.clear()
    written: set[str] = set()
    for job, files in zip(writer.jobs, rendered, strict=True):
        written.update(files)
        writer.outputs[job.name] = job.record(files)
    # Files copied or written outside write_file: tracked so that a removed one is removed here too.
    writer.outputs[STATIC_ENTRY] = {"signature": None, "files": sorted(_STATIC)}
    writer.outputs[FEEDS_ENTRY] = {"signature": None, "files": sorted(writer.feed_files)}
    _STATIC.clear()
    current = written | writer.kept_files | set(writer.outputs[STATIC_ENTRY]["files"]) | writer.feed_files
    previous = {f for entry in writer.previous.values() for f in entry["files"]}
    removed = sorted(previous - current)
    for rel in removed:
        Path(writer.output_path, rel).unlink(missing_ok=True)
    _save(writer, written, removed, len(current))


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _save(writer: IncrementalWriter, written: set[str], removed: list[str], total: int) -> None:
    state = {"version": STATE_VERSION, "global": writer.global_digest, "outputs": writer.outputs}
    _atomic_write(writer.state_path, json.dumps(state, ensure_ascii=False, sort_keys=True))
    changes = {"written": sorted(written), "removed": removed, "kept": len(writer.kept_files), "total": total}
    _atomic_write(Path(writer.settings["INCREMENTAL_CHANGES_PATH"]), json.dumps(changes, ensure_ascii=False))


# --- parallel reading ------------------------------------------------------------------------

_PREREAD: dict[str, Any] = {}


def _read_slice(paths: list[str]) -> list[tuple[str, str, dict]]:
    reader = _PREREAD["reader"]
    out = []
    for path in paths:
        content, metadata = reader.read(path)
        out.append((path, content, _filter_discardable_metadata(metadata)))
    return out


def _save_only_when_changed(readers) -> None:  # noqa: ANN001 - Pelican's Readers
    """Pelican pickles its whole reader cache after every run; skip that when nothing was read."""
    cache_data, save_cache, dirty = readers.cache_data, readers.save_cache, []

    def cache_and_mark(filename, data):  # noqa: ANN001, ANN202 - Pelican's signature
        dirty.append(filename)
        return cache_data(filename, data)

    def save_if_dirty():  # noqa: ANN202
        if dirty:
            save_cache()

    readers.cache_data, readers.save_cache = cache_and_mark, save_if_dirty


def preread(generator) -> None:  # noqa: ANN001 - an Articles or Pages generator
    """Once per generator: parse every new or changed Markdown file in worker processes."""
    if getattr(generator, "_incremental_preread", False):
        return
    generator._incremental_preread = True
    readers = generator.readers
    _save_only_when_changed(readers)
    if not readers._cache_data_policy or "md" not in readers.readers:
        return
    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"
    found = generator.get_files(
        generator.settings[f"{kind}_PATHS"], exclude=generator.settings[f"{kind}_EXCLUDES"]
    )
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in found if f.endswith(".md")]
    stale = [p for p in paths if readers.get_cached_data(p, (None, None))[0] is None]
    workers = int(generator.settings.get("RENDER_WORKERS") or os.cpu_count() or 1)
    if workers < 2 or len(stale) < PARALLEL_MIN:
        return  # Pelican's own loop reads them
    _PREREAD["reader"] = readers.readers["md"]
    size = -(-len(stale) // (workers * 4))
    chunks = [stale[i : i + size] for i in range(0, len(stale), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for chunk in pool.map(_read_slice, chunks):
            for path, content, metadata in chunk:
                readers.cache_data(path, (content, metadata))
    _PREREAD.clear()


def writer_class(pelican) -> type:  # noqa: ANN001 - the Pelican instance
    return IncrementalWriter


def register() -> None:
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(flush)
    signals.static_generator_finalized.connect(static_files)
    signals.article_generator_preread.connect(preread)
    signals.page_generator_preread.connect(preread)
