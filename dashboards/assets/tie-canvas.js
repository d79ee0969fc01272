/* The ties of a large map, drawn on one canvas under cytoscape's actors.

   Thousands of ties as cytoscape elements cost seconds to add, style and draw;
   as flat numbers on a canvas they cost milliseconds. The server sends
   {ids, ties: [source index, target index, kind index, ...], kinds, styles, focus}
   (dashboards/figures.py: tie_canvas); the canvas follows cytoscape's pan,
   zoom and dragged actors, redrawing at most once per animation frame.
   Only the warm path stays a cytoscape edge, drawn on top.

   The number of ties drawn is kept on the canvas as data-ties so tests and
   benchmarks can see what a person sees. */
(function () {
  "use strict";
  var ARROW_MIN_ZOOM = 0.6;   // arrowheads only when zoomed in enough to read them
  var SETTLE_MS = 120;        // after a pan stops, draw again what came into view
  var FOCUS_MAX_ZOOM = 1.5;   // a warm path of close neighbours is not blown up to fill the map

  function TieCanvas(cy) {
    this.cy = cy;
    this.data = null;
    this.frame = 0;
    this.settle = 0;
    this.places = null;       // model positions and radii of data.ids, until something moves
    this.drawnAt = null;      // the zoom and pan of the picture on the canvas
    var box = cy.container();
    var holder = box.querySelector("div") || box;  // cytoscape's canvas container
    this.canvas = document.createElement("canvas");
    this.canvas.className = "tie-canvas";
    this.canvas.style.cssText = "position:absolute;left:0;top:0;z-index:0;pointer-events:none";
    holder.insertBefore(this.canvas, holder.firstChild);
    var self = this;
    cy.on("viewport", function () { self.moved(); });
    cy.on("resize", function () { self.schedule(); });
    cy.on("add remove data", function () { self.places = null; self.schedule(); });
    cy.on("position", "node", function () { self.places = null; self.schedule(); });
    cy.on("destroy", function () { self.canvas.remove(); });
  }

  TieCanvas.prototype.set = function (data) {
    this.data = data && data.ties && data.ties.length ? data : null;
    this.places = null;
    // a newly lit warm path is brought into view once its actors are on the map
    var focus = (data && data.focus) || [];
    if (focus.join(" ") !== this.focusKey) this.pendingFocus = focus.length ? focus : null;
    this.focusKey = focus.join(" ");
    this.schedule();
  };

  TieCanvas.prototype.showFocus = function () {
    var cy = this.cy, ids = this.pendingFocus, eles = cy.collection();
    for (var i = 0; i < ids.length; i++) eles = eles.union(cy.getElementById(ids[i]));
    if (eles.length < ids.length) return;   // not all on the map yet: next frame
    this.pendingFocus = null;
    var bb = eles.boundingBox(), box = cy.container(), pad = 120;
    var zoom = Math.min((box.clientWidth - 2 * pad) / Math.max(bb.w, 1),
                        (box.clientHeight - 2 * pad) / Math.max(bb.h, 1), FOCUS_MAX_ZOOM);
    cy.animate({zoom: zoom, pan: {x: box.clientWidth / 2 - zoom * (bb.x1 + bb.w / 2),
                                  y: box.clientHeight / 2 - zoom * (bb.y1 + bb.h / 2)}},
               {duration: 300});
  };

  TieCanvas.prototype.schedule = function () {
    var self = this;
    if (this.frame) return;
    this.frame = requestAnimationFrame(function () { self.frame = 0; self.draw(); });
  };

  /* A pan at the same zoom moves the picture as it is (a CSS shift costs nothing);
     it is drawn again once the pan stops. A zoom is drawn again on the next frame. */
  TieCanvas.prototype.moved = function () {
    var cy = this.cy, at = this.drawnAt, self = this;
    if (!at || cy.zoom() !== at.zoom || !this.places) { this.schedule(); return; }
    var pan = cy.pan();
    this.canvas.style.transform = "translate(" + (pan.x - at.x) + "px," + (pan.y - at.y) + "px)";
    clearTimeout(this.settle);
    this.settle = setTimeout(function () { self.schedule(); }, SETTLE_MS);
  };

  TieCanvas.prototype.locate = function () {
    var data = this.data, cy = this.cy, n = data.ids.length;
    var xs = new Float64Array(n), ys = new Float64Array(n), rs = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var node = cy.getElementById(data.ids[i]);
      if (node.empty()) { xs[i] = NaN; continue; }
      var p = node.position();
      xs[i] = p.x;
      ys[i] = p.y;
      rs[i] = (node.data("size") || 20) / 2;
    }
    return {xs: xs, ys: ys, rs: rs};
  };

  TieCanvas.prototype.draw = function () {
    var cy = this.cy, canvas = this.canvas, box = cy.container();
    var ratio = window.devicePixelRatio || 1;
    var w = box.clientWidth, h = box.clientHeight;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      canvas.style.width = w + "px";
      canvas.style.height = h + "px";
    }
    clearTimeout(this.settle);
    canvas.style.transform = "";
    var ctx = canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (this.pendingFocus) this.showFocus();
    var data = this.data, drawn = 0;
    var zoom = cy.zoom(), pan = cy.pan();
    var pale = data && data.focus && data.focus.length ? 0.35 : 1;  // the warm path stands out
    this.drawnAt = {zoom: zoom, x: pan.x, y: pan.y};
    if (data) {
      if (!this.places) this.places = this.locate();
      var places = this.places, n = data.ids.length;
      var xs = new Float64Array(n), ys = new Float64Array(n), radius = new Float64Array(n);
      for (var i = 0; i < n; i++) {   // rendered (screen) coordinates
        xs[i] = places.xs[i] * zoom + pan.x;
        ys[i] = places.ys[i] * zoom + pan.y;
        radius[i] = places.rs[i] * zoom;
      }
      var ties = data.ties, kinds = data.kinds.length;
      var arrows = zoom >= ARROW_MIN_ZOOM;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      for (var k = 0; k < kinds; k++) {
        var style = data.styles[k];
        ctx.beginPath();
        var heads = [];
        for (var t = 0; t < ties.length; t += 3) {
          if (ties[t + 2] !== k) continue;
          var a = ties[t], b = ties[t + 1];
          var x1 = xs[a], y1 = ys[a], x2 = xs[b], y2 = ys[b];
          if (x1 !== x1 || x2 !== x2) continue;   // an end is not on the map (NaN)
          drawn++;
          if ((x1 < 0 && x2 < 0) || (x1 > w && x2 > w) || (y1 < 0 && y2 < 0) ||
              (y1 > h && y2 > h)) continue;     // off screen
          ctx.moveTo(x1, y1);
          ctx.lineTo(x2, y2);
          if (arrows && style.arrow) heads.push(x1, y1, x2, y2, radius[b]);
        }
        ctx.strokeStyle = style.colour;
        ctx.globalAlpha = (k === data.kinds.indexOf("tension") ? 0.9 : 0.7) * pale;
        ctx.lineWidth = Math.max(0.5, Math.min(style.width, style.width * zoom));
        ctx.setLineDash(style.dash || []);
        ctx.stroke();
        if (heads.length) this.arrowheads(ctx, heads, style.colour, Math.max(4, 8 * zoom));
      }
      ctx.globalAlpha = 1;
    }
    // on the canvas, not on the graph: cytoscape resizes itself (and so redraws) whenever an
    // attribute of its container changes
    if (String(drawn) !== canvas.getAttribute("data-ties")) {
      canvas.setAttribute("data-ties", String(drawn));
    }
  };

  TieCanvas.prototype.arrowheads = function (ctx, heads, colour, size) {
    ctx.setLineDash([]);
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (var i = 0; i < heads.length; i += 5) {
      var x1 = heads[i], y1 = heads[i + 1], x2 = heads[i + 2], y2 = heads[i + 3];
      var dx = x2 - x1, dy = y2 - y1, len = Math.sqrt(dx * dx + dy * dy);
      if (len < heads[i + 4] + size) continue;
      var ux = dx / len, uy = dy / len;
      var tipX = x2 - ux * heads[i + 4], tipY = y2 - uy * heads[i + 4];
      ctx.moveTo(tipX, tipY);
      ctx.lineTo(tipX - ux * size - uy * size / 2, tipY - uy * size + ux * size / 2);
      ctx.lineTo(tipX - ux * size + uy * size / 2, tipY - uy * size - ux * size / 2);
      ctx.closePath();
    }
    ctx.fill();
  };

  /* The ties come as JSON in the data-ties attribute of the hidden #map-ties div, which
     Dash renders in the same commit as the graph (and updates on every redraw). A
     mutation observer picks them up at once, so the first picture of the ties is drawn
     in the same frame as cytoscape's first picture of the actors. */
  function sync() {
    var holder = document.getElementById("map-ties");
    var graph = document.getElementById("map-graph");
    var cy = graph && graph._cyreg && graph._cyreg.cy;
    if (!holder || !cy) return;
    var text = holder.getAttribute("data-ties") || "";
    if (cy.scratch("_tieText") === text) return;   // this graph already has these ties
    cy.scratch("_tieText", text);
    var data = text ? JSON.parse(text) : null;
    // while a large map moves, cytoscape shows a cached picture of the actors and leaves
    // labels out (renderer options dash-cytoscape does not expose)
    var r = cy.renderer(), large = !!(data && data.ties);
    r.textureOnViewport = r.hideEdgesOnViewport = r.hideLabelsOnViewport = large;
    var layer = cy.scratch("_tieCanvas");
    if (!layer) {
      if (!data) return;  // a small map: cytoscape draws its ties itself
      layer = new TieCanvas(cy);
      cy.scratch("_tieCanvas", layer);
    }
    layer.set(data);
  }

  new MutationObserver(sync).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-ties"]
  });
})();
