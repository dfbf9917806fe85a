// Move focus to a form's error summary so screen-reader and keyboard users land on it.
// A form sent from a page reached by the skip link keeps "#main" in its address, and the
// browser focuses <main> for that fragment once the page has loaded: focus the summary again.
function focusErrorSummary() {
  const summary = document.querySelector("[data-error-summary]");
  const main = document.getElementById("main");
  const active = document.activeElement;
  if (summary && (active === document.body || active === main || active === null)) summary.focus();
}
document.addEventListener("DOMContentLoaded", focusErrorSummary);
window.addEventListener("load", focusErrorSummary);

// Tables marked data-sortable sort by a column when its header button is pressed;
// aria-sort tells screen readers the order. Cells may carry data-sort-value.
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((header, column) => {
      const button = header.querySelector("button.omr-sort");
      if (!button) return;
      button.addEventListener("click", () => {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = button.dataset.sortType === "number";
        const key = (row) => {
          const cell = row.cells[column];
          const raw = cell.dataset.sortValue ?? cell.textContent.trim();
          if (!numeric) return raw;
          return raw === "" ? Number.POSITIVE_INFINITY : Number(raw);
        };
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const order = numeric ? x - y : String(x).localeCompare(String(y), document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
      });
    });
  }
});

// Print buttons (the goal tree is made to be printed).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
