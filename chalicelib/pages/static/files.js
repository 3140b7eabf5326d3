/* Staff's file uploads on the console's follow-up form: each chosen photo or PDF goes straight to
   object storage with a presigned POST (the same as a citizen's), and its id rides with the form
   as a hidden `files` field. The server checks, cleans and claims it when the follow-up is saved.
   Without this script the form still posts the answer (and https links). */
(function () {
  'use strict';

  function fill(template, value) { return (template || '').split('{name}').join(value); }

  function enhance(input) {
    var list = document.getElementById(input.getAttribute('data-list'));
    var d = input.dataset;
    input.hidden = false;
    input.addEventListener('change', function () {
      Array.prototype.forEach.call(input.files, function (file) {
        var li = document.createElement('li');
        li.textContent = fill(d.msgUploading, file.name);
        list.appendChild(li);
        if (list.querySelectorAll('input[name=files]').length >= parseInt(d.maxFiles, 10)) {
          li.textContent = file.name + ': ' + d.msgCount; li.className = 'field-error'; return;
        }
        fetch(d.uploadUrl, {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang },
          body: JSON.stringify({ name: file.name, content_type: file.type, size: file.size })
        }).then(function (r) {
          return r.json().then(function (b) { if (!r.ok) { throw new Error(b.error && b.error.details ? b.error.details[0].message : 'presign'); } return b; });
        }).then(function (grant) {
          var data = new FormData();
          Object.keys(grant.upload.fields).forEach(function (k) { data.append(k, grant.upload.fields[k]); });
          data.append('file', file);
          return fetch(grant.upload.url, { method: 'POST', body: data, credentials: 'omit', referrerPolicy: 'no-referrer' })
            .then(function (r) {
              if (!r.ok) { throw new Error('upload'); }
              var hidden = document.createElement('input');
              hidden.type = 'hidden'; hidden.name = 'files'; hidden.value = grant.id;
              li.textContent = fill(d.msgUploaded, file.name);
              li.appendChild(hidden);
            });
        }).catch(function (e) {
          li.textContent = fill(d.msgFailed, file.name) + (e && e.message && e.message.length > 12 ? ' ' + e.message : '');
          li.className = 'field-error';
        });
      });
      input.value = '';
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('input[type=file][data-upload-url][data-list]'), enhance);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
