// featureflow search: works from file:// and any static host. The index is a script file shipped in the site
// (assets/search-index.js sets window.FEATUREFLOW_INDEX), never fetched. Results are built with textContent,
// so labels are shown literally and never interpreted as markup.
//
// Index format: an array of rows [id, label, class, layer, href], e.g.
//   ["24/res/14548", "mentions of cats", "translated", 24, "features/24-res-14548.html"]
(function () {
  "use strict";

  var MAX_RESULTS = 200;
  // Class → the stylesheet class that draws its glyph (FlowNodeClass.cssClass); module features get the leaf's.
  var GLYPH_CLASS = {
    "translated": "c-t", "processed": "c-p", "newborn-mlp": "c-nm", "newborn-att": "c-na",
    "newborn-both": "c-nb", "unexplained": "c-u"
  };

  function normalise(text) {
    return String(text || "").toLowerCase().normalize("NFKC");
  }

  function matches(row, terms, wantedClass, wantedLayer) {
    if (wantedClass && row[2] !== wantedClass) return false;
    if (wantedLayer !== "" && String(row[3]) !== wantedLayer) return false;
    var haystack = normalise(row[0] + " " + (row[1] || "") + " " + row[2]);
    for (var i = 0; i < terms.length; i++) {
      if (haystack.indexOf(terms[i]) === -1) return false;
    }
    return true;
  }

  function start() {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-input");
    var classSelect = document.getElementById("search-class");
    var layerInput = document.getElementById("search-layer");
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!form || !input || !results) return;
    var index = window.FEATUREFLOW_INDEX || [];
    var root = form.getAttribute("data-root") || "";
    form.hidden = false;

    function run() {
      var terms = normalise(input.value).split(/\s+/).filter(function (t) { return t.length > 0; });
      var wantedClass = classSelect ? classSelect.value : "";
      var wantedLayer = layerInput ? layerInput.value.trim() : "";
      while (results.firstChild) results.removeChild(results.firstChild);
      if (terms.length === 0 && !wantedClass && wantedLayer === "") {
        if (status) status.textContent = index.length + " features indexed.";
        return;
      }
      var shown = 0;
      var total = 0;
      for (var i = 0; i < index.length; i++) {
        var row = index[i];
        if (!matches(row, terms, wantedClass, wantedLayer)) continue;
        total++;
        if (shown >= MAX_RESULTS) continue;
        shown++;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + row[4];
        link.textContent = row[0];
        item.appendChild(link);
        if (row[1]) {
          var label = document.createElement("span");
          label.className = "label";
          label.textContent = " " + row[1];
          item.appendChild(label);
        }
        var badge = document.createElement("span");
        badge.className = "class-badge " + (GLYPH_CLASS[row[2]] || "c-m");
        badge.textContent = row[2];
        item.appendChild(document.createTextNode(" "));
        item.appendChild(badge);
        results.appendChild(item);
      }
      if (status) {
        status.textContent = total === 0 ? "No feature matches." :
          total > shown ? "Showing " + shown + " of " + total + " matches." : total + (total === 1 ? " match." : " matches.");
      }
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    if (classSelect) classSelect.addEventListener("change", run);
    if (layerInput) layerInput.addEventListener("input", run);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) input.value = query;
    run();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
