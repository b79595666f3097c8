// kyodo serve: tells, in the page's live region, when the folder's files have changed. The
// page works without this script; it only saves pressing 「最新の状態に更新」 to find out.
(function () {
  var status = document.getElementById("changed");
  if (!status || !window.fetch) return;
  var shown = status.getAttribute("data-stamp");
  function ask() {
    fetch("/stamp", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : shown; })
      .then(function (now) {
        if (now !== shown) {
          status.textContent = "フォルダのファイルが変わりました。";
          var a = document.createElement("a");
          a.href = "";
          a.textContent = "読み直す";
          status.appendChild(a);
          return;
        }
        setTimeout(ask, 3000);
      })
      .catch(function () { setTimeout(ask, 10000); });
  }
  setTimeout(ask, 3000);
})();
