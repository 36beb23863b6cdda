/*
 * "Gửi câu hỏi" (submit a question) form – Administrative Reform portal.
 *
 * Light client-side validation (the server has the final say); sends JSON to
 * POST {API}/api/v1/questions and shows the tracking code or an error. Data
 * is only inserted into the page via textContent. No cookies, nothing is
 * stored in the browser.
 */
(() => {
  "use strict";

  const MSG_NETWORK = "Không gửi được câu hỏi do lỗi kết nối. Vui lòng thử lại.";
  const MSG_SERVER = "Máy chủ đang gặp sự cố, chưa gửi được câu hỏi. Vui lòng thử lại sau.";
  const MSG_REJECTED = "Không gửi được câu hỏi. Vui lòng kiểm tra lại thông tin.";
  const MSG_INVALID = "Vui lòng kiểm tra lại các thông tin được đánh dấu.";
  const MSG_SENDING = "Đang gửi câu hỏi…";
  const MSG_SENT = "Câu hỏi của bạn đã được gửi. Mã theo dõi: ";
  const TIMEOUT_MS = 20000;

  const BODY_MIN = 10;
  const BODY_MAX = 5000;
  const NAME_MAX = 200;
  const EMAIL_MAX = 254;

  /* API field name → id of the input on the page, in display order. */
  const FIELDS = {
    body: "question-body",
    name: "question-name",
    email: "question-email",
  };

  function apiBase() {
    const meta = document.querySelector('meta[name="cchc-api-base"]');
    const value = meta ? (meta.getAttribute("content") || "").trim() : "";
    return value.replace(/\/+$/, "");
  }

  /** UUID v4; uses crypto.randomUUID() when available (secure contexts only). */
  function newClientKey() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      return c.randomUUID();
    }
    const bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === "function") {
      c.getRandomValues(bytes);
    } else {
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Length in Unicode code points (like Python's len()), not UTF-16 code units. */
  const charCount = (s) => Array.from(s).length;

  const clean = (s) => s.normalize("NFC").trim();

  /** An API error message may be a string or an array of strings. */
  function messageText(value) {
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return value.filter((v) => typeof v === "string").join(" ");
    return "";
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  function init() {
    const form = document.getElementById("question-form");
    const result = document.getElementById("question-result");
    if (!form || !result) return;

    const button = form.querySelector('button[type="submit"]');
    const inputs = {};
    for (const [key, id] of Object.entries(FIELDS)) {
      inputs[key] = document.getElementById(id);
    }

    let clientKey = newClientKey();
    let sending = false;

    function setResult(kind, message) {
      result.replaceChildren();
      result.classList.remove("is-error", "is-success", "is-pending");
      if (kind) result.classList.add(`is-${kind}`);
      if (message) result.textContent = message;
    }

    function showSuccess(code) {
      setResult("success");
      if (code) {
        const strong = document.createElement("strong");
        strong.id = "question-tracking-code";
        strong.textContent = code;
        result.append(MSG_SENT, strong);
      } else {
        result.textContent = "Câu hỏi của bạn đã được gửi.";
      }
    }

    function describedBy(field, errorId, add) {
      const tokens = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      const rest = tokens.filter((t) => t !== errorId);
      if (add) rest.push(errorId);
      if (rest.length) {
        field.setAttribute("aria-describedby", rest.join(" "));
      } else {
        field.removeAttribute("aria-describedby");
      }
    }

    function setFieldError(key, message) {
      const field = inputs[key];
      if (!field) return;
      const errorId = `${field.id}-error`;
      let errorEl = document.getElementById(errorId);
      if (!errorEl && message) {
        errorEl = document.createElement("p");
        errorEl.id = errorId;
        errorEl.className = "form-error";
        field.before(errorEl);
      }
      if (errorEl) errorEl.textContent = message || "";
      const group = field.closest(".form-group");
      if (message) {
        field.setAttribute("aria-invalid", "true");
        describedBy(field, errorId, true);
        if (group) group.classList.add("has-error");
      } else {
        field.removeAttribute("aria-invalid");
        describedBy(field, errorId, false);
        if (group) group.classList.remove("has-error");
      }
    }

    function clearErrors() {
      for (const key of Object.keys(FIELDS)) setFieldError(key, "");
    }

    /** Shows per-field errors; returns true if at least one field has an error. */
    function showFieldErrors(errors) {
      let first = null;
      for (const key of Object.keys(FIELDS)) {
        const message = messageText(errors[key]);
        if (message && inputs[key]) {
          setFieldError(key, message);
          if (!first) first = inputs[key];
        }
      }
      if (first) first.focus();
      return first !== null;
    }

    function collect() {
      const data = {
        body: inputs.body ? clean(inputs.body.value) : "",
        name: inputs.name ? clean(inputs.name.value) : "",
        email: inputs.email ? inputs.email.value.trim() : "",
      };
      const errors = {};
      const bodyLength = charCount(data.body);
      if (bodyLength === 0) {
        errors.body = "Vui lòng nhập nội dung câu hỏi.";
      } else if (bodyLength < BODY_MIN) {
        errors.body = `Nội dung câu hỏi cần có ít nhất ${BODY_MIN} ký tự.`;
      } else if (bodyLength > BODY_MAX) {
        errors.body = `Nội dung câu hỏi không được dài quá ${BODY_MAX} ký tự.`;
      }
      if (charCount(data.name) > NAME_MAX) {
        errors.name = `Họ và tên không được dài quá ${NAME_MAX} ký tự.`;
      }
      if (data.email) {
        if (data.email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(data.email)) {
          errors.email = "Địa chỉ thư điện tử không hợp lệ.";
        }
      }
      return { data, errors };
    }

    function payload(data) {
      const body = { client_key: clientKey, body: data.body };
      if (data.name) body.name = data.name;
      if (data.email) body.email = data.email;
      return JSON.stringify(body);
    }

    function setSending(on) {
      sending = on;
      if (button) button.disabled = on;
      form.setAttribute("aria-busy", on ? "true" : "false");
    }

    async function onSubmit(event) {
      event.preventDefault();
      if (sending) return;

      clearErrors();
      const { data, errors } = collect();
      if (Object.keys(errors).length) {
        setResult("error", MSG_INVALID);
        showFieldErrors(errors);
        return;
      }

      setSending(true);
      setResult("pending", MSG_SENDING);
      const controller = new AbortController();
      const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);

      try {
        const response = await fetch(`${apiBase()}/api/v1/questions`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: payload(data),
          credentials: "omit",
          signal: controller.signal,
        });
        const json = await readJson(response);
        const detail = json && typeof json.detail === "string" ? json.detail : "";

        if (response.status === 201 || response.ok) {
          const code = json && typeof json.tracking_code === "string" ? json.tracking_code : "";
          showSuccess(code);
          form.reset();
          clientKey = newClientKey();
        } else if (response.status === 400) {
          const errs = json && json.errors && typeof json.errors === "object" ? json.errors : {};
          const extra = messageText(errs.non_field_errors) || messageText(errs.client_key);
          const message = [detail, extra].filter(Boolean).join(" ") || MSG_REJECTED;
          setResult("error", message);
          showFieldErrors(errs);
        } else if (response.status >= 400 && response.status < 500) {
          setResult("error", detail || MSG_REJECTED);
        } else {
          setResult("error", MSG_SERVER);
        }
      } catch {
        setResult("error", MSG_NETWORK);
      } finally {
        window.clearTimeout(timer);
        setSending(false);
      }
    }

    form.addEventListener("submit", onSubmit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
