// Bangkom: progressive enhancements. The pages work without JavaScript.
(function () {
  "use strict";
  // Each form of the page gets a one-time token: the server stores a form sent twice (a double
  // click, a resend after a lost connection) only once (core/middleware.py).
  function token() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);  // plain-http intranets have no randomUUID
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
    if (form.querySelector("input[name=_submission]")) { return; }
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "_submission";
    field.value = token();
    form.appendChild(field);
  });
  // A double-clicked submit sends the form once: disable the buttons after the first submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once")) { return; }
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
    });
  });
  // Buttons that ask before doing something irreversible.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  // Before an idle session ends: a warning two minutes ahead, with "Tetap masuk" to keep it.
  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var warning = document.getElementById("idle-warning");
  if (idleSeconds > 0 && warning && window.bootstrap) {
    var toast = window.bootstrap.Toast.getOrCreateInstance(warning);
    var timer;
    var arm = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        toast.show();
        document.getElementById("idle-stay").focus();
      }, Math.max(idleSeconds - 120, 5) * 1000);
    };
    document.getElementById("idle-stay").addEventListener("click", function () {
      window.fetch(body.getAttribute("data-keep-alive"), {credentials: "same-origin"}).then(function (answer) {
        if (answer.ok && !answer.redirected) { toast.hide(); arm(); }
      });
    });
    arm();
  }
  // What was typed when the session ended, kept by the server and put back after logging in again.
  var draft = document.getElementById("restored-draft");
  if (draft) {
    var fields = JSON.parse(draft.textContent);
    Object.keys(fields).forEach(function (name) {
      var values = fields[name];
      document.querySelectorAll("main form [name='" + window.CSS.escape(name) + "']").forEach(function (field, index) {
        if (field.type === "file" || field.type === "hidden") { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.indexOf(field.value) !== -1;
        } else if (field.tagName === "SELECT" && field.multiple) {
          Array.prototype.forEach.call(field.options, function (option) { option.selected = values.indexOf(option.value) !== -1; });
        } else if (values[index] !== undefined) {
          field.value = values[index];
        }
      });
    });
  }
  // Language switcher: submit on change.
  var language = document.getElementById("language-select");
  if (language) {
    language.addEventListener("change", function () { language.form.submit(); });
  }
})();
// A select whose options are URLs: the button next to it goes there.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-go-select]");
  if (!button) { return; }
  var select = document.querySelector(button.getAttribute("data-go-select"));
  if (select && select.value) { event.preventDefault(); window.location.href = select.value; }
});
// Copy buttons (e.g. a WhatsApp reminder).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) { return; }
  var source = document.querySelector(button.getAttribute("data-copy"));
  if (!source || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(source.value || source.textContent).then(function () {
    button.textContent = button.getAttribute("data-copied") || "OK";
  });
});
// "Select all" for a list of checkboxes with the given name.
document.addEventListener("change", function (event) {
  var box = event.target.closest("[data-check-all]");
  if (!box) { return; }
  document.querySelectorAll("input[type=checkbox][name='" + box.getAttribute("data-check-all") + "']").forEach(function (item) {
    item.checked = box.checked;
  });
});
// Drafts kept on this device: whatever is typed in a form with data-draft-key survives a lost
// connection or a closed tab. A server copy newer than the local one (data-saved-at) wins.
(function () {
  "use strict";
  function values(form) {
    var data = {};
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (!field.name || field.type === "hidden" || field.type === "file" || field.name === "csrfmiddlewaretoken") { return; }
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { (data[field.name] = data[field.name] || []).push(field.value); }
      } else { data[field.name] = [field.value]; }
    });
    return data;
  }
  function restore(form, data) {
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (!(field.name in data) || field.type === "hidden") { return; }
      if (field.type === "radio" || field.type === "checkbox") { field.checked = data[field.name].indexOf(field.value) >= 0; }
      else { field.value = data[field.name][0]; }
    });
  }
  function progress(form) {
    var bar = form.querySelector(".answer-progress");
    if (!bar) { return; }
    var done = 0;
    form.querySelectorAll("fieldset.question").forEach(function (box) {
      var answered = Array.prototype.some.call(box.querySelectorAll("input, textarea"), function (field) {
        return (field.type === "radio" || field.type === "checkbox") ? field.checked : field.value.trim() !== "";
      });
      if (answered) { done += 1; }
    });
    bar.value = done;
  }
  document.querySelectorAll("[data-clear-draft]").forEach(function (node) {
    try { window.localStorage.removeItem("bangkom-draft:" + node.getAttribute("data-clear-draft")); } catch (e) { /* private mode */ }
  });
  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var key = "bangkom-draft:" + form.getAttribute("data-draft-key");
    var savedAt = parseInt(form.getAttribute("data-saved-at") || "0", 10) * 1000;
    try {
      var stored = JSON.parse(window.localStorage.getItem(key) || "null");
      if (stored && stored.at > savedAt && !form.querySelector(".is-invalid, .border-danger")) {
        restore(form, stored.values);
        var notice = document.getElementById("draft-restored");
        if (notice) { notice.classList.remove("d-none"); }
      }
    } catch (e) { /* storage unavailable: the server copy is all there is */ }
    progress(form);
    form.addEventListener("input", function () {
      progress(form);
      try { window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values(form) })); } catch (e) { /* full */ }
    });
    form.addEventListener("change", function () { progress(form); });
  });
})();
