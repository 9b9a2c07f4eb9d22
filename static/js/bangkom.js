// Bangkom: progressive enhancements. The pages work without JavaScript.
(function () {
  "use strict";
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
