// What every page shares: a confirmation before an irreversible step, the toast's close button, copying a secret.
(function () {
  "use strict";
  // A form (or the button that sends it) with data-confirm asks first; "cancel" sends nothing.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  document.addEventListener("click", function (event) {
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
