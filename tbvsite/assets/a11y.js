/* tbvsite: keyboard and screen-reader repairs over Material, on every page.
   - Single-key shortcuts (s, f, /, n, p, ".", ",") are off unless the reader
     switches them on in the footer (WCAG 2.1.4); the choice is kept in
     localStorage.
   - The header's menu and search buttons (labels in Material) become buttons
     that Tab reaches, with a name and aria-expanded; Escape closes the drawer.
   - The navigation's section expanders get role, name, state and Space.
   - Heading anchors are named "Link naar deze sectie: <heading>", and the
     heading keeps its own text as its name (no pilcrow).
   No requests, no dependencies. */
(function () {
  "use strict";
  // Interface strings of the page's language (theme/main.html writes them as JSON, tbvsite/locales/).
  var STRINGS = (function () {
    var element = document.getElementById("tbv-strings");
    try { return element ? JSON.parse(element.textContent) : {}; } catch (error) { return {}; }
  })();
  function t(key, fallback, fields) {
    var text = STRINGS[key] || fallback;
    Object.keys(fields || {}).forEach(function (name) { text = text.split("{" + name + "}").join(fields[name]); });
    return text;
  }
  // The other scripts of the theme (handout.js) use the same lookup; main.html loads this one first.
  window.tbvsite = window.tbvsite || {};
  window.tbvsite.t = t;
  var KEY = "tbv-shortcuts";
  var SHORTCUTS = ["s", "f", "/", "n", "p", ".", ","];

  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function store(on) {
    try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }
  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Runs before Material's window listener (capture phase at the window).
  window.addEventListener("keydown", function (event) {
    if (stored() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (SHORTCUTS.indexOf(event.key) === -1 || editable(event.target)) return;
    var search = document.getElementById("__search");
    if (search && search.checked) return;  // typing in the open search
    event.stopPropagation();
  }, true);

  function toggleFor(label) {
    return document.getElementById(label.getAttribute("for"));
  }

  // A <label for=toggle> that Material uses as a button becomes a real <button>
  // (a label may carry no role): same class and content, a name, aria-expanded
  // kept in step with the toggle; Enter and Space work as on any button.
  function asButton(label, name) {
    var input = toggleFor(label);
    if (!input) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.setAttribute("data-tbv-for", input.id);
    if (label.id) button.id = label.id;  // Material's aria-labelledby points here
    if (label.title) button.title = label.title;
    button.setAttribute("aria-label", name);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.parentNode.replaceChild(button, label);
    function sync() { button.setAttribute("aria-expanded", input.checked ? "true" : "false"); }
    sync();
    input.addEventListener("change", sync);
    button.addEventListener("click", function () {
      input.click();  // toggles and fires change, as a click on the label did
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.stopPropagation();  // Material's Enter handler is for labels
    });
    return button;
  }

  // The header: menu (drawer) and, on small screens, search.
  var drawer = document.getElementById("__drawer");
  var menuLabel = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
  var menu = menuLabel && asButton(menuLabel, t("js.menu", "Menu"));
  if (menu && drawer) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.click();
        menu.focus();
      }
    });
  }
  var searchLabel = document.querySelector('.md-header label.md-header__button[for="__search"]');
  if (searchLabel) asButton(searchLabel, t("js.search", "Zoeken"));

  // Navigation sections: the expander beside (or instead of) a section link.
  Array.prototype.forEach.call(document.querySelectorAll(".md-nav label.md-nav__link[for]"), function (label) {
    var input = toggleFor(label);
    if (!input || !input.classList.contains("md-nav__toggle") || input.id === "__toc") return;
    var text = (label.textContent || "").replace(/\s+/g, " ").trim();
    if (!text) {
      var link = label.parentNode.querySelector("a.md-nav__link");
      text = ((link && link.textContent) || "").replace(/\s+/g, " ").trim();
      asButton(label, t("js.menu.sections", "Onderdelen van {text}", {text: text}));
    } else {
      asButton(label, text);
    }
  });

  // Heading anchors: named after their heading, the pilcrow hidden. Also for content added later
  // (handout.js names the anchors of each item it adds).
  function nameAnchors(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".headerlink"), nameAnchor);
  }
  function nameAnchor(link) {
    if (link.hasAttribute("aria-label")) return;
    var heading = link.parentNode;
    var text = "";
    Array.prototype.forEach.call(heading.childNodes, function (node) {
      if (node !== link) text += node.textContent;
    });
    text = text.replace(/\s+/g, " ").trim();
    if (!text) return;
    heading.setAttribute("aria-label", text);
    link.setAttribute("aria-label", t("js.heading.link", "Link naar deze sectie: {text}", {text: text}));
    link.removeAttribute("title");
    var mark = document.createElement("span");  // the pilcrow stays on screen, out of the tree
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = link.textContent;
    link.textContent = "";
    link.appendChild(mark);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset"), nameAnchors);
  window.tbvsite.nameAnchors = nameAnchors;

  // The language switch: the link to this page's counterpart takes the address's query and fragment
  // along (a selection on explore, the vignettes of a handout), read when it is followed, since the
  // page may have changed its address since loading. A page may translate its query for the other
  // language (explore.js sets window.tbvsite.carry).
  Array.prototype.forEach.call(document.querySelectorAll("a[data-tbv-counterpart]"), function (link) {
    var bare = link.getAttribute("href");
    function carry() {
      var query = window.tbvsite.carry ? window.tbvsite.carry() : window.location.search;
      link.setAttribute("href", bare + query + window.location.hash);
    }
    ["click", "auxclick", "contextmenu", "focus"].forEach(function (type) { link.addEventListener(type, carry); });
  });

  // A table wider than its box scrolls inside it: then the box takes focus, so
  // arrow keys scroll it, and is a region named after the table's caption.
  // Material wraps the tables from its own DOMContentLoaded handler, after this
  // script has run: look for the boxes then, at load and on every resize.
  function scrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.closest(".tbv-scroll")) return;  // a matrix: its own box scrolls (matrix.html)
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      if (wide && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : t("js.table.scroll", "Tabel, scrollt opzij"));
      } else if (!wide && wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollable);
  window.addEventListener("load", scrollable);
  window.addEventListener("resize", scrollable);

  // The switch for the shortcuts, in the footer.
  var footer = document.querySelector(".md-footer-meta__inner");
  if (footer) {
    var p = document.createElement("p");
    p.className = "tbv-keys";
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = stored();
    box.setAttribute("data-tbv-shortcuts", "");
    label.appendChild(box);
    label.appendChild(document.createTextNode(
      t("js.shortcuts", " Sneltoetsen: s of / zoeken, n en p volgende en vorige pagina")));
    p.appendChild(label);
    footer.appendChild(p);
    box.addEventListener("change", function () { store(box.checked); });
  }
})();
