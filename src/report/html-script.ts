/**
 * The report's filter script, inlined (no network). It never receives report data as code: it
 * reads the data-status / data-api attributes and the text of the rendered rows, so target-controlled
 * text can never become script.
 */
export const HTML_SCRIPT = `
"use strict";
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll(".scenario"));
  var haystacks = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[name=status]"));
  var api = document.getElementById("filter-api");
  var search = document.getElementById("filter-text");
  var count = document.getElementById("visible-count");
  var noMatch = document.getElementById("no-match");

  function apply() {
    var wanted = {};
    boxes.forEach(function (box) { wanted[box.value] = box.checked; });
    var query = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row, i) {
      var visible = wanted[row.dataset.status] === true &&
        (api.value === "" || row.dataset.api === api.value) &&
        (query === "" || haystacks[i].indexOf(query) !== -1);
      row.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " scenarios";
    noMatch.hidden = shown !== 0;
  }

  function setStatuses(test) {
    boxes.forEach(function (box) { box.checked = test(box.value); });
    apply();
  }

  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  api.addEventListener("change", apply);
  search.addEventListener("input", apply);
  document.getElementById("show-all").addEventListener("click", function () { setStatuses(function () { return true; }); });
  document.getElementById("show-problems").addEventListener("click", function () {
    setStatuses(function (s) { return s === "fail" || s === "error" || s === "deviation" || s === "definition-defect"; });
  });
  // browsers restore form fields on reload; make the rows agree with them
  apply();
})();
`;
