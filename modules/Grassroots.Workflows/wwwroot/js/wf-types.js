// The workflow type list: rows from /api/workflow-types; import, export, enable and disable.
(function () {
  'use strict';
  var C = window.WfCommon;
  var t = C.t;
  var body = document.getElementById('wf-types');
  if (!body) return;

  function button(cls, icon, text, attrs) {
    var b = C.el(attrs && attrs.href ? 'a' : 'button', Object.assign({ className: 'btn btn-sm ' + cls, type: attrs && attrs.href ? null : 'button' }, attrs || {}),
      [C.el('i', { className: 'bi ' + icon + ' me-1', 'aria-hidden': 'true' }), text]);
    return b;
  }

  function render(list) {
    body.innerHTML = '';
    if (!list || !list.length) {
      body.appendChild(C.el('tr', {}, [C.el('td', { colspan: 7, className: 'text-body-secondary', text: t('暂无工作流类型。') })]));
      return;
    }
    list.forEach(function (w) {
      var id = encodeURIComponent(w.id);
      var toggle = button(w.isEnabled ? 'btn-outline-warning' : 'btn-outline-success', w.isEnabled ? 'bi-pause-circle' : 'bi-play-circle',
        w.isEnabled ? t('停用') : t('启用'), { 'data-toggle-id': w.id });
      toggle.addEventListener('click', function () {
        C.api('POST', '/api/workflow-types/' + id + (w.isEnabled ? '/disable' : '/enable')).then(function () {
          C.message('success', w.isEnabled ? t('已停用') : t('已启用'));
          load();
        }).catch(function (e) { C.message('danger', t('操作失败：') + e.message); });
      });
      body.appendChild(C.el('tr', { 'data-id': w.id }, [
        C.el('td', {}, [C.el('a', { href: '/admin/workflows/types/' + id + '/edit', className: 'fw-semibold', text: w.name || w.id })]),
        C.el('td', {}, [C.el('code', { text: w.id })]),
        C.el('td', { text: String(w.latestVersion) }),
        C.el('td', {}, [C.el('span', { className: 'badge ' + (w.isEnabled ? 'text-bg-success' : 'text-bg-secondary'), text: w.isEnabled ? t('已启用') : t('已停用') })]),
        C.el('td', { text: String(w.runningCount || 0) }),
        C.el('td', { className: 'text-nowrap', text: C.time(w.modifiedUtc) }),
        C.el('td', {}, [C.el('div', { className: 'd-flex flex-wrap gap-1' }, [
          button('btn-outline-primary', 'bi-pencil', t('编辑'), { href: '/admin/workflows/types/' + id + '/edit' }),
          button('btn-outline-secondary', 'bi-list-check', t('实例'), { href: '/admin/workflows/instances?type=' + id }),
          button('btn-outline-secondary', 'bi-download', t('导出'), { href: '/api/workflow-types/' + id + '/export', download: w.id + '.json' }),
          toggle
        ])])
      ]));
    });
  }

  function load() {
    return C.api('GET', '/api/workflow-types').then(render).catch(function (e) {
      body.innerHTML = '';
      C.message('danger', t('加载失败：') + e.message);
    });
  }

  document.getElementById('wf-import-file').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    file.text().then(function (text) {
      try { JSON.parse(text); } catch (err) { C.message('danger', t('文件不是有效的 JSON。')); return; }
      C.api('POST', '/api/workflow-types/import', text).then(function (saved) {
        C.message('success', t('已导入第 {0} 版', saved && saved.version || ''));
        load();
      }).catch(function (err) {
        var details = err.body && err.body.errors ? Object.keys(err.body.errors).map(function (k) { return err.body.errors[k].join(' '); }).join(' ') : '';
        C.message('danger', t('导入失败：') + err.message + (details ? ' ' + details : ''));
      });
    });
  });

  load();
})();
