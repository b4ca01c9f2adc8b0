/* tbvsite explore page: facet filters over the vignette cards.
   No dependencies. Without this script the page is the plain full list.
   Within a facet any chosen term matches; across facets all must match.
   The selection lives in the URL query: ?strategieen=schuren&actoren=eveline */
(function () {
  "use strict";
  var form = document.getElementById("tbv-filter");
  var list = document.getElementById("tbv-cards");
  var status = document.getElementById("tbv-status");
  if (!form || !list || !status) return;

  var cards = Array.prototype.slice.call(list.querySelectorAll(".tbv-card"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var facets = [];
  boxes.forEach(function (box) {
    if (facets.indexOf(box.name) < 0) facets.push(box.name);
  });
  var tags = cards.map(function (card) {
    var own = {};
    facets.forEach(function (facet) {
      own[facet] = (card.getAttribute("data-" + facet) || "").split(" ");
    });
    return own;
  });

  function selection() {
    var chosen = {};
    facets.forEach(function (facet) { chosen[facet] = []; });
    boxes.forEach(function (box) {
      if (box.checked) chosen[box.name].push(box.value);
    });
    return chosen;
  }

  // Does card i match every facet of the selection, leaving out one facet?
  function matches(i, chosen, except) {
    return facets.every(function (facet) {
      var wanted = chosen[facet];
      if (facet === except || !wanted.length) return true;
      return wanted.some(function (term) { return tags[i][facet].indexOf(term) >= 0; });
    });
  }

  function update(push) {
    var chosen = selection();
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = matches(i, chosen, null);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    boxes.forEach(function (box) {
      var n = 0;
      cards.forEach(function (card, i) {
        if (matches(i, chosen, box.name) && tags[i][box.name].indexOf(box.value) >= 0) n += 1;
      });
      box.parentNode.querySelector(".tbv-count").textContent = "(" + n + ")";
    });
    form.querySelectorAll(".tbv-facet").forEach(function (group) {
      var n = chosen[group.getAttribute("data-facet")].length;
      group.querySelector(".tbv-chosen").textContent = n ? "(" + n + " gekozen)" : "";
    });
    var total = status.getAttribute("data-total");
    status.textContent = shown === cards.length ? total + " vignetten"
      : shown + " van " + total + " vignetten";
    if (push) {
      var query = new URLSearchParams();
      facets.forEach(function (facet) {
        chosen[facet].forEach(function (term) { query.append(facet, term); });
      });
      var text = query.toString();
      history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    }
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    boxes.forEach(function (box) {
      box.checked = query.getAll(box.name).indexOf(box.value) >= 0;
      if (box.checked) box.closest("details").open = true;
    });
  }

  form.hidden = false;
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () {
    setTimeout(function () { update(true); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", function () { restore(); update(false); });
  restore();
  update(false);
})();
