// corpus-search: the little the pages need, as a static file (the CSP forbids inline script).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Filters that are menus apply at once; typed filters apply with Enter or the button.
    var form = document.getElementById("search-form");
    if (form) {
      form.querySelectorAll("select.auto").forEach(function (select) {
        select.addEventListener("change", function () {
          if (form.q.value.trim()) { form.requestSubmit(); }
        });
      });
      // Empty fields stay out of the address, so links stay short and shareable.
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (field) {
          if (field.name && !field.value) { field.disabled = true; }
        });
      });
    }
    // "/" focuses the search box, as on most sites.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "/" && !(target instanceof HTMLInputElement) && !(target instanceof HTMLTextAreaElement)) {
        var box = document.getElementById("q") || document.querySelector(".top-search input");
        if (box) { event.preventDefault(); box.focus(); box.select(); }
      }
    });
    // A link to a place in a document: light up the sentence it points at.
    function flash() {
      var id = decodeURIComponent(location.hash.slice(1));
      if (!id) { return; }
      var el = document.getElementById(id);
      if (!el) { return; }
      var sentence = el.closest(".sentence") || el;
      sentence.classList.add("target");
      window.setTimeout(function () { sentence.classList.remove("target"); }, 4000);
    }
    window.addEventListener("hashchange", flash);
    flash();
  });
})();
