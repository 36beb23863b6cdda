/*
 * "Góp ý điều này": a citizen's opinion on one article of a consultation draft.
 *
 * Each article of an open draft carries a hidden form (consultation.html); this script shows its
 * button, checks the text lightly (the API has the final say) and posts JSON to
 * POST {API}/api/v1/consultations/<page id>/opinions with a client key made here, so a retry is
 * never counted twice. When the network fails, the submission waits in the browser's outbox
 * (localStorage, never a cookie) and is sent again, with backoff, when the connection returns or
 * on the next visit. Text reaches the page through textContent only.
 */
(() => {
  "use strict";

  const OUTBOX = "cchc-hop-thu-di-gop-y";
  const BODY_MIN = 10;
  const BODY_MAX = 5000;
  const NAME_MAX = 200;
  const EMAIL_MAX = 254;
  const TIMEOUT_MS = 20000;
  const RETRY_MIN_MS = 2000;
  const RETRY_MAX_MS = 5 * 60 * 1000;
  /* API field name → suffix of the input's id after the form's id. */
  const FIELDS = { body: "-noi-dung", name: "-ten", email: "-email" };

  const MSG_SENDING = "Đang gửi góp ý…";
  const MSG_SENT = "Góp ý của bạn đã được gửi. Mã theo dõi: ";
  const MSG_SENT_LATER = "Góp ý trong hộp thư đi đã được gửi. Mã theo dõi: ";
  const MSG_QUEUED =
    "Chưa gửi được do mất kết nối. Góp ý của bạn đang chờ trong hộp thư đi của trình duyệt và sẽ tự động gửi khi có mạng trở lại.";
  const MSG_NETWORK = "Không gửi được góp ý do lỗi kết nối. Vui lòng thử lại.";
  const MSG_SERVER = "Máy chủ đang gặp sự cố, chưa gửi được góp ý. Vui lòng thử lại sau.";
  const MSG_REJECTED = "Không gửi được góp ý. Vui lòng kiểm tra lại thông tin.";
  const MSG_INVALID = "Vui lòng kiểm tra lại các thông tin được đánh dấu.";

  function apiBase() {
    const meta = document.querySelector('meta[name="cchc-api-base"]');
    return ((meta && meta.getAttribute("content")) || "").trim().replace(/\/+$/, "");
  }

  /** UUID v4: crypto.randomUUID() where the page is a secure context, getRandomValues elsewhere. */
  function newClientKey() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  const charCount = (s) => Array.from(s).length; // code points, as the API counts
  const clean = (s) => s.normalize("NFC").trim();
  const text = (v) => (typeof v === "string" ? v : Array.isArray(v) ? v.filter((x) => typeof x === "string").join(" ") : "");

  /* ---------- The outbox: submissions that met a network error, kept until the API answers. ---------- */

  function outboxRead() {
    try {
      const items = JSON.parse(window.localStorage.getItem(OUTBOX) || "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  function outboxWrite(items) {
    try {
      window.localStorage.setItem(OUTBOX, JSON.stringify(items));
      return true;
    } catch {
      return false; // storage off or full: the caller tells the user to retry by hand
    }
  }

  /** Re-read before each change: another tab (or the flush) may have changed the list meanwhile. */
  function outboxUpdate(key, change) {
    const items = outboxRead()
      .map((item) => (item.key === key ? change(item) : item))
      .filter(Boolean);
    outboxWrite(items);
  }

  /** POST the JSON; resolves to {status, json}, rejects on a network error or timeout. */
  async function send(url, body) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body,
        credentials: "omit",
        signal: controller.signal,
      });
      let json = null;
      try {
        json = await response.json();
      } catch {
        json = null;
      }
      return { status: response.status, json: json && typeof json === "object" ? json : {} };
    } finally {
      window.clearTimeout(timer);
    }
  }

  /* ---------- Showing results in a form ---------- */

  function show(form, kind, message, code) {
    const result = form && form.querySelector(".opinion__result");
    if (!result) return;
    result.classList.remove("is-error", "is-success", "is-pending");
    result.replaceChildren();
    if (kind) result.classList.add(`is-${kind}`);
    result.textContent = message || "";
    if (code) {
      const strong = document.createElement("strong");
      strong.className = "opinion__code";
      strong.textContent = code;
      result.append(strong);
    }
  }

  function setFieldError(form, key, message) {
    const field = document.getElementById(form.id + FIELDS[key]);
    const error = document.getElementById(`${form.id + FIELDS[key]}-error`);
    if (!field) return;
    if (error) error.textContent = message || "";
    const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter((t) => t && t !== error?.id);
    if (message && error) ids.push(error.id);
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
    if (message) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
    field.closest(".form-group")?.classList.toggle("has-error", Boolean(message));
  }

  /** Field errors next to their inputs; true when one was shown (the first gets the focus). */
  function showFieldErrors(form, errors) {
    let first = null;
    for (const key of Object.keys(FIELDS)) {
      const message = text(errors[key]);
      setFieldError(form, key, message);
      if (message && !first) first = document.getElementById(form.id + FIELDS[key]);
    }
    if (first) first.focus();
    return first !== null;
  }

  /** What the API answered, for a form on this page (or none, when sent from another page). */
  function answer(form, status, json, sentLater) {
    if (status >= 200 && status < 300) {
      show(form, "success", sentLater ? MSG_SENT_LATER : MSG_SENT, text(json.tracking_code));
      return;
    }
    const detail = text(json.detail);
    if (status >= 400 && status < 500) {
      const errors = json.errors && typeof json.errors === "object" ? json.errors : {};
      const extra = [errors.non_field_errors, errors.article_id, errors.clause_id, errors.client_key].map(text);
      show(form, "error", [detail, ...extra].filter(Boolean).join(" ") || MSG_REJECTED);
      if (form) showFieldErrors(form, errors);
    } else {
      show(form, "error", MSG_SERVER);
    }
  }

  /* ---------- Sending what waits, with backoff ---------- */

  let flushing = false;
  let flushTimer = 0;

  function later(tries) {
    const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** tries);
    return Date.now() + wait / 2 + Math.random() * (wait / 2);
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    window.clearTimeout(flushTimer);
    try {
      for (const item of outboxRead()) {
        if (item.next > Date.now()) continue;
        const form = document.getElementById(item.form);
        let reply;
        try {
          reply = await send(item.url, item.body);
        } catch {
          outboxUpdate(item.key, (it) => ({ ...it, tries: it.tries + 1, next: later(it.tries + 1) }));
          break; // still offline: the others would fail the same way
        }
        if (reply.status === 429 || reply.status >= 500) {
          outboxUpdate(item.key, (it) => ({ ...it, tries: it.tries + 1, next: later(it.tries + 1) }));
        } else {
          outboxUpdate(item.key, () => null);
          answer(form, reply.status, reply.json, true);
        }
      }
    } finally {
      flushing = false;
    }
    const waiting = outboxRead();
    if (waiting.length) {
      const next = Math.min(...waiting.map((it) => it.next));
      flushTimer = window.setTimeout(flush, Math.max(1000, next - Date.now()));
    }
  }

  /* ---------- One article's form ---------- */

  function collect(form) {
    const value = (suffix) => document.getElementById(form.id + suffix)?.value || "";
    const data = { body: clean(value("-noi-dung")), name: clean(value("-ten")), email: value("-email").trim() };
    const errors = {};
    const length = charCount(data.body);
    if (length === 0) errors.body = "Vui lòng nhập nội dung góp ý.";
    else if (length < BODY_MIN) errors.body = `Nội dung góp ý cần có ít nhất ${BODY_MIN} ký tự.`;
    else if (length > BODY_MAX) errors.body = `Nội dung góp ý không được dài quá ${BODY_MAX} ký tự.`;
    if (charCount(data.name) > NAME_MAX) errors.name = `Họ và tên không được dài quá ${NAME_MAX} ký tự.`;
    if (data.email && (data.email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(data.email))) {
      errors.email = "Địa chỉ thư điện tử không hợp lệ.";
    }
    return { data, errors };
  }

  function payload(form, root, data) {
    const body = { client_key: form.dataset.key, article_id: root.dataset.articleId, body: data.body };
    const clause = form.elements.clause_id;
    if (clause && clause.value) body.clause_id = clause.value;
    if (data.name) body.name = data.name;
    if (data.email) body.email = data.email;
    const trap = form.elements.website;
    if (trap && trap.value) body.website = trap.value;
    return JSON.stringify(body);
  }

  function updateCounter(form) {
    const counter = document.getElementById(`${form.id}-dem`);
    const field = document.getElementById(`${form.id}-noi-dung`);
    if (!counter || !field) return;
    const n = charCount(field.value.trim());
    counter.textContent = `${n}/${BODY_MAX} ký tự`;
    counter.classList.toggle("is-over", n > BODY_MAX);
  }

  function setup(root) {
    const form = root.querySelector("form");
    const toggle = root.querySelector(".opinion__toggle");
    const button = form && form.querySelector('button[type="submit"]');
    if (!form || !toggle || !button) return;
    const url = `${apiBase()}/api/v1/consultations/${form.dataset.consultation}/opinions`;
    form.dataset.key = newClientKey();
    root.hidden = false;

    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      expand(root, open);
      if (open) document.getElementById(`${form.id}-noi-dung`)?.focus();
    });
    form.addEventListener("input", () => updateCounter(form));

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      const { data, errors } = collect(form);
      if (showFieldErrors(form, errors)) {
        show(form, "error", MSG_INVALID);
        return;
      }
      const body = payload(form, root, data);
      const key = form.dataset.key;
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      show(form, "pending", MSG_SENDING);
      try {
        const reply = await send(url, body);
        answer(form, reply.status, reply.json, false);
        if (reply.status >= 200 && reply.status < 300) done(form);
      } catch {
        // The request may or may not have arrived: the outbox resends it with the same key.
        const item = { key, url, body, form: form.id, tries: 0, next: later(0) };
        if (outboxWrite([...outboxRead().filter((it) => it.key !== key), item])) {
          show(form, "pending", MSG_QUEUED);
          done(form);
          flushTimer = window.setTimeout(flush, item.next - Date.now());
        } else {
          show(form, "error", MSG_NETWORK); // nowhere to keep it: the text stays in the form
        }
      } finally {
        button.disabled = false;
        form.setAttribute("aria-busy", "false");
      }
    });
  }

  function expand(root, open) {
    root.querySelector(".opinion__toggle").setAttribute("aria-expanded", String(open));
    root.querySelector("form").hidden = !open;
  }

  /** After an accepted (or queued) submission: an empty form and a new key for the next opinion. */
  function done(form) {
    form.reset();
    form.dataset.key = newClientKey();
    updateCounter(form);
  }

  function init() {
    document.querySelectorAll("[data-opinion]").forEach(setup);
    for (const item of outboxRead()) {
      const form = document.getElementById(item.form);
      if (!form) continue;
      expand(form.closest("[data-opinion]"), true);
      show(form, "pending", MSG_QUEUED);
    }
    window.addEventListener("online", flush);
    if (navigator.onLine !== false) flush();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
