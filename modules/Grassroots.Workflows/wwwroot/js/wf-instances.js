// The workflow instance list: rows from /api/workflows with the page's filters; paging.
(function () {
  'use strict';
  var C = window.WfCommon;
  var t = C.t;
  var table = document.getElementById('wf-instances-table');
  if (!table) return;
  var body = document.getElementById('wf-instances');
  var pager = document.getElementById('wf-pager');
  var pageSize = 20;
  var filters = {
    type: table.getAttribute('data-type') || '',
    status: table.getAttribute('data-status') || '',
    correlationId: table.getAttribute('data-correlation-id') || ''
  };
  var page = parseInt(table.getAttribute('data-page') || '1', 10) || 1;

  function query(p) {
    var q = new URLSearchParams();
    Object.keys(filters).forEach(function (k) { if (filters[k]) q.set(k, filters[k]); });
    q.set('page', String(p));
    return q;
  }

  function render(result) {
    body.innerHTML = '';
    var items = result && result.items || [];
    if (!items.length) {
      body.appendChild(C.el('tr', {}, [C.el('td', { colspan: 7, className: 'text-body-secondary', text: t('暂无实例。') })]));
    }
    items.forEach(function (w) {
      body.appendChild(C.el('tr', { 'data-id': w.id, 'data-status': C.statusKey(w.status) }, [
        C.el('td', {}, [C.el('a', { href: '/admin/workflows/instances/' + encodeURIComponent(w.id), className: 'font-monospace small', text: w.id })]),
        C.el('td', { text: (w.workflowTypeName || w.workflowTypeId) }),
        C.el('td', { text: String(w.workflowTypeVersion) }),
        C.el('td', {}, [C.el('span', { className: 'badge ' + C.statusClass(w.status), text: C.statusText(w.status), title: w.faultMessage || null })]),
        C.el('td', { className: 'font-monospace small text-break', text: w.correlationId || '' }),
        C.el('td', { className: 'text-nowrap', text: C.time(w.createdUtc) }),
        C.el('td', { className: 'text-nowrap', text: C.time(w.modifiedUtc) })
      ]));
    });
    var total = result && result.total || 0;
    var pages = Math.max(1, Math.ceil(total / pageSize));
    pager.innerHTML = '';
    if (page > 1) pager.appendChild(C.el('a', { className: 'btn btn-sm btn-outline-secondary', href: '?' + query(page - 1), text: t('上一页') }));
    pager.appendChild(C.el('span', { className: 'small text-body-secondary', text: t('第 {0} 页，共 {1} 条', page, total) }));
    if (page < pages) pager.appendChild(C.el('a', { className: 'btn btn-sm btn-outline-secondary', href: '?' + query(page + 1), text: t('下一页') }));
  }

  var q = query(page);
  q.set('pageSize', String(pageSize));
  C.api('GET', '/api/workflows?' + q).then(render).catch(function (e) {
    body.innerHTML = '';
    C.message('danger', t('加载失败：') + e.message);
  });
})();
