// The coding page. The server renders the text, its segments and the codebook, so the
// page reads without JavaScript; this script adds coding a selection (mouse or keyboard),
// line-by-line coding, opening a segment, and others' changes every two seconds.
// Positions here are UTF-16 (what JavaScript strings count); the server converts them to
// code points. Colours are set through the CSSOM because the Content-Security-Policy
// refuses inline style attributes.
(function () {
  "use strict";
  const article = document.getElementById("coding-text");
  if (!article) return;
  const canCode = article.hasAttribute("data-can-code");
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  const nodes = new Map();
  const segments = new Map();
  JSON.parse(document.getElementById("coding-nodes").textContent).forEach(function (n) { nodes.set(n.id, n); });
  JSON.parse(document.getElementById("coding-segments").textContent).forEach(function (s) { segments.set(s.id, s); });
  let revision = Number(article.dataset.revision);
  const status = document.getElementById("coding-status");

  // Each numbered line: its element, where it starts and its text.
  const lines = Array.from(article.querySelectorAll("li[data-line]")).map(function (li) {
    const text = li.querySelector(".line-text").textContent;
    return { li: li, u: Number(li.dataset.u), end: Number(li.dataset.u) + text.length, text: text, sig: null };
  });
  // Every word, in order, for the keyboard caret.
  const words = [];
  lines.forEach(function (line, index) {
    const pattern = /\S+/g;
    let match;
    while ((match = pattern.exec(line.text)) !== null) {
      words.push({ u0: line.u + match.index, u1: line.u + match.index + match[0].length, line: index });
    }
  });

  const colour = function (element) {
    if (element.dataset.colour) element.style.backgroundColor = element.dataset.colour;
  };
  document.querySelectorAll("[data-colour]").forEach(colour);
  const say = function (message) { status.textContent = message; };
  const make = function (tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };

  // --- Drawing segments (the same layout as coding/layout.py) ---------------------------
  const lanesOf = function () {
    const ends = [];
    const placed = new Map();
    Array.from(segments.values())
      .sort(function (a, b) { return a.u0 - b.u0 || a.u1 - b.u1 || a.id - b.id; })
      .forEach(function (s) {
        let lane = ends.findIndex(function (end) { return end <= s.u0; });
        if (lane < 0) { lane = ends.length; ends.push(s.u1); } else { ends[lane] = s.u1; }
        placed.set(s.id, lane);
      });
    return placed;
  };
  const nodeOf = function (s) { return nodes.get(s.node) || { name: "(deleted code)", colour: "#777777" }; };

  const drawLine = function (line, covering, lanes) {
    const bars = line.li.querySelector(".bars");
    const holder = line.li.querySelector(".line-text");
    bars.replaceChildren();
    holder.replaceChildren();
    covering.forEach(function (s) {
      const bar = make("span", "bar lane-" + (lanes.get(s.id) > 6 ? "more" : lanes.get(s.id)));
      bar.dataset.segment = s.id;
      bar.dataset.colour = nodeOf(s).colour;
      bar.title = nodeOf(s).name + " (" + s.coder + ")";
      colour(bar);
      bars.appendChild(bar);
    });
    const cuts = new Set([line.u, line.end]);
    covering.forEach(function (s) { cuts.add(Math.max(line.u, s.u0)); cuts.add(Math.min(line.end, s.u1)); });
    const ordered = Array.from(cuts).sort(function (a, b) { return a - b; });
    for (let i = 0; i + 1 < ordered.length; i++) {
      const a = ordered[i];
      const b = ordered[i + 1];
      const piece = line.text.slice(a - line.u, b - line.u);
      const ids = covering.filter(function (s) { return s.u0 < b && s.u1 > a; });
      if (!ids.length) { holder.appendChild(document.createTextNode(piece)); continue; }
      const mark = make("mark", "coded", piece);
      mark.dataset.segments = ids.map(function (s) { return s.id; }).join(" ");
      mark.title = ids.map(function (s) { return nodeOf(s).name + " (" + s.coder + ")"; }).join(", ");
      holder.appendChild(mark);
    }
  };

  let drawLater = false;
  const busy = function () {
    const selection = document.getSelection();
    return (toolbar && !toolbar.hidden) || (selection && !selection.isCollapsed && article.contains(selection.anchorNode));
  };
  const draw = function (recordOnly) {
    // Redrawing replaces text nodes, which would lose a selection being made: wait.
    if (!recordOnly && busy()) { drawLater = true; return; }
    drawLater = false;
    const lanes = lanesOf();
    const sorted = Array.from(segments.values()).sort(function (a, b) { return a.u0 - b.u0; });
    let from = 0;
    lines.forEach(function (line) {
      while (from < sorted.length && sorted[from].u1 <= line.u) from++;
      const covering = [];
      for (let i = from; i < sorted.length && sorted[i].u0 < line.end; i++) {
        if (sorted[i].u1 > line.u) covering.push(sorted[i]);
      }
      const sig = covering.map(function (s) { return s.id + ":" + s.node + ":" + lanes.get(s.id) + ":" + s.u0 + ":" + s.u1 + nodeOf(s).colour; }).join(",");
      if (recordOnly) { line.sig = sig; return; } // as the server drew it
      if (sig !== line.sig) { drawLine(line, covering, lanes); line.sig = sig; }
    });
    if (!recordOnly) drawLists();
  };

  // --- The codebook and the segment list ------------------------------------------------
  const codebook = document.getElementById("codebook-list");
  const filter = document.getElementById("codebook-filter");
  const segmentList = document.getElementById("segment-list");
  let focusedNode = null;
  const visibleNodes = function () {
    return Array.from(codebook.querySelectorAll("li[data-node]")).filter(function (li) { return !li.hidden; });
  };
  const drawLists = function () {
    codebook.replaceChildren();
    nodes.forEach(function (n) {
      const li = make("li");
      li.dataset.node = n.id;
      li.dataset.name = n.name.toLowerCase();
      const swatch = make("span", "swatch");
      swatch.dataset.colour = n.colour;
      swatch.setAttribute("aria-hidden", "true");
      colour(swatch);
      li.append(swatch, make("span", "node-name", n.name), " ", make("span", "muted", (n.kind || "").toLowerCase()));
      if (n.id === focusedNode) li.classList.add("is-focused");
      codebook.appendChild(li);
    });
    if (!nodes.size) codebook.appendChild(make("li", "muted", "No codes yet."));
    filterCodebook();
    const sorted = Array.from(segments.values()).sort(function (a, b) { return a.u0 - b.u0 || a.id - b.id; });
    segmentList.replaceChildren();
    sorted.forEach(function (s) {
      const li = make("li");
      li.dataset.segment = s.id;
      const link = make("a", "", nodeOf(s).name);
      link.href = article.dataset.segmentBase + s.id + "/";
      li.append(link, " ", make("span", "muted", s.coder), " ", make("q", "", s.text || ""));
      segmentList.appendChild(li);
    });
    if (!segments.size) segmentList.appendChild(make("li", "muted", "Nothing coded yet."));
    const select = document.getElementById("code-lines-node");
    if (select) {
      const chosen = select.value;
      select.replaceChildren();
      nodes.forEach(function (n) { const option = make("option", "", n.name); option.value = n.id; select.appendChild(option); });
      const fresh = make("option", "", "a new code…");
      fresh.value = "";
      select.appendChild(fresh);
      select.value = chosen;
    }
  };
  const filterCodebook = function () {
    const wanted = filter ? filter.value.trim().toLowerCase() : "";
    codebook.querySelectorAll("li[data-node]").forEach(function (li) {
      li.hidden = wanted !== "" && !li.dataset.name.includes(wanted);
    });
  };
  if (filter) filter.addEventListener("input", filterCodebook);
  document.querySelectorAll("[data-js-only]:not(#new-version):not(#new-mode)").forEach(function (element) { element.hidden = false; });

  // --- Talking to the server --------------------------------------------------------------
  const send = function (url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    }).then(function (response) {
      return response.json().catch(function () { return { error: "The server could not do this (" + response.status + ")." }; });
    });
  };
  let polling = false;
  let stale = false;
  const poll = function () {
    if (polling || stale) return Promise.resolve();
    polling = true;
    return fetch(article.dataset.changes + "?since=" + revision, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.status === 200 ? response.json() : null; })
      .then(function (changes) {
        if (!changes) return;
        if (String(changes.version) !== article.dataset.version) {
          // The lines on the page are the old text's: drawing new offsets on them would
          // put segments on the wrong words, so stop and ask for a reload.
          stale = true;
          document.getElementById("new-version").hidden = false;
          return;
        }
        if ((changes.independent ? "1" : "0") !== article.dataset.independent) {
          // Others' segments are now hidden from this coder, or revealed: only a
          // reload shows exactly what they may see.
          stale = true;
          document.getElementById("new-mode").hidden = false;
          return;
        }
        revision = Math.max(revision, changes.revision);
        nodes.clear();
        changes.nodes.forEach(function (n) { nodes.set(n.id, n); });
        changes.segments.forEach(function (s) { segments.set(s.id, s); });
        changes.removed.forEach(function (id) { segments.delete(id); });
        draw(false);
      })
      .catch(function () { /* offline for a moment: the next poll asks again */ })
      .finally(function () { polling = false; });
  };
  window.setInterval(function () { if (!document.hidden) poll(); }, 2000);

  // --- Positions: DOM points and UTF-16 offsets ---------------------------------------------
  const lineOfNode = function (node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const li = element && element.closest("li[data-line]");
    return li ? lines.find(function (line) { return line.li === li; }) : null;
  };
  const offsetOf = function (node, offset, isEnd) {
    const line = lineOfNode(node);
    if (line) {
      const holder = line.li.querySelector(".line-text");
      if (!holder.contains(node)) return isEnd ? line.end : line.u; // in the margin
      const range = document.createRange();
      range.setStart(holder, 0);
      range.setEnd(node, offset);
      return line.u + range.toString().length;
    }
    // Outside any line (a speaker's name): the next line for a start, the last before for an end.
    const point = document.createRange();
    point.setStart(node, offset);
    const after = lines.find(function (l) { return point.comparePoint(l.li, 0) >= 0; });
    if (!isEnd) return after ? after.u : null;
    const index = after ? lines.indexOf(after) - 1 : lines.length - 1;
    return index >= 0 ? lines[index].end : null;
  };
  const pointAt = function (u) {
    const line = lines.find(function (l) { return u >= l.u && u <= l.end; });
    const holder = line.li.querySelector(".line-text");
    let left = u - line.u;
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text) {
      if (left <= text.length) return [text, left];
      left -= text.length;
      text = walker.nextNode();
    }
    return [holder, holder.childNodes.length];
  };
  const select = function (u0, u1) {
    const start = pointAt(u0);
    const end = pointAt(u1);
    const range = document.createRange();
    range.setStart(start[0], start[1]);
    range.setEnd(end[0], end[1]);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  };
  const wordsBetween = function (u0, u1) {
    return words.filter(function (w) { return w.u0 < u1 && w.u1 > u0; }).map(function (w) {
      const line = lines[w.line];
      return line.text.slice(Math.max(u0, w.u0) - line.u, Math.min(u1, w.u1) - line.u);
    }).join(" ");
  };

  // --- The toolbar: apply a code, create one, or code in vivo --------------------------------
  const toolbar = document.getElementById("code-toolbar");
  let pending = null; // {u0, u1, words}
  if (toolbar) document.body.appendChild(toolbar); // placed against the page, not a container
  const input = document.getElementById("toolbar-input");
  const matches = document.getElementById("toolbar-matches");
  const toolbarError = document.getElementById("toolbar-error");
  let chosen = 0;
  const drawMatches = function () {
    const wanted = input.value.trim().toLowerCase();
    const found = Array.from(nodes.values()).filter(function (n) { return n.name.toLowerCase().includes(wanted); }).slice(0, 8);
    chosen = Math.min(chosen, Math.max(found.length - 1, 0));
    matches.replaceChildren();
    found.forEach(function (n, index) {
      const li = make("li", "", n.name);
      li.id = "match-" + n.id;
      li.dataset.node = n.id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", index === chosen ? "true" : "false");
      matches.appendChild(li);
    });
    const current = matches.children[chosen];
    if (current) input.setAttribute("aria-activedescendant", current.id); else input.removeAttribute("aria-activedescendant");
    return found;
  };
  let returnTo = null;
  const openToolbar = function (u0, u1, rect) {
    if (!toolbar || u1 <= u0) return;
    pending = { u0: u0, u1: u1, words: wordsBetween(u0, u1) };
    returnTo = document.activeElement;
    document.getElementById("toolbar-words").textContent = "“" + pending.words + "”";
    document.getElementById("toolbar-invivo").textContent = "In vivo: “" + pending.words.slice(0, 40) + (pending.words.length > 40 ? "…" : "") + "”";
    toolbarError.textContent = "";
    input.value = "";
    chosen = 0;
    drawMatches();
    toolbar.hidden = false;
    const width = toolbar.offsetWidth;
    const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    toolbar.style.left = left + "px";
    toolbar.style.top = (rect.bottom + window.scrollY + 6) + "px";
    input.focus({ preventScroll: true });
  };
  const closeToolbar = function () {
    if (!toolbar || toolbar.hidden) return;
    toolbar.hidden = true;
    pending = null;
    if (returnTo && document.contains(returnTo)) returnTo.focus({ preventScroll: true });
    if (drawLater) draw(false);
  };
  const apply = function (fields, u0, u1) {
    const data = new FormData();
    Object.keys(fields).forEach(function (key) { data.append(key, fields[key]); });
    data.append("utf16_start", u0);
    data.append("utf16_end", u1);
    return send(article.dataset.create, data).then(function (answer) {
      if (answer.error) {
        if (toolbar && !toolbar.hidden) toolbarError.textContent = answer.error; else say(answer.error);
        return false;
      }
      say(answer.ok);
      closeToolbar();
      document.getSelection().removeAllRanges();
      return poll().then(function () { return true; });
    });
  };
  if (toolbar) {
    input.addEventListener("input", function () { chosen = 0; drawMatches(); });
    input.addEventListener("keydown", function (event) {
      const found = drawMatches();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        chosen = (chosen + (event.key === "ArrowDown" ? 1 : -1) + found.length) % Math.max(found.length, 1);
        drawMatches();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (found.length) apply({ node: found[chosen].id }, pending.u0, pending.u1);
        else if (input.value.trim()) apply({ name: input.value }, pending.u0, pending.u1);
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeToolbar();
      }
    });
    matches.addEventListener("click", function (event) {
      const li = event.target.closest("li[data-node]");
      if (li && pending) apply({ node: li.dataset.node }, pending.u0, pending.u1);
    });
    document.getElementById("toolbar-create").addEventListener("click", function () {
      if (!input.value.trim()) { toolbarError.textContent = "Type the new code's name first."; input.focus(); return; }
      apply({ name: input.value }, pending.u0, pending.u1);
    });
    document.getElementById("toolbar-invivo").addEventListener("click", function () {
      apply({ name: pending.words }, pending.u0, pending.u1);
    });
    document.getElementById("toolbar-close").addEventListener("click", closeToolbar);
  }

  // The mouse: a selection inside the text opens the toolbar.
  article.addEventListener("mouseup", function () {
    if (!canCode) return;
    window.setTimeout(function () {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      const range = selection.getRangeAt(0);
      if (!article.contains(range.commonAncestorContainer)) return;
      let u0 = offsetOf(range.startContainer, range.startOffset, false);
      let u1 = offsetOf(range.endContainer, range.endOffset, true);
      if (u0 === null || u1 === null || u1 <= u0) return;
      // Leave out spaces at either end: a segment is the words.
      const inner = words.filter(function (w) { return w.u0 < u1 && w.u1 > u0; });
      if (!inner.length) return;
      u0 = Math.max(u0, inner[0].u0);
      u1 = Math.min(u1, inner[inner.length - 1].u1);
      openToolbar(u0, u1, range.getBoundingClientRect());
    }, 0);
  });
  document.addEventListener("mousedown", function (event) {
    if (toolbar && !toolbar.hidden && !toolbar.contains(event.target)) closeToolbar();
  });

  // --- Opening a segment -------------------------------------------------------------------
  const panel = document.getElementById("segment-panel");
  const detail = make("div");
  detail.id = "segment-detail";
  panel.insertBefore(detail, panel.children[1]);
  const openSegment = function (id) {
    return fetch(article.dataset.segmentBase + id + "/", { headers: { "X-Fragment": "1" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html) { say("This segment was removed."); return; }
        detail.innerHTML = html; // the server's own escaped template
        detail.querySelectorAll("[data-colour]").forEach(colour);
        article.querySelectorAll("mark.is-open").forEach(function (m) { m.classList.remove("is-open"); });
        article.querySelectorAll("mark[data-segments]").forEach(function (m) {
          if (m.dataset.segments.split(" ").includes(String(id))) m.classList.add("is-open");
        });
        panel.focus({ preventScroll: false });
      });
  };
  article.addEventListener("click", function (event) {
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed) return;
    const target = event.target.closest("[data-segment], mark[data-segments]");
    if (!target) return;
    openSegment(target.dataset.segment || target.dataset.segments.split(" ")[0]);
  });
  segmentList.addEventListener("click", function (event) {
    const li = event.target.closest("li[data-segment]");
    if (!li || !event.target.closest("a")) return;
    event.preventDefault();
    openSegment(li.dataset.segment);
  });
  detail.addEventListener("submit", function (event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    send(form.getAttribute("action"), data).then(function (answer) { // not form.action: a button is named "action"
      if (answer.error) { say(answer.error); return; }
      say(answer.ok);
      detail.replaceChildren();
      poll();
    });
  });

  // --- The keyboard: caret mode and line-by-line mode ---------------------------------------
  const caretButton = document.getElementById("caret-mode");
  const lineButton = document.getElementById("line-mode");
  let mode = null; // "caret" or "line"
  let caret = 0;
  let anchor = 0;
  let focusLine = 0;
  const setMode = function (next) {
    mode = mode === next ? null : next;
    if (caretButton) caretButton.setAttribute("aria-pressed", String(mode === "caret"));
    if (lineButton) lineButton.setAttribute("aria-pressed", String(mode === "line"));
    article.classList.toggle("caret-mode", mode === "caret");
    lines.forEach(function (line) { line.li.classList.remove("is-focused"); });
    if (mode === "caret") { showCaret(); say("Keyboard selection: arrows move by word and line, shift extends, Enter codes, Escape leaves."); }
    if (mode === "line") { showLine(); say("Line by line: j and k move, 1 to 9 apply a code from the codebook list, Enter the chosen code, n a new code."); }
    if (!mode) { document.getSelection().removeAllRanges(); say(""); }
  };
  const caretRange = function () {
    const a = words[Math.min(anchor, caret)];
    const b = words[Math.max(anchor, caret)];
    return [a.u0, b.u1];
  };
  const showCaret = function () {
    if (!words.length) return;
    const range = select.apply(null, caretRange());
    const rect = range.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight) words[caret] && lines[words[caret].line].li.scrollIntoView({ block: "center" });
  };
  const showLine = function () {
    lines.forEach(function (line, index) { line.li.classList.toggle("is-focused", index === focusLine); });
    lines[focusLine].li.scrollIntoView({ block: "nearest" });
  };
  const wordInLine = function (lineIndex, column) {
    const inLine = words.filter(function (w) { return w.line === lineIndex; });
    if (!inLine.length) return caret;
    let best = inLine[0];
    inLine.forEach(function (w) { if (w.u0 - lines[lineIndex].u <= column) best = w; });
    return words.indexOf(best);
  };
  const codeLine = function (fields) {
    const line = lines[focusLine];
    return apply(fields, line.u, line.end).then(function (done) {
      if (done && focusLine + 1 < lines.length) { focusLine += 1; showLine(); }
    });
  };
  if (caretButton) caretButton.addEventListener("click", function () { setMode("caret"); });
  if (lineButton) lineButton.addEventListener("click", function () { setMode("line"); });
  codebook.addEventListener("click", function (event) {
    const li = event.target.closest("li[data-node]");
    if (!li) return;
    focusedNode = Number(li.dataset.node);
    codebook.querySelectorAll("li").forEach(function (item) { item.classList.toggle("is-focused", item === li); });
    say("Chosen code: " + nodes.get(focusedNode).name + ".");
  });

  // Undo: the button, Ctrl+Z (Cmd+Z) or "u" outside text fields; the server refuses
  // what changed since, and the next poll redraws what came back or went.
  const undoForm = document.getElementById("undo-form");
  const undo = function () {
    send(undoForm.action, new FormData(undoForm)).then(function (answer) {
      say(answer.error || answer.ok);
      poll();
    });
  };
  if (undoForm) {
    undoForm.addEventListener("submit", function (event) { event.preventDefault(); undo(); });
  }
  document.addEventListener("keydown", function (event) {
    if (!undoForm || event.altKey || (toolbar && !toolbar.hidden)) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const ctrlZ = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z";
    const u = !event.ctrlKey && !event.metaKey && event.key === "u" && mode !== "caret";
    if (ctrlZ || u) { event.preventDefault(); undo(); }
  });

  document.addEventListener("keydown", function (event) {
    if (!canCode || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]") || (toolbar && !toolbar.hidden)) return;
    const key = event.key;
    if (key === "c" && mode !== "line") { event.preventDefault(); setMode("caret"); return; }
    if (key === "l" && mode !== "caret") { event.preventDefault(); setMode("line"); return; }
    if (key === "Escape" && mode) { event.preventDefault(); setMode(mode); return; }
    if (mode === "caret" && words.length) {
      const moves = {
        ArrowRight: function () { return Math.min(caret + 1, words.length - 1); },
        ArrowLeft: function () { return Math.max(caret - 1, 0); },
        ArrowDown: function () {
          const here = words[caret];
          return here.line + 1 < lines.length ? wordInLine(here.line + 1, here.u0 - lines[here.line].u) : caret;
        },
        ArrowUp: function () {
          const here = words[caret];
          return here.line > 0 ? wordInLine(here.line - 1, here.u0 - lines[here.line].u) : caret;
        },
      };
      if (moves[key]) {
        event.preventDefault();
        caret = moves[key]();
        if (!event.shiftKey) anchor = caret;
        showCaret();
      } else if (key === "Enter") {
        event.preventDefault();
        const range = caretRange();
        const selection = document.getSelection();
        openToolbar(range[0], range[1], selection.rangeCount ? selection.getRangeAt(0).getBoundingClientRect() : article.getBoundingClientRect());
      }
    } else if (mode === "line") {
      if (key === "j" || key === "ArrowDown") { event.preventDefault(); focusLine = Math.min(focusLine + 1, lines.length - 1); showLine(); }
      else if (key === "k" || key === "ArrowUp") { event.preventDefault(); focusLine = Math.max(focusLine - 1, 0); showLine(); }
      else if (/^[1-9]$/.test(key)) {
        const li = visibleNodes()[Number(key) - 1];
        if (li) { event.preventDefault(); codeLine({ node: li.dataset.node }); }
      } else if (key === "Enter") {
        event.preventDefault();
        if (focusedNode !== null) codeLine({ node: focusedNode });
        else say("Choose a code in the codebook first (click it), or press n for a new one.");
      } else if (key === "n") {
        event.preventDefault();
        const line = lines[focusLine];
        openToolbar(line.u, line.end, line.li.getBoundingClientRect());
      }
    }
  });
  draw(true);
})();
