/* tbvsite explore page: facet filters over the vignette cards.
   No dependencies. Without this script the page is the plain full list.
   Within a facet any chosen term matches; across facets all must match.
   The selection lives in the URL query: ?strategieen=schuren&actoren=eveline
   Cost per change: one pass over the cards' terms; the DOM is only written
   where a card, a count or a label actually changes, and never read between. */
(function () {
  "use strict";
  // Interface strings of the page's language (the catalogue, tbvsite/locales/), looked up by a11y.js,
  // which main.html loads first; without it, the Dutch text given here.
  var t = (window.tbvsite && window.tbvsite.t) || function (key, fallback, fields) {
    return fallback.replace(/\{(\w+)\}/g, function (all, name) { return name in fields ? fields[name] : all; });
  };
  var form = document.getElementById("tbv-filter");
  var list = document.getElementById("tbv-cards");
  var status = document.getElementById("tbv-status");
  if (!form || !list || !status) return;

  var cards = Array.prototype.slice.call(list.querySelectorAll(".tbv-card"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var facets = [];     // facet segment, in page order
  var terms = [];      // per facet: {term id: box index}
  var boxFacet = [];   // per box: facet index
  boxes.forEach(function (box, b) {
    var f = facets.indexOf(box.name);
    if (f < 0) {
      f = facets.push(box.name) - 1;
      terms.push({});
    }
    terms[f][box.value] = b;
    boxFacet.push(f);
  });
  var countEls = boxes.map(function (box) { return box.parentNode.querySelector(".tbv-count"); });
  var countText = countEls.map(function (el) { return el ? el.textContent : ""; });
  var groups = Array.prototype.slice.call(form.querySelectorAll(".tbv-facet")).map(function (group) {
    var label = group.querySelector(".tbv-chosen");
    return { facet: facets.indexOf(group.getAttribute("data-facet")), el: label, text: label ? label.textContent : "" };
  });

  // Per card and facet, the box indices of its terms (read once, at load).
  var tags = cards.map(function (card) {
    return facets.map(function (facet, f) {
      var own = [];
      (card.getAttribute("data-" + facet) || "").split(" ").forEach(function (term) {
        if (Object.prototype.hasOwnProperty.call(terms[f], term)) own.push(terms[f][term]);
      });
      return own;
    });
  });
  var shownNow = cards.map(function (card) { return !card.hidden; });
  var total = status.getAttribute("data-total");
  var nf = facets.length;
  var wanted = new Uint8Array(boxes.length);
  var chosenCount = new Int32Array(nf);
  var counts = new Int32Array(boxes.length);

  function update(push) {
    var b, f, i, k;
    chosenCount.fill(0);
    for (b = 0; b < boxes.length; b++) {
      wanted[b] = boxes[b].checked ? 1 : 0;
      if (wanted[b]) chosenCount[boxFacet[b]] += 1;
    }
    // One pass: a card counts for the terms of facet f when it matches every
    // other facet, i.e. it fails no facet, or f is the only one it fails.
    counts.fill(0);
    var show = new Array(cards.length);
    var shown = 0;
    for (i = 0; i < cards.length; i++) {
      var own = tags[i];
      var fails = 0, failed = -1;
      for (f = 0; f < nf && fails < 2; f++) {
        if (!chosenCount[f]) continue;
        var hit = false, mine = own[f];
        for (k = 0; k < mine.length; k++) {
          if (wanted[mine[k]]) { hit = true; break; }
        }
        if (!hit) { fails += 1; failed = f; }
      }
      show[i] = fails === 0;
      if (fails === 0) shown += 1;
      if (fails > 1) continue;
      for (f = 0; f < nf; f++) {
        if (fails === 1 && f !== failed) continue;
        var mine2 = own[f];
        for (k = 0; k < mine2.length; k++) counts[mine2[k]] += 1;
      }
    }
    // Writes only, and only where something changes.
    for (i = 0; i < cards.length; i++) {
      if (show[i] !== shownNow[i]) {
        cards[i].hidden = !show[i];
        shownNow[i] = show[i];
      }
    }
    for (b = 0; b < boxes.length; b++) {
      var text = "(" + counts[b] + ")";
      if (countEls[b] && text !== countText[b]) {
        countEls[b].textContent = text;
        countText[b] = text;
      }
    }
    groups.forEach(function (group) {
      var n = group.facet < 0 ? 0 : chosenCount[group.facet];
      var label = n ? t("js.explore.chosen", "({n} gekozen)", {n: n}) : "";
      if (group.el && label !== group.text) {
        group.el.textContent = label;
        group.text = label;
      }
    });
    var line = shown === cards.length ? t("js.explore.all", "{n} vignetten", {n: total})
                                      : t("js.explore.some", "{shown} van {n} vignetten", {shown: shown, n: total});
    if (status.textContent !== line) status.textContent = line;
    if (push) {
      var query = new URLSearchParams();
      for (b = 0; b < boxes.length; b++) {
        if (wanted[b]) query.append(boxes[b].name, boxes[b].value);
      }
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }
  }

  // Each facet's id, the same in every language: the language switch carries the selection
  // under these names (window.tbvsite.carry), and the other edition's page reads them.
  var facetIds = facets.map(function (facet) {
    var group = form.querySelector('.tbv-facet[data-facet="' + facet + '"]');
    return (group && group.getAttribute("data-facet-id")) || facet;
  });

  // Reads the selection from the address; true when it came (in part) under the facets' ids.
  function restore() {
    var query = new URLSearchParams(location.search);
    var foreign = false;
    boxes.forEach(function (box, b) {
      var id = facetIds[boxFacet[b]];
      var byId = id !== box.name && query.getAll(id).indexOf(box.value) >= 0;
      box.checked = byId || query.getAll(box.name).indexOf(box.value) >= 0;
      if (byId) foreign = true;
      if (box.checked) box.closest("details").open = true;
    });
    return foreign;
  }

  window.tbvsite = window.tbvsite || {};
  window.tbvsite.carry = function () {
    var query = new URLSearchParams();
    boxes.forEach(function (box, b) { if (box.checked) query.append(facetIds[boxFacet[b]], box.value); });
    var search = query.toString();
    return search ? "?" + search : "";
  };

  // Opened from a folder (the offline edition) the address holds a local path: say so.
  var fileNote = form.querySelector("[data-tbv-offline]");
  if (fileNote) fileNote.hidden = location.protocol !== "file:";
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () {
    setTimeout(function () { update(true); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", function () { restore(); update(false); });
  update(restore());  // the selection under this page's own names in the address
  form.setAttribute("data-tbv-ready", "");  // the filters work from here on
})();
