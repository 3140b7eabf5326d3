/* Lapor: progressive enhancement of the citizen pages. Every page works without this file;
   with it: live character count, regencies filtered by province, "use my location", a topic
   suggested from the text,
   attachment uploads straight to object storage, and a tracking page that notices changes. */
(function () {
  "use strict";

  function fill(template, name, value) { return (template || "").split("{" + name + "}").join(value); }
  function byId(id) { return document.getElementById(id); }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  /* ---------- report form ---------- */
  function enhanceForm(form) {
    var d = form.dataset;

    // Live character count (announced politely; the server still enforces the limit).
    var body = byId("body"), count = byId("body-count");
    if (body && count) {
      var max = parseInt(body.getAttribute("data-maxlength"), 10), timer = null;
      var update = function () {
        var left = max - body.value.length;
        count.textContent = left >= 0 ? fill(d.msgCharsLeft, "n", left.toLocaleString(document.documentElement.lang))
                                       : fill(d.msgCharsOver, "n", (-left).toLocaleString(document.documentElement.lang));
        count.classList.toggle("field-error", left < 0);
      };
      count.hidden = false;
      update();
      body.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 250); });
    }

    // Regency list narrowed to the chosen province.
    var province = byId("province"), regency = byId("regency");
    if (province && regency) {
      var groups = Array.prototype.slice.call(regency.querySelectorAll("optgroup"));
      var filter = function () {
        var chosen = regency.value;
        groups.forEach(function (g) { if (g.parentNode) { g.parentNode.removeChild(g); } });
        groups.forEach(function (g) {
          if (!province.value || g.getAttribute("data-province") === province.value) { regency.appendChild(g); }
        });
        regency.value = chosen;
        if (regency.value !== chosen) { regency.value = ""; }
      };
      province.addEventListener("change", filter);
      filter();
    }

    // "Use my location".
    var locate = byId("use-location"), status = byId("location-status");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = d.msgLocating;
        navigator.geolocation.getCurrentPosition(function (pos) {
          byId("latitude").value = pos.coords.latitude.toFixed(6);
          byId("longitude").value = pos.coords.longitude.toFixed(6);
          status.textContent = d.msgLocated;
          document.dispatchEvent(new Event("lapor:located"));  // map.js moves the pin
        }, function () { status.textContent = d.msgLocateFailed; }, { timeout: 15000, maximumAge: 60000 });
      });
    }

    // Attachments: checked here, then uploaded straight to object storage with a presigned POST.
    var input = byId("attachments"), list = byId("attachment-list"), pending = 0;
    var allowed = (input && input.getAttribute("accept") || "").split(",");
    var maxFiles = parseInt(d.maxFiles, 10), maxBytes = parseInt(d.maxBytes, 10);
    var submitStatus = byId("submit-status");

    function attachedCount() { return list.querySelectorAll("li").length; }

    function addRemove(li, name) {
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button link";
      remove.textContent = d.msgRemove;
      remove.setAttribute("aria-label", fill(d.msgRemoveLabel, "name", name));
      remove.addEventListener("click", function () { li.parentNode.removeChild(li); input.focus(); });
      li.appendChild(remove);
    }

    function upload(file) {
      var li = document.createElement("li"), label = document.createElement("span");
      label.textContent = fill(d.msgUploading, "name", file.name);
      li.appendChild(label);
      list.appendChild(li);
      pending += 1;
      var done = function (ok, id) {
        pending -= 1;
        if (ok) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = "attachments"; hidden.value = id;
          li.setAttribute("data-attachment", id);
          li.insertBefore(hidden, label);
          label.textContent = fill(d.msgUploaded, "name", file.name);
          addRemove(li, file.name);
        } else {
          label.textContent = fill(d.msgFailed, "name", file.name);
          label.className = "field-error";
          addRemove(li, file.name);
        }
      };
      fetch(d.uploadUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang },
        body: JSON.stringify({ name: file.name, content_type: file.type, size: file.size })
      }).then(function (r) { if (!r.ok) { throw new Error("presign " + r.status); } return r.json(); })
        .then(function (grant) {
          var data = new FormData();
          Object.keys(grant.upload.fields).forEach(function (k) { data.append(k, grant.upload.fields[k]); });
          data.append("file", file);  // S3 wants the file last
          return fetch(grant.upload.url, { method: "POST", body: data, credentials: "omit", referrerPolicy: "no-referrer" })
            .then(function (r) { if (!r.ok) { throw new Error("upload " + r.status); } done(true, grant.id); });
        })
        .catch(function () { done(false); });
    }

    if (input && list) {
      input.hidden = false;
      var note = byId("attachments-nojs");
      if (note) { note.hidden = true; }
      list.querySelectorAll("li[data-attachment]").forEach(function (li) {
        addRemove(li, li.textContent.trim());
      });
      input.addEventListener("change", function () {
        var problems = [];
        Array.prototype.forEach.call(input.files, function (file) {
          if (allowed.indexOf(file.type) < 0) { problems.push(file.name + ": " + d.msgType); return; }
          if (file.size > maxBytes || file.size < 1) { problems.push(file.name + ": " + d.msgSize); return; }
          if (attachedCount() >= maxFiles) { problems.push(file.name + ": " + d.msgCount); return; }
          upload(file);
        });
        var error = byId("attachments-client-error");
        if (!error) {
          error = document.createElement("p");
          error.id = "attachments-client-error";
          error.className = "field-error";
          error.setAttribute("aria-live", "assertive");
          input.parentNode.insertBefore(error, input);
        }
        error.textContent = problems.join(" ");
        input.value = "";
      });
    }

    // Topic suggested as the citizen types (POST /api/v1/classify, debounced); only a confident
    // answer is offered, and only the citizen's click changes the chosen topic.
    var title = byId("title"), category = byId("category"), box = byId("category-suggestion");
    if (body && category && box && d.classifyUrl) {
      var suggestTimer = null, asked = "", suggested = null;
      var suggest = function () {
        var text = ((title && title.value) || "") + "\n" + body.value;
        if (text.trim().length < 20 || text.length > 4000 || text === asked) { return; }
        asked = text;
        var region = (regency && regency.value) || (province && province.value) || null;
        fetch(d.classifyUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang },
          body: JSON.stringify(region ? { text: text, region_code: region } : { text: text })
        }).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (answer) {
            if (text !== asked) { return; }  // a newer request is on its way
            if (!answer || !answer.confident || answer.category.code === category.value ||
                !category.querySelector('option[value="' + answer.category.code + '"]')) {
              box.hidden = true; suggested = null; return;
            }
            suggested = answer.category.code;
            byId("category-suggestion-text").textContent = fill(d.msgSuggestion, "name", answer.category.name);
            byId("category-suggestion-words").textContent =
              answer.keywords.length ? fill(d.msgSuggestionWords, "words", answer.keywords.join(", ")) : "";
            box.hidden = false;
          })
          .catch(function () { box.hidden = true; });
      };
      var later = function () { clearTimeout(suggestTimer); suggestTimer = setTimeout(suggest, 600); };
      body.addEventListener("input", later);
      if (title) { title.addEventListener("input", later); }
      // the answer depends on the region too (a topic whose route is unreliable at its level is not offered)
      [province, regency].forEach(function (select) {
        if (select) { select.addEventListener("change", function () { asked = ""; later(); }); }
      });
      byId("category-suggestion-use").addEventListener("click", function () {
        if (suggested) { category.value = suggested; box.hidden = true; category.focus(); }
      });
      category.addEventListener("change", function () { if (category.value === suggested) { box.hidden = true; } });
      later();
    }

    form.addEventListener("submit", function (event) {
      if (pending > 0) {
        event.preventDefault();
        submitStatus.textContent = d.msgPending;
        return;
      }
      list && list.querySelectorAll("li:not([data-attachment])").forEach(function (li) { li.parentNode.removeChild(li); });
      var button = byId("submit");
      // Disabled a moment later, so that the button's own value still goes with the form.
      setTimeout(function () { button.disabled = true; button.textContent = d.msgSubmitting; }, 0);
    });
  }

  /* ---------- tracking page ---------- */
  function enhanceTracking(root) {
    var d = root.dataset;
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (match) {
      // Hand the token from the link's fragment to the server (in a POST body, never a URL),
      // and take it out of the address bar and history.
      history.replaceState(null, "", window.location.pathname + window.location.search);
      var form = document.createElement("form");
      form.method = "post";
      form.action = d.tokenUrl;
      var field = document.createElement("input");
      field.type = "hidden"; field.name = "token"; field.value = decodeURIComponent(match[1]);
      form.appendChild(field);
      document.body.appendChild(form);
      form.submit();
      return;
    }
    var notice = byId("live-notice"), delay = 3000, version = d.version;
    function busy() {
      var typing = Array.prototype.some.call(root.querySelectorAll("textarea"), function (t) { return t.value.trim() !== ""; });
      var checked = root.querySelector("#rating-form input:checked");
      return typing || !!checked;
    }
    function poll() {
      if (document.hidden) { setTimeout(poll, delay); return; }
      fetch(d.statusUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) {
          if (state && String(state.version) !== String(version)) {
            notice.hidden = false;
            if (busy()) { notice.textContent = d.msgChangedManual; version = state.version; }
            else { notice.textContent = d.msgChanged; window.location.reload(); return; }
          }
          delay = Math.min(delay * 1.2, 30000);
          setTimeout(poll, delay);
        })
        .catch(function () { setTimeout(poll, 30000); });
    }
    setTimeout(poll, delay);
  }

  function start() {
    focusErrorSummary();
    var form = byId("report-form");
    if (form) { enhanceForm(form); }
    var track = byId("track");
    if (track) { enhanceTracking(track); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
