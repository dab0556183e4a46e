// The workflow designer: palette → X6 canvas → generated property form; validation; save as a new version; import/export.
(function () {
  'use strict';
  var C = window.WfCommon;
  var t = C.t;
  var root = document.getElementById('wf-designer');
  if (!root || !window.X6) return;
  C.register();

  var state = {
    id: root.getAttribute('data-id') || '',
    isNew: root.getAttribute('data-new') === 'true',
    version: 0,
    isEnabled: true,
    descriptors: {},
    contentTypes: JSON.parse(root.getAttribute('data-content-types') || '[]'),
    roles: JSON.parse(root.getAttribute('data-roles') || '[]'),
    selected: null,
    counter: 0
  };
  var nameInput = document.getElementById('wf-name');
  var idInput = document.getElementById('wf-id');
  var canvas = document.getElementById('wf-canvas');
  var form = document.getElementById('wf-form');
  var palette = document.getElementById('wf-palette');
  var errorList = document.getElementById('wf-errors');
  var versionBadge = document.getElementById('wf-version');
  var ID_PATTERN = /^[a-z0-9_-]{1,64}$/;
  var ORG_LEVELS = [['same', '同村(社区)'], ['parent', '上级镇(街道)'], ['county', '县'], ['assigned', '已指派单位']];

  // ---- graph ----
  var graph = new X6.Graph({
    container: canvas,
    autoResize: true,
    grid: { visible: true, size: 10 },
    panning: { enabled: true, eventTypes: ['leftMouseDown'] },
    mousewheel: { enabled: true, modifiers: ['ctrl', 'meta'], minScale: 0.3, maxScale: 2.5 },
    connecting: {
      snap: { radius: 24 },
      allowBlank: false,
      allowLoop: false,
      allowNode: true,
      allowEdge: false,
      allowMulti: 'withPort',
      highlight: true,
      router: { name: 'manhattan', args: { padding: 12 } },
      connector: { name: 'rounded' },
      createEdge: function () {
        return this.createEdge({ attrs: { line: { stroke: '#6c757d', strokeWidth: 1.5, targetMarker: { name: 'block', width: 8, height: 6 } } }, zIndex: 0 });
      },
      validateMagnet: function (args) { return args.magnet.getAttribute('port-group') === 'out'; },
      validateConnection: function (args) {
        if (!args.targetCell || !args.targetCell.isNode() || args.targetCell === args.sourceCell) return false;
        return !args.targetMagnet || args.targetMagnet.getAttribute('port-group') === 'in';
      }
    },
    highlighting: {
      magnetAvailable: { name: 'stroke', args: { attrs: { stroke: '#0d6efd', strokeWidth: 3 } } },
      magnetAdsorbed: { name: 'stroke', args: { attrs: { stroke: '#198754', strokeWidth: 4 } } }
    }
  });
  var selection = new X6.Selection({ enabled: true, multiple: true, rubberband: false, showNodeSelectionBox: false, showEdgeSelectionBox: false });
  var keyboard = new X6.Keyboard({ enabled: true, global: false });
  var history = new X6.History({ enabled: true });
  graph.use(selection);
  graph.use(new X6.Snapline({ enabled: true }));
  graph.use(keyboard);
  graph.use(history);
  var dnd = new X6.Dnd({
    target: graph,
    getDropNode: function (dragging) {
      var data = dragging.getData();
      return graph.createNode(nodeFor({ id: newId(data.type), type: data.type, properties: data.properties, isStart: false }));
    }
  });

  function deleteSelected() {
    var cells = selection.getSelectedCells();
    if (cells.length) {
      graph.removeCells(cells);
      select(null);
      refreshAll();
    }
    return false;
  }
  keyboard.bindKey(['delete', 'backspace'], deleteSelected);
  keyboard.bindKey(['ctrl+z', 'meta+z'], function () { history.undo(); return false; });
  keyboard.bindKey(['ctrl+y', 'meta+shift+z'], function () { history.redo(); return false; });

  document.getElementById('wf-zoom-in').addEventListener('click', function () { graph.zoom(0.1); });
  document.getElementById('wf-zoom-out').addEventListener('click', function () { graph.zoom(-0.1); });
  document.getElementById('wf-fit').addEventListener('click', fit);
  document.getElementById('wf-undo').addEventListener('click', function () { history.undo(); refreshAll(); });
  document.getElementById('wf-redo').addEventListener('click', function () { history.redo(); refreshAll(); });
  document.getElementById('wf-delete').addEventListener('click', deleteSelected);

  function fit() {
    if (graph.getNodes().length) graph.zoomToFit({ padding: 30, maxScale: 1.2 });
  }

  graph.on('node:click', function (e) { select(e.node); canvas.focus({ preventScroll: true }); });
  graph.on('blank:click', function () { select(null); });
  graph.on('edge:click', function () { canvas.focus({ preventScroll: true }); });
  graph.on('edge:connected', function (e) {
    var edge = e.edge;
    var port = edge.getSourcePortId() || '';
    var target = edge.getTargetCell();
    if (target && edge.getTargetPortId() !== 'in') edge.setTarget({ cell: target.id, port: 'in' });
    edge.setData({ outcome: port.slice(4) }, { overwrite: true });
    afterChange();
  });
  graph.on('cell:removed', function (e) {
    if (state.selected && e.cell === state.selected) select(null);
    else afterChange();
  });
  graph.on('node:moved', function () { if (state.selected) renderConnections(); });
  // A dropped or added activity is selected at once so that its form opens.
  graph.on('node:added', function (e) {
    if (state.loading) return;
    selection.reset(e.node);
    select(e.node);
    afterChange();
  });

  // ---- activities ----
  function descriptorOf(type) {
    return state.descriptors[type] || null;
  }

  function newId(type) {
    var base = String(type || 'activity').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    var id;
    do { state.counter += 1; id = base + '-' + state.counter; } while (graph.getCellById(id));
    return id;
  }

  function defaults(descriptor) {
    var properties = {};
    (descriptor.properties || []).forEach(function (p) {
      if (p['default'] !== null && p['default'] !== undefined && p['default'] !== '') properties[p.name] = String(p['default']);
    });
    return properties;
  }

  // A pseudo descriptor for an activity type the server does not know (so that its edges survive).
  function unknownDescriptor(type, outcomes) {
    return { name: type, displayName: type, category: '?', isEvent: false, unknown: true, properties: [],
      outcomes: outcomes.map(function (o) { return { name: o, displayName: o }; }) };
  }

  function nodeFor(activity) {
    return C.nodeConfig(descriptorOf(activity.type), activity);
  }

  function addActivity(type, x, y) {
    var descriptor = descriptorOf(type);
    return graph.addNode(nodeFor({ id: newId(type), type: type, properties: defaults(descriptor), x: x, y: y, isStart: false }));
  }

  function buildPalette(list) {
    palette.innerHTML = '';
    var groups = {};
    var order = [];
    list.forEach(function (a) {
      var cat = a.category || '';
      if (!groups[cat]) { groups[cat] = []; order.push(cat); }
      groups[cat].push(a);
    });
    order.forEach(function (cat) {
      var section = C.el('div', { className: 'wf-palette-group mb-2' }, [C.el('div', { className: 'small fw-semibold text-body-secondary mb-1', text: cat })]);
      groups[cat].forEach(function (a) {
        var item = C.el('button', {
          type: 'button', className: 'wf-palette-item btn btn-sm btn-light border text-start w-100 mb-1',
          'data-activity': a.name, title: a.description || a.displayName
        }, [C.el('i', { className: 'bi ' + (a.isEvent ? 'bi-lightning-charge text-warning' : 'bi-gear text-secondary') + ' me-1', 'aria-hidden': 'true' }), a.displayName]);
        var moved = false;
        item.addEventListener('mousedown', function (e) {
          if (e.button !== 0) return;
          moved = false;
          var start = { x: e.clientX, y: e.clientY };
          var onMove = function (m) { if (Math.abs(m.clientX - start.x) + Math.abs(m.clientY - start.y) > 4) moved = true; };
          document.addEventListener('mousemove', onMove);
          document.addEventListener('mouseup', function up() {
            document.removeEventListener('mousemove', onMove);
            document.removeEventListener('mouseup', up);
          });
          var drag = graph.createNode(C.nodeConfig(a, { id: 'dragging-' + Date.now(), type: a.name, properties: defaults(a) }));
          dnd.start(drag, e);
        });
        // A click (or Enter) adds the activity at the middle of the visible canvas: works on phones and keyboards.
        item.addEventListener('click', function () {
          if (moved) { moved = false; return; }
          var rect = canvas.getBoundingClientRect();
          var p = graph.clientToLocal(rect.left + rect.width / 2 - 90, rect.top + rect.height / 2 - 32);
          var shift = (graph.getNodes().length % 6) * 24;
          addActivity(a.name, Math.round(p.x + shift), Math.round(p.y + shift));
        });
        section.appendChild(item);
      });
      palette.appendChild(section);
    });
  }

  // Updates a node's texts, width and outcome ports from its data; drops edges of outcomes that vanished.
  function refreshNode(node) {
    var data = node.getData() || {};
    var descriptor = descriptorOf(data.type);
    var cfg = C.nodeConfig(descriptor || unknownDescriptor(data.type, node.getPortsByGroup('out').map(function (p) { return p.id.slice(4); })),
      { id: node.id, type: data.type, properties: data.properties || {}, isStart: data.isStart });
    var wanted = cfg.ports.items.filter(function (p) { return p.group === 'out'; });
    var wantedIds = wanted.map(function (p) { return p.id; });
    node.getPortsByGroup('out').forEach(function (p) {
      if (wantedIds.indexOf(p.id) < 0) {
        graph.getConnectedEdges(node, { outgoing: true }).forEach(function (edge) {
          if (edge.getSourcePortId() === p.id) edge.remove();
        });
        node.removePort(p.id);
      }
    });
    wanted.forEach(function (p) {
      if (!node.hasPort(p.id)) node.addPort(p);
      else node.setPortProp(p.id, 'attrs/text/text', p.attrs.text.text);
    });
    var size = node.getSize();
    if (size.width !== cfg.width) node.resize(cfg.width, size.height);
    node.attr('kind/text', cfg.attrs.kind.text);
    node.attr('label/text', cfg.attrs.label.text);
    node.attr('title/text', cfg.attrs.title.text);
  }

  function setProperty(node, name, value) {
    var data = node.getData() || {};
    var properties = Object.assign({}, data.properties || {});
    if (value === null || value === undefined || value === '') delete properties[name];
    else properties[name] = value;
    node.setData(Object.assign({}, data, { properties: properties }), { overwrite: true });
  }

  function endedOf(node) {
    return C.splitList(C.propString((node.getData() || {}).properties, 'endedOutcomes'));
  }

  function refreshAll() {
    graph.getNodes().forEach(refreshNode);
    afterChange();
  }

  function afterChange() {
    if (state.selected) renderConnections();
    if (errorList.childElementCount) showErrors(validate());
  }

  // ---- the property form ----
  function select(node) {
    state.selected = node;
    renderForm();
  }

  function field(label, control, id, hint) {
    return C.el('div', { className: 'mb-2' }, [
      C.el('label', { className: 'form-label small mb-1', 'for': id, text: label }),
      control,
      hint ? C.el('div', { className: 'form-text', text: hint }) : null
    ]);
  }

  function options(select, list, current, withEmpty) {
    if (withEmpty) select.appendChild(C.el('option', { value: '', text: t('请选择') }));
    list.forEach(function (o) {
      select.appendChild(C.el('option', { value: o.value, text: o.text, selected: o.value === current }));
    });
    if (current && !list.some(function (o) { return o.value === current; })) {
      select.appendChild(C.el('option', { value: current, text: current, selected: true }));
    }
    return select;
  }

  function propertyControl(node, p, properties) {
    var id = 'wf-prop-' + p.name;
    var value = C.propString(properties, p.name);
    var input;
    var mono = p.kind === 'expression' || p.kind === 'liquid' || p.kind === 'script';
    switch (p.kind) {
      case 'multiline':
      case 'headers':
      case 'expression':
      case 'liquid':
      case 'script':
        input = C.el('textarea', { className: 'form-control form-control-sm' + (mono ? ' font-monospace wf-code' : ''), rows: mono ? 5 : 3, spellcheck: mono ? 'false' : null });
        input.value = value;
        break;
      case 'number':
        input = C.el('input', { type: 'number', className: 'form-control form-control-sm', step: 'any' });
        input.value = value;
        break;
      case 'boolean':
        input = C.el('input', { type: 'checkbox', className: 'form-check-input', id: id, name: p.name, checked: value === 'true' });
        input.addEventListener('change', function () { setProperty(node, p.name, input.checked ? 'true' : 'false'); refreshNode(node); afterChange(); });
        return C.el('div', { className: 'form-check mb-2' }, [input, C.el('label', { className: 'form-check-label small', 'for': id, text: p.displayName }),
          p.hint ? C.el('div', { className: 'form-text', text: p.hint }) : null]);
      case 'select':
        input = options(C.el('select', { className: 'form-select form-select-sm' }),
          (p.options || []).map(function (o) { return { value: o.name, text: o.displayName }; }), value, !p.required || !value);
        break;
      case 'orgLevel':
        input = options(C.el('select', { className: 'form-select form-select-sm' }),
          ORG_LEVELS.map(function (o) { return { value: o[0], text: t(o[1]) }; }), value, true);
        break;
      case 'role':
        input = options(C.el('select', { className: 'form-select form-select-sm' }), state.roles, value, true);
        break;
      case 'contentType':
        input = C.el('select', { className: 'form-select form-select-sm', multiple: true, size: Math.min(5, Math.max(2, state.contentTypes.length)) });
        var chosen = C.splitList(value);
        state.contentTypes.forEach(function (o) { input.appendChild(C.el('option', { value: o.value, text: o.text + ' (' + o.value + ')', selected: chosen.indexOf(o.value) >= 0 })); });
        input.addEventListener('change', function () {
          setProperty(node, p.name, Array.prototype.filter.call(input.options, function (o) { return o.selected; }).map(function (o) { return o.value; }).join(','));
          refreshNode(node);
          afterChange();
        });
        input.id = id;
        input.name = p.name;
        input.setAttribute('data-kind', p.kind);
        return field(p.displayName + (p.required ? ' *' : ''), input, id, p.hint);
      default: // text, user, outcomes
        input = C.el('input', { type: 'text', className: 'form-control form-control-sm' });
        input.value = value;
    }
    input.id = id;
    input.name = p.name;
    input.setAttribute('data-kind', p.kind);
    if (p.required) input.setAttribute('aria-required', 'true');
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', function () {
      setProperty(node, p.name, input.value);
      refreshNode(node);
      afterChange();
    });
    return field(p.displayName + (p.required ? ' *' : ''), input, id, p.hint);
  }

  function renderForm() {
    form.innerHTML = '';
    var node = state.selected;
    if (!node || !node.isNode()) {
      form.appendChild(C.el('p', { className: 'small text-body-secondary', text: t('请选择画布上的活动以编辑属性。') }));
      return;
    }
    var data = node.getData() || {};
    var descriptor = descriptorOf(data.type) || unknownDescriptor(data.type, []);
    var properties = data.properties || {};
    form.appendChild(C.el('div', { className: 'fw-semibold', text: descriptor.displayName }));
    if (descriptor.description) form.appendChild(C.el('div', { className: 'small text-body-secondary mb-1', text: descriptor.description }));
    form.appendChild(C.el('div', { className: 'small mb-2' }, [t('活动标识') + ': ', C.el('code', { text: node.id })]));

    if ((descriptor.isEvent && descriptor.canStart) || data.isStart) {
      var start = C.el('input', { type: 'checkbox', className: 'form-check-input', id: 'wf-is-start', checked: !!data.isStart });
      start.addEventListener('change', function () {
        if (start.checked) {
          graph.getNodes().forEach(function (n) {
            if (n !== node && (n.getData() || {}).isStart) { n.setData(Object.assign({}, n.getData(), { isStart: false }), { overwrite: true }); refreshNode(n); }
          });
        }
        node.setData(Object.assign({}, node.getData(), { isStart: start.checked }), { overwrite: true });
        refreshNode(node);
        afterChange();
      });
      form.appendChild(C.el('div', { className: 'form-check mb-2' }, [start, C.el('label', { className: 'form-check-label', 'for': 'wf-is-start', text: t('设为开始活动') })]));
    }

    var hasSyntax = (descriptor.properties || []).some(function (p) { return p.name === 'Syntax'; });
    var syntaxShown = false;
    (descriptor.properties || []).forEach(function (p) {
      if (p.kind === 'expression' && !hasSyntax && !syntaxShown) {
        syntaxShown = true;
        var syntax = options(C.el('select', { className: 'form-select form-select-sm', id: 'wf-prop-Syntax', name: 'Syntax' }),
          [{ value: 'javascript', text: 'JavaScript' }, { value: 'liquid', text: 'Liquid' }], (C.propString(properties, 'Syntax') || 'javascript').toLowerCase(), false);
        syntax.addEventListener('change', function () { setProperty(node, 'Syntax', syntax.value); });
        form.appendChild(field(t('语法'), syntax, 'wf-prop-Syntax'));
      }
      form.appendChild(propertyControl(node, p, properties));
    });

    form.appendChild(C.el('h3', { className: 'h6 mt-3', text: t('结果') }));
    form.appendChild(C.el('div', { id: 'wf-connections' }));
    renderConnections();

    var remove = C.el('button', { type: 'button', className: 'btn btn-sm btn-outline-danger mt-2', id: 'wf-remove-activity' },
      [C.el('i', { className: 'bi bi-trash me-1', 'aria-hidden': 'true' }), t('删除活动')]);
    remove.addEventListener('click', function () { node.remove(); select(null); afterChange(); });
    form.appendChild(remove);
  }

  // One row per outcome: where it leads (select, an alternative to drawing the edge) and "deliberately ended".
  function renderConnections() {
    var box = document.getElementById('wf-connections');
    var node = state.selected;
    if (!box || !node) return;
    box.innerHTML = '';
    var data = node.getData() || {};
    var outcomes = node.getPortsByGroup('out').map(function (p) { return { name: p.id.slice(4), label: ((p.attrs || {}).text || {}).text || p.id.slice(4) }; });
    var descriptor = descriptorOf(data.type);
    if (descriptor) outcomes = C.outcomesOf(descriptor, data.properties).map(function (o) { return { name: o.name, label: o.displayName }; });
    if (!outcomes.length) {
      box.appendChild(C.el('p', { className: 'small text-body-secondary', text: t('无') }));
      return;
    }
    var ended = endedOf(node);
    var others = graph.getNodes().filter(function (n) { return n !== node; });
    outcomes.forEach(function (o, index) {
      var edges = graph.getConnectedEdges(node, { outgoing: true }).filter(function (e) { return e.getSourcePortId() === 'out:' + o.name; });
      var current = edges.length ? edges[0].getTargetCellId() : '';
      var sel = C.el('select', { className: 'form-select form-select-sm', id: 'wf-out-' + index, 'data-outcome': o.name });
      sel.appendChild(C.el('option', { value: '', text: t('— 未连接 —') }));
      others.forEach(function (n) {
        var d = n.getData() || {};
        var desc = descriptorOf(d.type);
        var title = C.titleLine(desc, d.properties);
        sel.appendChild(C.el('option', { value: n.id, selected: n.id === current, text: (desc ? desc.displayName : d.type) + (title ? '：' + title : '') + ' (' + n.id + ')' }));
      });
      sel.addEventListener('change', function () {
        edges.forEach(function (e) { e.remove(); });
        if (sel.value) {
          graph.addEdge(C.edgeConfig({ sourceId: node.id, outcome: o.name, destinationId: sel.value }));
        }
        afterChange();
      });
      var endedBox = C.el('input', { type: 'checkbox', className: 'form-check-input', id: 'wf-ended-' + index, 'data-ended': o.name, checked: ended.indexOf(o.name) >= 0 });
      endedBox.addEventListener('change', function () {
        var list = endedOf(node).filter(function (n) { return n !== o.name; });
        if (endedBox.checked) list.push(o.name);
        setProperty(node, 'endedOutcomes', list.join(','));
        if (errorList.childElementCount) showErrors(validate());
      });
      box.appendChild(C.el('div', { className: 'border rounded p-2 mb-2 wf-outcome', 'data-outcome': o.name }, [
        C.el('label', { className: 'form-label small fw-semibold mb-1', 'for': 'wf-out-' + index, text: o.label + ' → ' + t('连接到') }),
        sel,
        C.el('div', { className: 'form-check mt-1 mb-0' }, [endedBox, C.el('label', { className: 'form-check-label small', 'for': 'wf-ended-' + index, text: t('有意结束') })])
      ]));
    });
  }

  // ---- definition <-> graph ----
  function toDefinition() {
    var activities = graph.getNodes().map(function (n) {
      var d = n.getData() || {};
      var p = n.getPosition();
      return { id: n.id, type: d.type, properties: d.properties || {}, x: Math.round(p.x), y: Math.round(p.y), isStart: !!d.isStart };
    });
    var transitions = graph.getEdges().filter(function (e) { return e.getSourceCellId() && e.getTargetCellId(); }).map(function (e) {
      return { sourceId: e.getSourceCellId(), outcome: (e.getSourcePortId() || '').slice(4), destinationId: e.getTargetCellId() };
    });
    return { id: idInput.value.trim(), name: nameInput.value.trim(), version: state.version, isEnabled: state.isEnabled, activities: activities, transitions: transitions };
  }

  function load(definition) {
    state.loading = true;
    graph.clearCells();
    select(null);
    nameInput.value = definition.name || '';
    if (state.isNew && definition.id && !idInput.value) idInput.value = definition.id;
    state.version = definition.version || 0;
    state.isEnabled = definition.isEnabled !== false;
    var transitions = definition.transitions || [];
    (definition.activities || []).forEach(function (a) {
      var descriptor = descriptorOf(a.type);
      if (!descriptor) {
        var outs = transitions.filter(function (x) { return x.sourceId === a.id; }).map(function (x) { return x.outcome; });
        descriptor = unknownDescriptor(a.type, outs.filter(function (o, i) { return outs.indexOf(o) === i; }));
      }
      graph.addNode(C.nodeConfig(descriptor, a));
    });
    transitions.forEach(function (x) {
      var source = graph.getCellById(x.sourceId);
      if (source && graph.getCellById(x.destinationId) && source.hasPort('out:' + x.outcome)) graph.addEdge(C.edgeConfig(x));
    });
    state.loading = false;
    history.clean();
    showVersion();
    showErrors({});
    setTimeout(fit, 50);
  }

  function showVersion() {
    versionBadge.textContent = state.version ? t('版本') + ' ' + state.version : '';
  }

  // ---- validation (mirrors the server's) ----
  function validate() {
    var errors = {};
    function add(key, text) { (errors[key] = errors[key] || []).push(text); }
    if (!nameInput.value.trim()) add('$', t('请填写名称。'));
    if (!ID_PATTERN.test(idInput.value.trim())) add('$', t('标识只能包含小写字母、数字、“-”和“_”。'));
    var nodes = graph.getNodes();
    var starts = nodes.filter(function (n) { return (n.getData() || {}).isStart; });
    if (starts.length !== 1) add('$', t('必须有且只有一个开始活动。'));
    nodes.forEach(function (n) {
      var d = n.getData() || {};
      var descriptor = descriptorOf(d.type);
      if (!descriptor) { add(n.id, t('未知的活动类型“{0}”。', d.type)); return; }
      if (d.isStart && !descriptor.isEvent) add(n.id, t('只有事件可以设为开始活动。'));
      else if (d.isStart && !descriptor.canStart) add(n.id, t('“{0}”要在流程中等待办理，不能设为开始活动。', descriptor.displayName));
      (descriptor.properties || []).forEach(function (p) {
        if (p.required && !C.propString(d.properties, p.name).trim()) add(n.id, t('“{0}”为必填项。', p.displayName));
      });
      var ended = endedOf(n);
      var edges = graph.getConnectedEdges(n, { outgoing: true });
      C.outcomesOf(descriptor, d.properties).forEach(function (o) {
        var connected = edges.some(function (e) { return e.getSourcePortId() === 'out:' + o.name && e.getTargetCellId(); });
        if (!connected && ended.indexOf(o.name) < 0) add(n.id, t('结果“{0}”没有连接，也没有勾选“有意结束”。', o.displayName));
      });
    });
    return errors;
  }

  function showErrors(errors) {
    errorList.innerHTML = '';
    graph.getNodes().forEach(function (n) {
      var bad = !!errors[n.id];
      n.attr('body/stroke', bad ? '#dc3545' : '#6c757d');
      n.attr('body/strokeWidth', bad ? 3 : 1.5);
      n.attr('body/data-invalid', bad ? 'true' : null);
    });
    Object.keys(errors).forEach(function (key) {
      var node = graph.getCellById(key);
      var prefix = '';
      if (node && node.isNode()) {
        var d = node.getData() || {};
        var desc = descriptorOf(d.type);
        prefix = (desc ? desc.displayName : d.type) + ' (' + key + ')：';
      } else if (key !== '$' && key !== '') {
        prefix = key + '：';
      }
      (errors[key] || []).forEach(function (text) {
        var li = C.el('li', { 'data-key': key }, [C.el('i', { className: 'bi bi-exclamation-circle me-1', 'aria-hidden': 'true' }), prefix + text]);
        if (node) {
          li.classList.add('wf-error-link');
          li.addEventListener('click', function () { selection.reset(node); select(node); graph.centerCell(node); });
        }
        errorList.appendChild(li);
      });
    });
  }

  // ---- save, import, export ----
  document.getElementById('wf-save').addEventListener('click', function () {
    var errors = validate();
    showErrors(errors);
    if (Object.keys(errors).length) {
      C.message('danger', t('保存失败，请修正标出的错误。'));
      return;
    }
    var definition = toDefinition();
    C.message('', '');
    C.api('PUT', '/api/workflow-types/' + encodeURIComponent(definition.id), definition).then(function (saved) {
      state.version = saved && saved.version || state.version + 1;
      showVersion();
      C.message('success', t('已保存第 {0} 版', state.version));
      if (state.isNew) {
        state.isNew = false;
        root.setAttribute('data-new', 'false');
        idInput.readOnly = true;
        var heading = document.getElementById('wf-heading');
        if (heading) heading.textContent = heading.getAttribute('data-saved-title');
        window.history.replaceState(null, '', '/admin/workflows/types/' + encodeURIComponent(definition.id) + '/edit');
      }
    }).catch(function (error) {
      if (error.status === 400 && error.body && error.body.errors) {
        showErrors(error.body.errors);
        C.message('danger', t('保存失败，请修正标出的错误。'));
      } else {
        C.message('danger', t('操作失败：') + error.message);
      }
    });
  });

  document.getElementById('wf-export').addEventListener('click', function () {
    var definition = toDefinition();
    var blob = new Blob([JSON.stringify(definition, null, 2)], { type: 'application/json' });
    var a = C.el('a', { href: URL.createObjectURL(blob), download: (definition.id || 'workflow') + '.json' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  document.getElementById('wf-import-file').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var definition;
      try { definition = JSON.parse(text); } catch (err) { C.message('danger', t('文件不是有效的 JSON。')); return; }
      load(definition);
      C.message('info', file.name);
    });
    e.target.value = '';
  });

  // ---- start ----
  var requests = [C.api('GET', '/api/workflow-activities')];
  if (!state.isNew) requests.push(C.api('GET', '/api/workflow-types/' + encodeURIComponent(state.id)));
  Promise.all(requests).then(function (results) {
    (results[0] || []).forEach(function (a) { state.descriptors[a.name] = a; });
    buildPalette(results[0] || []);
    if (results[1]) load(results[1]);
    else { showVersion(); renderForm(); }
    root.setAttribute('data-ready', 'true');
  }).catch(function (error) {
    C.message('danger', t('加载失败：') + error.message);
  });
})();
