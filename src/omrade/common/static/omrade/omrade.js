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

// A table wider than the screen scrolls sideways in its wrapper. Keyboard users must be able
// to reach the wrapper to scroll it, so an overflowing wrapper becomes a focusable region
// named by its table's caption; one that fits is left out of the tab order.
function focusableWideTables() {
  for (const wrap of document.querySelectorAll(".omr-table-wrap:not([tabindex]), .omr-table-wrap[data-scroll-focus]")) {
    const overflowing = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.dataset.scrollFocus = "";
    if (overflowing) {
      wrap.setAttribute("tabindex", "0");
      const caption = wrap.querySelector("caption");
      if (caption) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption.textContent.trim());
      }
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
}
document.addEventListener("DOMContentLoaded", focusableWideTables);
window.addEventListener("resize", focusableWideTables);
