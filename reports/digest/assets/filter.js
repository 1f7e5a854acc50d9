/* Filters for the evidence map: principle, organisation, kind of finding and free text.
   Progressive enhancement: without JavaScript the form stays hidden and every row shows. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-filter-row]"));
  var orgCells = Array.prototype.slice.call(document.querySelectorAll("[data-org-col]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody[data-group]"));
  var status = document.getElementById("filter-status");

  // A row's words: its data-text, or else (the table of findings) the text of its data-search cells, the full
  // names in their titles and its data-quote, read once. The page then carries each word once, not twice.
  function textOf(row) {
    var given = row.getAttribute("data-text");
    if (given !== null) { return given; }
    if (row.lucliText === undefined) {
      var parts = [row.getAttribute("data-quote") || ""];
      Array.prototype.forEach.call(row.querySelectorAll("[data-search]"), function (cell) {
        parts.push(cell.textContent);
        Array.prototype.forEach.call(cell.querySelectorAll("[title]"), function (named) {
          parts.push(named.getAttribute("title"));
        });
      });
      row.lucliText = parts.join(" ").toLowerCase();
    }
    return row.lucliText;
  }

  function has(list, value) {
    return (" " + (list || "") + " ").indexOf(" " + value + " ") !== -1;
  }

  function apply() {
    var principle = form.elements.principle.value;
    var organisation = form.elements.organisation.value;
    var kind = form.elements.kind.value;
    var words = form.elements.text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = {};
    var total = {};
    rows.forEach(function (row) {
      var table = row.closest("table");
      var what = (table && table.getAttribute("data-noun")) || "rows";
      var text = textOf(row);
      var keep = (!principle || has(row.getAttribute("data-principles"), principle)) &&
        (!organisation || has(row.getAttribute("data-orgs"), organisation)) &&
        (!kind || has(row.getAttribute("data-kinds"), kind)) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !keep;
      total[what] = (total[what] || 0) + 1;
      shown[what] = (shown[what] || 0) + (keep ? 1 : 0);
    });
    orgCells.forEach(function (cell) {
      cell.hidden = Boolean(organisation) && !has(cell.getAttribute("data-org-col"), organisation);
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("tr[data-filter-row]:not([hidden])");
    });
    var filtering = principle || organisation || kind || words.length;
    status.textContent = filtering ? "Showing " + Object.keys(total).map(function (what) {
      return shown[what] + " of " + total[what] + " " + what;
    }).join(" and ") + "." : "";
  }

  var box = form.closest("details");
  if (box) { box.hidden = false; }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
}());
