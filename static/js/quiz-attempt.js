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

  // A question's answer is its fieldset's form fields, sent as the plain form sends them: the server
  // reads them through the question's type, so this script knows nothing about question types.
  function fieldsOf(fieldset) {
    var fields = [["answered", fieldset.dataset.question]];
    fieldset.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (!input.name || input.disabled) return;
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      // Control characters (pasted from other programs) cannot be stored: leave them out rather than lose the answer.
      fields.push([input.name, input.value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")]);
    });
    return fields;
  }

  // One save at a time, in order: an older answer can never reach the server after a newer one.
  var inFlight = null;

  function send() {
    if (inFlight) return inFlight.then(send);
    var keys = Object.keys(pending);
    if (!keys.length || closed) return Promise.resolve();
    var answers = {};
    var body = new URLSearchParams();
    keys.forEach(function (key) {
      answers[key] = pending[key];
      lastSent[key] = JSON.stringify(pending[key]);
      pending[key].forEach(function (field) { body.append(field[0], field[1]); });
    });
    pending = {};
    // A question changed again while this save was on its way shows the newer save's status, not this one's.
    function show(message, isError) {
      keys.forEach(function (key) {
        if (!(key in pending)) status(form.querySelector("[data-question='" + key + "']"), message, isError);
      });
    }
    show(text.saving, false);
    inFlight = fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrfToken() },
      body: body,
      redirect: "manual"  // a redirect means the session ended: never take the login page for "saved"
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0) {
        throw new Error("logged out");
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          retryDelay = 2000;
          var problems = body.problems || {};
          keys.forEach(function (key) {
            if (key in pending) return;
            var fieldset = form.querySelector("[data-question='" + key + "']");
            if (key in problems) status(fieldset, problems[key], true);
            else status(fieldset, text.saved, false);
          });
          return;
        }
        if (response.status === 409) {
          closed = true;
          show(body.error || text.closed, true);
          window.setTimeout(function () { window.location.reload(); }, 1500);
          return;
        }
        if (response.status === 400 || response.status === 413) {
          show(body.error || text.refused, true);  // not retried: the same answer would be refused again
          return;
        }
        // Anything else (e.g. 503 while the database is down): keep the answers, show the server's message, retry.
        var failure = new Error("server " + response.status);
        failure.serverMessage = body.error;
        throw failure;
      });
    }).catch(function (failure) {
      show((failure && failure.serverMessage) || text.failed, true);
      keys.forEach(function (key) {
        if (!(key in pending)) pending[key] = answers[key];
      });
      window.setTimeout(send, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }).finally(function () {
      inFlight = null;
    });
    return inFlight;
  }

  // What this page last sent per question: a change event that brings nothing new (it also fires on
  // leaving a text box) sends nothing, so a tab left open never resends answers changed elsewhere since.
  var lastSent = {};

  function queue(fieldset, delay) {
    var key = fieldset.dataset.question;
    var fields = fieldsOf(fieldset);
    if (JSON.stringify(fields) === lastSent[key] && !(key in pending)) return;
    pending[key] = fields;
    window.clearTimeout(timers[key]);
    timers[key] = window.setTimeout(send, delay);
  }

  // With the script running, the buttons save only what changed here (a page left open in another tab
  // must not send its older answers again), then go on to the submit page.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var finishing = event.submitter && event.submitter.name === "finish";
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      if (timers[fieldset.dataset.question]) window.clearTimeout(timers[fieldset.dataset.question]);
    });
    send().then(function () {
      if (finishing && !closed && !Object.keys(pending).length) window.location.href = form.dataset.submitUrl;
    });
  });

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) queue(fieldset, 200);
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset && (event.target.type === "text" || event.target.tagName === "TEXTAREA")) queue(fieldset, 800);
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
