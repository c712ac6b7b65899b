// Sortable tables (the Concordance page): a button in each column heading sorts the rows by
// that column's data-sort keys (numbers are zero-padded, so text order is number order);
// pressing it again reverses.  The heading carries aria-sort.  Without script the table keeps
// its first order.
(function () {
  "use strict";
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute("aria-sort") === "ascending";
    rows.sort(function (a, b) {
      var x = a.cells[col] ? a.cells[col].getAttribute("data-sort") || "" : "";
      var y = b.cells[col] ? b.cells[col].getAttribute("data-sort") || "" : "";
      var order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".sortable table"), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var button = th.querySelector("button.sort");
        if (button) button.addEventListener("click", function () { sortBy(table, col, th); });
      });
      table.setAttribute("data-sortable", "ready");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
