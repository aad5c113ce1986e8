// Leadline's small progressive enhancements. htmx itself is configured from the
// <meta name="htmx-config"> tag; inline scripts are forbidden by the CSP.
(function () {
  "use strict";

  var toastTimer = 0;

  // show puts a message in the page's message region (#toast) for a while.
  function show(node) {
    var region = document.getElementById("toast");
    if (!region) return;
    region.replaceChildren(node);
    dismissLater(region);
  }

  function dismissLater(region) {
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      region.replaceChildren();
    }, 8000);
  }

  // toast shows a message written here, for failures with no answer from the server.
  function toast(message) {
    var box = document.createElement("div");
    box.className =
      "pointer-events-auto rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900";
    box.setAttribute("role", "alert");
    box.textContent = message;
    show(box);
  }

  // refusal finds the server's own words in a refused answer: the error fragment it
  // sends to htmx requests, with a heading and a message.
  function refusal(xhr) {
    if (!xhr || !xhr.responseText) return null;
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var fragment = doc.querySelector('[data-testid="error-fragment"]');
    return fragment ? document.importNode(fragment, true) : null;
  }

  // Tell the person when a request failed in a way htmx does not swap: silence would
  // look like a click that did nothing. The server's words when it gave any.
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail ? e.detail.xhr : null;
    if (xhr && xhr.status === 401 && xhr.getResponseHeader("HX-Redirect")) return; // off to sign in
    var fragment = refusal(xhr);
    if (fragment) {
      show(fragment);
      return;
    }
    toast("Something went wrong on our side. Please try again in a moment.");
  });
  document.addEventListener("htmx:sendError", function () {
    toast("We could not reach the server. Check your connection and try again.");
  });
  // Refusals htmx swaps itself (409, 422, 429, 503 from the error path) are retargeted
  // to the message region; they go away like the others.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail && e.detail.target && e.detail.target.id === "toast") dismissLater(e.detail.target);
  });
})();
