{#-
  A theme template rendered once per build into assets/corpus-palette-form.js (listed in
  mkdocs.yml's theme.static_templates). The options are mkdocs.yml's theme.palette, as
  Material's partials/palette.html reads them, written here once instead of into a
  data-palette attribute of every page (400 bytes a page); tojson escapes them for a script.
-#}
{% set options = [] -%}
{% for option in config.theme.palette -%}
  {% set _ = options.append({
    "media": option.media,
    "scheme": option.scheme | d("default", true) | replace(" ", "-"),
    "primary": option.primary | d("indigo", true) | replace(" ", "-"),
    "accent": option.accent | d("indigo", true) | replace(" ", "-"),
    "toggle": {"icon": option.toggle.icon, "name": option.toggle.name} if option.toggle else none
  }) -%}
{% endfor -%}
// The header's colour scheme toggle: Material for MkDocs' partials/palette.html (9.8), put in
// place of the <script> that loads this file (see overrides/partials/palette.html), from the
// site's palette options. The theme's palette script, next in the page, then applies the
// scheme the reader chose.
(function () {
  "use strict";
  var script = document.currentScript;
  var icons = new URL("corpus-icons.svg", script.src).href;
  var options = {{ options | tojson }};
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML.replace(/"/g, "&quot;");
  }
  var html = '<form class="md-header__option" data-md-component="palette">';
  options.forEach(function (option, index) {
    html += '<input class="md-option" data-md-color-media="' + text(option.media) +
      '" data-md-color-scheme="' + text(option.scheme) +
      '" data-md-color-primary="' + text(option.primary) +
      '" data-md-color-accent="' + text(option.accent) + '" ' +
      (option.toggle ? 'aria-label="' + text(option.toggle.name) + '"' : 'aria-hidden="true"') +
      ' type="radio" name="__palette" id="__palette_' + index + '">';
    if (option.toggle) {
      html += '<label class="md-header__button md-icon" title="' + text(option.toggle.name) +
        '" for="__palette_' + ((index + 1) % options.length) + '" hidden>' +
        '<svg viewBox="0 0 24 24"><use href="' + text(icons) + "#" +
        text(option.toggle.icon.replace("/", "-")) + '"/></svg></label>';
    }
  });
  script.insertAdjacentHTML("beforebegin", html + "</form>");
}());
