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
  }

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
      throw new Error((data.error && data.error.message) || response.statusText);
    }
    return data;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    send.disabled = true;
    showError("");
    addTurn("user", text);
    input.value = "";
    try {
      const data = await post("/ui/intake/message", { text: text, session_id: sessionId });
      sessionId = data.session_id;
      root.dataset.session = sessionId;
      history.replaceState(null, "", "/intake?s=" + encodeURIComponent(sessionId));
      const last = data.turns[data.turns.length - 1];
      if (last && last.role === "assistant") addTurn("assistant", last.text);
      fillNeed(data.need);
      question.textContent = data.question || (data.submittable ? root.dataset.done : "—");
      showBlockers(data);
    } catch (err) {
      showError(err.message);
    } finally {
      send.disabled = false;
      input.focus();
    }
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
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
