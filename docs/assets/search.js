// Full-text search page (/search/): starts Pagefind's own UI, adds an order control and
// keeps the query in the address (?query=…&order=…) so a search can be linked and cited.
// Pagefind finds its index from the address of pagefind-ui.js, so this works under any
// base path. Nothing here reads corpus data: results are rendered by Pagefind's UI.
(function () {
  "use strict";

  var container = document.getElementById("corpus-search");
  if (!container) return;
  if (typeof PagefindUI === "undefined") {  // no index: a `make serve` preview
    document.getElementById("corpus-search-unavailable").hidden = false;
    return;
  }

  var params = new URLSearchParams(window.location.search);
  var order = document.getElementById("corpus-search-sort");
  var term = params.get("query") || "";
  var ui = null;

  if (["asc", "desc"].indexOf(params.get("order")) >= 0) order.value = params.get("order");

  function remember() {
    var next = new URLSearchParams();
    if (term) next.set("query", term);
    if (order.value) next.set("order", order.value);
    var query = next.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  // The filters ticked in Pagefind's panel, as {name: [values]}.
  function tickedFilters() {
    var ticked = {};
    container.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (ticked[box.name] = ticked[box.name] || []).push(box.value);
    });
    return ticked;
  }

  // Pagefind's UI takes its sort order when created: changing it means a new UI.
  function start(filters) {
    if (ui) ui.destroy();
    container.innerHTML = "";
    ui = new PagefindUI({
      element: "#corpus-search",
      showSubResults: false,
      showImages: false,
      pageSize: 10,
      excerptLength: 30,
      sort: order.value ? { date: order.value } : undefined,
      processTerm: function (value) {
        term = value;
        remember();
        return value;
      }
    });
    if (term) ui.triggerSearch(term);
    if (filters && Object.keys(filters).length) ui.triggerFilters(filters);
  }

  order.addEventListener("change", function () {
    remember();
    start(tickedFilters());
  });
  start(null);
})();
