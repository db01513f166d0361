// Keeps every word a participant types, whatever happens to the page.
//
// - Each save carries this page view's id (`tab`, from the server) and its own count of
//   saves (`seq`), and each answer carries what the page last saw of it (`tok_q…`): the
//   server orders saves by these, never by this device's clock.
// - What is typed is kept in sessionStorage until the server confirms it, so a reload
//   straight after typing restores it (and saves it). sessionStorage, not localStorage:
//   on a shared computer the words must not outlive the tab.
// - Leaving the page (closing, reloading, switching away on a phone) sends what is not
//   saved yet with a request the browser finishes after the page has gone.
// Without this script the form's own post still saves every answer.
(function () {
  "use strict";
  const form = document.querySelector("[data-answers]");
  if (!form) return;
  const draftPrefix = "vl-draft:" + form.dataset.draftKey + ":";
  const saveUrl = form.dataset.saveUrl;
  const seqInput = form.querySelector('input[name="seq"]');
  const note = form.querySelector("[data-draft-note]");
  const fields = Array.from(form.querySelectorAll("textarea[data-answer]"));
  const sent = new WeakMap(); // field -> the text its last request carried
  let seq = 0;
  // A page restored from the history or duplicated into a new tab can bring back the
  // server's view id with it; this script's count of saves starts again at zero, so
  // each run of it writes under an id of its own.
  const tabInput = form.querySelector('input[name="tab"]');
  tabInput.value = tabInput.value.slice(0, 16) + "-" + Math.random().toString(36).slice(2, 8);

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage blocked: the autosave and the form still work
    }
  }

  function tokenInput(field) {
    return form.querySelector('input[name="tok_' + field.name + '"]');
  }

  function readDraft(field) {
    const store = storage();
    const raw = store && store.getItem(draftPrefix + field.name);
    if (!raw) return null;
    try {
      return JSON.parse(raw);
    } catch (error) {
      return null;
    }
  }

  function keepDraft(field) {
    const store = storage();
    const token = tokenInput(field);
    const draft = JSON.stringify({ text: field.value, tok: token ? token.value : "" });
    try {
      if (store) store.setItem(draftPrefix + field.name, draft);
    } catch (error) {
      // storage full: the autosave still runs
    }
  }

  function dropDraft(field) {
    const store = storage();
    if (store) store.removeItem(draftPrefix + field.name);
  }

  function nextSeq() {
    seq += 1;
    return String(seq);
  }

  function statusOf(field) {
    return document.getElementById(field.name + "-status");
  }

  // After a status line is swapped in: a confirmed save of the text now in the field
  // ends its draft; a conflict offers the other version.
  function settle(field) {
    const status = statusOf(field);
    if (status.querySelector(".saved") && sent.get(field) === field.value) dropDraft(field);
    const useOther = status.querySelector("[data-use-other]");
    if (useOther) {
      useOther.hidden = false;
      useOther.addEventListener("click", function () {
        field.value = useOther.dataset.useOther;
        keepDraft(field);
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.focus();
      });
    }
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!form.contains(event.detail.elt)) return;
    event.detail.parameters.seq = nextSeq();
    if (fields.includes(event.detail.elt)) sent.set(event.detail.elt, event.detail.elt.value);
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const field = fields.find((f) => statusOf(f) === event.detail.target);
    if (field) settle(field);
  });
  form.addEventListener("input", function (event) {
    if (fields.includes(event.target)) keepDraft(event.target);
  });
  form.addEventListener("submit", function () {
    seqInput.value = nextSeq();
  });

  // Leaving: send each answer not confirmed yet, in a request that outlives the page.
  function flush() {
    const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');
    fields.forEach(function (field) {
      const draft = readDraft(field);
      if (!draft || sent.get(field) === field.value) return;
      const body = new URLSearchParams();
      body.set(field.name, field.value);
      body.set("tok_" + field.name, tokenInput(field).value);
      body.set("tab", tabInput.value);
      body.set("seq", nextSeq());
      body.set("csrfmiddlewaretoken", csrf.value);
      sent.set(field, field.value);
      fetch(saveUrl, { method: "POST", body: body, keepalive: true, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) return;
          statusOf(field).innerHTML = html; // still here (switched back): show it
          settle(field);
        })
        .catch(function () {
          sent.delete(field); // not sent: the draft stays and is sent next time
        });
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });

  // Arriving: put back what was typed and not confirmed, and save it. The draft keeps
  // the token it was typed against, so the server can tell if the answer moved on.
  function restore(field) {
    const draft = readDraft(field);
    if (!draft) return;
    if (draft.text === field.value) {
      dropDraft(field);
      return;
    }
    field.value = draft.text;
    const token = tokenInput(field);
    if (token && draft.tok) token.value = draft.tok;
    if (note) note.hidden = false;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  // After htmx has wired the fields (it starts on DOMContentLoaded), so the restored
  // text is saved as if typed.
  function restoreAll() {
    setTimeout(function () {
      fields.forEach(restore);
      fields.forEach(settle); // a page shown again with a conflict offers the other version
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreAll);
  } else {
    restoreAll();
  }
})();
