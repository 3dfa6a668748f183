// The report's progress: ask the status endpoint every two seconds until the report is
// ready, failed or interrupted, then show the downloads or the button to write it again (the page also works without this script:
// it refreshes itself inside <noscript>).
(function () {
  "use strict";
  var box = document.getElementById("report");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  function show(status) {
    document.getElementById("report-bar").value = status.progress;
    document.getElementById("report-percent").textContent = status.progress + " %";
    document.getElementById("report-status").textContent = status.status_display;
    document.getElementById("report-step").textContent = status.step || "";
    var error = document.getElementById("report-error");
    error.textContent = status.error || "";
    error.hidden = !status.error;
    if (status.docx_url) {
      document.getElementById("report-docx").href = status.docx_url;
      document.getElementById("report-pdf").href = status.pdf_url;
      document.getElementById("report-files").hidden = false;
      ["report-issue", "report-revise"].forEach(function (id) {
        var form = document.getElementById(id);
        if (form) { form.hidden = false; }
      });
    }
    var retry = document.getElementById("report-retry");
    if (retry) { retry.hidden = status.status !== "failed" && status.status !== "interrupted"; }
    box.setAttribute("data-status", status.status);
  }
  function poll() {
    var state = box.getAttribute("data-status");
    if (state === "done" || state === "failed" || state === "interrupted") { return; }
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) { if (status) { show(status); } })
      .finally(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
