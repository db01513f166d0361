// Copy buttons of quotes: each copies the quoted words with the speaker's pseudonym
// ("… (MHW3)"), the form a paper cites them in. The text comes from the server, which
// leaves the button out for anyone who did not agree to quotation. Without this script
// the quote is selectable text and the buttons stay hidden.
(function () {
  "use strict";
  function say(status, message) {
    if (status) status.textContent = message;
  }

  function copyByCommand(value) {
    // Outside https the clipboard API is missing: the older command still works.
    const area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }

  document.querySelectorAll("[data-quote]").forEach(function (holder) {
    const button = holder.querySelector("[data-copy-quote]");
    const status = holder.querySelector("[data-copy-status]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const value = holder.getAttribute("data-quote");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(
          function () { say(status, "Copied"); },
          function () { say(status, copyByCommand(value) ? "Copied" : "Select the words to copy them"); }
        );
      } else {
        say(status, copyByCommand(value) ? "Copied" : "Select the words to copy them");
      }
    });
  });
})();
