/*
 * Search page – Administrative Reform portal.
 *
 * Reads the `q` query from the page URL, calls GET {API}/api/v1/search?q=…
 * and renders the results. Server data is only inserted via textContent.
 * No cookies, nothing is stored in the browser.
 */
(() => {
  "use strict";

  const MSG_NETWORK = "Không kết nối được máy chủ tìm kiếm. Vui lòng thử lại sau.";
  const MSG_BAD_REQUEST = "Yêu cầu tìm kiếm không hợp lệ.";
  const MSG_LOADING = "Đang tìm kiếm…";
  const TIMEOUT_MS = 15000;

  /** API base URL from the meta tag; empty string = same origin as the page. */
  function apiBase() {
    const meta = document.querySelector('meta[name="cchc-api-base"]');
    const value = meta ? (meta.getAttribute("content") || "").trim() : "";
    return value.replace(/\/+$/, "");
  }

  /** "YYYY-MM-DD" → "dd/mm/yyyy"; anything else → "". */
  function formatDate(value) {
    if (typeof value !== "string") return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
  }

  /** Accepts only root-relative paths ("/…") or http(s); rejects javascript:, data:… */
  function safeHref(url) {
    if (typeof url !== "string" || url === "") return null;
    if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return url;
    try {
      const parsed = new URL(url, window.location.href);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.href;
    } catch {
      /* not a valid URL */
    }
    return null;
  }

  const str = (value) => (typeof value === "string" ? value : "");

  function renderResult(item) {
    const li = document.createElement("li");
    li.className = "search-result";
    if (str(item.type)) li.dataset.type = item.type;

    const link = document.createElement("a");
    const href = safeHref(item.url);
    if (href) link.setAttribute("href", href);
    link.textContent = str(item.title) || str(item.url);
    li.append(link);

    const summary = str(item.summary);
    if (summary) {
      const p = document.createElement("p");
      p.textContent = summary;
      li.append(p);
    }

    const date = formatDate(item.date);
    if (date) {
      const small = document.createElement("small");
      small.textContent = date;
      li.append(small);
    }
    return li;
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  async function init() {
    const input = document.getElementById("search-q");
    const status = document.getElementById("search-status");
    const list = document.getElementById("search-results");
    if (!status || !list) return;

    const setStatus = (message, isError = false) => {
      status.textContent = message;
      status.classList.toggle("is-error", isError);
    };

    const q = (new URLSearchParams(window.location.search).get("q") || "").trim();
    if (input) input.value = q;
    if (!q) return;

    document.title = `Kết quả tìm kiếm: ${q} – ${document.title}`;
    list.replaceChildren();
    list.setAttribute("aria-busy", "true");
    setStatus(MSG_LOADING);

    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);

    try {
      const response = await fetch(`${apiBase()}/api/v1/search?q=${encodeURIComponent(q)}`, {
        method: "GET",
        headers: { Accept: "application/json" },
        credentials: "omit",
        signal: controller.signal,
      });
      const data = await readJson(response);

      if (response.ok && data && Array.isArray(data.results)) {
        const results = data.results.filter((item) => item && typeof item === "object");
        const total = Number.isInteger(data.total) ? data.total : results.length;
        list.replaceChildren(...results.map(renderResult));
        if (total > 0 || results.length > 0) {
          setStatus(`Tìm thấy ${Math.max(total, results.length)} kết quả cho «${q}».`);
        } else {
          setStatus(`Không tìm thấy kết quả nào cho «${q}».`);
        }
      } else if (response.status >= 400 && response.status < 500) {
        setStatus(data && str(data.detail) ? data.detail : MSG_BAD_REQUEST, true);
      } else {
        setStatus(MSG_NETWORK, true);
      }
    } catch {
      setStatus(MSG_NETWORK, true);
    } finally {
      window.clearTimeout(timer);
      list.removeAttribute("aria-busy");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
