/* Small behaviours shared by every page. No dependency; the pages work without it.
 *
 * Links to generated documents (DOCX, PDF) carry `data-generated`: the first request for a
 * document may take a second or two while it is drawn (later ones are served from the kept
 * file), so the link says "Đang tạo tệp…" with a spinner until the browser has the file.
 */
(function () {
  "use strict";
  var BUSY_MS = 15000;

  function restore(link) {
    if (!link.dataset.generatedLabel) return;
    link.innerHTML = link.dataset.generatedLabel;
    delete link.dataset.generatedLabel;
    link.removeAttribute("aria-busy");
    link.classList.remove("disabled");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-generated]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (link.dataset.generatedLabel) { event.preventDefault(); return; }  // already on its way
    link.dataset.generatedLabel = link.innerHTML;
    link.setAttribute("aria-busy", "true");
    link.classList.add("disabled");
    link.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>' +
      '<span role="status">Đang tạo tệp…</span>';
    // A download does not leave the page: give the label back when the file has had time
    // to arrive, or when the reader comes back to this page.
    window.setTimeout(function () { restore(link); }, BUSY_MS);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("a[data-generated][aria-busy]").forEach(restore);
  });
  window.addEventListener("focus", function () {
    window.setTimeout(function () {
      document.querySelectorAll("a[data-generated][aria-busy]").forEach(restore);
    }, 1500);
  });
})();
