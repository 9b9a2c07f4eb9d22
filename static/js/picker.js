// People pickers (core/picker.py). A text input with data-picker="<search address>" becomes a
// WAI-ARIA combobox (the APG's "list autocomplete" pattern): typing asks the server, the results
// are a listbox of options, arrow keys move through them, Enter or a tap picks one, Escape closes.
// Picking writes the option's value (a NIP, a user name) into the input, so the form posts what it
// always did; with data-picker-multiple each pick becomes a ticked checkbox under the field instead.
// Without JavaScript the input stays a plain text field.
(function () {
  "use strict";
  var made = 0;

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function labelOf(input) {
    var label = input.labels && input.labels[0];
    return label ? label.textContent.replace("*", "").trim() : input.name;
  }

  function setup(input) {
    made += 1;
    if (!input.id) { input.id = "picker-" + made; }
    var id = input.id;
    var url = input.getAttribute("data-picker");
    var least = parseInt(input.getAttribute("data-picker-min") || "2", 10);
    var multiple = input.hasAttribute("data-picker-multiple");
    var said = function (name) { return input.getAttribute("data-picker-" + name) || ""; };

    var listbox = document.createElement("ul");
    listbox.id = id + "-options";
    listbox.className = "picker-options list-unstyled";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", labelOf(input));
    listbox.hidden = true;
    var status = document.createElement("div");
    status.id = id + "-status";
    status.className = "form-text picker-status";
    status.setAttribute("role", "status");
    var chosenList = null;
    if (multiple) {
      chosenList = document.createElement("ul");
      chosenList.className = "picker-chosen list-unstyled mb-0";
      chosenList.setAttribute("aria-label", said("list"));
    }
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", listbox);
    if (chosenList) { status.insertAdjacentElement("afterend", chosenList); }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    var describedBy = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + status.id);

    var options = [];  // the results shown, as the server sent them
    var active = -1;
    var asked = 0;  // the latest search; an older answer arriving late is dropped
    var timer = null;

    function isOpen() { return !listbox.hidden; }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var items = listbox.children;
      if (active >= 0 && items[active]) { items[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (index < 0 || !items[index]) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      items[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[index].id);
      if (items[index].scrollIntoView) { items[index].scrollIntoView({block: "nearest"}); }
    }

    function addChosen(item) {
      var already = Array.prototype.some.call(chosenList.querySelectorAll("input"), function (box) {
        return box.value === item.value;
      });
      if (already) { return; }
      made += 1;
      var row = document.createElement("li");
      row.className = "form-check picker-choice";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.name = input.name;
      box.value = item.value;
      box.checked = true;
      box.id = id + "-chosen-" + made;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = box.id;
      label.textContent = item.label + " · " + item.detail;
      row.appendChild(box);
      row.appendChild(label);
      chosenList.appendChild(row);
    }

    function choose(index) {
      var item = options[index];
      if (!item) { return; }
      close();
      if (multiple) {
        addChosen(item);
        input.value = "";
        options = [];
        listbox.textContent = "";
      } else {
        input.value = item.value;
      }
      status.textContent = fill(said("chosen"), {label: item.label + " · " + item.detail});
      input.focus();
    }

    function show(answer) {
      options = answer.results || [];
      listbox.textContent = "";
      active = -1;
      options.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = id + "-option-" + index;
        option.className = "picker-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "picker-label";
        name.textContent = item.label;
        var detail = document.createElement("span");
        detail.className = "picker-detail";
        detail.textContent = item.detail;
        option.appendChild(name);
        option.appendChild(detail);
        // Keep the focus in the input: a tap or click on an option picks it.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(index); });
        listbox.appendChild(option);
      });
      if (!options.length) {
        close();
        status.textContent = said("none");
        return;
      }
      open();
      status.textContent = fill(said(answer.more ? "more" : "found"), {count: options.length});
    }

    function search() {
      var text = input.value.trim();
      asked += 1;
      var mine = asked;
      if (text.length < least) {
        options = [];
        listbox.textContent = "";
        close();
        status.textContent = text ? fill(said("hint"), {min: least}) : "";
        return;
      }
      var address = url + (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(text);
      window.fetch(address, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (answer) {
          if (!answer.ok || answer.redirected) { throw new Error("search " + answer.status); }
          return answer.json();
        })
        .then(function (answer) { if (mine === asked) { show(answer); } })
        .catch(function () {
          if (mine !== asked) { return; }
          options = [];
          close();
          status.textContent = said("failed");
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!options.length) { search(); return; }
        if (!isOpen()) { open(); highlight(event.altKey ? -1 : 0); return; }
        highlight(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        event.preventDefault();
        if (!options.length) { return; }
        if (!isOpen()) { open(); highlight(options.length - 1); return; }
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();  // pick, do not send the form
          choose(active);
        } else if (multiple && input.value.trim()) {
          // The field searches for one more person: Enter picks the only match, never sends the list.
          event.preventDefault();
          if (isOpen() && options.length === 1) { choose(0); }
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        // Only closes the list: what was typed or picked stays (the APG's clearing is optional).
        if (isOpen()) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { close(); });
  }

  document.querySelectorAll("input[data-picker]").forEach(setup);
})();
