// Swagger UI over the hub's own document; an external file, so the CSP needs no inline script.
(function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: node.dataset.specUrl, dom_id: "#swagger-ui",
                                deepLinking: true });
})();
