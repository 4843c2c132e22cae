// A virtualized table over a stored result: only the rows in view are in the page, fetched in blocks from
// GET /results/{id}?offset&limit as the user scrolls, and at most MAX_BLOCKS blocks are kept. A result of a
// billion rows costs the browser what a screenful does.
import { api } from "/console/api.js";
import { h } from "/console/dom.js";

const ROW_HEIGHT = 26;
const BLOCK = 200;
const MAX_BLOCKS = 20;
const OVERSCAN = 8;

function text(v) {
  if (v === null || v === undefined) return null;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

export function rowsGrid({ resultId, columns, types, rowCount, firstRows }) {
  const blocks = new Map(); // block index → rows; Map order doubles as recency for eviction
  const loading = new Set();
  let ready = false;
  if (firstRows && (firstRows.length >= BLOCK || firstRows.length >= rowCount)) blocks.set(0, firstRows.slice(0, BLOCK));

  const head = h("div", { className: "head" }, h("div", { className: "hcell index" }, "#"),
    ...columns.map((c, i) => h("div", { className: "hcell", title: c }, c, h("span", { className: "type" }, types[i] || ""))));
  const spacer = h("div", { className: "spacer" });
  spacer.style.height = `${rowCount * ROW_HEIGHT}px`;
  spacer.style.width = `${70 + columns.length * 180}px`;
  const viewport = h("div", { className: "viewport", id: "grid-viewport" }, spacer);
  const footer = h("div", { className: "footer", id: "grid-footer" });
  const element = h("div", { className: "grid", id: "grid" }, head, viewport, footer);
  viewport.addEventListener("scroll", () => {
    head.scrollLeft = viewport.scrollLeft;
    draw();
  });
  head.style.overflow = "hidden";

  function rowsOf(block) {
    const rows = blocks.get(block);
    if (rows) {
      blocks.delete(block);
      blocks.set(block, rows);
      return rows;
    }
    if (ready && resultId && !loading.has(block)) fetchBlock(block);
    return null;
  }

  async function fetchBlock(block) {
    loading.add(block);
    try {
      const page = await api("GET", `/results/${resultId}?offset=${block * BLOCK}&limit=${BLOCK}`);
      if (page.rows) {
        blocks.set(block, page.rows);
        while (blocks.size > MAX_BLOCKS) blocks.delete(blocks.keys().next().value);
      }
    } finally {
      loading.delete(block);
    }
    draw();
  }

  function draw() {
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rowCount, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) {
      const block = rowsOf(Math.floor(i / BLOCK));
      const values = block ? block[i % BLOCK] : null;
      const row = h("div", { className: "row", "data-row": i }, h("div", { className: "cell index" }, i + 1),
        ...columns.map((_, c) => {
          if (!values) return h("div", { className: "cell muted" }, ready ? "…" : "");
          const t = text(values[c]);
          return t === null ? h("div", { className: "cell null" }, "NULL") : h("div", { className: "cell", title: t }, t);
        }));
      row.style.top = `${i * ROW_HEIGHT}px`;
      rows.push(row);
    }
    spacer.replaceChildren(...rows);
    const shownLast = Math.min(rowCount, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT));
    footer.textContent = rowCount === 0 ? "no rows"
      : `rows ${Math.min(rowCount, Math.floor(viewport.scrollTop / ROW_HEIGHT) + 1)}–${shownLast} of ${rowCount}`
        + (ready || rowCount <= BLOCK ? "" : " · further rows appear once the result is ready");
  }

  requestAnimationFrame(draw);
  return {
    element,
    ready(isReady) {
      ready = isReady;
      draw();
    },
  };
}
