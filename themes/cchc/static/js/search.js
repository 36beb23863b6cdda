/*
 * Search page – Administrative Reform portal.
 *
 * The search lives in the URL (/tim-kiem/?q=…&kind=…&sort=newest&page=2). Filters, sort and pages
 * are real links to such URLs; a plain click is handled in place (history.pushState, a new request
 * to GET {API}/api/v1/search, focus to the results heading) and Back/Forward replay the URL.
 * API text goes in with textContent; highlighted fields keep only their text and <mark> elements.
 */
(() => {
  "use strict";

  // Filter parameter → facet name, in the order of the facet panel.
  const FILTERS = [
    ["type", "Loại nội dung"], ["kind", "Loại văn bản"], ["issuer", "Cơ quan ban hành"], ["field", "Lĩnh vực"],
    ["unit", "Đơn vị"], ["year", "Năm"], ["status", "Tình trạng hiệu lực"],
  ];
  const SORTS = [["relevance", "Liên quan nhất"], ["newest", "Mới nhất"]];
  const FACET_SHOWN = 6; // values of one facet shown before "Xem thêm"
  const TIMEOUT_MS = 10000;
  const MSG = {
    empty: "Vui lòng nhập từ khóa cần tìm, ví dụ: cai cach hanh chinh hoặc 876/QĐ-BNV.",
    loading: "Đang tìm kiếm…",
    down: "Chức năng tìm kiếm tạm thời không hoạt động. Vui lòng thử lại sau.",
    invalid: "Yêu cầu tìm kiếm không hợp lệ.",
    busy: "Bạn tìm kiếm quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
  };
  const number = new Intl.NumberFormat("vi-VN");

  const $ = (id) => document.getElementById(id);
  const str = (value) => (typeof value === "string" ? value : "");

  /** A new element: props "class" and "text" are special, the rest are attributes. */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  const hidden = (text) => el("span", { class: "visually-hidden", text });

  /** {q, filters, sort, page} from a query string; the API checks the filter values. */
  function readState(search) {
    const params = new URLSearchParams(search);
    const get = (key) => (params.get(key) || "").trim();
    const filters = Object.fromEntries(FILTERS.map(([key]) => [key, get(key)]).filter(([, value]) => value));
    const page = Number.parseInt(get("page") || "1", 10);
    return { q: get("q"), filters, sort: get("sort") === "newest" ? "newest" : "relevance", page: page >= 1 ? page : 1 };
  }

  /** The query string of a state; defaults (relevance, page 1) are left out. */
  function toParams(state) {
    const params = new URLSearchParams({ q: state.q });
    for (const [key] of FILTERS) if (state.filters[key]) params.set(key, state.filters[key]);
    if (state.sort !== "relevance") params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    return params;
  }

  /** Another search from this one: a new filter or sort starts again at page 1. */
  const changed = (state, change) => ({ ...state, page: 1, ...change });

  function without(filters, key) {
    const { [key]: _removed, ...rest } = filters;
    return rest;
  }

  /** A link to the page of a state, followed in place by the click handler. */
  const navLink = (state, ...children) =>
    el("a", { href: `${window.location.pathname}?${toParams(state)}`, "data-search-nav": "" }, ...children);

  /** "YYYY-MM-DD" → "dd/mm/yyyy"; anything else → "". */
  function formatDate(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(value));
    return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
  }

  /* Only root-relative paths ("/…", not "//host") or http(s) URLs; never javascript:, data:…; nor
     whitespace or control characters, which browsers drop ("/\t/host" would become "//host"). */
  const safeHref = (url) => (/^(\/(?![\/\\])|https?:\/\/)[^\s\x00-\x1f]*$/i.test(str(url)) ? url : null);

  const parser = new DOMParser();
  const SKIPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE"]);

  /** Append highlighted API text: its text and <mark> elements only (an inert parse, nothing runs). */
  function appendMarked(parent, html) {
    const copy = (from, to) => {
      for (const node of from.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.append(node.data);
        } else if (node.nodeName === "MARK") {
          to.append(copy(node, document.createElement("mark")));
        } else if (node.nodeType === Node.ELEMENT_NODE && !SKIPPED.has(node.nodeName)) {
          copy(node, to);
        }
      }
      return to;
    };
    copy(parser.parseFromString(`<!DOCTYPE html><body>${html}`, "text/html").body, parent);
  }

  function resultMeta(item) {
    const parts = [];
    if (str(item.number)) parts.push(el("span", {}, hidden("Số ký hiệu: "), item.number));
    for (const key of ["kind_label", "issuer_label", "status_label"]) {
      if (str(item[key])) parts.push(el("span", { text: item[key] }));
    }
    const date = formatDate(item.date);
    if (date) parts.push(el("span", {}, hidden("Ngày: "), el("time", { datetime: item.date.slice(0, 10), text: date })));
    return parts.length ? el("p", { class: "search-result__meta" }, ...parts) : null;
  }

  function renderResult(item) {
    const li = el("li", { class: "search-result" });
    if (str(item.type)) li.dataset.type = item.type;
    if (str(item.type_label)) li.append(el("p", { class: "search-result__type", text: item.type_label }));

    const link = el("a");
    const href = safeHref(item.url);
    if (href) link.setAttribute("href", href);
    if (str(item.title_html)) appendMarked(link, item.title_html);
    if (!link.textContent.trim()) link.textContent = str(item.title) || str(item.url);
    li.append(el("h3", { class: "search-result__title" }, link));

    const meta = resultMeta(item);
    if (meta) li.append(meta);
    const snippet = el("p", { class: "search-result__snippet" });
    if (str(item.snippet_html)) appendMarked(snippet, item.snippet_html);
    else snippet.textContent = str(item.summary);
    if (snippet.textContent.trim()) li.append(snippet);
    return li;
  }

  function facetValues(facets, key) {
    const values = facets && Array.isArray(facets[key]) ? facets[key] : [];
    return values.filter((v) => v && str(v.value) && Number.isInteger(v.count));
  }

  function facetLabel(facets, key, value) {
    const found = facetValues(facets, key).find((v) => v.value === value);
    return (found && str(found.label)) || value;
  }

  function facetItem(state, key, facet) {
    const text = `${str(facet.label) || facet.value} (${number.format(facet.count)})`;
    if (state.filters[key] === facet.value) {
      return el("li", { class: "is-selected" }, el("strong", { "aria-current": "true" }, text, hidden(", đang lọc")));
    }
    return el("li", {}, navLink(changed(state, { filters: { ...state.filters, [key]: facet.value } }), text));
  }

  /** One fieldset per facet; the selected value first, the rest past FACET_SHOWN behind "Xem thêm". */
  function renderFacets(state, facets) {
    const groups = [];
    for (const [key, name] of FILTERS) {
      const values = facetValues(facets, key);
      if (!values.length) continue;
      values.sort((a, b) => (b.value === state.filters[key]) - (a.value === state.filters[key]));
      const items = values.map((facet) => facetItem(state, key, facet));
      const fieldset = el("fieldset", { class: "search-facet" }, el("legend", { text: name }));
      fieldset.append(el("ul", { class: "search-facet__list" }, ...items.slice(0, FACET_SHOWN)));
      if (items.length > FACET_SHOWN) {
        const rest = items.slice(FACET_SHOWN);
        const summary = el("summary", { text: `Xem thêm ${rest.length} mục` });
        fieldset.append(el("details", { class: "search-facet__more" }, summary, el("ul", { class: "search-facet__list" }, ...rest)));
      }
      groups.push(fieldset);
    }
    $("search-facets").replaceChildren(...groups);
    $("search-filters").hidden = !groups.length;
  }

  function renderSelected(state, facets) {
    const box = $("search-selected");
    const chosen = FILTERS.filter(([key]) => state.filters[key]);
    const items = chosen.map(([key, name]) => {
      const text = `${name}: ${facetLabel(facets, key, state.filters[key])}`;
      const remove = navLink(changed(state, { filters: without(state.filters, key) }), "Bỏ lọc", hidden(` ${text}`));
      return el("li", {}, el("span", { text }), " ", remove);
    });
    if (chosen.length > 1) items.push(el("li", {}, navLink(changed(state, { filters: {} }), "Bỏ tất cả bộ lọc")));
    box.hidden = !items.length;
    box.replaceChildren();
    if (items.length) {
      box.append(el("p", { id: "search-selected-title", text: "Đang lọc theo:" }));
      box.append(el("ul", { "aria-labelledby": "search-selected-title" }, ...items));
    }
  }

  function renderSort(state, show) {
    const box = $("search-sort");
    box.hidden = !show;
    const option = ([value, label]) =>
      value === state.sort ? el("strong", { "aria-current": "true", text: label }) : navLink(changed(state, { sort: value }), label);
    box.replaceChildren(el("span", { text: "Sắp xếp:" }), ...SORTS.map(option));
  }

  /** First, last, and two either side of the current page, as the site's other listings. */
  function renderPager(state, page, pages) {
    const nav = $("search-pagination");
    nav.hidden = pages <= 1;
    if (pages <= 1) return nav.replaceChildren();
    const at = (n) => ({ ...state, page: n });
    const shown = [1];
    for (let n = Math.max(2, page - 2); n <= Math.min(pages, page + 2); n += 1) shown.push(n);
    if (shown[shown.length - 1] !== pages) shown.push(pages);
    const items = [];
    if (page > 1) items.push(el("li", {}, navLink(at(page - 1), "Trang trước")));
    shown.forEach((n, i) => {
      if (i > 0 && n > shown[i - 1] + 1) items.push(el("li", { class: "pagination__gap", "aria-hidden": "true", text: "…" }));
      const link = navLink(at(n), hidden("Trang "), String(n));
      if (n === page) link.setAttribute("aria-current", "page");
      items.push(el("li", {}, link));
    });
    if (page < pages) items.push(el("li", {}, navLink(at(page + 1), "Trang sau")));
    nav.replaceChildren(el("ul", { class: "pagination__list" }, ...items));
  }

  function renderNoResults(state) {
    const tips = [];
    if (Object.keys(state.filters).length) {
      tips.push(el("li", {}, navLink(changed(state, { filters: {} }), "Bỏ bộ lọc"), " để tìm trong tất cả nội dung."));
    }
    tips.push(el("li", { text: "Thử gõ không dấu (ví dụ «cai cach» thay cho «cải cách») hoặc kiểm tra lại chính tả." }));
    tips.push(el("li", { text: "Dùng ít từ hơn hoặc từ khóa chung hơn." }));
    showMessage(el("p", { text: "Gợi ý:" }), el("ul", { class: "link-list" }, ...tips));
  }

  const ui = {};
  let baseTitle = "";
  let current = 0; // number of the latest search: older answers are dropped
  let inflight = null;

  function setStatus(message, isError = false) {
    ui.status.textContent = message;
    ui.status.classList.toggle("is-error", isError);
  }

  function showMessage(...children) {
    ui.message.replaceChildren(...children);
    ui.message.hidden = !children.length;
  }

  function clearResults() {
    ui.list.replaceChildren();
    showMessage();
    ui.fallback.hidden = true;
    $("search-filters").hidden = true;
    $("search-sort").hidden = true;
    renderPager({}, 1, 0);
  }

  function apiBase() {
    const meta = document.querySelector('meta[name="cchc-api-base"]');
    return str(meta && meta.getAttribute("content")).trim().replace(/\/+$/, "");
  }

  /** {status, data}; status 0 when the API could not be reached or did not answer in time. */
  async function request(state) {
    if (inflight) inflight.abort();
    const controller = new AbortController();
    inflight = controller;
    const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(`${apiBase()}/api/v1/search?${toParams(state)}`, {
        headers: { Accept: "application/json" },
        credentials: "omit",
        signal: controller.signal,
      });
      const data = await response.json().catch(() => null); // null: not JSON, e.g. a proxy's error page
      return { status: response.status, data };
    } catch {
      return { status: 0, data: null };
    } finally {
      window.clearTimeout(timer);
    }
  }

  function renderFound(state, data) {
    const results = data.results.filter((item) => item && typeof item === "object");
    const total = Number.isInteger(data.total) ? data.total : results.length;
    const size = Number.isInteger(data.page_size) && data.page_size > 0 ? data.page_size : 10;
    const pages = Number.isInteger(data.pages) ? data.pages : Math.ceil(total / size);
    const page = Number.isInteger(data.page) ? data.page : state.page;
    ui.list.setAttribute("start", String((page - 1) * size + 1));
    ui.list.replaceChildren(...results.map(renderResult));
    renderFacets(state, data.facets);
    renderSelected(state, data.facets);
    renderSort(state, total > 0);
    renderPager(state, page, pages);
    if (total > 0) {
      const where = pages > 1 ? `, trang ${page}/${pages}` : "";
      setStatus(`Tìm thấy ${number.format(total)} kết quả cho «${state.q}»${where}.`);
    } else {
      setStatus(`Không tìm thấy kết quả nào cho «${state.q}».`);
      renderNoResults(state);
    }
  }

  /** 400: the API's own Vietnamese message; anything else: search is down, browse instead. */
  function renderError(state, status, data) {
    const fallback = { 400: MSG.invalid, 429: MSG.busy }[status] || MSG.down;
    setStatus(str(data && data.detail) || fallback, true);
    renderSelected(state, null); // an unknown filter value can be removed from here
    ui.fallback.hidden = status === 400;
  }

  async function search(state, { focus }) {
    const id = ++current;
    ui.input.value = state.q;
    if (!state.q) {
      if (inflight) inflight.abort();
      document.title = baseTitle;
      clearResults();
      renderSelected(state, null);
      setStatus(MSG.empty);
      return;
    }
    document.title = `Kết quả tìm kiếm: ${state.q}${state.page > 1 ? `, trang ${state.page}` : ""} – ${baseTitle}`;
    ui.list.setAttribute("aria-busy", "true");
    setStatus(MSG.loading);
    const { status, data } = await request(state);
    if (id !== current) return;
    ui.list.removeAttribute("aria-busy");
    clearResults();
    if (status === 200 && data && Array.isArray(data.results)) renderFound(state, data);
    else renderError(state, status, data);
    if (focus) ui.heading.focus();
  }

  function navigate(query) {
    const url = `${window.location.pathname}${query}`;
    if (url === window.location.pathname + window.location.search) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    search(readState(window.location.search), { focus: true });
  }

  function onClick(event) {
    const link = event.target instanceof Element ? event.target.closest("a[data-search-nav]") : null;
    const modified = event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (!link || modified || event.defaultPrevented) return;
    event.preventDefault();
    navigate(new URL(link.href).search);
  }

  function onSubmit(event) {
    event.preventDefault();
    const q = ui.input.value.trim();
    if (!q) {
      setStatus(MSG.empty);
      ui.input.focus();
      return;
    }
    // A new query starts without the previous query's filters (they may not fit it); the sort stays.
    const { sort } = readState(window.location.search);
    navigate(`?${toParams({ q, filters: {}, sort, page: 1 })}`);
  }

  function init() {
    Object.assign(ui, {
      form: $("search-form"),
      input: $("search-q"),
      heading: $("search-results-heading"),
      status: $("search-status"),
      message: $("search-message"),
      fallback: $("search-fallback"),
      list: $("search-results"),
    });
    if (Object.values(ui).some((node) => !node)) return;
    baseTitle = document.title;
    $("search-layout").hidden = false;
    // Filters start open where there is room beside the results; on phones the results come first.
    $("search-filters").open = window.matchMedia("(min-width: 48em)").matches;
    ui.form.addEventListener("submit", onSubmit);
    document.addEventListener("click", onClick);
    window.addEventListener("popstate", () => search(readState(window.location.search), { focus: true }));
    search(readState(window.location.search), { focus: false });
  }

  init(); // a deferred script: the page is parsed
})();
