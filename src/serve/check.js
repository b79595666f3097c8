// kyodo serve: checks the settings form as it is typed. The form works without this script
// (the server checks it when 「確かめて保存する」 is pressed); with it, each change is sent to
// /settings/check, which reads the form as every command reads kyodo.toml and saves nothing,
// and the library's message is shown beside the field changed and said in the live region.
(function () {
  var form = document.querySelector("form[data-check]");
  var status = document.getElementById("settings-check");
  if (!form || !status || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var timer = null;
  var asked = 0;
  function note(field) {
    var id = field.name + "-check";
    var span = document.getElementById(id);
    if (!span) {
      span = document.createElement("span");
      span.id = id;
      span.className = "serve-check";
      field.parentNode.appendChild(span);
    }
    return span;
  }
  function clear() {
    var notes = form.querySelectorAll(".serve-check");
    for (var i = 0; i < notes.length; i++) notes[i].textContent = "";
    var invalid = form.querySelectorAll("[aria-invalid]");
    for (var j = 0; j < invalid.length; j++) invalid[j].removeAttribute("aria-invalid");
  }
  function check(field) {
    var mine = ++asked;
    var body = new URLSearchParams(new FormData(form)).toString();
    fetch(form.getAttribute("data-check"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
    })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (message) {
        // Only the answer to the latest change counts.
        if (message === null || mine !== asked) return;
        clear();
        if (!message) {
          status.textContent = "この設定は読めます（まだ保存していません）。";
          return;
        }
        var span = note(field);
        span.textContent = message;
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", span.id);
        status.textContent = message;
      })
      .catch(function () {});
  }
  form.addEventListener("input", function (e) {
    clearTimeout(timer);
    var field = e.target;
    timer = setTimeout(function () { check(field); }, 400);
  });
  form.addEventListener("change", function (e) {
    clearTimeout(timer);
    check(e.target);
  });
})();
