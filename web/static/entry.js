// The entry form's enhancements; the form works without this file.
// - the save bar counts the changed fields;
// - a changed number empties its source field, which then asks for the new
//   number's source (the server refuses the old one kept by mistake);
// - leaving the page with unsaved values asks first, and switching the
//   language keeps them: they are put back after the reload;
// - a link to a row (#m-CODE) puts the cursor in its field.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("entry-form");
  if (!form) return;
  var key = form.dataset.storeKey;
  var counter = document.getElementById("entry-changed");
  var all = document.getElementById("entry-source");
  var leaving = false; // the form itself, or the language switch, is being sent

  function field(row, prefix) { return row.querySelector('input[name^="' + prefix + '."], select[name^="' + prefix + '."]'); }
  // explained lists the explanation fields changed from what is stored
  // (they stand on a line of their own under their row).
  function explained() {
    return Array.prototype.slice.call(form.querySelectorAll('textarea[name^="x."]')).filter(function (x) {
      return !x.readOnly && x.value.trim() !== (x.dataset.stored || "").trim();
    });
  }
  function rows() { return Array.prototype.slice.call(form.querySelectorAll("tr.entry-row")); }
  // same tells whether two typed numbers are the same value ("85", "85.0").
  function same(a, b) {
    a = a.trim(); b = b.trim();
    if (a === b) return true;
    return a !== "" && b !== "" && !isNaN(Number(a)) && Number(a) === Number(b);
  }
  function moved(row) {
    var v = field(row, "v");
    return !!v && !v.readOnly && !same(v.value, v.dataset.stored || "");
  }
  function rowChanged(row) {
    var s = field(row, "s"), q = field(row, "q");
    return moved(row) || (!!s && s.value.trim() !== "" && s.value.trim() !== (s.dataset.stored || "")) ||
      (!!q && !q.disabled && q.value !== (q.dataset.stored || q.value));
  }
  function dirty() {
    return rows().some(rowChanged) || explained().length > 0 || (!!all && all.value.trim() !== "" && !all.readOnly);
  }

  // ask empties the source of a changed number, once, and shows that one
  // is wanted; a number put back as it was gets its source back.
  function ask(row) {
    var v = field(row, "v"), s = field(row, "s"), anew = field(row, "sn");
    var hint = row.querySelector(".entry-source-ask");
    if (!v || !s || !anew || !hint || s.readOnly) return;
    var m = moved(row);
    if (m && anew.value !== "1" && s.value.trim() === (s.dataset.stored || "")) {
      s.value = ""; anew.value = "1";
    } else if (!m && anew.value === "1" && s.value.trim() === "") {
      s.value = s.dataset.stored || ""; anew.value = "";
    }
    var need = m && s.value.trim() === "" && (!all || all.value.trim() === "") && !row.querySelector('[id^="serr-"]');
    hint.hidden = !need;
    s.classList.toggle("entry-ask", need);
  }

  function count() {
    if (!counter) return;
    var n = rows().filter(rowChanged).length + explained().length;
    counter.textContent = n ? counter.dataset.some.replace("{n}", String(n)) : counter.dataset.none;
  }

  function refresh() { rows().forEach(ask); count(); }

  form.addEventListener("input", function (ev) {
    var row = ev.target.closest && ev.target.closest("tr.entry-row");
    if (row && ev.target === field(row, "s")) {
      var anew = field(row, "sn");
      if (anew && moved(row)) anew.value = "1"; // typed for the new number
    }
    if (row) ask(row); else rows().forEach(ask);
    count();
  });
  form.addEventListener("submit", function () { leaving = true; });

  // The values typed so far, to keep across a reload: every changed row's
  // fields and the source for all.
  function snapshot() {
    var out = {};
    rows().filter(rowChanged).forEach(function (row) {
      ["v", "s", "sn", "ver", "q"].forEach(function (p) {
        var el = field(row, p);
        if (el) out[el.name] = el.value;
      });
    });
    explained().forEach(function (x) { out[x.name] = x.value; });
    if (all && all.value.trim() !== "") out[all.name] = all.value;
    return { fields: out, scroll: window.scrollY };
  }

  // Put back what was kept before a change of language; nothing is kept
  // once a save went through (the page then says saved=).
  var kept = null;
  try {
    kept = JSON.parse(window.sessionStorage.getItem(key) || "null");
    window.sessionStorage.removeItem(key);
  } catch (e) { kept = null; }
  if (kept && kept.fields && !new URLSearchParams(window.location.search).has("saved")) {
    var restored = 0, fields = kept.fields;
    Object.keys(fields).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el || el.readOnly || typeof el.value !== "string") return;
      el.value = fields[name];
      restored++;
      // A value stored meanwhile where there was none: let the server
      // see that the typed number was not made against it.
      if (name.indexOf("v.") === 0 && !(("ver." + name.slice(2)) in fields)) {
        var ver = form.elements.namedItem("ver." + name.slice(2));
        if (ver) ver.value = "0";
      }
    });
    var note = document.getElementById("entry-restored");
    if (restored && note) note.hidden = false;
    // Back where the person was, unless a link names a row to go to.
    if (restored && typeof kept.scroll === "number" && window.location.hash === "") window.scrollTo(0, kept.scroll);
  }
  refresh();

  var lang = document.querySelector("form.lang");
  if (lang) {
    lang.addEventListener("submit", function () {
      if (!dirty()) return;
      try {
        window.sessionStorage.setItem(key, JSON.stringify(snapshot()));
        leaving = true;
      } catch (e) { /* no storage: the warning below still asks */ }
    });
  }
  window.addEventListener("beforeunload", function (ev) {
    if (leaving || !dirty()) return;
    ev.preventDefault();
    ev.returnValue = form.dataset.leave || "";
    return form.dataset.leave;
  });

  // A link to a row: the row is marked by :target; put the cursor in it.
  function land() {
    if (window.location.hash.indexOf("#m-") !== 0) return;
    var row = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var input = row && row.querySelector("input:not([type=hidden]), [id^=v-]");
    if (input && input.focus) {
      if (input.tagName !== "INPUT") input.setAttribute("tabindex", "-1");
      input.focus({ preventScroll: true });
      row.scrollIntoView({ block: "center" });
    }
  }
  land();
  window.addEventListener("hashchange", land);
  // Going to a fragment may move the focus back to the page once it has
  // loaded: land again then, unless the person has moved on.
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      if (!document.activeElement || document.activeElement === document.body) land();
    }, 0);
  });
});
