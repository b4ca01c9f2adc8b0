/* tbvsite handout page: show the vignettes named in the URL query, print-ready.
   ?v=slug&v=slug selects vignettes (in reading order). The page holds only
   the form: each vignette's item is in a small script of its own
   (assets/tbvsite/handout/<slug>.js, written at build time) that hands its
   HTML to window.tbvHandout.add; a chosen vignette's script is loaded by
   adding a <script> tag, which also works from file:// (the offline edition),
   where fetch is refused. Each item holds the scene, the dilemma and the
   questions, then one fold ([data-tbv-fold]) with the outcome and the
   analysis: hidden unless afloop=1, then shown open. A decision with a part B
   has a second fold inside the first ([data-tbv-fold="part-b"]) with the
   answer to it: deelb=1 shows the first fold open on a page of its own and
   keeps the second hidden; afloop=1 shows both. Ticking a box updates
   the address, so the link is the selection. Loaded only on the handout
   page; no framework, no request to another host. */
(function () {
  "use strict";
  // Interface strings of the page's language: a11y.js (loaded first, on every page) looks them up;
  // without it, the Dutch text given here.
  function t(key, fallback, fields) {
    if (window.tbvsite && window.tbvsite.t) return window.tbvsite.t(key, fallback, fields);
    var text = fallback;
    Object.keys(fields || {}).forEach(function (name) { text = text.split("{" + name + "}").join(fields[name]); });
    return text;
  }
  var form = document.querySelector("form[data-tbv-handout]");
  if (!form) return;
  var script = document.currentScript;
  var base = script ? script.src.replace(/handout\.js(\?.*)?$/, "handout/") : "";
  var holder = document.querySelector("[data-tbv-items]");
  var noScript = document.querySelector("[data-tbv-no-script]");
  if (noScript) noScript.hidden = true;
  var items = [];  // the loaded items, in reading order
  var loaded = {};  // slug -> item element
  var requested = {};  // slug -> true once its script tag is added
  var failed = [];
  var current = null;  // the state last applied
  if (!holder) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="v"]'));
  var outcomeBox = form.querySelector('input[name="afloop"]');
  var partBBox = form.querySelector('input[name="deelb"]');
  var linkField = form.querySelector("[data-tbv-link]");
  var share = form.querySelector("[data-tbv-share]");
  var status = form.querySelector("[data-tbv-status]");
  var printButton = form.querySelector("[data-tbv-print]");
  var copyButton = form.querySelector("[data-tbv-copy]");
  // Opened from a folder (the offline edition) the link holds a local path: say so.
  var fileNote = form.querySelector("[data-tbv-offline]");
  if (fileNote) fileNote.hidden = window.location.protocol !== "file:";

  function fromQuery() {
    var params = new URLSearchParams(window.location.search);
    var wanted = [];
    params.getAll("v").forEach(function (value) {
      value.split(",").forEach(function (slug) { if (slug) wanted.push(slug); });
    });
    return { slugs: wanted, outcome: params.get("afloop") === "1", partB: params.get("deelb") === "1" };
  }

  function fromForm() {
    return {
      slugs: boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }),
      outcome: outcomeBox.checked,
      partB: !!(partBBox && partBBox.checked)
    };
  }

  function address(state) {
    var params = new URLSearchParams();
    state.slugs.forEach(function (slug) { params.append("v", slug); });
    if (state.outcome) params.set("afloop", "1");
    if (state.partB) params.set("deelb", "1");
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  var known = boxes.map(function (b) { return b.value; });

  // Add the items that have arrived to the page in reading order.
  function place() {
    items = known.filter(function (slug) { return loaded[slug]; }).map(function (slug) { return loaded[slug]; });
    items.forEach(function (item) { holder.appendChild(item); });
  }

  function load(slugs) {
    slugs.forEach(function (slug) {
      if (requested[slug] || known.indexOf(slug) === -1) return;  // only our own vignettes' files
      requested[slug] = true;
      var tag = document.createElement("script");
      tag.src = base + encodeURIComponent(slug) + ".js";
      tag.onerror = function () {
        failed.push(slug);
        if (current) apply(current, false);
      };
      document.head.appendChild(tag);
    });
  }

  window.tbvHandout = {
    add: function (slug, html) {
      if (known.indexOf(slug) === -1 || loaded[slug]) return;
      var template = document.createElement("template");
      template.innerHTML = html;  // sanitised at build time, like every page
      var item = template.content.querySelector(".tbv-handout-item");
      if (!item) return;
      item.hidden = true;
      if (window.tbvsite && window.tbvsite.nameAnchors) window.tbvsite.nameAnchors(item);  // as on the vignette pages
      Array.prototype.forEach.call(item.querySelectorAll("[data-tbv-address]"), function (link) {
        link.textContent = new URL(link.getAttribute("href"), window.location.href).href;  // in full, for paper
      });
      loaded[slug] = item;
      place();
      if (current) apply(current, false);
    }
  };

  function apply(state, updateAddress) {
    current = state;
    load(state.slugs);
    var waiting = state.slugs.filter(function (slug) {
      return known.indexOf(slug) !== -1 && !loaded[slug] && failed.indexOf(slug) === -1;
    });
    var missing = state.slugs.filter(function (slug) { return failed.indexOf(slug) !== -1; });
    var shown = 0;
    items.forEach(function (item) {
      var on = state.slugs.indexOf(item.getAttribute("data-slug")) !== -1;
      item.hidden = !on;
      item.classList.toggle("tbv-first", on && shown === 0);  // no blank first page
      if (on) shown += 1;
      Array.prototype.forEach.call(item.querySelectorAll("[data-tbv-fold]"), function (fold) {
        var answer = fold.getAttribute("data-tbv-fold") === "part-b";
        // The first fold of a decision with a part B: shown for deelb=1 too, on a page of its own.
        var withPartB = !answer && !!fold.querySelector('[data-tbv-fold="part-b"]');
        var show = state.outcome || (state.partB && withPartB);
        fold.hidden = !show;
        fold.open = show;
        fold.classList.toggle("tbv-part-b-page", show && withPartB);
      });
    });
    var url = address(state);
    if (updateAddress) window.history.replaceState(null, "", url);
    linkField.value = new URL(url, window.location.href).href;  // origin is "null" on file:// in some browsers
    share.hidden = shown === 0;
    printButton.hidden = shown === 0;
    if (missing.length) {
      status.textContent = form.getAttribute("data-tbv-failed").replace("{slug}", missing.join(", "));
    } else if (waiting.length) {
      status.textContent = form.getAttribute("data-tbv-loading");
    } else status.textContent = shown === 0
      ? t("js.handout.none", "Nog niets gekozen: vink hierboven een of meer vignetten aan.")
      : t("js.handout.count", "{count} op de hand-out", {
          count: shown === 1 ? t("js.handout.one", "1 vignet") : t("js.handout.many", "{n} vignetten", {n: shown})
        }) + (state.outcome ? t("js.handout.with_outcome", ", met de afloop en de analyse.")
              : state.partB ? t("js.handout.with_part_b", ", met deel B zonder het antwoord.")
              : t("js.handout.without_outcome", ", zonder de afloop en de analyse."));
    document.body.classList.toggle("tbv-handout-empty", shown === 0);
    paginate();
    if (focusPending && !waiting.length) {
      focusPending = false;
      focusFirst();
    }
  }

  // Paper: each shown item prints on pages named after it, whose margins carry its colophon (archive
  // and title above; source, licence, address and version below) beside the page number (print.css).
  var pageStyle = document.createElement("style");
  document.head.appendChild(pageStyle);
  function cssString(text) {
    return '"' + text.replace(/\s+/g, " ").trim().replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }
  function paginate() {
    var rules = [];
    items.forEach(function (item, i) {
      var colophon = item.querySelector("[data-tbv-colophon]");
      if (item.hidden || !colophon) return;
      function part(name) {
        var el = colophon.querySelector('[data-tbv-part="' + name + '"]');
        return el ? el.textContent : "";
      }
      var below = "", after = false;  // the colophon's second line, after its <br>
      Array.prototype.forEach.call(colophon.childNodes, function (node) {
        if (after) below += node.textContent;
        if (node.nodeName === "BR") after = true;
      });
      var name = "tbv-item-" + i;
      item.style.page = name;
      rules.push("@page " + name + " {" +
        " @top-left { content: " + cssString(part("archive")) + "; }" +
        " @top-right { content: " + cssString(part("title")) + "; }" +
        " @bottom-left { content: " + cssString(below) + "; } }");
    });
    // The document starts on the first item's pages: a change of page name breaks the page, and
    // Chromium does not pass an item's name up through Material's flex layout (a blank first page).
    var first = items.filter(function (item) { return !item.hidden; })[0];
    document.body.style.page = first ? first.style.page : "";
    pageStyle.textContent = rules.join("\n");
  }

  var focusPending = false;
  // "Toon de hand-out": to the first vignette's title, which takes the focus.
  function focusFirst() {
    var first = items.filter(function (item) { return !item.hidden; })[0];
    var title = first && first.querySelector("h2");
    if (title) {
      title.setAttribute("tabindex", "-1");
      title.focus({ preventScroll: true });
      title.scrollIntoView({ block: "start" });
    }
  }

  var initial = fromQuery();
  boxes.forEach(function (b) { b.checked = initial.slugs.indexOf(b.value) !== -1; });
  outcomeBox.checked = initial.outcome;
  if (partBBox) partBBox.checked = initial.partB;
  apply(fromForm(), false);

  form.addEventListener("change", function () { apply(fromForm(), true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    focusPending = true;  // once the chosen items are there
    apply(fromForm(), true);
  });
  printButton.addEventListener("click", function () { window.print(); });
  // Copy without moving focus; only where the clipboard is refused, select the
  // link (focus goes to the field) so the reader can copy it by hand.
  copyButton.addEventListener("click", function () {
    function byHand() {
      linkField.select();
      status.textContent = t("js.handout.copy_failed", "Kopiëren lukte niet: de link is geselecteerd, kopieer hem met Ctrl+C.");
    }
    if (!navigator.clipboard) { byHand(); return; }
    navigator.clipboard.writeText(linkField.value).then(function () {
      status.textContent = t("js.handout.copied", "Link gekopieerd.");
    }, byHand);
  });
})();
