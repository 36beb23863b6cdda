/*
 * Citizens' forms of the CCHC portal: questions, opinions on drafts, survey answers, status lookup.
 *
 * Drives every <form data-cchc-form="<kind>" data-endpoint="…"> of the page:
 * - named fields become JSON: "a.b" nests, checkboxes of one name make a list, data-type="int"
 *   makes numbers, empty fields are left out;
 * - each submission carries a client_key (idempotency key) and a stamp "<t>:<nonce>": t is when the
 *   form was first shown or focused, the nonce a light proof of work (pure-JS SHA-256, as
 *   crypto.subtle is missing on plain-http origins), worked out in small chunks;
 * - when the network fails or the API answers 5xx/408/429, the submission waits in the browser's
 *   outbox (localStorage, never a cookie) and is sent again with backoff, on the `online` event and
 *   on every page load; the same key is sent, so the API keeps one record.
 * And <form data-cchc-status> looks a tracking code up (GET /api/v1/status/<code>).
 * Text reaches the page through textContent only.
 */
(() => {
  "use strict";

  const OUTBOX = "cchc-hop-thu-di";
  const NOTICE = "cchc-thong-bao-hop-thu-di"; // answers to outbox items whose form is on another page
  const MIN_FILL_MS = 3000 + 250; // the API's CCHC_MIN_FILL_SECONDS, and a margin for clock drift
  const TIMEOUT_MS = 20000;
  const RETRY_MIN_MS = 2000;
  const RETRY_MAX_MS = 5 * 60 * 1000;
  const NOUNS = { question: "câu hỏi", opinion: "góp ý", survey: "phiếu trả lời" };
  const KINDS = { question: "Câu hỏi", opinion: "Góp ý dự thảo", survey: "Phiếu khảo sát" };

  const MSG_INVALID = "Vui lòng kiểm tra lại các thông tin được đánh dấu.";
  const MSG_REQUIRED = "Vui lòng điền thông tin này.";
  const MSG_CHOOSE = "Vui lòng chọn ít nhất một phương án.";
  const MSG_EMAIL = "Địa chỉ thư điện tử không hợp lệ.";
  const MSG_SERVER = "Máy chủ đang gặp sự cố. Vui lòng thử lại sau.";
  const MSG_NETWORK = "Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.";

  const noun = (form) => NOUNS[form.dataset.cchcForm] || "nội dung";
  const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  const sleep = (ms) => new Promise((resolve) => window.setTimeout(resolve, Math.max(0, ms)));
  const chars = (s) => Array.from(s).length; // code points, as the API counts
  const text = (v) =>
    typeof v === "string" ? v : Array.isArray(v) ? v.filter((x) => typeof x === "string").join(" ") : "";

  function apiUrl(endpoint) {
    if (/^https?:\/\//.test(endpoint)) return endpoint;
    const meta = document.querySelector('meta[name="cchc-api-base"]');
    return ((meta && meta.content) || "").trim().replace(/\/+$/, "") + endpoint;
  }

  /** UUID v4: crypto.randomUUID() in a secure context, getRandomValues elsewhere. */
  function newKey() {
    const c = window.crypto;
    if (c.randomUUID) return c.randomUUID();
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /* ---------- SHA-256 of an ASCII string, and the proof of work ---------- */

  const K = [];
  const H0 = [];
  for (let n = 2; K.length < 64; n += 1) {
    let prime = true;
    for (let d = 2; d * d <= n; d += 1) if (n % d === 0) prime = false;
    if (!prime) continue;
    // First 32 bits of the fractional parts of the square and cube roots of the first primes.
    if (H0.length < 8) H0.push((n ** (1 / 2) * 2 ** 32) | 0);
    K.push((n ** (1 / 3) * 2 ** 32) | 0);
  }
  const ror = (x, n) => (x >>> n) | (x << (32 - n));
  const W = new Int32Array(64);

  function sha256(msg) {
    const size = ((msg.length + 72) >> 6) << 4;
    const words = new Int32Array(size);
    for (let i = 0; i < msg.length; i += 1) words[i >> 2] |= msg.charCodeAt(i) << (24 - (i & 3) * 8);
    words[msg.length >> 2] |= 0x80 << (24 - (msg.length & 3) * 8);
    words[size - 1] = msg.length * 8;
    const h = H0.slice();
    for (let j = 0; j < size; j += 16) {
      for (let i = 0; i < 64; i += 1) {
        if (i < 16) {
          W[i] = words[j + i];
        } else {
          const a = W[i - 15];
          const b = W[i - 2];
          W[i] =
            W[i - 16] + (ror(a, 7) ^ ror(a, 18) ^ (a >>> 3)) + W[i - 7] + (ror(b, 17) ^ ror(b, 19) ^ (b >>> 10));
        }
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i += 1) {
        const t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i];
        const t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      [a, b, c, d, e, f, g, k].forEach((v, i) => {
        h[i] = (h[i] + v) | 0;
      });
    }
    return h;
  }

  function zeroBits(h, bits) {
    for (let i = 0; bits > 0; i += 1, bits -= 32) {
      const word = h[i] >>> 0;
      if (bits >= 32 ? word !== 0 : word >>> (32 - bits) !== 0) return false;
    }
    return true;
  }

  /** "<t>:<nonce>" with sha256("<key>:<t>:<nonce>") starting with `bits` zero bits; yields every ~10 ms. */
  async function solve(key, t, bits) {
    const prefix = `${key}:${t}:`;
    for (let n = 0; ; ) {
      const until = Date.now() + 10;
      do {
        const nonce = n.toString(36);
        if (zeroBits(sha256(prefix + nonce), bits)) return `${t}:${nonce}`;
        n += 1;
      } while ((n & 255) !== 0 || Date.now() < until);
      await sleep(0);
    }
  }

  /* ---------- A form's pending submission: its key, when it was shown, its stamp ---------- */

  const drafts = new WeakMap();

  function draft(form) {
    let d = drafts.get(form);
    if (!d) {
      d = { key: newKey(), t: 0, stamp: null };
      drafts.set(form, d);
    }
    return d;
  }

  function begin(form) {
    const d = draft(form);
    if (d.t) return d;
    d.t = Date.now();
    const bits = Number.parseInt(form.dataset.powBits, 10);
    d.stamp = solve(d.key, d.t, Number.isInteger(bits) && bits >= 0 && bits <= 64 ? bits : 14);
    return d;
  }

  /* ---------- Serialising the fields ---------- */

  const SKIP = /^(submit|button|reset|image|file)$/;

  function fields(form) {
    return Array.from(form.elements).filter(
      (el) => el.name && !el.disabled && !SKIP.test(el.type) && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName),
    );
  }

  const typed = (el, v) => (el.dataset.type === "int" && /^-?\d+$/.test(v) ? Number(v) : v);

  function put(target, name, value) {
    const parts = name.split(".");
    const last = parts.pop();
    let node = target;
    for (const part of parts) {
      if (typeof node[part] !== "object" || node[part] === null || Array.isArray(node[part])) {
        node[part] = Object.create(null);
      }
      node = node[part];
    }
    node[last] = value;
  }

  /** The form's named fields as the API reads them; empty ones are left out. */
  function serialise(form) {
    const values = new Map();
    for (const el of fields(form)) {
      if (el.type === "checkbox") {
        const list = values.get(el.name) || [];
        if (el.checked) list.push(typed(el, el.value));
        values.set(el.name, list);
      } else if (el.type === "radio") {
        if (el.checked) values.set(el.name, typed(el, el.value));
      } else if (el.tagName === "SELECT" && el.multiple) {
        values.set(
          el.name,
          Array.from(el.selectedOptions, (o) => typed(el, o.value)),
        );
      } else {
        const v = el.value.normalize("NFC").trim();
        if (v) values.set(el.name, typed(el, v));
      }
    }
    const data = Object.create(null);
    for (const [name, value] of values) {
      if (!(Array.isArray(value) && value.length === 0)) put(data, name, value);
    }
    return data;
  }

  /* ---------- Errors next to their fields ---------- */

  /** The inputs of one name: a text field, or a group of radios or checkboxes. */
  const named = (form, name) => fields(form).filter((el) => el.name === name);

  function errorBox(form, group) {
    const first = group[0];
    const fieldset = group.length > 1 || /radio|checkbox/.test(first.type) ? first.closest("fieldset") : null;
    const anchor = fieldset || first;
    if (!anchor.id) anchor.id = `${form.id || "cchc"}-${first.name.replace(/[^\w-]/g, "-")}`;
    const id = `${anchor.id}-error`;
    let box = document.getElementById(id);
    if (!box) {
      box = document.createElement("p");
      box.id = id;
      box.className = "form-error";
      const legend = fieldset && fieldset.querySelector("legend");
      if (legend) legend.after(box);
      else anchor.before(box);
    }
    return box;
  }

  function describe(el, id, on) {
    const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
    if (on) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }

  function markField(form, name, message) {
    const group = named(form, name);
    if (!group.length) return false;
    const box = errorBox(form, group);
    box.textContent = message;
    for (const el of group) {
      el.setAttribute("aria-invalid", "true");
      describe(el, box.id, true);
      el.closest(".form-group")?.classList.add("has-error");
    }
    return true;
  }

  function clearErrors(form) {
    form.querySelectorAll(".form-error").forEach((box) => {
      box.textContent = "";
    });
    for (const el of form.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      for (const id of (el.getAttribute("aria-describedby") || "").split(/\s+/)) {
        if (id.endsWith("-error")) describe(el, id, false);
      }
      el.closest(".form-group")?.classList.remove("has-error");
    }
  }

  /** {"answers": {"q1": ["…"]}} → {"answers.q1": "…"}, as the fields are named. */
  function flatten(errors, prefix = "", out = {}) {
    for (const [key, value] of Object.entries(errors || {})) {
      const name = prefix + key;
      if (value && typeof value === "object" && !Array.isArray(value)) flatten(value, `${name}.`, out);
      else if (text(value)) out[name] = text(value);
    }
    return out;
  }

  /** Marks the fields; returns the messages that have no field (shown with the result). */
  function showErrors(form, errors) {
    const rest = [];
    for (const [name, message] of Object.entries(errors)) {
      if (!markField(form, name, message)) rest.push(message);
    }
    form.querySelector("[aria-invalid='true']")?.focus();
    return rest;
  }

  /** A light check with the page's own attributes; the API has the final say. */
  function check(form) {
    const errors = {};
    const seen = new Set();
    for (const el of fields(form)) {
      if (seen.has(el.name)) continue;
      seen.add(el.name);
      const group = named(form, el.name);
      const required = group.some((x) => x.required);
      if (/radio|checkbox/.test(el.type)) {
        if (required && !group.some((x) => x.checked)) errors[el.name] = el.dataset.msgRequired || MSG_CHOOSE;
        continue;
      }
      const v = el.value.normalize("NFC").trim();
      const min = el.minLength > 0 ? el.minLength : 0;
      const max = el.maxLength > 0 ? el.maxLength : Infinity;
      if (!v) {
        if (required) errors[el.name] = el.dataset.msgRequired || MSG_REQUIRED;
      } else if (chars(v) < min) {
        errors[el.name] = `Cần có ít nhất ${min} ký tự (hiện có ${chars(v)}).`;
      } else if (chars(v) > max) {
        errors[el.name] = `Không được dài quá ${max} ký tự.`;
      } else if (el.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) {
        errors[el.name] = MSG_EMAIL;
      }
    }
    return errors;
  }

  /* ---------- Results ---------- */

  function resultBox(form) {
    let box = form.querySelector(".form-result");
    if (!box) {
      box = document.createElement("div");
      box.className = "form-result";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      form.append(box);
    }
    return box;
  }

  function paint(box, kind, message) {
    box.classList.remove("is-error", "is-success", "is-pending");
    if (kind) box.classList.add(`is-${kind}`);
    box.textContent = message;
    return box;
  }

  const show = (form, kind, message) => paint(resultBox(form), kind, message);
  const statusUrl = (form) => form.dataset.statusUrl || "/tra-cuu/";

  function paintCode(box, message, code, url) {
    paint(box, "success", message);
    const strong = document.createElement("strong");
    strong.className = "form-code";
    strong.textContent = code;
    const link = document.createElement("a");
    link.href = `${url}?ma=${encodeURIComponent(code)}`;
    link.textContent = "Tra cứu tình trạng";
    box.append(strong, ". ", link);
  }

  const showCode = (form, message, code) => paintCode(resultBox(form), message, code, statusUrl(form));

  /** An outbox answer whose form is not on this page: one line in a notice at the top of <main>. */
  function answerElsewhere(item, status, json) {
    let notice = document.getElementById(NOTICE);
    if (!notice) {
      notice = document.createElement("div");
      notice.id = NOTICE;
      notice.className = "outbox-notice";
      notice.setAttribute("role", "status");
      notice.setAttribute("aria-live", "polite");
      (document.querySelector("main") || document.body).prepend(notice);
    }
    const line = document.createElement("p");
    line.className = "form-result";
    notice.append(line);
    const n = capital(item.noun || "nội dung");
    if (status < 300 && text(json.tracking_code)) {
      paintCode(line, `${n} trong hộp thư đi đã được gửi. Mã theo dõi: `, text(json.tracking_code), item.status);
    } else if (status < 300) {
      paint(line, "success", `${n} trong hộp thư đi đã được gửi.`);
    } else {
      const detail = text(json.detail) || "vui lòng kiểm tra lại và gửi lại.";
      paint(line, "error", `${n} trong hộp thư đi không được chấp nhận: ${detail}`);
    }
  }

  /** What the API answered, in a form on this page (null when sent from the outbox of another page). */
  function answer(form, status, json, later) {
    if (!form) return;
    const n = noun(form);
    if (status >= 200 && status < 300 && text(json.tracking_code)) {
      const head = later ? `${capital(n)} trong hộp thư đi đã được gửi.` : `${capital(n)} của bạn đã được gửi.`;
      showCode(form, `${head} Mã theo dõi: `, text(json.tracking_code));
    } else if (status >= 200 && status < 300) {
      show(form, "success", `${capital(n)} của bạn đã được gửi.`);
    } else if (status >= 400 && status < 500) {
      clearErrors(form);
      const rest = showErrors(form, flatten(json.errors));
      const message = [text(json.detail), ...rest].filter(Boolean).join(" ");
      show(form, "error", message || `Không gửi được ${n}. Vui lòng kiểm tra lại thông tin.`);
    } else {
      show(form, "error", MSG_SERVER);
    }
  }

  /* ---------- Sending, and the outbox ---------- */

  /** Resolves to {status, json}; rejects on a network error or a timeout. */
  async function send(url, body) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const options = { headers: { Accept: "application/json" }, credentials: "omit", signal: controller.signal };
      if (body !== undefined) {
        Object.assign(options, { method: "POST", body });
        options.headers["Content-Type"] = "application/json";
      }
      const response = await fetch(url, options);
      const json = await response.json().catch(() => null);
      return { status: response.status, json: json && typeof json === "object" ? json : {} };
    } finally {
      window.clearTimeout(timer);
    }
  }

  /* Worth another try later: the request may never have arrived, or the API asked to wait. */
  const retry = (status) => status >= 500 || status === 408 || status === 429;

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
      return false; // storage off or full: the text stays in the form for a retry by hand
    }
  }

  /** Re-read before each change: another tab (or a flush) may have changed the list meanwhile. */
  function outboxUpdate(key, change) {
    outboxWrite(
      outboxRead()
        .map((item) => (item.key === key ? change(item) : item))
        .filter(Boolean),
    );
  }

  function later(tries) {
    const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** tries);
    return Date.now() + wait / 2 + Math.random() * (wait / 2);
  }

  const postpone = (it) => ({ ...it, tries: it.tries + 1, next: later(it.tries + 1) });
  let flushing = false;
  let flushTimer = 0;

  /** Sends what waits; `all` also sends what waits for its backoff (page load, back online). */
  async function flush(all) {
    if (flushing) return;
    flushing = true;
    window.clearTimeout(flushTimer);
    try {
      for (const item of outboxRead()) {
        if (!all && item.next > Date.now()) continue;
        let reply;
        try {
          reply = await send(item.url, item.body);
        } catch {
          outboxUpdate(item.key, postpone);
          break; // still offline: the others would fail the same way
        }
        if (retry(reply.status)) {
          outboxUpdate(item.key, postpone);
        } else {
          outboxUpdate(item.key, () => null);
          const form = document.getElementById(item.form);
          if (form) answer(form, reply.status, reply.json, true);
          else answerElsewhere(item, reply.status, reply.json);
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

  const queuedMessage = (form) =>
    `Chưa gửi được do mất kết nối hoặc máy chủ bận. ${capital(noun(form))} của bạn đã được lưu vào hộp thư đi ` +
    "của trình duyệt và sẽ tự động gửi khi có kết nối trở lại.";

  /** After an accepted or queued submission: an empty form, and a new key for the next one. */
  function done(form) {
    form.reset();
    drafts.delete(form);
    begin(form);
    form.querySelectorAll("[data-counter]").forEach(count);
  }

  async function submit(form, event) {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (form.getAttribute("aria-busy") === "true") return;
    clearErrors(form);
    const errors = check(form);
    if (Object.keys(errors).length) {
      showErrors(form, errors);
      show(form, "error", MSG_INVALID);
      return;
    }
    form.setAttribute("aria-busy", "true");
    if (button) button.disabled = true;
    show(form, "pending", `Đang gửi ${noun(form)}…`);
    const d = begin(form);
    const url = apiUrl(form.dataset.endpoint || "");
    try {
      const data = serialise(form);
      await sleep(d.t + MIN_FILL_MS - Date.now()); // the time trap: a person takes a few seconds
      const body = JSON.stringify({ ...data, client_key: d.key, stamp: await d.stamp });
      let reply = null;
      try {
        reply = await send(url, body);
      } catch {
        reply = null;
      }
      if (reply && !retry(reply.status)) {
        answer(form, reply.status, reply.json, false);
        if (reply.status < 300) done(form);
        return;
      }
      const item = {
        key: d.key,
        url,
        body,
        form: form.id,
        noun: noun(form),
        status: statusUrl(form),
        tries: 0,
        next: later(0),
      };
      if (outboxWrite([...outboxRead().filter((it) => it.key !== d.key), item])) {
        show(form, "pending", queuedMessage(form));
        done(form);
        window.clearTimeout(flushTimer);
        flushTimer = window.setTimeout(flush, item.next - Date.now());
      } else {
        show(form, "error", reply ? MSG_SERVER : MSG_NETWORK);
      }
    } finally {
      form.setAttribute("aria-busy", "false");
      if (button) button.disabled = false;
    }
  }

  function count(field) {
    const counter = document.getElementById(field.dataset.counter);
    if (!counter) return;
    const n = chars(field.value.trim());
    counter.textContent = `${n}/${field.maxLength} ký tự`;
    counter.classList.toggle("is-over", n > field.maxLength);
  }

  /** A button[data-cchc-toggle][aria-controls] shows and hides the form it controls. */
  function expand(button, open) {
    const target = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", String(open));
    if (target) target.hidden = !open;
    return target;
  }

  function setupForm(form) {
    if (!form.hidden && form.offsetParent !== null) begin(form);
    form.addEventListener("focusin", () => begin(form));
    form.addEventListener("submit", (event) => submit(form, event));
    form.addEventListener("input", (event) => {
      if (event.target.dataset.counter) count(event.target);
    });
  }

  /* ---------- Status lookup (the /tra-cuu/ page) ---------- */

  function row(list, term, value) {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = term;
    dd.textContent = value;
    div.append(dt, dd);
    list.append(div);
  }

  function showStatus(box, json, siteUrl) {
    const list = document.createElement("dl");
    list.className = "meta-list status-result__list";
    row(list, "Mã theo dõi", text(json.code));
    row(list, "Loại", KINDS[json.kind] || text(json.kind));
    if (text(json.subject)) row(list, "Nội dung", text(json.subject));
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(json.submitted_on));
    if (day) row(list, "Ngày gửi", `${day[3]}/${day[2]}/${day[1]}`);
    row(list, "Tình trạng", text(json.status_label));
    box.replaceChildren(list);
    const reply = json.answer;
    if (reply && typeof reply === "object" && text(reply.text)) {
      const heading = document.createElement("h2");
      heading.textContent = json.kind === "opinion" ? "Giải trình, tiếp thu" : "Trả lời";
      box.append(heading);
      for (const line of text(reply.text).split("\n")) {
        const p = document.createElement("p");
        p.textContent = line;
        box.append(p);
      }
      if (/^\/(?!\/)/.test(text(reply.url))) {
        const link = document.createElement("a");
        link.href = siteUrl + reply.url;
        link.textContent = "Xem trên trang thông tin";
        box.append(link);
      }
    }
  }

  async function lookUp(form) {
    const input = form.elements.ma;
    const box = document.getElementById(form.dataset.result);
    if (!input || !box) return;
    const code = input.value.trim().toUpperCase();
    clearErrors(form);
    if (!code) {
      markField(form, "ma", "Vui lòng nhập mã theo dõi.");
      input.focus();
      return;
    }
    window.history.replaceState(null, "", `?ma=${encodeURIComponent(code)}`);
    box.replaceChildren();
    box.className = "form-result is-pending";
    box.textContent = "Đang tra cứu…";
    let reply;
    try {
      reply = await send(apiUrl(form.dataset.endpoint + encodeURIComponent(code)));
    } catch {
      reply = { status: 0, json: {} };
    }
    box.className = `form-result ${reply.status === 200 ? "is-success" : "is-error"}`;
    if (reply.status === 200) {
      showStatus(box, reply.json, form.dataset.siteUrl || "");
    } else if (reply.status >= 400 && reply.status < 500) {
      const field = text((reply.json.errors || {}).code);
      box.textContent = field || text(reply.json.detail) || "Không tra cứu được mã này.";
      if (field) showErrors(form, { ma: field });
    } else {
      box.textContent = reply.status ? MSG_SERVER : MSG_NETWORK;
    }
  }

  function setupStatus(form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      lookUp(form);
    });
    const code = new URLSearchParams(window.location.search).get("ma");
    if (code && form.elements.ma) {
      form.elements.ma.value = code.slice(0, 40);
      lookUp(form);
    }
  }

  function init() {
    document.querySelectorAll("[data-cchc-reveal]").forEach((el) => {
      el.hidden = false;
    });
    document.querySelectorAll("button[data-cchc-toggle]").forEach((button) => {
      button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        const target = expand(button, open);
        if (open && target) target.querySelector("textarea, input:not([type=hidden]), select")?.focus();
      });
    });
    document.querySelectorAll("form[data-cchc-form]").forEach(setupForm);
    document.querySelectorAll("form[data-cchc-status]").forEach(setupStatus);
    for (const item of outboxRead()) {
      const form = item.form && document.getElementById(item.form);
      if (!form) continue;
      const toggle = document.querySelector(`button[data-cchc-toggle][aria-controls="${CSS.escape(form.id)}"]`);
      if (toggle) expand(toggle, true);
      show(form, "pending", queuedMessage(form));
    }
    window.addEventListener("online", () => flush(true));
    if (navigator.onLine !== false && outboxRead().length) flush(true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
