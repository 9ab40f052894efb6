// The intake chat: post each message, show the assistant's answer and fill in the structured need beside it.
(function () {
  "use strict";
  const root = document.getElementById("intake");
  if (!root) return;
  const turns = document.getElementById("turns");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const send = document.getElementById("chat-send");
  const submit = document.getElementById("submit-need");
  const question = document.getElementById("next-question");
  const errorBox = document.getElementById("chat-error");
  let sessionId = root.dataset.session || null;
  // A message is on its way: the next one waits in the box. Two at once raced: the first message of a chat had no
  // conversation yet, so the second started another one, and the need was split between two drafts.
  let busy = false;
  // Opened with "start a new need" (?new=1): until the first answer names the conversation, a language switch must
  // keep starting afresh (it reopened the enterprise's last draft, and the new words were added to that old need).
  const startingNew = new URLSearchParams(window.location.search).has("new");
  // How many of the conversation's turns the page shows: an answer shows only the turns after them (a card save that
  // changed nothing has no new turn, and the previous reply was shown a second time).
  let shownTurns = Number(root.dataset.turns || 0);
  // The unsent message, kept in this tab's sessionStorage per conversation: a reload, or a visit to another page and
  // back, emptied the box, and a long description typed there was lost. Before the first answer names the
  // conversation, the draft is "a new chat" of this person (data-owner: another person in this tab never sees it).
  const DRAFT = "innodock.chat-draft.";
  function draftKey() {
    return DRAFT + (sessionId || "new." + (root.dataset.owner || ""));
  }
  function keepDraft() {
    try {
      if (input.value.trim()) sessionStorage.setItem(draftKey(), input.value);
      else sessionStorage.removeItem(draftKey());
    } catch (err) { /* storage refused (private mode, full): the box still works, only unkept */ }
  }
  function dropDraft(key) {
    try { sessionStorage.removeItem(key); } catch (err) { /* as keepDraft */ }
  }
  try {
    const kept = sessionStorage.getItem(draftKey());
    if (kept && !input.value) input.value = kept;
  } catch (err) { /* as keepDraft */ }
  input.addEventListener("input", keepDraft);
  const cardData = document.getElementById("card-data");
  let card = cardData ? JSON.parse(cardData.textContent || "{}") : {};

  function addTurn(role, text) {
    const li = document.createElement("li");
    li.className = "turn " + role;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = role === "user" ? root.dataset.you
      : role === "coordinator" ? root.dataset.coordinator : root.dataset.assistant;
    const p = document.createElement("p");
    p.textContent = text;
    li.append(who, p);
    turns.append(li);
    turns.scrollTop = turns.scrollHeight;
    return li;
  }

  // A conversation reopened (a language switch, a return to the page) opens on its latest answer.
  turns.scrollTop = turns.scrollHeight;

  const blockers = document.getElementById("blockers");
  const blockerList = document.getElementById("blocker-list");

  // Submitting is allowed when the server says the need may go out (intake.submission); otherwise say why.
  function showBlockers(data) {
    blockerList.replaceChildren(...(data.blockers || []).map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    blockers.hidden = !!data.submittable;
    submit.disabled = !data.submittable;
  }

  // What will be public once submitted (flows.needs.public_preview: the title and summary exactly as the public page
  // will show them), beside the submit button whenever it is enabled, following the card.
  const preview = document.getElementById("publish-preview");
  function showPreview(data) {
    const p = data.preview;
    preview.hidden = !p || !data.submittable || !!data.submitted;
    if (!p) return;
    document.getElementById("preview-title").textContent = p.title;
    document.getElementById("preview-summary").textContent = p.summary || "—";
    document.getElementById("preview-confidential").hidden = !p.confidential;
    document.querySelector("#preview-when strong").textContent = p.when || "";
    document.getElementById("preview-what").textContent = p.what || "";
    document.getElementById("preview-who").textContent = p.who || "";
  }

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }

  function fillNeed(rows) {
    for (const row of rows) {
      const dd = document.querySelector('#need-fields dd[data-field="' + row.key + '"]');
      if (!dd) continue;
      const value = row.value || root.dataset.notGiven;
      const span = dd.querySelector(".value");
      const src = dd.querySelector(".src");
      if (src) {
        src.textContent = row.source_label || "";
        src.dataset.src = row.source || "";
        src.hidden = !row.source_label;
      }
      if (span && span.textContent !== value) {
        span.textContent = value;
        dd.classList.toggle("missing", !row.value);
        dd.classList.remove("filled");
        if (row.value) { void dd.offsetWidth; dd.classList.add("filled"); }
      }
    }
  }

  async function post(url, body) {
    const response = await fetch(url + "?lang=" + encodeURIComponent(root.dataset.lang), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (response.status === 401) { window.location.href = "/login?next=/intake"; }
      const err = new Error((data.error && data.error.message) || response.statusText);
      err.field = data.error && data.error.field;
      throw err;
    }
    return data;
  }

  // After each answer: the conversation's id in the address, the assistant's reply, the card and the buttons.
  function showSession(data) {
    closeSimilar();  // the need may have changed: a submit asks again
    if (sessionId !== data.session_id) {
      // The conversation is named now: what was typed meanwhile is kept under its name, no longer "a new chat".
      dropDraft(draftKey());
      sessionId = data.session_id;
      keepDraft();
    }
    root.dataset.session = sessionId;
    history.replaceState(null, "", "/intake?s=" + encodeURIComponent(sessionId));
    // The person's own messages are on the page already (shown as they were sent); the rest is new.
    for (const turn of data.turns.slice(shownTurns)) {
      if (turn.role !== "user") addTurn(turn.role, turn.text);
    }
    shownTurns = data.turns.length;
    fillNeed(data.need);
    card = data.card || card;
    question.textContent = data.question || (data.submittable ? root.dataset.done : "—");
    showBlockers(data);
    showPreview(data);
    // A need already submitted is not changed here: no 修改, and the card says why (data.submitted).
    document.querySelectorAll("#need-fields button.edit").forEach((b) => {
      b.hidden = !!data.submitted;
      b.disabled = !!data.submitted;
    });
    document.getElementById("card-hint").hidden = !!data.submitted;
    document.getElementById("card-locked").hidden = !data.submitted;
    // "Start a new need" once there is a conversation to leave (it showed only after a reload).
    document.getElementById("start-new").hidden = false;
  }

  // Text longer than a field takes is refused, never cut: the card's inputs carried maxlength, and the browser dropped
  // what was typed past it without a word (the twenty-first probe's leftovers). Each carries the server's limit as
  // data-maxlength; over it, nothing is saved, and the field is named with its limit and the length typed, in the
  // words ui_console.js says it for the console's forms (body's data-too-long). The message box is a form's field,
  // which ui_console.js holds to its data-maxlength itself.
  function overLimit(el, value) {
    const limit = parseInt(el.dataset.maxlength || "", 10);
    const length = Array.from(value).length;  // as the server counts: code points
    if (!limit || length <= limit) return "";
    const label = el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
    const name = (el.getAttribute("aria-label") || (label && label.textContent) || el.name).trim();
    return (document.body.dataset.tooLong || "{field}: {n} > {max}")
      .replace("{field}", name).replace("{max}", String(limit)).replace("{n}", String(length));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    busy = true;
    send.disabled = true;
    showError("");
    clearNotes();
    const sent = addTurn("user", text);
    // The guide has been read once the chat starts: open, it pushed the answer box below the fold at every turn.
    const guide = document.getElementById("intake-guide");
    if (guide && guide.open) guide.open = false;
    input.value = "";
    dropDraft(draftKey());
    try {
      showSession(await post("/ui/intake/message", { text: text, session_id: sessionId }));
    } catch (err) {
      // Not stored: the message leaves the conversation and goes back into the box, to be sent again as it was
      // (it was lost with the error, and the person had to type it again).
      sent.remove();
      if (!input.value.trim()) input.value = text;
      keepDraft();
      showError(err.message);
    } finally {
      busy = false;
      send.disabled = false;
      input.focus();
    }
  });

  // Enter sends, as in every chat; Shift+Enter starts a new line (an input method's Enter composes, never sends).
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // The need card: every field is a control. "修改" opens the field's editor with its value; "保存" sends it, and
  // the chat says what changed; a value the server cannot read is marked beside the field, and what was typed stays.
  function openEditor(key) {
    const dd = document.querySelector('#need-fields dd[data-field="' + key + '"]');
    const editor = dd.querySelector(".editor");
    editor.querySelectorAll("input").forEach((el) => {
      const value = card[el.name];
      if (el.type === "checkbox") {
        el.checked = Array.isArray(value) ? value.includes(el.value) : !!value;
      } else {
        el.value = value == null ? "" : value;
      }
      el.removeAttribute("aria-invalid");
    });
    editor.querySelector(".field-error").hidden = true;
    editor.hidden = false;
    dd.querySelector("button.edit").hidden = true;
    const first = editor.querySelector("input");
    if (first) first.focus();
  }

  // Closed (saved or cancelled), the editor gives the focus back to the field's own "修改" button: the focused save
  // button was hidden and the focus fell to the page's top, so a keyboard lost its place on the card.
  function closeEditor(dd) {
    dd.querySelector(".editor").hidden = true;
    const button = dd.querySelector("button.edit");
    button.hidden = false;
    button.focus();
  }

  // The chat's acknowledgement of a card edit, said again beside the field: on a phone the chat is above the card,
  // out of view, and the change looked unacknowledged. One note at a time; the next message or edit clears it.
  function clearNotes() {
    document.querySelectorAll("#need-fields .saved-note").forEach((note) => note.remove());
  }

  function noteBeside(dd, data, before) {
    clearNotes();
    const last = data.turns[data.turns.length - 1];
    if (data.turns.length <= before || !last || last.role !== "assistant") return;  // nothing changed, nothing said
    const note = document.createElement("p");
    note.className = "saved-note small";
    note.setAttribute("role", "status");
    note.textContent = last.text.split("\n")[0];
    dd.append(note);
  }

  function editorValue(editor) {
    const changes = {};
    editor.querySelectorAll("input").forEach((el) => {
      if (el.type === "checkbox" && (el.name === "service_types" || el.name === "qualifications"
                                     || el.name === "preferred_qualifications")) {
        changes[el.name] = changes[el.name] || [];
        if (el.checked) changes[el.name].push(el.value);
      } else if (el.type === "checkbox") {
        changes[el.name] = el.checked;
      } else {
        changes[el.name] = el.value.trim();
      }
    });
    return changes;
  }

  // A mark is required (必须) or preferred (优先), never both: ticking it in one list unticks it in the other.
  const MARK_LISTS = { qualifications: "preferred_qualifications", preferred_qualifications: "qualifications" };
  document.querySelectorAll("#need-fields .editor input[type=checkbox]").forEach((el) => {
    if (!MARK_LISTS[el.name]) return;
    el.addEventListener("change", () => {
      if (!el.checked) return;
      const other = el.closest(".editor").querySelector(
        'input[name="' + MARK_LISTS[el.name] + '"][value="' + el.value + '"]');
      if (other) other.checked = false;
    });
  });

  document.querySelectorAll("#need-fields button.edit").forEach((button) => {
    button.addEventListener("click", () => openEditor(button.dataset.edit));
  });
  document.querySelectorAll("#need-fields .editor").forEach((editor) => {
    const dd = editor.closest("dd");
    editor.querySelector(".cancel").addEventListener("click", () => closeEditor(dd));
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.type !== "checkbox") {
        event.preventDefault();
        editor.querySelector(".save").click();
      }
    });
    editor.querySelector(".save").addEventListener("click", async () => {
      if (!sessionId) return;
      const errorLine = editor.querySelector(".field-error");
      errorLine.hidden = true;
      const over = Array.from(editor.querySelectorAll("input[data-maxlength]"))
        .map((el) => [el, overLimit(el, el.value.trim())]).find((pair) => pair[1]);
      if (over) {
        errorLine.textContent = over[1];
        errorLine.hidden = false;
        over[0].setAttribute("aria-invalid", "true");
        over[0].focus();
        return;
      }
      const save = editor.querySelector(".save");
      save.disabled = true;
      try {
        const before = shownTurns;
        const data = await post("/ui/intake/fields", { session_id: sessionId, changes: editorValue(editor) });
        showSession(data);
        closeEditor(dd);
        noteBeside(dd, data, before);
      } catch (err) {
        errorLine.textContent = err.message;
        errorLine.hidden = false;
        const bad = editor.querySelector('input[name="' + (err.field || "").split(".")[0] + '"]');
        if (bad) { bad.setAttribute("aria-invalid", "true"); bad.focus(); }
      } finally {
        save.disabled = false;
      }
    });
  });

  // A need nearly the same as an open one of the enterprise's is not refused: the first click asks the server, which
  // answers with the question, the earlier need's link and two choices said plainly (flows.similar_needs): submit
  // this one anyway, or go to the earlier need and discard this draft. While they wait, the big submit button is
  // hidden: clicked again it only asked the same question (a new user's trial, 2026-11-30). A message sent or a
  // card change meanwhile closes them: the need changed, and the next click asks afresh.
  function closeSimilar() {
    const box = document.getElementById("similar-need");
    if (box) box.remove();
    submit.hidden = false;
  }

  async function discardDraft(needId, button) {
    button.disabled = true;
    showError("");
    try {
      const data = await post("/ui/intake/similar/discard", { session_id: sessionId, need_id: needId });
      window.location.href = data.redirect;
    } catch (err) {
      showError(err.message);
      button.disabled = false;
    }
  }

  function askSimilar(similar) {
    let box = document.getElementById("similar-need");
    if (!box) {
      box = document.createElement("div");
      box.id = "similar-need";
      box.className = "warn similar-need";
      box.setAttribute("role", "alert");
      submit.insertAdjacentElement("beforebegin", box);
    }
    const said = document.createElement("p");
    said.textContent = similar.said + " ";
    const link = document.createElement("a");
    link.className = "similar-link";
    link.href = similar.link;
    link.textContent = similar.open;
    said.append(link);
    const choose = document.createElement("p");
    choose.className = "similar-choose";
    choose.textContent = similar.choose;
    const again = document.createElement("button");
    again.type = "button";
    again.className = "submit-anyway";
    again.textContent = similar.go_on;
    again.addEventListener("click", () => { closeSimilar(); submitNeed(false); });
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary discard-draft";
    discard.textContent = similar.discard;
    discard.addEventListener("click", () => discardDraft(similar.need_id, discard));
    const choices = document.createElement("p");
    choices.className = "buttons similar-choices";
    choices.append(again, " ", discard);
    const hint = document.createElement("p");
    hint.className = "small";
    hint.textContent = similar.discard_hint;
    box.replaceChildren(said, choose, choices, hint);
    submit.hidden = true;
    again.focus();
  }

  async function submitNeed(checkSimilar) {
    if (!sessionId) return;
    submit.disabled = true;
    const label = submit.textContent;
    submit.textContent = root.dataset.submitting;
    showError("");
    try {
      const data = await post("/ui/intake/submit", { session_id: sessionId, check_similar: checkSimilar });
      if (data.similar) {
        askSimilar(data.similar);
        submit.disabled = false;
        submit.textContent = label;
        return;
      }
      window.location.href = data.redirect;
    } catch (err) {
      showError(err.message);
      submit.hidden = false;
      submit.disabled = false;
      submit.textContent = label;
    }
  }

  submit.addEventListener("click", () => submitNeed(true));

  // The conversation lives on the server: keep its id in the address so a refresh or a language switch reopens it.
  document.querySelectorAll("a.lang").forEach((link) => {
    link.addEventListener("click", () => {
      if (sessionId) link.href = "/intake?s=" + encodeURIComponent(sessionId) + "&" + link.href.split("?")[1];
      else if (startingNew) link.href = "/intake?new=1&" + link.href.split("?")[1];
    });
  });
})();
