/* The citation neighbourhood of a document, drawn as SVG without any library: layers left to
   right (a document left of what it cites), positions within a layer relaxed so that linked
   documents sit near each other; hover shows a document's links, a click opens its page,
   nodes can be dragged. */
function vbGraph(el, data) {
  var NS = "http://www.w3.org/2000/svg", W = 210, H = 50, GX = 90, GY = 16, PAD = 20;
  var byId = {}, layers = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; (layers[n.layer] = layers[n.layer] || []).push(n); });
  var keys = Object.keys(layers).map(Number).sort(function (a, b) { return a - b; });
  var rows = Math.max.apply(null, keys.map(function (k) { return layers[k].length; }));
  keys.forEach(function (k, i) {
    layers[k].sort(function (a, b) { return (a.year || 0) - (b.year || 0) || String(a.number).localeCompare(String(b.number)); });
    layers[k].forEach(function (n, j) { n.x = PAD + i * (W + GX); n.y = PAD + (j + (rows - layers[k].length) / 2) * (H + GY); });
  });
  var nbrs = {};
  data.edges.forEach(function (e) {
    (nbrs[e.source] = nbrs[e.source] || []).push(e.target); (nbrs[e.target] = nbrs[e.target] || []).push(e.source);
  });
  // relax: each node moves toward the mean height of its neighbours, then a layer is re-spread in that order
  for (var it = 0; it < 30; it++) {
    keys.forEach(function (k) {
      var col = layers[k];
      col.forEach(function (n) {
        var ns = (nbrs[n.id] || []).filter(function (m) { return byId[m] && byId[m].layer !== n.layer; });
        n.want = ns.length ? ns.reduce(function (s, m) { return s + byId[m].y; }, 0) / ns.length : n.y;
      });
      col.sort(function (a, b) { return a.want - b.want; });
      var mid = col.reduce(function (s, n) { return s + n.want; }, 0) / col.length;
      col.forEach(function (n, j) { n.y = mid + (j - (col.length - 1) / 2) * (H + GY); });
    });
  }
  var top = Math.min.apply(null, data.nodes.map(function (n) { return n.y; }));
  data.nodes.forEach(function (n) { n.y += PAD - top; });
  var width = PAD * 2 + keys.length * W + (keys.length - 1) * GX;
  var height = PAD * 2 + Math.max.apply(null, data.nodes.map(function (n) { return n.y; })) + H;
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  svg.setAttribute("viewBox", "0 0 " + width + " " + height); svg.setAttribute("class", "vb-graph-svg");
  svg.innerHTML = '<defs><marker id="vb-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>';
  var edgeEls = data.edges.map(function (e) {
    var p = document.createElementNS(NS, "path");
    p.setAttribute("class", "vb-edge"); p.setAttribute("marker-end", "url(#vb-arrow)");
    svg.appendChild(p); return {e: e, el: p};
  });
  function route() {
    edgeEls.forEach(function (x) {
      var a = byId[x.e.source], b = byId[x.e.target];
      if (!a || !b) return;
      var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      if (b.x <= a.x) { x1 = a.x + W / 2; y1 = a.y + H; x2 = b.x + W / 2; y2 = b.y + H; }
      var bend = Math.max(30, Math.abs(x2 - x1) / 2);
      x.el.setAttribute("d", "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 + "," + y2);
    });
  }
  function text(g, x, y, s, cls) {
    var t = document.createElementNS(NS, "text");
    t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("class", cls); t.textContent = s; g.appendChild(t);
  }
  function short(s, n) { s = s || ""; return s.length > n ? "…" + s.slice(s.length - n + 1) : s; }
  data.nodes.forEach(function (n) {
    var g = document.createElementNS(NS, "g");
    g.setAttribute("class", "vb-node" + (n.in_archive ? " vb-in" : " vb-out") + (n.center ? " vb-center" : ""));
    g.setAttribute("data-id", n.id);
    var r = document.createElementNS(NS, "rect");
    r.setAttribute("width", W); r.setAttribute("height", H); r.setAttribute("rx", 6); g.appendChild(r);
    var tip = document.createElementNS(NS, "title");
    tip.textContent = [n.number, n.doc_type, n.year, n.issuer, n.in_archive ? "trong kho" : "chưa có trong kho"].filter(Boolean).join(" · ");
    g.appendChild(tip);
    text(g, 8, 16, n.number, "vb-node-number");
    text(g, 8, 30, [n.year, n.doc_type].filter(Boolean).join(" · "), "vb-node-sub");
    text(g, 8, 43, short(n.issuer || (n.in_archive ? "" : "chưa có trong kho"), 34), "vb-node-sub");
    g.addEventListener("mouseenter", function () { focus(n.id, true); });
    g.addEventListener("mouseleave", function () { focus(n.id, false); });
    var drag = null;
    g.addEventListener("mousedown", function (ev) { drag = {y: ev.clientY, ny: n.y, moved: false}; ev.preventDefault(); });
    window.addEventListener("mousemove", function (ev) {
      if (!drag) return; drag.moved = Math.abs(ev.clientY - drag.y) > 3 || drag.moved;
      n.y = drag.ny + ev.clientY - drag.y; place(n); route();
    });
    window.addEventListener("mouseup", function () {
      if (drag && !drag.moved) { window.location.href = n.document_id ? "/-/van-ban/" + encodeURIComponent(n.document_id) : "/-/nut/" + n.id; }
      drag = null;
    });
    n.el = g; place(n); svg.appendChild(g);
  });
  function place(n) { n.el.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); }
  function focus(id, on) {
    var near = {}; near[id] = 1; (nbrs[id] || []).forEach(function (m) { near[m] = 1; });
    data.nodes.forEach(function (n) { n.el.classList.toggle("vb-dim", on && !near[n.id]); });
    edgeEls.forEach(function (x) { x.el.classList.toggle("vb-hot", on && (x.e.source === id || x.e.target === id)); });
  }
  route();
  el.appendChild(svg);
  el.setAttribute("data-rendered", data.nodes.length);
}
