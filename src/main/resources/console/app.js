// ResultStore web console: a hash-routed page over the public HTTP API, nothing else. Data is always put into
// the page as text nodes (never as HTML), and the page runs under a Content-Security-Policy without inline code.
import { api, ApiError, token, setToken, onUnauthorized } from "/console/api.js";
import { rowsGrid } from "/console/grid.js";
import { chart } from "/console/chart.js";
import { h } from "/console/dom.js";

const view = document.getElementById("view");

const badge = (status) => h("span", { className: `badge ${status}`, "data-status": status }, status);
const errorBox = (e) => h("div", { className: "error", id: "error" },
  e instanceof ApiError ? `${e.code}: ${e.message}` : String(e.message || e));
const fmtBytes = (n) => n === null || n === undefined ? "–"
  : n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let generation = 0; // bumped on every navigation: loops of a view that was left stop polling

// ---------------------------------------------------------------- query editor

let editorModule = null;
async function editor(parent, doc, onRun) {
  try {
    editorModule ??= await import("/console/editor.js");
    const nonce = document.querySelector("meta[name=csp-nonce]")?.content || "";
    return editorModule.createEditor(parent, { doc, onRun, nonce });
  } catch (e) {
    // Without the editor bundle the console still works, as a plain text area.
    const area = h("textarea", { id: "sql-fallback", spellcheck: "false" });
    area.value = doc;
    area.addEventListener("keydown", (ev) => { if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") onRun(); });
    parent.append(area);
    return { getValue: () => area.value, setValue: (t) => { area.value = t; }, focus: () => area.focus() };
  }
}

async function queryView(params) {
  const mine = generation;
  const sql = params.get("sql") || "SELECT range AS n, n * n AS square, 'row ' || n AS label FROM range(1000)";
  const editorBox = h("div", { className: "editor", id: "editor" });
  const runButton = h("button", { id: "run-btn", type: "button", onclick: () => run() }, "Run");
  const cancelButton = h("button", { id: "cancel-btn", type: "button", className: "danger", hidden: true }, "Cancel");
  const status = h("span", { id: "query-status", className: "muted" });
  const elapsed = h("span", { id: "elapsed", className: "muted mono" });
  const out = h("div", { id: "query-output" });
  view.replaceChildren(h("h1", {}, "Query"), editorBox,
    h("div", { className: "toolbar" }, runButton, cancelButton, h("span", { className: "muted" }, "Ctrl+Enter runs"),
      status, elapsed), out);
  const ed = await editor(editorBox, sql, () => run());
  ed.focus();
  if (params.get("run") === "1") run();

  async function run() {
    const text = ed.getValue();
    const started = performance.now();
    const ticker = setInterval(() => { elapsed.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`; }, 100);
    runButton.disabled = true;
    out.replaceChildren();
    status.replaceChildren("running…");
    try {
      let answer = await api("POST", "/query", { sql: text, wait_timeout_ms: 5000, max_inline_rows: 200 });
      if (answer.status === "running") {
        answer = await awaitRun(answer.query_run_id, mine, status, cancelButton);
        if (!answer) return;
      }
      status.replaceChildren(h("span", { className: "mono" }, answer.query_run_id), " ",
        answer.reused ? h("span", { className: "badge", id: "reused" }, "reused") : "");
      showResult(out, answer, mine);
    } catch (e) {
      status.replaceChildren();
      out.replaceChildren(errorBox(e));
    } finally {
      clearInterval(ticker);
      elapsed.textContent = `${((performance.now() - started) / 1000).toFixed(2)} s`;
      runButton.disabled = false;
      cancelButton.hidden = true;
    }
  }
}

/** Polls a run that outlived the wait; the cancel button stops it. Answers what POST /query would have. */
async function awaitRun(runId, mine, status, cancelButton) {
  cancelButton.hidden = false;
  cancelButton.onclick = async () => {
    try { await api("POST", `/query-runs/${runId}/cancel`); } catch (e) { /* it ended meanwhile */ }
  };
  status.replaceChildren("running ", h("span", { className: "mono" }, runId));
  for (;;) {
    if (mine !== generation) return null;
    const run = await api("GET", `/query-runs/${runId}`);
    if (run.status === "running") { await sleep(400); continue; }
    if (run.status !== "succeeded") throw new ApiError(run.status.toUpperCase(), run.error_message || run.status, 200);
    if (!run.result_id) throw new ApiError("NO_RESULT", "the query succeeded but its result was not kept", 200);
    const page = await api("GET", `/results/${run.result_id}?limit=200`);
    return { query_run_id: runId, result_id: run.result_id, columns: page.columns, column_types: page.column_types,
      rows: page.rows || [], row_count: run.row_count, initialStatus: page.status };
  }
}

function showResult(out, answer, mine) {
  const resultBadge = h("span", { id: "result-status" }, badge(answer.initialStatus || "processing"));
  const head = h("div", { className: "toolbar" },
    h("span", {}, `${answer.row_count} rows`), answer.result_id
      ? h("a", { href: `#/results/${answer.result_id}`, id: "result-link", className: "mono" }, answer.result_id)
      : h("span", { className: "muted" }, answer.warning || "result not kept"),
    resultBadge);
  const grid = rowsGrid({ resultId: answer.result_id, columns: answer.columns, types: answer.column_types || [],
    rowCount: answer.row_count, firstRows: answer.rows });
  out.replaceChildren(head, grid.element, h("div", { className: "chart", id: "chart" }, chart(answer)));
  if (answer.result_id) followStatus(answer.result_id, resultBadge, grid, mine);
}

/** processing → ready | failed, shown live; a ready result lets the grid page past the first rows. */
async function followStatus(resultId, holder, grid, mine) {
  for (;;) {
    if (mine !== generation) return;
    let r;
    try { r = await api("GET", `/results/${resultId}?limit=0`); } catch (e) { holder.replaceChildren(errorBox(e)); return; }
    holder.replaceChildren(badge(r.status));
    if (r.status === "failed" && r.error_message) holder.append(" ", h("span", { className: "muted" }, r.error_message));
    if (r.status !== "processing") { grid.ready(r.status === "ready"); return; }
    await sleep(300);
  }
}

// ---------------------------------------------------------------- results

async function resultsView(params) {
  const status = params.get("status") || "";
  const offset = Number(params.get("offset") || 0);
  const limit = 25;
  const filter = h("select", { id: "status-filter", onchange: (e) => go(`#/results?status=${e.target.value}`) },
    ...["", "processing", "ready", "failed"].map((s) => {
      const o = h("option", { value: s }, s || "any status");
      o.selected = s === status;
      return o;
    }));
  view.replaceChildren(h("h1", {}, "Results"), h("div", { className: "toolbar" }, filter));
  const body = await api("GET", `/results?limit=${limit}&offset=${offset}${status ? `&status=${status}` : ""}`);
  const rows = body.results.map((r) => h("tr", { "data-id": r.id },
    h("td", {}, h("a", { href: `#/results/${r.id}`, className: "mono" }, r.id)), h("td", {}, badge(r.status)),
    h("td", {}, r.row_count), h("td", {}, fmtBytes(r.bytes)), h("td", {}, r.created_at),
    h("td", {}, r.expires_at || "never")));
  const more = (o) => `#/results?status=${status}&offset=${o}`;
  view.append(h("table", { className: "list", id: "results-table" },
    h("thead", {}, h("tr", {}, ...["id", "status", "rows", "size", "created", "expires"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows)),
  h("div", { className: "toolbar" },
    offset > 0 ? h("a", { href: more(Math.max(0, offset - limit)), id: "prev-page" }, "← newer") : "",
    body.has_more ? h("a", { href: more(offset + limit), id: "next-page" }, "older →") : ""));
}

async function resultView(id) {
  const mine = generation;
  const r = await api("GET", `/results/${id}?limit=200`);
  const summary = (await api("GET", `/results?limit=1000`)).results.find((x) => x.id === id) || {};
  const downloads = ["csv", "jsonl", "parquet", "arrow"].map((f) => downloadLink(id, f));
  const actions = h("div", { className: "toolbar" },
    h("button", { type: "button", id: "query-this", className: "secondary",
      onclick: () => go(`#/query?sql=${encodeURIComponent(`SELECT * FROM results."${id}"`)}`) }, "Query this result"),
    ...downloads,
    h("button", { type: "button", id: "delete-result", className: "danger", onclick: async () => {
      if (!confirm(`Delete ${id}?`)) return;
      await api("DELETE", `/results/${id}`);
      go("#/results");
    } }, "Delete"));
  view.replaceChildren(h("h1", { className: "mono" }, id), h("div", { className: "card" }, h("dl", { className: "meta" },
    h("dt", {}, "status"), h("dd", { id: "detail-status" }, badge(r.status)),
    h("dt", {}, "rows"), h("dd", { id: "detail-rows" }, summary.row_count ?? r.row_count ?? "–"),
    h("dt", {}, "size"), h("dd", {}, fmtBytes(summary.bytes)),
    h("dt", {}, "created"), h("dd", {}, summary.created_at || "–"),
    h("dt", {}, "expires"), h("dd", {}, summary.expires_at || "never"),
    h("dt", {}, "query run"), h("dd", {}, summary.query_run_id
      ? h("a", { href: `#/runs/${summary.query_run_id}`, className: "mono" }, summary.query_run_id) : "–"),
    r.error_message ? [h("dt", {}, "error"), h("dd", {}, r.error_message)] : [])), actions);
  if (r.status === "ready") {
    const answer = { result_id: id, columns: r.columns, column_types: r.column_types, rows: r.rows, row_count: r.row_count };
    const grid = rowsGrid({ resultId: id, columns: r.columns, types: r.column_types, rowCount: r.row_count, firstRows: r.rows });
    grid.ready(true);
    view.append(grid.element, h("div", { className: "chart", id: "chart" }, chart(answer)));
  } else if (r.status === "processing") {
    await sleep(500);
    if (mine === generation) resultView(id);
  }
}

/** A plain link streams the file; with a token the browser cannot add the header, so the file is fetched first. */
function downloadLink(id, format) {
  const href = `/results/${id}/data?format=${format}`;
  const a = h("a", { href, id: `download-${format}`, download: `${id}.${format}`, className: "secondary" }, format.toUpperCase());
  a.addEventListener("click", async (ev) => {
    if (!token()) return;
    ev.preventDefault();
    const res = await fetch(href, { headers: { Authorization: `Bearer ${token()}` } });
    if (!res.ok) { view.append(errorBox(new ApiError("DOWNLOAD", `download failed: HTTP ${res.status}`, res.status))); return; }
    const url = URL.createObjectURL(await res.blob());
    const save = h("a", { href: url, download: `${id}.${format}` });
    save.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return a;
}

// ---------------------------------------------------------------- query runs

async function runsView(params) {
  const cursor = params.get("cursor");
  const body = await api("GET", `/query-runs?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
  const rows = body.query_runs.map((r) => h("tr", { "data-id": r.id },
    h("td", {}, h("a", { href: `#/runs/${r.id}`, className: "mono" }, r.id)), h("td", {}, badge(r.status)),
    h("td", { className: "sql mono", title: r.sql_text }, r.sql_text),
    h("td", {}, r.execution_time_ms === null ? "–" : `${r.execution_time_ms} ms`),
    h("td", {}, r.result_id ? h("a", { href: `#/results/${r.result_id}`, className: "mono" }, r.result_id) : "–"),
    h("td", {}, r.created_at)));
  view.replaceChildren(h("h1", {}, "Query runs"), h("table", { className: "list", id: "runs-table" },
    h("thead", {}, h("tr", {}, ...["run", "status", "SQL", "duration", "result", "started"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows)),
  h("div", { className: "toolbar" }, body.next_cursor
    ? h("a", { href: `#/runs?cursor=${encodeURIComponent(body.next_cursor)}`, id: "next-page" }, "older →") : ""));
}

async function runView(id) {
  const r = await api("GET", `/query-runs/${id}`);
  const rerun = () => go(`#/query?run=1&sql=${encodeURIComponent(r.sql_text)}`);
  view.replaceChildren(h("h1", { className: "mono" }, id), h("div", { className: "card" }, h("dl", { className: "meta" },
    h("dt", {}, "status"), h("dd", { id: "run-status" }, badge(r.status)),
    h("dt", {}, "SQL"), h("dd", { className: "mono", id: "run-sql" }, r.sql_text),
    h("dt", {}, "duration"), h("dd", {}, r.execution_time_ms === null ? "–" : `${r.execution_time_ms} ms`),
    h("dt", {}, "rows"), h("dd", {}, r.row_count ?? "–"),
    h("dt", {}, "result"), h("dd", {}, r.result_id
      ? [h("a", { href: `#/results/${r.result_id}`, className: "mono", id: "run-result" }, r.result_id), " ",
        r.result_status ? badge(r.result_status) : ""] : "–"),
    r.reused_from ? [h("dt", {}, "reused from"), h("dd", { className: "mono" }, r.reused_from)] : [],
    h("dt", {}, "started"), h("dd", {}, r.created_at), h("dt", {}, "finished"), h("dd", {}, r.completed_at || "–"),
    r.error_message ? [h("dt", {}, "error"), h("dd", { id: "run-error" }, r.error_message)] : [])),
  h("div", { className: "toolbar" }, h("button", { type: "button", id: "rerun", onclick: rerun }, "Run again")));
}

// ---------------------------------------------------------------- workflow payloads

async function payloadsView(params) {
  const eid = params.get("eid") || "";
  const input = h("input", { id: "eid-input", placeholder: "execution id", value: eid });
  const form = h("form", { className: "toolbar", onsubmit: (e) => { e.preventDefault(); go(`#/payloads?eid=${encodeURIComponent(input.value.trim())}`); } },
    input, h("button", { type: "submit", id: "eid-load" }, "List"));
  const stats = await api("GET", "/api/result/stats");
  view.replaceChildren(h("h1", {}, "Workflow payloads"), form,
    h("details", { className: "card", id: "payload-stats" }, h("summary", {}, "Store statistics"),
      h("pre", { className: "json" }, JSON.stringify(stats, null, 2))));
  if (!eid) return;
  const list = await api("GET", `/api/result/${encodeURIComponent(eid)}/list`);
  const detail = h("div", { id: "payload-detail" });
  const rows = list.refs.map((p) => h("tr", { "data-ref": p.ref },
    h("td", {}, h("button", { type: "button", className: "link mono payload-open", onclick: () => openPayload(p, detail, eid) }, p.name)),
    h("td", {}, p.scope), h("td", {}, p.store), h("td", {}, fmtBytes(p.bytes)), h("td", {}, p.created_at),
    h("td", {}, p.expires_at || "never")));
  view.append(h("h2", {}, `${list.count} payloads of execution ${eid}`), h("table", { className: "list", id: "payloads-table" },
    h("thead", {}, h("tr", {}, ...["name", "scope", "store", "size", "created", "expires"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows)), detail);
}

async function openPayload(p, detail, eid) {
  const data = await api("GET", `/api/result/resolve?ref=${encodeURIComponent(p.ref)}`);
  detail.replaceChildren(h("h2", {}, p.name), h("div", { className: "card" }, h("dl", { className: "meta" },
    h("dt", {}, "ref"), h("dd", { className: "mono" }, p.ref),
    h("dt", {}, "size"), h("dd", {}, `${p.bytes} bytes`),
    h("dt", {}, "sha256"), h("dd", { className: "mono", id: "payload-sha" }, p.sha256),
    h("dt", {}, "scope"), h("dd", {}, p.scope), h("dt", {}, "expires"), h("dd", {}, p.expires_at || "never"))),
  h("pre", { className: "json", id: "payload-json" }, JSON.stringify(data, null, 2)),
  h("button", { type: "button", className: "danger", id: "payload-delete", onclick: async () => {
    if (!confirm(`Delete ${p.ref}?`)) return;
    await api("DELETE", `/api/result/ref?ref=${encodeURIComponent(p.ref)}`);
    go(`#/payloads?eid=${encodeURIComponent(eid)}&t=${Date.now()}`);
  } }, "Delete"));
}

// ---------------------------------------------------------------- routing and sign-in

function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

async function render() {
  generation++;
  const [path, query] = (location.hash.slice(1) || "/query").split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean);
  for (const a of document.querySelectorAll(".top nav a")) a.classList.toggle("active", a.id === `nav-${parts[0] || "query"}`);
  try {
    if (parts[0] === "results" && parts[1]) await resultView(parts[1]);
    else if (parts[0] === "results") await resultsView(params);
    else if (parts[0] === "runs" && parts[1]) await runView(parts[1]);
    else if (parts[0] === "runs") await runsView(params);
    else if (parts[0] === "payloads") await payloadsView(params);
    else await queryView(params);
  } catch (e) {
    view.append(errorBox(e));
  }
}

function showLogin(message) {
  document.getElementById("login-message").textContent = message;
  document.getElementById("login").hidden = false;
  document.getElementById("token-input").focus();
}

document.getElementById("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  setToken(document.getElementById("token-input").value.trim());
  document.getElementById("login").hidden = true;
  render();
});
document.getElementById("token-clear").addEventListener("click", () => {
  setToken("");
  document.getElementById("token-input").value = "";
});
document.getElementById("token-button").addEventListener("click", () => showLogin("Bearer token for this server."));
onUnauthorized(() => showLogin("This server asks for a bearer token (missing or invalid)."));
window.addEventListener("hashchange", render);
render();
