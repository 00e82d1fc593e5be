// saidwhat viewer: keyboard help only. "/" focuses the search box; on a document, j / k move between quotes.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    if (e.key === "/") {
      var box = document.getElementById("q") || document.getElementById("quick-q");
      if (box) { e.preventDefault(); box.focus(); }
      return;
    }
    if (e.key !== "j" && e.key !== "k") return;
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.q"));
    if (!marks.length) return;
    var i = marks.indexOf(document.activeElement);
    i = e.key === "j" ? Math.min(i + 1, marks.length - 1) : Math.max(i - 1, 0);
    marks[i].focus();
  });
})();
