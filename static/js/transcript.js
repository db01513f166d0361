// The transcript reading view: the turn being played is highlighted (and kept in view
// while "Scroll with the recording" is ticked); a timestamp plays from its turn; words
// selected in the text can be sent to the redaction page.
(function () {
  "use strict";
  const audio = document.getElementById("recording");
  if (audio) {
    const follow = document.getElementById("follow");
    let turns = [];
    let times = [];
    let current = null;
    const index = function () {
      turns = Array.from(document.querySelectorAll(".turn[data-ms]"));
      times = turns.map(function (turn) { return Number(turn.dataset.ms); });
    };
    const highlight = function () {
      const ms = audio.currentTime * 1000;
      let low = 0;
      let high = times.length - 1;
      let found = -1;
      while (low <= high) { // the last turn that starts at or before now
        const middle = (low + high) >> 1;
        if (times[middle] <= ms) { found = middle; low = middle + 1; } else { high = middle - 1; }
      }
      const turn = found >= 0 ? turns[found] : null;
      if (turn === current) return;
      if (current) { current.classList.remove("is-playing"); current.removeAttribute("aria-current"); }
      if (turn) {
        turn.classList.add("is-playing");
        turn.setAttribute("aria-current", "true");
        if (follow && follow.checked && !audio.paused) turn.scrollIntoView({ block: "nearest" });
      }
      current = turn;
    };
    index();
    document.body.addEventListener("htmx:afterSwap", index);
    audio.addEventListener("timeupdate", highlight);
    audio.addEventListener("seeked", highlight);
    document.addEventListener("click", function (event) {
      const button = event.target.closest("[data-seek]");
      if (!button) return;
      audio.currentTime = Number(button.dataset.seek) / 1000;
      audio.play().catch(function () { /* the user can press play */ });
      highlight();
    });
  }

  const tools = document.getElementById("selection-tools");
  const text = document.querySelector(".transcript");
  if (tools && text) {
    const button = document.getElementById("redact-selection");
    const words = document.getElementById("selected-words");
    document.addEventListener("selectionchange", function () {
      const selection = document.getSelection();
      const chosen = selection ? selection.toString().trim() : "";
      const inside = selection && selection.rangeCount && text.contains(selection.anchorNode);
      if (!inside || !chosen || chosen.length > 200 || /\n/.test(chosen)) {
        tools.hidden = true;
        return;
      }
      words.value = chosen; // posted, never put in the address
      button.textContent = "Redact “" + chosen + "”";
      tools.hidden = false;
    });
  }
})();
