// Leadline's small progressive enhancements. htmx itself is configured from the
// <meta name="htmx-config"> tag; inline scripts are forbidden by the CSP.
(function () {
  "use strict";

  // Tell the person when a request failed in a way htmx does not swap (a 500, a lost
  // connection): silence would look like a click that did nothing.
  function toast(message) {
    var region = document.getElementById("toast");
    if (!region) return;
    var box = document.createElement("div");
    box.className =
      "pointer-events-auto rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900";
    box.setAttribute("role", "alert");
    box.textContent = message;
    region.replaceChildren(box);
    setTimeout(function () {
      if (box.parentNode) box.remove();
    }, 8000);
  }

  document.addEventListener("htmx:responseError", function (e) {
    var status = e.detail && e.detail.xhr ? e.detail.xhr.status : 0;
    if (status === 401) return; // HX-Redirect takes the person to the sign-in page
    toast("Something went wrong on our side. Please try again in a moment.");
  });
  document.addEventListener("htmx:sendError", function () {
    toast("We could not reach the server. Check your connection and try again.");
  });
})();
