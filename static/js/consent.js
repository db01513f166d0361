// The consent form's "I agree" button waits until every clause needed to take part is
// ticked and a name is typed. Without this script the button is simply enabled and the
// server checks the same rules.
(function () {
  "use strict";
  const form = document.querySelector("[data-consent-form]");
  if (!form) return;
  const button = form.querySelector("[data-consent-submit]");
  const hint = document.getElementById("consent-hint");
  const required = Array.from(form.querySelectorAll('input[data-required-clause="true"]'));
  const name = form.querySelector('input[name="signed_name"]');

  function update() {
    const missing = required.filter((box) => !box.checked).length;
    const named = name && name.value.trim().length > 0;
    button.disabled = missing > 0 || !named;
    if (missing > 0) {
      hint.textContent = missing === 1
        ? "One statement needed to take part is not ticked yet."
        : missing + " statements needed to take part are not ticked yet.";
    } else if (!named) {
      hint.textContent = "Type your name to sign.";
    } else {
      hint.textContent = "";
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
