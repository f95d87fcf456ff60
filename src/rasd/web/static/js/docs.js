// Starts the bundled Swagger UI on the app's OpenAPI document.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
