// FrontDoor's small progressive enhancements. Every page works without this script.
(function () {
  "use strict";

  // Move focus to the error summary, so screen reader and keyboard users hear it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Autosave: forms marked data-autosave are posted (with their form token) a few seconds after
  // typing stops, so a half-finished form is kept on the server as a draft.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), function (form) {
    var timer = null;
    var status = form.querySelector("[data-autosave-status]");
    function save() {
      var data = new URLSearchParams(new FormData(form));
      data.delete("action");
      var token = form.querySelector("input[name=csrf]");
      fetch(form.getAttribute("data-autosave"), {
        method: "POST", credentials: "same-origin", body: data,
        headers: { "X-CSRF-Token": token ? token.value : "" }
      }).then(function (response) {
        if (status) {
          status.textContent = response.ok ? "Draft saved at " + new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) : "The draft could not be saved: use ‘Save and finish later’.";
        }
      }).catch(function () {
        if (status) { status.textContent = "The draft could not be saved: check your connection."; }
      });
    }
    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 3000);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  });

  // Session expiry warning: a notice a few minutes before the idle timeout, with a way to stay signed in.
  var warning = document.getElementById("session-warning");
  if (warning) {
    var idle = parseInt(warning.getAttribute("data-idle-seconds"), 10) || 1800;
    var warnAfter = Math.max(idle - 5 * 60, 60) * 1000;
    var started = Date.now();
    var warnTimer = setTimeout(showWarning, warnAfter);
    function showWarning() {
      warning.hidden = false;
      warning.innerHTML = "";
      var p = document.createElement("p");
      p.textContent = "You will be signed out in about 5 minutes if nothing is saved. Anything in a new-contact form is kept as a draft. ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary";
      button.textContent = "Stay signed in";
      button.addEventListener("click", function () {
        fetch(window.location.pathname.indexOf("/portal") === 0 ? "/portal" : "/work", { credentials: "same-origin" }).then(function () {
          warning.hidden = true;
          started = Date.now();
          clearTimeout(warnTimer);
          warnTimer = setTimeout(showWarning, warnAfter);
        });
      });
      p.appendChild(button);
      warning.appendChild(p);
      setTimeout(function () {
        if (Date.now() - started >= idle * 1000) {
          warning.innerHTML = "<p>You have been signed out because nothing happened for a while. <a href=\"/sign-in\">Sign in again</a>.</p>";
        }
      }, 5 * 60 * 1000 + 1000);
    }
  }
})();
