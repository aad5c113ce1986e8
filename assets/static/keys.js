// Keyboard shortcuts of the workspace: / searches, j and k move through the leads of
// the list (or the dashboard's newest), Enter opens the lead, e edits it in place, ?
// shows the shortcuts. None fires while the person types in a field or holds Ctrl,
// Alt or Meta, and each move is announced to screen readers.
(function () {
  "use strict";

  var cursor = ""; // the id of the row the keyboard is on

  function typing(t) {
    return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function announce(message) {
    var a = document.getElementById("announcer");
    if (a) a.textContent = message;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-live-region] tbody tr[id]"));
  }

  function current() {
    return cursor ? document.getElementById(cursor) : null;
  }

  function nameOf(row) {
    var link = row.querySelector('[data-testid="lead-link"]');
    return link ? link.textContent.trim() : "";
  }

  // mark shows the keyboard's row: a visible outline and aria-current.
  function mark(row) {
    rows().forEach(function (r) {
      if (r !== row) {
        r.classList.remove("row-cursor");
        r.removeAttribute("aria-current");
      }
    });
    row.classList.add("row-cursor");
    row.setAttribute("aria-current", "true");
    row.setAttribute("tabindex", "-1");
  }

  function move(delta) {
    var list = rows();
    if (!list.length) return;
    var i = list.indexOf(current());
    var next = i < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(Math.max(i + delta, 0), list.length - 1);
    var row = list[next];
    cursor = row.id;
    mark(row);
    row.focus();
    announce("Lead " + (next + 1) + " of " + list.length + ": " + nameOf(row));
  }

  function openDialog() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // act runs the shortcut for key; false when the key is not one.
  function act(key, target) {
    var row = current();
    switch (key) {
      case "/":
        var q = document.getElementById("q");
        if (!q) return false;
        q.focus();
        q.select();
        return true;
      case "j":
        move(1);
        return true;
      case "k":
        move(-1);
        return true;
      case "?":
        openDialog();
        return true;
      case "Enter":
        // Only on the row itself: Enter on a link or a button does its own thing.
        if (!row || target !== row) return false;
        var link = row.querySelector('[data-testid="lead-link"]');
        if (link) link.click();
        return !!link;
      case "e":
        var edit = row && row.querySelector('[data-testid="edit-row"]');
        if (!edit) return false;
        announce("Editing " + nameOf(row) + ".");
        edit.click();
        return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open) return; // Esc closes it natively
    if (act(e.key, e.target)) e.preventDefault();
  });

  // A swap that replaced the keyboard's row (a live refresh, an edit) keeps it marked,
  // and gives it the focus back when the swap took the focus away.
  document.addEventListener("htmx:afterSettle", function () {
    var row = current();
    if (!row) return;
    mark(row);
    if (document.activeElement === document.body) row.focus();
  });

  var button = document.querySelector("[data-shortcuts-open]");
  if (button) {
    button.hidden = false; // it needs this script
    button.addEventListener("click", openDialog);
  }
})();
