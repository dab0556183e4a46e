// Shared helpers of the workflow screens: localized texts, API calls with the antiforgery token, dates in China
// Standard Time, and the activity node shape drawn with X6 (designer and viewer).
(function () {
  'use strict';
  var holder = document.getElementById('wf-texts');
  var texts = holder ? JSON.parse(holder.getAttribute('data-texts') || '{}') : {};
  var csrf = holder ? holder.getAttribute('data-csrf') : '';

  function t(key) {
    var s = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    for (var i = 1; i < arguments.length; i++) {
      s = s.split('{' + (i - 1) + '}').join(String(arguments[i]));
    }
    return s;
  }

  // fetch JSON; rejects with {status, body, message} on a non-2xx answer.
  function api(method, url, body) {
    var headers = { 'Accept': 'application/json' };
    if (method !== 'GET') {
      headers['X-CSRF-TOKEN'] = csrf;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(url, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body))
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var message = data && (data.detail || data.title) || (response.status + ' ' + response.statusText);
          var error = new Error(message);
          error.status = response.status;
          error.body = data;
          throw error;
        }
        return data;
      });
    });
  }

  var timeFormat = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
  });

  // yyyy-MM-dd HH:mm in China Standard Time.
  function time(value) {
    if (!value) return '';
    var d = new Date(value);
    if (isNaN(d.getTime())) return String(value);
    var p = {};
    timeFormat.formatToParts(d).forEach(function (part) { p[part.type] = part.value; });
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute;
  }

  var statusTexts = { running: '运行中', waiting: '等待中', finished: '已完成', faulted: '出错', cancelled: '已取消' };
  var statusClasses = { running: 'text-bg-primary', waiting: 'text-bg-info', finished: 'text-bg-success', faulted: 'text-bg-danger', cancelled: 'text-bg-secondary' };

  function statusKey(status) { return String(status || '').toLowerCase(); }
  function statusText(status) { var k = statusKey(status); return statusTexts[k] ? t(statusTexts[k]) : String(status || ''); }
  function statusClass(status) { return statusClasses[statusKey(status)] || 'text-bg-secondary'; }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function message(kind, text) {
    var box = document.getElementById('wf-message');
    if (!box) return;
    box.innerHTML = '';
    if (text) box.appendChild(el('div', { className: 'alert alert-' + kind + ' py-2 mb-2', text: text }));
  }

  function splitList(text) {
    return String(text || '').split(/[,，;；]/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function propString(properties, name) {
    var v = properties ? properties[name] : undefined;
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : String(v);
  }

  // The outcomes of a placed activity: static outcomes plus the names in its "outcomes" properties (IActivity.GetOutcomes).
  function outcomesOf(descriptor, properties) {
    var list = [];
    if (!descriptor) return list;
    (descriptor.outcomes || []).forEach(function (o) { list.push({ name: o.name, displayName: o.displayName || o.name }); });
    (descriptor.properties || []).forEach(function (p) {
      if (p.kind !== 'outcomes') return;
      var raw = properties && properties[p.name] !== undefined && properties[p.name] !== null ? propString(properties, p.name) : (p['default'] || '');
      splitList(raw).forEach(function (name) {
        if (!list.some(function (o) { return o.name === name; })) list.push({ name: name, displayName: name });
      });
    });
    return list;
  }

  // ---- X6 node shape ----
  var NODE_HEIGHT = 64;
  var registered = false;

  function register() {
    if (registered || !window.X6) return;
    registered = true;
    window.X6.Graph.registerNode('wf-activity', {
      inherit: 'rect',
      width: 180,
      height: NODE_HEIGHT,
      markup: [
        { tagName: 'rect', selector: 'body' },
        { tagName: 'text', selector: 'kind' },
        { tagName: 'text', selector: 'label' },
        { tagName: 'text', selector: 'title' }
      ],
      attrs: {
        body: { refWidth: '100%', refHeight: '100%', rx: 6, ry: 6, fill: '#ffffff', stroke: '#6c757d', strokeWidth: 1.5 },
        kind: { refX: 8, refY: 12, fontSize: 10, fill: '#6c757d', textAnchor: 'start', textVerticalAnchor: 'middle' },
        label: { refX: 0.5, refY: 30, fontSize: 16, fontWeight: 'bold', fill: '#212529', textAnchor: 'middle', textVerticalAnchor: 'middle' },
        title: { refX: 0.5, refY: 48, fontSize: 12, fill: '#495057', textAnchor: 'middle', textVerticalAnchor: 'middle' }
      },
      ports: {
        groups: {
          'in': {
            position: 'top',
            attrs: { circle: { r: 6, magnet: 'passive', stroke: '#0d6efd', strokeWidth: 1.5, fill: '#fff' } }
          },
          out: {
            position: 'bottom',
            label: { position: { name: 'bottom', args: { y: 8 } } },
            attrs: {
              circle: { r: 6, magnet: true, stroke: '#198754', strokeWidth: 1.5, fill: '#fff', cursor: 'crosshair' },
              text: { fontSize: 12, fill: '#146c43', pointerEvents: 'none' }
            }
          }
        }
      }
    }, true);
  }

  function shorten(text, max) {
    text = String(text || '');
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  }

  // A short second line of a node: its title, else the first text-like property.
  function titleLine(descriptor, properties) {
    var title = propString(properties, 'Title');
    if (title) return title;
    var first = (descriptor && descriptor.properties || []).filter(function (p) {
      return ['text', 'contentType', 'role', 'user', 'select'].indexOf(p.kind) >= 0 && propString(properties, p.name);
    })[0];
    return first ? propString(properties, first.name) : '';
  }

  // Wide enough for the outcome ports and the two text lines (a CJK character is about as wide as the font size).
  function widthFor(outcomes, label, title) {
    return Math.max(140, outcomes.length * 64, String(label || '').length * 16 + 24, String(title || '').length * 12 + 16);
  }

  function portItems(outcomes) {
    var items = [{ id: 'in', group: 'in' }];
    outcomes.forEach(function (o) {
      items.push({ id: 'out:' + o.name, group: 'out', attrs: { text: { text: shorten(o.displayName, 8) } }, data: { outcome: o.name } });
    });
    return items;
  }

  // Node metadata for an activity definition {id, type, properties, x, y, isStart}.
  function nodeConfig(descriptor, activity) {
    var outcomes = outcomesOf(descriptor, activity.properties);
    var label = shorten(descriptor ? descriptor.displayName : activity.type, 14);
    var title = shorten(titleLine(descriptor, activity.properties), 16);
    return {
      id: activity.id,
      shape: 'wf-activity',
      x: activity.x || 0,
      y: activity.y || 0,
      width: widthFor(outcomes, label, title),
      height: NODE_HEIGHT,
      attrs: {
        kind: { text: (activity.isStart ? '▶ ' + t('开始') + ' · ' : '') + (descriptor ? descriptor.category || '' : '') },
        label: { text: label },
        title: { text: title },
        body: { 'data-activity-type': activity.type, 'data-activity-id': activity.id }
      },
      ports: { items: portItems(outcomes) },
      data: { type: activity.type, properties: activity.properties || {}, isStart: !!activity.isStart }
    };
  }

  function edgeConfig(transition) {
    return {
      source: { cell: transition.sourceId, port: 'out:' + transition.outcome },
      target: { cell: transition.destinationId, port: 'in' },
      data: { outcome: transition.outcome },
      attrs: { line: { stroke: '#6c757d', strokeWidth: 1.5, targetMarker: { name: 'block', width: 8, height: 6 } } },
      router: { name: 'manhattan', args: { padding: 12 } },
      connector: { name: 'rounded' },
      zIndex: 0
    };
  }

  window.WfCommon = {
    t: t, api: api, time: time, statusText: statusText, statusClass: statusClass, statusKey: statusKey, el: el,
    message: message, splitList: splitList, propString: propString, outcomesOf: outcomesOf, register: register,
    nodeConfig: nodeConfig, edgeConfig: edgeConfig, portItems: portItems, widthFor: widthFor, titleLine: titleLine,
    shorten: shorten
  };
})();
