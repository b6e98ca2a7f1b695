'use strict';
// The live book page: depth and trades come over one WebSocket (/ws, the same channels any
// client uses), orders go through the same HTTP API as any client's. No framework, no build step.
const $ = (id) => document.getElementById(id);
const LADDER_ROWS = 12;
const TAPE_ROWS = 50;
const state = { symbol: null, bids: new Map(), asks: new Map(), seq: 0, ws: null, lastMatch: 0, drawing: false };

async function api(method, path, body) {
  const headers = {};
  if (body) headers['Content-Type'] = 'application/json';
  const key = $('apikey').value.trim();
  if (key) headers['X-API-Key'] = key;
  const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: await r.json().catch(() => ({})) };
}

const bookPath = () => `/books/${encodeURIComponent(state.symbol)}`;

async function init() {
  const select = $('symbol');
  (await api('GET', '/books')).body.symbols.forEach((s) => select.add(new Option(s, s)));
  const wanted = new URLSearchParams(location.search).get('symbol');
  if (wanted) {
    if (![...select.options].some((o) => o.value === wanted)) select.add(new Option(wanted, wanted));
    select.value = wanted;
  }
  select.onchange = () => { history.replaceState(null, '', '?symbol=' + select.value); open(select.value); };
  $('ticket').onsubmit = place;
  $('type').onchange = () => { $('price').disabled = $('type').value === 'MARKET'; };
  $('account').onchange = refreshOrders;
  $('open-orders').onclick = (e) => { if (e.target.dataset.cancel) cancel(e.target.dataset.cancel); };
  open(select.value);
}

function open(symbol) {
  const old = state.ws;
  state.ws = null;
  old?.close();
  Object.assign(state, { symbol, bids: new Map(), asks: new Map(), seq: 0, lastMatch: 0 });
  $('tape').innerHTML = '';
  draw();
  loadTrades(symbol);
  refreshOrders();
}

function status(up) {
  $('status').textContent = up ? 'live' : 'reconnecting…';
  $('status').className = 'status ' + (up ? 'up' : 'down');
}

/** The last trades from REST, then the socket's trades from exactly the last one shown: no gap, no repeat. */
async function loadTrades(symbol) {
  const last = (await api('GET', bookPath())).body.lastMatchId || 0;
  const from = Math.max(0, last - 30);
  const recent = (await api('GET', `${bookPath()}/trades?afterMatchId=${from}&limit=30`)).body.trades || [];
  if (state.symbol !== symbol) return;
  state.lastMatch = from;
  for (const t of recent) addTrade(t);
  connect(symbol);
}

/**
 * One socket per page. Every (re)connection subscribes afresh: depth starts with a full snapshot
 * (so a reconnect cannot leave a stale level), trades resume after the last one shown.
 */
function connect(symbol) {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  state.ws = ws;
  ws.onopen = () => {
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'depth', symbol }));
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'trades', symbol, afterMatchId: state.lastMatch }));
  };
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'depth' && m.kind === 'snapshot') {
      state.bids = new Map(m.bids.map((l) => [l.priceTicks, l]));
      state.asks = new Map(m.asks.map((l) => [l.priceTicks, l]));
      state.seq = m.sequenceNr;
      status(true);
      schedule();
    } else if (m.type === 'depth') {
      for (const c of m.changes) {
        const side = c.side === 'BUY' ? state.bids : state.asks;
        if (c.quantityLots === 0) side.delete(c.priceTicks); else side.set(c.priceTicks, c);
      }
      state.seq = m.sequenceNr;
      schedule();
    } else if (m.type === 'trade' && m.matchId > state.lastMatch) {
      addTrade(m);
      refreshOrdersSoon();
    }
  };
  ws.onclose = () => {
    if (state.ws !== ws) return; // replaced by a newer connection (symbol changed)
    status(false);
    setTimeout(() => { if (state.ws === ws) connect(symbol); }, 1000);
  };
}

function addTrade(t) {
  state.lastMatch = Math.max(state.lastMatch, t.matchId);
  const row = $('tape').insertRow(0);
  row.className = t.takerSide;
  row.dataset.match = t.matchId;
  row.dataset.price = t.priceTicks;
  row.dataset.qty = t.quantityLots;
  const time = new Date(t.timestampMillis).toLocaleTimeString([], { hour12: false });
  for (const v of [t.matchId, time, t.priceTicks, t.quantityLots]) row.insertCell().textContent = v;
  while ($('tape').rows.length > TAPE_ROWS) $('tape').deleteRow(-1);
}

function schedule() {
  if (!state.drawing) { state.drawing = true; requestAnimationFrame(draw); }
}

function draw() {
  state.drawing = false;
  const asks = [...state.asks.values()].sort((a, b) => a.priceTicks - b.priceTicks).slice(0, LADDER_ROWS);
  const bids = [...state.bids.values()].sort((a, b) => b.priceTicks - a.priceTicks).slice(0, LADDER_ROWS);
  const max = Math.max(1, ...asks.concat(bids).map((l) => l.quantityLots));
  ladder($('asks'), asks.slice().reverse(), max, 'rgba(240,97,109,.18)');
  ladder($('bids'), bids, max, 'rgba(46,189,133,.18)');
  $('spread').textContent = asks.length && bids.length
    ? `spread ${asks[0].priceTicks - bids[0].priceTicks}` : 'no spread';
  $('seq').textContent = `journal seq ${state.seq}`;
  chart(bids, asks);
}

function ladder(body, levels, max, color) {
  body.innerHTML = '';
  for (const l of levels) {
    const row = body.insertRow();
    row.dataset.price = l.priceTicks;
    row.dataset.qty = l.quantityLots;
    for (const v of [l.priceTicks, l.quantityLots, l.orderCount]) row.insertCell().textContent = v;
    const pct = Math.round((100 * l.quantityLots) / max);
    row.cells[1].style.background = `linear-gradient(to left, ${color} ${pct}%, transparent ${pct}%)`;
  }
}

/** Cumulative depth: bids step down to the left of the mid, asks step up to the right. */
function chart(bids, asks) {
  const c = $('chart');
  const g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  if (!bids.length && !asks.length) return;
  const prices = bids.concat(asks).map((l) => l.priceTicks);
  const lo = Math.min(...prices) - 1;
  const hi = Math.max(...prices) + 1;
  const cum = (ls) => { let s = 0; return ls.map((l) => [l.priceTicks, (s += l.quantityLots)]); };
  const b = cum(bids);
  const a = cum(asks);
  const top = Math.max(1, ...b.concat(a).map((p) => p[1])) * 1.1;
  const x = (p) => ((p - lo) / (hi - lo)) * c.width;
  const y = (q) => c.height - (q / top) * c.height;
  const area = (points, color, edge) => {
    if (!points.length) return;
    g.beginPath();
    g.moveTo(x(points[0][0]), c.height);
    let q = 0;
    for (const [p, total] of points) { g.lineTo(x(p), y(q)); g.lineTo(x(p), y(total)); q = total; }
    g.lineTo(edge, y(q));
    g.lineTo(edge, c.height);
    g.closePath();
    g.fillStyle = color;
    g.fill();
  };
  area(b, 'rgba(46,189,133,.45)', 0);
  area(a, 'rgba(240,97,109,.45)', c.width);
}

async function place(e) {
  e.preventDefault();
  const type = $('type').value;
  const order = {
    account: $('account').value.trim(),
    clientOrderId: `ui-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    side: document.querySelector('input[name=side]:checked').value,
    type,
    timeInForce: $('tif').value,
    quantityLots: Number($('qty').value),
  };
  if (type === 'LIMIT') order.priceTicks = Number($('price').value);
  const r = await api('POST', `${bookPath()}/orders`, order);
  show(r, (b) => `order ${b.orderId} ${b.status}, ${b.remainingLots} left, ${b.fills.length} fill(s)`);
  refreshOrders();
}

async function cancel(orderId) {
  const account = encodeURIComponent($('account').value.trim());
  const r = await api('DELETE', `${bookPath()}/orders/${orderId}?account=${account}`);
  show(r, (b) => `order ${b.orderId} ${b.status}`);
  refreshOrders();
}

function show(r, describe) {
  const ok = r.status < 300;
  $('result').className = 'result ' + (ok ? 'ok' : 'error');
  $('result').textContent = ok ? describe(r.body)
    : `${r.status} ${r.body.error || ''}${r.body.field ? ' (' + r.body.field + ')' : ''}: ${r.body.message || ''}`;
}

let ordersTimer = null;
function refreshOrdersSoon() {
  clearTimeout(ordersTimer);
  ordersTimer = setTimeout(refreshOrders, 200);
}

async function refreshOrders() {
  const account = $('account').value.trim();
  const body = $('open-orders');
  if (!account) { body.innerHTML = ''; return; }
  const r = await api('GET', `${bookPath()}/orders?account=${encodeURIComponent(account)}&limit=50`);
  body.innerHTML = '';
  if (r.status !== 200) return;
  for (const o of r.body.bids.concat(r.body.asks)) {
    const row = body.insertRow();
    row.dataset.order = o.orderId;
    for (const v of [o.orderId, o.side, o.priceTicks, o.remainingLots]) row.insertCell().textContent = v;
    const button = document.createElement('button');
    button.className = 'cancel';
    button.textContent = 'Cancel';
    button.dataset.cancel = o.orderId;
    row.insertCell().appendChild(button);
  }
}

init();
