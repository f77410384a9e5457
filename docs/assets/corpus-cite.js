// "Cite this" on an article page: the BibTeX entries of the article and of its quotes,
// made in the browser from what the page shows.
//
// Each entry repeated what the page already shows: the headline, the outlet, the date, the
// authors, the source's address, the language, the quote and the page's own address (about
// 510 bytes an article, 1.2 KB a quote). This script writes the same entries, with the same
// words, as build_tools/citations.py would: the article's BibTeX (Citations.article) after
// its plain-text reference in details#cite, and a "Cite this quote" block (Citations.quote)
// under each quote (figure.corpus-quote). The page itself keeps the article's plain-text
// reference, so without JavaScript the article is still cited, and each quote keeps its
// permanent link (#).
//
// Where the page shows a value among others, the template marks the cell it is in: the
// provenance's authors (dd[data-cite=author], one link a person; an author the archive does
// not know is not a link and, as in citations.py, not cited), the source's address
// (dd[data-cite=url], a link when the address is recorded) and the language
// (dd[data-cite=language], only when set). The site's name is the page's og:site_name, the
// page's address the last word of the article's reference, and the entry's key (the
// article's id) the last part of that address.
//
// Everything is put in as text (textContent), never as markup. A browser test compares
// every entry and block with what citations.py makes.
(function () {
  "use strict";
  var LATEX = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%",
    "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"};
  var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
    "dec"];
  // What Python's str.split() splits on: JavaScript's \s but U+FEFF, and U+001C-U+001F, U+0085.
  var SPACES = /(?:[^\S\ufeff]|[\x1c-\x1f\x85])+/;

  function words(text) {  // Python's " ".join(text.split())
    return text.split(SPACES).filter(Boolean).join(" ");
  }
  function escaped(text) {  // citations.bibtex_escape: whitespace collapsed, specials escaped
    return words(text).replace(/[\\{}&%$#_~^]/g, function (c) { return LATEX[c]; });
  }
  function braced(text) {  // citations._braced
    return "{" + escaped(text) + "}";
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
  function bibtex(type, key, fields) {  // citations._bibtex
    return "@" + type + "{" + key + ",\n" + fields.map(function (f) {
      return "  " + f[0] + " = " + f[1];
    }).join(",\n") + "\n}";
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function bibtexBlock(entry) {  // <pre class="corpus-cite__bibtex"><code>entry</code></pre>
    var pre = element("pre", "corpus-cite__bibtex");
    pre.appendChild(element("code", "", entry));
    return pre;
  }

  var cite = document.querySelector("details#cite");
  var articleCite = cite && cite.querySelector(".corpus-cite__text");
  var published = document.querySelector(".corpus-provenance time");
  var outletCell = document.querySelector(".corpus-provenance dd");
  var headline = document.querySelector("article h1");
  if (!articleCite || !published || !outletCell || !headline) { return; }
  // The article's reference ends with the address of its copy here.
  var citeText = articleCite.textContent;
  var page = citeText.slice(citeText.lastIndexOf(" ") + 1);
  var title = headline.textContent;
  var outlet = outletCell.textContent;

  // The article (Citations.article).
  var siteName = document.querySelector('meta[property="og:site_name"]');
  if (siteName) {
    var fields = [["title", braced(title)], ["journal", braced(outlet)]];
    var authors = [];
    document.querySelectorAll('.corpus-provenance dd[data-cite="author"] a').forEach(
      function (link) { authors.push(braced(link.textContent)); });
    if (authors.length) {
      // Each name braced whole: BibTeX must not reorder "al-Bayati" as a first name.
      fields.unshift(["author", "{" + authors.join(" and ") + "}"]);
    }
    fields = fields.concat(dateFields(published.getAttribute("datetime")));
    var source = document.querySelector('.corpus-provenance dd[data-cite="url"] a[href]');
    if (source) {
      fields.push(["url", "{" + bibtexUrl(source.getAttribute("href")) + "}"]);
    }
    var language = document.querySelector('.corpus-provenance dd[data-cite="language"]');
    if (language) {
      fields.push(["language", braced(language.textContent)]);
    }
    fields.push(["note", "{" + escaped("Copy in " + siteName.getAttribute("content") + ":") +
      " \\url{" + bibtexUrl(page) + "}}"]);
    var key = page.replace(/\/$/, "");
    cite.appendChild(bibtexBlock(bibtex("article", key.slice(key.lastIndexOf("/") + 1),
      fields)));
  }

  // Each quote (Citations.quote).
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
    var entry = bibtex("misc", figure.id, [
      ["author", "{" + braced(speaker.textContent) + "}"],
      ["title", braced(quote)],
      ["howpublished", braced("Quoted in \u201c" + title + "\u201d, " + outlet + carried)]
    ].concat(dateFields((said || published).getAttribute("datetime")),
      [["url", "{" + bibtexUrl(here) + "}"]]));

    var details = element("details", "corpus-cite");
    details.appendChild(element("summary", "", "Cite this quote"));
    details.appendChild(element("p", "corpus-cite__text", text));
    details.appendChild(bibtexBlock(entry));
    figure.appendChild(details);
  });
}());
