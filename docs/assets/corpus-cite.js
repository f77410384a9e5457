// "Cite this quote" on an article page, made in the browser from what the page shows.
//
// Each quote's reference (plain text and BibTeX) repeated the headline, the outlet, the
// date, the quote and the page's address, all already on the page: 1.2 KB a quote. This
// script writes the same block, with the same words, as build_tools/citations.py
// (Citations.quote) would, under each quote of the article (figure.corpus-quote). The
// article's own "Cite this" block is in the page itself, so without JavaScript the article
// is still cited, and each quote keeps its permanent link (#). Everything is put in as
// text (textContent), never as markup. A browser test compares every quote's block with
// what citations.py makes.
(function () {
  "use strict";
  var LATEX = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%",
    "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"};
  var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
    "dec"];

  function words(text) {  // Python's " ".join(text.split())
    return text.split(/\s+/).filter(Boolean).join(" ");
  }
  function braced(text) {  // citations._braced: LaTeX specials escaped, whitespace collapsed
    return "{" + words(text).replace(/[\\{}&%$#_~^]/g, function (c) { return LATEX[c]; }) +
      "}";
  }
  function bibtexUrl(url) {  // citations.bibtex_url
    return url.replace(/[{}\\ ]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
    });
  }
  function dateFields(iso) {  // citations._date_fields, from a <time datetime>
    var fields = [["date", "{" + iso + "}"], ["year", "{" + String(Number(iso.slice(0, 4))) + "}"]];
    if (iso.length >= 7) {
      fields.push(["month", MONTHS[Number(iso.slice(5, 7)) - 1]]);
    }
    return fields;
  }
  function bibtex(key, fields) {
    return "@misc{" + key + ",\n" + fields.map(function (f) {
      return "  " + f[0] + " = " + f[1];
    }).join(",\n") + "\n}";
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var articleCite = document.querySelector("#cite .corpus-cite__text");
  var published = document.querySelector(".corpus-provenance time");
  var outletCell = document.querySelector(".corpus-provenance dd");
  var headline = document.querySelector("article h1");
  if (!articleCite || !published || !outletCell || !headline) { return; }
  // The article's reference ends with the address of its copy here.
  var citeText = articleCite.textContent;
  var page = citeText.slice(citeText.lastIndexOf(" ") + 1);
  var title = headline.textContent;
  var outlet = outletCell.textContent;

  document.querySelectorAll("figure.corpus-quote[id]").forEach(function (figure) {
    var caption = figure.querySelector("figcaption");
    var quoted = figure.querySelector("blockquote");
    var speaker = caption && caption.querySelector("a");
    if (!speaker || !quoted) { return; }
    var via = null;  // the link after " via ": the carrier, when the archive knows it
    var said = caption.querySelector("time");
    for (var node = speaker.nextSibling; node; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE && /^ via $/.test(node.textContent) &&
          node.nextSibling && node.nextSibling.nodeName === "A") {
        via = node.nextSibling.textContent;
        break;
      }
      if (node.nodeType !== Node.TEXT_NODE) { break; }
    }
    var here = page + "#" + figure.id;
    var quote = quoted.textContent;
    var carried = via === null ? "" : " (via " + via + ")";
    var text = speaker.textContent + (said ? ", said " + said.textContent : "") + carried +
      ", quoted in \u201c" + title + ".\u201d " + outlet + ", " + published.textContent +
      ": \u201c" + words(quote) + "\u201d " + here;
    var entry = bibtex(figure.id, [
      ["author", "{" + braced(speaker.textContent) + "}"],
      ["title", braced(quote)],
      ["howpublished", braced("Quoted in \u201c" + title + "\u201d, " + outlet + carried)]
    ].concat(dateFields((said || published).getAttribute("datetime")),
      [["url", "{" + bibtexUrl(here) + "}"]]));

    var details = element("details", "corpus-cite");
    details.appendChild(element("summary", "", "Cite this quote"));
    details.appendChild(element("p", "corpus-cite__text", text));
    var pre = element("pre", "corpus-cite__bibtex");
    pre.appendChild(element("code", "", entry));
    details.appendChild(pre);
    figure.appendChild(details);
  });
}());
