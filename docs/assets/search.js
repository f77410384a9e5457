// Full-text search page (/search/), on Pagefind's JavaScript API.
//
// Pagefind's index is split in chunks; a query fetches the engine, the index metadata
// and the chunks its words need. Filter data (every outlet, year, person, organization
// and kind with the articles of each) is fetched only when the reader opens the
// filters, so a plain query stays small however large the archive grows.
// The query and order are kept in the address (?query=…&order=…) so a search can be
// linked. Everything shown comes from the index as text, except Pagefind's excerpt,
// in which Pagefind escapes the article text and adds only <mark> elements.
(function () {
  "use strict";

  var root = document.getElementById("corpus-search");
  if (!root) return;

  var PAGE_SIZE = 10;
  var GROUPS = ["Outlet", "Year", "Person", "Organization", "Entity kind"];
  // An article has one outlet and one year: ticking two of them means either one.
  // For the others, ticking two means articles involving both.
  var ANY_OF = ["Outlet", "Year"];

  var input = document.getElementById("corpus-search-input");
  var order = document.getElementById("corpus-search-order");
  var toggle = document.getElementById("corpus-search-filters-toggle");
  var panel = document.getElementById("corpus-search-filters");
  var status = document.getElementById("corpus-search-status");
  var list = document.getElementById("corpus-search-results");
  var more = document.getElementById("corpus-search-more");
  var bundle = new URL(root.getAttribute("data-bundle"), window.location.href).href;

  var engine = null;         // Promise of the Pagefind module
  var ticked = {};           // filter name -> array of ticked values
  var counts = {};           // filter name -> value -> count element
  var filtersLoaded = false;
  var results = [];
  var shown = 0;
  var searchId = 0;
  var timer = null;

  function unavailable() {
    root.hidden = true;
    document.getElementById("corpus-search-unavailable").hidden = false;
  }

  function pagefind() {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ excerptLength: 30 }).then(function () { return module; });
      });
      engine.catch(unavailable);
    }
    return engine;
  }

  function remember(term) {
    var params = new URLSearchParams();
    if (term) params.set("query", term);
    if (order.value) params.set("order", order.value);
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function filterOption() {
    var filters = {};
    Object.keys(ticked).forEach(function (name) {
      if (!ticked[name].length) return;
      filters[name] = ANY_OF.indexOf(name) >= 0 ? { any: ticked[name] } : ticked[name];
    });
    return filters;
  }

  function summary(total, term) {
    var what = total === 1 ? "1 result" : total + " results";
    if (!total) what = "No results";
    return term ? what + " for “" + term + "”" : what;
  }

  async function run() {
    var id = ++searchId;
    var term = input.value.trim();
    var filters = filterOption();
    remember(term);
    root.setAttribute("data-state", "searching");
    if (!term && !Object.keys(filters).length) {
      results = [];
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      root.setAttribute("data-state", "done");
      return;
    }
    status.textContent = "Searching…";
    var module;
    try {
      module = await pagefind();
    } catch (error) {
      return;  // unavailable() has said why
    }
    var options = { filters: filters };
    if (order.value) options.sort = { date: order.value };
    var search = await module.search(term || null, options);
    if (id !== searchId) return;  // a newer search has started
    results = search.results;
    shown = 0;
    list.textContent = "";
    if (filtersLoaded) showCounts(search.filters);
    await showMore(id);
    if (id !== searchId) return;
    status.textContent = summary(results.length, term);
    root.setAttribute("data-state", "done");  // every shown result is rendered
  }

  async function showMore(id) {
    var page = results.slice(shown, shown + PAGE_SIZE);
    var data = await Promise.all(page.map(function (result) { return result.data(); }));
    if (id !== searchId) return;
    data.forEach(function (item) { list.appendChild(render(item)); });
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  function render(data) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    item.className = "corpus-search-result";
    var title = document.createElement("p");
    title.className = "corpus-search-title";
    title.dir = "auto";  // an Arabic headline reads and aligns right to left
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    title.appendChild(link);
    var about = document.createElement("p");
    about.className = "corpus-search-meta";
    about.textContent = [meta.outlet, meta.date].filter(Boolean).join(" · ");
    var excerpt = document.createElement("p");
    excerpt.className = "corpus-search-excerpt";
    excerpt.dir = "auto";
    excerpt.innerHTML = data.excerpt;  // escaped by Pagefind, with <mark> around matches
    item.append(title, about, excerpt);
    return item;
  }

  function sortValues(name, values) {
    if (name === "Year") return values.sort().reverse();
    return values.sort(function (a, b) { return a.localeCompare(b); });
  }

  function showCounts(filters) {
    Object.keys(counts).forEach(function (name) {
      Object.keys(counts[name]).forEach(function (value) {
        var count = filters && filters[name] ? filters[name][value] || 0 : 0;
        counts[name][value].textContent = "(" + count + ")";
      });
    });
  }

  function renderFilters(available) {
    panel.textContent = "";
    var names = Object.keys(available).sort(function (a, b) {
      var i = GROUPS.indexOf(a), j = GROUPS.indexOf(b);
      return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.localeCompare(b);
    });
    names.forEach(function (name) {
      var group = document.createElement("fieldset");
      group.className = "corpus-search-group";
      var legend = document.createElement("legend");
      legend.textContent = name + (ANY_OF.indexOf(name) >= 0 ? " (any of)" : " (all of)");
      group.appendChild(legend);
      counts[name] = {};
      sortValues(name, Object.keys(available[name])).forEach(function (value) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.checked = (ticked[name] || []).indexOf(value) >= 0;
        box.addEventListener("change", function () {
          var values = (ticked[name] || []).filter(function (v) { return v !== value; });
          if (box.checked) values.push(value);
          ticked[name] = values;
          run();
        });
        var text = document.createElement("span");
        text.dir = "auto";
        text.textContent = value;
        var count = document.createElement("span");
        count.className = "corpus-search-count";
        count.textContent = "(" + available[name][value] + ")";
        counts[name][value] = count;
        label.append(box, " ", text, " ", count);
        group.appendChild(label);
      });
      panel.appendChild(group);
    });
  }

  async function toggleFilters() {
    var open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (!open || filtersLoaded) return;
    panel.textContent = "Loading filters…";
    var module = await pagefind();
    renderFilters(await module.filters());
    filtersLoaded = true;
    if (results.length || input.value.trim()) run();
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  order.addEventListener("change", run);
  toggle.addEventListener("click", toggleFilters);
  more.addEventListener("click", function () { showMore(searchId); });

  // A live preview (`make serve`) has no index: say so before the reader types.
  fetch(bundle + "pagefind-entry.json", { method: "HEAD" }).then(function (response) {
    if (!response.ok) unavailable();
  }, unavailable);

  var params = new URLSearchParams(window.location.search);
  if (["asc", "desc"].indexOf(params.get("order")) >= 0) order.value = params.get("order");
  if (params.get("query")) {
    input.value = params.get("query");
    run();
  }
})();
