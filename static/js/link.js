// A new personal link, shown once in answer to the post that made it. The copy button
// puts the whole address on the clipboard and says so. The page's address becomes the
// page the link belongs to, so a reload neither posts again (making yet another link)
// nor leaves the team on the list they came from; the reloaded page no longer shows the
// link, which is never stored. Without this script the address is selectable text.
(function () {
  "use strict";
  const shown = document.querySelector("[data-new-link]");
  if (!shown) return;
  const address = shown.getAttribute("data-page-address");
  if (address && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", address);
  }
  const button = shown.querySelector("[data-copy-link]");
  const status = shown.querySelector("[data-copy-status]");
  const text = shown.querySelector("[data-link-text]");
  if (!button || !text) return;
  button.hidden = false;

  function say(message) {
    status.textContent = message;
  }

  function selectText() {
    const range = document.createRange();
    range.selectNodeContents(text);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  button.addEventListener("click", function () {
    const value = text.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(
        function () { say("Copied"); },
        function () { selectText(); say("Press Ctrl+C (or ⌘C) to copy the selected link"); }
      );
    } else {
      // Outside https the clipboard API is missing: the older command still works.
      selectText();
      say(document.execCommand("copy") ? "Copied" : "Press Ctrl+C (or ⌘C) to copy the selected link");
    }
  });
})();
