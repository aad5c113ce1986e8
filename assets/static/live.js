// Live updates: the page follows GET /app/live through htmx's SSE extension (the #live
// element) and, when a lead changes, fetches what it shows again through the usual
// routes: the events themselves carry no lead data. A region that can refresh carries
// data-live-region (the list's results, the dashboard). A row being edited is never
// swapped under the person editing it: they are told instead, and their save still
// meets the version check (409 with what changed).
(function () {
  "use strict";

  var live = document.getElementById("live");
  if (!live || !window.htmx) return;
  var me = live.getAttribute("data-user-id");
  var pending = false; // a refresh waits for an edit to end
  var fetching = false; // a refresh of the region is on its way

  function region() {
    return document.querySelector("[data-live-region]");
  }

  // leadID is the lead a row shows ("lead-12" in the list, "recent-12" on the
  // dashboard), or "".
  function leadID(row) {
    var m = /^(?:lead|recent)-(\d+)$/.exec(row.id || "");
    return m ? m[1] : "";
  }

  function announce(message) {
    var a = document.getElementById("announcer");
    if (a) a.textContent = message;
  }

  // editing is a row turned into a form or a delete confirmation, rows ticked for a
  // bulk change, or a field the person is in: a refresh now would take it away.
  function editing(r) {
    if (r.querySelector('tr[id^="lead-"]:not([data-testid="lead-row"])')) return true;
    if (r.querySelector('input[type="checkbox"]:checked')) return true;
    var f = document.activeElement;
    return !!(f && r.contains(f) && /^(INPUT|SELECT|TEXTAREA)$/.test(f.tagName));
  }

  function shown(r) {
    var ids = {};
    r.querySelectorAll("tr[id]").forEach(function (row) {
      var id = leadID(row);
      if (id) ids[id] = true;
    });
    return ids;
  }

  // markNew badges the rows that were not there before the refresh.
  function markNew(before) {
    var r = region();
    if (!r) return;
    var n = 0;
    r.querySelectorAll("tr[id]").forEach(function (row) {
      var id = leadID(row);
      if (!id || before[id] || row.classList.contains("live-new")) return;
      row.classList.add("live-new");
      var link = row.querySelector('[data-testid="lead-link"]');
      var badge = document.createElement("span");
      badge.className = "badge badge-live ml-2";
      badge.setAttribute("data-testid", "live-new");
      badge.textContent = "New";
      if (link) link.insertAdjacentElement("afterend", badge);
      n++;
    });
    if (n === 1) announce("1 new lead.");
    if (n > 1) announce(n + " new leads.");
  }

  // refresh fetches the region again, with the filters of the address bar.
  function refresh() {
    var r = region();
    if (!r) return;
    if (editing(r)) {
      pending = true;
      return;
    }
    pending = false;
    var before = shown(r);
    var ctx = { target: r, swap: r.getAttribute("data-live-swap") || "innerHTML settle:0ms" };
    if (r.getAttribute("data-live-select")) ctx.select = r.getAttribute("data-live-select");
    var url = r.getAttribute("data-live-url") || location.pathname + location.search;
    fetching = true;
    htmx.ajax("GET", url, ctx).then(function () {
      fetching = false;
      markNew(before);
    });
  }

  // A refresh fetched before the person started editing (or ticking) is not swapped
  // in over their work: it waits, like one that arrives during it.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var r = region();
    if (!fetching || !r || e.detail.target !== r || !editing(r)) return;
    e.detail.shouldSwap = false;
    fetching = false;
    pending = true;
  });

  // changed handles an edit of one lead.
  function changed(d) {
    var r = region();
    if (!r) return;
    var row = document.getElementById("lead-" + d.id);
    if (row && r.contains(row) && row.getAttribute("data-testid") !== "lead-row") {
      if (String(d.by_id || "") !== me) notice(row, d.by);
      return;
    }
    if (row && r.contains(row) && row.querySelector('input[type="checkbox"]:checked')) {
      // A row ticked for a bulk change keeps its tick and the version it was loaded
      // at: the bulk change then lists it as changed meanwhile instead of applying.
      if (String(d.by_id || "") !== me) notice(row, d.by, "a bulk change will list it, not overwrite it.");
      return;
    }
    var link = row && r.contains(row) ? row.querySelector('[data-testid="lead-link"]') : null;
    if (link && editing(r)) {
      // Another row is being edited: swap only this one.
      htmx.ajax("GET", link.getAttribute("href") + "?view=row", { target: row, swap: "outerHTML settle:0ms" });
      return;
    }
    refresh();
  }

  // notice tells the person editing a row that someone else saved it meanwhile.
  function notice(row, by, then) {
    var text = (by || "Someone") + " changed this lead; " + (then || "saving will show what changed.");
    var p = row.querySelector('[data-testid="live-changed"]');
    if (!p) {
      p = document.createElement("p");
      p.className = "live-notice";
      p.setAttribute("data-testid", "live-changed");
      var cell = row.querySelector("td");
      if (cell) cell.appendChild(p);
    }
    p.textContent = text;
    announce(text);
  }

  live.addEventListener("sse:lead", function (e) {
    var d;
    try {
      d = JSON.parse(e.detail.data);
    } catch (err) {
      return;
    }
    if (d.event === "lead.updated") changed(d);
    else refresh(); // lead.created, lead.deleted, refresh
  });
  live.addEventListener("htmx:sseOpen", function () {
    live.setAttribute("data-state", "open");
  });
  live.addEventListener("htmx:sseError", function () {
    live.setAttribute("data-state", "reconnecting");
  });
  // A refresh that waited for an edit runs once the edit is over.
  document.addEventListener("htmx:afterSettle", function () {
    if (pending) refresh();
  });
  document.addEventListener("focusout", function () {
    if (pending) setTimeout(refresh, 0); // after the focus has moved on
  });
})();
