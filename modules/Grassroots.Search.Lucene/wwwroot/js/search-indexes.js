// Search index list: polls each index's status while the page is open (rebuild progress, documents, cursor),
// and asks before deleting.
(function () {
  'use strict';
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { e.preventDefault(); }
    });
  });
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-status-url]'));
  if (rows.length === 0) { return; }
  function set(row, field, text) {
    var el = row.querySelector('[data-field="' + field + '"]');
    if (el) { el.textContent = text; }
  }
  function poll() {
    rows.forEach(function (row) {
      fetch(row.getAttribute('data-status-url'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) { return; }
          var bar = row.querySelector('[data-field="bar"]');
          if (bar) {
            bar.style.width = s.percent + '%';
            bar.parentElement.setAttribute('aria-valuenow', String(s.percent));
            bar.classList.toggle('progress-bar-striped', s.running);
            bar.classList.toggle('progress-bar-animated', s.running);
          }
          set(row, 'progressText', s.running ? (s.done + '/' + s.total) : (s.error || ''));
          set(row, 'documents', String(s.documents));
          set(row, 'cursor', String(s.cursor));
          set(row, 'lastApplied', s.lastApplied || '—');
        })
        .catch(function () { /* try again next round */ });
    });
  }
  window.setInterval(poll, 1000);
})();
