// Sortable tables: click (or press Enter on) a column header to sort the
// rows by it; again to reverse. A column whose header is `num` sorts by the
// number each cell shows (so a sorted table never disagrees with what it
// shows, and no cell carries its value twice); any other by its text.
// Cells without a number sort last; ties keep their order.
(function () {
  var comma = document.documentElement.lang === "ru";
  function number(text) {
    var t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    t = comma ? t.replace(/,/g, ".") : t.replace(/,/g, "");
    var m = t.match(/-?\d+(\.\d+)?/);
    return m ? parseFloat(m[0]) : null;
  }
  function key(cell, numeric) {
    var text = cell.textContent.trim();
    return numeric ? number(text) : text;
  }
  function compare(x, y) {
    if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x).localeCompare(String(y));
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      var numeric = th.classList.contains("num");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[column], numeric), y = key(b.cells[column], numeric);
          if (x === null || y === null) return compare(x, y);
          return ascending ? compare(x, y) : compare(y, x);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
})();
