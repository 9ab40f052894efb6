// What every page shares: a confirmation before an irreversible step, the toast's close button, copying a secret, and
// a form that keeps what was typed when the server refuses it.
(function () {
  "use strict";
  const KEPT = "innodock:sent-form";

  function pathOf(form) {
    return new URL(form.getAttribute("action") || location.href, location.href).pathname;
  }

  // Which form it was, of several with the same action (a decline form on each proposal's card): its hidden fields
  // but the version (the center it is about, the record it files). Put back only into the form they match.
  function whichOf(form) {
    return Array.from(form.elements)
      .filter(function (el) { return el.type === "hidden" && el.name && el.name !== "version"; })
      .map(function (el) { return el.name + "=" + el.value; }).join("&");
  }

  // Before a form goes out, what was typed is kept in this tab (never a password, a file or a hidden field).
  function keep(form) {
    const values = [];
    for (const el of form.elements) {
      if (!el.name || ["password", "file", "hidden", "submit", "button", "reset"].includes(el.type)) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        values.push({ name: el.name, value: el.value, checked: el.checked });
      } else if (el.tagName === "SELECT" && el.multiple) {
        values.push({ name: el.name, selected: Array.from(el.selectedOptions).map(function (o) { return o.value; }) });
      } else {
        values.push({ name: el.name, value: el.value });
      }
    }
    try {
      sessionStorage.setItem(KEPT, JSON.stringify({ action: pathOf(form), which: whichOf(form), values: values }));
    } catch (err) { /* storage full or off: the form simply is not refilled */ }
  }

  // The page the server sent back after refusing a form: put back what was typed into that form, mark the field the
  // error names and say beside it what is wrong. Any other page: the kept values are dropped (the form went through).
  function restore() {
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
      sessionStorage.removeItem(KEPT);
    } catch (err) { kept = null; }
    const message = document.body.dataset.formError;
    if (!message || !kept) return;
    // Only a form that posts: a page's GET filter may share the action's path (the organisations' kind filter and
    // the form that creates one are both /admin/orgs), and the typed values went into the filter.
    const form = Array.from(document.forms).find(function (f) {
      return (f.getAttribute("method") || "").toLowerCase() === "post" && pathOf(f) === kept.action &&
        whichOf(f) === (kept.which || "");
    });
    if (!form) return;
    // A form folded away (a capability's or an expert's on the entry's page) is opened, or the reason is not seen.
    const fold = form.closest("details");
    if (fold) fold.open = true;
    const seen = {};
    for (const item of kept.values) {
      const all = Array.from(form.elements).filter(function (el) { return el.name === item.name; });
      if (item.checked !== undefined) {
        all.forEach(function (el) { if (el.value === item.value) el.checked = item.checked; });
      } else if (item.selected !== undefined) {
        all.forEach(function (el) { Array.from(el.options).forEach(function (o) { o.selected = item.selected.includes(o.value); }); });
      } else {
        const at = seen[item.name] || 0;
        seen[item.name] = at + 1;
        if (all[at]) all[at].value = item.value;
      }
    }
    // Several fields refused at once (core.errors.FieldErrors): each marked with its own reason, the first focused;
    // the top line, which lists them all, stays (they may lie screens apart).
    let several = null;
    try { several = JSON.parse(document.body.dataset.formErrors || "null"); } catch (err) { several = null; }
    if (Array.isArray(several) && several.length) {
      let first = null;
      several.forEach(function (pair) {
        const marked = markField(form, pair[0], pair[1]);
        first = first || marked;
      });
      if (first) focusOn(form, first);
      return;
    }
    const field = markField(form, document.body.dataset.formErrorField, message);
    if (!field) return;
    hideTopError(message);
    focusOn(form, field);
  }
  // The refused field focused; in a group, the box chosen in it, if any (not its first box, as if that were wrong).
  function focusOn(form, field) {
    const chosen = groupOf(field) ? Array.from(form.elements).find(function (el) {
      return el.name === field.name && el.checked;
    }) : null;
    (chosen || field).focus();
  }
  // The group a field's value is given in, marked whole: one marked so (the assign-by-hand picker's radio buttons, a
  // five-grade item's five vote counts), or the fieldset (or role=group) around several checkboxes or radio buttons
  // of one name (a key's scopes: only the first box was outlined, as if it alone were wrong). Null for a field alone.
  function groupOf(field) {
    const marked = field.closest("[data-field-group]");
    if (marked) return marked;
    if (field.type !== "checkbox" && field.type !== "radio") return null;
    const box = field.closest("fieldset, [role=group]");
    if (!box) return null;
    const same = Array.from(box.querySelectorAll("input")).filter(function (el) { return el.name === field.name; });
    return same.length > 1 ? box : null;
  }
  // A field of the form marked refused, its reason beside it (above a group of fields that give one value); the
  // field, or null when the form has none of that name.
  function markField(form, name, message) {
    // A refused file names "file" (the one of several at fault, pipeline.attachments); the form's field is "files".
    const field = name ? Array.from(form.elements).find(function (el) {
      return el.name === name || (name === "file" && el.type === "file");
    }) : null;
    if (!field) return null;
    const note = document.createElement("span");
    note.className = "field-error";
    note.id = "field-error-" + name;
    note.textContent = message;
    // A group is marked as a whole: the group outlined and invalid, not its first box; the reason under its legend,
    // inside its outline (above it, it sat under the field before and read as that field's), or above a group with
    // no legend.
    const group = groupOf(field);
    if (group) {
      group.setAttribute("aria-invalid", "true");
      group.setAttribute("aria-describedby", note.id);
      group.classList.add("invalid");
      const legend = group.tagName === "FIELDSET" ? group.querySelector(":scope > legend") : null;
      if (legend) legend.insertAdjacentElement("afterend", note);
      else group.insertAdjacentElement("beforebegin", note);
      return field;
    }
    field.setAttribute("aria-invalid", "true");
    field.classList.add("invalid");
    field.setAttribute("aria-describedby", note.id);
    const label = field.closest("label");
    (label || field).insertAdjacentElement("afterend", note);
    return field;
  }
  // The page's own line of the same error, at its top: said beside the field, it is not said again a screen or more
  // above the form (an agreement's price refused, 1000 px above it: a new user's trial, 2026-11-29). Without this
  // script the top line is all there is, and it stays.
  function hideTopError(message) {
    document.querySelectorAll("p.error[role=alert]").forEach(function (p) {
      if (p.textContent.trim() === message.trim()) p.hidden = true;
    });
  }
  // A form whose fields depend on a choice (a decision's own fields) carries data-fields-by:
  // {"field": name, "fields": {field: [values it belongs to]}}; a field of another choice is hidden and not sent.
  function showFieldsOf(form) {
    let spec = null;
    try { spec = JSON.parse(form.dataset.fieldsBy); } catch (err) { return; }
    const chooser = Array.from(form.elements).find(function (el) { return el.name === spec.field; });
    if (!chooser) return;
    form.querySelectorAll("[data-field]").forEach(function (label) {
      const wanted = spec.fields[label.dataset.field];
      const shown = !wanted || wanted.includes(chooser.value);
      label.hidden = !shown;
      label.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = !shown; });
    });
  }
  restore();  // first: what was typed may choose another decision
  // A list of what a form still lacks (data-missing-of: the form's id; each item data-missing-item: its field's name)
  // follows what is typed: after a refusal the kept values are in the form, and the list is theirs, not the records'.
  function followMissing(list, form) {
    let left = 0;
    list.querySelectorAll("li").forEach(function (li) {
      let first = true;
      li.querySelectorAll("[data-missing-item]").forEach(function (item) {
        const given = Array.from(form.elements).some(function (el) {
          return el.name === item.dataset.missingItem && el.value.trim() !== "";
        });
        item.hidden = given;
        const sep = item.querySelector(".sep");
        if (sep) sep.hidden = first;
        if (!given) { first = false; left += 1; }
      });
      li.hidden = first;
    });
    const none = document.getElementById("nothing-missing");
    if (none) none.hidden = left > 0;
  }
  document.querySelectorAll("[data-missing-of]").forEach(function (list) {
    const form = document.getElementById(list.dataset.missingOf);
    if (!form) return;
    followMissing(list, form);
    form.addEventListener("input", function () { followMissing(list, form); });
  });
  document.querySelectorAll("form[data-fields-by]").forEach(function (form) {
    showFieldsOf(form);
    form.addEventListener("change", function (event) {
      if (event.target.name && form.dataset.fieldsBy.includes('"' + event.target.name + '"')) showFieldsOf(form);
    });
  });
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && event.target instanceof HTMLFormElement &&
        (event.target.getAttribute("method") || "").toLowerCase() === "post") {
      keep(event.target);
    }
  });
  // A form (or the button that sends it) with data-confirm asks first; "cancel" sends nothing. A form whose question
  // depends on a choice (the decision picked, a "replace" box ticked) carries data-confirm-by:
  // {"field": name, "messages": {value: question}}.
  function chosenQuestion(form) {
    if (!form.dataset.confirmBy) return "";
    let spec = null;
    try { spec = JSON.parse(form.dataset.confirmBy); } catch (err) { return ""; }
    // Of a radio group, the button chosen; of anything else, the one field of that name.
    const field = Array.from(form.elements).find(function (el) {
      return el.name === spec.field && (el.type !== "radio" || el.checked);
    });
    if (!field) return "";
    const value = (field.type === "checkbox" || field.type === "radio") ? (field.checked ? field.value : "") : field.value;
    return (value && spec.messages[value]) || "";
  }
  // Text longer than its field takes is refused, never cut. A field's maxlength made the browser drop what was typed
  // or pasted past it without a word (a 320-character title saved as its first 200: a new user, 2026-11-29), so in a
  // form that posts the limit moves to data-maxlength and a submit over it stays on the page, the field marked and
  // its name, its limit and the length typed said beside it (body's data-too-long); the server refuses it as well.
  function lengthOf(el) {
    // as the server counts it: code points, a textarea's line breaks sent as CR LF
    const value = el.tagName === "TEXTAREA" ? el.value.replace(/\r?\n/g, "\r\n") : el.value;
    return Array.from(value).length;
  }
  function nameOf(el) {
    const label = el.closest("label");
    const own = label ? Array.from(label.childNodes).filter(function (n) { return n.nodeType === 3; })
      .map(function (n) { return n.textContent; }).join("").trim() : "";
    return el.getAttribute("aria-label") || own || el.getAttribute("placeholder") || el.name;
  }
  function markTooLong(form, el) {
    const note = document.createElement("span");
    note.className = "field-error too-long";
    note.id = "field-error-" + el.name;
    note.textContent = (document.body.dataset.tooLong || "{field}: {n} > {max}")
      .replace("{field}", nameOf(el)).replace("{max}", el.dataset.maxlength).replace("{n}", String(lengthOf(el)));
    el.setAttribute("aria-invalid", "true");
    el.classList.add("invalid");
    el.setAttribute("aria-describedby", note.id);
    const label = el.closest("label");
    (label || el).insertAdjacentElement("afterend", note);
    const fold = el.closest("details");
    if (fold) fold.open = true;
  }
  document.querySelectorAll("form").forEach(function (form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
    form.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(function (el) {
      el.dataset.maxlength = el.getAttribute("maxlength");
      el.removeAttribute("maxlength");
    });
  });
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    form.querySelectorAll(".field-error.too-long").forEach(function (n) { n.remove(); });
    const over = Array.from(form.elements).filter(function (el) {
      const limit = parseInt((el.dataset && el.dataset.maxlength) || "", 10);
      if (!limit || el.disabled) return false;
      const over = lengthOf(el) > limit;
      if (!over && el.classList.contains("invalid") && el.getAttribute("aria-describedby") === "field-error-" + el.name) {
        el.removeAttribute("aria-invalid");
        el.classList.remove("invalid");
      }
      return over;
    });
    if (!over.length) return;
    event.preventDefault();
    event.stopImmediatePropagation();  // no confirmation for a form that does not go
    over.forEach(function (el) { markTooLong(form, el); });
    over[0].focus();
  }, true);
  // A questionnaire sent once only (data-confirm-unanswered: its question, with {n} and {total}) asks first when
  // some of its questions (fieldset[data-item]) are left at "na": they start there, and one answer and a click sent
  // the rest as "not applicable" for good (the enterprise's day walked again, 2026-11-29).
  function unansweredQuestion(form) {
    const question = form.dataset.confirmUnanswered;
    if (!question) return "";
    const items = form.querySelectorAll("fieldset[data-item]");
    let left = 0;
    items.forEach(function (item) {
      const chosen = item.querySelector("input:checked");
      if (!chosen || chosen.value === "na") left += 1;
    });
    return left ? question.replace("{n}", String(left)).replace("{total}", String(items.length)) : "";
  }
  // A data-confirm-by spec may name a hidden field ("confirmed") that says the choice's question was answered yes:
  // "true" then, empty otherwise, so the server hands the chosen provider the need only when the person said so (the
  // assign picker's confirm_no_coordinator; the accept form's own flag is fixed, as its question is).
  function sayConfirmed(form, yes) {
    if (!form.dataset.confirmBy) return;
    let spec = null;
    try { spec = JSON.parse(form.dataset.confirmBy); } catch (err) { return; }
    const flag = spec.confirmed ? form.elements.namedItem(spec.confirmed) : null;
    if (flag && "value" in flag) flag.value = yes ? "true" : "";
  }
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const button = event.submitter;
    const chosen = chosenQuestion(form);
    const question = (button && button.dataset.confirm) || chosen || unansweredQuestion(form) ||
      form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form instanceof HTMLFormElement) sayConfirmed(form, Boolean(chosen) && question === chosen);
  }, true);

  // A list with a search box (data-filter: the list's id) narrows as one types: an item stays when its
  // data-search holds every word typed; a group with nothing left hides. Without a script the box is a GET search.
  function filterList(input) {
    const list = document.getElementById(input.dataset.filter);
    if (!list) return;
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let any = false;
    list.querySelectorAll("[data-search]").forEach(function (item) {
      const text = item.dataset.search.toLowerCase();
      const shown = words.every(function (w) { return text.includes(w); });
      item.hidden = !shown;
      any = any || shown;
    });
    list.querySelectorAll(".picker-region, .picker-group").forEach(function (box) {
      box.hidden = !box.querySelector("[data-search]:not([hidden])");
    });
    // A group's count says what is shown ("51 家中 4 家相符"), as the page says it after a search without a script.
    list.querySelectorAll(".picker-group").forEach(function (group) {
      const count = group.querySelector(".count[data-total]");
      if (!count) return;
      const n = group.querySelectorAll("[data-search]:not([hidden])").length;
      const total = Number(count.dataset.total);
      count.textContent = (n < total ? count.dataset.of : count.dataset.all)
        .replace("{n}", String(n)).replace("{total}", String(total));
    });
    const none = list.querySelector(".picker-none");
    if (none) none.hidden = any;
  }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    input.addEventListener("input", function () { filterList(input); });
    const search = input.form;
    if (search) {
      search.addEventListener("submit", function (event) { event.preventDefault(); filterList(input); });
    }
  });

  document.addEventListener("click", function (event) {
    const menu = event.target.closest(".menu-toggle");
    if (menu) {
      const header = menu.closest("header");
      const open = header.classList.toggle("open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    const close = event.target.closest(".toast-close");
    if (close) {
      close.closest(".toast").remove();
      return;
    }
    const copy = event.target.closest("[data-copy]");
    if (copy) {
      const field = document.getElementById(copy.dataset.copy);
      if (!field) return;
      field.select();
      const done = function () { copy.textContent = copy.dataset.copied || copy.textContent; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });
})();
