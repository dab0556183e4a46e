// The instance viewer: the graph of the instance's version (read-only) with the executed path and the current blocking
// activities marked, the history, input and properties, the fault; cancel and retry.
(function () {
  'use strict';
  var C = window.WfCommon;
  var t = C.t;
  var root = document.getElementById('wf-viewer');
  if (!root || !window.X6) return;
  C.register();
  var id = root.getAttribute('data-id');
  var canvas = document.getElementById('wf-canvas');
  var descriptors = {};

  var graph = new X6.Graph({
    container: canvas,
    autoResize: true,
    grid: { visible: true, size: 10 },
    panning: { enabled: true },
    mousewheel: { enabled: true, modifiers: ['ctrl', 'meta'], minScale: 0.3, maxScale: 2.5 },
    interacting: false
  });
  document.getElementById('wf-zoom-in').addEventListener('click', function () { graph.zoom(0.1); });
  document.getElementById('wf-zoom-out').addEventListener('click', function () { graph.zoom(-0.1); });
  document.getElementById('wf-fit').addEventListener('click', fit);
  function fit() { if (graph.getNodes().length) graph.zoomToFit({ padding: 30, maxScale: 1.2 }); }

  // What a history row without outcomes means.
  var kindTexts = { blocked: t('等待中'), faulted: t('出错'), cancelled: t('已取消') };

  function kindOf(entry) { return String(entry.kind || '').toLowerCase(); }

  function displayName(type) {
    var d = descriptors[type];
    return d ? d.displayName : type;
  }

  function drawGraph(definition, instance) {
    graph.clearCells();
    var history = instance.history || [];
    var executed = {};
    var ran = {};
    history.forEach(function (h) {
      ran[h.activityId] = true;
      var k = kindOf(h);
      if (k === 'executed' || k === 'resumed') {
        executed[h.activityId] = executed[h.activityId] || {};
        (h.outcomes || []).forEach(function (o) { executed[h.activityId][o] = true; });
        executed[h.activityId].$ = true;
      }
    });
    var blocking = {};
    (instance.blockings || []).forEach(function (b) { blocking[b.activityId] = true; });
    var transitions = definition.transitions || [];
    (definition.activities || []).forEach(function (a) {
      var descriptor = descriptors[a.type];
      if (!descriptor) {
        var outs = transitions.filter(function (x) { return x.sourceId === a.id; }).map(function (x) { return x.outcome; });
        descriptor = { displayName: a.type, category: '', properties: [], outcomes: outs.filter(function (o, i) { return outs.indexOf(o) === i; }).map(function (o) { return { name: o, displayName: o }; }) };
      }
      var cfg = C.nodeConfig(descriptor, a);
      var done = !!executed[a.id];
      var waits = !!blocking[a.id];
      var faulted = instance.faultedActivityId === a.id && C.statusKey(instance.status) === 'faulted';
      cfg.attrs.body.fill = faulted ? '#f8d7da' : waits ? '#fff3cd' : done ? '#d1e7dd' : '#ffffff';
      cfg.attrs.body.stroke = faulted ? '#dc3545' : waits ? '#fd7e14' : done ? '#198754' : '#adb5bd';
      cfg.attrs.body.strokeWidth = done || waits || faulted ? 3 : 1.5;
      cfg.attrs.body['data-executed'] = done ? 'true' : 'false';
      cfg.attrs.body['data-blocking'] = waits ? 'true' : 'false';
      if (faulted) cfg.attrs.body['data-faulted'] = 'true';
      graph.addNode(cfg);
    });
    transitions.forEach(function (x) {
      var source = graph.getCellById(x.sourceId);
      if (!source || !graph.getCellById(x.destinationId) || !source.hasPort('out:' + x.outcome)) return;
      var cfg = C.edgeConfig(x);
      var taken = executed[x.sourceId] && executed[x.sourceId][x.outcome] && ran[x.destinationId];
      cfg.attrs.line.stroke = taken ? '#198754' : '#adb5bd';
      cfg.attrs.line.strokeWidth = taken ? 3 : 1.5;
      cfg.attrs.line['data-executed'] = taken ? 'true' : 'false';
      graph.addEdge(cfg);
    });
    setTimeout(fit, 50);
  }

  function render(result) {
    var instance = result.instance || {};
    var definition = result.definition || { activities: [], transitions: [] };
    var status = C.statusKey(instance.status);
    root.setAttribute('data-status', status);
    document.getElementById('wf-type').textContent = (definition.name || instance.workflowTypeId || '') + ' · ' + t('版本') + ' ' + (instance.workflowTypeVersion || definition.version || '');
    var badge = document.getElementById('wf-status');
    badge.className = 'badge ' + C.statusClass(status);
    badge.textContent = C.statusText(status);
    document.getElementById('wf-correlation').textContent = instance.correlationId || '';
    var blocking = (instance.blockings || []).map(function (b) {
      var a = (definition.activities || []).filter(function (x) { return x.id === b.activityId; })[0];
      var title = a ? C.titleLine(descriptors[a.type], a.properties) : '';
      return displayName(b.activityType) + (title ? '：' + title : '') + (b.dueUtc ? ' (' + t('截止') + ' ' + C.time(b.dueUtc) + ')' : '');
    });
    document.getElementById('wf-blocking').textContent = blocking.length ? blocking.join('；') : t('无');
    var fault = document.getElementById('wf-fault');
    fault.classList.toggle('d-none', !instance.faultMessage);
    fault.textContent = instance.faultMessage || '';

    var cancel = document.getElementById('wf-cancel');
    var retry = document.getElementById('wf-retry');
    if (cancel) cancel.classList.toggle('d-none', ['running', 'waiting', 'faulted'].indexOf(status) < 0);
    if (retry) retry.classList.toggle('d-none', status !== 'faulted');

    var body = document.getElementById('wf-history');
    body.innerHTML = '';
    (instance.history || []).forEach(function (h) {
      var a = (definition.activities || []).filter(function (x) { return x.id === h.activityId; })[0];
      var title = a ? C.titleLine(descriptors[a.type], a.properties) : '';
      body.appendChild(C.el('tr', { 'data-activity-id': h.activityId, 'data-kind': kindOf(h) }, [
        C.el('td', { className: 'text-nowrap', text: C.time(h.executedUtc) }),
        C.el('td', { text: displayName(h.activityType) + (title ? '：' + title : '') }),
        C.el('td', { text: (h.outcomes || []).map(function (o) {
          var known = a ? C.outcomesOf(descriptors[a.type], a.properties).filter(function (x) { return x.name === o; })[0] : null;
          return known ? known.displayName : o;
        }).join('、') || kindTexts[kindOf(h)] || '' }),
        C.el('td', { text: h.user || '' }),
        C.el('td', { text: h.comment || '' }),
        C.el('td', { className: 'small', text: h.message || '' })
      ]));
    });
    document.getElementById('wf-input').textContent = JSON.stringify(instance.input === undefined ? null : instance.input, null, 2);
    document.getElementById('wf-properties').textContent = JSON.stringify(instance.properties || {}, null, 2);
    drawGraph(definition, instance);
    root.setAttribute('data-ready', 'true');
  }

  function load() {
    return C.api('GET', '/api/workflows/' + encodeURIComponent(id)).then(render).catch(function (e) {
      C.message('danger', t('加载失败：') + e.message);
    });
  }

  function action(name, confirmText, done) {
    var b = document.getElementById('wf-' + name);
    if (!b) return;
    b.addEventListener('click', function () {
      if (confirmText && !window.confirm(confirmText)) return;
      b.disabled = true;
      C.api('POST', '/api/workflows/' + encodeURIComponent(id) + '/' + name).then(function () {
        C.message('success', done);
        return load();
      }).catch(function (e) {
        C.message('danger', t('操作失败：') + e.message);
      }).then(function () { b.disabled = false; });
    });
  }
  action('cancel', t('确定取消这个实例吗？'), t('已取消实例。'));
  action('retry', null, t('已重新运行。'));

  C.api('GET', '/api/workflow-activities').then(function (list) {
    (list || []).forEach(function (a) { descriptors[a.name] = a; });
  }).catch(function () { /* names fall back to activity types */ }).then(load);
})();
