/* Large maps (over 300 actors) pan and zoom smoothly: while the view moves, cytoscape
   shows a cached picture and leaves edges and labels out; they come back when the
   movement stops. These renderer options are not exposed by dash-cytoscape, so they
   are set here on the live graph (checked twice a second, as the map can change). */
(function () {
  function tune() {
    var el = document.getElementById("map-graph");
    var cy = el && el._cyreg && el._cyreg.cy;
    if (!cy) return;
    var large = cy.nodes().length > 300;
    var r = cy.renderer();
    r.textureOnViewport = large;
    r.hideEdgesOnViewport = large;
    r.hideLabelsOnViewport = large;
  }
  setInterval(tune, 500);
})();
