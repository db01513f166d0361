// Stamps every save of a participant's answer with the moment it was made, so the
// server keeps the newest text even when an older autosave arrives after a newer one
// (a slow request, or "Next" pressed while a save is still on its way). Without this
// script answers are still saved by the form's own post.
(function () {
  "use strict";
  const form = document.querySelector("[data-answers]");
  if (!form) return;
  const stamp = form.querySelector('input[name="typed_at"]');

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (form.contains(event.detail.elt)) {
      event.detail.parameters.typed_at = String(Date.now());
    }
  });
  form.addEventListener("submit", function () {
    stamp.value = String(Date.now());
  });
})();
