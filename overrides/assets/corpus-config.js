{#-
  A theme template rendered once per build into assets/corpus-config.js (it is listed in
  mkdocs.yml's theme.static_templates, so MkDocs renders it instead of copying it).
  Material writes its configuration into every page as <script id="__config"> (800 bytes,
  mostly the same translations); the page loads this file in its place (the config block
  of overrides/main.html) and the script puts that element back, with the same contents,
  before Material's bundle reads it. Values from mkdocs.yml pass through tojson, which
  escapes them for a script.
-#}
{% import "partials/language.html" as lang with context -%}
{#- Material's own config block (base.html, 9.8), without base and search: those two
    depend on where the page is, so the script computes them from its own address. -#}
{% set _ = namespace() -%}
{% set _.annotate = config.extra.annotate -%}
{% set _.tags = config.extra.tags -%}
{%- if config.extra.version -%}
  {%- set mike = config.plugins.mike -%}
  {%- if not mike or mike.config.version_selector -%}
    {%- set _.version = config.extra.version -%}
  {%- endif -%}
{%- endif -%}
// Material for MkDocs' configuration, which its bundle reads from <script id="__config">:
// the element is made here, next to the <script> that loads this file, which comes just
// before the bundle (see the config block of overrides/main.html); and its message box.
(function () {
  "use strict";
  var script = document.currentScript;
  var config = {{ {
    "features": config.theme.features or [],
    "translations": {
      "clipboard.copy": lang.t("clipboard.copy"),
      "clipboard.copied": lang.t("clipboard.copied"),
      "search.result.placeholder": lang.t("search.result.placeholder"),
      "search.result.none": lang.t("search.result.none"),
      "search.result.one": lang.t("search.result.one"),
      "search.result.other": lang.t("search.result.other"),
      "search.result.more.one": lang.t("search.result.more.one"),
      "search.result.more.other": lang.t("search.result.more.other"),
      "search.result.term.missing": lang.t("search.result.term.missing"),
      "select.version": lang.t("select.version")
    },
    "annotate": _.annotate or none,
    "tags": _.tags or none,
    "version": _.version or none
  } | tojson }};
  // Material's page gives the site root as a path relative to the page ("../.."), which the
  // bundle resolves against the page's address; this file is in assets/, so ".." from it is
  // the same root, already absolute. Likewise for the search worker, which Material ships.
  config.base = new URL("..", script.src).href;
  config.search = new URL("javascripts/workers/search.a7633da7.min.js", script.src).href;
  var element = document.createElement("script");
  element.id = "__config";
  element.type = "application/json";
  element.textContent = JSON.stringify(config);
  script.after(element);
  // Material's message box ("Copied to clipboard"), which only its script uses: pages are
  // written without it (build_tools/chrome.py), so it is put back here, before the bundle
  // looks for it; a page written with it (404.html) keeps its own.
  if (!document.querySelector('[data-md-component="dialog"]')) {
    script.insertAdjacentHTML("beforebegin", '<div class="md-dialog" data-md-component="dialog">' +
      '<div class="md-dialog__inner md-typeset"></div></div>');
  }
}());
