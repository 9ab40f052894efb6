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
    sessionId = data.session_id;
    root.dataset.session = sessionId;
    history.replaceState(null, "", "/intake?s=" + encodeURIComponent(sessionId));
    const last = data.turns[data.turns.length - 1];
    if (last && last.role === "assistant") addTurn("assistant", last.text);
    fillNeed(data.need);
    card = data.card || card;
    question.textContent = data.question || (data.submittable ? root.dataset.done : "—");
    showBlockers(data);
    document.querySelectorAll("#need-fields button.edit").forEach((b) => { b.hidden = false; });
    document.getElementById("card-hint").hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    send.disabled = true;
    showError("");
    const sent = addTurn("user", text);
    // The guide has been read once the chat starts: open, it pushed the answer box below the fold at every turn.
    const guide = document.getElementById("intake-guide");
    if (guide && guide.open) guide.open = false;
    input.value = "";
    try {
      showSession(await post("/ui/intake/message", { text: text, session_id: sessionId }));
    } catch (err) {
      // Not stored: the message leaves the conversation and goes back into the box, to be sent again as it was
      // (it was lost with the error, and the person had to type it again).
      sent.remove();
      if (!input.value.trim()) input.value = text;
      showError(err.message);
    } finally {
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

  function closeEditor(dd) {
    dd.querySelector(".editor").hidden = true;
    dd.querySelector("button.edit").hidden = false;
  }

  function editorValue(editor) {
    const changes = {};
    editor.querySelectorAll("input").forEach((el) => {
      if (el.type === "checkbox" && (el.name === "service_types" || el.name === "qualifications")) {
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
      const save = editor.querySelector(".save");
      save.disabled = true;
      try {
        showSession(await post("/ui/intake/fields", { session_id: sessionId, changes: editorValue(editor) }));
        closeEditor(dd);
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

  submit.addEventListener("click", async () => {
    if (!sessionId) return;
    submit.disabled = true;
    const label = submit.textContent;
    submit.textContent = root.dataset.submitting;
    showError("");
    try {
      const data = await post("/ui/intake/submit", { session_id: sessionId });
      window.location.href = data.redirect;
    } catch (err) {
      showError(err.message);
      submit.disabled = false;
      submit.textContent = label;
    }
  });

  // The conversation lives on the server: keep its id in the address so a refresh or a language switch reopens it.
  document.querySelectorAll("a.lang").forEach((link) => {
    link.addEventListener("click", () => {
      if (sessionId) link.href = "/intake?s=" + encodeURIComponent(sessionId) + "&" + link.href.split("?")[1];
    });
  });
})();
