// Quiz attempt page: autosave each answer as it changes, show whether it is saved,
// retry failed saves, and count down to the server's deadline. The page works
// without this script: the form posts every answer to the same server rules.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var text = JSON.parse(document.getElementById("quiz-messages").textContent);
  var formToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function csrfToken() {
    // After logging in again in another tab the token changes: read the current cookie.
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : formToken;
  }
  var url = form.dataset.autosaveUrl;
  var pending = {};
  var timers = {};
  var retryDelay = 2000;
  var closed = false;

  function status(fieldset, message, isError) {
    var element = fieldset.querySelector(".save-status");
    element.textContent = message;
    element.classList.toggle("text-danger", !!isError);
    element.classList.toggle("text-body-secondary", !isError);
  }

  function answerOf(fieldset) {
    var kind = fieldset.dataset.kind;
    var name = "q" + fieldset.dataset.question;
    if (kind === "single" || kind === "true_false") {
      var checked = fieldset.querySelector("input[name='" + name + "']:checked");
      return checked ? checked.value : "";
    }
    if (kind === "multiple") {
      return Array.prototype.map.call(fieldset.querySelectorAll("input[name='" + name + "']:checked"), function (box) { return box.value; });
    }
    if (kind === "short" || kind === "numeric") {
      return fieldset.querySelector("input[name='" + name + "']").value;
    }
    var selects = fieldset.querySelectorAll("select");
    if (kind === "matching") {
      var pairs = {};
      selects.forEach(function (select, index) { pairs[String(index)] = select.value; });
      return pairs;
    }
    if (kind === "ordering") {
      var places = Array.prototype.map.call(selects, function (select) { return select.value; });
      if (places.some(function (place) { return !place; })) return undefined;
      if (new Set(places).size !== places.length) return undefined;
      return places.map(function (place, item) { return [Number(place), String(item)]; })
        .sort(function (a, b) { return a[0] - b[0]; })
        .map(function (pair) { return pair[1]; });
    }
    return undefined;
  }

  function send() {
    var keys = Object.keys(pending);
    if (!keys.length || closed) return Promise.resolve();
    var answers = {};
    keys.forEach(function (key) { answers[key] = pending[key]; });
    pending = {};
    keys.forEach(function (key) { status(form.querySelector("[data-question='" + key + "']"), text.saving, false); });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ answers: answers }),
      redirect: "manual"  // a redirect means the session ended: never take the login page for "saved"
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0) {
        throw new Error("logged out");
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          retryDelay = 2000;
          keys.forEach(function (key) { status(form.querySelector("[data-question='" + key + "']"), text.saved, false); });
          return;
        }
        if (response.status === 409) {
          closed = true;
          keys.forEach(function (key) { status(form.querySelector("[data-question='" + key + "']"), body.error || text.closed, true); });
          window.setTimeout(function () { window.location.reload(); }, 1500);
          return;
        }
        if (response.status === 400 || response.status === 413) {
          keys.forEach(function (key) { status(form.querySelector("[data-question='" + key + "']"), body.error || text.failed, true); });
          return;
        }
        // Anything else (e.g. 503 while the database is down): keep the answers, show the server's message, retry.
        var failure = new Error("server " + response.status);
        failure.serverMessage = body.error;
        throw failure;
      });
    }).catch(function (failure) {
      keys.forEach(function (key) {
        if (!(key in pending)) pending[key] = answers[key];
        status(form.querySelector("[data-question='" + key + "']"), (failure && failure.serverMessage) || text.failed, true);
      });
      window.setTimeout(send, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function queue(fieldset, delay) {
    var answer = answerOf(fieldset);
    if (answer === undefined) {
      if (fieldset.dataset.kind === "ordering") status(fieldset, text.places, false);
      return;
    }
    var key = fieldset.dataset.question;
    pending[key] = answer;
    window.clearTimeout(timers[key]);
    timers[key] = window.setTimeout(send, delay);
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) queue(fieldset, 200);
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset && event.target.type === "text") queue(fieldset, 800);
  });

  var timer = document.getElementById("quiz-timer");
  if (!timer) return;
  var deadline = Date.parse(timer.dataset.deadline);
  var offset = Date.parse(timer.dataset.now) - Date.now();
  var left = document.getElementById("quiz-time-left");
  var announce = document.getElementById("quiz-time-announce");
  var announced = {};
  var startMinutes = Math.floor(Math.max(0, deadline - (Date.now() + offset)) / 60000);
  [10, 5, 1].forEach(function (mark) { if (startMinutes < mark) announced[mark] = true; });
  function tick() {
    var remaining = Math.max(0, deadline - (Date.now() + offset));
    var seconds = Math.floor(remaining / 1000);
    var minutes = Math.floor(seconds / 60);
    left.textContent = (minutes >= 60 ? Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0") : String(minutes)) +
      ":" + String(seconds % 60).padStart(2, "0");
    [10, 5, 1].forEach(function (mark) {
      if (minutes < mark && !announced[mark] && seconds > 0) {
        announced[mark] = true;
        announce.textContent = mark + " " + text.minutes_left;
      }
    });
    if (remaining <= 0 && !closed) {
      // Save what is still pending, then submit without re-sending the whole form:
      // a tab left open elsewhere must not overwrite newer answers with its old ones.
      announce.textContent = text.time_up;
      send().finally(function () {
        closed = true;
        var finish = document.createElement("form");
        finish.method = "post";
        finish.action = form.dataset.submitUrl;
        var token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrfmiddlewaretoken";
        token.value = csrfToken();
        finish.appendChild(token);
        document.body.appendChild(finish);
        finish.submit();
      });
      return;
    }
    window.setTimeout(tick, 1000 - (Date.now() % 1000));
  }
  tick();
})();
