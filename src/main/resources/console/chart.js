// A chart of a result's first numeric columns over its first rows (at most one block), drawn as SVG.
import { h, svg } from "/console/dom.js";

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const COLORS = ["#2156d9", "#d97706", "#059669"];
const W = 760;
const H = 260;
const PAD = 40;

export function chart(answer) {
  const types = answer.column_types || [];
  const rows = (answer.rows || []).slice(0, 200);
  const numeric = answer.columns.map((c, i) => i)
    .filter((i) => NUMERIC.test(types[i] || "") || (types.length === 0 && rows.length && typeof rows[0][i] === "number"))
    .slice(0, 3);
  if (numeric.length === 0 || rows.length < 2) return h("p", { className: "muted" }, "no numeric columns to chart");
  const box = h("div");
  let kind = "line";
  const toggle = h("button", { type: "button", className: "secondary", id: "chart-kind", onclick: () => {
    kind = kind === "line" ? "bar" : "line";
    toggle.textContent = kind === "line" ? "Show bars" : "Show lines";
    draw();
  } }, "Show bars");

  function draw() {
    const values = numeric.map((c) => rows.map((r) => Number(r[c])));
    const all = values.flat().filter(Number.isFinite);
    const min = Math.min(0, ...all);
    const max = Math.max(...all, min + 1);
    const x = (i) => PAD + (i * (W - 2 * PAD)) / Math.max(1, rows.length - 1);
    const y = (v) => H - PAD - ((v - min) * (H - 2 * PAD)) / (max - min);
    const parts = [svg("line", { x1: PAD, y1: y(min), x2: W - PAD, y2: y(min), stroke: "#9ca3af" }),
      svg("text", { x: 4, y: PAD, "font-size": 11, fill: "#6b7280" }, String(max)),
      svg("text", { x: 4, y: H - PAD, "font-size": 11, fill: "#6b7280" }, String(min))];
    values.forEach((series, s) => {
      if (kind === "line") {
        const d = series.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(Number.isFinite(v) ? v : min).toFixed(1)}`).join(" ");
        parts.push(svg("path", { d, fill: "none", stroke: COLORS[s], "stroke-width": 1.5 }));
      } else {
        const bw = Math.max(1, (W - 2 * PAD) / rows.length / numeric.length - 1);
        series.forEach((v, i) => {
          const top = y(Number.isFinite(v) ? Math.max(v, min) : min);
          parts.push(svg("rect", { x: x(i) - bw * numeric.length / 2 + s * bw, y: top, width: bw,
            height: Math.max(0, y(min) - top), fill: COLORS[s] }));
        });
      }
      parts.push(svg("text", { x: PAD + s * 160, y: 16, "font-size": 12, fill: COLORS[s] }, answer.columns[numeric[s]]));
    });
    box.replaceChildren(svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
      "aria-label": `chart of ${numeric.map((c) => answer.columns[c]).join(", ")}` }, parts));
  }
  draw();
  return h("div", {}, h("div", { className: "toolbar" }, h("h2", {}, `Chart of the first ${rows.length} rows`), toggle), box);
}
