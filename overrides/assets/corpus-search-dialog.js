{#-
  A theme template rendered once per build into assets/corpus-search-dialog.js (listed in
  mkdocs.yml's theme.static_templates): the dialog's words are the theme's, in the site's
  language, written here once instead of into data-* attributes of every page; tojson
  escapes them for a script.
-#}
{% import "partials/language.html" as lang with context -%}
// The header's search dialog: Material for MkDocs' partials/search.html (9.8), as this site
// configures it, put in place of the <script> that loads this file (see
// overrides/partials/search.html), with the theme's words.
(function () {
  "use strict";
  var script = document.currentScript;
  var icons = new URL("corpus-icons.svg", script.src).href;
  var words = {{ {
    "search": lang.t("search"),
    "placeholder": lang.t("search.placeholder"),
    "reset": lang.t("search.reset"),
    "initializer": lang.t("search.result.initializer")
  } | tojson }};
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML.replace(/"/g, "&quot;");
  }
  function icon(name) {
    return '<svg viewBox="0 0 24 24"><use href="' + text(icons) + "#material-" + name +
      '"/></svg>';
  }
  var placeholder = text(words.placeholder), reset = text(words.reset);
  script.insertAdjacentHTML("beforebegin",
    '<div class="md-search" data-md-component="search" role="dialog">' +
    '<label class="md-search__overlay" for="__search"></label>' +
    '<div class="md-search__inner" role="search">' +
    '<form class="md-search__form" name="search">' +
    '<input type="text" class="md-search__input" name="query" aria-label="' + placeholder +
    '" placeholder="' + placeholder + '" autocapitalize="off" autocorrect="off" ' +
    'autocomplete="off" spellcheck="false" data-md-component="search-query" required>' +
    '<label class="md-search__icon md-icon" for="__search">' + icon("magnify") +
    icon("arrow-left") + "</label>" +
    '<nav class="md-search__options" aria-label="' + text(words.search) + '">' +
    '<button type="reset" class="md-search__icon md-icon" title="' + reset +
    '" aria-label="' + reset + '" tabindex="-1">' + icon("close") + "</button>" +
    "</nav></form>" +
    '<div class="md-search__output">' +
    '<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>' +
    '<div class="md-search-result" data-md-component="search-result">' +
    '<div class="md-search-result__meta">' + text(words.initializer) + "</div>" +
    '<ol class="md-search-result__list" role="presentation"></ol>' +
    "</div></div></div></div></div>");
}());
