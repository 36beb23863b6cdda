"""Pelican plugin: the PAR Index and SIPAS data pages and their downloads, from content/chi-so/.

Pages (templates chi_so_*.html), all written through Pelican's writer so that the incremental
plugin gives each a signature of the data it shows:

- `chi-so/`: the two indices, the national series (table and line chart), every edition, method
  notes and downloads (`chi-so/cac-ky.json`, `chi-so/don-vi.json`, `chi-so/chuoi-quoc-gia.csv`);
- `chi-so/<slug>/`: an edition's ranking, bar charts, regional averages, components, with
  `chi-so/<slug>.csv` (UTF-8 with BOM, for Excel) and `chi-so/<slug>.json` (the API's body);
- `chi-so/don-vi/<key>/`: a unit's results across years, its latest components, its predecessors'
  results (the 2025 merger), with `chi-so/don-vi/<key>.json` (the API's body, read by the comparison);
- `chi-so/so-sanh/`: two units side by side (themes/cchc/static/js/indices.js).

The overview is written even without data, so that the menu's "Chỉ số" link always leads somewhere.
Settings: INDICES_PATH (default: PATH/chi-so).
"""

import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from . import profiles, views
from .charts import number, signed
from .data import BASE, IndexData, as_json, edition_csv, national_csv

logger = logging.getLogger(__name__)

# Downloads go through the writer too (signatures, stale-file removal), rendered verbatim.
_VERBATIM = "{{ body }}"


def _outputs(data: IndexData) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(save_as, url, template, values) of every page, in a stable order."""
    pages = [(f"{BASE}/index.html", f"{BASE}/", "chi_so_tong_quan", {"overview": views.overview(data)})]
    for slug in data.details:
        pages.append(
            (
                f"{BASE}/{slug}/index.html",
                f"{BASE}/{slug}/",
                "chi_so_ky",
                {"edition": views.edition(data, slug)},
            )
        )
    for key in sorted(data.profiles):
        url = f"{BASE}/don-vi/{key}/"
        pages.append((f"{url}index.html", url, "chi_so_don_vi", {"profile": profiles.unit(data, key)}))
    if data.profiles:
        url = f"{BASE}/so-sanh/"
        pages.append((f"{url}index.html", url, "chi_so_so_sanh", {"comparison": profiles.comparison(data)}))
    return pages


def _downloads(data: IndexData) -> list[tuple[str, str]]:
    """(save_as, text) of every download."""
    files: list[tuple[str, str]] = []
    if data.editions:
        files.append((f"{BASE}/cac-ky.json", as_json({"results": data.editions})))
        files.append((f"{BASE}/chuoi-quoc-gia.csv", national_csv(data.editions)))
    if data.units:
        files.append((f"{BASE}/don-vi.json", as_json({"results": data.units})))
    for slug, detail in data.details.items():
        files.append((f"{BASE}/{slug}.csv", edition_csv(detail)))
        files.append((f"{BASE}/{slug}.json", as_json(detail)))
    for key, profile in sorted(data.profiles.items()):
        files.append((f"{BASE}/don-vi/{key}.json", as_json(profile)))
    return files


class IndicesGenerator(Generator):
    """Reads content/chi-so/ once, then writes the pages and downloads."""

    def generate_context(self) -> None:
        root = Path(self.settings.get("INDICES_PATH") or os.path.join(self.settings["PATH"], BASE))
        self.data = IndexData.load(root)
        self.pages = _outputs(self.data)
        self.files = _downloads(self.data)

    def refresh_metadata_intersite_links(self) -> None:
        """Pelican calls this after all_generators_finalized, where site/plugins/listings sets
        LISTING_OUTPUTS: add our pages for the sitemap here, and drop any a CMS page already takes."""
        taken = {
            content.save_as
            for key in ("articles", "pages", "hidden_pages")
            for content in self.context.get(key, [])
        }
        taken |= {save_as for save_as, _, _ in self.context.get("LISTING_OUTPUTS", [])}
        for save_as in sorted(taken & {p[0] for p in self.pages}):
            logger.warning("Trang %s trùng địa chỉ với một trang chỉ số; bỏ trang chỉ số.", save_as)
        self.pages = [p for p in self.pages if p[0] not in taken]
        self.context.setdefault("LISTING_OUTPUTS", []).extend(
            (save_as, url, []) for save_as, url, _, _ in self.pages
        )

    def generate_output(self, writer: Any) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        for save_as, _url, template, values in self.pages:
            writer.write_file(
                save_as, self.get_template(template), self.context, relative_urls=relative, **values
            )
        verbatim = self.env.from_string(_VERBATIM)
        verbatim.name = "chi_so_tep"  # the incremental writer names a call by its template
        for save_as, text in self.files:
            writer.write_file(save_as, verbatim, self.context, body=Markup(text))  # noqa: S704 - not HTML


def add_filters(generator: Any) -> None:
    generator.env.filters.update({"so": number, "so_dau": signed})


def get_generators(_pelican: Any) -> type[Generator]:
    return IndicesGenerator


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
