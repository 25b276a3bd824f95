// civcomm preview: reloads this page when its report is rewritten; shows a broken edit's problems.
// Served only by `civcomm preview` (127.0.0.1); never part of a report.
(function () {
  "use strict";
  var here = decodeURIComponent(location.pathname.replace(/^\/+/, "")) || "index.html";
  var key = "civcomm-preview-scroll:" + here;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseFloat(saved) || 0); });
  }
  var banner = null;
  function show(text, kind) {
    if (!text) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "civcomm-preview-banner";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:99999;max-height:45vh;overflow:auto;" +
        "margin:0;padding:8px 12px;font:13px/1.4 monospace;white-space:pre-wrap;box-shadow:0 2px 6px rgba(0,0,0,.3)";
      document.body.appendChild(banner);
    }
    banner.style.background = kind === "error" ? "#fde2e1" : "#fff7d6";
    banner.style.color = kind === "error" ? "#8a1c12" : "#5c4400";
    banner.textContent = text;
  }
  var source = new EventSource("/__civcomm__/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.error) {
      show(state.error, "error");
    } else if (state.running && state.running.indexOf(here) >= 0) {
      show("civcomm preview: rerunning this report\u2026", "running");
    } else {
      show(null);
    }
    // state.changed: file -> the version that last rewrote it; civcommSeen: the version this page was served at
    if (state.changed && (state.changed[here] || 0) > (window.civcommSeen || 0)) {
      sessionStorage.setItem(key, String(window.scrollY));
      source.close();
      location.reload();
    }
  };
})();
