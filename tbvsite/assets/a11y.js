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

  function asButton(label, name, onState) {
    var input = toggleFor(label);
    if (!input) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (name) label.setAttribute("aria-label", name);
    function sync() { label.setAttribute("aria-expanded", input.checked ? "true" : "false"); if (onState) onState(input.checked); }
    sync();
    input.addEventListener("change", sync);
    label.addEventListener("click", function () { window.setTimeout(sync, 0); });
    label.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        event.stopPropagation();  // Material's Enter handler would click it a second time
        label.click();
      }
    });
  }

  // The header: menu (drawer) and, on small screens, search.
  var menu = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
  if (menu) {
    asButton(menu, "Menu");
    var drawer = document.getElementById("__drawer");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));
        menu.focus();
      }
    });
  }
  var searchButton = document.querySelector('.md-header label.md-header__button[for="__search"]');
  if (searchButton) asButton(searchButton, "Zoeken");

  // Navigation sections: the expander beside (or instead of) a section link.
  Array.prototype.forEach.call(document.querySelectorAll(".md-nav label.md-nav__link[for]"), function (label) {
    var input = toggleFor(label);
    if (!input || !input.classList.contains("md-nav__toggle")) return;
    var text = (label.textContent || "").trim();
    if (!text) {
      var link = label.parentNode.querySelector("a.md-nav__link");
      var nav = input.parentNode.querySelector("nav.md-nav");
      var title = nav && nav.querySelector(".md-nav__title");
      text = ((link && link.textContent) || (title && title.textContent) || "").trim();
      asButton(label, "Onderdelen van " + text);
    } else {
      asButton(label, null);
    }
  });

  // Heading anchors.
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset .headerlink"), function (link) {
    var heading = link.parentNode;
    var text = "";
    Array.prototype.forEach.call(heading.childNodes, function (node) {
      if (node !== link) text += node.textContent;
    });
    text = text.replace(/\s+/g, " ").trim();
    if (!text) return;
    heading.setAttribute("aria-label", text);
    link.setAttribute("aria-label", "Link naar deze sectie: " + text);
    link.removeAttribute("title");
    var mark = document.createElement("span");  // the pilcrow stays on screen, out of the tree
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = link.textContent;
    link.textContent = "";
    link.appendChild(mark);
  });

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
      " Sneltoetsen: s of / zoeken, n en p volgende en vorige pagina"));
    p.appendChild(label);
    footer.appendChild(p);
    box.addEventListener("change", function () { store(box.checked); });
  }
})();
