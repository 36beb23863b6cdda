/*
 * Index data pages – Administrative Reform portal (site/plugins/indices).
 *
 * 1. Tables marked data-sortable: each header with data-sort gets a button; pressing it sorts the
 *    rows by that column (cells' data-value; unknown values stay last) and sets aria-sort.
 * 2. The comparison page: loads the two chosen units' JSON downloads (/chi-so/don-vi/<key>.json)
 *    and shows, per index, a line chart and a table of both units' values by year.
 * Everything from the data is inserted with textContent; nothing is stored in the browser.
 */
(() => {
  "use strict";

  const NO_DATA = "chưa có dữ liệu";
  const SVG = "http://www.w3.org/2000/svg";

  /** 88.37 → "88,37"; 1234.5 → "1.234,50"; null → null. */
  function fmt(value, digits = 2) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return null;
    const [whole, part] = Math.abs(Number(value)).toFixed(digits).split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (Number(value) < 0 ? "-" : "") + grouped + (part ? `,${part}` : "");
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    node.append(...children);
    return node;
  }

  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    node.append(...children);
    return node;
  }

  function valueCell(value, tag = "td") {
    const text = fmt(value);
    const cell = el(tag, { class: "num" });
    if (text === null) cell.append(el("span", { class: "no-data" }, NO_DATA));
    else cell.append(text);
    return cell;
  }

  /* ---------- sortable tables ---------- */

  function sortRows(table, headers, col, type, announce) {
    const th = headers[col];
    const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    for (const h of headers) h.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", direction);
    const body = table.tBodies[0];
    const keyed = Array.from(body.rows, (row, i) => {
      const cell = row.cells[col];
      const raw = cell ? (cell.dataset.value ?? cell.textContent.trim()) : "";
      return { row, i, v: raw };
    });
    keyed.sort((a, b) => {
      const aNone = a.v === "";
      const bNone = b.v === "";
      if (aNone || bNone) return aNone === bNone ? a.i - b.i : aNone ? 1 : -1;
      let c = type === "number" ? Number(a.v) - Number(b.v) : a.v.localeCompare(b.v, "vi");
      if (direction === "descending") c = -c;
      return c || a.i - b.i;
    });
    body.append(...keyed.map((k) => k.row));
    const name = th.textContent.trim();
    announce.textContent = `Đã sắp xếp theo cột ${name}, ${direction === "ascending" ? "tăng dần" : "giảm dần"}.`;
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    const headers = Array.from(table.tHead.rows[0].cells);
    const announce = el("p", { class: "visually-hidden", role: "status" });
    (table.closest(".table-scroll") || table).after(announce);
    headers.forEach((th, col) => {
      const type = th.dataset.sort;
      if (!type) return;
      const button = el("button", { type: "button", class: "sort-button" });
      button.append(...th.childNodes);
      button.append(el("span", { class: "sort-button__icon", "aria-hidden": "true" }));
      th.append(button);
      button.addEventListener("click", () => sortRows(table, headers, col, type, announce));
    });
    if (table.caption) table.caption.append(el("span", { class: "sort-hint" }, "; bấm tiêu đề cột để sắp xếp"));
  }

  /* ---------- comparison: chart ---------- */

  function niceRange(values) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const spread = Math.max(hi - lo, 4);
    const step = [1, 2, 5, 10, 20, 25].find((s) => spread / s <= 6) || 25;
    const low = Math.max(0, Math.floor((lo - step / 2) / step) * step);
    let high = Math.ceil((hi + step / 2) / step) * step;
    if (high > 100 && hi <= 100) high = 100;
    return [low, high, step];
  }

  const STYLES = [
    { colour: "#0b2a4a", dash: "", marker: "circle" },
    { colour: "#8b1a1a", dash: "7 4", marker: "square" },
  ];

  function marker(style, x, y, tip) {
    const common = { fill: style.colour, stroke: "#fff", "stroke-width": 1 };
    const node =
      style.marker === "square"
        ? svg("rect", { x: x - 4.5, y: y - 4.5, width: 9, height: 9, ...common })
        : svg("circle", { cx: x, cy: y, r: 4.5, ...common });
    node.append(svg("title", {}, tip));
    return node;
  }

  function lineChart(id, title, desc, years, lines) {
    const known = lines.flatMap((l) => l.values.filter((v) => v !== null));
    const yearsKnown = years.filter((_, i) => lines.some((l) => l.values[i] !== null));
    if (yearsKnown.length < 2) return null; // one year is no line: the table says it
    const [low, high, step] = niceRange(known);
    const left = 46;
    const top = 14;
    const plotH = 220;
    const plotW = 540;
    const legendTop = top + plotH + 34;
    const width = left + plotW + 24;
    const height = legendTop + lines.length * 20 + 4;
    const inset = 24;
    const inner = plotW - 2 * inset;
    const span = years[years.length - 1] - years[0];
    const xOf = (year) => left + inset + (span === 0 ? inner / 2 : ((year - years[0]) / span) * inner);
    const yOf = (v) => top + plotH - ((v - low) / (high - low)) * plotH;
    const root = svg("svg", {
      class: "chart",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
    });
    root.append(svg("title", { id: `${id}-title` }, title), svg("desc", { id: `${id}-desc` }, desc));
    const grid = svg("g", { class: "chart__grid" });
    for (let t = low; t <= high + 1e-9; t += step) {
      grid.append(svg("line", { x1: left, y1: yOf(t), x2: left + plotW, y2: yOf(t) }));
      grid.append(svg("text", { x: left - 6, y: yOf(t) + 4, "text-anchor": "end", class: "chart__tick" }, fmt(t, 0)));
    }
    for (let year = years[0]; year <= years[years.length - 1]; year += 1) {
      grid.append(
        svg("text", { x: xOf(year), y: top + plotH + 18, "text-anchor": "middle", class: "chart__tick" }, String(year)),
      );
    }
    root.append(grid);
    lines.forEach((line, n) => {
      const style = STYLES[n % STYLES.length];
      const dash = style.dash ? { "stroke-dasharray": style.dash } : {};
      let run = [];
      const flush = () => {
        if (run.length > 1) {
          root.append(svg("polyline", { class: "chart__line", points: run.join(" "), fill: "none", stroke: style.colour, ...dash }));
        }
        run = [];
      };
      years.forEach((year, i) => {
        const v = line.values[i];
        if (v === null) flush();
        else run.push(`${xOf(year)},${yOf(v)}`);
      });
      flush();
      years.forEach((year, i) => {
        const v = line.values[i];
        if (v !== null) root.append(marker(style, xOf(year), yOf(v), `${line.name}, ${year}: ${fmt(v)}`));
      });
      const y = legendTop + n * 20;
      root.append(svg("line", { x1: left, y1: y, x2: left + 28, y2: y, stroke: style.colour, class: "chart__line", ...dash }));
      root.append(marker(style, left + 14, y, line.name));
      root.append(svg("text", { x: left + 36, y: y + 4, class: "chart__label" }, line.name));
    });
    return root;
  }

  /* ---------- comparison: table and page ---------- */

  function byYear(series, index) {
    const found = new Map();
    for (const s of series) if (s.index === index) found.set(Number(s.year), s);
    return found;
  }

  function rankText(entry) {
    if (!entry || entry.rank === null || entry.rank === undefined) return null;
    return entry.unit_count ? `${entry.rank}/${entry.unit_count}` : String(entry.rank);
  }

  /** "96,17 (hạng 1/63)", or "chưa có dữ liệu". */
  function resultCell(entry) {
    const value = entry ? fmt(entry.value) : null;
    const rank = rankText(entry);
    const cell = el("td", { class: "num" });
    if (value === null) cell.append(el("span", { class: "no-data" }, NO_DATA));
    else cell.append(value);
    if (rank !== null) cell.append(el("span", { class: "muted" }, ` (hạng ${rank})`));
    return cell;
  }

  function compareTable(label, names, years, maps) {
    const head = el("tr", {}, el("th", { scope: "col" }, "Năm"));
    for (const name of names) head.append(el("th", { scope: "col", class: "num wide" }, name));
    head.append(el("th", { scope: "col", class: "num" }, "Chênh lệch"));
    const body = el("tbody");
    for (const year of years) {
      const row = el("tr", {}, el("th", { scope: "row" }, String(year)));
      const values = maps.map((m) => (m.has(year) ? m.get(year).value ?? null : null));
      maps.forEach((m) => row.append(resultCell(m.get(year))));
      const diff = values.every((v) => v !== null) ? values[0] - values[1] : null;
      const cell = valueCell(diff);
      if (diff !== null && diff > 0) cell.prepend("+");
      row.append(cell);
      body.append(row);
    }
    const caption = el(
      "caption",
      {},
      `${label}: giá trị (%) và hạng của ${names.join(" và ")} theo năm; chênh lệch là giá trị của đơn vị thứ nhất trừ đơn vị thứ hai.`,
    );
    const table = el("table", { class: "data-table index-table" }, caption);
    table.append(el("thead", {}, head), body);
    return el("div", { class: "table-scroll", role: "region", "aria-label": `Bảng so sánh ${label}`, tabindex: "0" }, table);
  }

  function renderComparison(out, labels, names, profiles) {
    out.replaceChildren();
    const indexes = [...new Set(profiles.flatMap((p) => p.series.map((s) => s.index)))].sort((a, b) =>
      a === "par" ? -1 : b === "par" ? 1 : a.localeCompare(b),
    );
    if (!indexes.length) {
      out.append(el("p", { class: "empty-state" }, "Hai đơn vị chưa có kết quả chỉ số để so sánh."));
      return;
    }
    for (const index of indexes) {
      const label = labels[index] || index.toUpperCase();
      const maps = profiles.map((p) => byYear(p.series, index));
      const years = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
      const section = el("section", { class: "compare-result__index" }, el("h2", {}, label));
      const chart = lineChart(
        `so-sanh-${index}`,
        `${label}: ${names.join(" và ")} qua các năm`,
        "Biểu đồ đường, mỗi đường là một đơn vị (đường liền, chấm tròn: đơn vị thứ nhất; đường đứt, chấm vuông: đơn vị thứ hai); số liệu ở bảng bên dưới.",
        years,
        names.map((name, i) => ({ name, values: years.map((y) => (maps[i].has(y) ? maps[i].get(y).value ?? null : null)) })),
      );
      if (chart) {
        const box = el("div", { class: "chart-scroll", role: "region", "aria-label": `Biểu đồ ${label}`, tabindex: "0" }, chart);
        section.append(el("figure", { class: "chart-figure" }, box));
      }
      section.append(compareTable(label, names, years, maps));
      out.append(section);
    }
  }

  async function loadProfile(url) {
    const response = await fetch(url, { credentials: "omit" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    if (!data || typeof data !== "object" || !Array.isArray(data.series)) throw new Error("dữ liệu không hợp lệ");
    return data;
  }

  function initComparison() {
    const form = document.getElementById("chi-so-so-sanh");
    const status = document.getElementById("chi-so-so-sanh-trang-thai");
    const out = document.getElementById("chi-so-so-sanh-ket-qua");
    if (!form || !status || !out) return;
    let labels = {};
    try {
      labels = JSON.parse(form.dataset.labels || "{}");
    } catch {
      labels = {};
    }
    const selects = [form.elements.namedItem("a"), form.elements.namedItem("b")];
    const params = new URLSearchParams(window.location.search);
    selects.forEach((select, i) => {
      const wanted = params.get(i ? "b" : "a");
      if (wanted && Array.from(select.options).some((o) => o.value === wanted)) select.value = wanted;
    });
    form.hidden = false;

    const setStatus = (kind, message) => {
      status.classList.remove("is-error", "is-success");
      if (kind) status.classList.add(`is-${kind}`);
      status.textContent = message;
    };

    async function compare() {
      const empty = selects.find((s) => !s.value);
      if (empty) {
        setStatus("error", "Vui lòng chọn đủ hai đơn vị.");
        empty.focus();
        return;
      }
      if (selects[0].value === selects[1].value) {
        setStatus("error", "Vui lòng chọn hai đơn vị khác nhau.");
        selects[1].focus();
        return;
      }
      const chosen = selects.map((s) => s.selectedOptions[0]);
      const names = chosen.map((o) => o.textContent.trim());
      setStatus("", "Đang tải dữ liệu…");
      let profiles;
      try {
        profiles = await Promise.all(chosen.map((o) => loadProfile(o.dataset.json)));
      } catch {
        setStatus("error", "Không tải được dữ liệu của đơn vị. Vui lòng thử lại.");
        return;
      }
      renderComparison(out, labels, names, profiles);
      setStatus("success", `Đã so sánh ${names[0]} và ${names[1]}.`);
      const query = `?a=${encodeURIComponent(selects[0].value)}&b=${encodeURIComponent(selects[1].value)}`;
      window.history.replaceState(null, "", query);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      compare();
    });
    if (selects.every((s) => s.value)) compare();
  }

  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    initComparison();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
